"""`amogui run` progress: a line per check, and a bar on the last line of a terminal."""

from __future__ import annotations

import pytest

from amogui.headless.output import BAR_WIDTH, progress_bar
from amogui.headless.output import progress as _progress
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


def test_exit_code_and_summary_agree() -> None:
    from amogui.headless.output import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, exit_code, summary
    from amogui.run.state import Run

    run = Run()
    ids = ["status.before", "exchange.auth"]
    run.add_check(result("status.before", Status.PASSED))
    assert exit_code(run, ids) == EXIT_OK
    run.add_check(result("exchange.auth", Status.BLOCKED))
    assert exit_code(run, ids) == EXIT_FAILED
    data = summary(run, ids, EXIT_FAILED, {"report": None})
    assert data["verdict"] == "failed" and data["counts"] == {"passed": 1, "blocked": 1}
    run.incomplete = True
    assert exit_code(run, ids) == EXIT_INTERRUPTED


def test_the_printer_tells_finished_checks_and_the_legs_hops(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from amogui.base.i18n import t
    from amogui.headless.output import Printer
    from amogui.service import events

    printer = Printer(1, tty=False)
    printer(events.FlowEvent("check-started", "status.before"))  # not a line
    printer(events.FlowEvent("authorize-url", t("Authorize URL {url}", url="https://x")))
    printer(events.FlowEvent("leg-over", t("The OAuth leg is over: {reason}", reason="timeout")))
    reason = t("state mismatch: {reason}", reason=t("The state matches no flow."))
    printer(events.DeepLinkRejected("ipc", reason))
    printer(
        events.ResultRecorded(CheckResult("status.before", "s1", Status.PASSED, t("ok {n}", n=1)))
    )
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "amogui run: The OAuth leg is over: timeout",
        "amogui run: a deep link was refused (ipc): state mismatch: The state matches no flow.",
        "[ 1/1] status.before            passed     0.00 s  ok 1",
    ]
