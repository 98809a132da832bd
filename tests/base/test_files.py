"""The one atomic write: all or nothing for readers, durable unless asked not to be."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from amogui.base import files


def test_atomic_write_replaces_the_file_privately(tmp_path: Path) -> None:
    target = tmp_path / "new" / "file.json"
    files.atomic_write(target, b"old")
    files.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == files.PRIVATE_FILE
    assert stat.S_IMODE(target.parent.stat().st_mode) == files.PRIVATE_DIR
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
