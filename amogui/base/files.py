"""Files on disk: one atomic write, private folders.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the old file, so a crash or a full disk leaves the old file or the new
one, never half of one. What amogui keeps for itself (runs, settings, logs, keys) is
private to the user: files 0600 in folders 0700. What the tester hands to others (a
report bundle, a .desktop file the desktop reads) asks for a wider mode explicitly.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SHARED_FILE = 0o644


def private_dir(path: Path) -> Path:
    """`path` (and missing parents) created 0700; an existing folder is left as it is."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    return path


def atomic_write(
    path: Path, data: bytes, *, mode: int = PRIVATE_FILE, durable: bool = True
) -> None:
    """Replace `path` with `data` atomically (fsynced); the file gets `mode`.

    Missing parent folders are made private (0700). Raises OSError as the OS reports it
    (full disk, read-only folder); the old file is then untouched. ``durable=False``
    skips the fsyncs, for caches made again when lost: readers still see the old file or
    the new one, never half of one, but a crash may lose the new one.
    """
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if mode != PRIVATE_FILE:  # mkstemp already made it 0600
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _sync_dir(path.parent)


def atomic_write_text(path: Path, text: str, *, mode: int = PRIVATE_FILE) -> None:
    atomic_write(path, text.encode("utf-8"), mode=mode)


def _sync_dir(folder: Path) -> None:
    """Make the rename itself durable where the OS allows it (not on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
