"""The main window: a tester's walk, navigation, progress, runs and verdict precedence."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from amogui.checks.verdicts import step_status
from amogui.run import store as store_module
from amogui.run.state import CheckResult, Status
from amogui.run.store import RunStore
from amogui.service.service import Service
from amogui.settings.profiles import Profile
from amogui.ui.main_window import MainWindow
from amogui.ui.runs_dialog import PastRunsDialog
from tests.ui.conftest import small_checklist, wait

MakeWindow = Callable[..., MainWindow]


def test_fail_with_note_survives_a_restart(make_window: MakeWindow, qtbot: Any) -> None:
    window = make_window()
    assert window.select_step("s2.k3")
    qtbot.mouseClick(window.panel.verdict_buttons[Status.FAILED], Qt.MouseButton.LeftButton)
    window.panel.note_edit.setFocus()
    qtbot.keyClicks(window.panel.note_edit, "callback answered 404")
    qtbot.keyClicks(window.panel.actual_edit, "a 404 page")
    run_id = window.run.run_id
    window.close()  # the note typed a moment ago is flushed here, not lost

    again = make_window()
    assert again.run.run_id == run_id
    assert step_status(again.run, "s2.k3") is Status.FAILED
    assert again.run.is_manual("s2.k3")
    assert again.select_step("s2.k3")
    assert again.panel.note_edit.toPlainText() == "callback answered 404"
    assert again.panel.actual_edit.toPlainText() == "a 404 page"
    assert again.panel.verdict_buttons[Status.FAILED].isChecked()


def test_notes_are_saved_after_typing_pauses(make_window: MakeWindow, qtbot: Any) -> None:
    window = make_window()
    window.select_step("s1")
    qtbot.keyClicks(window.panel.note_edit, "looks fine")
    path = RunStore().path(window.run.run_id)

    def saved_note() -> str:
        window.service.flush()
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["steps"].get("s1", {}).get("note", ""))

    qtbot.waitUntil(lambda: saved_note() == "looks fine", timeout=5000)


def test_saves_happen_off_the_gui_thread(
    make_window: MakeWindow, monkeypatch: Any, qtbot: Any
) -> None:
    threads: list[str] = []
    real = store_module.atomic_write

    def spy(path: Any, data: bytes) -> None:
        threads.append(threading.current_thread().name)
        real(path, data)

    monkeypatch.setattr("amogui.service.saver.atomic_write", spy)
    window = make_window()
    window.select_step("s1")
    window.set_verdict("s1", Status.PASSED)
    window.service.flush()
    assert threads
    assert threading.main_thread().name not in threads


def test_tree_shows_every_kind_of_node(make_window: MakeWindow) -> None:
    window = make_window()
    for node in ("s1", "s2", "s2.k4", "review.callback", "problem.2", "criterion.1"):
        assert window.model.index_of(node).isValid(), node
    window.select_step("problem.1")
    assert "Браузер не повертає" in _panel_text(window)
    window.select_step("review.callback")
    assert window.panel.review_boxes.keys() == {"review.callback.1", "review.callback.2"}


def test_step_panel_shows_api_test_formatted(make_window: MakeWindow) -> None:
    window = make_window()
    window.select_step("s1")
    text = _panel_text(window)
    assert "curl -X GET http://localhost:4000/api/amo-crm/status" in text
    assert '"connected": false' in text  # the expected JSON, indented
    assert window.panel.api_buttons and window.panel.api_buttons[0].text() == "Run API test"


def test_review_ticks_are_kept(make_window: MakeWindow) -> None:
    window = make_window()
    window.select_step("review.callback")
    window.panel.review_boxes["review.callback.2"].setChecked(True)
    window.close()
    again = make_window()
    assert again.run.steps["review.callback"].review == {"review.callback.2": True}
    again.select_step("review.callback")
    assert again.panel.review_boxes["review.callback.2"].isChecked()


def test_progress_header(make_window: MakeWindow) -> None:
    window = make_window()
    assert window.progress_label.text() == "0 of 9 decided"
    window.set_verdict("s1", Status.PASSED)
    window.set_verdict("s2.k1", Status.FAILED)
    window.set_verdict("s3", Status.BLOCKED)
    assert window.progress_label.text() == "3 of 9 decided, 1 failed, 1 blocked"
    window.service.target.point_at(Profile("Local sandbox", base_url="http://127.0.0.1:4321"))
    assert "Local sandbox" in window.target_label.text()
    assert "http://127.0.0.1:4321" in window.target_label.text()


def test_keyboard_navigation(make_window: MakeWindow, qtbot: Any) -> None:
    window = make_window()
    activate(window, qtbot)
    assert window.current_step_id() == "s1"  # the first decidable step is selected
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.current_node() == ("step", "s2")
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.current_step_id() == "s2.k1"
    press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Fail
    assert step_status(window.run, "s2.k1") is Status.FAILED
    window.set_verdict("s2.k2", Status.PASSED)
    press(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step_id() == "s2.k3"  # s2.k2 is decided: skipped over
    press(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert window.current_step_id() == "s1"  # previous undecided
    press(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert step_status(window.run, "s2.k1") is Status.FAILED  # clear applies to the current step
    window.select_step("s2.k1")
    press(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert step_status(window.run, "s2.k1") is Status.NOT_RUN


def test_shortcuts_are_shown_in_tooltips(make_window: MakeWindow) -> None:
    window = make_window()
    window.select_step("s1")
    assert "Ctrl+1" in window.panel.verdict_buttons[Status.PASSED].toolTip()
    assert "Ctrl+4" in window.panel.verdict_buttons[Status.SKIPPED].toolTip()
    assert window.verdict_actions[Status.FAILED].shortcut().toString() == "Ctrl+2"


def test_manual_verdict_wins_over_a_check(make_window: MakeWindow) -> None:
    window = make_window()
    window.select_step("s1")
    window.apply_check_result(CheckResult("status.before", "s1", Status.PASSED, "200 OK"))
    assert step_status(window.run, "s1") is Status.PASSED
    assert "automatic" in window.panel.status_label.text()
    assert "status.before" in _panel_text(window)
    window.set_verdict("s1", Status.FAILED)
    assert step_status(window.run, "s1") is Status.FAILED
    assert "manual" in window.panel.status_label.text()
    assert "(manual)" in window.model.itemFromIndex(window.model.index_of("s1")).toolTip()
    window.apply_check_result(CheckResult("status.before", "s1", Status.PASSED, "200 again"))
    assert step_status(window.run, "s1") is Status.FAILED  # a later check does not overrule it


def test_criteria_follow_the_verdicts(make_window: MakeWindow) -> None:
    window = make_window()
    for step in window.checklist.decidable_steps():
        if step.kind.value in ("scenario", "substep"):
            window.set_verdict(step.id, Status.PASSED)
    window.select_step("criterion.1")
    assert "Met" in _panel_text(window)
    window.set_verdict("s5", Status.FAILED)  # leads.load and leads.filter are s5's
    window.select_step("criterion.1")  # OAuth works: s5 is not part of it
    assert "Met" in _panel_text(window) and "Not met" not in _panel_text(window)
    window.select_step("criterion.2")  # leads load: s5 proves it
    assert "Not met" in _panel_text(window)


def test_new_run_keeps_the_old_one(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    window = make_window()
    window.set_verdict("s1", Status.PASSED)
    old_id = window.run.run_id
    activate(window, qtbot)
    press(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.run.run_id != old_id
    assert step_status(window.run, "s1") is Status.NOT_RUN
    window.service.flush()
    dialog = PastRunsDialog(RunStore().list, window.run.run_id)
    qtbot.addWidget(dialog)
    wait(qtbot, loop, dialog.reload())
    assert set(dialog.run_ids()) == {old_id, window.run.run_id}
    # Reopen the old run: its verdict is back and it becomes the one to resume.
    wait(qtbot, loop, window.reopen_run(old_id))
    assert window.run.run_id == old_id
    assert step_status(window.run, "s1") is Status.PASSED
    window.close()
    assert make_window().run.run_id == old_id


def test_a_damaged_current_run_starts_fresh(make_window: MakeWindow) -> None:
    store = RunStore()
    store.root.mkdir(parents=True, exist_ok=True)
    store.path("broken").write_text("{not json", encoding="utf-8")
    store.set_current("broken")
    window = make_window()
    assert window.run.run_id != "broken"
    assert store.path("broken").exists()  # kept aside, never deleted


def activate(window: MainWindow, qtbot: Any) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)  # shortcuts only fire in the active window


def press(window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """A key press as the OS would deliver it, so the window's shortcuts see it."""
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, key, modifier)


