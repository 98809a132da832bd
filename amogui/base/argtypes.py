"""argparse value types shared by every ``amogui`` command.

Each type turns the text of one command-line value into a checked value, or raises
`argparse.ArgumentTypeError` with one sentence; argparse then prints
``amogui run: error: argument --base-url: <sentence>`` and exits 2 before anything runs.
So a bad value never reaches the code behind the option: no ``OverflowError`` for port
99999, no hang on a FIFO given as a file, no ``RecursionError`` from a nested answers file,
no ``nan`` timeout that never ends.

Only the standard library is imported at module level (``amogui --help`` stays fast);
the YAML parser loads when an answers file is read.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MAX_PORT = 65535
MAX_URL_OPTION = 2048  # a base or authorize URL on the command line; longer is a paste gone wrong
MAX_TEXT = 200  # a profile name, a client id
MAX_DATA_BYTES = 1024 * 1024  # an answers file: step id -> verdict and note
MAX_DEPTH = 16  # nesting of an answers file (a real one nests 2 deep)
MAX_NODES = 100_000  # values in an answers file, aliases counted each time they are used
# A checklist is a few kilobytes of Markdown; refuse to pull a stray video into memory.
MAX_CHECKLIST_BYTES = 8 * 1024 * 1024

TypeFunc = Callable[[str], Any]


def _fail(sentence: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(sentence)


def _printable(text: str, what: str) -> str:
    if any((c.isspace() and c != " ") or not c.isprintable() for c in text):
        raise _fail(f"{what} contains control characters or line breaks.")
    return text


# -- numbers -----------------------------------------------------------------------------


def _number(text: str, what: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise _fail(f"{text!r} is not a number of {what}.") from None
    if not math.isfinite(value):
        raise _fail(f"{text!r} is not a finite number of {what}.")
    return value


def seconds(maximum: float, *, minimum: float = 0.0) -> TypeFunc:
    """A finite number of seconds, greater than `minimum` and at most `maximum`."""

    def parse(text: str) -> float:
        value = _number(text, "seconds")
        if value <= minimum:
            raise _fail(f"{text} seconds is too short: give more than {minimum:g}.")
        if value > maximum:
            raise _fail(f"{text} seconds is too long: at most {maximum:g} are allowed.")
        return value

    parse.__name__ = "seconds"  # argparse names the type in some messages
    return parse


def integer(minimum: int, maximum: int, what: str = "a count") -> TypeFunc:
    """A whole number between `minimum` and `maximum` (both included)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            raise _fail(f"{text!r} is not a whole number ({what}).") from None
        if value < 0 <= minimum:
            raise _fail(f"{value} is out of range: {what} cannot be negative.")
        if not minimum <= value <= maximum:
            raise _fail(f"{value} is out of range: {what} is between {minimum} and {maximum}.")
        return value

    parse.__name__ = "integer"
    return parse


