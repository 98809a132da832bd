"""Find the deep link in the backend callback's answer, the way a browser would.

The callback answered in several ways over the backend's history: a 302 with
``Location: foryoure://...``, or a 200 HTML page that redirects with JavaScript, a
``<meta http-equiv=refresh>``, or offers a link or a
``<button onclick="window.open('foryoure://...')">``. `find_deeplink` reads all of them and
says which one it found.

The HTML is parsed with the standard library's `html.parser` (entities in attributes are
decoded the way a browser decodes them); only the JavaScript inside a ``<script>`` or an
``on...`` attribute is scanned with a small tokenizer for string literals, which are then
unescaped like JavaScript does (``\\x2F``, ``\\u002F``, ``\\/``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

HOW_LOCATION = "302 Location"
HOW_JS = "JS redirect"
HOW_META = "meta refresh"
HOW_LINK = "link"
HOW_BUTTON = "button"
# The order a browser acts in: an HTTP redirect, then script, then meta refresh;
# a link or button needs a click, so they come last.
PRIORITY = (HOW_LOCATION, HOW_JS, HOW_META, HOW_LINK, HOW_BUTTON)

MAX_BODY = 2_000_000  # characters of a page that are read; a callback page is tiny

Headers = Mapping[str, str] | Iterable[tuple[str, str]]


@dataclass(frozen=True)
class Found:
    url: str = field(repr=False)
    how: str  # one of PRIORITY

    @property
    def slug(self) -> str:
        """The `TimelineEvent.via` form of `how`: "302", "js-redirect", "meta-refresh"..."""
        return {HOW_LOCATION: "302", HOW_JS: "js-redirect", HOW_META: "meta-refresh"}.get(
            self.how, self.how
        )


def matches_prefix(url: str, prefix: str) -> bool:
    """`url` starts with `prefix` (scheme case-insensitive) at a boundary."""
    if len(url) < len(prefix) or url[: len(prefix)].lower() != prefix.lower():
        return False
    rest = url[len(prefix) :]
    return not rest or prefix.endswith(("/", "?", "&")) or rest[0] in "/?#"


def find_deeplink(status: int, headers: Headers, body: str, prefix: str) -> Found | None:
    """The deep link the callback's answer leads to, and how; None if it leads nowhere."""
    if 300 <= status < 400:
        location = _header(headers, "location")
        if location is not None and matches_prefix(location.strip(), prefix):
            return Found(location.strip(), HOW_LOCATION)
    found = find_all(body, prefix)
    for how in PRIORITY:
        for candidate in found:
            if candidate.how == how:
                return candidate
    return None


def find_all(body: str, prefix: str) -> list[Found]:
    """Every deep link the page offers, in document order."""
    parser = _PageParser(prefix)
    try:
        parser.feed(body[:MAX_BODY])
        parser.close()
    except (AssertionError, ValueError):  # html.parser can still choke on odd markup
        pass
    return parser.found


def _header(headers: Headers, name: str) -> str | None:
    items = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in items:
        if key.lower() == name:
            return value
    return None