def _panel_text(window: MainWindow) -> str:
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    body = window.panel.widget()
    assert body is not None
    parts = [w.text() for w in body.findChildren(QLabel)]
    parts += [w.toPlainText() for w in body.findChildren(QPlainTextEdit)]
    return "\n".join(parts)


# -- the shell first (start-up) ----------------------------------------------------------------


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_a_deferred_window_shows_its_shell_then_completes(
    make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window(deferred=True)
    window.show()
    assert not window.completed
    assert menu_titles(window) == ["&File", "&Step", "&View", "&Checks", "S&ettings"]
    assert window.file_menu.isEmpty() and window.checks_menu.isEmpty()
    assert not hasattr(window, "panel") and window.tree.model() is None
    assert RunStore().current() is None  # no run was read or made yet

    window.complete()
    assert window.completed
    assert window.splitter.widget(1) is window.panel  # in the placeholder's place
    assert menu_titles(window) == ["&File", "&Step", "&View", "&Checks", "S&ettings", "&Help"]
    assert window.action("checks.run-all") in window.checks_menu.actions()
    assert window.select_step("s2.k3")  # the checklist it was made with is bound
    window.set_verdict("s2.k3", Status.PASSED)
    window.service.flush()
    saved = RunStore().current()
    assert saved is not None and step_status(saved, "s2.k3") is Status.PASSED


def test_a_shell_closed_before_it_completed_saves_nothing(make_window: MakeWindow) -> None:
    window = make_window(deferred=True)
    window.show()
    window.close()  # the tester quit at once: no crash, no empty run written
    assert not window.completed
    assert RunStore().current() is None


def test_a_window_without_a_checklist_gets_an_empty_one_until_one_is_set(
    make_window: MakeWindow, qtbot: Any
) -> None:
    window = MainWindow(Service(RunStore()))
    qtbot.addWidget(window)
    try:
        assert window.checklist.title == "" and not window.checklist.sections
        assert window.run.checklist_name == "" and window.tree.model().rowCount() == 0
        window.set_checklist(small_checklist())
        assert window.select_step("s2.k3")
    finally:
        window.close()


# -- attachments ---------------------------------------------------------------------------------


def attachment_labels(window: MainWindow) -> list[str]:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QLabel

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [label.text() for label in window.panel.findChildren(QLabel, "attachment")]


def test_a_file_attached_to_a_step_is_kept_listed_and_saved(
    make_window: MakeWindow, qtbot: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QFileDialog, QPushButton

    shot = tmp_path / "app after deep link.png"
    shot.write_bytes(b"\x89PNG")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(shot), ""))
    window = make_window()
    assert window.select_step("s2.k3")
    button = window.panel.findChild(QPushButton, "attachFile")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.run.attachments) == 1, timeout=5000)
    entry = window.run.attachments[0]
    assert entry["step"] == "s2.k3" and entry["name"] == "01-app-after-deep-link.png"
    assert attachment_labels(window) == ["app after deep link.png  (01-app-after-deep-link.png)"]
    window.service.flush()
    saved = RunStore().current()
    assert saved is not None and saved.attachments == [entry]
    assert window.select_step("s2.k4")
    assert attachment_labels(window) == []  # it belongs to its own step


