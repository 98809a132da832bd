"""The checklist engine: Markdown checklist -> typed model (model.py), Qt-free.

load_checklist(path)      a file on disk
parse_bytes(data, source) bytes from anywhere (repairs mojibake, records SHA-256)
load_bundled()            the AMO CRM checklist shipped with amogui
load_source(source)       what Checklist.source names: a path or "bundled:<name>"
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    "load_bundled",
    "load_checklist",
    "load_source",
    "parse_bytes",
    "parse_text",
]

BUNDLED_NAME = "amo-crm-testing-checklist.uk.md"
BUNDLED_PREFIX = "bundled:"
BUNDLED_SOURCE = BUNDLED_PREFIX + BUNDLED_NAME
# A checklist is a few kilobytes of Markdown; refuse to pull a stray video into memory.
MAX_BYTES = 8 * 1024 * 1024


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
    """The file's bytes, or ChecklistError with one sentence."""
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
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


def load_checklist(path: str | os.PathLike[str]) -> Checklist:
    """Read and parse a checklist file; raises ChecklistError if it cannot be read."""
    from amogui.checklist.parser import parse_bytes

    file = Path(path)
    return parse_bytes(read_limited(file), str(file))


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
