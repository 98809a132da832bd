"""Headless full run: `amogui run --sandbox --json`, wall time from spawn to exit.

python bench/headless.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import NotAvailable, child_env, last_words, run_figure, timed_child


def measure(leads: int, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "amogui", "run", "--sandbox", "--json"]
    with tempfile.TemporaryDirectory(prefix="amogui-bench-") as home:
        env = child_env(Path(home))
        env["AMOGUI_SANDBOX_LEADS"] = str(leads)  # honoured if the sandbox reads it
        proc, elapsed = timed_child(command, env, timeout, "`amogui run --sandbox`")
    if proc.returncode not in (0, 1):
        raise NotAvailable(f"`amogui run --sandbox` exited {proc.returncode}: {last_words(proc)}")
    values: dict[str, Any] = {"headless_run_s": round(elapsed, 2)}
    try:
        summary = json.loads(proc.stdout)
        counts = summary.get("counts") if isinstance(summary, dict) else None
        if isinstance(counts, dict):
            values["headless_passed"] = counts.get("passed")
            values["headless_failed"] = counts.get("failed")
    except json.JSONDecodeError:
        pass
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    return run_figure(measure, args.leads, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
