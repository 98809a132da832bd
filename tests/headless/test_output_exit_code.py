"""`amogui run`'s exit code: a skipped OAuth leg fails the run unless --only left it out."""

from __future__ import annotations

from amogui.checks.registry import CHECK_IDS
from amogui.headless.output import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, exit_code
from amogui.run.state import CheckResult, Run, Status


def run_with(statuses: dict[str, Status]) -> Run:
    run = Run()
    for cid, status in statuses.items():
        run.add_check(CheckResult(cid, "s1", status, ""))
    return run


def test_all_passed_is_0_and_a_failure_or_block_is_1() -> None:
    every = dict.fromkeys(CHECK_IDS, Status.PASSED)
    assert exit_code(run_with(every), list(CHECK_IDS)) == EXIT_OK
    for bad in (Status.FAILED, Status.BLOCKED):
        assert exit_code(run_with({**every, "leads.load": bad}), list(CHECK_IDS)) == EXIT_FAILED


def test_a_skipped_leg_is_1_unless_only_left_it_out() -> None:
    statuses = dict.fromkeys(CHECK_IDS, Status.PASSED)
    for cid in ("oauth.authorize-url", "oauth.deeplink", "exchange.code", "status.after"):
        statuses[cid] = Status.SKIPPED
    assert exit_code(run_with(statuses), list(CHECK_IDS)) == EXIT_FAILED
    only = ["status.before", "exchange.auth"]
    assert exit_code(run_with({c: statuses[c] for c in only}), only) == EXIT_OK
    # Other skips (no user B) do not fail a run on their own.
    statuses = {**dict.fromkeys(CHECK_IDS, Status.PASSED), "isolation.user-b": Status.SKIPPED}
    assert exit_code(run_with(statuses), list(CHECK_IDS)) == EXIT_OK


def test_an_interrupted_run_is_130() -> None:
    run = run_with({"status.before": Status.PASSED})
    run.incomplete = True
    assert exit_code(run, ["status.before"]) == EXIT_INTERRUPTED
