"""View > Language: the system's language, Українська or English, switched at once and kept
in the settings (`Settings.language`: "" follows the system)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from amogui.settings.store import SettingsError, SettingsStore
from amogui.ui.i18n import Labels, Translations
from amogui.ui.tell import reason

log = logging.getLogger(__name__)

# Each language is named in itself, the usual way, so a user lost in the other one finds it.
CHOICES = (("uk", "Українська"), ("en", "English"))


class LanguageMenu(QMenu):
    """The "Language" sub-menu: one checkable action per choice."""

    failed = Signal(str)  # a sentence: the choice could not be saved (it still applies)

    def __init__(
        self,
        translations: Translations,
        settings: SettingsStore | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("languageMenu")
        self._translations = translations
        self._settings = settings
        self.labels = Labels()
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions_by_value: dict[str, QAction] = {}
        self.labels.set(self.setTitle, lambda: self.tr("&Language"))
        system = self._add("")
        self.labels.set(system.setText, lambda: self.tr("&System language"))
        for value, name in CHOICES:
            self._add(value).setText(name)
        current = settings.settings.language if settings is not None else ""
        self._check(current)

    def _add(self, value: str) -> QAction:
        action = QAction(self)
        action.setCheckable(True)
        action.setObjectName(f"language_{value or 'system'}")
        action.triggered.connect(lambda _=False, v=value: self.choose(v))
        self.group.addAction(action)
        self.addAction(action)
        self.actions_by_value[value] = action
        return action

    def _check(self, value: str) -> None:
        action = self.actions_by_value.get(value.strip().lower(), self.actions_by_value[""])
        action.setChecked(True)

    def choose(self, value: str) -> str:
        """Switch to `value` ("" = system, "uk", "en") and remember it; the language in use."""
        self._check(value)
        language = self._translations.apply(value)
        if self._settings is not None and self._settings.settings.language != value:
            self._settings.settings.language = value
            try:
                self._settings.save()
            except SettingsError as exc:
                log.warning("the language choice was not saved: %s", exc)
                self.failed.emit(reason(exc))
        return language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
        super().changeEvent(event)
