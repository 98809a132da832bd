"""The checklist's ``curl`` blocks as requests amogui can send.

``parse(text)`` reads the first curl command of a block (backslash continuations,
quotes via shlex, -X, -H, -d/--data*, --json, -u, -G, -I, --url, common no-op flags);
``parse_all`` reads every one. ``substitute(request, base_url, token)`` points a request
at the profile's backend and fills placeholders such as ``<user_jwt_token>`` with the
token. Anything that cannot be read raises `CurlError` with one sentence.
"""

from __future__ import annotations

import base64
import re
import shlex
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit, urlunsplit

from amogui.base.redact import REDACTOR


class CurlError(ValueError):
    """A curl block amogui cannot turn into a request; ``str()`` is one sentence."""


@dataclass(frozen=True)
class CurlRequest:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    ignored: tuple[str, ...] = field(default=(), compare=False)  # flags with no effect here

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def __repr__(self) -> str:
        # Requests end up in logs; the token placed by substitute() must not.
        headers = tuple(REDACTOR.headers(self.headers))
        body = REDACTOR.text(self.body) if self.body is not None else None
        return (
            f"CurlRequest(method={self.method!r}, url={REDACTOR.url(self.url)!r}, "
            f"headers={headers!r}, body={body!r})"
        )


# curl flags that change nothing about the request we send (output, progress, TLS
# leniency, redirects: amogui's client decides those itself).
_NO_VALUE_FLAGS = frozenset(
    {
        "-s", "--silent", "-S", "--show-error", "-i", "--include", "-v", "--verbose",
        "-L", "--location", "-k", "--insecure", "--compressed", "-f", "--fail",
        "--fail-with-body", "-#", "--progress-bar", "-N", "--no-buffer", "-g", "--globoff",
        "--http1.1", "--http2", "-q", "--disable",
    }
)  # fmt: skip
_VALUE_FLAGS_IGNORED = frozenset(
    {
        "-o", "--output", "-w", "--write-out", "-m", "--max-time", "--connect-timeout",
        "--retry", "--retry-delay", "--max-redirs", "-D", "--dump-header", "--trace",
        "--trace-ascii",
    }
)  # fmt: skip
_DATA_FLAGS = frozenset(
    {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode"}
)
_HEADER_FLAGS = {"-A": "User-Agent", "--user-agent": "User-Agent", "-e": "Referer",
                 "--referer": "Referer", "-b": "Cookie", "--cookie": "Cookie"}  # fmt: skip
_SHORT_WITH_VALUE = "XHdoumwAebDF"  # short flags that take a value (for "-XPOST" forms)
_SEPARATORS = frozenset({"|", "||", "&&", ";", "&"})


def _commands(text: str) -> list[list[str]]:
    """Split a block into curl commands' argument lists (shell syntax, no shell)."""
    joined = re.sub(r"\\\r?\n", " ", text)  # backslash line continuations
    commands: list[list[str]] = []
    for raw_line in joined.splitlines():
        line = raw_line.strip()
        if line.startswith("$ "):
            line = line[2:]
        if not line or line.startswith("#"):
            continue
        try:
            words = _words(line)
        except ValueError as exc:
            raise CurlError(f"The curl command cannot be read: {exc}.") from exc
        current: list[str] = []
        for word in words:
            if word in _SEPARATORS:
                if current:
                    commands.append(current)
                current = []
            else:
                current.append(word)
        if current:
            commands.append(current)
    return [c for c in commands if c and c[0].rsplit("/", 1)[-1] == "curl"]


def _words(line: str) -> list[str]:
    """Shell words of one line; ";", "&&", "|" come out as words of their own."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    # "#" starts a comment only at the start of a word (a URL may carry "#frag").
    lexer.commenters = ""
    words = list(lexer)
    for i, word in enumerate(words):
        if word.startswith("#"):
            return words[:i]
    return words


def parse_all(text: str) -> list[CurlRequest]:
    """Every curl command in the block, in order (an empty list if there is none)."""
    return [_parse_args(args[1:]) for args in _commands(text)]


def parse(text: str) -> CurlRequest:
    """The block's first curl command; CurlError if there is none or it cannot be read."""
    requests = parse_all(text)
    if not requests:
        raise CurlError("The block holds no curl command.")
    return requests[0]


@dataclass
class _State:
    method: str | None = None
    url: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    json_body: bool = False
    get: bool = False
    head: bool = False
    ignored: list[str] = field(default_factory=list)


def _split_short(args: list[str]) -> list[str]:
    """ "-XPOST" -> "-X", "POST"; "-sSL" -> "-s", "-S", "-L"."""
    out: list[str] = []
    for arg in args:
        if len(arg) > 2 and arg[0] == "-" and arg[1] != "-":
            if arg[1] in _SHORT_WITH_VALUE:
                out.extend([arg[:2], arg[2:]])
                continue
            if all(f"-{c}" in _NO_VALUE_FLAGS or c in "GI" for c in arg[1:]):
                out.extend(f"-{c}" for c in arg[1:])
                continue
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
            out.extend([name, value])
            continue
        out.append(arg)
    return out


def _parse_args(args: list[str]) -> CurlRequest:
    state = _State()
    words = _split_short(args)
    i = 0
    while i < len(words):
        word = words[i]
        takes_value = _takes_value(word)
        if takes_value and i + 1 >= len(words):
            raise CurlError(f"The curl option {word} has no value.")
        value = words[i + 1] if takes_value else ""
        _apply(state, word, value)
        i += 2 if takes_value else 1
    return _finish(state)


def _takes_value(word: str) -> bool:
    return (
        word in ("-X", "--request", "-H", "--header", "-u", "--user", "--url", "--json")
        or word in _DATA_FLAGS
        or word in _VALUE_FLAGS_IGNORED
        or word in _HEADER_FLAGS
    )


def _apply(state: _State, word: str, value: str) -> None:
    if word in ("-X", "--request"):
        state.method = value.upper()
    elif word in ("-H", "--header"):
        state.headers.append(_header(value))
    elif word in _DATA_FLAGS:
        if value.startswith("@") and word != "--data-raw":
            raise CurlError(f"The curl body comes from a file ({value}), which amogui cannot read.")
        state.data.append(value)
    elif word == "--json":
        state.data.append(value)
        state.json_body = True
    elif word in ("-u", "--user"):
        token = base64.b64encode(value.encode()).decode()
        state.headers.append(("Authorization", f"Basic {token}"))
    elif word in _HEADER_FLAGS:
        state.headers.append((_HEADER_FLAGS[word], value))
    elif word == "--url":
        _set_url(state, value)
    elif word in ("-G", "--get"):
        state.get = True
    elif word in ("-I", "--head"):
        state.head = True
    elif word in _NO_VALUE_FLAGS or word in _VALUE_FLAGS_IGNORED:
        state.ignored.append(word)
    elif word.startswith("-") and len(word) > 1:
        raise CurlError(f"The curl option {word} is not supported.")
    else:
        _set_url(state, word)


def _set_url(state: _State, value: str) -> None:
    if state.url is not None:
        raise CurlError("The curl command names more than one URL.")
    state.url = value


def _header(value: str) -> tuple[str, str]:
    if ":" not in value:
        # curl's "Name;" sends an empty header
        if value.endswith(";") and value[:-1].strip():
            return value[:-1].strip(), ""
        raise CurlError(f"The curl header {value!r} has no 'Name: value' form.")
    name, _, content = value.partition(":")
    if not name.strip() or any(c.isspace() for c in name.strip()):
        raise CurlError(f"The curl header {value!r} has no valid name.")
    return name.strip(), content.strip()


def _finish(state: _State) -> CurlRequest:
    if not state.url:
        raise CurlError("The curl command has no URL.")
    url = state.url
    if "://" not in url:
        url = "http://" + url  # curl's own default
    headers = list(state.headers)
    body: str | None = "&".join(state.data) if state.data else None
    if state.json_body:
        _default_header(headers, "Content-Type", "application/json")
        _default_header(headers, "Accept", "application/json")
    elif body is not None and not state.get:
        _default_header(headers, "Content-Type", "application/x-www-form-urlencoded")
    method = state.method
    if state.get and body is not None:
        url = _add_query(url, body)
        body = None
    if method is None:
        method = "HEAD" if state.head else ("POST" if body is not None else "GET")
    return CurlRequest(method, url, tuple(headers), body, tuple(state.ignored))


def _default_header(headers: list[tuple[str, str]], name: str, value: str) -> None:
    if not any(k.lower() == name.lower() for k, _ in headers):
        headers.append((name, value))


def _add_query(url: str, data: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{data}" if parts.query else data
    return urlunsplit(parts._replace(query=query))


# Placeholders checklists use for the tester's JWT.
_PLACEHOLDERS = re.compile(
    r"<[^<>\s]*(?:token|jwt)[^<>\s]*>"  # <user_jwt_token>, <token>, <jwt>, <access-token>
    r"|\{\{\s*[\w.-]*(?:token|jwt)[\w.-]*\s*\}\}"  # {{token}}, {{ user.jwt }}
    r"|\$\{?(?:[A-Z_]*(?:TOKEN|JWT)[A-Z_]*)\}?"  # $TOKEN, ${JWT_TOKEN}
    r"|\bYOUR_(?:[A-Z_]*)(?:TOKEN|JWT)\b",  # YOUR_TOKEN, YOUR_JWT_TOKEN
    re.IGNORECASE,
)


def has_placeholder(text: str) -> bool:
    return _PLACEHOLDERS.search(text) is not None


def _fill(text: str, token: str | None) -> str:
    if token is None:
        return text
    return _PLACEHOLDERS.sub(lambda _m: token, text)


def substitute(request: CurlRequest, base_url: str, token: str | None = None) -> CurlRequest:
    """The request aimed at ``base_url`` (scheme, host and path prefix) with the token in
    place of every placeholder. The token is registered with the redactor."""
    if token:
        REDACTOR.add_secret(token)
    target = urlsplit(base_url.strip())
    if not target.scheme or not target.netloc:
        raise CurlError(f"The base URL {base_url!r} is not an absolute http(s) URL.")
    original = urlsplit(request.url)
    path = target.path.rstrip("/") + (original.path or "/")
    url = urlunsplit((target.scheme, target.netloc, path, _fill(original.query, token), ""))
    headers = tuple((k, _fill(v, token)) for k, v in request.headers)
    body = _fill(request.body, token) if request.body is not None else None
    return replace(request, url=url, headers=headers, body=body)
