"""Round trips on the critical path of a full headless run.

`amogui run --sandbox --fault slow --delay D` with the loopback autobrowser driving the
OAuth leg: every backend answer comes D seconds late, so the wall time divided by D is
how many answers the run waited for one after another (a run with every request in a
row would score its request count; start-up and the browser add a little). The run's own
request count is reported beside it.

    python bench/critical_path.py --delay 1
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import NotAvailable, child_env, last_words, run_figure, timed_child


def measure(delay: float, timeout: float) -> dict[str, Any]:
    browser = shlex.join([sys.executable, "-m", "amogui.oauth.autobrowser"])
    command = [
        sys.executable,
        "-m",
        "amogui",
        "run",
        "--sandbox",
        "--fault",
        "slow",
        "--delay",
        str(delay),
        "--browser",
        browser,
        "--deeplink-timeout",
        str(max(60.0, 30 * delay)),
        "--json",
    ]
    with tempfile.TemporaryDirectory(prefix="amogui-bench-") as home:
        env = child_env(Path(home))
        env["AMOGUI_IPC_SUFFIX"] = f"bench{os.getpid()}"  # not another amogui's channel
        proc, elapsed = timed_child(command, env, timeout, "the slow headless run")
        summary = _summary(proc)
        requests = _requests(summary)
    counts = summary.get("counts", {})
    if counts.get("skipped"):
        raise NotAvailable(f"the OAuth leg did not run (counts {counts}): not a full run")
    return {
        "critical_path_round_trips": round(elapsed / delay, 1),
        "critical_path_run_s": round(elapsed, 1),
        "critical_path_requests": requests,
        "critical_path_passed": counts.get("passed", 0),
        "critical_path_failed": counts.get("failed", 0),
    }


def _summary(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    if proc.returncode not in (0, 1):
        raise NotAvailable(f"`amogui run` exited {proc.returncode}: {last_words(proc)}")
    try:
        summary = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise NotAvailable("`amogui run --json` printed no summary") from exc
    if not isinstance(summary, dict):
        raise NotAvailable("`amogui run --json` printed no summary object")
    return summary


def _requests(summary: dict[str, Any]) -> int:
    """How many HTTP exchanges the saved run recorded."""
    try:
        saved = json.loads(Path(summary["run_file"]).read_text(encoding="utf-8"))
    except (KeyError, OSError, ValueError, TypeError):
        return 0
    return len(saved.get("exchanges", []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=1.0, help="the slow fault's delay (s)")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    return run_figure(measure, args.delay, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
