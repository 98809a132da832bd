"""Private folders, the one atomic write (all or nothing for readers, durable unless asked
not to be), and the writable-folder check."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from amogui.base import files
from amogui.base.files import UnwritableError, atomic_write, check_writable_dir, private_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_dir_makes_every_missing_part_0700(tmp_path: Path) -> None:
    target = private_dir(tmp_path / "a" / "b" / "c")
    for part in (target, target.parent, target.parent.parent):
        assert mode(part) == 0o700
    tmp_path.chmod(0o755)
    private_dir(tmp_path)  # an existing folder is left as it is
    assert mode(tmp_path) == 0o755


def test_private_dir_with_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        private_dir(tmp_path / "f")
    with pytest.raises(OSError):
        private_dir(tmp_path / "f" / "sub")


def test_atomic_write_replaces_the_file_privately(tmp_path: Path) -> None:
    target = tmp_path / "new" / "file.json"
    atomic_write(target, b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == files.PRIVATE_FILE and mode(target.parent) == files.PRIVATE_DIR
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]  # no temporary left


@pytest.mark.parametrize(("durable", "syncs"), [(True, 2), (False, 0)])
def test_a_cache_write_skips_the_fsyncs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool, syncs: int
) -> None:
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(files.os, "fsync", counting)
    target = tmp_path / "cache.mo"
    files.atomic_write(target, b"data", durable=durable)
    assert target.read_bytes() == b"data"
    assert len(calls) == (syncs if os.name == "posix" else min(syncs, 1))


def test_check_writable_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_writable_dir(tmp_path)
    check_writable_dir(tmp_path / "not" / "yet")  # judged by its nearest parent
    assert not (tmp_path / "not").exists()
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(UnwritableError, match="is not a folder"):
        check_writable_dir(tmp_path / "f")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    with pytest.raises(UnwritableError, match="broken symbolic link"):
        check_writable_dir(tmp_path / "dangling" / "x")

    def full(*_a: object, **_k: object) -> object:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(UnwritableError) as info:
        check_writable_dir(tmp_path / "x")
    assert (
        str(info.value)
        == f"{tmp_path / 'x'} cannot be written (its parent {tmp_path}): the disk is full."
    )


def test_read_regular_reads_only_a_regular_file_within_its_size(tmp_path: Path) -> None:
    from amogui.base.files import UnreadableError, read_regular

    small = tmp_path / "small.md"
    small.write_bytes(b"# x\n")
    assert read_regular(small, 1024) == b"# x\n"
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 2048)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    cases = {
        tmp_path / "missing": ("there is no such file", errno.ENOENT),
        tmp_path: ("it is a folder, not a file", errno.EISDIR),
        fifo: ("it is not a regular file (a pipe, socket or device)", errno.EINVAL),
        big: ("it is larger than 1 KiB", errno.EFBIG),
    }
    for path, (reason, code) in cases.items():
        with pytest.raises(UnreadableError) as caught:
            read_regular(path, 1024)  # never opens the FIFO: no hang
        assert (caught.value.reason, caught.value.errno) == (reason, code), path