def delay(text: str) -> float:
    """A finite number of seconds, 0 or more: how late the sandbox answers (``--delay``)."""
    try:
        value = float(text)
    except ValueError:
        raise _fail(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise _fail(f"must be 0 or more seconds: {text!r}")
    return value


port = integer(1, MAX_PORT, "a port")
port.__name__ = "port"
port_or_zero = integer(0, MAX_PORT, "a port (0 picks a free one)")
port_or_zero.__name__ = "port"


# -- text ------------------------------------------------------------------------------


def text(maximum: int = MAX_TEXT, what: str = "The value") -> TypeFunc:
    """Non-empty, printable, at most `maximum` characters (surrounding spaces dropped)."""

    def parse(value: str) -> str:
        value = value.strip()
        if not value:
            raise _fail(f"{what} is empty.")
        if len(value) > maximum:
            raise _fail(f"{what} is {len(value)} characters long; at most {maximum} are allowed.")
        return _printable(value, what)

    parse.__name__ = "text"
    return parse


profile_name = text(what="The profile name")
profile_name.__name__ = "profile name"


def log_level(value: str) -> str:
    """DEBUG, INFO, WARNING or ERROR, in any case."""
    return value.strip().upper()


# -- URLs ------------------------------------------------------------------------------


def http_url(value: str) -> str:
    """An http(s) URL with a host and, if any, a port between 1 and 65535."""
    url = value.strip()
    if not url:
        raise _fail("The URL is empty: give an http(s) URL such as https://admin.example.com.")
    if len(url) > MAX_URL_OPTION:
        raise _fail(f"The URL is {len(url)} characters long; at most {MAX_URL_OPTION} are allowed.")
    if any(not ("!" <= c <= "~") for c in url):
        raise _fail("The URL contains spaces, control or non-ASCII characters.")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port_number = parts.port
    except ValueError as exc:  # a port like 99999 or a broken [IPv6] host
        raise _fail(f"{url!r} is not a usable URL: {_port_reason(exc)}.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise _fail(f"{url!r} is not an http(s) URL.")
    if not host:
        raise _fail(f"{url!r} has no host name.")
    if port_number == 0:
        raise _fail(f"{url!r} names port 0; a port is between 1 and {MAX_PORT}.")
    if parts.username is not None or parts.password is not None:
        raise _fail(f"The URL must not carry a user name or password: {parts.hostname}.")
    return url


def _port_reason(exc: ValueError) -> str:
    message = str(exc)
    if "out of range" in message:
        return f"its port is not between 1 and {MAX_PORT}"
    if "Port could not be cast" in message:
        return "its port is not a number"
    return message.rstrip(".") or "it cannot be parsed"


# -- files -----------------------------------------------------------------------------


def regular_file(max_bytes: int, what: str = "file") -> Callable[[str], str]:
    """An existing regular file (not a FIFO, device or folder) of at most `max_bytes`."""

    def parse(value: str) -> str:
        if not value.strip():
            raise _fail(f"The {what} name is empty.")
        from amogui.base.files import regular_file_problem

        problem = regular_file_problem(Path(value), max_bytes)
        if problem:
            raise _fail(f"Cannot use the {what} {value}: {problem}.")
        return value

    parse.__name__ = "file"
    return parse


def checklist_file(value: str) -> str:
    """A checklist: a regular file of at most `MAX_CHECKLIST_BYTES`."""
    return regular_file(MAX_CHECKLIST_BYTES, "checklist")(value)


def checklist_source(value: str) -> str:
    """``-`` (standard input), ``bundled``, or a checklist file."""
    return value if value in ("-", "bundled") else checklist_file(value)


def existing_dir(value: str) -> Path:
    """A folder that exists."""
    path = Path(value)
    if not value.strip():
        raise _fail("The folder name is empty.")
    if not path.is_dir():
        raise _fail(f"{value} is not a folder.")
    return path


def report_dir(value: str) -> Path:
    """A folder the report can be written to: checked (and not created) now, before the
    run, so a read-only or impossible place fails in a second, not after the checks."""
    from amogui.base.files import UnwritableError, check_writable_dir

    if not value.strip():
        raise _fail("The report folder name is empty.")
    path = Path(value)
    try:
        check_writable_dir(path)
    except UnwritableError as exc:
        raise _fail(str(exc)) from None
    return path


# -- structured data files (answers) -------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    """A JSON or YAML file read and parsed within the limits: its path and its data."""

    path: str
    data: Any

    def __str__(self) -> str:  # printed where the path used to be
        return self.path


def data_file(
    what: str = "data file",
    max_bytes: int = MAX_DATA_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> TypeFunc:
    """A JSON or YAML file of at most `max_bytes`, nested at most `max_depth` deep and
    holding at most `max_nodes` values; parsed here, so no caller can meet a
    RecursionError, a billion-laughs alias bomb or a FIFO."""

    def parse(value: str) -> DataFile:
        name = f"the {what} {value}"
        raw = _read_small(value, name, max_bytes)
        try:
            body = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _fail(f"Cannot read {name}: it is not UTF-8 text.") from None
        if _bracket_depth(body) > max_depth:
            raise _fail(f"Cannot read {name}: it nests deeper than {max_depth} levels.")
        data = _parse_json_or_yaml(body, name)
        problem = _shape_problem(data, max_depth, max_nodes)
        if problem:
            raise _fail(f"Cannot read {name}: {problem}.")
        return DataFile(value, data)

    parse.__name__ = "file"
    return parse


def _read_small(value: str, name: str, max_bytes: int) -> bytes:
    from amogui.base.files import UnreadableError, read_regular

    if not value.strip():
        raise _fail(f"Cannot read {name}: the name is empty.")
    try:
        return read_regular(Path(value), max_bytes)
    except UnreadableError as exc:
        raise _fail(f"Cannot read {name}: {exc.reason}.") from None


def _bracket_depth(body: str) -> int:
    """The deepest nesting of [ and { outside quoted strings: a cheap bound taken before
    any parser recurses (YAML's block nesting is checked on the parsed data)."""
    depth = deepest = 0
    quote: str | None = None
    escaped = False
    for char in body:
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            quote = None  # a stray quote in YAML prose does not hide the next lines
    return deepest


def _parse_json_or_yaml(body: str, name: str) -> Any:
    try:
        return json.loads(body)
    except RecursionError:
        raise _fail(f"Cannot read {name}: it nests too deep to read.") from None
    except ValueError:
        pass
    import yaml

    try:
        return yaml.safe_load(body)
    except RecursionError:
        raise _fail(f"Cannot read {name}: it nests too deep to read.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise _fail(f"Cannot read {name}: it is neither JSON nor YAML{where}.") from None


def _shape_problem(data: Any, max_depth: int, max_nodes: int) -> str | None:
    """Depth and size of parsed data, walked without recursion; aliases count every time."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            return f"it holds more than {max_nodes} values"
        if depth > max_depth:
            return f"it nests deeper than {max_depth} levels"
        if isinstance(value, dict):
            for key, item in value.items():
                stack.append((key, depth + 1))
                stack.append((item, depth + 1))
        elif isinstance(value, list | tuple | set):
            stack.extend((item, depth + 1) for item in value)
    return None
