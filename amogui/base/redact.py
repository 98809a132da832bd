"""The one redaction function. Everything that leaves memory passes through it.

Two layers:

1. By *name*: header names (Authorization, Cookie, ...), query and form parameters
   and JSON keys that carry secrets (token, code, password, client_secret, ...). The
   value of such a field is replaced whatever it is, short or long.
2. By *value*: every secret amogui learns (JWTs, passwords, amoCRM codes, tokens) is
   registered with `Redactor.add_secret`, and any occurrence of it, or of its
   URL-encoded or base64 forms, is replaced wherever it appears. Anything shaped like
   a JWT and any ``Bearer`` credential is redacted even when it was never registered.

Replacing a value wherever it appears is only safe for values that cannot be ordinary
text: a deep link's ``code=pass`` or ``code=2026`` must not turn every "passed" or every
date of a report into ``[REDACTED]``. So a value is replaced in free text only when it is
*distinctive* (`is_distinctive`): at least `MIN_SECRET` characters and not shaped like
words, a number or date, a URL or an e-mail address. Any other value is still redacted
where it is known to be a secret, in a field named like one (layer 1).

Dict keys are never rewritten: only values are redacted (a key is a name, and a report
reads its own keys back).
"""

from __future__ import annotations

import base64
import functools
import json
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

REDACTED = "[REDACTED]"

SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token"}
)

# Compared after lower-casing and dropping "_" and "-": refresh_token == refreshToken.
SECRET_FIELDS = frozenset(
    {
        "token",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "jwt",
        "code",
        "authcode",
        "authorizationcode",
        "clientsecret",
        "secret",
        "password",
        "passphrase",
        "apikey",
        "authorization",
    }
)

_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]+")
# key=value inside free text (URLs in HTML pages, log lines, form bodies)
_PAIR = re.compile(r"(?i)([?&;\s\"'`(]|^)([a-z_][a-z0-9_-]*)=([^&\s\"'`<>#]+)")
# "key": "value" inside text that is not valid JSON (truncated bodies, HTML, JS)
_JSON_PAIR = re.compile(r"(?i)(\"([a-z_][a-z0-9_-]*)\"\s*:\s*\")((?:[^\"\\]|\\.)*)(\")")

#: A registered value shorter than this is redacted by field name only, never in free text.
MIN_SECRET = 12
# Values that read like text a report contains anyway: words joined by spaces or
# punctuation ("passed", "exchange-code", "status.after-disconnect", "every check passed"),
# numbers and dates ("2026", "2026-11-30T12:00"), URLs, e-mail addresses. A run of more
# than 24 letters is no word (a random token without digits).
_WORDS = re.compile(r"[^\W\d_]{1,24}(?:[\s._'’,:;/-]+[^\W\d_]{1,24})*[.!?]?")
_NUMBERISH = re.compile(r"[\d\s.,:/+TZ-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^\W\d_]{2,}")
_JSON_KEY = re.compile(r'"([^"\\]{1,64})"\s*:')
_HAS_AUTH_SCHEME = re.compile(r"(?i)bearer|basic").search


@functools.lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    return name.lower().replace("_", "").replace("-", "") in SECRET_FIELDS


def is_distinctive(value: str) -> bool:
    """Whether a value may be replaced wherever it appears in free text.

    Only a value that cannot be ordinary text qualifies: long enough and not shaped like
    words, a number or date, a URL or an e-mail address. Real credentials (JWTs, amoCRM
    codes, tokens, client secrets, most passwords) all are; a value from outside that is
    not (``code=pass``) can then never rewrite a report's sentences.
    """
    text = value.strip()
    if len(text) < MIN_SECRET:
        return False
    if _WORDS.fullmatch(text) or _NUMBERISH.fullmatch(text) or _EMAIL.fullmatch(text):
        return False
    return "://" not in text


def _forms(secret: str) -> set[str]:
    raw = secret.encode()
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    for enc in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = enc.decode()
        forms.add(text)
        forms.add(text.rstrip("="))
    return {f for f in forms if is_distinctive(f)}


