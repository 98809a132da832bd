"""The command line as a whole: global options, and every bad value refused by its type.

Each bad value ends in exit 2 with one sentence naming the option, before anything runs
(`main` returns the 2; --help and --version still exit through SystemExit):
no traceback, no hang (a FIFO is never opened), no OverflowError or RecursionError.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amogui.cli import chosen_command, main


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["--log-level", "DEBUG", "run"], "run"),
        (["--log-level=DEBUG", "run"], "run"),
        (["--profile", "Local sandbox", "--log-level", "INFO", "checklist", "x"], "checklist"),
        (["--sandbox"], None),
        (["--", "run"], None),
        ([], None),
    ],
)
def test_the_command_is_found_after_global_options(argv: list[str], command: str | None) -> None:
    assert chosen_command(argv) == command


def test_a_global_option_before_the_command_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--log-level", "debug", "checklist", "bundled"]) == 0
    assert "Чеклист" in capsys.readouterr().out


@pytest.fixture
def fifo(tmp_path: Path) -> str:
    path = tmp_path / "pipe.md"
    os.mkfifo(path)
    return str(path)


@pytest.fixture
def deep(tmp_path: Path) -> str:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    return str(path)


@pytest.fixture
def blocked(tmp_path: Path) -> str:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    return str(blocker / "report")


BAD = [
    (["run", "--base-url", ""], "--base-url", "empty"),
    (["run", "--base-url", "http://127.0.0.1:99999"], "--base-url", "port is not between"),
    (["run", "--base-url", "ftp://host"], "--base-url", "not an http(s) URL"),
    (["run", "--authorize-url", "https://"], "--authorize-url", "no host"),
    (["run", "--deeplink-timeout", "nan"], "--deeplink-timeout", "finite"),
    (["run", "--deeplink-timeout", "-5"], "--deeplink-timeout", "too short"),
    (["run", "--deeplink-timeout", "1e12"], "--deeplink-timeout", "too long"),
    (["run", "--checklist", "{fifo}"], "--checklist", "not a regular file"),
    (["run", "--answers", "{deep}"], "--answers", "nests deeper"),
    (["run", "--answers", "{fifo}"], "--answers", "not a regular file"),
    (["run", "--report", "{blocked}"], "--report", "is a file"),
    (["run", "--browser", ""], "--browser", "empty"),
    (["run", "--client-id", "a\tb"], "--client-id", "control"),
    (["open-url", "--timeout", "nan", "--", "foryoure://x"], "--timeout", "finite"),
    (["open-url", "--timeout", "-5", "--", "foryoure://x"], "--timeout", "too short"),
    (["handler", "selftest", "--timeout", "nan"], "--timeout", "finite"),
    (["handler", "selftest", "--timeout", "301"], "--timeout", "at most 30"),
    (["sandbox", "--port", "70000"], "--port", "between 0 and 65535"),
    (["sandbox", "--amocrm-port", "-1"], "--amocrm-port", "cannot be negative"),
    (["sandbox", "--leads", "-3"], "--leads", "cannot be negative"),
    (["checklist", "{fifo}"], "FILE", "not a regular file"),
    (["verify", "/nonexistent/bundle"], "DIR", "not a folder"),
    (["verify", ".", "--allowed-signers", "{fifo}"], "--allowed-signers", "not a regular"),
    (["--log-level", "LOUD", "run"], "--log-level", "invalid choice"),
    (["--profile", " ", "run"], "--profile", "empty"),
]


@pytest.mark.parametrize(("argv", "option", "fragment"), BAD)
def test_bad_values_exit_2_with_a_sentence(
    argv: list[str],
    option: str,
    fragment: str,
    fifo: str,
    deep: str,
    blocked: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [a.format(fifo=fifo, deep=deep, blocked=blocked) for a in argv]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"argument {option}" in err and fragment in err
    assert "Traceback" not in err


def test_help_still_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--help"])
    assert exit_info.value.code == 0
    assert "--browser" in capsys.readouterr().out