def test_attachments_made_at_once_never_share_a_name(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Any
) -> None:
    window = make_window()
    sources = []
    for folder in ("a", "b", "c"):  # three different files, all called shot.png
        (tmp_path / folder).mkdir()
        sources.append(tmp_path / folder / "shot.png")
        sources[-1].write_bytes(folder.encode())
    results = wait(qtbot, loop, asyncio.gather(*(window.attach_file("s1", p) for p in sources)))
    assert results == [True, True, True]
    kept = {a["name"]: Path(a["path"]).read_bytes() for a in window.run.attachments}
    assert sorted(kept) == ["01-shot.png", "02-shot.png", "03-shot.png"]
    assert sorted(kept.values()) == [b"a", b"b", b"c"]  # none overwrote another


def test_what_cannot_be_attached_is_a_message(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Any
) -> None:
    window = make_window()
    assert wait(qtbot, loop, window.attach_file("s1", tmp_path)) is False
    assert "is not a file" in window.message_bar.text()
    assert window.run.attachments == []


def test_an_attachment_can_be_taken_off_its_step(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Any
) -> None:
    from PySide6.QtWidgets import QPushButton

    shot = tmp_path / "wrong.png"
    shot.write_bytes(b"oops")
    window = make_window()
    assert window.select_step("s2.k3")
    assert wait(qtbot, loop, window.attach_file("s2.k3", shot))
    kept = Path(window.run.attachments[0]["path"])
    attachment_labels(window)  # let the old rows go
    remove = window.panel.findChild(QPushButton, "removeAttachment")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert window.run.attachments == [] and attachment_labels(window) == []
    qtbot.waitUntil(lambda: not kept.exists(), timeout=5000)
    window.service.flush()
    saved = RunStore().current()
    assert saved is not None and saved.attachments == []


