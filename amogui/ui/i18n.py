"""The UI language: choose it, switch it while the window is open, and serve Qt's
``tr()`` from the gettext catalogue the Qt-free core renders its sentences from.

Source strings are English (``self.tr("Pass")``, ``t("the callback answered HTTP
{status}")``); Ukrainian is a translation. English has a catalogue of its own too, for the
window's plural forms ("%n lead(s)": "1 lead", "2 leads"). The setting
(`amogui.settings.store.Settings.language`) is ``""`` (or ``"system"``) to follow the system,
else ``"uk"`` or ``"en"``. The system is followed only as far as Ukrainian goes: a Ukrainian
system gets the Ukrainian UI, every other one the English UI.

One language, one catalogue (`amogui.base.catalogues.catalogue`): `CatalogueTranslator` answers
Qt's lookups from it, and `Translations.apply` makes it the core's current language too,
so a `Text` rendered after a switch comes out in the new language. Installing a translator
makes Qt send ``QEvent.LanguageChange`` to every widget; widgets that build their text in
code re-label themselves in ``changeEvent``. `Translations.changed` is the same news as a
signal, for objects that are not widgets (models, controllers) and for views that show
core `Text`s: they render them again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

# The catalogues without the core's Text (and its dataclasses): a cheap import before the
# first paint.
from amogui.base.catalogues import Catalogue, set_language

log = logging.getLogger(__name__)

LANGUAGES = ("en", "uk")
DEFAULT_LANGUAGE = "en"
SYSTEM_VALUES = ("", "system")
LANGUAGE_NAMES = {"uk": "Ukrainian", "en": "English"}

# The language's usual country. Names, not QLocale enums: building those Python enums
# (hundreds of members) would cost start-up ~10 ms for two values.
_LOCALES = {"uk": "uk_UA", "en": "en_US"}


def system_language(system: QLocale | None = None) -> str:
    """The UI language the system asks for: "uk" for a Ukrainian system, else "en"."""
    system = system if system is not None else QLocale.system()
    preferred = system.uiLanguages()
    first = preferred[0] if preferred else system.name()
    return "uk" if first.replace("_", "-").split("-")[0].lower() == "uk" else DEFAULT_LANGUAGE


def language_for(setting: str, system: QLocale | None = None) -> str:
    """The UI language ("uk" or "en") for a setting value; anything unknown means English."""
    value = setting.strip().lower().replace("-", "_")
    if value in SYSTEM_VALUES:
        return system_language(system)
    base = value.split("_")[0]
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def locale_for(language: str, system: QLocale | None = None) -> QLocale:
    """Formats for the language: the system's own when it speaks it (its country's dates
    and numbers), else the language's usual country."""
    system = system if system is not None else QLocale.system()
    if QLocale(language).name().split("_")[0] == system.name().split("_")[0]:
        return QLocale(system)
    return QLocale(_LOCALES.get(language, _LOCALES[DEFAULT_LANGUAGE]))


# -- the bridge --------------------------------------------------------------------------------


