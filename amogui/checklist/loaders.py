"""Reading a checklist: from a file, from amogui's bundled copy, or from what a saved run
names; every failure is `ChecklistError`, one sentence for the tester.

A file is read only when it is a regular file of a checklist's size (a FIFO would hang the
read, a video would fill memory) and holds text.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from amogui.base.argtypes import MAX_CHECKLIST_BYTES
from amogui.base.files import UnreadableError, read_regular
from amogui.checklist.model import Checklist

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


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES`, or ChecklistError (one sentence).

    A FIFO, socket or device is refused before it is opened (opening a FIFO for reading
    waits for a writer: it would hang); see `amogui.base.files.read_regular`.
    """
    try:
        return read_regular(path, MAX_BYTES)
    except UnreadableError as exc:
        raise ChecklistError(f"Cannot read the checklist {path}: {exc.reason}.", exc.errno) from exc


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
