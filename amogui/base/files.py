"""Files on disk: one atomic write, private folders, one careful read.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the old file, so a crash or a full disk leaves the old file or the new
one, never half of one. What amogui keeps for itself (runs, settings, logs, keys) is
private to the user: files 0600 in folders 0700. What the tester hands to others (a
report bundle, a .desktop file the desktop reads) asks for a wider mode explicitly.

A file someone names (a checklist, an answers file) is read with `read_regular`: only a
regular file of a bounded size, never a FIFO (opening one waits for a writer: a hang) or
a device; what is wrong is said in a few plain words (`plain_reason`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SHARED_FILE = 0o644


class UnwritableError(OSError):
    """A folder that cannot take a file; ``str()`` is one sentence."""

    def __str__(self) -> str:
        return str(self.strerror)


_REASONS = {
    errno.ENOENT: "there is no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the path is too long",
    errno.ELOOP: "the path has a symbolic link loop",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
}


def plain_reason(exc: OSError) -> str:
    """What went wrong with a file, in a few plain lowercase words ("permission denied")."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).rstrip(".").lower()


class UnreadableError(OSError):
    """A file `read_regular` refused or could not read; ``reason`` is a few plain words."""

    def __init__(self, reason: str, code: int | None) -> None:
        super().__init__(code or errno.EINVAL, reason)
        self.reason = reason


def size_words(count: int) -> str:
    """A size for a sentence: "8 MiB", "64 KiB"."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MiB"
    return f"{count / 1024:g} KiB"


def regular_file_problem(path: Path, max_bytes: int) -> str | None:
    """Why `path` is not a regular file of at most `max_bytes`, or None. Never blocks:
    only stat() is used, so a FIFO or a device is refused before anything opens it."""
    found = _stat_problem(path, max_bytes)
    return None if found is None else found[0]


def _stat_problem(path: Path, max_bytes: int) -> tuple[str, int | None] | None:
    try:
        info = path.stat()
    except OSError as exc:
        return plain_reason(exc), exc.errno
    if stat.S_ISDIR(info.st_mode):
        return _REASONS[errno.EISDIR], errno.EISDIR
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file (a pipe, socket or device)", errno.EINVAL
    if info.st_size > max_bytes:
        return f"it is larger than {size_words(max_bytes)}", errno.EFBIG
    return None


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, a regular file of at most `max_bytes`; `UnreadableError`
    otherwise. The file is checked before it is opened, then opened non-blocking and
    checked again, so one swapped for a FIFO meanwhile cannot hang the read either; a
    file that grew past the limit meanwhile is refused too."""
    problem = _stat_problem(path, max_bytes)
    if problem is not None:
        raise UnreadableError(*problem)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UnreadableError("it is not a regular file", errno.EINVAL)
            data = handle.read(max_bytes + 1)
    except UnreadableError:
        raise
    except OSError as exc:
        raise UnreadableError(plain_reason(exc), exc.errno) from exc
    if len(data) > max_bytes:
        raise UnreadableError(f"it is larger than {size_words(max_bytes)}", errno.EFBIG)
    return data


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
        reason = plain_reason(exc)
        where = "" if target == path else f" (its parent {target})"
        raise UnwritableError(exc.errno, f"{path} cannot be written{where}: {reason}.") from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)


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