# -- the window is a view ----------------------------------------------------------------------


def test_the_window_sets_its_attributes_only_when_it_is_built() -> None:
    """Every attribute of the window is made in __init__ or the builders it runs; other
    methods may only re-assign the ones __init__ declared (the run lives in the service)."""
    import ast
    import inspect

    from amogui.ui import main_window

    tree = ast.parse(inspect.getsource(main_window))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow")
    builders = {"__init__", "complete"} | {
        f.name
        for f in cls.body
        if isinstance(f, ast.FunctionDef) and f.name.startswith(("_build", "_complete"))
    }

    def assigned(function: ast.FunctionDef) -> set[str]:
        names = set()
        for node in ast.walk(function):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if (
                        isinstance(sub, ast.Attribute)
                        and isinstance(sub.value, ast.Name)
                        and sub.value.id == "self"
                    ):
                        names.add(sub.attr)
        return names

    functions = [f for f in cls.body if isinstance(f, ast.FunctionDef)]
    declared = set().union(*(assigned(f) for f in functions if f.name in builders))
    elsewhere = set().union(*(assigned(f) for f in functions if f.name not in builders))
    assert elsewhere <= declared, sorted(elsewhere - declared)
    assert "run" not in declared and "checklist" not in declared


def test_menus_and_the_shortcuts_list_come_from_the_command_table(
    make_window: MakeWindow,
) -> None:
    from amogui.ui.commands import COMMANDS
    from amogui.ui.shortcuts_dialog import shortcut_entries

    window = make_window()
    for command in COMMANDS:
        action = window.action(command.id)
        assert action in window.menus[command.menu].actions()
        shown = [s.toString() for s in action.shortcuts()]
        assert shown == list(command.shortcuts), command.id
    listed = {(e.text, e.keys) for e in shortcut_entries(window)}
    from_table = {
        (window.action(c.id).text().replace("&", ""), tuple(c.shortcuts))
        for c in COMMANDS
        if c.shortcuts
    }
    assert from_table <= listed
    assert len(listed - from_table) == 1  # Help > Keyboard shortcuts itself


