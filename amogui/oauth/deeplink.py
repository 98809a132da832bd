"""Parse and validate a deep link (``foryoure://amo-crm/callback?code=...&state=...``).

A deep link arrives from outside (the OS handler's argv, the IPC socket, a macOS
file-open event, the clipboard): every byte is untrusted. `parse_deeplink` either returns
a `DeepLink` or a `Rejection` whose `reason` is one sentence a tester can act on; it never
raises on any string.

The rule is the URL standard's, refusing only what is dangerous or cannot be the
profile's link. The real backend's error link,
``foryoure://amo-crm/callback?error=Failed%20to%20exchange%20authorization%20code`` (spaces
percent-encoded, no state), is valid.

1. At most `MAX_LENGTH` characters; not shaped like a command-line option.
2. Raw characters: what a URL may carry. Spaces, control characters and the invisible
   formatting characters that can disguise text (bidirectional overrides, zero-width
   marks) are refused; letters of any script are allowed, as the URL standard allows.
3. ``scheme://host/path?query``: scheme and host compared case-insensitively with the
   profile's; no user info, no port; the path equals the profile's deep link path (a
   single trailing ``/`` is tolerated); no fragment beyond a bare ``#``.
4. Query: ``&``-separated ``key=value`` pairs; a stray ``&`` is skipped, as browsers do; a
   key may appear once. Keys and values are percent-decoded as UTF-8 (RFC 3986: ``+``
   stays a plus sign, because amoCRM codes and base64 states may carry one unencoded); a
   malformed ``%`` escape or bytes that are not UTF-8 are refused; a decoded value may
   hold spaces and any text, but no control or formatting character.
5. ``code`` and ``state`` are credentials, not prose: printable ASCII, no spaces.
6. The link must carry a ``code``, an ``error`` or ``success``; ``success`` must be
   ``true`` or ``false``; ``state`` is required unless the caller says otherwise.

Parsing registers nothing with the redactor: anyone can hand amogui a link, so a code
becomes a secret only once its state matched a flow amogui started
(`amogui.checks.oauth`). Matching the state against those flows is
`amogui.oauth.authorize.FlowRegistry.consume`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from amogui.base.deeplinks import MAX_URL as MAX_LENGTH
from amogui.base.deeplinks import SELFTEST_PATH
from amogui.base.i18n import Text, t
from amogui.base.redact import REDACTOR
from amogui.settings.profiles import Profile

_HEX = frozenset("0123456789abcdefABCDEF")
# Parameters that are credentials: token characters only.
_TOKEN_PARAMS = ("code", "state")


@dataclass(frozen=True)
class DeepLink:
    url: str = field(repr=False)
    scheme: str
    host: str
    path: str
    params: dict[str, str] = field(repr=False)
    code: str | None = field(default=None, repr=False)
    state: str | None = None
    error: str | None = None
    success: bool | None = None

    @property
    def kind(self) -> str:
        """ "selftest", "error", "success" (a code-less success link) or "code"."""
        if self.path.rstrip("/") == SELFTEST_PATH:
            return "selftest"
        if self.error is not None:
            return "error"
        if self.code is None:
            return "success"
        return "code"

    def redacted(self) -> str:
        return str(REDACTOR.url(self.url))


@dataclass(frozen=True)
class Rejection:
    reason: Text  # one sentence, translatable
    url: str = field(default="", repr=False)  # redacted, capped: safe to show or log

    def __bool__(self) -> bool:  # `if parse_deeplink(...)` reads naturally
        return False


def _safe_echo(url: object) -> str:
    if not isinstance(url, str):
        return ""
    shown = "".join(c if " " < c < "\x7f" else "?" for c in url[:200])
    return str(REDACTOR.url(shown))


def parse_deeplink(
    url: object,
    profile: Profile,
    *,
    require_state: bool = True,
    allow_selftest: bool = False,
) -> DeepLink | Rejection:
    """Validate `url` as the profile's deep link; never raises."""

    def reject(reason: Text) -> Rejection:
        return Rejection(reason, _safe_echo(url))

    if not isinstance(url, str):
        return reject(t("The deep link is not text."))
    if not url:
        return reject(t("The deep link is empty."))
    if len(url) > MAX_LENGTH:
        return reject(
            t(
                "The deep link is {length} characters long; at most {most} are accepted.",
                length=len(url),
                most=MAX_LENGTH,
            )
        )
    if url.startswith("-"):
        return reject(t("The deep link starts with '-', like a command-line option."))
    bad = _first_bad_char(url, raw=True)
    if bad is not None:
        return reject(
            t(
                "The deep link contains {what}, which a URL must percent-encode.",
                what=_describe(bad),
            )
        )
    scheme, sep, rest = url.partition("://")
    if not sep:
        return reject(t("The deep link has no scheme:// part."))
    if scheme.lower() != profile.deeplink_scheme.lower():
        return reject(
            t(
                "The deep link's scheme is {scheme}, not {wanted}.",
                scheme=repr(scheme[:40]),
                wanted=repr(profile.deeplink_scheme),
            )
        )
    rest, hash_sign, fragment = rest.partition("#")
    if fragment:
        return reject(
            t("The deep link has a fragment (#...), which a callback link never carries.")
        )
    del hash_sign
    authority_path, _, query = rest.partition("?")
    host, slash, path = authority_path.partition("/")
    path = slash + path
    problem = _check_host(host, profile) or _check_path(path, profile, allow_selftest)
    if problem:
        return reject(problem)
    params_or_reason = _parse_query(query)
    if isinstance(params_or_reason, Text):
        return reject(params_or_reason)
    return _build(url, scheme, host, path, params_or_reason, require_state, reject)


