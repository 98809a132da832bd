"""Running checks from the window: the runner on qasync, results and exchanges live.

One run at a time. Exchanges and results land on the GUI thread through queued Qt
signals (the client records on the loop, but a callback from a worker thread would be
marshalled the same way). Deep links from the IPC server, the macOS file-open event or
the paste box are validated, then handed to the waiting flow through the inbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from amogui.run.state import CheckResult, Status, now_iso

if TYPE_CHECKING:
    from amogui.checks.context import DeepLinkInbox
    from amogui.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def system_browser(url: str) -> None:
    """Open the authorize URL with the desktop's default browser."""
    if not QDesktopServices.openUrl(QUrl(url)):
        raise RuntimeError("the desktop has no browser for https links")


def command_browser(command: str) -> Callable[[str], None]:
    """A configured browser command (split like a shell line, %s or the URL appended)."""

    def open_with(url: str) -> None:
        from amogui.oauth.browser import open_in_browser

        open_in_browser(url, command)

    return open_with


# What a full run imports on first use: 20-60 ms each on the GUI thread (bench/stall.py).
CHECK_MODULES = (
    "amogui.backend.api",
    "amogui.backend.client",
    "amogui.checks.context",
    "amogui.checks.runner",
    "amogui.checks.oauth",
    "amogui.checks.exchange",
    "amogui.checks.leads",
    "amogui.checks.status",
    "amogui.checks.api_tests",
    "amogui.oauth.authorize",
    "amogui.oauth.browser",
    "amogui.oauth.deeplink",
    "amogui.oauth.extract",
    "amogui.oauth.timeline",
    "amogui.settings.jwtinfo",
)


def preload_checks() -> None:
    """Import the modules of a run on a worker thread, and build the shared TLS context."""
    import importlib

    for name in CHECK_MODULES:
        importlib.import_module(name)
    from amogui.backend.client import tls_context

    tls_context()


