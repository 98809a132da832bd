"""The longest stall of the GUI thread during a full run of the window on a slow backend.

The real `MainWindow`, built and started the way `amogui` does it (`amogui.ui.app`), on
the saved sandbox profile with the `slow` fault (every backend answer after `--delay`
seconds). Once the sandbox is up, a 10 ms QTimer ticks on the GUI thread
while the window runs **all checks** ("Run all checks"; the browser is the loopback
autobrowser, whose deep link reaches the window through its IPC server, as
`amogui open-url` sends it), then loads the Leads tab. The figure is the longest gap
between two ticks; 10 ms means no stall at all.

Where the worst gaps happen: each gap is tagged with the phase and the last check
event, and a watchdog thread samples the GUI thread's Python stack while a tick is
late (a poor man's py-spy), so the report names the code that held the thread.
`--cprofile FILE` also writes a cProfile of the GUI thread for the watched span.

    python bench/stall.py --delay 2 --leads 300
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

from common import ROOT, child_env, run_figure

TICK_MS = 10
LATE_MS = 25  # the watchdog samples the GUI thread once a tick is this late
SAMPLE_S = 0.004


class TickWatch:
    """Records the gaps between ticks of a 10 ms timer, tagged with what was going on."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self.worst: list[tuple[float, str, str]] = []  # gap ms, phase, stack
        self.phase = "idle"
        self.last_tick = time.perf_counter()
        self.samples: Counter[str] = Counter()  # stacks seen during the current gap
        self.lock = threading.Lock()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.last_tick = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self.last_tick) * 1000
        with self.lock:
            self.last_tick = now
            samples, self.samples = self.samples, Counter()
        self.gaps.append(gap)
        if gap > LATE_MS:
            stack = samples.most_common(1)[0][0] if samples else "(not sampled: in Qt/C code)"
            self.worst.append((gap, self.phase, stack))


def event_spy() -> Any:
    """An application event filter remembering the last event Qt started to deliver, so a
    gap spent in Qt's C++ (a paint, a layout) is blamed on an event and a widget class."""
    from PySide6.QtCore import QEvent, QObject

    class EventSpy(QObject):
        last = ""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if kind not in (QEvent.Type.Timer, QEvent.Type.ZeroTimerEvent):
                self.last = f"{kind.name} -> {type(watched).__name__}"
            return False

    return EventSpy()


class Watchdog(threading.Thread):
    """Samples the GUI thread's stack while its tick is late."""

    def __init__(self, watch: TickWatch, gui_ident: int, spy: Any) -> None:
        super().__init__(name="bench-watchdog", daemon=True)
        self.watch = watch
        self.spy = spy
        self.gui_ident = gui_ident
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            with self.watch.lock:
                late = (time.perf_counter() - self.watch.last_tick) * 1000 > LATE_MS
            if not late:
                continue
            frame = sys._current_frames().get(self.gui_ident)
            if frame is not None:
                stack = describe(frame)
                if stack.startswith("qasync/"):  # in Qt's own code, not in a Python slot
                    stack = f"Qt event {self.spy.last} <- {stack.split(' <- ')[0]}"
                with self.watch.lock:
                    self.watch.samples[stack] += 1


def describe(frame: FrameType | None, depth: int = 4) -> str:
    """The innermost frames of a stack, ours marked, as `file:function:line <- ...`."""
    parts: list[str] = []
    ours = 0
    while frame is not None and ours < depth:
        code = frame.f_code
        path = code.co_filename
        if "amogui" in path or "bench" in path or not parts:
            short = path.split("site-packages/")[-1].removeprefix(f"{ROOT}/")
            parts.append(f"{short}:{code.co_name}:{frame.f_lineno}")
            ours += 1
        frame = frame.f_back
    return " <- ".join(parts)


def isolate() -> tempfile.TemporaryDirectory[str]:
    """A temp HOME (settings, runs, keyring) and a private IPC name for this process and
    the autobrowser and `amogui open-url` it starts."""
    home = tempfile.TemporaryDirectory(prefix="amogui-bench-")
    os.environ.update(child_env(Path(home.name)))
    os.environ.pop("XDG_RUNTIME_DIR", None)
    os.environ["AMOGUI_IPC_SUFFIX"] = f"bench{os.getpid()}"
    return home


def configure_sandbox(leads: int, delay: float) -> None:
    """The sandbox profile with the `slow` fault, as a tester would set it in Settings."""
    from amogui.settings.profiles import SANDBOX_PROFILE
    from amogui.settings.store import ProfileStore

    store = ProfileStore()
    profile = store.get(SANDBOX_PROFILE)
    profile.sandbox_faults = ["slow"]
    profile.sandbox_leads = leads
    profile.sandbox_delay = delay
    store.update(profile)


def measure(leads: int, delay: float, timeout: float, cprofile: str | None) -> dict[str, Any]:
    home = isolate()
    try:
        return _measure(leads, delay, timeout, cprofile)
    finally:
        home.cleanup()


