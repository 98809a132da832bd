"""Choosing, compiling and switching the UI language."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QWidget

from amogui.ui import i18n
from amogui.ui.main_window import MainWindow
from tests.ui.translations_support import catalogues, translations

__all__ = ["catalogues", "translations"]  # fixtures used here

TS_DIR = i18n.TRANSLATIONS_DIR


# -- choosing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "system", "language"),
    [
        ("", "uk_UA", "uk"),
        ("system", "uk_UA", "uk"),
        ("", "en_GB", "en"),
        ("", "ru_UA", "en"),  # Ukrainian only for a Ukrainian system
        ("", "de_DE", "en"),
        ("", "C", "en"),
        ("uk", "en_US", "uk"),
        ("uk_UA", "en_US", "uk"),
        ("UK ", "en_US", "uk"),
        ("en", "uk_UA", "en"),
        ("en-GB", "uk_UA", "en"),
        ("fr", "uk_UA", "en"),  # no French UI: English
        ("???", "uk_UA", "en"),
    ],
)
def test_language_for(setting: str, system: str, language: str) -> None:
    assert i18n.language_for(setting, QLocale(system)) == language


def test_locale_keeps_the_systems_country_when_it_speaks_the_language() -> None:
    assert i18n.locale_for("en", QLocale("en_GB")).name() == "en_GB"
    assert i18n.locale_for("uk", QLocale("uk_UA")).name() == "uk_UA"
    assert i18n.locale_for("uk", QLocale("en_GB")).name() == "uk_UA"
    assert i18n.locale_for("en", QLocale("uk_UA")).name() == "en_US"


# -- compiling ---------------------------------------------------------------------------------


@pytest.fixture
def ts_copy(tmp_path: Path) -> Path:
    for ts in TS_DIR.glob("*.ts"):
        shutil.copy(ts, tmp_path / ts.name)
    return tmp_path


@pytest.mark.skipif(i18n.find_lrelease() is None, reason="pyside6-lrelease is not installed")
def test_ensure_compiled_builds_missing_and_outdated_catalogues_only(ts_copy: Path) -> None:
    first = i18n.ensure_compiled(ts_copy)
    assert sorted(p.name for p in first) == ["amogui_en.qm", "amogui_uk.qm"]
    assert i18n.ensure_compiled(ts_copy) == []  # up to date: nothing to do
    uk_ts = ts_copy / "amogui_uk.ts"
    newer = (ts_copy / "amogui_uk.qm").stat().st_mtime + 10
    os.utime(uk_ts, (newer, newer))
    assert i18n.ensure_compiled(ts_copy) == [ts_copy / "amogui_uk.qm"]
    assert not list(ts_copy.glob(".*.qm"))  # no temporary file left behind


def test_ensure_compiled_without_the_tool_changes_nothing(ts_copy: Path) -> None:
    assert i18n.ensure_compiled(ts_copy, lrelease=str(ts_copy / "no-such-lrelease")) == []
    assert not list(ts_copy.glob("*.qm"))


@pytest.mark.skipif(i18n.find_lrelease() is None, reason="pyside6-lrelease is not installed")
def test_a_broken_ts_is_reported_not_raised(
    ts_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (ts_copy / "amogui_uk.ts").write_text("<TS><context><message>", encoding="utf-8")
    compiled = i18n.ensure_compiled(ts_copy)
    assert compiled == [ts_copy / "amogui_en.qm"]
    assert not (ts_copy / "amogui_uk.qm").exists()
    assert "could not compile amogui_uk.ts" in caplog.text
    assert not list(ts_copy.glob(".*.qm"))


def test_nothing_to_compile_in_an_empty_directory(tmp_path: Path) -> None:
    assert i18n.ensure_compiled(tmp_path) == []


# -- switching ---------------------------------------------------------------------------------


class Relabelled(QLabel):
    """A widget that builds its text in code, as the window's widgets do."""

    def __init__(self) -> None:
        super().__init__()
        self.changes = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(QCoreApplication.translate("Format", "{n} min").format(n=2))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.changes += 1
            self.retranslate()
        super().changeEvent(event)


def test_switching_relabels_widgets_and_sets_the_locale(
    qtbot: object, translations: i18n.Translations
) -> None:
    parent = QWidget()
    label = Relabelled()
    label.setParent(parent)
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    seen: list[str] = []
    translations.changed.connect(seen.append)

    assert translations.apply("uk") == "uk"
    QApplication.processEvents()  # LanguageChange is posted
    assert label.text() == "2 хв"
    assert QLocale().language() == QLocale.Language.Ukrainian
    assert translations.language == "uk"

    assert translations.apply("en") == "en"
    QApplication.processEvents()
    assert label.text() == "2 min"
    assert QLocale().language() == QLocale.Language.English
    assert seen == ["uk", "en"]
    assert label.changes >= 2


