"""Fixtures for the service tests: a service in the test's HOME, run on a fresh loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from amogui.run.store import RunStore
from amogui.service.events import Event
from amogui.service.service import Service
from tests.checks.conftest import bundled

T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on a fresh loop in a worker thread (a Qt test earlier in the session may
    have left a qasync loop marked as running in the main thread)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class Heard(list[Event]):
    def of(self, kind: type) -> list[Any]:
        return [e for e in self if isinstance(e, kind)]


@pytest.fixture
def service() -> Iterator[Service]:
    made = Service(RunStore(), checklist=bundled())
    yield made
    made.close()


@pytest.fixture
def heard(service: Service) -> Heard:
    events = Heard()
    service.subscribe(events.append)
    return events
