"""`amogui run`: build the service, point it at the target, run the checks, export, exit.

Order: every configuration problem exits 2 with one sentence before any check runs
(`amogui.headless.args`, then the target: the sandbox, the logins, a backend that does not
answer). Then the checks run with a progress line per check, the run is autosaved after
each result (beside the window's runs; the window's current run is left alone), the
signed report bundle is written if asked, the final table goes to stderr and the JSON
summary to stdout with ``--json``. Ctrl-C stops the checks; what was decided is kept and
the report is marked incomplete (exit 130).

Qt is loaded only for what needs it: the single-instance IPC server (QtNetwork) when the
OAuth leg waits for a deep link, and the PDF writer (QtGui) when a report is written.
Without either, the run is plain asyncio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
from typing import TYPE_CHECKING, Any

from amogui.base.i18n import t
from amogui.headless.args import ConfigError, Plan, configure
from amogui.headless.output import (
    EXIT_CONFIG,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Printer,
    exit_code,
    probes_note,
    probes_summary,
    say,
    summary,
    table,
)

if TYPE_CHECKING:
    from amogui.report.export import PdfRenderer
    from amogui.service.service import Service


def run(args: argparse.Namespace) -> int:
    if getattr(args, "lang", None):
        from amogui.base.i18n import set_language

        set_language(args.lang)
    try:
        plan = configure(args)
    except ConfigError as exc:
        say(exc)
        return EXIT_CONFIG
    pdf = _pdf_renderer() if plan.report is not None else None
    try:
        if plan.needs_oauth_leg and not plan.browser.builtin:  # --browser auto needs no IPC
            from amogui.desktop.eventloop import run_async

            return run_async(lambda: walk(plan, pdf))
        return asyncio.run(walk(plan, pdf))
    except KeyboardInterrupt:  # Ctrl-C outside the checks (start-up, teardown)
        say(t("interrupted"))
        return EXIT_INTERRUPTED


def _pdf_renderer() -> PdfRenderer:
    """Qt's PDF writer needs a QGuiApplication (fonts), made on the main thread before the
    loop (offscreen: no window appears)."""
    from amogui.report.pdf import ensure_gui_app, render_pdf

    ensure_gui_app()
    return render_pdf


async def walk(plan: Plan, pdf: PdfRenderer | None) -> int:
    from amogui.run.store import RunStore
    from amogui.service.service import Service

    service = Service(RunStore(), checklist=plan.checklist, browser=plan.browser)
    service.deeplink_timeout = plan.deeplink_timeout
    printer = Printer(len(plan.ids))
    service.subscribe(printer)
    try:
        await _point(service, plan, printer)
        return await _checks_and_report(service, plan, pdf)
    except ConfigError as exc:
        say(exc)
        return EXIT_CONFIG
    finally:
        await service.target.stop_sandbox()
        service.close()


async def _point(service: Service, plan: Plan, printer: Printer) -> None:
    """Point the service at the target with users A and B; `ConfigError` when it cannot."""
    from amogui.service.target import TargetError

    if plan.profile.sandbox:
        try:
            await service.target.use_sandbox(plan.profile, plan.credentials, plan.overrides)
        except TargetError as exc:
            raise ConfigError(str(exc)) from exc
    else:
        await service.target.use_profile(plan.profile, plan.credentials)
    if printer.login_failures:
        raise ConfigError(printer.login_failures[0])
    if service.target.token("A") is None:
        raise ConfigError("No token for user A: set AMOGUI_TOKEN_A or AMOGUI_LOGIN_A.")
    if service.target.answered:
        return  # a login that answered already proved the backend is up
    unreachable = await service.probe_target()
    if unreachable:
        raise ConfigError(unreachable)


async def _checks_and_report(service: Service, plan: Plan, pdf: PdfRenderer | None) -> int:
    from amogui.run.state import now_iso

    environment = {"mode": "headless", "faults": ",".join(plan.faults)}
    run_state = service.new_run(environment, make_current=False)
    service.apply_answers(plan.answers)
    with _DeepLinkChannel(service) as channel, _Interrupt(service):
        if channel.reason:
            say(t("{reason}; the OAuth checks are skipped", reason=channel.reason))
        await service.run_checks(plan.only)
    run_state.finished_at = now_iso()
    service.save()
    code = exit_code(run_state, plan.ids)
    extra: dict[str, Any] = {"run_file": str(service.run_file()), "report": None}
    if plan.report is not None:
        extra["report"], extra["signing"] = await _report(service, plan, pdf)
    await asyncio.to_thread(service.flush)
    if code == EXIT_OK and plan.report is not None and not extra["report"]:
        # Every check passed, but the report asked for could not be written (a full disk).
        # (The run file is amogui's own autosave: a failure there is said, not an exit.)
        say(t("the checks passed, but the report could not be written (see above)"))
        code = EXIT_FAILED
    from amogui.headless.output import err

    err(table(run_state, plan.ids))
    probes = probes_note(plan.profile, plan.ids)
    if probes is not None:
        say(probes)
    extra["production_probes"] = probes_summary(plan.profile, plan.ids)
    if plan.json:
        print(json.dumps(summary(run_state, plan.ids, code, extra), ensure_ascii=False, indent=1))
    return code


async def _report(
    service: Service, plan: Plan, pdf: PdfRenderer | None
) -> tuple[str | None, dict[str, Any] | None]:
    """Write the bundle; the folder and what the summary says of its signature."""
    from amogui.report.export import ExportError

    assert plan.report is not None
    try:
        outcome = await service.export_report(
            plan.report, pdf=pdf, signing=plan.signing, language=plan.language
        )
    except (ExportError, OSError) as exc:
        say(t("the report could not be written: {error}", error=str(exc)))
        return None, None
    signer = outcome.signer
    say(
        t(
            "report written to {folder}, signed by {fingerprint}",
            folder=str(plan.report),
            fingerprint=signer.key.fingerprint,
        )
    )
    if signer.one_off:
        say(
            t(
                "the report is signed with a ONE-OFF key ({reason}): it proves the files "
                "were not changed, not who signed them",
                reason=signer.one_off_reason,
            )
        )
    tester = plan.signing.tester
    return str(plan.report), {
        "fingerprint": signer.key.fingerprint,
        "tester": f"{tester.name} <{tester.email}>".strip() if tester.email else tester.name,
        "one_off": signer.one_off,
        "one_off_reason": signer.one_off_reason or None,
        "language": outcome.language,
    }


class _DeepLinkChannel:
    """This run's own IPC endpoint, next to the window's (`amogui.desktop.channels`):
    ``amogui open-url`` offers every running amogui the deep link and this one takes only
    links of its own flows, so a window (or another run) being open changes nothing. Only
    when the OAuth leg will wait for a link from outside: the built-in ``--browser auto``
    hands its link over in process. A channel that cannot open leaves the leg without a
    browser, with the reason."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.server: Any = None
        self.reason: str | None = service.browser.reason

    def __enter__(self) -> _DeepLinkChannel:
        if not self.service.browser.available or self.service.browser.builtin:
            return self
        from amogui.desktop.channels import run_endpoint_name
        from amogui.desktop.ipc import IPCError, IPCServer
        from amogui.oauth.claims import FlowClaims

        try:
            name = run_endpoint_name()
        except IPCError as exc:  # no usable socket folder
            return self._without(exc)
        server = IPCServer(name, claims=FlowClaims(lambda: self.service.flows))
        try:
            server.listen()
        except IPCError as exc:
            server.deleteLater()
            return self._without(exc)
        server.url_received.connect(self.service.deliver_deeplink)
        self.server = server
        return self

    def _without(self, exc: Exception) -> _DeepLinkChannel:
        from amogui.service.browser import BrowserChoice

        self.reason = f"the deep link cannot be received: {exc}"
        self.service.browser = BrowserChoice(None, self.reason)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.deleteLater()


class _Interrupt:
    """Ctrl-C cancels the service's checks, so the runner stops between or inside checks.

    A Python signal handler only runs when the interpreter gets control back, and the Qt
    event loop may sit in C for long: a periodic wake-up keeps Ctrl-C prompt.
    """

    def __init__(self, service: Service) -> None:
        self.service = service
        self.previous: Any = None
        self.ticker: asyncio.TimerHandle | None = None

    def __enter__(self) -> _Interrupt:
        loop = asyncio.get_running_loop()

        def interrupted() -> None:
            self.service.cancel_checks()
            say(t("interrupted; finishing what was decided"))

        def handler(signum: int, frame: object) -> None:
            # Only schedule: writing to stderr here, in the middle of a progress line,
            # raises "reentrant call" (the handler runs between any two bytecodes).
            loop.call_soon_threadsafe(interrupted)

        self.previous = signal.signal(signal.SIGINT, handler)

        def tick() -> None:
            self.ticker = loop.call_later(0.2, tick)

        tick()
        return self

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self.previous)
        if self.ticker is not None:
            self.ticker.cancel()
