"""load_checklist, load_bundled, load_source and their one-sentence errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from amogui.checklist import (
    BUNDLED_SOURCE,
    MAX_BYTES,
    ChecklistError,
    load_bundled,
    load_checklist,
    load_source,
)


def test_load_checklist_records_source_and_hash(tmp_path: Path, raw_bytes: bytes) -> None:
    path = tmp_path / "raw.md"
    path.write_bytes(raw_bytes)
    checklist = load_checklist(path)
    assert checklist.source == str(path)
    assert checklist.sha256 == hashlib.sha256(raw_bytes).hexdigest()
    assert load_source(str(path)) == checklist


def test_load_bundled_and_its_source(uk_text: str) -> None:
    bundled = load_bundled()
    assert bundled.sha256 == hashlib.sha256(uk_text.encode("utf-8")).hexdigest()
    assert load_source(BUNDLED_SOURCE) == bundled


def test_errors_are_oserrors_with_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        load_checklist(tmp_path / "nope.md")
    assert isinstance(caught.value, ChecklistError)
    assert (
        str(caught.value)
        == f"Cannot read the checklist {tmp_path / 'nope.md'}: there is no such file."
    )
    with pytest.raises(ChecklistError, match="amogui bundles no such file"):
        load_source("bundled:other.md")


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ChecklistError, match="larger than 8 MiB"):
        load_checklist(path)


def test_path_through_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ChecklistError, match="a part of the path is not a folder"):
        load_checklist(tmp_path / "file" / "x.md")


def test_a_fifo_is_refused_and_never_opened(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "list.md"
    os.mkfifo(fifo)  # reading it would wait for a writer: the loader must not
    with pytest.raises(ChecklistError, match="not a regular file"):
        load_checklist(fifo)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "is empty"),
        (b" \n\t\r\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not a text file"),
        (bytes(range(0, 32)) * 40, "not a text file"),
    ],
)
def test_empty_and_binary_files_are_refused(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(data)
    with pytest.raises(ChecklistError, match=fragment) as info:
        load_checklist(path)
    assert str(info.value).endswith(".")


def test_utf16_text_is_not_taken_for_binary(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes("# Чеклист\n\n## Кроки\n".encode("utf-16-le"))
    assert load_checklist(path).title == "Чеклист"
