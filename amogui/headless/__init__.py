"""``amogui run``: walk the checklist without a window (DESIGN.md "Command line", issue 7).

The same engine as the window (`amogui.checks.runner.Runner` over one `BackendClient`),
on a qasync loop without widgets so the single-instance IPC server can receive the deep
link that the browser hands to ``amogui open-url``.

Order: every configuration problem (options, profile, checklist, answers, credentials,
an unreachable backend) exits 2 with one sentence before any check runs. Then the
checks run with a progress line per check on stderr, the run is autosaved after each
result, the report bundle is written if asked, a final table goes to stderr and a JSON
summary to stdout with ``--json``. Exit codes: 0 every automated check passed (skipped
ones do not count against it), 1 any failed or was blocked, 2 usage or configuration
error, 130 interrupted (Ctrl-C; the report is still written and marked incomplete).

Secrets never come from the command line: tokens and logins are read from
AMOGUI_TOKEN_A/B and AMOGUI_LOGIN_A/B only.

Only the standard library is imported at module level (``amogui --help`` stays fast).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from amogui.backend.client import BackendClient
    from amogui.checklist.model import Checklist
    from amogui.run.state import CheckResult, Run
    from amogui.settings.profiles import Profile

DESCRIPTION = "Walk the checklist from the command line and run every automated check."
EPILOG = """\
user tokens come from the environment only, never the command line:
  AMOGUI_TOKEN_A, AMOGUI_TOKEN_B    JWTs of user A (the tester) and B (the witness)
  AMOGUI_LOGIN_A, AMOGUI_LOGIN_B    "email:password" to log in through the profile
  with --sandbox and none given, the sandbox's demo users are logged in.
exit codes: 0 all automated checks passed, 1 any failed or blocked,
            2 usage or configuration error, 130 interrupted (report marked incomplete)
"""

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_INTERRUPTED = 0, 1, 2, 130
VERDICTS = ("passed", "failed", "blocked", "skipped")


class ConfigError(Exception):
    """A configuration problem: one sentence, exit 2, before any check runs."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sandbox", action="store_true", help="start an in-process sandbox")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="a sandbox fault switch (repeatable; only with --sandbox)",
    )
    parser.add_argument(
        "--delay",
        type=_delay,
        metavar="SECONDS",
        help="how late the sandbox answers with --fault slow (default 2; only with --sandbox)",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--profile", metavar="NAME", help="a saved profile")
    target.add_argument("--base-url", metavar="URL", help="the admin backend's base URL")
    parser.add_argument("--authorize-url", metavar="URL", help="amoCRM authorize endpoint")
    parser.add_argument("--client-id", metavar="ID", help="the integration's client id")
    parser.add_argument(
        "--browser",
        metavar="CMD",
        help="command that opens the authorize URL (%%s is the URL); default $BROWSER, "
        "else the system browser",
    )
    parser.add_argument(
        "--deeplink-timeout", type=float, default=300.0, metavar="SECONDS", help="(default 300)"
    )
    parser.add_argument("--checklist", metavar="FILE", help="another checklist")
    parser.add_argument("--report", metavar="DIR", help="write the signed report bundle there")
    parser.add_argument("--only", metavar="ID[,ID...]", help="run only these checks")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--answers", metavar="FILE", help="YAML or JSON: step id -> {verdict, note}"
    )