class CatalogueTranslator(QTranslator):
    """Qt's translator over a gettext catalogue.

    Qt asks every installed translator, newest first, until one answers; None means "not
    here" (Qt then asks the next one, in the end showing the source). Qt's context (the
    class name) is not used: an English sentence is one entry whichever window shows it.
    Qt's disambiguation is the gettext context (msgctxt). A plural (``n >= 0``) is looked
    up as msgid and msgid_plural both the Qt source ("%n lead(s)"); Qt puts the number in
    for ``%n`` after the translator answered. English, the source, answers singular
    lookups at once and loads its catalogue when the first plural asks.
    """

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue

    def translate(
        self,
        context: str,
        sourceText: str,  # Qt's name, for callers passing it by keyword
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        msgctxt = disambiguation or None
        if n >= 0:
            return self.catalogue.lookup_plural(sourceText, sourceText, n, msgctxt)
        return self.catalogue.lookup(sourceText, msgctxt)

    def isEmpty(self) -> bool:
        # Qt sends LanguageChange only for a translator that is not empty.
        return False


# -- switching ---------------------------------------------------------------------------------


class Translations(QObject):
    """The installed translators of one application; `apply` switches the language."""

    changed = Signal(str)  # the new language, after the translators are in place

    def __init__(self, app: QCoreApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = ""
        self.warnings: list[str] = []  # sentences for the message bar

    def apply(self, setting: str, system: QLocale | None = None) -> str:
        """Switch to the language a setting names; returns the language now in use."""
        language = language_for(setting, system)
        QLocale.setDefault(locale_for(language, system))
        catalogue = set_language(language)  # the core's too: Texts rendered from now on
        if language != DEFAULT_LANGUAGE and not catalogue.load():
            name = LANGUAGE_NAMES.get(language, language)
            message = f"The {name} translation could not be loaded; showing English."
            if message not in self.warnings:
                self.warnings.append(message)
            log.warning("%s", message)
        self._remove()
        for translator in self._load(language, catalogue):
            # Each install sends QEvent.LanguageChange to every widget.
            self._app.installTranslator(translator)
            self._installed.append(translator)
        self.language = language
        self.changed.emit(language)
        return language

    def _remove(self) -> None:
        for translator in self._installed:
            self._app.removeTranslator(translator)
            translator.deleteLater()  # a switch back makes new ones
        self._installed.clear()

    def _load(self, language: str, catalogue: Catalogue) -> list[QTranslator]:
        loaded: list[QTranslator] = [CatalogueTranslator(catalogue, self)]
        # Qt's own strings: the buttons of standard dialogs, context menus of text fields.
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(self)
        if language != DEFAULT_LANGUAGE and qt.load(f"qtbase_{language}", qt_dir):
            loaded.append(qt)
        return loaded


_active: Translations | None = None


def install(app: QCoreApplication, setting: str = "") -> Translations:
    """Load the language for `setting`; the one `Translations` of the process (later calls
    switch it)."""
    global _active
    if _active is None:
        _active = Translations(app, parent=app)
    _active.apply(setting)
    return _active


def active() -> Translations | None:
    """The `Translations` that `install` made, if any."""
    return _active


class Labels:
    """Texts a widget builds in code, set now and again on every language change.

    ``labels.set(menu.setTitle, lambda: self.tr("&File"))``: the extraction still sees the
    ``self.tr`` call, and `refresh` (from the owner's ``changeEvent``) re-runs each lambda
    under the new translators. An entry whose widget is gone is dropped.
    """

    def __init__(self) -> None:
        self._entries: list[tuple[Callable[[str], object], Callable[[], str]]] = []

    def set(self, setter: Callable[[str], object], text: Callable[[], str]) -> None:
        setter(text())
        self._entries.append((setter, text))

    def call(self, action: Callable[[], object]) -> None:
        """Run `action` now and on every refresh (for texts set several at a time)."""
        self.set(lambda _text: action(), str)

    def refresh(self) -> None:
        alive = []
        for setter, text in self._entries:
            try:
                setter(text())
            except RuntimeError:  # the C++ object was deleted
                continue
            alive.append((setter, text))
        self._entries = alive

    def __len__(self) -> int:
        return len(self._entries)


# Qt's own parts of the window name themselves for assistive technology once, when they
# are made, in the language of that moment; a switch words them again (Qt's catalogue).
_QT_PARTS = {
    "qt_dockwidget_floatbutton": (
        ("QDockWidget", "Float"),
        ("QDockWidget", "Undocks and re-attaches the dock widget"),
    ),
    "qt_dockwidget_closebutton": (
        ("QDockWidget", "Close"),
        ("QDockWidget", "Closes the dock widget"),
    ),
    "ScrollLeftButton": (("QTabBar", "Scroll Left"), None),
    "ScrollRightButton": (("QTabBar", "Scroll Right"), None),
}


def relabel_qt_parts(window: QObject) -> None:
    from PySide6.QtWidgets import QAbstractButton

    for button in window.findChildren(QAbstractButton):
        found = _QT_PARTS.get(button.objectName())
        if found is None:
            continue
        name, description = found
        button.setAccessibleName(QCoreApplication.translate(*name))
        if description is not None:
            button.setAccessibleDescription(QCoreApplication.translate(*description))
