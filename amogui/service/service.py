"""One session of work, without Qt: what the window and `amogui run` both drive.

The service owns the checklist, the current run and its autosave, the target (profile,
tokens, sandbox), the checks and the deep-link inbox, the attachments, and the report's
signer. A front end asks it (``service.run``, ``service.step_verdict(...)``), tells it what
the tester did (``set_verdict``, ``attach``, ``run_checks``, ``deliver_deeplink``...), and
listens to its events (`amogui.service.events`). Nothing a front end decides about a
verdict, a key or a run lives anywhere else.

Threads: call it from one thread, the one running its asyncio loop (the GUI thread in the
window). Slow work (files, the keychain, the sandbox, signing) runs on worker threads
inside the coroutines. Listeners are called on the loop's thread, except `Saved` and
`SaveFailed`, which come from the autosave worker.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amogui.base.i18n import t
from amogui.checklist.model import Checklist
from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Run, Status, TimelineEvent, now_iso
from amogui.run.store import RunStore, RunSummary
from amogui.service.browser import BrowserChoice, choose_browser
from amogui.service.events import (
    ChecklistReplaced,
    ChecksDone,
    ChecksRunning,
    DeepLinkForeign,
    DeepLinkReceived,
    DeepLinkRejected,
    Event,
    ExchangeRecorded,
    FlowEvent,
    Notice,
    Problem,
    ResultRecorded,
    RunReplaced,
    Saved,
    SaveFailed,
    StepEdited,
    TargetChanged,
)
from amogui.service.saver import Saver
from amogui.service.signing import SigningChoice, choose_signing, load_signer
from amogui.service.target import Target

if TYPE_CHECKING:
    from amogui.backend.recorder import Recorder
    from amogui.checks.context import DeepLinkInbox
    from amogui.checks.verdicts import Verdict
    from amogui.report.export import PdfRenderer
    from amogui.report.keys import PassphraseCallback
    from amogui.report.verify import VerifyResult
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]

TEXT_FIELDS = ("actual", "note")

# What a run of checks imports on first use: 20-60 ms each, which would stall a GUI thread
# (bench/stall.py); `run_checks` imports them on a worker thread first.
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
    "amogui.checks.verdicts",
    "amogui.oauth.authorize",
    "amogui.oauth.browser",
    "amogui.oauth.deeplink",
    "amogui.oauth.extract",
    "amogui.oauth.timeline",
    "amogui.settings.jwtinfo",
)


def preload_checks() -> None:
    """Import the modules of a run, and build the shared TLS context (a worker thread)."""
    import importlib

    for name in CHECK_MODULES:
        importlib.import_module(name)
    from amogui.backend.client import tls_context

    tls_context()


@dataclass(frozen=True)
class Progress:
    """How far the tester is: decidable steps, and how many have a verdict."""

    total: int
    decided: int
    passed: int
    failed: int
    blocked: int
    skipped: int


@dataclass(frozen=True)
class ExportOutcome:
    directory: Path
    written: list[Path]
    note: Any = None  # a Text when the bundle was signed with a one-time key
    signing: SigningChoice | None = None
    signer: Any = None  # the amogui.report.keys.SignerChoice that signed (its fingerprint)
    language: str = "en"


class ServiceBusyError(RuntimeError):
    """Refused while checks are running (a new run, another run, running them twice)."""


class Service:
    def __init__(
        self,
        store: RunStore | None = None,
        *,
        checklist: Checklist | None = None,
        profiles: ProfileStore | None = None,
        secrets: SecretStore | None = None,
        browser: BrowserChoice | None = None,
    ) -> None:
        self._listeners: list[Listener] = []
        self.store = store or RunStore()
        self.saver = Saver(self.store, self._saved, self._save_failed)
        self.checklist: Checklist = checklist or Checklist(title="", source="")
        self.target = Target(self.emit, profiles, secrets)
        self.browser = browser or choose_browser(desktop=True)
        # Embedders and end-to-end tests may open the authorize URL their own way.
        self.browser_override: Callable[[str], Any] | None = None
        self.deeplink_timeout = 300.0
        self.run: Run = Run()
        self._recorder: Recorder | None = None
        self._inbox: DeepLinkInbox | None = None
        self._flows: Any = None  # FlowRegistry: every OAuth flow this session started
        self._cancel: asyncio.Event | None = None
        self._context: Any = None  # the RunContext of the checks running
        self._running = False
        self._attaching: set[str] = set()  # names of attachment copies being made
        self._loop: asyncio.AbstractEventLoop | None = None
        self._bound = False  # `run` is a real run (new, resumed, reopened), not a placeholder
        self._closed = False

    # -- listeners ----------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every event; returns what unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # one broken listener must not stop the others or the work
                log.exception("a listener failed on %s", type(event).__name__)
        if isinstance(event, TargetChanged):
            self._follow_target(event)

    def _saved(self, run_id: str) -> None:
        self.emit(Saved(run_id))

    def _save_failed(self, run_id: str, why: str) -> None:
        self.emit(SaveFailed(run_id, why))

    # -- the checklist ----------------------------------------------------------------------
    def set_checklist(self, checklist: Checklist) -> None:
        """Use another checklist; verdicts are keyed by stable step ids, so those of steps
        still present are kept."""
        self.checklist = checklist
        self.run.checklist_name = checklist.title
        self.run.checklist_source = checklist.source
        self.run.checklist_sha256 = checklist.sha256
        self.save()
        self.emit(
            ChecklistReplaced(checklist.title, checklist.repair or "", tuple(checklist.warnings))
        )

    async def open_checklist(self, path: Path) -> bool:
        """Load a checklist off the caller's thread; a broken one never replaces the current
        one (a `Problem` says why)."""
        from amogui.checklist import ChecklistError, load_checklist

        try:
            checklist = await asyncio.to_thread(load_checklist, path)
        except ChecklistError as exc:
            self.emit(Problem(str(exc)))
            return False
        except OSError as exc:
            self.emit(Problem(t("Could not read {path}: {err}", path=str(path), err=_why(exc))))
            return False
        if not checklist.decidable_steps():
            self.emit(
                Problem(
                    t(
                        "{name} has no steps amogui understands, so the current checklist "
                        "stays open.",
                        name=Path(path).name,
                    )
                )
            )
            return False
        self.set_checklist(checklist)
        return True

    # -- the run ------------------------------------------------------------------------------
    def _fresh_run(self, environment: Mapping[str, str] | None = None) -> Run:
        profile = self.target.profile
        return Run(
            checklist_name=self.checklist.title,
            checklist_source=self.checklist.source,
            checklist_sha256=self.checklist.sha256,
            profile=profile.name,
            base_url=profile.base_url,
            environment={"browser": self.browser.described, **(environment or {})},
        )

    def resume_or_new(self) -> Run:
        """The run the window resumes (read from disk: at start-up only), else a new one."""
        run = self.store.current()
        if run is None:
            return self.new_run()
        self._bind(run, "resumed")
        return run

    def new_run(
        self, environment: Mapping[str, str] | None = None, *, make_current: bool = True
    ) -> Run:
        """Start a fresh run; the old one stays on disk (Past runs). `make_current` False
        leaves the run the window resumes alone (`amogui run`)."""
        self._refuse_while_running()
        self.save()  # the run being left
        run = self._fresh_run(environment)
        self._bind(run, "new")
        self.save()
        if make_current:
            self.saver.set_current(run.run_id)
        return run

    def adopt_run(self, run: Run) -> None:
        """Make a run built elsewhere (a test, an embedder) the current one."""
        self._bind(run, "resumed")

    async def reopen_run(self, run_id: str) -> bool:
        """Continue a past run; a `Problem` when it cannot be read."""
        self._refuse_while_running()
        self.save()
        await asyncio.to_thread(self.saver.flush)
        try:
            run = await asyncio.to_thread(self.store.load, run_id)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            self.emit(Problem(t("Could not open run {id}: {err}", id=run_id, err=_why(exc))))
            return False
        self._bind(run, "reopened")
        self.saver.set_current(run.run_id)
        return True

    def past_runs(self) -> list[RunSummary]:
        """Every saved run, newest first (reads every run file: off the GUI thread)."""
        return self.store.list()

    @property
    def has_run(self) -> bool:
        return self._bound

    def _bind(self, run: Run, why: str) -> None:
        self.run = run
        self._bound = True
        self.recorder.start_after(run.exchanges)
        self.emit(RunReplaced(run.run_id, why))

    def _follow_target(self, event: TargetChanged) -> None:
        if self.run.profile != event.profile or self.run.base_url != event.base_url:
            self.run.profile, self.run.base_url = event.profile, event.base_url
            self.save()

    def _refuse_while_running(self) -> None:
        if self._running:
            raise ServiceBusyError("Cancel the running checks first.")

    # -- what the tester says -------------------------------------------------------------------
    def set_verdict(self, step_id: str, status: Status | None) -> None:
        self.run.set_manual(step_id, status)
        self.save()
        self.emit(StepEdited(step_id, "verdict"))

    def set_text(self, step_id: str, field: str, text: str, *, save: bool = True) -> None:
        """The "actual result" or the note of a step. A front end that saves on a pause in
        typing passes ``save=False`` and calls `save()` itself."""
        if field not in TEXT_FIELDS:
            raise ValueError(f"unknown text field {field!r}")
        setattr(self.run.record(step_id), field, text)
        if save:
            self.save()
        self.emit(StepEdited(step_id, field))

    def set_review(self, step_id: str, item_id: str, ticked: bool) -> None:
        self.run.record(step_id).review[item_id] = ticked
        self.save()
        self.emit(StepEdited(step_id, "review"))

    def apply_answers(self, answers: Mapping[str, tuple[Status, str]]) -> None:
        """Verdicts and notes given ahead of the run (``amogui run --answers``)."""
        for step_id, (status, note) in answers.items():
            self.run.set_manual(step_id, status)
            self.run.record(step_id).note = note
        self.save()

    async def attach(self, step_id: str, path: Path) -> bool:
        """Keep a copy of `path` with the run, on the step (read and hashed off the caller's
        thread); a file that cannot be attached is a `Problem`."""
        from amogui.run.attachments import AttachmentError, add_attachment, next_name

        run = self.run
        name = next_name(run, path.name, self._attaching)
        self._attaching.add(name)  # a second file attached meanwhile gets the next number
        try:
            entry = await asyncio.to_thread(add_attachment, run, step_id, path, name)
        except AttachmentError as exc:
            self.emit(Problem(str(exc)))
            return False
        finally:
            self._attaching.discard(name)
        run.attachments.append(entry)
        self.saver.save(run)  # the run it was attached to, even if another is open now
        if run is self.run:
            self.emit(StepEdited(step_id, "attachments"))
        self.emit(Notice(t("Attached {name}.", name=path.name)))
        return True

    def remove_attachment(self, step_id: str, name: str) -> bool:
        """Take an attachment off its step; its kept copy goes too (on a worker thread)."""
        from amogui.run.attachments import discard_copy

        entry = next(
            (a for a in self.run.attachments if a.get("step") == step_id and a.get("name") == name),
            None,
        )
        if entry is None:
            return False
        self.run.attachments.remove(entry)
        self.save()
        threading.Thread(
            target=discard_copy, args=(self.run.run_id, entry), name="amogui-discard", daemon=True
        ).start()
        self.emit(StepEdited(step_id, "attachments"))
        self.emit(Notice(t("Removed {name}.", name=name)))
        return True

    # -- saving ---------------------------------------------------------------------------------
    def save(self) -> None:
        """Queue a snapshot of the current run for the autosave worker (nothing before a run
        was made or resumed: the placeholder is never written)."""
        if self._bound:
            self.saver.save(self.run)

    def flush(self) -> None:
        """Block until every queued save is on disk."""
        self.saver.flush()

    def run_file(self) -> Path:
        return self.store.path(self.run.run_id)

    # -- verdicts (one rule: amogui.checks.verdicts) --------------------------------------------
    def step_verdict(self, step_id: str) -> Verdict:
        from amogui.checks.verdicts import step_verdict

        return step_verdict(self.run, step_id)

    def criteria(self) -> dict[str, Verdict]:
        from amogui.checks.verdicts import criteria_verdicts

        return criteria_verdicts(self.checklist, self.run)

    def progress(self) -> Progress:
        from amogui.checks.verdicts import step_status

        statuses = [step_status(self.run, s.id) for s in self.checklist.decidable_steps()]
        return Progress(
            total=len(statuses),
            decided=sum(1 for s in statuses if s.decided),
            passed=statuses.count(Status.PASSED),
            failed=statuses.count(Status.FAILED),
            blocked=statuses.count(Status.BLOCKED),
            skipped=statuses.count(Status.SKIPPED),
        )

    def next_undecided(self, order: list[str], here: str | None, direction: int) -> str | None:
        """The next (1) or previous (-1) step of `order` after `here` without a verdict."""
        from amogui.checks.verdicts import step_status

        start = order.index(here) if here in order else (-1 if direction > 0 else len(order))
        i = start + direction
        while 0 <= i < len(order):
            if not step_status(self.run, order[i]).decided:
                return order[i]
            i += direction
        return None

    # -- exchanges ------------------------------------------------------------------------------
    @property
    def recorder(self) -> Recorder:
        """The one recorder of the session: exchange ids stay unique across checks, the
        checklist's API tests and the window's Leads tab."""
        if self._recorder is None:
            from amogui.backend.recorder import Recorder

            self._recorder = Recorder(on_exchange=self._exchange)
        return self._recorder

    def _exchange(self, exchange: Exchange) -> None:
        loop = self._loop
        if loop is not None and loop.is_running() and not _on_loop(loop):
            loop.call_soon_threadsafe(self.record_exchange, exchange)
        else:
            self.record_exchange(exchange)

    def record_exchange(self, exchange: Exchange) -> None:
        """An exchange (already redacted) joins the current run and is told."""
        self.run.exchanges.append(exchange)
        self.emit(ExchangeRecorded(exchange))

    # -- checks ---------------------------------------------------------------------------------
    @property
    def inbox(self) -> DeepLinkInbox:
        # The checks (and httpx under them) load on first use, not at window start-up.
        if self._inbox is None:
            from amogui.checks.context import DeepLinkInbox

            self._inbox = DeepLinkInbox()
        return self._inbox

    @property
    def running(self) -> bool:
        return self._running

    @property
    def flows(self) -> Any:
        """Every OAuth flow this session started, across its runs (a `FlowRegistry`): whose
        deep links are ours (`owns`)."""
        if self._flows is None:
            from amogui.oauth.authorize import FlowRegistry

            self._flows = FlowRegistry()
        return self._flows

    def owns(self, url: str) -> bool:
        """Whether a deep link belongs to this session: its state is one of our flows, or
        it has none while one of ours waits (`amogui.oauth.claims`)."""
        from amogui.oauth.claims import owns

        return owns(self._flows, url)

    def browser_opener(self) -> Callable[[str], Any] | None:
        if self.browser_override is not None:
            return self.browser_override
        return self.browser.opener(
            deliver=self.inbox.deliver,  # the built-in browser hands its link over here
            prefix=self.target.profile.deeplink_prefix,
            on_done=self._builtin_browser_done,
        )

    def _builtin_browser_done(self, launch: Any) -> None:
        """The built-in browser ended (in its thread): a failure is told at once."""
        if launch.error:
            self._call_on_loop(
                lambda: self.emit(
                    Problem(t("The stand-in browser failed: {why}", why=launch.error))
                )
            )

    def _call_on_loop(self, action: Callable[[], None]) -> None:
        loop = self._loop
        if loop is not None and loop.is_running() and not _on_loop(loop):
            loop.call_soon_threadsafe(action)
        else:
            action()

    async def run_checks(self, only: Iterable[str] | None = None) -> dict[str, CheckResult]:
        """Run the automatic checks (all, or `only`) against the target into the current
        run; every result is recorded, told (`ResultRecorded`) and saved as it comes."""
        if self._running:
            raise ServiceBusyError("Checks are already running.")
        self._running = True
        try:
            return await self._run_checks(only)
        finally:
            self._running = False

    async def _run_checks(self, only: Iterable[str] | None) -> dict[str, CheckResult]:
        await asyncio.to_thread(preload_checks)  # imports would stall a GUI thread
        from amogui.backend.client import BackendClient
        from amogui.checks.context import RunContext
        from amogui.checks.runner import Runner

        profile = self.target.profile
        if not profile.base_url:
            self.emit(
                Problem(t("No target yet: choose a profile (Settings) or wait for the sandbox."))
            )
            return {}
        self._loop = asyncio.get_running_loop()
        self.inbox.bind(self._loop)
        self._cancel = asyncio.Event()
        client = BackendClient(profile, self.recorder)
        ctx = RunContext(
            profile=profile,
            client=client,
            run=self.run,
            checklist=self.checklist,
            token_a=self.target.token("A"),
            token_b=self.target.token("B"),
            inbox=self.inbox,
            registry=self.flows,
            browser=self.browser_opener(),
            deeplink_timeout=self.deeplink_timeout,
            on_result=self.record_result,
            on_event=self._run_event,
            cancel=self._cancel,
            # Probes that make the backend call amoCRM run unless the profile says no
            # (the sandbox always allows them; not asked yet keeps them on).
            production_probes=profile.may_probe_production is not False,
        )
        if ctx.browser is None:
            ctx.leg.skip_reason = self.browser.reason
        self.emit(ChecksRunning(True))
        self._context = ctx
        try:
            results = await Runner(ctx).run(list(only) if only is not None else None)
        finally:
            self._context = None
            await client.aclose()
            self.save()
            self.emit(ChecksRunning(False))
        counts: dict[str, int] = {}
        for got in results.values():
            counts[got.status.value] = counts.get(got.status.value, 0) + 1
        self.emit(ChecksDone(counts, self.run.incomplete))
        return results

    def _run_event(self, event: Any) -> None:
        """The runner's events (`amogui.checks.events`) as the service tells them: a hop of
        the OAuth leg or a check starting; a finished check comes as `ResultRecorded`."""
        from amogui.checks.events import CHECK_STARTED, CheckStarted, LegEvent

        if isinstance(event, LegEvent):
            self.emit(event)  # a FlowEvent: the same record
        elif isinstance(event, CheckStarted):
            self.emit(FlowEvent(CHECK_STARTED, event.check_id))

    def record_result(self, result: CheckResult) -> None:
        """A check's result lands on its step (a manual verdict still wins), is saved and
        told."""
        self.run.add_check(result)  # the runner recorded it too
        self.save()
        self.emit(ResultRecorded(result))

    def cancel_checks(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def deliver_deeplink(self, url: str, via: str) -> str | None:
        """Validate a deep link and hand it to the waiting flow; the rejection reason if
        not. A rejected link makes no request: it never reaches the inbox.

        One that came from outside (IPC, the OS, a start-up file; not the paste box) and
        answers no flow of this session is another amogui run's: it is left alone with a
        `DeepLinkForeign`, no alarm (`amogui.desktop.channels`)."""
        from amogui.oauth.deeplink import DeepLink, parse_deeplink

        link = parse_deeplink(url, self.target.profile, require_state=False)
        reason = link.reason if not isinstance(link, DeepLink) else None
        if reason is None and via != "paste" and not self.owns(url):
            self.emit(DeepLinkForeign(via))  # another run's: no request, no alarm
            return None
        if reason is None and self._context is not None:
            from amogui.checks.oauth import foreign_state

            # Another flow's link is refused at once; the wait goes on for this flow's.
            reason = foreign_state(self._context, link)
        if reason is not None:
            from amogui.base.i18n import render

            rejected = TimelineEvent(now_iso(), "deeplink-rejected", reason, via)
            self.run.timeline.append(rejected)
            shown = link.redacted() if isinstance(link, DeepLink) else link.url
            self.emit(DeepLinkRejected(via, reason, shown))
            return render(reason)
        assert isinstance(link, DeepLink)
        self.inbox.deliver(url, via)
        self.emit(DeepLinkReceived(via, link.redacted()))
        return None

    async def run_api_test(self, step_id: str, index: int) -> CheckResult | None:
        """One of the checklist's API tests (its curl), run by the same engine as the
        checks, with user A's token. Its result is evidence; it decides no step."""
        from amogui.backend.client import BackendClient
        from amogui.checks.api_tests import run_api_test

        step = self.checklist.step(step_id)
        if step is None or index >= len(step.api_tests):
            return None
        async with BackendClient(self.target.profile, self.recorder) as client:
            outcome = await run_api_test(client, step, index, self.target.token("A"))
        self.record_result(outcome)
        return outcome

    async def probe_target(self) -> str | None:
        """One status request as user A: None when the backend answers, else why not."""
        from amogui.backend.client import BackendClient

        async with BackendClient(self.target.profile) as client:
            reply = await client.get("status", token=self.target.token("A"))
        if reply.error:
            url = self.target.profile.base_url
            return f"The backend at {url} cannot be reached: {reply.error}."
        return None

    # -- the report -----------------------------------------------------------------------------
    def signing_choice(
        self, key_arg: str | None = None, tester_arg: str | None = None
    ) -> SigningChoice:
        """Who signs and with which key (reads the settings file: off the GUI thread)."""
        from amogui.settings.store import SettingsStore

        return choose_signing(
            key_arg=key_arg, tester_arg=tester_arg, settings=SettingsStore().settings
        )

    async def export_report(
        self,
        out_dir: Path,
        *,
        pdf: PdfRenderer | None = None,
        ask_passphrase: PassphraseCallback | None = None,
        signing: SigningChoice | None = None,
        language: str | None = None,
    ) -> ExportOutcome:
        """Write and sign the bundle of a snapshot of the current run (the tester may go
        on working meanwhile); `pdf` is the front end's PDF renderer (None: no PDF);
        `language` the report's ("uk", "en"; None: the settings', else the locale's).
        Raises `amogui.report.export.ExportError` with one sentence."""
        from amogui.report.model import choose_language

        self.save()
        snapshot = Run.from_dict(self.run.to_dict())
        choice = signing if signing is not None else await asyncio.to_thread(self.signing_choice)
        if not (snapshot.tester.name or snapshot.tester.email):
            snapshot.tester = choice.tester
        lang = await asyncio.to_thread(choose_language, language)
        profile = self.target.profile
        written, note, signer = await asyncio.to_thread(
            _export,
            snapshot,
            self.checklist,
            Path(out_dir),
            choice,
            pdf,
            ask_passphrase,
            profile.name or snapshot.profile,
            profile.base_url or snapshot.base_url,
            lang,
        )
        return ExportOutcome(Path(out_dir), written, note, choice, signer, lang)

    async def verify_report(
        self, directory: Path, allowed_signers: Path | None = None, identity: str | None = None
    ) -> VerifyResult:
        """Check a bundle: integrity, and whether its signer is trusted (by
        `allowed_signers` alone when given, else the tester's default trust file and the
        team's file next to the open checklist). Raises `BundleError` for a non-folder."""
        from amogui.report.verify import verify_bundle

        return await asyncio.to_thread(
            verify_bundle,
            Path(directory),
            allowed_signers,
            identity,
            checklist_source=self.checklist.source,
        )

    # -- the end ----------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop everything and keep everything: cancel the checks, write the run, stop the
        sandbox. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self.cancel_checks()
        self.save()
        self.saver.close()
        self.target.stop_sandbox_now()


def _export(
    run: Run,
    checklist: Checklist,
    out_dir: Path,
    choice: SigningChoice,
    pdf: PdfRenderer | None,
    ask: PassphraseCallback | None,
    profile_name: str,
    base_url: str,
    language: str = "en",
) -> tuple[list[Path], Any, Any]:
    from amogui.report.export import export_bundle

    signer, note = load_signer(choice, ask)
    written = export_bundle(
        run,
        checklist,
        out_dir,
        signer,
        profile_name=profile_name or None,
        base_url=base_url or None,
        pdf=pdf,
        language=language,
    )
    return written, note, signer


def _why(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
