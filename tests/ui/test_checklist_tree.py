"""The checklist tree: parts in the source's order, titles that wrap instead of being cut,
and a page of its own for every kind of node."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex

from amogui.checklist import load_bundled
from amogui.run.state import CheckResult, Diagnosis, Status
from amogui.ui.checklist_model import CRITERIA_NODE, PROBLEMS_NODE, ChecklistModel
from amogui.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


def top_titles(model: ChecklistModel) -> list[str]:
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_parts_come_in_the_order_the_checklist_has_them(make_window: MakeWindow) -> None:
    checklist = load_bundled()
    window = make_window(checklist)
    assert window.model is not None
    titles = top_titles(window.model)
    # The bundled file has the possible problems before the logs, the criteria last.
    source = [s.title for s in checklist.sections]
    assert titles == source
    assert titles.index(checklist.problems_title) < titles.index("Логи для діагностики")
    assert titles[-1] == checklist.criteria_title


def test_a_checklist_without_those_parts_gets_them_at_the_end(make_window: MakeWindow) -> None:
    window = make_window()  # built in code: no "problems" or "criteria" part of its own
    assert window.model is not None
    titles = top_titles(window.model)
    assert titles[-2:] == ["Possible problems", "Success criteria"]


def test_long_titles_wrap_in_a_narrow_tree(make_window: MakeWindow, qtbot: Any) -> None:
    window = make_window(load_bundled())
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    tree = window.tree
    window.splitter.setSizes([200, 824])
    qtbot.waitUntil(lambda: tree.viewport().width() < 220)
    model = window.model
    assert model is not None
    long = model.index_of("s2")  # "2. Тестування OAuth flow (підключення AMO CRM)"
    short = model.index_of("s2.k1")
    qtbot.waitUntil(lambda: tree.visualRect(long).height() > tree.visualRect(short).height())
    # Wide again: one line each.
    window.splitter.setSizes([700, 324])
    qtbot.waitUntil(lambda: tree.visualRect(long).height() == tree.visualRect(short).height())
    assert model.index_of("s2").data(3)  # every row carries its whole title as a tooltip


def test_the_problems_header_shows_the_problems_not_the_last_step(
    make_window: MakeWindow,
) -> None:
    window = make_window()
    window.select_step("s1")
    assert window.panel.verdict_buttons  # a step: its verdict buttons
    window.select_node(_index(window, PROBLEMS_NODE))
    assert window.panel.page == "problems"
    assert not window.panel.verdict_buttons  # nothing to decide here
    assert "Deep link не працює" in _text(window)
    window.mark_current("passed")  # Ctrl+1 here lands nowhere
    assert not window.run.is_manual("s1")


def test_the_criteria_header_lists_each_criterion_with_its_status(
    make_window: MakeWindow,
) -> None:
    window = make_window()
    window.select_step("s1")
    window.select_node(_index(window, CRITERIA_NODE))
    assert window.panel.page == "criteria"
    assert not window.panel.verdict_buttons
    text = _text(window)
    assert "criterion:criterion.1" in text and "OAuth працює" in text


def test_a_problem_lists_the_failures_that_point_to_it(make_window: MakeWindow) -> None:
    window = make_window()
    diagnosis = Diagnosis("problem.1", "Deep link не працює", ["Браузер не повертає"], [])
    window.apply_check_result(
        CheckResult(
            "oauth.callback",
            "s2.k3",
            Status.FAILED,
            "the callback answered 404",
            diagnosis=diagnosis,
        )
    )
    window.select_step("problem.1")
    text = _text(window)
    assert "check:oauth.callback" in text and "the callback answered 404" in text
    window.panel.link_activated.emit("check:oauth.callback")
    assert window.current_step_id() == "s2.k3"  # the link selects the check's step
    window.select_step("problem.2")
    assert "No check of this run points to this problem." in _text(window)
    window.select_node(_index(window, PROBLEMS_NODE))
    assert "problem:problem.1'>Проблема 1" not in _text(window)  # built in code: no heading
    assert "— 1 failure" in _text(window)


def _index(window: MainWindow, node_id: str) -> QModelIndex:
    assert window.model is not None
    return window.model.index_of(node_id)


def _text(window: MainWindow) -> str:
    from PySide6.QtWidgets import QLabel

    body = window.panel.widget()
    assert body is not None
    return "\n".join(label.text() for label in body.findChildren(QLabel))
