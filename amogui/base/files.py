"""Files on disk: one atomic write, private folders.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the old file, so a crash or a full disk leaves the old file or the new
one, never half of one. What amogui keeps for itself (runs, settings, logs, keys) is
private to the user: files 0600 in folders 0700. What the tester hands to others (a
report bundle, a .desktop file the desktop reads) asks for a wider mode explicitly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SHARED_FILE = 0o644


class UnwritableError(OSError):
    """A folder that cannot take a file; ``str()`` is one sentence."""

    def __str__(self) -> str:
        return str(self.strerror)


def private_dir(path: Path) -> Path:
    """`path` and every missing parent created 0700 (mkdir's `parents` would make the
    parents with the default mode); an existing folder is left as it is."""
    missing = []
    for folder in [path, *path.parents]:
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
    if not path.is_dir():  # a file in the way: say so as mkdir would
        path.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    return path


def check_writable_dir(path: Path) -> None:
    """Raise `UnwritableError` (one sentence) unless files can be written in `path`.

    Nothing is created: an existing folder is tried with a temporary file that is removed
    at once; a missing one is judged by its nearest existing parent, where it would be
    made. The try is real (not `os.access`), so a read-only mount, a full inode table or
    an ACL is caught for root too.
    """
    target = path
    while not target.exists():
        if target.is_symlink():  # a dangling link: mkdir would fail there
            raise UnwritableError(errno.ENOENT, f"{path} is a broken symbolic link.")
        if target.parent == target:
            break
        target = target.parent
    if not target.is_dir():
        what = "is not a folder" if target == path else f"cannot be made: {target} is a file"
        raise UnwritableError(errno.ENOTDIR, f"{path} {what}.")
    try:
        fd, name = tempfile.mkstemp(prefix=".amogui-write-test-", dir=target)
    except OSError as exc:
        reason = _WRITE_REASONS.get(exc.errno or 0, (exc.strerror or str(exc)).lower())
        where = "" if target == path else f" (its parent {target})"
        raise UnwritableError(exc.errno, f"{path} cannot be written{where}: {reason}.") from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)


_WRITE_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
}


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
