"""File > Export report and Verify report from the window."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from amogui.checklist import load_bundled
from amogui.run.state import CheckResult, Status
from amogui.ui.main_window import MainWindow
from amogui.ui.report_actions import verify_report
from tests.ui.conftest import wait

MakeWindow = Callable[..., MainWindow]


def test_export_then_verify(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from amogui.ui.report_actions import export_report

    window = make_window(load_bundled())
    window.set_verdict("s2.k3", Status.FAILED)
    window.run.record("s2.k3").note = "deep link did not open the app"
    window.apply_check_result(CheckResult("status.before", "s1", Status.PASSED, "200 OK"))
    out = tmp_path / "bundle"
    written = wait(qtbot, loop, export_report(window, out))
    names = {p.name for p in written}
    assert {"report.json", "report.html", "junit.xml", "requests.har"} <= names
    assert "report.json.sig" in names
    assert "Report written" in window.message_bar.text()

    dialog = wait(qtbot, loop, verify_report(window, out))
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "good" in dialog.verdict.text()
    assert "report.json" in dialog.lines()

    (out / "report.html").write_text("<p>tampered</p>", encoding="utf-8")
    tampered = wait(qtbot, loop, verify_report(window, out))
    assert tampered is not None
    qtbot.addWidget(tampered)
    assert "NOT" in tampered.verdict.text()
    assert any(line.startswith("report.html:") for line in tampered.lines())


def test_verify_a_missing_folder_is_a_message(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window = make_window()
    assert wait(qtbot, loop, verify_report(window, tmp_path / "nothing")) is None
    assert "not a folder" in window.message_bar.text()


def test_export_into_a_foreign_folder_is_refused(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from amogui.ui.report_actions import export_report

    window = make_window(load_bundled())
    (tmp_path / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert wait(qtbot, loop, export_report(window, tmp_path)) == []
    assert window.message_bar.level == "error"
    assert (tmp_path / "holiday.jpg").exists()
