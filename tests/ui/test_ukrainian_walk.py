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

from amogui.base.i18n import t
from amogui.checklist import load_bundled
from amogui.checklist.model import Checklist
from amogui.checks.registry import CHECK_IDS
from amogui.report.verify import FileCheck, VerifyResult
from amogui.run.exchange import Exchange
from amogui.run.store import RunStore
from amogui.sandbox.faults import FAULTS
from amogui.service.events import Problem
from amogui.service.service import Service
from amogui.settings.profiles import PRODUCTION_PROFILE, builtin_profiles
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui import i18n
from amogui.ui.main_window import MainWindow
from amogui.ui.probes_dialog import ask_about_probes
from amogui.ui.report_actions import VerifyDialog
from amogui.ui.runs_dialog import PastRunsDialog
from amogui.ui.settings_dialog import SettingsDialog
from tests.oauth.consent import allow_and_follow
from tests.ui.conftest import wait
from tests.ui.translations_support import catalogues, translations
from tests.ui.ui_text_walk import english_leftovers, english_words

__all__ = ["catalogues", "translations"]  # fixtures used here

MakeWindow = Callable[..., MainWindow]
# Code blocks (curl, JSON), URLs, and the rows of the request log and leads tables (their
# tooltips carry the URL or the error of an exchange: evidence, not UI text).
NOT_UI_TEXT = frozenset(
    {"#code", "#authorizeUrl", "QTableView item", "#requestTable item", "QHeaderView item"}
)
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
        ask_about_probes(window, "ForYou production"),
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
    """What each check proves, what each sandbox fault does and amogui's own notes are
    declared once in the core; the window finds every one of them in Ukrainian."""
    from amogui.checks.diagnose import OWN_NOTES
    from amogui.checks.registry import CHECKS
    from amogui.sandbox.faults import FAULT_TABLE, KIND_LABELS, NEEDS_LABEL, TURNS_ON_LABEL
    from amogui.ui.core_text import core_text

    translations.apply("uk")
    texts = [str(c.proves) for c in CHECKS]
    texts += [str(f.text) for f in FAULT_TABLE.values()]
    texts += [str(x) for x in (*KIND_LABELS.values(), NEEDS_LABEL, TURNS_ON_LABEL)]
    texts += [str(x) for n in OWN_NOTES.values() for x in (n.title, *n.symptoms, *n.solutions)]
    assert len(texts) > 40
    assert [x for x in texts if core_text(x) == x] == []


# -- after real runs against the sandbox --------------------------------------------------------


def sandbox_window(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop, faults: list[str]
) -> MainWindow:
    """A window on a fresh sandbox with `faults`, its browser the tester's (the deep link
    comes back the way the OS handler brings it)."""
    from amogui.settings.profiles import SANDBOX_PROFILE

    profiles = ProfileStore()
    stored = profiles.get(SANDBOX_PROFILE)
    stored.sandbox_faults = list(faults)
    stored.sandbox_delay = 0.05  # "slow" as slow as it needs to be to show, no slower
    profiles.update(stored)
    service = Service(
        RunStore(), checklist=load_bundled(), profiles=profiles, secrets=SecretStore()
    )
    assert wait(qtbot, loop, service.target.activate(SANDBOX_PROFILE))
    window = make_window(load_bundled(), service=service)
    tasks: set[asyncio.Task[None]] = set()

    async def follow(url: str) -> None:
        link = await allow_and_follow(url, service.target.profile.deeplink_prefix)
        if link is not None:
            window.deliver_deeplink(link, "ipc")

    def open_url(url: str) -> None:
        task = asyncio.ensure_future(follow(url))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    window.checks.browser_override = open_url
    window.checks.deeplink_timeout = 8
    return window


def run_everything(window: MainWindow, qtbot: Any) -> None:
    task = window.checks.start(None)
    assert task is not None
    qtbot.waitUntil(task.done, timeout=120_000)
    task.result()


def english_after_a_run(window: MainWindow) -> list[tuple[str, str, list[str]]]:
    """Every page of the tree, the Connect dialog, the request log (an exchange of each
    check shown), the status line: whatever is still English."""
    data = checklist_words(window.checklist)
    found = leftovers(window, data)
    for index in walk_tree(window):
        window.select_node(index)
        found += leftovers(window.panel, data)
    found += leftovers(window.connect_dialog, data)
    for exchange in window.run.exchanges[:: max(1, len(window.run.exchanges) // 8)]:
        window.log_panel.select(exchange.id)
        found += leftovers(window.log_panel, data)
    status = window.statusBar().currentMessage()
    if english_words(status, IDENTIFIERS):
        found.append(("status bar", status, english_words(status, IDENTIFIERS)))
    return dedupe(found)


@pytest.mark.slow
def test_a_full_sandbox_run_then_an_export_and_a_verify_are_ukrainian(
    translations: i18n.Translations,
    make_window: MakeWindow,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    """The run happens in English; the switch to Ukrainian afterwards re-words everything
    already on screen (the pages, the timeline, the banners, the status line)."""
    from amogui.ui.report_actions import export_report, verify_report

    translations.apply("en")
    window = sandbox_window(make_window, qtbot, loop, [])
    try:
        run_everything(window, qtbot)
        window.service.emit(Problem(t("Could not read {path}: {err}", path="/x", err="42")))
        translations.apply("uk")
        QApplication.processEvents()
        problems = english_after_a_run(window)
        assert not problems, "\n".join(map(str, problems))
        out = tmp_path / "report"
        wait(qtbot, loop, export_report(window.service, window, window.tell, out))
        assert (out / "report.json").is_file()
        problems = leftovers(window.message_bar, [])
        dialog = wait(qtbot, loop, verify_report(window.service, window, window.tell, out))
        assert dialog is not None
        qtbot.addWidget(dialog)
        problems += leftovers(dialog, [])
        assert not dedupe(problems), "\n".join(map(str, dedupe(problems)))
    finally:
        wait(qtbot, loop, window.service.target.stop_sandbox())


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_run_with_each_sandbox_fault_is_ukrainian(
    ukrainian: i18n.Translations,
    make_window: MakeWindow,
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    fault: str,
) -> None:
    window = sandbox_window(make_window, qtbot, loop, [fault])
    try:
        run_everything(window, qtbot)
        problems = english_after_a_run(window)
        assert not problems, "\n".join(map(str, problems))
    finally:
        wait(qtbot, loop, window.service.target.stop_sandbox())
