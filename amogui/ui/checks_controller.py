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

from PySide6.QtCore import QCoreApplication, QObject, Signal

from amogui.service import events
from amogui.service.service import ServiceBusyError
from amogui.ui.tell import Tell

if TYPE_CHECKING:
    from amogui.checks.context import DeepLinkInbox
    from amogui.run.state import CheckResult
    from amogui.service.service import Service
    from amogui.ui.service_events import ServiceEvents

log = logging.getLogger(__name__)


def via_text(via: str) -> str:
    """Where a deep link came from, as the tester says it ("from the operating system"),
    never the channel's internal name ("argv", "ipc")."""
    names = {
        "argv": QCoreApplication.translate("ChecksController", "from the operating system"),
        "ipc": QCoreApplication.translate("ChecksController", "from the operating system"),
        "file-open": QCoreApplication.translate("ChecksController", "from the operating system"),
        "os": QCoreApplication.translate("ChecksController", "from the operating system"),
        "paste": QCoreApplication.translate("ChecksController", "pasted"),
        "autobrowser": QCoreApplication.translate("ChecksController", "from the built-in browser"),
        "cli": QCoreApplication.translate("ChecksController", "from the command line"),
        "command-line": QCoreApplication.translate("ChecksController", "from the command line"),
    }
    return names.get(via) or QCoreApplication.translate("ChecksController", "from {via}").format(
        via=via
    )


class ChecksController(QObject):
    progress = Signal(object)  # amogui.checks.events.LegEvent: a hop of the OAuth leg
    running_changed = Signal(bool)
    link_received = Signal(str, str)  # via, the link redacted
    link_rejected = Signal(str)  # a deep link that was refused, and why
    link_refused = Signal(str, str)  # via, the refused link (redacted)
    finished = Signal(bool)  # a batch of checks ended; True when it was cancelled

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
        self.cancelled = False  # the tester cancelled the batch that runs now
        self.probes_question: Any = None  # the open question about probes, if any
        self.probes_answer: asyncio.Task[Any] | None = None  # storing the last answer
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
        """Run the checks (all, or `only`) on the loop; None when they cannot start now
        (running already, or the probes question is open: the run starts on its answer)."""
        if self.running:
            self.tell(self.tr("Checks are already running."), "status")
            return None
        chosen = list(only) if only is not None else None
        if self.probes_question is not None:
            self.probes_question.raise_()
            return None
        if self._must_ask_about_probes(chosen):
            self._ask_about_probes(chosen)
            return None
        self.task = asyncio.ensure_future(self.run(chosen))
        self.task.add_done_callback(self._done)
        return self.task

    # -- probes that reach amoCRM, asked once per real backend ------------------------------
    def _must_ask_about_probes(self, only: list[str] | None) -> bool:
        from amogui.checks.registry import BY_ID, UnknownCheckError, select

        profile = self.service.target.profile
        if not profile.base_url or profile.may_probe_production is not None:
            return False  # no target yet (the run says so), or asked already
        try:
            chosen = select(only)
        except UnknownCheckError:
            return False  # the run itself says so
        return any(BY_ID[cid].probes_production for cid in chosen)

    def _ask_about_probes(self, only: list[str] | None) -> None:
        from PySide6.QtWidgets import QWidget

        from amogui.ui.probes_dialog import ask_about_probes

        parent = self.parent()
        window = parent if isinstance(parent, QWidget) else None
        box = ask_about_probes(window, self.service.target.profile.name)
        box.finished.connect(lambda _code: self._probes_answered(box, only))
        self.probes_question = box

    def _probes_answered(self, box: Any, only: list[str] | None) -> None:
        from amogui.ui.probes_dialog import RUN, SKIP, answer

        said = answer(box)
        box.deleteLater()
        self.probes_question = None
        if said is None:
            self.tell(self.tr("The checks did not start."), "status")
            return
        self.probes_answer = self._keep_probes_answer(said == RUN)
        if said in (RUN, SKIP):
            self.start(only)

    def _keep_probes_answer(self, allowed: bool) -> asyncio.Task[Any] | None:
        """The answer goes into the running profile at once, and into the stored one off
        the GUI thread (a profile that cannot be saved is asked about again next time)."""
        target = self.service.target
        target.profile.production_probes = allowed
        if not target.has_stores:
            return None
        name = target.profile.name

        def store() -> None:
            from amogui.settings.store import SettingsError

            try:
                stored = target.profiles.get(name)
                stored.production_probes = allowed
                target.profiles.update(stored)
            except (SettingsError, OSError) as exc:
                log.warning("the probes answer was not saved: %s", exc)

        return asyncio.ensure_future(asyncio.to_thread(store))

    def _done(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        log.error("checks failed", exc_info=exc)
        self.tell(self.tr("Something went wrong: {err}").format(err=exc), "error")

    async def run(self, only: Iterable[str] | None = None) -> dict[str, CheckResult]:
        self.cancelled = False
        self._warn_expired()
        self.tell(lambda: self.tr("Running checks..."), "busy")
        try:
            return await self.service.run_checks(only)
        except ServiceBusyError:
            self.tell(self.tr("Checks are already running."), "status")
            return {}

    def cancel(self) -> None:
        if not self.running:
            return
        self.cancelled = True
        self.service.cancel_checks()
        self.tell(self.tr("Cancelling the checks..."), "busy")

    def _warn_expired(self) -> None:
        """Before a run: a token that has expired or soon will (worded again on a switch)."""
        from amogui.ui.jwt_text import expiry_warning

        found = {u: self.service.target.claims(u) for u in ("A", "B")}
        infos = {u: i for u, i in found.items() if i is not None and expiry_warning(i)}
        if not infos:
            return

        def worded() -> str:
            lines = []
            for user, info in infos.items():
                text = expiry_warning(info) or ""
                lines.append(self.tr("User {user}: {text}").format(user=user, text=text))
            return "<br>".join(lines)

        self.tell(worded, "warning")

    def _summary(self, counts: dict[str, int], cancelled: bool) -> str:
        if cancelled:
            text = self.tr(
                "Checks cancelled; before that {p} passed, {f} failed, {b} blocked, {s} skipped"
            )
        else:
            text = self.tr("Checks done: {p} passed, {f} failed, {b} blocked, {s} skipped")
        return text.format(
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
                cancelled, tally = self.cancelled, dict(counts)
                self.tell(lambda: self._summary(tally, cancelled), "busy")
                self.finished.emit(self.cancelled)
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
                # First whether some attempt was waiting for it, then the hop itself.
                self.link_received.emit(via, redacted)
                detail = t("Deep link {url} handed to the waiting flow", url=redacted)
                self.progress.emit(LegEvent(DEEPLINK_RECEIVED, detail, via))
            case events.DeepLinkRejected(via=via, reason=reason, url=url):
                self.link_rejected.emit(render(reason))
                self.link_refused.emit(via, url)
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