def _build(
    url: str,
    scheme: str,
    host: str,
    path: str,
    params: dict[str, str],
    require_state: bool,
    reject: Callable[[Text], Rejection],
) -> DeepLink | Rejection:
    selftest = path.rstrip("/") == SELFTEST_PATH
    code = params.get("code")
    state = params.get("state")
    error = params.get("error")
    success_text = params.get("success")
    success: bool | None = None
    if success_text is not None:
        if success_text.lower() not in ("true", "false"):
            return reject(
                t(
                    "The deep link's success is {value}, not true or false.",
                    value=repr(success_text[:20]),
                )
            )
        success = success_text.lower() == "true"
    if code is not None and not code:
        return reject(t("The deep link's code is empty."))
    for name in _TOKEN_PARAMS:
        value = params.get(name)
        bad = _first_bad_char(value, token=True) if value else None
        if bad is not None:
            return reject(
                t("The deep link's {name} contains {what}.", name=name, what=_describe(bad))
            )
    if not selftest:
        if code is None and error is None and success is None:
            return reject(t("The deep link carries neither code, error nor success."))
        if require_state and not state:
            return reject(t("The deep link carries no state, so it cannot be tied to a flow."))
    return DeepLink(url, scheme.lower(), host.lower(), path, params, code, state, error, success)


def _first_bad_char(text: str, *, raw: bool = False, token: bool = False) -> str | None:
    """The first character a deep link must not carry: in the raw URL (`raw`) anything a
    URL must percent-encode; in a decoded value control and formatting characters; in a
    credential (`token`) anything but printable ASCII."""
    for char in text:
        if token and not ("!" <= char <= "~"):
            return char
        if raw and (char.isspace() or char == "\x7f"):
            return char
        if _dangerous(char):
            return char
    return None


def _dangerous(char: str) -> bool:
    # Cc: control characters (C0, DEL, C1); Cf: invisible formatting (bidirectional
    # overrides, zero-width marks) that can make a link read as something else; Cs/Co/Cn:
    # surrogates, private use, unassigned.
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn")


def _describe(char: str) -> Text:
    code = ord(char)
    if unicodedata.category(char) == "Cc":
        return t("a control character (U+{code})", code=f"{code:04X}")
    if char.isspace():
        return t("whitespace (U+{code})", code=f"{code:04X}")
    if unicodedata.category(char) == "Cf":
        return t("an invisible formatting character (U+{code})", code=f"{code:04X}")
    if code > 0x7E:
        return t("a non-ASCII character (U+{code})", code=f"{code:04X}")
    return t("the character {char}", char=repr(char))


def _check_host(host: str, profile: Profile) -> Text | None:
    if "@" in host:
        return t("The deep link has user information before its host.")
    if ":" in host:
        return t("The deep link's host carries a port.")
    if host.lower() != profile.deeplink_host.lower():
        return t(
            "The deep link's host is {host}, not {wanted}.",
            host=repr(host[:60]),
            wanted=repr(profile.deeplink_host),
        )
    return None


def _check_path(path: str, profile: Profile, allow_selftest: bool) -> Text | None:
    wanted = {_plain_path(profile.deeplink_path)}
    if allow_selftest:
        wanted.add(SELFTEST_PATH)
    # One trailing slash is tolerated ("/callback/"), not two.
    if path.endswith("//") or _plain_path(path) not in wanted:
        return t(
            "The deep link's path is {path}, not {wanted}.",
            path=repr(path[:60]),
            wanted=repr(profile.deeplink_path),
        )
    return None


def _plain_path(path: str) -> str:
    return path.rstrip("/") or "/"


def _parse_query(query: str) -> dict[str, str] | Text:
    """The decoded parameters, or the reason they are refused."""
    params: dict[str, str] = {}
    for pair in query.split("&"):
        if not pair:
            continue  # "a=1&&b=2" or a trailing "&": browsers skip empty pairs too
        raw_key, eq, raw_value = pair.partition("=")
        key = _percent_decode(raw_key)
        value = _percent_decode(raw_value)
        if key is None or value is None:
            return t("The deep link's query has a malformed %-escape or bytes that are not UTF-8.")
        if not key:
            return t("The deep link's query has a parameter with no name.")
        for text in (key, value):
            bad = _first_bad_char(text)
            if bad is not None:
                return t("A deep link parameter decodes to {what}.", what=_describe(bad))
        if key in params:
            return t("The deep link repeats the parameter {name}.", name=repr(key[:40]))
        params[key] = value if eq else ""
    return params


def _percent_decode(text: str) -> str | None:
    """RFC 3986 percent-decoding of UTF-8; None for a malformed escape or invalid UTF-8."""
    if "%" not in text:
        return text
    out = bytearray()
    i = 0
    while i < len(text):
        char = text[i]
        if char == "%":
            pair = text[i + 1 : i + 3]
            if len(pair) != 2 or not set(pair) <= _HEX:
                return None
            out.append(int(pair, 16))
            i += 3
        else:
            out += char.encode("utf-8")
            i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return None
