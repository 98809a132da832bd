"""The UI language: choose it, load its translations, switch it while the window is open.

Source strings are English (``self.tr("Pass")``); Ukrainian is a translation. English has a
catalogue of its own too, for plural forms ("1 lead", "2 leads"). The setting
(`amogui.settings.store.Settings.language`) is ``""`` (or ``"system"``) to follow the system,
else ``"uk"`` or ``"en"``. The system is followed only as far as Ukrainian goes: a Ukrainian
system gets the Ukrainian UI, every other one the English UI.

Installing a translator makes Qt send ``QEvent.LanguageChange`` to every widget; widgets that
build their text in code re-label themselves in ``changeEvent``. `Translations.changed` is the
same news as a signal, for objects that are not widgets (models, controllers).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from amogui.base.resources import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = ("en", "uk")
DEFAULT_LANGUAGE = "en"
SYSTEM_VALUES = ("", "system")
CATALOGUE = "amogui"
TRANSLATIONS_DIR = resources_dir() / "translations"
COMPILE_TIMEOUT = 60  # seconds; lrelease takes well under one on our catalogues

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


# -- compiling ---------------------------------------------------------------------------------


def find_lrelease() -> str | None:
    """The lrelease of this environment (dev installs have one; a built app does not)."""
    import shutil

    candidates = [
        Path(sys.executable).with_name("pyside6-lrelease"),
        Path(sys.executable).with_name("pyside6-lrelease.exe"),
    ]
    on_path = shutil.which("pyside6-lrelease")
    if on_path:
        candidates.append(Path(on_path))
    try:
        import PySide6

        package = Path(PySide6.__file__).parent
        candidates += [package / "lrelease", package / "lrelease.exe"]
    except ImportError:  # pragma: no cover - PySide6 is imported above already
        pass
    return next((str(c) for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)


def _outdated(ts: Path, qm: Path) -> bool:
    try:
        return qm.stat().st_mtime < ts.stat().st_mtime
    except FileNotFoundError:
        return True


def _compile(tool: str, ts: Path, qm: Path) -> bool:
    """Compile into a temporary file, then replace: a reader never sees half a catalogue."""
    import subprocess
    import tempfile

    fd, temp_name = tempfile.mkstemp(prefix=f".{qm.stem}-", suffix=".qm", dir=qm.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        result = subprocess.run(
            [tool, "-silent", str(ts), "-qm", str(temp)],
            capture_output=True,
            text=True,
            timeout=COMPILE_TIMEOUT,
            check=False,
        )
        if result.returncode != 0 or temp.stat().st_size == 0:
            reason = (result.stderr or result.stdout).strip() or f"exit code {result.returncode}"
            log.warning("could not compile %s: %s", ts.name, reason)
            return False
        os.replace(temp, qm)
        return True
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile %s: %s", ts.name, exc)
        return False
    finally:
        temp.unlink(missing_ok=True)


def ensure_compiled(directory: Path = TRANSLATIONS_DIR, lrelease: str | None = None) -> list[Path]:
    """Compile every ``.ts`` whose ``.qm`` is missing or older, when lrelease is at hand.

    Returns the catalogues compiled. Never raises: without the tool or a writable directory
    the existing ``.qm`` files (or none: English source text) are used.
    """
    stale = [ts for ts in sorted(directory.glob("*.ts")) if _outdated(ts, ts.with_suffix(".qm"))]
    if not stale:
        return []
    tool = lrelease or find_lrelease()
    if tool is None:
        log.info("no lrelease here; %d translation catalogue(s) left as they are", len(stale))
        return []
    if not os.access(directory, os.W_OK):
        log.info("%s is read-only; translation catalogues left as they are", directory)
        return []
    return [ts.with_suffix(".qm") for ts in stale if _compile(tool, ts, ts.with_suffix(".qm"))]


# -- switching ---------------------------------------------------------------------------------


def catalogue_path(language: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{CATALOGUE}_{language}.qm"


class Translations(QObject):
    """The installed translators of one application; `apply` switches the language."""

    changed = Signal(str)  # the new language, after the translators are in place

    def __init__(
        self,
        app: QCoreApplication,
        directory: Path = TRANSLATIONS_DIR,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._directory = directory
        self._installed: list[QTranslator] = []
        self.language = ""
        self.warnings: list[str] = []  # sentences for the message bar

    def apply(self, setting: str, system: QLocale | None = None) -> str:
        """Switch to the language a setting names; returns the language now in use."""
        language = language_for(setting, system)
        QLocale.setDefault(locale_for(language, system))
        self._remove()
        for translator in self._load(language):
            # Each install sends QEvent.LanguageChange to every widget.
            self._app.installTranslator(translator)
            self._installed.append(translator)
        self.language = language
        self.changed.emit(language)
        return language

    def _remove(self) -> None:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()

    def _load(self, language: str) -> list[QTranslator]:
        loaded = []
        own = QTranslator(self)
        path = catalogue_path(language, self._directory)
        if own.load(str(path)):
            loaded.append(own)
        elif language != DEFAULT_LANGUAGE:
            message = (
                f"The {language} translation ({path.name}) could not be loaded; showing English."
            )
            self.warnings.append(message)
            log.warning("%s", message)
        # Qt's own strings: the buttons of standard dialogs, context menus of text fields.
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(self)
        if language != DEFAULT_LANGUAGE and qt.load(f"qtbase_{language}", qt_dir):
            loaded.append(qt)
        return loaded


_active: Translations | None = None


def install(app: QCoreApplication, setting: str = "") -> Translations:
    """Compile what is stale, then load the language for `setting`; the one `Translations`
    of the process (later calls switch it)."""
    global _active
    if _active is None:
        ensure_compiled()
        _active = Translations(app, parent=app)
    _active.apply(setting)
    return _active


def active() -> Translations | None:
    """The `Translations` that `install` made, if any."""
    return _active


class Labels:
    """Texts a widget builds in code, set now and again on every language change.

    ``labels.set(menu.setTitle, lambda: self.tr("&File"))``: lupdate still sees the
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