def _delay(text: str) -> float:
    """An argparse type: a finite number of seconds, 0 or more."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds: {text!r}")
    return value


# -- configuration (no network) ------------------------------------------------------------


@dataclass
class Plan:
    profile: Profile
    checklist: Checklist
    only: list[str] | None
    answers: dict[str, tuple[str, str]]
    browser: str | None
    browser_reason: str | None  # why there is no browser
    faults: list[str] = field(default_factory=list)
    credentials: dict[str, Any] = field(default_factory=dict)


def _only(text: str | None) -> list[str] | None:
    from amogui.checks.runner import UnknownCheckError, select

    if text is None:
        return None
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise ConfigError("--only names no check.")
    try:
        select(ids)
    except UnknownCheckError as exc:
        raise ConfigError(f"{exc}.") from exc
    return ids


def _checklist(path: str | None) -> Checklist:
    from amogui.checklist import ChecklistError, load_bundled, load_checklist

    try:
        return load_checklist(path) if path else load_bundled()
    except ChecklistError as exc:
        raise ConfigError(str(exc)) from exc


def _answers(path: str | None, checklist: Checklist) -> dict[str, tuple[str, str]]:
    if not path:
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the answers file {path}: {exc}.") from exc
    data = _parse_answers(text, path)
    known = {s.id for s in checklist.steps()}
    out: dict[str, tuple[str, str]] = {}
    for step_id, answer in data.items():
        if str(step_id) not in known:
            raise ConfigError(
                f"The answers file {path} names a step {step_id!r} the checklist lacks."
            )
        if isinstance(answer, str):
            answer = {"verdict": answer}
        if not isinstance(answer, dict):
            raise ConfigError(f"The answer for {step_id} in {path} is not {{verdict, note}}.")
        verdict = str(answer.get("verdict", "")).strip().lower()
        if verdict not in VERDICTS:
            raise ConfigError(
                f"The answer for {step_id} in {path} has verdict {verdict!r}; "
                f"use one of {', '.join(VERDICTS)}."
            )
        out[str(step_id)] = (verdict, str(answer.get("note") or ""))
    return out


def _parse_answers(text: str, path: str) -> dict[Any, Any]:
    data: Any
    try:
        data = json.loads(text)
    except ValueError:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"The answers file {path} is neither JSON nor YAML: {exc}.") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"The answers file {path} must map step ids to answers.")
    return data


def _profile(args: argparse.Namespace) -> Profile:
    from amogui.settings.profiles import SANDBOX_PROFILE, Profile

    if args.sandbox:
        profile = Profile(name=SANDBOX_PROFILE, base_url="", sandbox=True, rate_limit=0.0)
        profile.concurrency = 8
    elif args.base_url:
        if not args.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"--base-url {args.base_url!r} is not an http(s) URL.")
        profile = Profile(name="command line", base_url=args.base_url.rstrip("/"))
    else:
        profile = _saved_profile(args.profile)
    if args.authorize_url:
        profile.authorize_url = args.authorize_url
    if args.client_id:
        profile.client_id = args.client_id
    if not profile.sandbox and not profile.base_url:
        raise ConfigError(f"The profile {profile.name!r} has no base URL.")
    return profile


def _saved_profile(name: str | None) -> Profile:
    from amogui.settings.store import ProfileStore, SettingsError

    try:
        store = ProfileStore()
        if name is None:
            return store.current()
        if name not in store:
            raise ConfigError(
                f"There is no profile {name!r}; known profiles: {', '.join(store.names())}."
            )
        return store.get(name)
    except SettingsError as exc:
        raise ConfigError(str(exc)) from exc


def _browser(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(command, None) or (None, why there is none). "" means the system browser."""
    if args.browser:
        return args.browser, None
    if os.environ.get("BROWSER"):
        return os.environ["BROWSER"], None
    if (
        sys.platform in ("darwin", "win32")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "", None
    return None, "no browser command (--browser, $BROWSER) and no display for the system browser"


def configure(args: argparse.Namespace) -> Plan:
    from amogui.settings.secrets import CredentialsError, env_credentials

    if args.fault and not args.sandbox:
        raise ConfigError("--fault only applies with --sandbox.")
    if args.delay is not None and not args.sandbox:
        raise ConfigError("--delay only applies with --sandbox.")
    if args.sandbox and (args.profile or args.base_url):
        raise ConfigError("--sandbox cannot be combined with --profile or --base-url.")
    if args.fault:
        from amogui.sandbox.faults import UnknownFaultError, check_faults

        try:
            check_faults(args.fault)
        except UnknownFaultError as exc:
            raise ConfigError(f"{exc}.") from exc
    if not args.deeplink_timeout > 0:
        raise ConfigError("--deeplink-timeout must be a positive number of seconds.")
    only = _only(args.only)
    checklist = _checklist(args.checklist)
    answers = _answers(args.answers, checklist)
    profile = _profile(args)
    try:
        credentials = env_credentials()
    except CredentialsError as exc:
        raise ConfigError(str(exc)) from exc
    if "A" not in credentials and not args.sandbox:
        raise ConfigError("No token for user A: set AMOGUI_TOKEN_A or AMOGUI_LOGIN_A.")
    browser, reason = _browser(args)
    return Plan(profile, checklist, only, answers, browser, reason, list(args.fault), credentials)


# -- output ------------------------------------------------------------------------------


def _err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


BAR_WIDTH = 30


def progress_bar(done: int, total: int, failed: int) -> str:
    """ "[##########--------------------]  5/13, 1 failed" for a terminal's last line."""
    filled = BAR_WIDTH * done // max(total, 1)
    tail = f", {failed} failed" if failed else ""
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done:>2}/{total}{tail}"


