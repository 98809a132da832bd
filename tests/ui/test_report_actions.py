"""File > Export report and Verify report from the window."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

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
    written = wait(qtbot, loop, export_report(window.service, window, window.tell, out))
    names = {p.name for p in written}
    assert {"report.json", "report.html", "junit.xml", "requests.har"} <= names
    assert "report.json.sig" in names
    assert "Report written" in window.message_bar.text()

    dialog = wait(qtbot, loop, verify_report(window.service, window, window.tell, out))
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "not trusted" in dialog.verdict.text()  # nobody trusted amogui's key yet
    assert "report.json" in dialog.lines()
    assert wait(qtbot, loop, dialog.trust("tester@example.com"))
    assert dialog.verdict.text().startswith("VERIFIED")

    (out / "report.html").write_text("<p>tampered</p>", encoding="utf-8")
    tampered = wait(qtbot, loop, verify_report(window.service, window, window.tell, out))
    assert tampered is not None
    qtbot.addWidget(tampered)
    assert "NOT" in tampered.verdict.text()
    assert any(line.startswith("report.html:") for line in tampered.lines())


def test_verify_a_missing_folder_is_a_message(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window = make_window()
    assert (
        wait(qtbot, loop, verify_report(window.service, window, window.tell, tmp_path / "nothing"))
        is None
    )
    assert "not a folder" in window.message_bar.text()


def test_export_into_a_foreign_folder_is_refused(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from amogui.ui.report_actions import export_report

    window = make_window(load_bundled())
    (tmp_path / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert wait(qtbot, loop, export_report(window.service, window, window.tell, tmp_path)) == []
    assert window.message_bar.level == "error"
    assert (tmp_path / "holiday.jpg").exists()


# -- a passphrase-protected signing key --------------------------------------------------------

PASSPHRASE = "correct horse battery"


def protected_key(tmp_path: Path) -> str:
    """A key file with a passphrase, named in the settings; its public key's base64."""
    from amogui.report.keys import generate, write_key_file
    from amogui.settings.store import Settings, SettingsStore

    key = generate("tester@example.com")
    path = tmp_path / "keys" / "id_ed25519"
    write_key_file(key, path, PASSPHRASE.encode())
    SettingsStore().save(Settings(signing_key=str(path)))
    return key.public_line().split()[1]


def answer_when_asked(answer: str | None) -> tuple[list[str], QTimer]:
    """Answer the passphrase dialog once it shows (None: cancel it); what it said."""
    asked: list[str] = []
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QInputDialog) and widget.isVisible():
                timer.stop()
                asked.append(widget.labelText())
                assert widget.textEchoMode() == QLineEdit.EchoMode.Password
                if answer is None:
                    widget.reject()
                else:
                    widget.setTextValue(answer)
                    widget.accept()

    timer.timeout.connect(poll)
    timer.start()
    return asked, timer


def test_a_protected_key_is_unlocked_by_asking_the_tester(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from amogui.base.logs import log_file_path, setup_logging
    from amogui.ui.report_actions import export_report

    setup_logging("DEBUG")
    public = protected_key(tmp_path)
    window = make_window(load_bundled())
    asked, timer = answer_when_asked(PASSPHRASE)
    out = tmp_path / "bundle"
    written = wait(qtbot, loop, export_report(window.service, window, window.tell, out))
    timer.stop()
    assert len(asked) == 1 and "id_ed25519" in asked[0]
    assert public in (out / "signer.pub").read_text(encoding="utf-8")  # the tester's key
    assert window.message_bar.level == "info", window.message_bar.text()
    for path in [*written, log_file_path()]:
        assert PASSPHRASE.encode() not in path.read_bytes(), path.name


def test_a_cancelled_passphrase_signs_with_a_one_time_key_and_says_so(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from amogui.ui.report_actions import export_report

    public = protected_key(tmp_path)
    window = make_window(load_bundled())
    asked, timer = answer_when_asked(None)
    out = tmp_path / "bundle"
    assert wait(qtbot, loop, export_report(window.service, window, window.tell, out))
    timer.stop()
    assert len(asked) == 1
    assert public not in (out / "signer.pub").read_text(encoding="utf-8")
    assert window.message_bar.level == "warning"
    assert "one-time key" in window.message_bar.text()
    assert "no passphrase was given" in window.message_bar.text()


def test_the_report_is_written_in_the_windows_language_and_names_the_tester(
    make_window: MakeWindow,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    import json

    from amogui.settings.store import SettingsStore
    from amogui.ui import i18n
    from amogui.ui.report_actions import export_report

    class Ukrainian:
        language = "uk"

    monkeypatch.setattr(i18n, "_active", Ukrainian())
    store = SettingsStore()
    store.settings.tester_name = "Олена Тестер"
    store.settings.tester_email = "olena@foryou.example"
    store.save()
    out = tmp_path / "bundle"
    window = make_window(load_bundled())
    assert wait(qtbot, loop, export_report(window.service, window, window.tell, out))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["language"] == "uk"
    assert report["tester"]["name"] == "Олена Тестер"
    assert report["signing"]["identity"] == "olena@foryou.example"
