"""`amogui run`'s options and their validation: everything that can be wrong with the
command line, the environment or the files it names is found here, before any check runs,
and said in one sentence (`ConfigError`, exit 2).

Only the standard library, `amogui.base`, the check registry and the fault table (both
standard library only themselves) at module level: ``amogui run --help`` imports this
module.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amogui.base import argtypes
from amogui.checks.registry import PRODUCTION_PROBES
from amogui.sandbox.faults import add_fault_option

if TYPE_CHECKING:
    from amogui.checklist.model import Checklist
    from amogui.run.state import Status
    from amogui.service.browser import BrowserChoice
    from amogui.service.signing import SigningChoice
    from amogui.settings.profiles import Profile
    from amogui.settings.secrets import Credentials

DESCRIPTION = "Walk the checklist from the command line and run every automated check."
EPILOG = """\
user tokens come from the environment only, never the command line:
  AMOGUI_TOKEN_A, AMOGUI_TOKEN_B    JWTs of user A (the tester) and B (the witness)
  AMOGUI_LOGIN_A, AMOGUI_LOGIN_B    "email:password" to log in through the profile
  with --sandbox and none given, the sandbox's demo users are logged in.
the report's signature:
  AMOGUI_SIGNING_KEY                an OpenSSH Ed25519 key file (--signing-key wins)
  AMOGUI_SIGNING_KEY_PASSPHRASE     its passphrase, if it has one
  AMOGUI_TESTER                     "Name <email>" (--tester wins); default: the settings
production probes (--production-probes yes|no):
  {probes} send the backend's callback a made-up code; a backend
  that exchanges codes itself (callback versions 3-5) then calls amoCRM's token endpoint
  with it, which amoCRM refuses and both logs show. Default: the profile's answer; the
  sandbox always allows them; a real backend whose profile never answered gets them, and
  the run's summary says so.
exit codes: 0 all automated checks passed, 1 any failed or blocked, or the OAuth leg
            skipped (no browser) unless --only left it out,
            2 usage or configuration error, 130 interrupted (report marked incomplete)
""".format(probes=" and ".join(PRODUCTION_PROBES))

ANSWER_VERDICTS = ("passed", "failed", "blocked", "skipped")
MAX_DEEPLINK_TIMEOUT = 3600.0  # seconds; a tester takes minutes, not hours, to click Allow


class ConfigError(Exception):
    """A configuration problem: one sentence, exit 2, before any check runs."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sandbox", action="store_true", help="start an in-process sandbox")
    add_fault_option(
        parser,
        "a sandbox fault switch (repeatable; only with --sandbox; `amogui sandbox --help` "
        "lists them)",
    )
    # Every value is checked by its type (amogui.base.argtypes): a bad one exits 2 with a
    # sentence naming the option before anything runs.
    parser.add_argument(
        "--delay",
        type=argtypes.delay,
        metavar="SECONDS",
        help="how late the sandbox answers with --fault slow (default 2; only with --sandbox)",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--profile",
        metavar="NAME",
        type=argtypes.profile_name,
        help="a saved profile",
    )
    target.add_argument(
        "--base-url", metavar="URL", type=argtypes.http_url, help="the admin backend's base URL"
    )
    parser.add_argument(
        "--authorize-url",
        metavar="URL",
        type=argtypes.http_url,
        help="amoCRM authorize endpoint",
    )
    parser.add_argument(
        "--client-id",
        metavar="ID",
        type=argtypes.text(what="The client id"),
        help="the integration's client id",
    )
    parser.add_argument(
        "--browser",
        metavar="CMD",
        type=argtypes.text(4096, "The browser command"),
        help="command that opens the authorize URL (%%s is the URL), or 'auto': the built-in "
        "stand-in browser that clicks Allow on the sandbox's consent page ('auto --cacert "
        "FILE' for a private CA); default $BROWSER, else the system browser",
    )
    parser.add_argument(
        "--deeplink-timeout",
        type=argtypes.seconds(MAX_DEEPLINK_TIMEOUT),
        default=300.0,
        metavar="SECONDS",
        help=f"(default 300, at most {MAX_DEEPLINK_TIMEOUT:g})",
    )
    parser.add_argument(
        "--checklist", metavar="FILE", type=argtypes.checklist_file, help="another checklist"
    )
    parser.add_argument(
        "--report",
        metavar="DIR",
        type=argtypes.report_dir,
        help="write the signed report bundle there (checked before the run)",
    )
    parser.add_argument("--only", metavar="ID[,ID...]", help="run only these checks")
    parser.add_argument(
        "--production-probes",
        choices=["yes", "no"],
        help=f"may {', '.join(PRODUCTION_PROBES)} make the backend call amoCRM's token "
        "endpoint with a made-up code (default: the profile's answer; see below)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--answers",
        metavar="FILE",
        type=argtypes.data_file("answers file"),
        help="YAML or JSON: step id -> {verdict, note}",
    )
    parser.add_argument(
        "--signing-key",
        metavar="FILE",
        help="OpenSSH Ed25519 private key that signs the report (default: the settings' key)",
    )
    parser.add_argument(
        "--tester", metavar='"NAME <EMAIL>"', help="who ran it (default: the settings)"
    )
    parser.add_argument(
        "--lang",
        choices=["uk", "en"],
        help="language of the output and the report (default: the locale)",
    )


