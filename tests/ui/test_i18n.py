"""Choosing and switching the UI language; Qt's lookups served from the gettext catalogue
the core renders from; the catalogues themselves."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QWidget

from amogui.base import catalogues as catalogue_files
from amogui.base import i18n as core
from amogui.base.po import Entry, compile_po, read_po
from amogui.ui import i18n
from amogui.ui.main_window import MainWindow
from tests.ui.translations_support import catalogues, translations

__all__ = ["catalogues", "translations"]  # fixtures used here

PO_DIR = catalogue_files.translations_dir()
ROOT = Path(__file__).resolve().parents[2]  # the checkout


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


# -- the bridge ------------------------------------------------------------------------------

SMALL_PO = """
msgid ""
msgstr ""
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
"(n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "Pass"
msgstr "Пройдено"

msgctxt "route"
msgid "Log in"
msgstr "Вхід"

msgid "Log in"
msgstr "Увійти"

msgid "%n lead(s)"
msgid_plural "%n lead(s)"
msgstr[0] "%n лід"
msgstr[1] "%n ліди"
msgstr[2] "%n лідів"

#, fuzzy
msgid "Fail"
msgstr "Пройдено"
"""


@pytest.fixture
def small(qapp: QApplication) -> Iterator[i18n.CatalogueTranslator]:
    """A bridge over a small Ukrainian catalogue, installed in the application."""
    import gettext
    import io

    mo = compile_po(SMALL_PO.encode("utf-8"))
    catalogue = core.Catalogue("uk", gettext.GNUTranslations(io.BytesIO(mo)))
    bridge = i18n.CatalogueTranslator(catalogue)
    qapp.installTranslator(bridge)
    yield bridge
    qapp.removeTranslator(bridge)


def test_the_bridge_answers_qt_from_the_gettext_catalogue(
    small: i18n.CatalogueTranslator,
) -> None:
    translate = QCoreApplication.translate
    assert translate("AnyContext", "Pass") == "Пройдено"  # Qt's context is not used
    assert QObject().tr("Pass") == "Пройдено"
    assert translate("X", "Log in") == "Увійти"
    assert translate("X", "Log in", "route") == "Вхід"  # disambiguation is msgctxt
    assert translate("X", "Fail") == "Fail"  # fuzzy: not compiled, the source shows
    assert translate("X", "Not in the catalogue") == "Not in the catalogue"
    assert small.translate("X", "Not in the catalogue") is None  # Qt asks the next one


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 лід"),
        (2, "2 ліди"),
        (4, "4 ліди"),
        (5, "5 лідів"),
        (11, "11 лідів"),
        (12, "12 лідів"),
        (21, "21 лід"),
        (22, "22 ліди"),
        (0, "0 лідів"),
    ],
)
def test_qt_plurals_take_the_gettext_forms_and_qt_puts_the_number_in(
    small: i18n.CatalogueTranslator, n: int, text: str
) -> None:
    assert QObject().tr("%n lead(s)", "", n) == text


def test_the_real_catalogue_serves_the_windows_plurals(
    translations: i18n.Translations,
) -> None:
    from amogui.ui import locale_format

    translations.apply("uk")
    assert [locale_format.count_leads(n) for n in (1, 3, 5, 21)] == [
        "1 лід",
        "3 ліди",
        "5 лідів",
        "21 лід",
    ]
    assert QObject().tr("%n problem(s): ", "", 2) == "2 проблеми: "
    translations.apply("en")
    assert [locale_format.count_leads(n) for n in (1, 3)] == ["1 lead", "3 leads"]
    assert QObject().tr("%n problem(s): ", "", 1) == "1 problem: "


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


def test_a_switch_sets_the_core_language_too(translations: i18n.Translations) -> None:
    """One catalogue: a core Text rendered after a switch is in the new language."""
    sentence = core.t("{label}: {value}", label=core.t("Checklist"), value=7)
    seen: list[str] = []
    translations.changed.connect(lambda _language: seen.append(core.render(sentence)))
    translations.apply("uk")
    assert core.current().language == "uk"
    assert core.render(sentence) == "Чеклист: 7"
    assert str(sentence) == "Checklist: 7"  # the stable English form
    translations.apply("en")
    assert core.render(sentence) == "Checklist: 7"
    assert seen == ["Чеклист: 7", "Checklist: 7"]  # views re-render on `changed`


@pytest.fixture
def no_catalogues() -> Iterator[None]:
    core.set_loader(lambda language: None)
    yield
    core.set_loader(None)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_the_language_is_set_before_the_first_paint_without_the_cores_text_module(
    language: str,
) -> None:
    """The window's shell shows before the core loads: the language must not pull in
    the core's Text (and dataclasses) early."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from amogui.ui import i18n\n"
        f"i18n.install(QApplication([]), {language!r})\n"
        "print('amogui.base.i18n' in sys.modules, i18n.active().language)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", language]


def test_a_missing_catalogue_is_a_warning_and_english(
    qapp: QApplication, no_catalogues: None
) -> None:
    previous = QLocale()
    made = i18n.Translations(qapp)
    try:
        assert made.apply("uk") == "uk"
        assert QCoreApplication.translate("Format", "{n} min") == "{n} min"
        assert core.render(core.t("Checklist")) == "Checklist"
        assert made.warnings == ["The Ukrainian translation could not be loaded; showing English."]
        made.apply("uk")
        assert len(made.warnings) == 1  # said once
    finally:
        made.apply("en")
        made._remove()
        QLocale.setDefault(previous)


