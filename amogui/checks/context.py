"""What a check runs with: the profile, the client, the tokens, the deep-link inbox.

Qt-free. The window fills a `RunContext` from its widgets, the headless runner from the
command line. While a run goes on, the checks leave what they learnt in it: the facts
other checks need (`Facts`, settled by the check that provides each, see
`amogui.checks.registry`), what status showed at each point (`Observed`) and how the OAuth
leg went (`OAuthLeg`). Checks run concurrently; the registry's ordering makes sure a
check reads these only after the checks that write them are done.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from amogui.backend.client import BackendClient
from amogui.checklist.model import Checklist
from amogui.checks.registry import Need
from amogui.run.state import CheckResult, Prose, Run, Status, TimelineEvent
from amogui.settings.profiles import Profile

if TYPE_CHECKING:
    from amogui.backend.api import ConnectionStatus
    from amogui.checks.events import RunEvent

DEFAULT_DEEPLINK_TIMEOUT = 300.0


@dataclass(frozen=True, slots=True)
class Delivery:
    url: str  # unredacted: it carries the code; never log it
    via: str  # "ipc", "argv", "paste", "file-open", ...


class DeepLinkInbox:
    """Deep links handed to amogui (IPC server, paste box, macOS file-open event).

    `deliver` may be called from any thread; `wait` runs on the loop that created the
    inbox. Links that arrive before anyone waits are kept, in order.
    """

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Delivery] = asyncio.Queue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.received: list[Delivery] = []
        self._lock = threading.Lock()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def deliver(self, url: str, via: str = "paste") -> None:
        item = Delivery(str(url), str(via))
        with self._lock:
            self.received.append(item)
        loop = self._loop
        if loop is not None and loop.is_running() and not _on_loop(loop):
            loop.call_soon_threadsafe(self._queue.put_nowait, item)
        else:
            self._queue.put_nowait(item)

    def take(self) -> Delivery | None:
        """The next link if one is waiting, without waiting."""
        try:
            return self._queue.get_nowait()
        except asyncio.QueueEmpty:
            return None

    def drain(self) -> list[Delivery]:
        """Forget links that arrived before a new flow started (stale ones)."""
        out: list[Delivery] = []
        while not self._queue.empty():
            out.append(self._queue.get_nowait())
        return out

    # The timeout races the cancel event too, which asyncio.timeout alone cannot do.
    async def wait(
        self,
        timeout: float,  # noqa: ASYNC109
        cancel: asyncio.Event | None = None,
    ) -> Delivery | None:
        """The next link, or None on timeout or cancel."""
        getter = asyncio.ensure_future(self._queue.get())
        waiters: set[asyncio.Future[Any]] = {getter}
        stopper = asyncio.ensure_future(cancel.wait()) if cancel is not None else None
        if stopper is not None:
            waiters.add(stopper)
        try:
            done, _ = await asyncio.wait(
                waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for future in waiters:
                if not future.done():
                    future.cancel()
        if getter in done and not getter.cancelled():
            return getter.result()
        return None


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


class BrowserLaunch(Protocol):
    """What opening the authorize URL started: a command amogui can watch, or nothing."""

    def wait(self, timeout: float | None = None) -> int | None:
        """The exit code once the command ended; None while it runs (or when there is no
        command to watch, e.g. the desktop's own browser)."""
        ...


# The check whose task is running (each check runs in its own task and context copy).
CURRENT_CHECK: ContextVar[str | None] = ContextVar("amogui_current_check", default=None)


@dataclass(frozen=True)
class Fact:
    """Whether a need holds; when it does not, whether that skips or blocks, and why."""

    held: bool
    status: Status = Status.PASSED  # SKIPPED or BLOCKED when not held
    reason: Prose = ""


class Facts:
    """The needs this run settled so far (`amogui.checks.registry.Need`); a check waiting for
    one starts the moment it is settled, which may be before its provider is done (the leg
    has started while the authorize-url check still watches the browser)."""

    def __init__(self) -> None:
        self._facts: dict[Need, Fact] = {}
        self._settled: dict[Need, asyncio.Event] = {}

    def hold(self, need: Need) -> None:
        self._set(need, Fact(True))

    def miss(self, need: Need, status: Status, reason: Prose) -> None:
        self._set(need, Fact(False, status, reason))

    def _set(self, need: Need, fact: Fact) -> None:
        self._facts[need] = fact
        self._event(need).set()

    def _event(self, need: Need) -> asyncio.Event:
        return self._settled.setdefault(need, asyncio.Event())

    async def wait(self, need: Need) -> Fact:
        await self._event(need).wait()
        return self._facts[need]

    def get(self, need: Need) -> Fact | None:
        return self._facts.get(need)

    def holds(self, need: Need) -> bool | None:
        """True or False once settled; None while unknown."""
        fact = self._facts.get(need)
        return None if fact is None else fact.held


@dataclass
class Observed:
    """What status said at each point of the run, for the checks after it."""

    a_before: ConnectionStatus | None = None
    b_before: ConnectionStatus | None = None
    a_after: ConnectionStatus | None = None  # after the OAuth leg (status.after)
    b_after: ConnectionStatus | None = None  # after the OAuth leg (isolation.user-b)
    # What the callback does with a code it is given (oauth.callback's probe): None when
    # not probed, True when it exchanges the code itself (versions 3-5).
    callback_exchanges: bool | None = None
    # Why no deep link can come back (the callback route answers 404), from the probe.
    callback_dead: Prose | None = None
    # Why the callback leads nowhere for a probe in another way (5xx, a page with no link):
    # it explains a browser that gave up, but alone it does not end the wait.
    callback_failing: Prose | None = None
    callback_evidence: list[str] = field(default_factory=list)  # the probe that found it
    leads_total: int | None = None  # every lead, counted by leads.load


@dataclass(frozen=True)
class LegEnd:
    """How the OAuth leg ended."""

    how: str  # LINK, BROWSER_EXIT, CALLBACK_DEAD, TIMEOUT
    reason: Prose  # one sentence
    exit_code: int | None = None


LINK, BROWSER_EXIT, CALLBACK_DEAD, TIMEOUT = "link", "browser-exit", "callback-dead", "timeout"


@dataclass
class OAuthLeg:
    """What the OAuth checks learnt, for the checks after them."""

    state: str | None = None
    authorize_url: str | None = None
    browser_opened: bool = False
    launch: BrowserLaunch | None = None
    skip_reason: Prose | None = None  # why the leg cannot run (no browser, no user)
    delivery: Delivery | None = None
    link: Any = None  # amogui.oauth.deeplink.DeepLink that ended the leg
    tied: bool = False  # the link's state matched the flow this run started
    code: str | None = None
    flow: Any = None  # amogui.oauth.authorize.PendingFlow
    end: LegEnd | None = None
    over: asyncio.Event = field(default_factory=asyncio.Event)

    def finish(self, end: LegEnd) -> None:
        self.end = end
        self.over.set()


class Scheduler(Protocol):
    """What the runner offers the checks while they run."""

    def selected(self, check_id: str) -> bool: ...

    async def finished(self, check_id: str) -> CheckResult | None: ...

    def record(self, event: TimelineEvent) -> None: ...


@dataclass
class RunContext:
    profile: Profile
    client: BackendClient
    run: Run
    checklist: Checklist | None = None
    token_a: str | None = None
    token_b: str | None = None
    inbox: DeepLinkInbox = field(default_factory=DeepLinkInbox)
    # Opens the authorize URL (a browser command, $BROWSER, the system browser) and
    # returns what it started, to watch; None: there is no way to open one, so the
    # OAuth-dependent checks are skipped.
    browser: Callable[[str], BrowserLaunch | None] | None = None
    deeplink_timeout: float = DEFAULT_DEEPLINK_TIMEOUT
    on_result: Callable[[CheckResult], None] | None = None
    on_event: Callable[[RunEvent], None] | None = None
    cancel: asyncio.Event = field(default_factory=asyncio.Event)
    leg: OAuthLeg = field(default_factory=OAuthLeg)
    registry: Any = None  # amogui.oauth.authorize.FlowRegistry, created on first use
    # Requests in flight at most (None: the profile's `concurrency`).
    concurrency: int | None = None
    # Probes that make the backend call amoCRM (a made-up code at the callback): off for a
    # profile that must not touch a production amoCRM account.
    production_probes: bool = True
    facts: Facts = field(default_factory=Facts)
    seen: Observed = field(default_factory=Observed)
    scheduler: Scheduler | None = None  # set by the runner while it runs

    def event(self, event: TimelineEvent, url: str | None = None) -> None:
        """Record a hop of the leg (its detail already redacted) and tell the listeners now.

        Within a running check the entry joins the run's timeline with that check's result,
        so the timeline's order does not depend on how the checks interleaved."""
        if self.scheduler is not None and CURRENT_CHECK.get() is not None:
            self.scheduler.record(event)
        else:
            self.run.timeline.append(event)
        self.emit_leg(event, url)

    def emit_leg(self, event: TimelineEvent, url: str | None = None) -> None:
        if self.on_event is not None:
            from amogui.checks.events import LegEvent

            self.on_event(LegEvent.of(event, url))

    def selected(self, check_id: str) -> bool:
        return self.scheduler is not None and self.scheduler.selected(check_id)

    async def finished(self, check_id: str) -> CheckResult | None:
        """The result of another check of this run once it is done; None when it is not
        part of the run (or was cut short)."""
        if self.scheduler is None:
            return None
        return await self.scheduler.finished(check_id)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()
