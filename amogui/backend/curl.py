""" "Copy as curl": a recorded exchange as a shell-safe curl command.

An `Exchange` holds redacted values only, so the default command shows
``[REDACTED]`` where a token was. The window's "Copy with real token" action passes
the token explicitly; it then replaces the redacted credential of the
``Authorization`` header, and nothing else.

Every word is quoted with `shlex.quote`, so whatever the backend or a tester put in
a URL, header or body stays one argument in a POSIX shell.
"""

from __future__ import annotations

import shlex

from amogui.base.redact import REDACTOR
from amogui.run.exchange import Exchange

# Headers curl computes itself; copying them would be wrong once the body changes
# (Content-Length) or would ask for a compressed answer curl would not decode.
_SKIPPED_HEADERS = frozenset(
    {"content-length", "host", "connection", "accept-encoding", "transfer-encoding"}
)


def curl_argv(exchange: Exchange, token: str | None = None) -> list[str]:
    """The argument vector of the curl command for `exchange`."""
    return [arg for group in _groups(exchange, token) for arg in group]


def to_curl(exchange: Exchange, token: str | None = None, *, multiline: bool = True) -> str:
    """The command as text: one option per line (joined by ``\\``) or one line."""
    lines = [" ".join(shlex.quote(arg) for arg in group) for group in _groups(exchange, token)]
    return (" \\\n  " if multiline else " ").join(lines)


def _groups(exchange: Exchange, token: str | None) -> list[list[str]]:
    """The command's words, one group per line of the multi-line form."""
    method = (exchange.method or "GET").upper()
    body = exchange.request_body
    first = ["curl"]
    if method == "HEAD":
        first.append("--head")
    elif method != ("POST" if body else "GET"):
        # curl infers GET, or POST once it has a body; spell out anything else.
        first += ["-X", method]
    url = exchange.url
    # A word starting with "-" would be read as an option, not as the URL.
    first += ["--url", url] if url.startswith("-") else [url]
    groups = [first]
    for name, value in exchange.request_headers:
        if name.lower() in _SKIPPED_HEADERS:
            continue
        if token and name.lower() == "authorization":
            value = _with_token(value, token)
        groups.append(["-H", f"{name}: {value}"])
    if body:
        groups.append(["--data-raw", body])
    # A NUL byte cannot be part of a shell word, or of any argv.
    return [[arg.replace("\0", "") for arg in group] for group in groups]


def _with_token(value: str, token: str) -> str:
    """The Authorization value with the real token in place of the redacted one."""
    REDACTOR.add_secret(token)
    bare = token.strip()
    if bare[:7].lower() == "bearer ":
        bare = bare[7:].strip()
    scheme = value.split(" ", 1)[0] if " " in value.strip() else "Bearer"
    return f"{scheme} {bare}"
