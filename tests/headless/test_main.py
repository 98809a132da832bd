"""`amogui run` end to end in its own process or in this one: Qt loads only for what needs
it (a run without the OAuth leg and without a report is plain asyncio, Qt-free), and probes
that make a real backend call amoCRM run as the profile or --production-probes says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from amogui.sandbox import Sandbox, SandboxConfig

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


def real_backend_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, dict[str, Any], str]:
    """`amogui run --base-url` against a sandbox started apart: to amogui, a real backend
    whose profile ("command line") never said whether probes may reach amoCRM."""
    from amogui.cli import main

    with Sandbox(SandboxConfig()) as sandbox:
        user = sandbox.users[0]
        monkeypatch.setenv("AMOGUI_LOGIN_A", f"{user.email}:{user.password}")
        only = "status.before,callback.errors,oauth.callback"
        code = main(["run", "--base-url", sandbox.base_url, "--only", only, "--json", *argv])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_a_profile_that_never_answered_gets_the_probes_and_the_summary_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, summary, err = real_backend_run(monkeypatch, capsys)
    assert code == 0
    assert {c["id"]: c["status"] for c in summary["checks"]} == {
        "status.before": "passed",
        "callback.errors": "passed",
        "oauth.callback": "passed",
    }
    assert summary["production_probes"] == {
        "allowed": True,
        "answered": False,
        "checks": ["callback.errors", "oauth.callback"],
    }
    lines = [line for line in err.splitlines() if "production probes" in line]
    assert lines == [
        'amogui run: production probes ran: the profile "command line" never said whether '
        "they may, so callback.errors, oauth.callback made the backend call amoCRM's token "
        "endpoint with a made-up code (--production-probes no turns them off)"
    ]


def test_production_probes_no_skips_them_and_says_nothing_more(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, summary, err = real_backend_run(monkeypatch, capsys, "--production-probes", "no")
    assert code == 0  # a skip is no failure
    statuses = {c["id"]: c["status"] for c in summary["checks"]}
    assert statuses == {
        "status.before": "passed",
        "callback.errors": "skipped",
        "oauth.callback": "skipped",
    }
    assert summary["production_probes"] == {"allowed": False, "answered": True, "checks": []}
    assert "production probes ran" not in err


def test_production_probes_yes_is_an_answer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, summary, err = real_backend_run(monkeypatch, capsys, "--production-probes", "yes")
    assert summary["production_probes"]["answered"] is True
    assert "production probes ran" not in err