def test_commands_are_enabled_by_what_is_going_on(make_window: MakeWindow) -> None:
    from amogui.service.events import ChecksRunning

    window = make_window()
    assert not window.action("settings.profiles").isEnabled()  # no profiles read yet
    assert window.action("checks.run-all").isEnabled()
    assert not window.action("checks.cancel").isEnabled()
    window.service._running = True
    window.service.emit(ChecksRunning(True))
    assert window.action("checks.cancel").isEnabled()
    assert not window.action("checks.run-all").isEnabled()
    assert not window.action("file.new-run").isEnabled()
    window.service._running = False
    window.service.emit(ChecksRunning(False))
    assert window.action("file.new-run").isEnabled()


def test_the_header_names_the_sandboxs_active_faults(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    from amogui.settings.profiles import SANDBOX_PROFILE
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore

    profiles = ProfileStore()
    stored = profiles.get(SANDBOX_PROFILE)
    stored.sandbox_faults = ["jwt-403", "callback-404"]
    profiles.update(stored)
    service = Service(RunStore(), profiles=profiles, secrets=SecretStore())
    window = make_window(service=service)
    try:
        assert wait(qtbot, loop, service.target.activate(SANDBOX_PROFILE))
        header = window.target_label.text()
        assert header.startswith("Sandbox · faults: callback-404, jwt-403")
        assert "127.0.0.1" in header
        tip = window.target_label.toolTip()
        assert "jwt-403: a bad or expired JWT gives 403" in tip
        assert "callback-404: the callback route is missing" in tip
        stored.sandbox_faults = []
        profiles.update(stored)
        assert wait(qtbot, loop, service.target.activate(SANDBOX_PROFILE))
        assert window.target_label.text().startswith("Sandbox · no faults")
        assert window.target_label.toolTip() == ""
    finally:
        wait(qtbot, loop, service.target.stop_sandbox())


def test_the_window_holds_at_1024_by_640(make_window: MakeWindow, qtbot: Any) -> None:
    """A small laptop screen: the tree keeps readable titles, the step panel needs no
    sideways scrolling on any step, and the request log leaves the checklist room."""
    from amogui.checklist import load_bundled
    from amogui.ui.main_window import LOG_SHARE, TREE_MIN

    window = make_window(load_bundled())
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    assert (window.width(), window.height()) == (1024, 640)
    assert window.tree.width() >= TREE_MIN
    assert window.tree.width() >= window.width() // 4  # not squeezed to a strip
    for step in window.checklist.decidable_steps():
        window.select_step(step.id)
        QApplication.processEvents()
        bar = window.panel.horizontalScrollBar()
        assert bar.maximum() == 0, f"{step.id} scrolls sideways by {bar.maximum()} px"
    window.show_tab(1)  # the Leads tab fits too: the window stays 1024 px wide
    QApplication.processEvents()
    assert window.width() == 1024 and window.minimumSizeHint().width() <= 1024
    window.show_tab(0)
    # The tester pulls the tree wider: the verdict buttons wrap rather than scroll.
    window.splitter.setSizes([1024, 0])
    window.select_step("s1")
    QApplication.processEvents()
    assert window.panel.width() <= 420
    assert window.panel.horizontalScrollBar().maximum() == 0
    window.toggle_log()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: window.log_panel.height() <= window.height() * LOG_SHARE + 2)
    assert window.tabs.height() >= 180  # the checklist stays in sight above the log


def test_a_cut_title_has_its_whole_text_as_a_tooltip(make_window: MakeWindow) -> None:
    from amogui.checklist import load_bundled

    window = make_window(load_bundled())
    model = window.model
    assert model is not None
    for step in window.checklist.steps():
        tip = str(model.index_of(step.id).data(Qt.ItemDataRole.ToolTipRole))
        assert tip.startswith(str(model.index_of(step.id).data()))
