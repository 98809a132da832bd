"""Banners and the status line follow a language switch: what is already on screen is
worded again, a core Text as much as the window's own sentences."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import keyring
from keyring.backends import fail
from PySide6.QtWidgets import QApplication

from amogui.base.i18n import t
from amogui.run.store import RunStore
from amogui.service import events
from amogui.service.service import Service
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui import i18n
from amogui.ui.main_window import MainWindow
from tests.ui.translations_support import catalogues, translations

__all__ = ["catalogues", "translations"]  # fixtures used here

MakeWindow = Callable[..., MainWindow]


def switch(translations: i18n.Translations, language: str) -> None:
    translations.apply(language)
    QApplication.processEvents()


def test_a_banner_on_screen_is_worded_again_on_a_switch(
    make_window: MakeWindow, translations: i18n.Translations
) -> None:
    window = make_window()
    switch(translations, "en")
    window.service.emit(
        events.Problem(t("No target yet: choose a profile (Settings) or wait for the sandbox."))
    )
    assert window.message_bar.text().startswith("No target yet")
    switch(translations, "uk")
    assert not window.message_bar.text().startswith("No target yet")
    assert "профіль" in window.message_bar.text()
    switch(translations, "en")
    assert window.message_bar.text().startswith("No target yet")


def test_the_status_line_that_stays_is_worded_again(
    make_window: MakeWindow, translations: i18n.Translations
) -> None:
    window = make_window()
    switch(translations, "en")
    state = window.service.flows.start(window.service.target.profile).state
    window.deliver_deeplink(
        f"foryoure://amo-crm/callback?code=abcdefghijklmnop1234&state={state}", "ipc"
    )
    assert window.statusBar().currentMessage() == (
        "Deep link received (from the operating system)."
    )
    switch(translations, "uk")
    assert window.statusBar().currentMessage() == (
        "Глибоке посилання отримано (від операційної системи)."
    )


def test_no_keychain_says_what_to_do_in_the_ui_language(
    make_window: MakeWindow,
    translations: i18n.Translations,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
) -> None:
    keyring.set_keyring(fail.Keyring())  # its error advises installing keyrings.alt
    service = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    assert not service.target.secrets.persistent
    window = make_window(service=service)
    switch(translations, "uk")
    shown = window.message_bar.text()
    assert "keyrings.alt" not in shown and "keyring" not in shown.replace("Keyring", "")
    assert "сховища" in shown and "GNOME Keyring" in shown  # what to do, in Ukrainian
    assert window.message_bar.level == "warning"
