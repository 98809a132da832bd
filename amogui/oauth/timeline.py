"""Timeline events of the OAuth leg, one per hop, already redacted.

Each helper returns an `amogui.run.state.TimelineEvent` whose detail is a translatable
`Text`; the caller records it with the run. URLs and free text pass through `REDACTOR`
before they become parameters, so a code or token never reaches a run.
"""

from __future__ import annotations

from collections.abc import Sequence

from amogui.base.i18n import N_, Text, join, t
from amogui.base.redact import REDACTOR
from amogui.oauth.extract import HOW_BUTTON, HOW_JS, HOW_LINK, HOW_LOCATION, HOW_META, Found
from amogui.run.state import Prose, TimelineEvent, now_iso

# How a deep link reached amogui (TimelineEvent.via of a "deeplink" event).
VIA_ARGV = "argv"  # the OS started amogui itself with the URL
VIA_IPC = "ipc"  # a second process (the OS handler) forwarded it over the local socket
VIA_FILE_OPEN = "file-open"  # macOS QEvent.FileOpen
VIA_PASTE = "paste"  # the tester pasted it
DEEPLINK_VIAS = (VIA_ARGV, VIA_IPC, VIA_FILE_OPEN, VIA_PASTE)

# The channels and the ways back in words a tester reads (the internal names, "argv",
# "js-redirect", stay in TimelineEvent.via and the report's data).
_VIA_WORDS = {
    VIA_ARGV: N_("the operating system"),
    VIA_IPC: N_("the operating system"),
    VIA_FILE_OPEN: N_("the operating system"),
    VIA_PASTE: N_("the paste box"),
    "autobrowser": N_("the built-in browser"),
}
_HOW_WORDS = {
    HOW_LOCATION: N_("302 Location"),
    HOW_JS: N_("JS redirect"),
    HOW_META: N_("meta refresh"),
    HOW_LINK: N_("link"),
    HOW_BUTTON: N_("button"),
    "system": N_("the desktop's browser"),
    "auto": N_("the built-in browser"),
    "the browser": N_("the browser"),
}


def via_words(via: str) -> Text | str:
    """How a deep link came, in words ("the operating system"); an unknown channel as is."""
    msgid = _VIA_WORDS.get(via)
    return Text(msgid) if msgid else via


def how_words(how: str) -> Text | str:
    """How the callback led back (or which browser opened the URL), in words."""
    msgid = _HOW_WORDS.get(how)
    return Text(msgid) if msgid else how


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
    detail = t("Opened {url} with {how}", url=url(value), how=how_words(shown))
    return _event("browser-opened", detail, shown)


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
        how=how_words(found.how),
    )
    return _event("callback", detail, via=found.slug)


def deeplink_received(value: str, via: str) -> TimelineEvent:
    detail = t("Deep link {url} received via {via}", url=url(value), via=via_words(via))
    return _event("deeplink", detail, via)


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