@dataclass
class Plan:
    """A validated command line: what the run will do."""

    profile: Profile
    checklist: Checklist
    ids: list[str]  # the checks that will run, in order
    only: list[str] | None
    answers: dict[str, tuple[Status, str]]
    browser: BrowserChoice
    signing: SigningChoice
    deeplink_timeout: float
    report: Path | None = None
    language: str | None = None  # --lang; None: the settings', else the locale's
    json: bool = False
    faults: list[str] = field(default_factory=list)
    credentials: dict[str, Credentials] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)  # authorize_url, client_id

    @property
    def needs_oauth_leg(self) -> bool:
        return "oauth.authorize-url" in self.ids and self.browser.available


def configure(args: argparse.Namespace) -> Plan:
    """Check every option, file and variable; raise `ConfigError` with one sentence."""
    from amogui.checks.registry import select

    _check_combinations(args)
    only = _only(args.only)
    checklist = _checklist(args.checklist)
    answers = _answers(args.answers, checklist)
    profile = _profile(args)
    credentials = _credentials(args.sandbox)
    return Plan(
        profile=profile,
        checklist=checklist,
        ids=select(only),
        only=only,
        answers=answers,
        browser=_browser(args.browser),
        signing=_signing(args),
        deeplink_timeout=float(args.deeplink_timeout),
        report=Path(args.report) if args.report else None,
        language=getattr(args, "lang", None),
        json=bool(args.json),
        faults=list(args.fault),
        credentials=credentials,
        overrides=_overrides(args),
    )


def _browser(command: str | None) -> BrowserChoice:
    """The browser choice; the built-in one's options (``auto --cacert FILE``) are checked."""
    from amogui.oauth.autobrowser import AutobrowserError, builtin_options
    from amogui.service.browser import choose_browser

    choice = choose_browser(command)
    if choice.builtin:
        try:
            builtin_options(choice.command or "")
        except AutobrowserError as exc:
            raise ConfigError(str(exc)) from exc
    return choice


def _check_combinations(args: argparse.Namespace) -> None:
    if args.fault and not args.sandbox:
        raise ConfigError("--fault only applies with --sandbox.")
    if args.delay is not None and not args.sandbox:
        raise ConfigError("--delay only applies with --sandbox.")
    if args.sandbox and (args.profile or args.base_url):
        raise ConfigError("--sandbox cannot be combined with --profile or --base-url.")
    if not args.deeplink_timeout > 0:
        raise ConfigError("--deeplink-timeout must be a positive number of seconds.")


def _only(text: str | None) -> list[str] | None:
    from amogui.checks.registry import UnknownCheckError, select

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


def _answers(
    source: argtypes.DataFile | None, checklist: Checklist
) -> dict[str, tuple[Status, str]]:
    from amogui.run.state import Status

    # Read, size-capped and depth-checked by its argument type (argtypes.data_file).
    if source is None:
        return {}
    path = source.path
    data = _answers_mapping(source.data, path)
    known = {s.id for s in checklist.steps()}
    out: dict[str, tuple[Status, str]] = {}
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
        if verdict not in ANSWER_VERDICTS:
            raise ConfigError(
                f"The answer for {step_id} in {path} has verdict {verdict!r}; "
                f"use one of {', '.join(ANSWER_VERDICTS)}."
            )
        out[str(step_id)] = (Status(verdict), str(answer.get("note") or ""))
    return out


def _answers_mapping(data: Any, path: str) -> dict[Any, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"The answers file {path} must map step ids to answers.")
    return data


def _profile(args: argparse.Namespace) -> Profile:
    from amogui.settings.profiles import SANDBOX_PROFILE, Profile

    if args.sandbox:
        # The built-in sandbox profile's pace: 8 requests in flight, no rate limit.
        profile = Profile(
            name=SANDBOX_PROFILE, base_url="", sandbox=True, rate_limit=0.0, concurrency=8
        )
        profile.sandbox_faults = list(args.fault)  # only these: a fresh sandbox
        if args.delay is not None:
            profile.sandbox_delay = args.delay
    elif args.base_url:
        if not args.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"--base-url {args.base_url!r} is not an http(s) URL.")
        profile = Profile(name="command line", base_url=args.base_url.rstrip("/"))
    else:
        profile = _saved_profile(args.profile)
    for key, value in _overrides(args).items():
        setattr(profile, key, value)
    if not profile.sandbox and not profile.base_url:
        raise ConfigError(f"The profile {profile.name!r} has no base URL.")
    if args.production_probes:
        if profile.sandbox:
            raise ConfigError(
                f"--production-probes applies to a real backend; the profile {profile.name!r} "
                "is the sandbox's, whose probes always run."
            )
        profile.production_probes = args.production_probes == "yes"
    return profile


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    out = {}
    if args.authorize_url:
        out["authorize_url"] = args.authorize_url
    if args.client_id:
        out["client_id"] = args.client_id
    return out


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


def _credentials(sandbox: bool) -> dict[str, Credentials]:
    from amogui.settings.secrets import CredentialsError, env_credentials

    try:
        credentials = env_credentials()
    except CredentialsError as exc:
        raise ConfigError(str(exc)) from exc
    if "A" not in credentials and not sandbox:
        raise ConfigError("No token for user A: set AMOGUI_TOKEN_A or AMOGUI_LOGIN_A.")
    return credentials


def _signing(args: argparse.Namespace) -> SigningChoice:
    from amogui.service.signing import SigningError, check_key_file, choose_signing
    from amogui.settings.store import SettingsStore

    try:
        choice = choose_signing(
            key_arg=args.signing_key, tester_arg=args.tester, settings=SettingsStore().settings
        )
        if args.report:
            check_key_file(choice)
    except SigningError as exc:
        raise ConfigError(f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from exc
    return choice
