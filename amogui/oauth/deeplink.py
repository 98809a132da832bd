"""Parse and validate a deep link (``foryoure://amo-crm/callback?code=...&state=...``).

A deep link arrives from outside (the OS handler's argv, the IPC socket, a macOS
file-open event, the clipboard): every byte is untrusted. `parse_deeplink` either returns
a `DeepLink` or a `Rejection` whose `reason` is one sentence a tester can act on; it never
raises on any string.

Rules, in the order they are applied:

1. At most `MAX_LENGTH` characters.
2. Raw characters: printable ASCII only (``!``..``~``): no control characters, no
   whitespace, nothing outside ASCII. A well-formed URL percent-encodes everything else.
3. ``scheme://host/path?query``: scheme and host compared case-insensitively with the
   profile's; no user info, no port; the path equals the profile's deep link path (a
   single trailing ``/`` is tolerated); no fragment beyond a bare ``#``.
4. Query: ``&``-separated ``key=value`` pairs; no empty pair; a key may appear once.
   Keys and values are percent-decoded (RFC 3986: ``+`` stays a plus sign, because
   amoCRM codes and base64 states may carry one unencoded); a malformed ``%`` escape is
   refused; the decoded text must again be printable ASCII (no whitespace, no control
   characters, no non-ASCII bytes), except that an ``error`` message may hold spaces.
5. The link must carry a ``code``, an ``error`` or ``success``; ``success`` must be
   ``true`` or ``false``; ``state`` is required unless the caller says otherwise.

Matching the state against the flows amogui started is separate:
`amogui.oauth.authorize.FlowRegistry.consume`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from amogui.base.deeplinks import MAX_URL as MAX_LENGTH
from amogui.base.deeplinks import SELFTEST_PATH
from amogui.base.redact import REDACTOR
from amogui.settings.profiles import Profile

_HEX = frozenset("0123456789abcdefABCDEF")


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
    reason: str  # one sentence
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

    def reject(reason: str) -> Rejection:
        return Rejection(reason, _safe_echo(url))

    if not isinstance(url, str):
        return reject("The deep link is not text.")
    if not url:
        return reject("The deep link is empty.")
    if len(url) > MAX_LENGTH:
        return reject(
            f"The deep link is {len(url)} characters long; at most {MAX_LENGTH} are accepted."
        )
    bad = _first_bad_char(url)
    if bad is not None:
        return reject(f"The deep link contains {_describe(bad)}, which a URL must percent-encode.")
    scheme, sep, rest = url.partition("://")
    if not sep:
        return reject("The deep link has no scheme:// part.")
    if scheme.lower() != profile.deeplink_scheme.lower():
        return reject(
            f"The deep link's scheme is {scheme[:40]!r}, not {profile.deeplink_scheme!r}."
        )
    rest, hash_sign, fragment = rest.partition("#")
    if fragment:
        return reject("The deep link has a fragment (#...), which a callback link never carries.")
    del hash_sign
    authority_path, _, query = rest.partition("?")
    host, slash, path = authority_path.partition("/")
    path = slash + path
    problem = _check_host(host, profile) or _check_path(path, profile, allow_selftest)
    if problem:
        return reject(problem)
    params_or_reason = _parse_query(query)
    if isinstance(params_or_reason, str):
        return reject(params_or_reason)
    return _build(url, scheme, host, path, params_or_reason, require_state, reject)


def _build(
    url: str,
    scheme: str,
    host: str,
    path: str,
    params: dict[str, str],
    require_state: bool,
    reject: Callable[[str], Rejection],
) -> DeepLink | Rejection:
    selftest = path.rstrip("/") == SELFTEST_PATH
    code = params.get("code")
    state = params.get("state")
    error = params.get("error")
    success_text = params.get("success")
    success: bool | None = None
    if success_text is not None:
        if success_text.lower() not in ("true", "false"):
            return reject(f"The deep link's success is {success_text[:20]!r}, not true or false.")
        success = success_text.lower() == "true"
    if code is not None:
        if not code:
            return reject("The deep link's code is empty.")
        REDACTOR.add_secret(code)  # an amoCRM code is a credential until exchanged
    if not selftest:
        if code is None and error is None and success is None:
            return reject("The deep link carries neither code, error nor success.")
        if require_state and not state:
            return reject("The deep link carries no state, so it cannot be tied to a flow.")
    return DeepLink(url, scheme.lower(), host.lower(), path, params, code, state, error, success)


def _first_bad_char(text: str) -> str | None:
    for char in text:
        if not ("!" <= char <= "~"):
            return char
    return None


def _describe(char: str) -> str:
    code = ord(char)
    if char.isspace():
        return f"whitespace (U+{code:04X})"
    if code < 0x20 or code == 0x7F:
        return f"a control character (U+{code:04X})"
    return f"a non-ASCII character (U+{code:04X})"


def _check_host(host: str, profile: Profile) -> str | None:
    if "@" in host:
        return "The deep link has user information before its host."
    if ":" in host:
        return "The deep link's host carries a port."
    if host.lower() != profile.deeplink_host.lower():
        return f"The deep link's host is {host[:60]!r}, not {profile.deeplink_host!r}."
    return None


def _check_path(path: str, profile: Profile, allow_selftest: bool) -> str | None:
    wanted = {_plain_path(profile.deeplink_path)}
    if allow_selftest:
        wanted.add(SELFTEST_PATH)
    # One trailing slash is tolerated ("/callback/"), not two.
    if path.endswith("//") or _plain_path(path) not in wanted:
        return f"The deep link's path is {path[:60]!r}, not {profile.deeplink_path!r}."
    return None


def _plain_path(path: str) -> str:
    return path.rstrip("/") or "/"


def _parse_query(query: str) -> dict[str, str] | str:
    """The decoded parameters, or the reason they are refused."""
    params: dict[str, str] = {}
    if not query:
        return params
    for pair in query.split("&"):
        if not pair:
            return "The deep link's query has an empty parameter (a stray '&')."
        raw_key, eq, raw_value = pair.partition("=")
        key = _percent_decode(raw_key)
        value = _percent_decode(raw_value)
        if key is None or value is None:
            return "The deep link's query has a malformed %-escape."
        if not key:
            return "The deep link's query has a parameter with no name."
        # An error is a message: the backend percent-encodes its spaces (%20).
        for text in (key, value.replace(" ", "") if key == "error" else value):
            bad = _first_bad_char(text)
            if bad is not None:
                return f"A deep link parameter decodes to {_describe(bad)}."
        if key in params:
            return f"The deep link repeats the parameter {key[:40]!r}."
        params[key] = value if eq else ""
    return params


def _percent_decode(text: str) -> str | None:
    """RFC 3986 percent-decoding to ASCII; None for a malformed escape.

    Bytes >= 0x80 decode to the replacement-free ``\\x80``.. range via latin-1 so the
    caller's printable-ASCII rule refuses them with a clear reason.
    """
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
            out += char.encode("ascii")
            i += 1
    return out.decode("latin-1")