def _measure(leads: int, delay: float, timeout: float, cprofile: str | None) -> dict[str, Any]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from amogui.run.store import RunStore
    from amogui.service.browser import choose_browser
    from amogui.service.service import Service
    from amogui.settings.store import SettingsStore
    from amogui.ui import i18n
    from amogui.ui.app import finish_start
    from amogui.ui.appearance import follow_system
    from amogui.ui.main_window import MainWindow

    configure_sandbox(leads, delay)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    settings = SettingsStore()
    translations = i18n.install(app, settings.settings.language)
    follow_system(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    store = RunStore()
    # The autobrowser stands in for the tester's browser; it and the `amogui open-url` it
    # starts are two fresh interpreters (~0.5 s of CPU) that a 2-core runner would take
    # from the window. Niced, as a browser's start-up is not the window's work.
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    browser = shlex.join([*nice, sys.executable, "-m", "amogui.oauth.autobrowser"])
    service = Service(store, browser=choose_browser(browser, desktop=True))
    window = MainWindow(service)
    window.install_language_menu(translations, settings)
    window.show()
    watch = TickWatch()
    spy = event_spy()
    app.installEventFilter(spy)
    watch_thread = Watchdog(watch, threading.get_ident(), spy)
    profiler = None
    if cprofile:
        import cProfile

        profiler = cProfile.Profile()
    # The saved sandbox profile, as `amogui` opens it (a fresh `--sandbox` would start
    # without the profile's faults).
    args = argparse.Namespace(profile=None, sandbox=False, window_faults=None)
    timing: dict[str, float] = {}

    async def scenario() -> dict[str, Any]:
        await finish_start(app, window, args)
        await asyncio.sleep(0.3)  # the window settles before the watch starts
        window.checks.progress.connect(
            lambda kind, detail: setattr(watch, "phase", f"run: {kind} {str(detail)[:50]}")
        )
        watch.start()
        watch_thread.start()
        if profiler is not None:
            profiler.enable()
        started = time.perf_counter()
        watch.phase = "run"
        window.action("checks.run-all").trigger()  # "Run all checks"
        task = window.checks.task
        if task is None:
            raise RuntimeError("Run all checks did not start")
        results: dict[str, Any] = await asyncio.wait_for(task, timeout)
        timing["run_s"] = time.perf_counter() - started
        watch.phase = "leads"
        started = time.perf_counter()
        await load_leads(window, timeout)
        timing["leads_s"] = time.perf_counter() - started
        await asyncio.sleep(0.2)  # a few ticks after the table is shown
        if profiler is not None:
            profiler.disable()
        watch.stop()
        watch_thread.done.set()
        return results

    with loop:
        results = loop.run_until_complete(scenario())
        window.shutdown()
        if window.ipc_server is not None:
            window.ipc_server.shutdown()
        loop.run_until_complete(asyncio.sleep(0.1))
    watch_thread.join(1)
    if profiler is not None and cprofile:
        profiler.dump_stats(cprofile)
    return summarise(watch, results, window, leads, timing)


async def load_leads(window: Any, limit: float) -> None:
    """The Leads tab, then its Load button, until the table shows."""
    panel = window.leads_panel
    done = asyncio.get_running_loop().create_future()

    def finished() -> None:
        if not done.done():
            done.set_result(None)

    panel.loaded.connect(finished)
    window.tabs.setCurrentWidget(panel)
    await asyncio.sleep(0.05)
    if not panel.reload_button.isEnabled():
        raise RuntimeError("the Leads tab has no source (no token for user A?)")
    panel.reload_button.click()
    await asyncio.wait_for(done, limit)


def summarise(
    watch: TickWatch, results: dict[str, Any], window: Any, leads: int, timing: dict[str, float]
) -> dict[str, Any]:
    from amogui.run.state import Status

    passed = sum(1 for r in results.values() if r.status is Status.PASSED)
    if window.leads_panel.model.total() != leads:
        problems = window.leads_panel.problems
        raise RuntimeError(f"loaded {window.leads_panel.model.total()} of {leads}: {problems}")
    gaps = sorted(watch.gaps)
    worst = sorted(watch.worst, reverse=True)[:5]
    return {
        "stall_max_ms": round(gaps[-1], 1),
        "stall_p99_ms": round(gaps[max(0, int(len(gaps) * 0.99) - 1)], 1),
        "stall_median_ms": round(statistics.median(gaps), 1),
        "stall_over_50ms": sum(1 for g in gaps if g > 50),
        "stall_ticks": len(gaps),
        "stall_run_s": round(timing.get("run_s", 0.0), 1),
        "stall_leads_s": round(timing.get("leads_s", 0.0), 2),
        "stall_checks": len(results),
        "stall_checks_passed": passed,
        "stall_exchanges": len(window.run.exchanges),
        "stall_worst": [
            {"ms": round(ms, 1), "phase": phase, "where": stack} for ms, phase, stack in worst
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=300, help="leads in the sandbox")
    parser.add_argument("--delay", type=float, default=2.0, help="the slow fault's delay (s)")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--cprofile", help="write a cProfile of the GUI thread to this file")
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    return run_figure(measure, args.leads, args.delay, args.timeout, args.cprofile)


if __name__ == "__main__":
    sys.exit(main())