@pytest.mark.parametrize(
    "damage",
    [
        b'msgid "Checklist"\nmsgstr "\xd0\xa7\xd0\xb5\n',  # a string cut off
        b"\x00\xff not a catalogue",
        b'msgstr "no msgid before me"\n',
    ],
)
def test_a_damaged_catalogue_is_a_warning_and_english_not_a_crash(
    qapp: QApplication, tmp_path: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "amogui_uk.po").write_bytes(damage)
    core.set_loader(lambda language: catalogue_files.load(language, tmp_path, tmp_path / "c"))
    previous = QLocale()
    made = i18n.Translations(qapp)
    try:
        made.apply("uk")
        assert QCoreApplication.translate("ChecklistModel", "Checklist") == "Checklist"
        assert made.warnings and "amogui_uk.po is damaged" in caplog.text
    finally:
        made.apply("en")
        made._remove()
        QLocale.setDefault(previous)
        core.set_loader(None)


# -- the catalogues themselves -----------------------------------------------------------------


def _entries(language: str) -> list[Entry]:
    text = (PO_DIR / f"amogui_{language}.po").read_text(encoding="utf-8")
    return [e for e in read_po(text) if e.msgid]


def _key(entry: Entry) -> tuple[str | None, str]:
    return entry.context, entry.msgid


def test_the_catalogues_hold_the_same_messages() -> None:
    uk = {_key(e): e.msgid_plural for e in _entries("uk")}
    en = {_key(e): e.msgid_plural for e in _entries("en")}
    assert uk == en


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?\d|%[nvmp]|%Ln|<[^<>]+>|\\n|\n")


@pytest.mark.parametrize("language", ["uk", "en"])
def test_translations_keep_every_placeholder_and_tag(language: str) -> None:
    for entry in _entries(language):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for form in entry.msgstr.values():
            if form:  # English leaves what needs no translation empty
                assert sorted(PLACEHOLDER.findall(form)) == wanted, (entry.msgid, form)


def test_no_ukrainian_entry_is_unfinished() -> None:
    for entry in _entries("uk"):
        assert not entry.fuzzy, entry.msgid
        assert entry.translated and all(f.strip() for f in entry.msgstr.values()), entry.msgid


def test_ukrainian_plurals_have_three_forms_and_english_two() -> None:
    for language, forms in (("uk", 3), ("en", 2)):
        for entry in _entries(language):
            if entry.msgid_plural is not None:
                assert len(entry.msgstr) == forms, (language, entry.msgid)
                if "(s)" in entry.msgid:  # a Qt plural: its own msgid_plural
                    assert entry.msgid_plural == entry.msgid


def test_the_catalogues_compile_with_the_runtime_compiler() -> None:
    for language in ("uk", "en"):
        source = (PO_DIR / f"amogui_{language}.po").read_bytes()
        assert compile_po(source)


def _update_tool() -> ModuleType:
    path = ROOT / "tools" / "update-translations"
    loader = importlib.machinery.SourceFileLoader("update_translations", str(path))
    spec = importlib.util.spec_from_loader("update_translations", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_every_string_in_the_code_has_a_ukrainian_translation() -> None:
    """The extraction finds nothing the Ukrainian catalogue lacks: a sentence added
    without its translation (tools/update-translations, then translate) fails here, not
    in front of a tester."""
    template = _update_tool().extract(ROOT)
    uk = {_key(e) for e in _entries("uk") if e.translated and not e.fuzzy}
    in_code = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in template if m.id}
    assert len(in_code) > 300  # the extraction works at all
    assert sorted(in_code - uk, key=str) == [], "run tools/update-translations, translate"


EXTRACTED_MODULE = """
from amogui.base.i18n import N_, t, tn

A = t("the callback answered HTTP {status}", status=404)
B = tn("{n} lead", "{n} leads", 2, who="x")
C = N_("marked only")
tester = {"name": "x"}
D = tester["name"] or t
E = self.tr("&File")
F = self.tr(
    "%n saved run(s).",
    "",
    len(runs),
)
G = QCoreApplication.translate("Format", "%Ln page(s)", None, n)
H = QCoreApplication.translate("MainWindow", "Plain")
I = QT_TRANSLATE_NOOP("SettingsDialog", "Login")
J = QT_TR_NOOP("Noop")
K = self.tr("Log in", "route")
L = "text".translate(table)
M = self.tr(variable)
N = t(f"not {translatable}")
"""


def test_the_extraction_reads_every_kind_of_marker(tmp_path: Path) -> None:
    (tmp_path / "amogui").mkdir()
    (tmp_path / "amogui" / "module.py").write_text(EXTRACTED_MODULE, encoding="utf-8")
    template = _update_tool().extract(tmp_path)
    found = {(m.context, m.id) for m in template if m.id}
    assert found == {
        (None, "the callback answered HTTP {status}"),
        (None, ("{n} lead", "{n} leads")),
        (None, "marked only"),
        (None, "&File"),
        (None, ("%n saved run(s).", "%n saved run(s).")),  # a trailing comma is no argument
        (None, ("%Ln page(s)", "%Ln page(s)")),
        (None, "Plain"),
        (None, "Login"),
        (None, "Noop"),
        ("route", "Log in"),
    }


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
