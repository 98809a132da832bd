"""The longest stall of the GUI thread while the Leads tab loads from a slow backend.

A 10 ms QTimer ticks on the GUI thread; the figure is the longest gap between two ticks
while a shown LeadsPanel loads every page of leads from a backend (another process)
that answers every request after `--delay` seconds, like the sandbox's `slow` fault.
A gap of 10 ms means no stall at all.

    python bench/stall.py --leads 5000 --delay 2
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import Any

from backend import BENCH_TOKEN, backend, profile
from common import run_figure

TICK_MS = 10


class TickWatch:
    """Records the gaps between ticks of a 10 ms timer."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now


def measure(leads: int, delay: float, concurrency: int) -> dict[str, Any]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from amogui.backend.client import BackendClient
    from amogui.ui.leads import LeadsPanel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with backend(leads, delay) as url:
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        panel = LeadsPanel()
        panel.resize(1200, 800)
        panel.show()
        watch = TickWatch()

        async def load() -> float:
            async with BackendClient(profile(url, concurrency)) as client:  # type: ignore[arg-type]
                await asyncio.sleep(0.2)  # the window settles before the watch starts
                watch.start()
                started = time.perf_counter()
                await panel.load(client, BENCH_TOKEN)
                elapsed = time.perf_counter() - started
                await asyncio.sleep(0.1)  # a few ticks after the table is shown
                watch.stop()
                return elapsed

        with loop:
            elapsed = loop.run_until_complete(load())
    if panel.model.total() != leads:
        raise RuntimeError(f"loaded {panel.model.total()} of {leads} leads: {panel.problems}")
    gaps = sorted(watch.gaps)
    return {
        "stall_max_ms": round(gaps[-1], 1),
        "stall_p99_ms": round(gaps[int(len(gaps) * 0.99) - 1], 1),
        "stall_median_ms": round(statistics.median(gaps), 1),
        "stall_over_50ms": sum(1 for g in gaps if g > 50),
        "stall_ticks": len(gaps),
        "stall_load_s": round(elapsed, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--delay", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    return run_figure(measure, args.leads, args.delay, args.concurrency)


if __name__ == "__main__":
    sys.exit(main())