class _PageParser(HTMLParser):
    def __init__(self, prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.prefix = prefix
        self.found: list[Found] = []
        self._script: list[str] | None = None

    def _add(self, url: str | None, how: str) -> None:
        if url is not None:
            url = url.strip()
            if matches_prefix(url, self.prefix):
                self.found.append(Found(url, how))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script":
            self._script = []
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self._add(meta_refresh_url(values.get("content", "")), HOW_META)
        elif tag == "a" or tag == "area":
            self._add(values.get("href"), HOW_LINK)
        elif tag == "form":
            self._add(values.get("action"), HOW_LINK)
        if tag in ("button", "input") or "formaction" in values:
            self._add(values.get("formaction"), HOW_BUTTON)
        for key, value in values.items():
            if key.startswith("on"):
                how = HOW_LINK if tag == "a" else HOW_BUTTON
                for url in js_urls(value, self.prefix, sinks_only=False):
                    self._add(url, how)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            for url in js_urls("".join(self._script), self.prefix, sinks_only=True):
                self._add(url, HOW_JS)
            self._script = None


def meta_refresh_url(content: str) -> str | None:
    """The URL of a refresh ``content`` such as ``0; url='foryoure://...'``."""
    _, sep, rest = content.partition(";")
    if not sep:
        _, sep, rest = content.partition(",")
    rest = rest.strip()
    if rest[:3].lower() != "url":
        return None
    rest = rest[3:].lstrip()
    if not rest.startswith("="):
        return None
    rest = rest[1:].strip()
    if rest[:1] in ("'", '"'):
        end = rest.find(rest[0], 1)
        rest = rest[1:end] if end > 0 else rest[1:]
    return rest or None


# -- JavaScript --------------------------------------------------------------------------
# Where a string expression sends the browser somewhere.
_SINK = re.compile(
    r"""(?x)
    (?:\blocation(?:\s*\.\s*href)?\s*=(?!=)        # location = / location.href =
      |\blocation\s*\.\s*(?:replace|assign)\s*\(     # location.replace( / .assign(
      |\b(?:window\s*\.\s*)?open\s*\(                # window.open(
      |\bhref\s*=(?!=)                               # a.href =
    )\s*"""
)
_DECLARE = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*")
_PLUS = re.compile(r"\s*\+\s*")
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def js_urls(code: str, prefix: str, *, sinks_only: bool) -> list[str]:
    """Deep links a piece of JavaScript navigates to.

    A sink's argument may be a string literal, a ``+`` concatenation of literals, or a
    variable declared earlier from one. Without `sinks_only` (an ``onclick``), any
    literal that is a deep link counts, since a click handler exists to navigate.
    """
    variables = {}
    for match in _DECLARE.finditer(code):
        value = _string_expr(code, match.end())
        if value is not None:
            variables[match.group(1)] = value[0]
    urls = []
    for match in _SINK.finditer(code):
        value = _string_expr(code, match.end())
        if value is not None:
            urls.append(value[0])
            continue
        ident = _IDENT.match(code, match.end())
        if ident and ident.group(0) in variables:
            urls.append(variables[ident.group(0)])
    # A sink fed by an expression we cannot evaluate (a function call, a lookup):
    # a deep-link literal elsewhere in the same script is what it navigates to.
    if not sinks_only or (not urls and _SINK.search(code)):
        urls += _all_literals(code)
    return [u for u in urls if matches_prefix(u.strip(), prefix)]


def _string_expr(code: str, pos: int) -> tuple[str, int] | None:
    """A literal or a ``'a' + "b"`` concatenation at `pos`: (value, end) or None."""
    first = _literal(code, pos)
    if first is None:
        return None
    value, end = first
    while True:
        plus = _PLUS.match(code, end)
        if not plus:
            return value, end
        nxt = _literal(code, plus.end())
        if nxt is None:
            return value, end
        value += nxt[0]
        end = nxt[1]


def _literal(code: str, pos: int) -> tuple[str, int] | None:
    if pos >= len(code) or code[pos] not in "'\"`":
        return None
    quote = code[pos]
    out: list[str] = []
    i = pos + 1
    while i < len(code):
        char = code[i]
        if char == quote:
            text = "".join(out)
            if quote == "`" and "${" in text:
                return None  # a template with substitutions is not a constant
            return text, i + 1
        if char == "\\":
            decoded, i = _escape(code, i + 1)
            out.append(decoded)
            continue
        if char == "\n" and quote != "`":
            return None
        out.append(char)
        i += 1
    return None


def _escape(code: str, i: int) -> tuple[str, int]:
    """Decode the escape after a backslash at ``code[i]``: (text, next index)."""
    if i >= len(code):
        return "", i
    char = code[i]
    if char == "x" and _is_hex(code[i + 1 : i + 3], 2):
        return chr(int(code[i + 1 : i + 3], 16)), i + 3
    if char == "u":
        if code[i + 1 : i + 2] == "{":
            end = code.find("}", i + 2)
            digits = code[i + 2 : end] if end > 0 else ""
            if digits and _is_hex(digits, len(digits)) and int(digits, 16) <= 0x10FFFF:
                return chr(int(digits, 16)), end + 1
        elif _is_hex(code[i + 1 : i + 5], 4):
            return chr(int(code[i + 1 : i + 5], 16)), i + 5
    if char == "\n":
        return "", i + 1  # line continuation
    return _ESCAPES.get(char, char), i + 1


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdefABCDEF" for c in text)


def _all_literals(code: str) -> list[str]:
    out = []
    i = 0
    while i < len(code):
        if code[i] in "'\"`":
            lit = _literal(code, i)
            if lit is not None:
                out.append(lit[0])
                i = lit[1]
                continue
        i += 1
    return out
