"""Timeline events of the OAuth leg, one per hop, already redacted.

Each helper returns an `amogui.run.state.TimelineEvent`; the caller appends it to the
run. Details pass through `REDACTOR`, so a code or token in a URL never reaches a run.
"""

from __future__ import annotations

from amogui.base.redact import REDACTOR
from amogui.oauth.extract import Found
from amogui.run.state import TimelineEvent, now_iso

# How a deep link reached amogui (TimelineEvent.via of a "deeplink" event).
VIA_ARGV = "argv"  # the OS started amogui itself with the URL
VIA_IPC = "ipc"  # a second process (the OS handler) forwarded it over the local socket
VIA_FILE_OPEN = "file-open"  # macOS QEvent.FileOpen
VIA_PASTE = "paste"  # the tester pasted it
DEEPLINK_VIAS = (VIA_ARGV, VIA_IPC, VIA_FILE_OPEN, VIA_PASTE)


def _event(kind: str, detail: str, via: str | None = None) -> TimelineEvent:
    return TimelineEvent(at=now_iso(), kind=kind, detail=str(REDACTOR.text(detail)), via=via)


def _url(url: str) -> str:
    return str(REDACTOR.url(url))


def authorize_url_built(url: str, problems: list[str] | None = None) -> TimelineEvent:
    detail = f"Authorize URL {_url(url)}"
    if problems:
        detail += " - problems: " + " ".join(problems)
    return _event("authorize-url", detail)


def browser_opened(url: str, how: str) -> TimelineEvent:
    """`how`: "system" (the desktop's browser) or the command that was run."""
    return _event("browser-opened", f"Opened {_url(url)} with {how}", via=how)


def browser_failed(url: str, reason: str) -> TimelineEvent:
    return _event("browser-failed", f"Could not open {_url(url)}: {reason}")


def callback_answered(status: int | None, found: Found | None) -> TimelineEvent:
    if status is None:
        return _event("callback", "The callback gave no answer.")
    if found is None:
        return _event("callback", f"The callback answered {status} with no deep link.")
    detail = f"The callback answered {status} with the deep link {_url(found.url)} ({found.how})"
    return _event("callback", detail, via=found.slug)


def deeplink_received(url: str, via: str) -> TimelineEvent:
    return _event("deeplink", f"Deep link {_url(url)} received via {via}", via=via)


def deeplink_rejected(url: str, via: str, reason: str) -> TimelineEvent:
    return _event("deeplink-rejected", f"Deep link {_url(url)} refused: {reason}", via=via)


def state_checked(result: str, reason: str) -> TimelineEvent:
    return _event("state", f"State {result}: {reason}", via=result)


def exchange_made(status: int | None, summary: str) -> TimelineEvent:
    shown = "no answer" if status is None else str(status)
    return _event("exchange", f"exchange-code answered {shown}: {summary}")


__all__ = [
    "DEEPLINK_VIAS",
    "VIA_ARGV",
    "VIA_FILE_OPEN",
    "VIA_IPC",
    "VIA_PASTE",
    "authorize_url_built",
    "browser_failed",
    "browser_opened",
    "callback_answered",
    "deeplink_received",
    "deeplink_rejected",
    "exchange_made",
    "state_checked",
]
