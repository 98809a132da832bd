"""The command line as a whole: global options, and every bad value refused by its type.

Each bad value ends in exit 2 with one sentence naming the option, before anything runs
(`main` returns the 2; --help and --version still exit through SystemExit):
no traceback, no hang (a FIFO is never opened), no OverflowError or RecursionError.
"""

from __future__ import annotations

import os
import sys
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
        (["--sandbox", "--fault", "slow", "--fault", "jwt-403"], None),
        (["--fault", "slow", "run"], "run"),
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
    (["--sandbox", "--fault", "nope"], "--fault", "unknown fault nope; known faults: "),
    (["run", "--sandbox", "--fault", "nope"], "--fault", "unknown fault nope"),
    (["sandbox", "--fault", "nope"], "--fault", "unknown fault nope"),
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


def test_the_window_takes_faults_for_its_fresh_sandbox(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse
    import types

    from amogui import cli

    seen: list[argparse.Namespace] = []
    window = types.ModuleType("window_stand_in")
    window.run = lambda args: seen.append(args) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "window_stand_in", window)
    monkeypatch.setattr(cli, "WINDOW_MODULE", "window_stand_in")
    assert main(["--sandbox", "--fault", "jwt-403", "--fault", "slow"]) == 0
    assert seen[0].sandbox and seen[0].window_faults == ["jwt-403", "slow"]
    assert main(["--sandbox"]) == 0 and seen[1].window_faults is None
    # Without --sandbox, or before a command, it is a usage error: nothing starts.
    assert main(["--fault", "slow"]) == 2
    assert main(["--fault", "slow", "checklist", "bundled"]) == 2
    assert len(seen) == 2
    err = capsys.readouterr().err
    assert "--fault only applies with --sandbox" in err
    assert "--fault before 'checklist' applies to the window" in err


def test_help_still_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--help"])
    assert exit_info.value.code == 0
    assert "--browser" in capsys.readouterr().out
