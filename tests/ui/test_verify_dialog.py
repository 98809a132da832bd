"""The window's Verify: a re-signed bundle is never verified, a forged identity is inert
plain text, and the tester can trust a signer explicitly."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel

from amogui.report import keys
from amogui.report.export import export_bundle
from amogui.report.trust import default_trust_file, trust_signer
from amogui.ui.main_window import MainWindow
from amogui.ui.report_actions import verify_report
from amogui.ui.verify_dialog import VerifyDialog
from tests.report.hostile import resign
from tests.report.sample import sample_checklist, sample_run
from tests.ui.conftest import wait

MakeWindow = Callable[..., MainWindow]
TESTER = "tester@example.com"


@pytest.fixture
def tester_key() -> keys.SigningKey:
    return keys.generate(TESTER)


@pytest.fixture
def bundle_dir(tmp_path: Path, tester_key: keys.SigningKey) -> Path:
    out = tmp_path / "bundle"
    export_bundle(sample_run(), sample_checklist(), out, tester_key, pdf=None)
    return out


def open_dialog(
    window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, folder: Path
) -> VerifyDialog:
    dialog = wait(qtbot, loop, verify_report(window.service, window, window.tell, folder))
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def labels(dialog: VerifyDialog) -> list[QLabel]:
    return dialog.findChildren(QLabel)


def test_a_resigned_bundle_is_refused_by_the_window(
    make_window: MakeWindow,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    bundle_dir: Path,
    tester_key: keys.SigningKey,
) -> None:
    trust_signer(TESTER, tester_key.public_key)
    window = make_window()
    assert open_dialog(window, qtbot, loop, bundle_dir).verdict.text().startswith("VERIFIED")
    resign(bundle_dir, keys.generate(TESTER), TESTER)
    dialog = open_dialog(window, qtbot, loop, bundle_dir)
    assert dialog.verdict.text().startswith("NOT VERIFIED")
    assert dialog.trust_label.text().startswith("UNTRUSTED")
    assert "which any bundle can say of itself" in dialog.trust_label.text()


@pytest.mark.parametrize(
    "identity",
    [
        "<b>anna</b><br>Trust: pinned by <i>/etc/team</i>",
        "anna@foryou.example\x1b[2K\rVERIFIED\nTrusted by the team",
    ],
)
def test_a_forged_identity_is_shown_as_inert_plain_text(
    make_window: MakeWindow,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    bundle_dir: Path,
    identity: str,
) -> None:
    resign(bundle_dir, keys.generate("x"), identity, lambda f: f, principal="anna@foryou.example")
    dialog = open_dialog(make_window(), qtbot, loop, bundle_dir)
    for label in labels(dialog):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    shown = dialog.trust_label.text()
    assert "\x1b" not in shown and "\r" not in shown and "\n" not in shown
    if "<b>" in identity:
        assert "<b>anna</b><br>Trust: pinned by <i>/etc/team</i>" in shown  # as typed
    else:
        assert "\\x1b[2K\\x0dVERIFIED\\x0aTrusted by the team" in shown
    assert dialog.verdict.text().startswith("NOT VERIFIED")


def answer_trust_dialog(principal: str | None) -> tuple[list[str], QTimer]:
    """Fill in the "Trust this signer" question when it shows (None: cancel); what it
    proposed."""
    proposed: list[str] = []
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            found = widget.findChild(QInputDialog, "trustSignerDialog")
            if found is not None and found.isVisible():
                timer.stop()
                proposed.append(found.textValue())
                if principal is None:
                    found.reject()
                else:
                    found.setTextValue(principal)
                    found.accept()

    timer.timeout.connect(poll)
    timer.start()
    return proposed, timer


def test_the_tester_trusts_a_signer_explicitly(
    make_window: MakeWindow,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    bundle_dir: Path,
    tester_key: keys.SigningKey,
) -> None:
    dialog = open_dialog(make_window(), qtbot, loop, bundle_dir)
    assert dialog.verdict.text().startswith("NOT VERIFIED")
    assert dialog.trust_button.isVisibleTo(dialog)
    assert tester_key.fingerprint in dialog.integrity.text()
    proposed, timer = answer_trust_dialog(None)
    dialog.trust_button.click()
    qtbot.waitUntil(lambda: bool(proposed), timeout=10_000)
    timer.stop()
    assert proposed == [TESTER]  # the claim is only a suggestion the tester confirms
    assert not default_trust_file().exists()  # cancelled: nothing trusted

    proposed, timer = answer_trust_dialog(TESTER)
    dialog.trust_button.click()
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("VERIFIED"), timeout=10_000)
    timer.stop()
    assert TESTER in default_trust_file().read_text(encoding="utf-8")
    assert not dialog.trust_button.isVisibleTo(dialog)
    assert str(default_trust_file()) in dialog.trust_label.text()


def test_a_hostile_claim_is_never_proposed_and_a_bad_principal_is_refused(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, bundle_dir: Path
) -> None:
    resign(bundle_dir, keys.generate("x"), "<b>x</b>", lambda f: f, principal="x@foryou.example")
    dialog = open_dialog(make_window(), qtbot, loop, bundle_dir)
    proposed, timer = answer_trust_dialog(None)
    dialog.trust_button.click()
    qtbot.waitUntil(lambda: bool(proposed), timeout=10_000)
    timer.stop()
    assert proposed == [""]
    assert not wait(qtbot, loop, dialog.trust("<b>x</b>"))
    assert "Could not trust the signer" in dialog.error.text()
    assert not default_trust_file().exists()


def test_the_team_file_next_to_the_open_checklist_is_trusted(
    make_window: MakeWindow,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    bundle_dir: Path,
    tester_key: keys.SigningKey,
    tmp_path: Path,
) -> None:
    checklist = sample_checklist()
    team = tmp_path / "team"
    team.mkdir()
    checklist.source = str(team / "checklist.md")
    trust_signer(TESTER, tester_key.public_key, team / "allowed_signers")
    dialog = open_dialog(make_window(checklist), qtbot, loop, bundle_dir)
    assert dialog.verdict.text().startswith("VERIFIED")
    assert str(team / "allowed_signers") in dialog.trust_label.text()
