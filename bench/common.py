"""Shared helpers of the benchmark scripts: results, the machine, subprocess plumbing.

Every figure script (`bench/<name>.py`) measures once per process and prints one JSON
object on its last stdout line: ``{"metric": value, ...}``, or
``{"not_available": "<why>"}`` when a piece it needs has not landed or cannot run here.
`bench/run.py` runs each script several times and reports median, min and max.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))  # `python bench/x.py` from a checkout without an install
if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a headless machine
os.environ.setdefault("QT_API", "pyside6")  # qasync picks its Qt binding by this


class NotAvailable(Exception):
    """A figure cannot be measured here (a piece has not landed, a tool is missing)."""


def emit(values: dict[str, Any]) -> None:
    print(json.dumps(values), flush=True)


def run_figure(measure: Any, *args: Any) -> int:
    """Call `measure(*args)` and print its result (or why it is not available)."""
    try:
        values = measure(*args)
    except NotAvailable as exc:
        emit({"not_available": str(exc)})
        return 0
    emit(values)
    return 0


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (VmHWM, else getrusage)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child_env(home: Path | None = None) -> dict[str, str]:
    """The environment of a measured child: offscreen Qt, the repo importable, a temp HOME."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), str(BENCH), env.get("PYTHONPATH", "")) if p
    )
    env.pop("BROWSER", None)
    if home is not None:
        env["HOME"] = str(home)
        for name, sub in (
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_CACHE_HOME", ".cache"),
            ("XDG_STATE_HOME", ".local/state"),
        ):
            (home / sub).mkdir(parents=True, exist_ok=True)
            env[name] = str(home / sub)
        env.pop("XDG_RUNTIME_DIR", None)
    return env


def timed_child(
    command: list[str], env: dict[str, str], timeout: float, what: str
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a child to its end: the finished process and the seconds from spawn to exit.
    One that outlasts `timeout` makes the figure `NotAvailable`, naming `what`."""
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise NotAvailable(f"{what} did not finish in {timeout:g} s") from exc
    return proc, time.perf_counter() - started


def last_words(proc: subprocess.CompletedProcess[str]) -> str:
    """The last line a failed child wrote (stderr, else stdout), to say why it failed."""
    lines = proc.stderr.strip().splitlines() or [proc.stdout.strip() or "no output"]
    return lines[-1][:300]


def run_script(name: str, args: list[str], timeout: float = 900) -> dict[str, Any]:
    """Run `bench/<name>.py` once in a fresh interpreter; its last JSON line."""
    proc = subprocess.run(
        [sys.executable, str(BENCH / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(),
        check=False,
    )
    for line in reversed(proc.stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                return dict(json.loads(line))
            except json.JSONDecodeError:
                break
    return {"not_available": f"{name}.py exited {proc.returncode}: {last_words(proc)}"}


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python and Qt versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    try:
        import PySide6
        from PySide6 import QtCore

        qt = f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}"
    except ImportError:
        qt = "PySide6 not installed"
    try:
        load = f"{os.getloadavg()[0]:.1f}"  # other work on the machine skews every figure
    except OSError:
        load = "?"
    return {
        "load": load,
        "cpu": cpu,
        "cores": str(os.cpu_count() or "?"),
        "ram": ram or "?",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "qt": qt,
    }