def _progress(total: int, tty: bool | None = None) -> Callable[[CheckResult], None]:
    """A line per check; on a terminal, also a progress bar kept on the last line."""
    done = [0, 0]  # checks finished, checks failed
    bar = sys.stderr.isatty() if tty is None else tty

    def line(result: CheckResult) -> None:
        done[0] += 1
        done[1] += result.status.value == "failed"
        secs = result.duration_ms / 1000
        text = (
            f"[{done[0]:>2}/{total}] {result.check_id:<24} {result.status.value:<8} "
            f"{secs:6.2f} s  {result.summary}"
        )
        if not bar:
            _err(text)
            return
        # \r and "erase line" replace the bar, the line scrolls up, the bar is redrawn.
        end = "\n" if done[0] >= total else ""
        sys.stderr.write(f"\r\033[K{text}\n{progress_bar(done[0], total, done[1])}{end}")
        sys.stderr.flush()

    return line


def _table(run: Run, ids: list[str]) -> str:
    rows = [f"{'check':<24} {'status':<8} {'time':>8}  summary"]
    for cid in ids:
        got = run.checks.get(cid)
        if got is None:
            rows.append(f"{cid:<24} {'not-run':<8} {'':>8}  -")
            continue
        extra = f" [{got.variation}]" if got.variation else ""
        diag = f" -> {got.diagnosis.problem_id}" if got.diagnosis else ""
        rows.append(
            f"{cid:<24} {got.status.value:<8} {got.duration_ms / 1000:7.2f}s  "
            f"{got.summary}{extra}{diag}"
        )
    return "\n".join(rows)


