"""`amogui run` loads Qt only for what needs it: a run without the OAuth leg and without a
report is plain asyncio, Qt-free."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from amogui.cli import main
code = main(sys.argv[1:])
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "qasync", "shiboken6"))
print(json.dumps({"code": code, "qt": qt}), file=sys.stderr)
"""


def run(*argv: str) -> tuple[dict[str, object], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMOGUI_", "BROWSER"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "run", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = done.stderr.strip().splitlines()[-1]
    return json.loads(last), done.stdout


def test_a_run_without_oauth_leg_or_report_never_imports_qt() -> None:
    outcome, stdout = run("--sandbox", "--only", "status.before,exchange.auth", "--json")
    assert outcome == {"code": 0, "qt": []}
    summary = json.loads(stdout)
    assert [c["status"] for c in summary["checks"]] == ["passed", "passed"]


def test_a_report_brings_in_the_pdf_writer_only(tmp_path: Path) -> None:
    outcome, _ = run("--sandbox", "--only", "status.before", "--report", str(tmp_path / "r"))
    assert outcome["code"] == 0
    qt = set(outcome["qt"])  # type: ignore[arg-type]
    assert "PySide6.QtGui" in qt and "PySide6.QtNetwork" not in qt and "qasync" not in qt
    assert (tmp_path / "r" / "report.pdf").is_file()
