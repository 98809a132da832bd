"""Sandbox test fixtures. `async def` tests here run on a fresh `asyncio.run` loop
(pytest-asyncio is not installed; the sandbox's ASGI tests need no Qt)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator

import pytest

from amogui.sandbox import SandboxConfig, make_apps
from amogui.sandbox.app import SandboxApps


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    funcargs = pyfuncitem.funcargs
    kwargs = {name: funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture
def apps() -> Iterator[SandboxApps]:
    with make_apps(SandboxConfig(leads=300)) as sandbox_apps:
        yield sandbox_apps


@pytest.fixture
def make() -> Iterator[object]:
    """A factory for in-process apps with a given config; every one is closed afterwards."""
    made: list[SandboxApps] = []

    def factory(**kwargs: object) -> SandboxApps:
        built = make_apps(SandboxConfig(**kwargs))  # type: ignore[arg-type]
        made.append(built)
        return built

    yield factory
    for built in made:
        built.close()
