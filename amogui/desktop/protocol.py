"""The single-instance IPC protocol: one JSON object per line, Qt-free so it can be fuzzed.

Client -> server::

    {"v": 1, "type": "open-url", "url": "foryoure://...", "via": "argv"}
    {"v": 1, "type": "selftest-wait", "nonce": "...", "timeout": 10}

Server -> client, one reply per message::

    {"v": 1, "ok": true}            or  {"v": 1, "ok": false, "error": "<sentence>"}

An ``open-url`` reply also says whether this endpoint took the link (``"taken": true``)
or left it to another amogui run (``"taken": false``, see `amogui.desktop.channels`);
a reply without ``taken`` (an older amogui) means taken.

and, to a ``selftest-wait`` client, later::

    {"v": 1, "type": "selftest-seen", "nonce": "...", "via": "argv"}

Anything else is dropped with a reason. A line is at most `MAX_LINE` bytes. A URL must
be printable ASCII (no spaces, line breaks or escape bytes: a real deep link
percent-encodes them), so nothing a client sends can forge a log line. A
``selftest-wait`` holds its connection at most `MAX_SELFTEST_WAIT` seconds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from amogui.base.deeplinks import MAX_URL, SELFTEST_PATH

PROTOCOL_VERSION = 1
MAX_LINE = 16 * 1024  # bytes; a deep link is capped at 4096 characters
# A selftest waiter holds one of the server's few connection slots while it waits: the
# OS hands a link over in well under a second, so half a minute is plenty.
MAX_SELFTEST_WAIT = 30.0  # seconds
_TOKEN = re.compile(r"[a-z][a-z0-9-]{0,31}")
_NONCE = re.compile(r"[A-Za-z0-9_-]{8,128}")
TYPE_OPEN_URL = "open-url"
TYPE_SELFTEST_WAIT = "selftest-wait"
TYPE_SELFTEST_SEEN = "selftest-seen"


@dataclass(frozen=True)
class Message:
    type: str
    url: str = ""
    via: str = ""
    nonce: str = ""
    timeout: float = 0.0


def _line(payload: dict[str, Any]) -> bytes:
    return json.dumps({"v": PROTOCOL_VERSION, **payload}, separators=(",", ":")).encode() + b"\n"


def encode_open_url(url: str, via: str) -> bytes:
    return _line({"type": TYPE_OPEN_URL, "url": url, "via": via})


def encode_selftest_wait(nonce: str, timeout: float) -> bytes:
    return _line({"type": TYPE_SELFTEST_WAIT, "nonce": nonce, "timeout": timeout})


def encode_selftest_seen(nonce: str, via: str) -> bytes:
    return _line({"type": TYPE_SELFTEST_SEEN, "nonce": nonce, "via": via})


def encode_reply(error: str | None = None, *, taken: bool | None = None) -> bytes:
    if error is not None:
        return _line({"ok": False, "error": error})
    if taken is None:
        return _line({"ok": True})
    return _line({"ok": True, "taken": taken})


def decode_message(line: bytes) -> Message | str:
    """A client's message, or the reason it is dropped (one sentence). Never raises."""
    data = _object(line)
    if isinstance(data, str):
        return data
    kind = data.get("type")
    if kind == TYPE_OPEN_URL:
        return _open_url(data)
    if kind == TYPE_SELFTEST_WAIT:
        return _selftest_wait(data)
    return f"Unknown message type {str(kind)[:40]!r}."


def decode_reply(line: bytes) -> dict[str, Any] | None:
    """A server's reply or notice as a dict, or None when it is not one."""
    data = _object(line)
    return None if isinstance(data, str) else data


def _object(line: bytes) -> dict[str, Any] | str:
    if len(line) > MAX_LINE:
        return f"The message is {len(line)} bytes; at most {MAX_LINE} are accepted."
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "The message is not a line of UTF-8 JSON."
    if not isinstance(data, dict):
        return "The message is not a JSON object."
    version = data.get("v")
    if type(version) is not int or version != PROTOCOL_VERSION:
        return f"The message has protocol version {str(version)[:20]!r}, not {PROTOCOL_VERSION}."
    return data


def _open_url(data: dict[str, Any]) -> Message | str:
    url, via = data.get("url"), data.get("via", "ipc")
    if not isinstance(url, str) or not url:
        return "The open-url message has no URL."
    if len(url) > MAX_URL:
        return f"The URL is {len(url)} characters long; at most {MAX_URL} are accepted."
    if any(not ("!" <= c <= "~") for c in url):
        return "The URL contains spaces, control or non-ASCII characters."
    if not isinstance(via, str) or not _TOKEN.fullmatch(via):
        return "The open-url message's 'via' is not a short lower-case word."
    return Message(TYPE_OPEN_URL, url=url, via=via)


def _selftest_wait(data: dict[str, Any]) -> Message | str:
    nonce, timeout = data.get("nonce"), data.get("timeout", 10)
    if not isinstance(nonce, str) or not _NONCE.fullmatch(nonce):
        return "The selftest-wait message has no valid nonce."
    if type(timeout) not in (int, float) or not 0 < timeout <= MAX_SELFTEST_WAIT:
        return f"The selftest-wait timeout must be between 0 and {MAX_SELFTEST_WAIT:.0f} seconds."
    return Message(TYPE_SELFTEST_WAIT, nonce=nonce, timeout=float(timeout))


def for_log(url: str) -> str:
    """What a log line may show of a validated deep link: scheme, host, path and the
    parameter names, never a value (a code or a state)."""
    try:
        parts = urlsplit(url)
        names = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        return "(an unparsable URL)"
    # The host, not the whole authority: a user:password@ part is never shown.
    where = f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"[:200]
    shown = "".join(c if "!" <= c <= "~" else "?" for c in where)
    keys = ", ".join(
        sorted({"".join(c for c in k if c.isalnum() or c in "_-")[:20] for k in names})
    )
    return f"{shown} ({keys})" if keys else shown


def selftest_nonce(url: str) -> str | None:
    """The nonce of a ``<scheme>://<host>/selftest?nonce=...`` URL, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.path.rstrip("/") != SELFTEST_PATH:
        return None
    nonces = [v for k, v in parse_qsl(parts.query) if k == "nonce"]
    if len(nonces) == 1 and _NONCE.fullmatch(nonces[0]):
        return nonces[0]
    return None
