"""The step panel: criteria the tester decides, what a criterion rests on, the inline
prompt for a failed step's actual result, code boxes sized to their content, the answer of
an API test as a real table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from amogui.checklist import load_bundled
from amogui.checks.verdicts import criterion_verdict
from amogui.run.state import CheckResult, Status
from amogui.ui import evidence
from amogui.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


def labels(window: MainWindow) -> list[QLabel]:
    body = window.panel.widget()
    assert body is not None
    return list(body.findChildren(QLabel))


def text(window: MainWindow) -> str:
    return "\n".join(label.text() for label in labels(window))


def test_a_criterion_no_machine_can_judge_takes_the_testers_verdict(
    make_window: MakeWindow, qtbot: Any
) -> None:
    checklist = load_bundled()
    window = make_window(checklist)
    console = next(c for c in checklist.criteria if "консол" in c.text)
    assert window.select_step(console.id)
    buttons = window.panel.verdict_buttons
    assert set(buttons) == {Status.PASSED, Status.FAILED, Status.BLOCKED, Status.SKIPPED}
    qtbot.mouseClick(buttons[Status.PASSED], Qt.MouseButton.LeftButton)
    verdict = criterion_verdict(window.run, console)
    assert verdict.status is Status.PASSED and verdict.manual
    assert window.panel.verdict_buttons[Status.PASSED].isChecked()  # the page shows it
    window.mark_current("failed")  # Ctrl+2 on the selected criterion
    assert criterion_verdict(window.run, console).status is Status.FAILED
    window.mark_current(None)
    assert not criterion_verdict(window.run, console).manual


def test_a_criterion_the_checks_decide_lists_them_as_links_and_has_no_buttons(
    make_window: MakeWindow,
) -> None:
    checklist = load_bundled()
    window = make_window(checklist)
    window.apply_check_result(CheckResult("disconnect", "s4", Status.PASSED, "disconnected"))
    oauth = next(c for c in checklist.criteria if "OAuth" in c.text)
    window.select_step(oauth.id)
    assert not window.panel.verdict_buttons
    shown = text(window)
    for check_id in ("oauth.authorize-url", "oauth.callback", "oauth.deeplink", "exchange.code"):
        assert f"check:{check_id}" in shown
    assert "step:s2.k3" in shown  # the step it belongs to, as a link
    window.panel.link_activated.emit("step:s2.k3")
    assert window.current_step_id() == "s2.k3"
    window.mark_current("passed")  # a step now: the verdict lands on it
    assert window.run.is_manual("s2.k3")


def test_fail_with_an_empty_actual_result_asks_for_it_inline(
    make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window()
    window.show()
    window.select_step("s1")
    panel = window.panel
    assert panel.actual_prompt.isHidden()
    qtbot.mouseClick(panel.verdict_buttons[Status.FAILED], Qt.MouseButton.LeftButton)
    assert window.run.steps["s1"].manual is Status.FAILED  # the verdict stands
    assert panel.actual_prompt.isVisible()
    qtbot.keyClicks(panel.actual_edit, "404 page")
    assert panel.actual_prompt.isHidden()
    panel.actual_edit.clear()
    assert panel.actual_prompt.isVisible()
    window.set_verdict("s1", Status.PASSED)
    assert panel.actual_prompt.isHidden()


def test_a_short_code_box_shows_every_line_without_a_scroll_bar(
    make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window()
    window.show()
    window.select_step("s1")
    boxes = [
        b for b in window.panel.widget().findChildren(QPlainTextEdit) if b.objectName() == "code"
    ]
    assert boxes
    for box in boxes:
        qtbot.waitUntil(box.isVisible)
        assert not box.verticalScrollBar().isVisible()
        lines = box.toPlainText().count("\n") + 1
        assert box.height() >= box.fontMetrics().lineSpacing() * lines


def test_the_comparison_is_a_table_with_what_differs_first() -> None:
    rows: list[object] = [
        {"path": "success", "expected": "true", "actual": "true", "verdict": "same"},
        {"path": "data.domain", "expected": '"x"', "actual": '"y"', "verdict": "value differs"},
        {"path": "data.connected", "expected": "true", "actual": "false", "verdict": "differs"},
        {"path": "data.extra", "expected": "", "actual": "1", "verdict": "extra"},
    ]
    ordered = [r["path"] for r in evidence.comparison_rows(rows)]
    assert ordered == ["data.connected", "data.domain", "data.extra", "success"]
    html = evidence.comparison_table(rows)
    assert html.startswith("<table") and "&quot;y&quot;" in html  # escaped once, shown as "y"
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(html)
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html)
    plain = doc.toPlainText()
    assert '"y"' in plain and "&quot;" not in plain and "<table" not in plain


def test_values_are_json() -> None:
    assert evidence.json_value(True) == "true"
    assert evidence.json_value(None) == "null"
    assert evidence.json_value(False) == "false"
    assert evidence.json_value({"connected": True}) == '{"connected": true}'
    assert evidence.json_value('"as written"') == '"as written"'


def test_an_api_test_answer_is_shown_under_its_test_and_decides_nothing(
    make_window: MakeWindow,
) -> None:
    window = make_window()
    window.select_step("s1")
    result = CheckResult(
        "api-test:s1",
        "s1",
        Status.FAILED,
        "the answer's structure differs",
        expected='{"success": true}',
        evidence=["x0003"],
        details={
            "comparison": [
                {"path": "data.connected", "expected": "false", "actual": "true", "verdict": "same"}
            ]
        },
    )
    window.apply_check_result(result)
    from amogui.checks.verdicts import step_status

    assert step_status(window.run, "s1") is Status.NOT_RUN  # evidence, not a verdict
    shown = text(window)
    assert "For you to judge" in shown
    assert "<table" in shown and "exchange:x0003" in shown