def test_ukrainian_brings_qts_own_strings(translations: i18n.Translations) -> None:
    translations.apply("uk")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Скасувати"
    translations.apply("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_switching_back_and_forth_leaves_one_set_of_translators(
    translations: i18n.Translations,
) -> None:
    for _ in range(3):
        translations.apply("uk")
        translations.apply("en")
    assert len(translations._installed) == 1  # English: our catalogue only
    assert QCoreApplication.translate("Format", "%Ln lead(s)", None, 1) == "1 lead"


def test_a_missing_catalogue_is_a_warning_and_english(qapp: QApplication, tmp_path: Path) -> None:
    previous = QLocale()
    made = i18n.Translations(qapp, tmp_path)
    try:
        assert made.apply("uk") == "uk"
        assert QCoreApplication.translate("Format", "{n} min") == "{n} min"
        assert any("amogui_uk.qm" in w for w in made.warnings)
    finally:
        made.apply("en")
        made._remove()
        QLocale.setDefault(previous)


# -- the catalogues themselves -----------------------------------------------------------------


def test_the_catalogues_hold_the_same_messages() -> None:
    import xml.etree.ElementTree as ET

    def keys(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()  # noqa: S314 - our own file
        return {
            (ctx.findtext("name") or "", m.findtext("source") or "")
            for ctx in root.iter("context")
            for m in ctx.iter("message")
        }

    assert keys(TS_DIR / "amogui_uk.ts") == keys(TS_DIR / "amogui_en.ts")


def _messages(path: Path) -> list[tuple[str, str, list[str]]]:
    """(context, source, translations) of a catalogue; plural messages have several."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()  # noqa: S314 - our own file
    found = []
    for ctx in root.iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            forms = [f.text or "" for f in tr.findall("numerusform")] or [tr.text or ""]
            found.append((ctx.findtext("name") or "", m.findtext("source") or "", forms))
    return found


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?\d|%[nvmp]|%Ln|<[^<>]+>|\\n|\n")


@pytest.mark.parametrize("name", ["amogui_uk.ts", "amogui_en.ts"])
def test_translations_keep_every_placeholder_and_tag(name: str) -> None:
    for context, source, forms in _messages(TS_DIR / name):
        wanted = sorted(PLACEHOLDER.findall(source))
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == wanted, (context, source, form)


def test_no_ukrainian_entry_is_unfinished() -> None:
    text = (TS_DIR / "amogui_uk.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    for context, source, forms in _messages(TS_DIR / "amogui_uk.ts"):
        assert all(f.strip() or not source.strip() for f in forms), (context, source)


def test_ukrainian_plurals_have_three_forms() -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(TS_DIR / "amogui_uk.ts").getroot()  # noqa: S314 - our own file
    for m in root.iter("message"):
        if m.get("numerus") == "yes":
            assert len(m.findall("translation/numerusform")) == 3, m.findtext("source")


# -- the language menu -------------------------------------------------------------------------


def test_language_menu_switches_and_remembers(
    qtbot: object, translations: i18n.Translations
) -> None:
    from amogui.settings.store import SettingsStore
    from amogui.ui.language_menu import LanguageMenu

    store = SettingsStore()
    menu = LanguageMenu(translations, store)
    qtbot.addWidget(menu)  # type: ignore[attr-defined]
    assert menu.actions_by_value[""].isChecked()  # nothing chosen yet: the system's
    assert menu.title() == "&Language"

    menu.actions_by_value["uk"].trigger()
    QApplication.processEvents()
    assert translations.language == "uk"
    assert menu.title() == "&Мова"
    assert menu.actions_by_value[""].text() == "&Мова системи"
    assert SettingsStore().settings.language == "uk"  # saved

    again = LanguageMenu(translations, SettingsStore())
    qtbot.addWidget(again)  # type: ignore[attr-defined]
    assert again.actions_by_value["uk"].isChecked()

    menu.actions_by_value["en"].trigger()
    QApplication.processEvents()
    assert translations.language == "en"
    assert menu.title() == "&Language"
    assert SettingsStore().settings.language == "en"


def test_language_menu_reports_a_failed_save(
    qtbot: object, translations: i18n.Translations, tmp_path: Path
) -> None:
    from amogui.settings.store import SettingsStore
    from amogui.ui.language_menu import LanguageMenu

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    store = SettingsStore(blocker / "settings.json")  # cannot be written
    menu = LanguageMenu(translations, store)
    qtbot.addWidget(menu)  # type: ignore[attr-defined]
    failures: list[str] = []
    menu.failed.connect(failures.append)
    assert menu.choose("uk") == "uk"  # the choice applies all the same
    assert failures and "settings.json" in failures[0]


# -- the real window ---------------------------------------------------------------------------


def test_the_window_relabels_when_the_language_switches_and_back(
    make_window: Callable[..., MainWindow], translations: i18n.Translations
) -> None:
    from amogui.checklist import load_bundled
    from amogui.run.state import Status
    from tests.ui.ui_text_walk import ui_texts

    window = make_window(load_bundled())
    window.select_step("s2.k3")
    window.panel.note_edit.setPlainText("typed before the switch")
    english = sorted(ui_texts(window))

    translations.apply("uk")
    QApplication.processEvents()
    assert window.windowTitle() == "amogui — чеклист інтеграції AMO CRM"
    assert window.file_menu.title() == "&Файл"
    assert window.open_action.text() == "&Відкрити чеклист..."
    assert window.verdict_actions[Status.PASSED].text() == "Позначити: Пройдено"
    assert window.tabs.tabText(0) == "Чеклист"
    assert window.tabs.tabText(1) == "Ліди"
    assert window.log_panel.windowTitle() == "Журнал запитів"
    assert window.help_menu.title() == "&Довідка"
    assert window.panel.verdict_buttons[Status.FAILED].text() == "Не пройдено"
    assert window.model.horizontalHeaderItem(0).text() == "Чеклист"
    assert window.progress_label.text().startswith("вирішено 0 з ")
    assert window.current_step_id() == "s2.k3"  # the selection and the page stay
    assert window.panel.note_edit.toPlainText() == "typed before the switch"
    assert sorted(ui_texts(window)) != english

    translations.apply("en")
    QApplication.processEvents()
    assert sorted(ui_texts(window)) == english  # every text back, nothing left over


def test_the_window_built_in_ukrainian_starts_in_ukrainian(
    make_window: Callable[..., MainWindow], translations: i18n.Translations
) -> None:
    translations.apply("uk")
    window = make_window()
    assert window.file_menu.title() == "&Файл"
    assert window.help_menu.shortcuts_action.text() == "&Клавіатурні скорочення"


def _lupdate() -> Path | None:
    found = Path(sys.executable).with_name("pyside6-lupdate")
    return found if found.is_file() else None


@pytest.mark.skipif(_lupdate() is None, reason="pyside6-lupdate is not installed")
def test_every_string_in_the_code_has_a_ukrainian_translation(tmp_path: Path) -> None:
    """lupdate over the code finds nothing new: a string added without its translation
    (tools/update-translations, then translate) fails here, not in front of a tester."""
    import subprocess

    root = TS_DIR.parents[2]
    sources = sorted(
        str(p)
        for p in (root / "amogui").rglob("*.py")
        if re.search(r"\b(tr|translate|QT_TR_NOOP|QT_TRANSLATE_NOOP)\(", p.read_text("utf-8"))
    )
    target = tmp_path / "amogui_uk.ts"
    shutil.copy(TS_DIR / "amogui_uk.ts", target)
    subprocess.run(
        [str(_lupdate()), "-silent", "-locations", "none", *sources, "-ts", str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    unfinished = [
        (context, source)
        for context, source, forms in _messages(target)
        if not all(f.strip() for f in forms) and source.strip()
    ]
    assert unfinished == [], "run tools/update-translations and translate these"


def _accelerator(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


@pytest.mark.parametrize("language", ["en", "uk"])
def test_menu_accelerators_do_not_clash(
    make_window: Callable[..., MainWindow], translations: i18n.Translations, language: str
) -> None:
    """Alt+letter reaches one menu, and one item inside it, in either language."""
    translations.apply(language)
    window = make_window()
    menus = [a for a in window.menuBar().actions() if a.menu() is not None]
    keys = [_accelerator(a.text()) for a in menus]
    assert None not in keys and len(set(keys)) == len(keys), keys
    for top in menus:
        menu = top.menu()
        assert isinstance(menu, QMenu)
        inner = [_accelerator(a.text()) for a in menu.actions() if not a.isSeparator()]
        marked = [k for k in inner if k is not None]
        assert len(set(marked)) == len(marked), (top.text(), inner)


def test_view_menu_switches_the_window_language(
    make_window: Callable[..., MainWindow], translations: i18n.Translations
) -> None:
    from amogui.settings.store import SettingsStore

    window = make_window()
    translations.warnings.append("a catalogue note")
    menu = window.install_language_menu(translations, SettingsStore())
    assert menu.menuAction() in window.view_menu.actions()
    assert "a catalogue note" in window.message_bar.text()
    menu.actions_by_value["uk"].trigger()
    QApplication.processEvents()
    assert window.view_menu.title() == "&Вигляд"
    assert menu.title() == "&Мова"
    menu.actions_by_value[""].trigger()  # the system's language
    QApplication.processEvents()
    system_uk = i18n.system_language() == "uk"
    assert window.view_menu.title() == ("&Вигляд" if system_uk else "&View")
    assert SettingsStore().settings.language == ""
