"""What the runner tells its listeners (the window's controller, `amogui run`'s progress).

Small frozen records instead of ``(kind, detail)`` strings. `CheckStarted` comes when a
check starts (checks run concurrently, so these interleave); `CheckFinished` comes in the
registry's order, once the result is recorded; `LegEvent` is a hop of the OAuth leg, sent
the moment it happens (the countdown starts on ``browser-opened``), with its detail as a
translatable `Text` and already redacted.
"""

from __future__ import annotations

from dataclasses import dataclass

from amogui.run.state import CheckResult, Prose, TimelineEvent

# LegEvent kinds (TimelineEvent.kind of the same hop).
AUTHORIZE_URL = "authorize-url"
BROWSER_OPENED = "browser-opened"
BROWSER_FAILED = "browser-failed"
BROWSER_EXITED = "browser-exited"
CALLBACK = "callback"
DEEPLINK = "deeplink"
DEEPLINK_RECEIVED = "deeplink-received"  # handed to the waiting flow (window, paste box)
DEEPLINK_REJECTED = "deeplink-rejected"
STATE_MISMATCH = "state-mismatch"
LEG_OVER = "leg-over"
EXCHANGE = "exchange"
CHECK_STARTED = "check-started"  # not a hop: a check starting, as the service passes it on


@dataclass(frozen=True, slots=True)
class CheckStarted:
    check_id: str


@dataclass(frozen=True, slots=True)
class CheckFinished:
    result: CheckResult

    @property
    def check_id(self) -> str:
        return self.result.check_id


@dataclass(frozen=True, slots=True)
class LegEvent:
    kind: str
    detail: Prose  # redacted
    via: str | None = None  # "ipc", "paste", "302", "js-redirect", a browser command...
    url: str | None = None  # redacted; the authorize URL of an AUTHORIZE_URL event

    @classmethod
    def of(cls, event: TimelineEvent, url: str | None = None) -> LegEvent:
        return cls(event.kind, event.detail, event.via, url)


RunEvent = CheckStarted | CheckFinished | LegEvent
