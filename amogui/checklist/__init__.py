"""The checklist engine: Markdown checklist -> typed model (model.py), Qt-free.

load_checklist(path)      a file on disk
parse_bytes(data, source) bytes from anywhere (repairs mojibake, records SHA-256)
load_bundled()            the AMO CRM checklist shipped with amogui
load_source(source)       what Checklist.source names: a path or "bundled:<name>"
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amogui.base.argtypes import MAX_CHECKLIST_BYTES
from amogui.checklist.model import Checklist

if TYPE_CHECKING:
    from amogui.checklist.parser import parse_bytes, parse_text


def __getattr__(name: str) -> Any:
    # The parser (and markdown-it) load on first use: the CLI and the window's
    # start-up import this package without parsing anything yet.
    if name in ("parse_bytes", "parse_text"):
        from amogui.checklist import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BUNDLED_NAME",
    "BUNDLED_SOURCE",
    "MAX_BYTES",
    "Checklist",
    "ChecklistError",
    "check_text",
    "load_bundled",
    "load_checklist",
    "load_source",
    "parse_bytes",
    "parse_text",
]

BUNDLED_NAME = "amo-crm-testing-checklist.uk.md"
BUNDLED_PREFIX = "bundled:"
BUNDLED_SOURCE = BUNDLED_PREFIX + BUNDLED_NAME
MAX_BYTES = MAX_CHECKLIST_BYTES


class ChecklistError(OSError):
    """A checklist that cannot be read; ``str()`` is one sentence for the tester."""

    def __init__(self, message: str, code: int | None = None) -> None:
        if code is None:
            super().__init__(message)
        else:
            super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "there is no such file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "it is a folder, not a file",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ENAMETOOLONG: "the path is too long",
        errno.ELOOP: "the path has a symbolic link loop",
    }
    if exc.errno in reasons:
        return reasons[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).rstrip(".").lower()


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES`, or ChecklistError (one sentence).

    A FIFO, socket or device is refused before it is opened (opening a FIFO for reading
    waits for a writer: it would hang), and the file is opened non-blocking and checked
    again, so one swapped in meanwhile cannot hang it either.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise _not_regular(path)
            data = handle.read(MAX_BYTES + 1)
    except ChecklistError:
        raise
    except OSError as exc:
        raise ChecklistError(
            f"Cannot read the checklist {path}: {_reason(exc)}.", exc.errno
        ) from exc
    if len(data) > MAX_BYTES:
        raise ChecklistError(
            f"Cannot read the checklist {path}: it is larger than "
            f"{MAX_BYTES // (1024 * 1024)} MiB, which no checklist is.",
            errno.EFBIG,
        )
    return data


def _not_regular(path: Path) -> ChecklistError:
    return ChecklistError(
        f"Cannot read the checklist {path}: it is not a regular file (a pipe, socket or device).",
        errno.EINVAL,
    )


# Share of characters that no text file holds (C0 controls other than tab and line ends,
# NUL, U+FFFD for undecodable bytes) above which the bytes are taken for binary data.
MAX_CONTROL_SHARE = 0.01


def check_text(data: bytes, name: str) -> None:
    """ChecklistError unless `data` is non-empty text (a PNG or an empty file is refused
    with a sentence rather than shown as a checklist with no steps)."""
    if not data.strip():
        raise ChecklistError(f"The checklist {name} is empty.", errno.EINVAL)
    from amogui.checklist.encoding import decode

    text = decode(data).text
    odd = sum(1 for c in text if (c < " " and c not in "\t\n\r\f\v") or c == "\ufffd")
    if (b"\x00" in data and "\x00" in text) or odd > MAX_CONTROL_SHARE * len(text):
        raise ChecklistError(
            f"The checklist {name} is not a text file (it holds binary data).", errno.EINVAL
        )


def load_checklist(path: str | os.PathLike[str]) -> Checklist:
    """Read and parse a checklist file; raises ChecklistError if it cannot be read."""
    from amogui.checklist.parser import parse_bytes

    file = Path(path)
    data = read_limited(file)
    check_text(data, str(file))
    return parse_bytes(data, str(file))


def load_bundled() -> Checklist:
    from amogui.base.resources import resource
    from amogui.checklist.parser import parse_bytes

    data = resource("checklists", BUNDLED_NAME).read_bytes()
    return parse_bytes(data, BUNDLED_SOURCE)


def load_source(source: str) -> Checklist:
    """Reload what ``Checklist.source`` names (a saved run knows only that string)."""
    if source.startswith(BUNDLED_PREFIX):
        if source != BUNDLED_SOURCE:
            raise ChecklistError(
                f"Cannot read the checklist {source}: amogui bundles no such file.", errno.ENOENT
            )
        return load_bundled()
    return load_checklist(source)
