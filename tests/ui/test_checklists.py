"""The window on real checklists: the bundled one, the raw seed, broken files."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from amogui.base.resources import resource
from amogui.checklist import BUNDLED_NAME, load_bundled
from amogui.checks.verdicts import step_status
from amogui.run.state import Status
from amogui.run.store import RunStore
from amogui.ui.app import load_start_checklist
from amogui.ui.main_window import MainWindow
from tests.ui.conftest import wait

MakeWindow = Callable[..., MainWindow]


def test_bundled_walk_fail_with_note_and_resume(make_window: MakeWindow, qtbot: Any) -> None:
    """A tester's walk: select a step, set Fail with a note, restart: both are back."""
    window = make_window(load_bundled())
    assert window.model.index_of("s2.k3").isValid()
    assert window.model.index_of("problem.4").isValid()
    assert window.model.index_of("criterion.6").isValid()
    window.select_step("s2.k3")
    window.set_verdict("s2.k3", Status.FAILED)
    window.panel.note_edit.insertPlainText("Deep link не відкрив додаток")  # QTest types ASCII only
    assert window.progress_label.text().endswith("decided, 1 failed")
    window.close()

    checklist, notes = load_start_checklist(RunStore())
    assert notes == []
    again = make_window(checklist)
    assert step_status(again.run, "s2.k3") is Status.FAILED
    again.select_step("s2.k3")
    assert again.panel.note_edit.toPlainText() == "Deep link не відкрив додаток"


def test_open_raw_seed_shows_the_repair(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    # The raw seed's shape: UTF-8 once mis-decoded as Mac Roman, saved again as UTF-8.
    bundled = resource("checklists", BUNDLED_NAME)
    raw = tmp_path / "amo-crm-testing-checklist.raw.md"
    raw.write_text(bundled.read_text(encoding="utf-8").encode().decode("mac_roman"), "utf-8")
    window = make_window()
    assert wait(qtbot, loop, window.open_checklist(raw))
    assert "Mac Roman" in window.statusBar().currentMessage()
    assert window.checklist.title.startswith("Чеклист")
    assert window.model.index_of("s2.k4").isValid()


def test_broken_file_keeps_the_old_checklist(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window = make_window()
    window.set_verdict("s1", Status.PASSED)
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50)
    assert not wait(qtbot, loop, window.open_checklist(binary))
    assert "photo.md" in window.message_bar.text()
    assert window.checklist.title == "Чеклист тестування AMO CRM"  # the old one stays
    assert step_status(window.run, "s1") is Status.PASSED

    missing = tmp_path / "nope.md"
    assert not wait(qtbot, loop, window.open_checklist(missing))
    assert "no such file" in window.message_bar.text()


def test_odd_markdown_opens_with_its_warnings(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window = make_window()
    odd = tmp_path / "odd.md"
    odd.write_text("# Мій чеклист\n\n## Кроки\n\n### 1️⃣ Перший\n\n1. Зробити\n\n<div>?</div>\n")
    assert wait(qtbot, loop, window.open_checklist(odd))
    assert window.checklist.title == "Мій чеклист"
    assert window.model.index_of("s1").isValid()


def test_resume_falls_back_to_the_bundled_checklist(tmp_path: Path) -> None:
    store = RunStore()
    from amogui.run.state import Run

    run = Run(checklist_source=str(tmp_path / "gone.md"))
    store.save(run)
    store.set_current(run.run_id)
    checklist, notes = load_start_checklist(store)
    assert checklist.source.startswith("bundled:")
    assert notes and "bundled" in notes[0]
