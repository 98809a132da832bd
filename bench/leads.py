"""Leads at scale: load time, stage-filter switch time and peak RSS for N leads.

One process per size: a shown LeadsPanel on a qasync loop loads every page from the
benchmark backend (another process, no delay), then switches the stage filter through
every stage and back, repainting after each switch. The pages after the first are read
concurrently (up to --concurrency in flight), or with --sequential one after another, the
baseline `bench/leads_compare.py` sets beside it.

    python bench/leads.py --leads 50000
    python bench/leads.py --leads 50000 --sequential
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import Any

from backend import BENCH_TOKEN, backend, profile
from common import peak_rss_mb, run_figure


def measure(leads: int, concurrency: int, sequential: bool = False) -> dict[str, Any]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from amogui.backend.client import BackendClient
    from amogui.ui.leads import LeadsPanel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with backend(leads) as url:
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        panel = LeadsPanel()
        panel.sequential_pages = sequential
        panel.resize(1200, 800)
        panel.show()

        async def load() -> float:
            async with BackendClient(profile(url, concurrency)) as client:
                started = time.perf_counter()
                await panel.load(client, BENCH_TOKEN)
                return time.perf_counter() - started

        with loop:
            load_s = loop.run_until_complete(load())
        switches = _switch_times(app, panel)
    if panel.model.total() != leads:
        raise RuntimeError(f"loaded {panel.model.total()} of {leads} leads: {panel.problems}")
    return {
        f"leads_load_{leads}_s": round(load_s, 3),
        f"leads_filter_{leads}_ms": round(max(switches), 2),
        f"leads_filter_{leads}_median_ms": round(statistics.median(switches), 2),
        f"rss_peak_{leads}_mb": round(peak_rss_mb(), 1),
    }


def _switch_times(app: Any, panel: Any) -> list[float]:
    """Milliseconds per stage switch, including the repaint of the table."""
    stage_ids = [panel.stage_box.itemData(i) for i in range(panel.stage_box.count())]
    times = []
    for stage_id in [*stage_ids[1:], None, *stage_ids[1:]]:
        started = time.perf_counter()
        if stage_id is None:
            panel.stage_box.setCurrentIndex(0)
        else:
            panel.select_stage(stage_id)
        app.processEvents()  # the model reset and one paint of the table
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--sequential", action="store_true", help="one page after another (the baseline)"
    )
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    return run_figure(measure, args.leads, args.concurrency, args.sequential)


if __name__ == "__main__":
    sys.exit(main())