class Redactor:
    """Holds the secret values of a session and redacts text, URLs, headers and JSON."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Every registered form, longest first. Plain substring search, not one big regex:
        # compiling the alternation took ~60 ms per new secret on the caller's (often the
        # GUI) thread (bench/stall.py), and `in` on each form is as fast to match.
        self._forms: tuple[str, ...] = ()

    def add_secret(self, secret: str | None) -> None:
        """Replace `secret` wherever it appears from now on, if it is distinctive enough
        (`is_distinctive`); any other value is left to the by-name rules, which redact it
        in every field named like a secret."""
        if not secret or not is_distinctive(secret):
            return
        with self._lock:
            merged = set(self._forms) | _forms(secret)
            # Longest first, so a secret containing another is replaced whole.
            self._forms = tuple(sorted(merged, key=len, reverse=True))

    def clear(self) -> None:
        with self._lock:
            self._forms = ()

    # -- text ---------------------------------------------------------------------------
    def text(self, text: str) -> str:
        if not text:
            return text
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        # Each pattern runs only where its anchor occurs: most strings (names, dates,
        # phone numbers in a leads page) have none, and redaction sits on the hot path.
        if "eyJ" in text:
            text = _JWT.sub(REDACTED, text)
        if _HAS_AUTH_SCHEME(text):
            text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
        if "=" in text:
            text = _PAIR.sub(_redact_pair, text)
        if '"' in text and ":" in text:
            text = _JSON_PAIR.sub(_redact_json_pair, text)
        return text

    # -- structured ---------------------------------------------------------------------
    def url(self, url: str) -> str:
        try:
            parts = urlsplit(url)
        except ValueError:
            return self.text(url)
        if not parts.query:
            return self.text(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        clean = [(k, REDACTED if is_secret_field(k, v) else self.text(v)) for k, v in pairs]
        if clean == pairs:
            return self.text(url)  # nothing to hide in the query: keep it as written
        query = urlencode(clean, safe="[]")
        return self.text(urlunsplit(parts._replace(query=query)))

    def headers(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        out = []
        for name, value in headers:
            if name.lower() in SECRET_HEADERS:
                scheme = value.split(" ", 1)[0] if " " in value else ""
                value = f"{scheme} {REDACTED}".strip()
            elif name.lower() == "location":
                value = self.url(value)
            else:
                value = self.text(value)
            out.append((name, value))
        return out

    def json(self, value: Any) -> Any:
        """Redact JSON-like data: the values of fields named like secrets, and every
        string value. Keys are kept as they are."""
        if isinstance(value, dict):
            return {
                k: REDACTED if is_secret_field(str(k), v) else self.json(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def body(self, body: str, content_type: str = "") -> str:
        """Redact a request or response body, keeping its text when nothing changes."""
        ctype = content_type.lower()
        if self._nothing_to_redact(body):
            return body
        stripped = body.lstrip()
        if "json" in ctype or stripped.startswith(("{", "[")):
            try:
                parsed = json.loads(body)
            except ValueError:
                return self.text(body)
            clean = self.json(parsed)
            if clean == parsed:
                # Every key and string value was checked above; the text is clean as is.
                return body
            return json.dumps(clean, ensure_ascii=False, indent=2)
        if "x-www-form-urlencoded" in ctype:
            pairs = parse_qsl(body, keep_blank_values=True)
            clean = [(k, REDACTED if is_secret_field(k, v) else self.text(v)) for k, v in pairs]
            return urlencode(clean, safe="[]")
        return self.text(body)

    def _nothing_to_redact(self, body: str) -> bool:
        """A cheap scan of the whole text: most bodies (a page of leads) carry no secret."""
        if any(form in body for form in self._forms):
            return False
        if "eyJ" in body and _JWT.search(body):
            return False
        if _HAS_AUTH_SCHEME(body) and _BEARER.search(body):
            return False
        if any(is_secret_name(key) for key in set(_JSON_KEY.findall(body))):
            return False
        return "=" not in body or not any(is_secret_name(m.group(2)) for m in _PAIR.finditer(body))

    def __call__(self, value: Any) -> Any:
        """Redact any value: text (URLs included), JSON-like data, or header pairs."""
        if isinstance(value, str):
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value):
                return self.url(value)
            return self.body(value)
        if isinstance(value, (dict, list)):
            if (
                isinstance(value, list)
                and all(isinstance(h, tuple) and len(h) == 2 for h in value)
                and value
            ):
                return self.headers(value)
            return self.json(value)
        return value


def is_secret_field(name: str, value: Any) -> bool:
    """A field whose value is redacted by its name: named like a secret, a non-empty
    string, and not documentation's placeholder."""
    return (
        isinstance(value, str)
        and bool(value)
        and is_secret_name(name)
        and value != REDACTED
        and not is_placeholder(value)
    )


_PLACEHOLDER_WRAPS = ("<>", "{}", "[]", "()")


def is_placeholder(value: str) -> bool:
    """ "code=...", "code=…", "code=<code>", "code={code}" in a checklist is documentation,
    not a secret: it is kept as written."""
    text = value.strip()
    if text.strip(".…") == "":
        return True
    if text.startswith("${"):
        return text.endswith("}")
    return len(text) >= 2 and text[0] + text[-1] in _PLACEHOLDER_WRAPS


def _redact_pair(match: re.Match[str]) -> str:
    lead, key, value = match.group(1), match.group(2), match.group(3)
    if is_secret_field(key, value):
        return f"{lead}{key}={REDACTED}"
    return match.group(0)


def _redact_json_pair(match: re.Match[str]) -> str:
    if is_secret_field(match.group(2), match.group(3)):
        return f"{match.group(1)}{REDACTED}{match.group(4)}"
    return match.group(0)


#: The process-wide redactor. Register every secret the moment it is learnt.
REDACTOR = Redactor()
redact = REDACTOR
