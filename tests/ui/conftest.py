"""Fixtures for the window tests: a qasync loop, a small checklist, windows that get closed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from amogui.checklist.model import (
    ApiTest,
    Checklist,
    Criterion,
    Problem,
    ReviewItem,
    Section,
    Step,
    StepKind,
)
from amogui.run.store import RunStore
from amogui.service.service import Service
from amogui.ui.main_window import MainWindow


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = qasync.QEventLoop(qapp, already_running=True)
    # qasync's default executor is a QThread pool that only loop.close() stops, and a
    # loop that is "already running" is never closed: a live QThread at exit aborts
    # the interpreter. A stdlib pool that the fixture shuts down avoids that.
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-to-thread")
    event_loop.set_default_executor(executor)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    asyncio.set_event_loop(None)
    executor.shutdown(wait=True)


@pytest.fixture(autouse=True)
def no_running_loop_left() -> Iterator[None]:
    """qasync's already_running=True marks its loop as *the running loop* for the whole
    thread and nothing unmarks it (the app never quits in tests): a later asyncio.run()
    would then refuse to start. Unmark it after every test here (the leads tests too)."""
    yield
    asyncio.events._set_running_loop(None)


def small_checklist() -> Checklist:
    """The seed's shape in miniature: scenarios, sub-steps, a review group, problems, criteria."""
    s2 = Step(
        "s2",
        StepKind.SCENARIO,
        "Підключення AMO CRM",
        number="2",
        children=[
            Step(f"s2.k{n}", StepKind.SUBSTEP, f"Крок {n}", number=f"2.{n}") for n in range(1, 5)
        ],
    )
    s1 = Step(
        "s1",
        StepKind.SCENARIO,
        "Перевірка статусу",
        number="1",
        actions=["Відкрити профіль", "Перейти в налаштування"],
        expected=["Статус: не підключено"],
        api_tests=[
            ApiTest(
                curl="curl -X GET http://localhost:4000/api/amo-crm/status",
                expected_json='{"success": true, "data": {"connected": false}}',
            )
        ],
    )
    scenarios = [s1, s2] + [
        Step(f"s{n}", StepKind.SCENARIO, f"Сценарій {n}", number=str(n)) for n in (3, 4, 5)
    ]
    review = Step(
        "review.callback",
        StepKind.REVIEW,
        "Перевірка callback endpoint",
        file="admin-panel-backend/src/routes/amo-crm.routes.ts",
        review_items=[
            ReviewItem("review.callback.1", "Endpoint приймає code"),
            ReviewItem("review.callback.2", "Redirect на deep link"),
        ],
    )
    return Checklist(
        title="Чеклист тестування AMO CRM",
        sections=[
            Section("steps", "Кроки тестування", steps=scenarios),
            Section("backend", "Що перевірити в backend", steps=[review]),
        ],
        problems=[
            Problem("problem.1", 1, "Deep link не працює", ["Браузер не повертає"], ["Перевірити"]),
            Problem("problem.2", 2, "Статус не оновлюється", ["connected: false"], ["Оновити"]),
        ],
        criteria=[Criterion("criterion.1", 1, "OAuth працює"), Criterion("criterion.2", 2, "Ліди")],
        source="test-checklist.md",
        sha256="0" * 64,
    )


@pytest.fixture
def checklist() -> Checklist:
    return small_checklist()


@pytest.fixture
def make_window(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Callable[..., MainWindow]]:
    """Windows in the test's temp HOME; each is closed (and its autosave flushed) at the end."""
    made: list[MainWindow] = []

    def make(
        checklist: Checklist | None = None, *, service: Service | None = None, **kwargs: Any
    ) -> MainWindow:
        service = service or Service(RunStore())
        service.checklist = checklist or small_checklist()
        window = MainWindow(service, **kwargs)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def wait(qtbot: Any, loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    """Run a coroutine on the qasync loop until it is done; its result."""
    future = asyncio.ensure_future(coro, loop=loop)
    qtbot.waitUntil(future.done, timeout=30_000)
    return future.result()