def summary(run: Run, ids: list[str], code: int, extra: dict[str, Any]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    checks = []
    for cid in ids:
        got = run.checks.get(cid)
        status = got.status.value if got else "not-run"
        counts[status] = counts.get(status, 0) + 1
        checks.append(
            {
                "id": cid,
                "step": got.step_id if got else None,
                "status": status,
                "summary": got.summary if got else "",
                "variation": got.variation if got else None,
                "diagnosis": got.diagnosis.problem_id if got and got.diagnosis else None,
                "evidence": list(got.evidence) if got else [],
                "duration_ms": got.duration_ms if got else 0.0,
            }
        )
    verdict = {EXIT_OK: "passed", EXIT_FAILED: "failed", EXIT_INTERRUPTED: "incomplete"}[code]
    return {
        "run_id": run.run_id,
        "verdict": verdict,
        "exit_code": code,
        "incomplete": run.incomplete,
        "profile": run.profile,
        "base_url": run.base_url,
        "counts": counts,
        "checks": checks,
        "manual": {
            k: {"verdict": v.manual.value, "note": v.note} for k, v in run.steps.items() if v.manual
        },
        **extra,
    }


def exit_code(run: Run, ids: list[str]) -> int:
    from amogui.run.state import Status

    if run.incomplete:
        return EXIT_INTERRUPTED
    bad = (Status.FAILED, Status.BLOCKED)
    return (
        EXIT_FAILED
        if any(run.checks[c].status in bad for c in ids if c in run.checks)
        else (EXIT_OK)
    )


# -- the run -----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    try:
        plan = configure(args)
    except ConfigError as exc:
        _err(f"amogui run: {exc}")
        return EXIT_CONFIG
    from amogui.desktop.eventloop import run_async

    if args.report:
        # The PDF needs a QGuiApplication (fonts); made before the loop so run_async
        # reuses it instead of a bare QCoreApplication. Offscreen: no window appears.
        from amogui.report.pdf import ensure_gui_app

        ensure_gui_app()
    session = Session(plan, args)
    try:
        return run_async(session.main)
    except KeyboardInterrupt:  # Ctrl-C outside the checks (start-up, teardown)
        _err("amogui run: interrupted")
        return EXIT_INTERRUPTED


class Session:
    """One headless run on the qasync loop."""

    def __init__(self, plan: Plan, args: argparse.Namespace) -> None:
        self.plan = plan
        self.args = args
        self.sandbox: Any = None

    async def main(self) -> int:
        import asyncio

        try:
            return await self._main()
        except ConfigError as exc:
            _err(f"amogui run: {exc}")
            return EXIT_CONFIG
        finally:
            if self.sandbox is not None:
                await asyncio.to_thread(self.sandbox.stop)

    async def _main(self) -> int:
        from amogui.backend.client import BackendClient, Recorder
        from amogui.run.state import Run

        profile = self.plan.profile
        if profile.sandbox:
            profile = await self._start_sandbox(profile)
        run_state = Run(
            checklist_name=self.plan.checklist.title,
            checklist_source=self.plan.checklist.source,
            checklist_sha256=self.plan.checklist.sha256,
            profile=profile.name,
            base_url=profile.base_url,
            environment={"mode": "headless", "faults": ",".join(self.plan.faults)},
        )
        recorder = Recorder(on_exchange=run_state.exchanges.append)
        async with BackendClient(profile, recorder) as client:
            token_a, token_b = await self._tokens(client)
            await self._reachable(client, token_a)
            return await self._walk(profile, client, run_state, token_a, token_b)

    async def _start_sandbox(self, profile: Profile) -> Profile:
        import asyncio

        from amogui.sandbox import Sandbox, SandboxError, config_for, profile_for

        # A fresh sandbox: only the faults named on the command line.
        config = config_for(profile, fresh=True, faults=self.plan.faults)
        if self.args.delay is not None:
            config.delay = self.args.delay
        box = Sandbox(config)
        try:
            await asyncio.to_thread(box.start)
        except (SandboxError, OSError) as exc:
            raise ConfigError(f"The sandbox could not start: {exc}.") from exc
        self.sandbox = box
        started = profile_for(box, base=profile)
        if self.args.authorize_url:
            started.authorize_url = self.args.authorize_url
        if self.args.client_id:
            started.client_id = self.args.client_id
        _err(f"amogui run: sandbox at {box.base_url}")
        return started

    async def _tokens(self, client: BackendClient) -> tuple[str, str | None]:
        creds = dict(self.plan.credentials)
        if self.sandbox is not None:
            from amogui.settings.secrets import Credentials

            for user, demo in zip(("A", "B"), self.sandbox.users, strict=False):
                creds.setdefault(
                    user, Credentials(user, "sandbox", email=demo.email, password=demo.password)
                )
        tokens: dict[str, str] = {}
        for user, cred in creds.items():
            tokens[user] = await self._token(client, user, cred)
        if "A" not in tokens:
            raise ConfigError("No token for user A: set AMOGUI_TOKEN_A or AMOGUI_LOGIN_A.")
        return tokens["A"], tokens.get("B")

    async def _token(self, client: BackendClient, user: str, cred: Any) -> str:
        from amogui.backend import api
        from amogui.base.redact import REDACTOR

        if cred.token:
            REDACTOR.add_secret(cred.token)
            return str(cred.token)
        got = await api.login(client, cred.email or "", cred.password or "", check_id=None)
        if got.data is None:
            raise ConfigError(f"User {user} could not log in ({cred.source}): {got.problem}.")
        return got.data.token

    async def _reachable(self, client: BackendClient, token: str) -> None:
        reply = await client.get("status", token=token)
        if reply.error:
            raise ConfigError(
                f"The backend at {client.profile.base_url} cannot be reached: {reply.error}."
            )

    def _apply_answers(self, run_state: Run) -> None:
        from amogui.run.state import Status

        for step_id, (verdict, note) in self.plan.answers.items():
            run_state.set_manual(step_id, Status(verdict))
            run_state.record(step_id).note = note

    async def _walk(
        self,
        profile: Profile,
        client: BackendClient,
        run_state: Run,
        token_a: str,
        token_b: str | None,
    ) -> int:
        import asyncio

        from amogui.checks.context import RunContext
        from amogui.checks.runner import select
        from amogui.run.state import now_iso
        from amogui.run.store import RunStore

        store = RunStore()
        self._apply_answers(run_state)
        ids = select(self.plan.only)
        ctx = RunContext(
            profile=profile,
            client=client,
            run=run_state,
            checklist=self.plan.checklist,
            token_a=token_a,
            token_b=token_b,
            deeplink_timeout=self.args.deeplink_timeout,
        )
        ctx.inbox.bind(asyncio.get_running_loop())
        progress = _progress(len(ids))

        def on_result(result: CheckResult) -> None:
            progress(result)
            _save(store, run_state)

        ctx.on_result = on_result
        with _IpcInbox(ctx, self.plan) as ipc, _Interrupt(ctx.cancel):
            if ipc.reason:
                _err(f"amogui run: {ipc.reason}; the OAuth checks are skipped")
            await _run_checks(ctx, self.plan.only)
        run_state.finished_at = now_iso()
        _save(store, run_state)
        code = exit_code(run_state, ids)
        extra = {"run_file": str(store.path(run_state.run_id)), "report": None}
        if self.args.report:
            extra["report"] = self._report(run_state, profile)
        _err(_table(run_state, ids))
        if self.args.json:
            print(json.dumps(summary(run_state, ids, code, extra), ensure_ascii=False, indent=1))
        return code

    def _report(self, run_state: Run, profile: Profile) -> str | None:
        from amogui.report.export import ExportError, export_bundle
        from amogui.report.keys import SigningKeyError, generate, keychain_key

        try:
            signer = keychain_key(create=True)
        except SigningKeyError as exc:
            _err(f"amogui run: {exc}; the report is signed with a one-off key")
            signer = generate()
        out = Path(self.args.report)
        try:
            export_bundle(
                run_state,
                self.plan.checklist,
                out,
                signer,
                profile_name=profile.name,
                base_url=profile.base_url,
            )
        except (ExportError, OSError) as exc:
            _err(f"amogui run: the report could not be written: {exc}")
            return None
        _err(f"amogui run: report written to {out}")
        return str(out)


async def _run_checks(ctx: Any, only: list[str] | None) -> None:
    from amogui.checks.runner import Runner

    await Runner(ctx).run(only)


def _save(store: Any, run_state: Any) -> None:
    try:
        store.save(run_state)
    except OSError as exc:  # a full disk must not lose the verdicts on screen
        _err(f"amogui run: the run could not be saved: {exc}")


class _IpcInbox:
    """The single-instance IPC server feeding the inbox, plus the browser opener."""

    def __init__(self, ctx: Any, plan: Plan) -> None:
        self.ctx = ctx
        self.plan = plan
        self.server: Any = None
        self.reason: str | None = plan.browser_reason

    def __enter__(self) -> _IpcInbox:
        if self.plan.browser is None:
            self.ctx.leg.skip_reason = self.reason
            return self
        from amogui.desktop.ipc import IPCError, IPCServer

        server = IPCServer()
        try:
            server.listen()
        except IPCError as exc:
            self.reason = f"the deep link cannot be received: {exc}"
            self.ctx.leg.skip_reason = self.reason
            server.deleteLater()
            return self
        server.url_received.connect(self.ctx.inbox.deliver)
        self.server = server
        command = self.plan.browser

        def open_url(url: str) -> None:
            from amogui.oauth.browser import open_in_browser

            open_in_browser(url, command or None)

        self.ctx.browser = open_url
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.deleteLater()


class _Interrupt:
    """Ctrl-C sets the run's cancel event, so the runner stops between or inside checks.

    A Python signal handler only runs when the interpreter gets control back, and the Qt
    event loop may sit in C for long: a periodic wake-up keeps Ctrl-C prompt.
    """

    def __init__(self, cancel: Any) -> None:
        self.cancel = cancel
        self.previous: Any = None
        self.ticker: Any = None

    def __enter__(self) -> _Interrupt:
        import asyncio
        import signal

        loop = asyncio.get_running_loop()

        def handler(signum: int, frame: object) -> None:
            loop.call_soon_threadsafe(self.cancel.set)
            _err("amogui run: interrupted; finishing what was decided")

        self.previous = signal.signal(signal.SIGINT, handler)

        def tick() -> None:
            self.ticker = loop.call_later(0.2, tick)

        tick()
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        signal.signal(signal.SIGINT, self.previous)
        if self.ticker is not None:
            self.ticker.cancel()
