"""Files attached to steps: copied next to the run, hashed, named safely, capped."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amogui.base import paths
from amogui.run import attachments
from amogui.run.attachments import AttachmentError, add_attachment, read_attachment, safe_name
from amogui.run.state import Run


def test_a_file_is_copied_hashed_and_described(tmp_path: Path) -> None:
    source = tmp_path / "знімок екрана 1.png"
    source.write_bytes(b"\x89PNG fake")
    run = Run()
    entry = add_attachment(run, "s2.k3", source)
    assert entry["name"] == "01-1.png"
    assert entry["step"] == "s2.k3" and entry["original"] == "знімок екрана 1.png"
    assert entry["sha256"] == hashlib.sha256(b"\x89PNG fake").hexdigest()
    kept = Path(entry["path"])
    assert kept.parent == paths.data_dir() / "attachments" / run.run_id
    assert kept.read_bytes() == b"\x89PNG fake"
    source.write_bytes(b"changed after attaching")  # the copy is the evidence
    assert read_attachment(entry) == b"\x89PNG fake"


def test_same_names_never_collide(tmp_path: Path) -> None:
    source = tmp_path / "shot.png"
    source.write_bytes(b"one")
    run = Run()
    first = add_attachment(run, "s1", source)
    run.attachments.append(first)
    source.write_bytes(b"two")
    second = add_attachment(run, "s1", source)
    assert (first["name"], second["name"]) == ("01-shot.png", "02-shot.png")
    assert Path(first["path"]).read_bytes() == b"one"


def test_a_changed_or_missing_copy_is_not_passed_off_as_the_attachment(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes(b"original")
    entry = add_attachment(Run(), "s1", source)
    Path(entry["path"]).write_bytes(b"tampered")
    assert read_attachment(entry) is None
    Path(entry["path"]).unlink()
    assert read_attachment(entry) is None


def test_what_cannot_be_attached_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(AttachmentError, match="cannot read"):
        add_attachment(Run(), "s1", tmp_path / "nothing.png")
    with pytest.raises(AttachmentError, match="is not a file"):
        add_attachment(Run(), "s1", tmp_path)
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024)
    with pytest.raises(AttachmentError, match="limited to"):
        add_attachment(Run(), "s1", big)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(AttachmentError, match="is not a file"):
            add_attachment(Run(), "s1", fifo)  # would block a reader forever


def test_a_hostile_run_id_stays_inside_the_attachments_folder(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(b"x")
    run = Run(run_id="../../../etc")
    entry = add_attachment(run, "s1", source)
    root = (paths.data_dir() / "attachments").resolve()
    assert Path(entry["path"]).resolve().is_relative_to(root)


@given(st.text(max_size=120))
def test_safe_names_are_plain(name: str) -> None:
    made = safe_name(name)
    assert made and len(made) <= 71
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in made)
    assert made not in (".", "..") and "/" not in made


def test_a_removed_attachments_copy_is_deleted_only_inside_its_folder(tmp_path: Path) -> None:
    from amogui.run.attachments import discard_copy

    source = tmp_path / "a.png"
    source.write_bytes(b"x")
    run = Run()
    entry = add_attachment(run, "s1", source)
    assert discard_copy(run.run_id, entry) and not Path(entry["path"]).exists()
    precious = tmp_path / "id_ed25519"
    precious.write_text("key")
    hostile = {**entry, "path": str(precious)}  # a run file naming a path of its own
    assert not discard_copy(run.run_id, hostile)
    assert precious.exists()
    assert not discard_copy(run.run_id, {"path": str(paths.data_dir() / "attachments")})
