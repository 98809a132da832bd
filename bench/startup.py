"""Start-up: process start -> main window shown and idle, amogui vs a bare PySide6 window.

Runs the two side by side (alternating, each in a fresh interpreter with a temp HOME, so
amogui starts as on a first launch) and prints the medians and their ratio
(target: amogui <= 1.5x the bare window). Also, for information, how long amogui takes
until it is ready to test (checklist shown, profiles read, the sandbox started).

    python bench/startup.py --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import BENCH, ROOT, NotAvailable, child_env, last_words, run_figure, timed_child


def once(target: str, timeout: float) -> float:
    """Seconds from spawning the interpreter to its first window shown and idle (or, for
    "amogui-ready", to amogui ready to test)."""
    with tempfile.TemporaryDirectory(prefix="amogui-bench-") as home:
        command = [sys.executable, str(BENCH / "startup_probe.py"), target]
        proc, elapsed = timed_child(command, child_env(Path(home)), timeout, target)
    if "SHOWN_IDLE" not in proc.stdout and "READY" not in proc.stdout:
        why = f"exit {proc.returncode}): {last_words(proc)}"
        raise NotAvailable(f"{target} showed no window ({why}")
    return elapsed


def byte_compile() -> None:
    """Compile amogui's modules as an installed copy has them (pip and PyInstaller do):
    where PYTHONDONTWRITEBYTECODE is set, a checkout would otherwise compile its sources
    on every start (about 0.1 s) while PySide6 comes byte-compiled from its wheel."""
    import compileall

    compileall.compile_dir(str(ROOT / "amogui"), quiet=1)


def measure(runs: int, timeout: float) -> dict[str, Any]:
    byte_compile()
    bare: list[float] = []
    app: list[float] = []
    ready: list[float] = []
    once("bare", timeout)  # warm the file cache once; not counted
    once("amogui-ready", timeout)
    for _ in range(runs):
        bare.append(once("bare", timeout))
        app.append(once("amogui", timeout))
        ready.append(once("amogui-ready", timeout))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    return {
        "startup_bare_s": round(bare_s, 3),
        "startup_amogui_s": round(app_s, 3),
        "startup_ratio": round(app_s / bare_s, 2),
        "ready_amogui_s": round(statistics.median(ready), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="pairs of runs (median taken)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    return run_figure(measure, args.runs, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