class ChecksController(QObject):
    exchange_recorded = Signal(object)  # Exchange
    result_ready = Signal(object)  # CheckResult
    progress = Signal(str, str)  # kind, detail (timeline and progress lines)
    running_changed = Signal(bool)
    link_rejected = Signal(str)  # a deep link that was refused, and why
    _inbox: DeepLinkInbox | None = None
    _registry: Any = None  # the flows this window started (FlowRegistry), made on first use

    @property
    def inbox(self) -> DeepLinkInbox:
        # The checks (and httpx under them) load on first use, not at window start-up.
        if self._inbox is None:
            from amogui.checks.context import DeepLinkInbox

            self._inbox = DeepLinkInbox()
        return self._inbox

    def __init__(self, window: MainWindow, browser_command: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.browser_command = browser_command
        self._inbox = None
        self._registry = None
        self.cancel_event: asyncio.Event | None = None
        self.task: asyncio.Task[Any] | None = None
        self.deeplink_timeout = 300.0
        # Embedders and end-to-end tests may open the authorize URL their own way.
        self.browser_override: Callable[[str], None] | None = None
        self.exchange_recorded.connect(window.add_exchange)
        self.result_ready.connect(window.apply_check_result)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    # -- running ---------------------------------------------------------------------------
    def start(self, only: list[str] | None = None) -> asyncio.Task[Any] | None:
        if self.running:
            self.window.statusBar().showMessage(self.tr("Checks are already running."), 4000)
            return None
        self.task = self.window.spawn(self.run(only))
        return self.task

    async def run(self, only: list[str] | None = None) -> dict[str, CheckResult]:
        await asyncio.to_thread(preload_checks)  # imports would stall the GUI thread
        from amogui.backend.client import BackendClient
        from amogui.checks.context import RunContext
        from amogui.checks.runner import Runner

        session = self.window.session
        if session is None or not session.profile.base_url:
            self.window.message_bar.show_message(
                self.tr("No target yet: choose a profile (Settings) or wait for the sandbox."),
                "error",
            )
            return {}
        self._warn_expired()
        run = self.window.run
        recorder = self.window.recorder
        self.inbox.bind(asyncio.get_running_loop())
        self.cancel_event = asyncio.Event()
        ctx = RunContext(
            profile=session.profile,
            client=BackendClient(session.profile, recorder),
            run=run,
            checklist=self.window.checklist,
            token_a=session.token("A"),
            token_b=session.token("B"),
            inbox=self.inbox,
            registry=self.registry,
            browser=self._browser(),
            deeplink_timeout=self.deeplink_timeout,
            on_result=self.result_ready.emit,
            on_event=self.progress.emit,
            cancel=self.cancel_event,
        )
        self.running_changed.emit(True)
        self.window.statusBar().showMessage(self.tr("Running checks..."))
        try:
            results = await Runner(ctx).run(only)
        finally:
            await ctx.client.aclose()
            self.running_changed.emit(False)
            self.window.save_now()
        self.window.statusBar().showMessage(self._summary(results), 10000)
        return results

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
        self.window.statusBar().showMessage(self.tr("Cancelling the checks..."), 4000)

    def _browser(self) -> Callable[[str], None]:
        if self.browser_override is not None:
            return self.browser_override
        if self.browser_command:
            return command_browser(self.browser_command)
        return system_browser

    def _warn_expired(self) -> None:
        from amogui.settings.jwtinfo import expired_warning

        session = self.window.session
        assert session is not None
        warnings = []
        for user in ("A", "B"):
            info = session.claims(user)
            text = expired_warning(info) if info is not None else None
            if text:
                warnings.append(self.tr("User {user}: {text}").format(user=user, text=text))
        if warnings:
            self.window.message_bar.show_message("<br>".join(warnings), "warning")

    def _summary(self, results: dict[str, CheckResult]) -> str:
        counts = {s: 0 for s in Status}
        for r in results.values():
            counts[r.status] += 1
        return self.tr("Checks done: {p} passed, {f} failed, {b} blocked, {s} skipped").format(
            p=counts[Status.PASSED],
            f=counts[Status.FAILED],
            b=counts[Status.BLOCKED],
            s=counts[Status.SKIPPED],
        )

    # -- deep links --------------------------------------------------------------------------
    @property
    def registry(self) -> Any:
        """Every OAuth flow this window started, across its runs: whose links are ours."""
        if self._registry is None:
            from amogui.oauth.authorize import FlowRegistry

            self._registry = FlowRegistry()
        return self._registry

    def owns(self, url: str) -> bool:
        """Whether a deep link belongs to this window: its state is one of our flows, or it
        has none while one of ours waits (`amogui.desktop.channels`)."""
        from amogui.desktop.channels import owns

        return owns(self._registry, url)

    def is_foreign(self, url: str) -> bool:
        """A well-formed deep link that answers no flow of this window: another amogui
        run's (a malformed one is not foreign: `deliver` refuses it with its reason)."""
        from amogui.oauth.deeplink import DeepLink, parse_deeplink

        session = self.window.session
        if session is None or self.owns(url):
            return False
        return isinstance(parse_deeplink(url, session.profile, require_state=False), DeepLink)

    def deliver(self, url: str, via: str) -> str | None:
        """Validate a deep link and hand it to the waiting flow; the rejection reason if not.

        A rejected link makes no request: it never reaches the inbox.
        """
        from amogui.oauth.deeplink import DeepLink, parse_deeplink

        session = self.window.session
        if session is None:
            return self.tr("No profile is active.")
        link = parse_deeplink(url, session.profile, require_state=False)
        if not isinstance(link, DeepLink):
            self.link_rejected.emit(link.reason)
            self.window.run.timeline.append(_event("deeplink-rejected", link.reason, via))
            return link.reason
        self.inbox.deliver(url, via)
        self.progress.emit("deeplink-received", link.redacted())
        return None

    # -- API tests from the checklist ------------------------------------------------------------
    async def run_api_test(self, step_id: str, index: int) -> CheckResult | None:
        """One of the checklist's API tests, run by the same engine as `amogui run`."""
        from amogui.backend.client import BackendClient
        from amogui.checks.api_tests import run_api_test

        session = self.window.session
        step = self.window.checklist.step(step_id)
        if session is None or step is None or index >= len(step.api_tests):
            return None
        async with BackendClient(session.profile, self.window.recorder) as client:
            outcome = await run_api_test(client, step, index, session.token("A"))
        self.window.apply_check_result(outcome)
        return outcome


def _event(kind: str, detail: str, via: str | None) -> Any:
    from amogui.run.state import TimelineEvent

    return TimelineEvent(now_iso(), kind, detail, via)
