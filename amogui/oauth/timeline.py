"""Timeline events of the OAuth leg, one per hop, already redacted.

Each helper returns an `amogui.run.state.TimelineEvent` whose detail is a translatable
`Text`; the caller records it with the run. URLs and free text pass through `REDACTOR`
before they become parameters, so a code or token never reaches a run.
"""

from __future__ import annotations

from collections.abc import Sequence

from amogui.base.i18n import Text, join, t
from amogui.base.redact import REDACTOR
from amogui.oauth.extract import Found
from amogui.run.state import Prose, TimelineEvent, now_iso

# How a deep link reached amogui (TimelineEvent.via of a "deeplink" event).
VIA_ARGV = "argv"  # the OS started amogui itself with the URL
VIA_IPC = "ipc"  # a second process (the OS handler) forwarded it over the local socket
VIA_FILE_OPEN = "file-open"  # macOS QEvent.FileOpen
VIA_PASTE = "paste"  # the tester pasted it
DEEPLINK_VIAS = (VIA_ARGV, VIA_IPC, VIA_FILE_OPEN, VIA_PASTE)


def _event(kind: str, detail: Text, via: str | None = None) -> TimelineEvent:
    return TimelineEvent(at=now_iso(), kind=kind, detail=detail, via=via)


def url(value: str) -> str:
    """A URL as it may be shown: redacted."""
    return str(REDACTOR.url(value))


def _text(value: Prose) -> Prose:
    return value if isinstance(value, Text) else str(REDACTOR.text(value))


def authorize_url_built(value: str, problems: Sequence[Prose] | None = None) -> TimelineEvent:
    if problems:
        detail = t(
            "Authorize URL {url} - problems: {problems}",
            url=url(value),
            problems=join(" ", [_text(p) for p in problems]),
        )
    else:
        detail = t("Authorize URL {url}", url=url(value))
    return _event("authorize-url", detail)


def browser_opened(value: str, how: str) -> TimelineEvent:
    """`how`: "system" (the desktop's browser) or the command that was run."""
    shown = str(REDACTOR.text(how))
    return _event("browser-opened", t("Opened {url} with {how}", url=url(value), how=shown), shown)


def browser_failed(value: str, reason: Prose) -> TimelineEvent:
    return _event(
        "browser-failed", t("Could not open {url}: {reason}", url=url(value), reason=_text(reason))
    )


def browser_exited(code: int) -> TimelineEvent:
    return _event(
        "browser-exited",
        t("The browser command exited with code {code} before a deep link came back", code=code),
    )


def callback_answered(status: int | None, found: Found | None) -> TimelineEvent:
    if status is None:
        return _event("callback", t("The callback gave no answer."))
    if found is None:
        return _event(
            "callback", t("The callback answered {status} with no deep link.", status=status)
        )
    detail = t(
        "The callback answered {status} with the deep link {url} ({how})",
        status=status,
        url=url(found.url),
        how=found.how,
    )
    return _event("callback", detail, via=found.slug)


def deeplink_received(value: str, via: str) -> TimelineEvent:
    return _event("deeplink", t("Deep link {url} received via {via}", url=url(value), via=via), via)


def deeplink_rejected(value: str, via: str, reason: Prose) -> TimelineEvent:
    detail = t("Deep link {url} refused: {reason}", url=url(value), reason=_text(reason))
    return _event("deeplink-rejected", detail, via=via)


def state_mismatch(value: str, via: str, reason: Prose) -> TimelineEvent:
    detail = t(
        "State mismatch: the deep link {url} belongs to no flow waiting here ({reason}); "
        "still waiting for this flow's link",
        url=url(value),
        reason=_text(reason),
    )
    return _event("state-mismatch", detail, via=via)


def state_checked(result: str, reason: Prose) -> TimelineEvent:
    return _event(
        "state", t("State {result}: {reason}", result=result, reason=_text(reason)), result
    )


def leg_over(reason: Prose) -> TimelineEvent:
    return _event("leg-over", t("The OAuth leg is over: {reason}", reason=_text(reason)))


def exchange_made(status: int | None, summary: Prose) -> TimelineEvent:
    shown: Prose = t("no answer") if status is None else str(status)
    return _event(
        "exchange",
        join(": ", [t("exchange-code answered {status}", status=shown), _text(summary)]),
    )


__all__ = [
    "DEEPLINK_VIAS",
    "VIA_ARGV",
    "VIA_FILE_OPEN",
    "VIA_IPC",
    "VIA_PASTE",
    "authorize_url_built",
    "browser_exited",
    "browser_failed",
    "browser_opened",
    "callback_answered",
    "deeplink_received",
    "deeplink_rejected",
    "exchange_made",
    "leg_over",
    "state_checked",
    "state_mismatch",
    "url",
]
