"""Profiles and users in the window: the settings dialog round trip and the sandbox session."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from amogui.base import paths
from amogui.run.store import RunStore
from amogui.service.events import TargetChanged
from amogui.service.service import Service
from amogui.service.target import Target
from amogui.settings.profiles import PRODUCTION_PROFILE, SANDBOX_PROFILE
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import wait
from tests.ui.translations_support import catalogues, translations

__all__ = ["catalogues", "translations"]  # fixtures used here


def make_jwt(email: str = "tester@example.test", exp_in: float = 3600) -> str:
    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    payload = {"id": "42", "email": email, "role": "ADMIN", "exp": int(time.time() + exp_in)}
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}.c2lnbmF0dXJl"


@pytest.fixture
def session(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Target]:
    made = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    wait(qtbot, loop, made.target.activate(PRODUCTION_PROFILE))
    yield made.target
    made.close()


def open_dialog(qtbot: Any, session: Target) -> SettingsDialog:
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    return dialog


def config_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in paths.config_dir().rglob("*.json"))


def test_round_trip_keeps_secrets_out_of_the_files(
    session: Target, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    dialog = open_dialog(qtbot, session)
    assert dialog.profile_box.currentText() == PRODUCTION_PROFILE
    dialog.text_edits["base_url"].setText("https://staging.example.test")
    dialog.text_edits["deeplink_scheme"].setText("foryoutest")
    dialog.path_edits["status"].setText("/api/v2/amo-crm/status")
    dialog.param_edits["stage"].setText("stage")
    dialog.rate_spin.setValue(3)
    token = make_jwt()
    dialog.users["A"].token_edit.setText(f"Bearer {token}")
    assert "tester@example.test" in dialog.users["A"].claims_label.text()
    assert "role ADMIN" in dialog.users["A"].claims_label.text()
    assert wait(qtbot, loop, dialog.save())

    stored = ProfileStore().get(PRODUCTION_PROFILE)
    assert stored.base_url == "https://staging.example.test"
    assert stored.deeplink_scheme == "foryoutest"
    assert stored.paths["status"] == "/api/v2/amo-crm/status"
    assert stored.params["stage"] == "stage"
    assert stored.rate_limit == 3
    assert SecretStore().get_token(PRODUCTION_PROFILE, "A") == token
    assert session.token("A") == token
    assert token not in config_text()
    assert token.split(".")[1] not in config_text()

    again = open_dialog(qtbot, session)  # the dialog reads it all back
    assert again.text_edits["base_url"].text() == "https://staging.example.test"
    assert again.users["A"].token() == token


def test_invalid_values_are_refused_with_a_sentence(
    session: Target, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    dialog = open_dialog(qtbot, session)
    dialog.text_edits["base_url"].setText("not a url")
    assert not wait(qtbot, loop, dialog.save())
    assert dialog.error_label.text()
    assert ProfileStore().get(PRODUCTION_PROFILE).base_url == "https://admin.foryou-realestate.com"


def test_refusals_and_token_details_are_in_the_ui_language(
    session: Target, qtbot: Any, loop: asyncio.AbstractEventLoop, translations: Any
) -> None:
    from tests.ui.ui_text_walk import english_words

    translations.apply("uk")
    dialog = open_dialog(qtbot, session)
    dialog.text_edits["base_url"].setText("ftp://example.test")
    assert not wait(qtbot, loop, dialog.save())
    shown = dialog.error_label.text()
    assert shown.startswith("Базовий URL: має починатися з http://")
    dialog.users["B"].token_edit.setText("abc.def")
    claims = dialog.users["B"].claims_label.text()
    assert "Це не JWT" in claims and not english_words(claims)
    dialog.users["A"].token_edit.setText(make_jwt(email="a@example.test", exp_in=-7200))
    assert "сплив" in dialog.users["A"].claims_label.text()


def test_junk_token_is_shown_and_refused(
    session: Target, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    dialog = open_dialog(qtbot, session)
    dialog.users["B"].token_edit.setText("definitely-not-a-jwt")
    assert "Not a readable JWT" in dialog.users["B"].claims_label.text()
    assert not wait(qtbot, loop, dialog.save())
    assert "User B" in dialog.error_label.text()
    assert SecretStore().get_token(PRODUCTION_PROFILE, "B") is None


def test_expired_token_is_flagged(session: Target, qtbot: Any) -> None:
    session.set_token("A", make_jwt(exp_in=-60))
    assert session.expired_users() == ["A"]
    dialog = open_dialog(qtbot, session)
    assert "expired" in dialog.users["A"].claims_label.text()


def test_missing_keychain_shows_a_banner(qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    keyring.set_keyring(fail.Keyring())  # the conftest restores the previous backend
    service = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    made = service.target
    assert not made.secrets.persistent
    dialog = open_dialog(qtbot, made)
    assert not dialog.keychain_banner.isHidden()
    assert "GNOME Keyring" in dialog.keychain_banner.text()  # says what to do
    assert "keyrings.alt" not in dialog.keychain_banner.text()  # not the library's advice
    service.close()


def test_sandbox_profile_starts_and_logs_demo_users_in(
    qtbot: Any, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    service = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    made = service.target
    targets: list[tuple[str, str]] = []
    service.subscribe(
        lambda e: targets.append((e.profile, e.base_url)) if isinstance(e, TargetChanged) else None
    )
    try:
        assert wait(qtbot, loop, made.activate(SANDBOX_PROFILE))
        assert made.sandbox is not None and made.sandbox.running
        assert targets and targets[-1][0] == SANDBOX_PROFILE
        assert targets[-1][1].startswith("http://127.0.0.1:")
        claims_a, claims_b = made.claims("A"), made.claims("B")
        assert claims_a is not None and claims_a.email == "anna@sandbox.test"
        assert claims_b is not None and claims_b.email == "bohdan@sandbox.test"
        # The dialog's login goes through the profile's login endpoint of the sandbox.
        dialog = open_dialog(qtbot, made)
        box = dialog.users["A"]
        box.token_edit.clear()
        box.email_edit.setText("anna@sandbox.test")
        box.password_edit.setText("wrong-password")
        wait(qtbot, loop, dialog._login_async("A", "anna@sandbox.test", "wrong-password"))
        assert "Login failed" in box.claims_label.text()
        wait(qtbot, loop, dialog._login_async("A", "anna@sandbox.test", "sandbox-anna"))
        assert "anna@sandbox.test" in box.claims_label.text()
        assert box.password_edit.text() == ""
    finally:
        wait(qtbot, loop, made.stop_sandbox())
        service.close()
    assert made.sandbox is None
