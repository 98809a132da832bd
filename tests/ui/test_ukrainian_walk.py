"""With Ukrainian active, every text of the window and its dialogs is Ukrainian.

Only names and technical terms stay (a short whitelist in `ui_text_walk`), and the
checklist's own words, which are data and shown as written."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from amogui.checklist import load_bundled
from amogui.checklist.model import Checklist
from amogui.checks.registry import CHECK_IDS
from amogui.report.verify import FileCheck, VerifyResult
from amogui.run.exchange import Exchange
from amogui.run.store import RunStore
from amogui.sandbox.faults import FAULTS
from amogui.service.service import Service
from amogui.settings.profiles import PRODUCTION_PROFILE, builtin_profiles
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui import i18n
from amogui.ui.main_window import MainWindow
from amogui.ui.report_actions import VerifyDialog
from amogui.ui.runs_dialog import PastRunsDialog
from amogui.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import wait
from tests.ui.translations_support import catalogues, translations
from tests.ui.ui_text_walk import english_leftovers, english_words

__all__ = ["catalogues", "translations"]  # fixtures used here

MakeWindow = Callable[..., MainWindow]
# Code blocks (curl, JSON), URLs, and the rows of the request log and leads tables (their
# tooltips carry the URL or the error of an exchange: evidence, not UI text).
NOT_UI_TEXT = frozenset({"#code", "#authorizeUrl", "QTableView item", "QHeaderView item"})
# Check ids, fault names and profile names are identifiers: users type them as they are.
IDENTIFIERS = frozenset(
    [*CHECK_IDS, *FAULTS, *(p.name for p in builtin_profiles())]
    + [w for name in (p.name for p in builtin_profiles()) for w in name.split()]
)


def checklist_words(checklist: Checklist) -> list[str]:
    """Every string the checklist brings: shown as written, in its own language."""
    words = [checklist.title, checklist.problems_title, checklist.criteria_title]
    words += checklist.footer
    for section in checklist.sections:
        words += [section.title, *section.text]
    for step in checklist.steps():
        words += [step.title, step.heading, step.file or "", *step.context, *step.actions]
        words += step.notes
        words += step.expected
        words += [i.text for i in step.review_items]
    for problem in checklist.problems:
        words += [problem.title, problem.heading, *problem.symptoms, *problem.solutions]
    words += [c.text for c in checklist.criteria]
    # longest first: a title inside a longer line is removed with its line
    return sorted({w.replace("`", "") for w in words if w and w.strip()}, key=len, reverse=True)


def leftovers(root: QWidget, data: list[str]) -> list[tuple[str, str, list[str]]]:
    found = []
    for where, text, words in english_leftovers(root, skip=NOT_UI_TEXT, extra=IDENTIFIERS):
        rest = text.replace("`", "")
        for item in data:
            rest = rest.replace(item, " ")
        if english_words(rest, IDENTIFIERS):
            found.append((where, text, words))
    return found


@pytest.fixture
def session(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Service]:
    made = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    wait(qtbot, loop, made.target.activate(PRODUCTION_PROFILE))
    yield made
    made.close()


@pytest.fixture
def ukrainian(translations: i18n.Translations) -> i18n.Translations:
    translations.apply("uk")
    QApplication.processEvents()
    return translations


def exchange(status: int | None) -> Exchange:
    return Exchange(
        id="x0001",
        check_id="status.before",
        method="GET",
        url="https://admin.example.test/api/amo-crm/status",
        started_at="2026-11-27T09:55:03.000Z",
        duration_ms=125.0,
        status=status,
        response_body='{"success": true}',
        response_size=17,
        error=None if status else "Connection refused",
    )


def test_the_main_window_and_every_page_are_ukrainian(
    ukrainian: i18n.Translations, make_window: MakeWindow, session: Service, qtbot: Any
) -> None:
    checklist = load_bundled()
    data = checklist_words(checklist)
    window = make_window(checklist, service=session)
    window.add_exchange(exchange(200))
    window.add_exchange(exchange(None))
    window.log_panel.select("x0001")
    problems: list[tuple[str, str, list[str]]] = []
    # every row of the tree: each page of the step panel is built and walked
    for index in walk_tree(window):
        window.select_node(index)
        problems += leftovers(window, data)
    assert not dedupe(problems), "\n".join(map(str, dedupe(problems)))


def test_the_dialogs_are_ukrainian(
    ukrainian: i18n.Translations, make_window: MakeWindow, session: Service, qtbot: Any
) -> None:
    window = make_window(load_bundled(), service=session)
    dialogs: list[QWidget] = [
        SettingsDialog(session.target, window),
        window.connect_dialog,
        PastRunsDialog(window.service.past_runs, window.run.run_id, window),
        window.help_menu.show_shortcuts(),
        VerifyDialog(
            VerifyResult(
                directory=Path("/tmp/report"),
                files=[FileCheck("report.json", True, "")],
                fingerprint="SHA256:abc",
                claimed="tester@example.test",
            ),
            window,
        ),
    ]
    problems = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        problems += leftovers(dialog, [])
    assert not dedupe(problems), "\n".join(map(str, dedupe(problems)))


def walk_tree(window: MainWindow) -> list[Any]:
    model = window.model
    found = []
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop(0)
        found.append(index)
        stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    return found


def dedupe(items: list[tuple[str, str, list[str]]]) -> list[tuple[str, str, list[str]]]:
    seen, out = set(), []
    for where, text, words in items:
        if (where, text) not in seen:
            seen.add((where, text))
            out.append((where, text, words))
    return out


def test_the_walk_finds_english_when_english_is_on(
    translations: i18n.Translations, make_window: MakeWindow, session: Service
) -> None:
    """The walk itself works: in English it finds the menus, buttons and headers."""
    translations.apply("en")
    window = make_window(load_bundled(), service=session)
    found = {text for _, text, _ in leftovers(window, checklist_words(window.checklist))}
    assert {"&File", "&Open checklist...", "Checklist", "Request log"} <= found


def test_the_settings_dialog_labels_every_known_field(session: Service, qtbot: Any) -> None:
    from amogui.settings.profiles import default_params, default_paths
    from amogui.ui.settings_dialog import PARAM_LABELS, PATH_LABELS

    assert set(default_paths()) <= set(PATH_LABELS)
    assert set(default_params()) <= set(PARAM_LABELS)


def test_every_core_text_is_in_the_catalogue(translations: i18n.Translations) -> None:
    from amogui.checks.registry import CHECKS
    from amogui.ui.core_text import FAULT_TEXTS, core_text

    translations.apply("uk")
    untranslated = [c.id for c in CHECKS if core_text(c.proves) == c.proves]
    assert untranslated == []
    assert dict(FAULTS) == FAULT_TEXTS
    from amogui.checks.diagnose import OWN_NOTES
    from amogui.ui.core_text import OWN_NOTE_TEXTS

    own = [t for n in OWN_NOTES.values() for t in (n.title, *n.symptoms, *n.solutions)]
    # In order; notes added to the core since wait at the end for their translation.
    assert own[: len(OWN_NOTE_TEXTS)] == list(OWN_NOTE_TEXTS)
