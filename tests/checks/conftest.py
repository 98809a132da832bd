"""Fixtures for the check tests: a real sandbox, a browser stand-in, a run driver."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
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
from amogui.checks.events import LegEvent
from amogui.checks.runner import Runner
from amogui.oauth.autobrowser import AutobrowserError, follow
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


class ThreadLaunch:
    """The loopback autobrowser, `amogui.oauth.autobrowser` (its own code), on a thread, as
    ``--browser "python -m amogui.oauth.autobrowser"`` runs it: Allow (or Deny) on the
    sandbox's consent page, follow the callback, hand the deep link over (to the inbox
    here, instead of `amogui open-url`). Like the command it exits 0 once the link is
    handed on and 1 when the callback led to no deep link."""

    how = "autobrowser"

    def __init__(self, url: str, inbox: DeepLinkInbox, prefix: str, action: str = "allow"):
        self._code: int | None = None
        self._done = threading.Event()
        self._args = (url, inbox, prefix, action)
        threading.Thread(target=self._run, daemon=True, name="autobrowser").start()

    def _run(self) -> None:
        url, inbox, prefix, action = self._args
        code = 1
        try:
            found = follow(url, prefix, action)
            inbox.deliver(found.url, "autobrowser")
            code = 0
        except AutobrowserError:
            pass
        finally:
            self._code = code
            self._done.set()

    def wait(self, timeout: float | None = None) -> int | None:
        return self._code if self._done.wait(timeout) else None


@dataclass
class Outcome:
    results: dict[str, CheckResult]
    run: Run
    ctx: RunContext
    exchanges: int = 0
    events: list[Any] = field(default_factory=list)

    def status(self, cid: str) -> Status:
        return self.results[cid].status

    def failed(self) -> set[str]:
        return self.having(Status.FAILED)

    def blocked(self) -> set[str]:
        return self.having(Status.BLOCKED)

    def having(self, status: Status) -> set[str]:
        return {c for c, r in self.results.items() if r.status is status}

    def summary(self, cid: str) -> str:
        return str(self.results[cid].summary)

    def leg(self) -> list[LegEvent]:
        return [e for e in self.events if isinstance(e, LegEvent)]


Browser = str | Callable[[str, RunContext], Any] | None


def drive(
    sandbox: Sandbox,
    *,
    only: list[str] | None = None,
    browser: Browser = "inprocess",
    user_b: bool = True,
    timeout: float = 10.0,
    before: Callable[[RunContext], Any] | None = None,
    concurrency: int | None = None,
) -> Outcome:
    """Run the checks against `sandbox` on a fresh event loop.

    `browser`: "inprocess" (a browser stand-in on the loop), "autobrowser" (the loopback
    autobrowser on a thread, watched like a command), "deny" (the autobrowser clicking
    Deny), None (no browser), or a function (url, ctx) -> what the run may watch."""
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
                concurrency=concurrency,
            )
            ctx.inbox.bind(asyncio.get_running_loop())
            events: list[Any] = []
            ctx.on_event = events.append
            prefix = profile.deeplink_prefix

            def in_process(url: str) -> None:
                task = asyncio.get_running_loop().create_task(
                    consent_and_follow(url, ctx.inbox, prefix)
                )
                tasks.add(task)

            if browser == "inprocess":
                ctx.browser = in_process
            elif browser in ("autobrowser", "deny"):
                action = "deny" if browser == "deny" else "allow"
                ctx.browser = lambda url: ThreadLaunch(url, ctx.inbox, prefix, action)
            elif callable(browser):
                opener = browser
                ctx.browser = lambda url: opener(url, ctx)
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

    def factory(*faults: str, leads: int = 120, delay: float = 0.05) -> Sandbox:
        box = Sandbox(SandboxConfig(faults=frozenset(faults), leads=leads, delay=delay))
        box.start()
        started.append(box)
        return box

    yield factory
    for box in started:
        box.stop()
