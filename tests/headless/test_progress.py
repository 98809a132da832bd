"""`amogui run` progress: a line per check, and a bar on the last line of a terminal."""

from __future__ import annotations

import pytest

from amogui.headless import BAR_WIDTH, _progress, progress_bar
from amogui.run.state import CheckResult, Status


def result(check_id: str, status: Status) -> CheckResult:
    return CheckResult(check_id, "s1", status, f"{check_id} said so", duration_ms=1500)


def test_bar_fills_with_the_checks_done() -> None:
    assert progress_bar(0, 4, 0) == f"[{'-' * BAR_WIDTH}]  0/4"
    assert progress_bar(2, 4, 1) == f"[{'#' * 15}{'-' * 15}]  2/4, 1 failed"
    assert progress_bar(4, 4, 0).startswith(f"[{'#' * BAR_WIDTH}]")
    assert progress_bar(0, 0, 0).endswith(" 0/0")  # no checks selected: no division by zero


def test_plain_lines_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    line = _progress(2, tty=False)
    line(result("status.before", Status.PASSED))
    err = capsys.readouterr().err
    assert err == "[ 1/2] status.before            passed     1.50 s  status.before said so\n"


def test_terminal_keeps_the_bar_on_the_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    line = _progress(2, tty=True)
    line(result("status.before", Status.FAILED))
    first = capsys.readouterr().err
    assert first.startswith("\r\033[K[ 1/2] status.before")
    assert first.endswith(progress_bar(1, 2, 1))  # the bar waits on the last line
    line(result("leads.load", Status.PASSED))
    second = capsys.readouterr().err
    assert second.endswith(progress_bar(2, 2, 1) + "\n")  # the last check ends the line


def test_the_listener_prints_finished_checks_and_the_legs_hops(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from amogui.base.i18n import t
    from amogui.checks.events import CheckFinished, CheckStarted, LegEvent
    from amogui.headless import _listener

    listen = _listener(1)
    listen(CheckStarted("status.before"))
    listen(LegEvent("authorize-url", t("Authorize URL {url}", url="https://x")))  # not a line
    listen(LegEvent("leg-over", t("The OAuth leg is over: {reason}", reason="timeout")))
    listen(CheckFinished(result("status.before", Status.PASSED)))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "amogui run: The OAuth leg is over: timeout"
    assert lines[1].startswith("[ 1/1] status.before")
    assert len(lines) == 2
