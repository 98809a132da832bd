"""Fixtures for the check tests: a real sandbox, a browser stand-in, a run driver."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from amogui.backend.client import BackendClient, Recorder
from amogui.checklist import load_bundled
from amogui.checklist.model import Checklist
from amogui.checks.context import DeepLinkInbox, RunContext
from amogui.checks.runner import Runner
from amogui.oauth.extract import find_deeplink
from amogui.run.state import CheckResult, Run, Status
from amogui.sandbox import Sandbox, SandboxConfig, profile_for
from amogui.settings.profiles import Profile

_CHECKLIST: list[Checklist] = []


def bundled() -> Checklist:
    if not _CHECKLIST:
        _CHECKLIST.append(load_bundled())
    return _CHECKLIST[0]


async def consent_and_follow(url: str, inbox: DeepLinkInbox, prefix: str) -> None:
    """What a browser does: Allow on the consent page, follow to the callback, open the link."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    form = {**{k: query.get(k, "") for k in ("client_id", "state", "mode")}, "decision": "allow"}
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as web:
        answer = await web.post(f"{parts.scheme}://{parts.netloc}{parts.path}", data=form)
        location = answer.headers.get("location")
        if not location:
            return
        page = await web.get(location)
        found = find_deeplink(page.status_code, page.headers.multi_items(), page.text, prefix)
    if found is not None:
        inbox.deliver(found.url, "test-browser")


@dataclass
class Outcome:
    results: dict[str, CheckResult]
    run: Run
    ctx: RunContext
    exchanges: int = 0
    events: list[tuple[str, str]] = field(default_factory=list)

    def status(self, cid: str) -> Status:
        return self.results[cid].status

    def failed(self) -> set[str]:
        return {c for c, r in self.results.items() if r.status is Status.FAILED}


def drive(
    sandbox: Sandbox,
    *,
    only: list[str] | None = None,
    browser: bool = True,
    user_b: bool = True,
    timeout: float = 10.0,
    before: Callable[[RunContext], Any] | None = None,
) -> Outcome:
    """Run the checks against `sandbox` on a fresh event loop."""
    profile: Profile = profile_for(sandbox)

    async def scenario() -> Outcome:
        recorder = Recorder()
        run = Run()
        recorder.on_exchange = run.exchanges.append
        tasks: set[asyncio.Task[None]] = set()
        async with BackendClient(profile, recorder) as client:
            ctx = RunContext(
                profile=profile,
                client=client,
                run=run,
                checklist=bundled(),
                token_a=sandbox.token_for(sandbox.users[0].email),
                token_b=sandbox.token_for(sandbox.users[1].email) if user_b else None,
                deeplink_timeout=timeout,
            )
            ctx.inbox.bind(asyncio.get_running_loop())
            events: list[tuple[str, str]] = []
            ctx.on_event = lambda kind, detail: events.append((kind, detail))

            def open_url(url: str) -> None:
                task = asyncio.get_running_loop().create_task(
                    consent_and_follow(url, ctx.inbox, profile.deeplink_prefix)
                )
                tasks.add(task)

            if browser:
                ctx.browser = open_url
            if before is not None:
                before(ctx)
            results = await Runner(ctx).run(only)
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
        return Outcome(results, run, ctx, len(recorder.exchanges), events)

    # A worker thread: a Qt test earlier in the session may have left a qasync loop
    # marked as running in this thread, where asyncio.run would refuse to start.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result()


@pytest.fixture
def make_sandbox() -> Iterator[Callable[..., Sandbox]]:
    started: list[Sandbox] = []

    def factory(*faults: str, leads: int = 120) -> Sandbox:
        box = Sandbox(SandboxConfig(faults=frozenset(faults), leads=leads))
        box.start()
        started.append(box)
        return box

    yield factory
    for box in started:
        box.stop()
