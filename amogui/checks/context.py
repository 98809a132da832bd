"""What a check runs with: the profile, the client, the tokens, the deep-link inbox.

Qt-free. The window fills a `RunContext` from its widgets, the headless runner from the
command line; the checks and the runner only read it (plus the `OAuthLeg` the OAuth
checks fill in as the leg goes on).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from amogui.backend.client import BackendClient
from amogui.checklist.model import Checklist
from amogui.run.state import CheckResult, Run, TimelineEvent, now_iso
from amogui.settings.profiles import Profile

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


@dataclass
class OAuthLeg:
    """What the OAuth checks learnt, for the checks after them."""

    state: str | None = None
    authorize_url: str | None = None
    browser_opened: bool = False
    skip_reason: str | None = None  # why the leg cannot run (no browser, no user)
    delivery: Delivery | None = None
    code: str | None = None
    flow: Any = None  # amogui.oauth.authorize.PendingFlow


@dataclass
class RunContext:
    profile: Profile
    client: BackendClient
    run: Run
    checklist: Checklist | None = None
    token_a: str | None = None
    token_b: str | None = None
    inbox: DeepLinkInbox = field(default_factory=DeepLinkInbox)
    # Opens the authorize URL (a browser command, $BROWSER, the system browser); None:
    # there is no way to open one, so the OAuth-dependent checks are skipped.
    browser: Callable[[str], None] | None = None
    deeplink_timeout: float = DEFAULT_DEEPLINK_TIMEOUT
    on_result: Callable[[CheckResult], None] | None = None
    on_event: Callable[[str, str], None] | None = None  # (kind, detail) progress lines
    cancel: asyncio.Event = field(default_factory=asyncio.Event)
    leg: OAuthLeg = field(default_factory=OAuthLeg)
    registry: Any = None  # amogui.oauth.authorize.FlowRegistry, created on first use
    # Status of user B right after A connected, to compare after A disconnects.
    b_connected_after_connect: bool | None = None
    leads_total: int | None = None  # from leads.load, for leads.filter's sum

    def event(self, kind: str, detail: str, via: str | None = None) -> None:
        """A timeline entry (detail must already be redacted) and a progress callback."""
        self.run.timeline.append(TimelineEvent(now_iso(), kind, detail, via))
        if self.on_event is not None:
            self.on_event(kind, detail)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()
