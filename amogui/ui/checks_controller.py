"""Running checks from the window: the service runs them on the qasync loop; this turns
its events into what the window's widgets listen to and tells the tester the outcome.

One run at a time. Deep links from the IPC server, the macOS file-open event or the paste
box go to the service, which validates them and hands them to the waiting flow.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from amogui.service import events
from amogui.service.service import ServiceBusyError
from amogui.ui.tell import Tell

if TYPE_CHECKING:
    from amogui.checks.context import DeepLinkInbox
    from amogui.run.state import CheckResult
    from amogui.service.service import Service
    from amogui.ui.service_events import ServiceEvents

log = logging.getLogger(__name__)


class ChecksController(QObject):
    progress = Signal(object)  # amogui.checks.events.LegEvent: a hop of the OAuth leg
    running_changed = Signal(bool)
    link_rejected = Signal(str)  # a deep link that was refused, and why

    def __init__(
        self,
        service: Service,
        service_events: ServiceEvents,
        tell: Tell,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.tell = tell
        self.task: asyncio.Task[Any] | None = None
        service_events.happened.connect(self._on_event)

    # -- what the service owns ---------------------------------------------------------------
    @property
    def inbox(self) -> DeepLinkInbox:
        return self.service.inbox

    @property
    def deeplink_timeout(self) -> float:
        return self.service.deeplink_timeout

    @deeplink_timeout.setter
    def deeplink_timeout(self, seconds: float) -> None:
        self.service.deeplink_timeout = seconds

    @property
    def browser_override(self) -> Callable[[str], Any] | None:
        return self.service.browser_override

    @browser_override.setter
    def browser_override(self, opener: Callable[[str], Any] | None) -> None:
        self.service.browser_override = opener

    @property
    def running(self) -> bool:
        return self.service.running or (self.task is not None and not self.task.done())

    # -- running ---------------------------------------------------------------------------
    def start(self, only: Iterable[str] | None = None) -> asyncio.Task[Any] | None:
        if self.running:
            self.tell(self.tr("Checks are already running."), "status")
            return None
        self.task = asyncio.ensure_future(self.run(only))
        self.task.add_done_callback(self._done)
        return self.task

    def _done(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        log.error("checks failed", exc_info=exc)
        self.tell(self.tr("Something went wrong: {err}").format(err=exc), "error")

    async def run(self, only: Iterable[str] | None = None) -> dict[str, CheckResult]:
        self._warn_expired()
        self.tell(self.tr("Running checks..."), "busy")
        try:
            return await self.service.run_checks(only)
        except ServiceBusyError:
            self.tell(self.tr("Checks are already running."), "status")
            return {}

    def cancel(self) -> None:
        self.service.cancel_checks()
        self.tell(self.tr("Cancelling the checks..."), "status")

    def _warn_expired(self) -> None:
        from amogui.settings.jwtinfo import expired_warning

        warnings = []
        for user in ("A", "B"):
            info = self.service.target.claims(user)
            text = expired_warning(info) if info is not None else None
            if text:
                warnings.append(self.tr("User {user}: {text}").format(user=user, text=text))
        if warnings:
            self.tell("<br>".join(warnings), "warning")

    def _summary(self, counts: dict[str, int]) -> str:
        return self.tr("Checks done: {p} passed, {f} failed, {b} blocked, {s} skipped").format(
            p=counts.get("passed", 0),
            f=counts.get("failed", 0),
            b=counts.get("blocked", 0),
            s=counts.get("skipped", 0),
        )

    def _on_event(self, event: object) -> None:
        if isinstance(event, (events.FlowEvent, events.DeepLinkReceived, events.DeepLinkRejected)):
            self._on_flow(event)
            return
        match event:
            case events.ChecksRunning(running=running):
                self.running_changed.emit(running)
            case events.ChecksDone(counts=counts):
                self.tell(self._summary(dict(counts)), "status")
            case _:
                pass

    def _on_flow(self, event: object) -> None:
        """The OAuth leg's hops, for the Connect dialog (the core's modules load with them)."""
        from amogui.base.i18n import render, t
        from amogui.checks.events import DEEPLINK_RECEIVED, LegEvent

        match event:
            case events.FlowEvent(kind=kind) if kind != "check-started":
                self.progress.emit(LegEvent(kind, event.detail, event.via, event.url))
            case events.DeepLinkReceived(via=via, redacted=redacted):
                detail = t("Deep link {url} handed to the waiting flow", url=redacted)
                self.progress.emit(LegEvent(DEEPLINK_RECEIVED, detail, via))
            case events.DeepLinkRejected(reason=reason):
                self.link_rejected.emit(render(reason))
            case _:
                pass

    # -- deep links --------------------------------------------------------------------------
    def deliver(self, url: str, via: str) -> str | None:
        """Hand a deep link to the service; the rejection reason, if it was refused."""
        return self.service.deliver_deeplink(url, via)

    # -- API tests from the checklist ------------------------------------------------------------
    async def run_api_test(self, step_id: str, index: int) -> CheckResult | None:
        """One of the checklist's API tests, run by the same engine as `amogui run`."""
        return await self.service.run_api_test(step_id, index)
