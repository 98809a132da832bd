"""What the service tells its listeners: small frozen records, never Qt signals.

A listener is any callable taking one event. The service calls it on the thread where the
thing happened: the event loop's thread for almost everything, the autosave worker for
`Saved`/`SaveFailed`. The window's adapter re-emits every event as one Qt signal, which Qt
queues to the GUI thread; the headless front end prints them.

Events carry data, not finished sentences, wherever a front end words them itself (the
window in its language, `amogui run` on stderr); `Problem` and `Notice` carry a core
sentence (an `amogui.base.i18n.Text` or a plain string of data, e.g. an error's message).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from amogui.checks.events import LegEvent
from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult


@dataclass(frozen=True, slots=True)
class RunReplaced:
    """Another run is now the current one."""

    run_id: str
    why: str  # "new", "reopened", "resumed"


@dataclass(frozen=True, slots=True)
class ChecklistReplaced:
    """Another checklist is loaded; verdicts of steps that are still there are kept."""

    title: str
    repair: str = ""  # what the encoding repair did, "" when nothing
    warnings: tuple[str, ...] = ()  # parts of the checklist that were not understood


@dataclass(frozen=True, slots=True)
class StepEdited:
    """The tester changed something of a step."""

    step_id: str
    what: str  # "verdict", "actual", "note", "review", "attachments"


@dataclass(frozen=True, slots=True)
class ResultRecorded:
    """A check (or one of the checklist's API tests) has a result in the current run."""

    result: CheckResult


@dataclass(frozen=True, slots=True)
class ExchangeRecorded:
    """An HTTP exchange (already redacted) joined the current run."""

    exchange: Exchange


@dataclass(frozen=True, slots=True)
class TargetChanged:
    profile: str
    base_url: str


@dataclass(frozen=True, slots=True)
class TokensChanged:
    """User A's or B's token changed (logged in, pasted, cleared)."""


@dataclass(frozen=True, slots=True)
class SandboxState:
    state: str  # "starting", "running", "failed"
    url: str = ""
    error: str = ""


@dataclass(frozen=True, slots=True)
class LoginFailed:
    user: str
    why: Any  # a core sentence (`Text`), with where the credentials came from


@dataclass(frozen=True, slots=True)
class ChecksRunning:
    running: bool


@dataclass(frozen=True, slots=True)
class ChecksDone:
    """A run of checks ended (also when cancelled: `incomplete`)."""

    counts: Mapping[str, int] = field(default_factory=dict)  # status value -> number
    incomplete: bool = False


# A hop of the OAuth leg ("authorize-url", "browser-opened", "state-mismatch", "leg-over"...)
# or a check starting ("check-started", its id): the runner's own record, passed on as it
# is. Its detail is a core sentence (a `Text`), already redacted; `via` is how a deep link
# came or which browser opened the URL, `url` the authorize URL of an "authorize-url" hop.
FlowEvent = LegEvent


@dataclass(frozen=True, slots=True)
class DeepLinkReceived:
    via: str
    redacted: str


@dataclass(frozen=True, slots=True)
class DeepLinkRejected:
    via: str
    reason: Any  # a core sentence (`Text`): malformed, or another flow's (state mismatch)
    url: str = ""  # the link, redacted (and capped when malformed)


@dataclass(frozen=True, slots=True)
class DeepLinkForeign:
    """A well-formed deep link that answers no flow of this session: another amogui run's
    (`amogui.desktop.channels`). It was left alone: no request, no alarm."""

    via: str


@dataclass(frozen=True, slots=True)
class Saved:
    run_id: str


@dataclass(frozen=True, slots=True)
class SaveFailed:
    run_id: str
    error: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the tester must read (a message bar in the window, stderr headless)."""

    text: Any  # amogui.base.i18n.Text or a plain sentence
    level: str = "error"  # "error" or "warning"


@dataclass(frozen=True, slots=True)
class Notice:
    """A passing remark (the window's status bar)."""

    text: Any


Event = (
    RunReplaced
    | ChecklistReplaced
    | StepEdited
    | ResultRecorded
    | ExchangeRecorded
    | TargetChanged
    | TokensChanged
    | SandboxState
    | LoginFailed
    | ChecksRunning
    | ChecksDone
    | FlowEvent
    | DeepLinkReceived
    | DeepLinkRejected
    | DeepLinkForeign
    | Saved
    | SaveFailed
    | Problem
    | Notice
)
