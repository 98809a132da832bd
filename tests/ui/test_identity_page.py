"""Settings > Tester and signing: name, e-mail, the key, its fingerprint to publish."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from amogui.report import keys, sshsig
from amogui.report.export import export_bundle
from amogui.report.trust import parse_trust_file
from amogui.report.verify import verify_bundle
from amogui.settings.identity import choose_tester
from amogui.settings.store import GENERATED_KEY, SettingsStore
from amogui.ui.identity_page import IdentityPage
from tests.report.sample import sample_checklist, sample_run
from tests.ui.conftest import wait


def make_page(qtbot: Any, loop: asyncio.AbstractEventLoop) -> IdentityPage:
    page = IdentityPage()
    qtbot.addWidget(page)
    assert page.loaded is not None
    qtbot.waitUntil(page.loaded.done, timeout=10_000)
    assert page.isEnabled() and page.store is not None
    return page


def test_amogui_key_fingerprint_is_shown_and_copied(
    qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    page = make_page(qtbot, loop)
    assert page.own_key.isChecked()
    expected = keys.amogui_key().fingerprint
    assert page.fingerprint.text() == expected
    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == expected
    assert not page.copy_line_button.isEnabled()  # no e-mail to sign as yet


def test_the_allowed_signers_line_makes_the_testers_reports_trusted(
    qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    page = make_page(qtbot, loop)
    page.name_edit.setText("Анна Коваленко")
    page.email_edit.setText("anna@foryou.example")
    assert wait(qtbot, loop, page.save())
    page.copy_line_button.click()
    line = QGuiApplication.clipboard().text()
    (signer,) = parse_trust_file(line)
    assert signer.principals == ("anna@foryou.example",)
    assert signer.namespaces == (sshsig.NAMESPACE,)
    # the team commits the line; a report the tester exports then verifies as theirs
    team = tmp_path / "team"
    team.mkdir()
    (team / "allowed_signers").write_text(line + "\n", encoding="utf-8")
    out = tmp_path / "bundle"
    export_bundle(
        sample_run(),
        sample_checklist(),
        out,
        keys.choose_signer(env={}),
        pdf=None,
        tester=choose_tester(env={}),
    )
    result = verify_bundle(out, checklist_source=str(team / "checklist.md"))
    assert result.ok and result.trusted_as == "anna@foryou.example"


def test_a_protected_key_file_shows_its_fingerprint_without_the_passphrase(
    qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    key = keys.generate("anna@foryou.example")
    path = tmp_path / "id_ed25519"
    keys.write_key_file(key, path, passphrase=b"my-pa55phrase-is-long")
    page = make_page(qtbot, loop)
    page.file_key.setChecked(True)
    page.path_edit.setText(str(path))
    wait(qtbot, loop, page.show_fingerprint())
    assert page.fingerprint.text() == key.fingerprint
    assert wait(qtbot, loop, page.save())
    assert SettingsStore().settings.signing_key == str(path)
    choice = keys.choose_signer(env={}, passphrase=lambda _p: "my-pa55phrase-is-long")
    assert choice.key.fingerprint == key.fingerprint


def test_a_missing_key_file_says_so(qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    page = make_page(qtbot, loop)
    page.file_key.setChecked(True)
    page.path_edit.setText("/nowhere/id_ed25519")
    wait(qtbot, loop, page.show_fingerprint())
    assert page.fingerprint.text().startswith("No usable key")
    assert not page.copy_button.isEnabled()


def test_a_bad_email_is_refused_with_a_sentence(
    qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    page = make_page(qtbot, loop)
    page.email_edit.setText("anna <b>at</b> foryou")
    assert not wait(qtbot, loop, page.save())
    assert "Tester e-mail" in page.message.text()
    assert SettingsStore().settings.tester_email == ""
    assert SettingsStore().settings.signing_key == GENERATED_KEY


def test_the_settings_dialog_has_the_page(qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    from PySide6.QtWidgets import QTabWidget

    from amogui.run.store import RunStore
    from amogui.service.service import Service
    from amogui.settings.profiles import PRODUCTION_PROFILE
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore
    from amogui.ui.settings_dialog import SettingsDialog

    service = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    assert wait(qtbot, loop, service.target.activate(PRODUCTION_PROFILE))
    dialog = SettingsDialog(service.target)
    qtbot.addWidget(dialog)
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Tester and signing" in titles
    assert isinstance(dialog.identity_page, IdentityPage)
    service.close()
