"""`amogui run`, the headless front end: walk the checklist without a window.

- `amogui.headless.args` — the options and their validation (one sentence, exit 2).
- `amogui.headless.output` — progress lines and bar, the final table, the JSON summary.
- `amogui.headless.main` — build the service, run the checks, export, the exit code.

Only the standard library is imported here (``amogui --help`` stays fast).
"""

from __future__ import annotations

import argparse

from amogui.headless.args import DESCRIPTION, EPILOG, add_arguments

__all__ = ["DESCRIPTION", "EPILOG", "add_arguments", "run"]


def run(args: argparse.Namespace) -> int:
    from amogui.headless.main import run as run_headless

    return run_headless(args)
