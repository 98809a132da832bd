"""The argparse value types: each bad value is one sentence, never a traceback or a hang."""

from __future__ import annotations

import argparse
import errno
import json
import os
import tempfile
from pathlib import Path

import pytest

from amogui.base import argtypes


def refused(parse: object, value: str) -> str:
    with pytest.raises(argparse.ArgumentTypeError) as info:
        parse(value)  # type: ignore[operator]
    sentence = str(info.value)
    assert sentence.endswith(".") and "\n" not in sentence
    return sentence


@pytest.mark.parametrize("value", ["0", "65536", "99999", "-1", "abc", "", "1.5", "nan"])
def test_bad_ports(value: str) -> None:
    refused(argtypes.port, value)


def test_ports() -> None:
    assert argtypes.port("1") == 1 and argtypes.port(" 65535 ") == 65535
    assert argtypes.port_or_zero("0") == 0
    assert "between 1 and 65535" in refused(argtypes.port, "70000")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("nan", "not a finite number"),
        ("inf", "not a finite number"),
        ("-inf", "not a finite number"),
        ("-5", "too short"),
        ("0", "too short"),
        ("abc", "not a number"),
        ("1e9", "too long"),
    ],
)
def test_bad_seconds(value: str, fragment: str) -> None:
    assert fragment in refused(argtypes.seconds(60), value)


def test_seconds() -> None:
    assert argtypes.seconds(60)("2.5") == 2.5
    assert argtypes.seconds(60)("60") == 60.0


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://example.com", "not an http(s) URL"),
        ("http://", "no host"),
        ("example.com", "not an http(s) URL"),
        ("http://127.0.0.1:99999", "port is not between 1 and 65535"),
        ("http://127.0.0.1:0", "port 0"),
        ("http://127.0.0.1:abc", "port is not a number"),
        ("http://[::1", "not a usable URL"),
        ("http://a b.example", "spaces"),
        ("http://host\x1b[31m", "control"),
        ("https://user:pw@example.com", "user name or password"),
        ("https://" + "a" * 3000, "characters long"),
    ],
)
def test_bad_urls(value: str, fragment: str) -> None:
    assert fragment in refused(argtypes.http_url, value)


def test_urls() -> None:
    url = "https://admin.example.com:8443/base"
    assert argtypes.http_url(url) == url
    assert argtypes.http_url(" http://127.0.0.1:4000 ") == "http://127.0.0.1:4000"


def test_text_and_log_level() -> None:
    assert argtypes.text(what="The name")("  Local  ") == "Local"
    assert "empty" in refused(argtypes.text(what="The name"), " ")
    assert "line breaks" in refused(argtypes.text(), "a\nb")
    assert "at most 5" in refused(argtypes.text(5), "abcdefg")
    assert argtypes.log_level(" debug ") == "DEBUG"


def test_integer() -> None:
    count = argtypes.integer(0, 10, "a count")
    assert count("7") == 7
    assert "between 0 and 10" in refused(count, "11")
    assert "a count cannot be negative" in refused(count, "-1")
    assert "whole number" in refused(count, "1e3")


# -- files -----------------------------------------------------------------------------


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "list.md"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    assert "not a regular file" in refused(argtypes.checklist_file, str(fifo))
    assert "not a regular file" in refused(argtypes.data_file("answers file"), str(fifo))


def test_files(tmp_path: Path) -> None:
    good = tmp_path / "list.md"
    good.write_text("# x\n", encoding="utf-8")
    assert argtypes.checklist_file(str(good)) == str(good)
    assert "no such file" in refused(argtypes.checklist_file, str(tmp_path / "missing.md"))
    assert "folder" in refused(argtypes.checklist_file, str(tmp_path))
    big = tmp_path / "big.md"
    with big.open("wb") as handle:  # sparse: no real disk use
        handle.truncate(argtypes.MAX_CHECKLIST_BYTES + 1)
    assert "larger than 8 MiB" in refused(argtypes.checklist_file, str(big))
    assert argtypes.checklist_source("-") == "-" and argtypes.checklist_source("bundled")


def test_existing_dir(tmp_path: Path) -> None:
    assert argtypes.existing_dir(str(tmp_path)) == tmp_path
    assert "not a folder" in refused(argtypes.existing_dir, str(tmp_path / "nope"))


def test_report_dir_is_checked_but_not_made(tmp_path: Path) -> None:
    place = tmp_path / "place"
    place.mkdir()
    target = place / "out" / "report"
    assert argtypes.report_dir(str(target)) == target
    assert list(place.iterdir()) == []  # nothing made, and the write test left nothing
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert "is not a folder" in refused(argtypes.report_dir, str(blocker))
    assert f"{blocker} is a file" in refused(argtypes.report_dir, str(blocker / "report"))


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        (errno.EROFS, "read-only"),
        (errno.ENOSPC, "disk is full"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_report_dir_that_cannot_take_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, fragment: str
) -> None:
    # As root, chmod cannot make a folder read-only; the OS's answer is what counts.
    def fail(*_args: object, **_kw: object) -> object:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", fail)
    sentence = refused(argtypes.report_dir, str(tmp_path / "report"))
    assert fragment in sentence and str(tmp_path) in sentence


# -- answers files -----------------------------------------------------------------------


def write(tmp_path: Path, text: str | bytes, name: str = "answers.yaml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_answers_file_is_parsed_once(tmp_path: Path) -> None:
    loaded = argtypes.data_file("answers file")(write(tmp_path, "s1:\n  verdict: passed\n"))
    assert loaded.data == {"s1": {"verdict": "passed"}}
    assert str(loaded) == loaded.path
    as_json = argtypes.data_file()(write(tmp_path, json.dumps({"s2": "failed"}), "a.json"))
    assert as_json.data == {"s2": "failed"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[" * 100_000 + "]" * 100_000, "nests deeper than 16"),
        ('{"a":' * 5000 + "1" + "}" * 5000, "nests deeper than 16"),
        ("".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "v\n", "nests deeper"),
        (
            'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n"
                for i in range(7)
            ),
            "more than 100000 values",
        ),
        ("s1: [unclosed\n", "neither JSON nor YAML"),
        (b"\xff\xfe\x00binary", "not UTF-8"),
    ],
)
def test_bad_answers_files(tmp_path: Path, text: str | bytes, fragment: str) -> None:
    sentence = refused(argtypes.data_file("answers file"), write(tmp_path, text))
    assert fragment in sentence and "answers file" in sentence


def test_large_answers_file(tmp_path: Path) -> None:
    path = write(tmp_path, "x" * (argtypes.MAX_DATA_BYTES + 1))
    assert "larger than 1 MiB" in refused(argtypes.data_file(), path)
