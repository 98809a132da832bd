"""The one verdict rule (amogui.checks.verdicts): steps, manual verdicts, criteria."""

from __future__ import annotations

import pytest

from amogui.checklist import load_bundled
from amogui.checks.registry import CHECKS
from amogui.checks.verdicts import (
    AUTOMATIC,
    MANUAL,
    NONE,
    combine,
    criteria_verdicts,
    step_check_ids,
    step_status,
    step_verdict,
)
from amogui.run.state import CheckResult, Run, Status

P, F, B, S, N = Status.PASSED, Status.FAILED, Status.BLOCKED, Status.SKIPPED, Status.NOT_RUN


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], N),
        ([P], P),
        ([P, P], P),
        ([P, S], N),  # a skipped check never counts as a pass
        ([S, S], S),
        ([P, N], N),  # a check that has not run keeps the step open
        ([P, F], F),
        ([B, P], B),
        ([B, F], F),
        ([S, B], B),
    ],
)
def test_combine(statuses: list[Status], expected: Status) -> None:
    assert combine(statuses) is expected


def _result(check_id: str, status: Status) -> CheckResult:
    spec = next(c for c in CHECKS if c.id == check_id)
    return CheckResult(check_id, spec.step_id, status, "")


def test_a_step_passes_only_when_every_check_of_it_passed() -> None:
    run = Run()
    run.add_check(_result("oauth.callback", P))
    # s2.k3 also owns oauth.deeplink and callback.errors, which have not run.
    assert set(step_check_ids(run, "s2.k3")) == {
        "oauth.callback",
        "oauth.deeplink",
        "callback.errors",
    }
    assert step_verdict(run, "s2.k3").automatic is N
    run.add_check(_result("oauth.deeplink", P))
    run.add_check(_result("callback.errors", P))
    verdict = step_verdict(run, "s2.k3")
    assert verdict.status is P and verdict.source == AUTOMATIC


def test_manual_verdict_wins_and_says_so() -> None:
    run = Run()
    run.add_check(_result("status.before", F))
    assert step_status(run, "s1") is F
    run.set_manual("s1", P)
    verdict = step_verdict(run, "s1")
    assert verdict.status is P and verdict.source == MANUAL and verdict.automatic is F
    run.set_manual("s1", None)
    assert step_status(run, "s1") is F


def test_a_step_without_checks_waits_for_the_tester() -> None:
    run = Run()
    verdict = step_verdict(run, "s2.k2")
    assert verdict.status is N and verdict.source == NONE and verdict.basis == ()


def test_api_test_results_never_decide_a_step() -> None:
    run = Run()
    run.add_check(CheckResult("api-test:s1", "s1", P, ""))
    assert "api-test:s1" not in step_check_ids(run, "s1")
    assert step_status(run, "s1") is N


def test_criteria_rest_on_their_checks_and_the_console_one_stays_manual() -> None:
    checklist = load_bundled()
    run = Run()
    for spec in CHECKS:
        run.add_check(CheckResult(spec.id, spec.step_id, P, ""))
    verdicts = criteria_verdicts(checklist, run)
    texts = {c.id: c.text.lower() for c in checklist.criteria}
    console = [cid for cid, text in texts.items() if "помил" in text]
    assert console, "the bundled checklist has a 'no errors' criterion"
    for cid, verdict in verdicts.items():
        if cid in console:
            assert verdict.status is N and not verdict.basis
        else:
            assert verdict.status is P and verdict.basis, texts[cid]
    run.set_manual(console[0], P)
    assert criteria_verdicts(checklist, run)[console[0]].status is P


def test_a_skipped_leads_check_leaves_the_leads_criterion_open() -> None:
    checklist = load_bundled()
    run = Run()
    for spec in CHECKS:
        status = S if spec.id.startswith("leads.") else P
        run.add_check(CheckResult(spec.id, spec.step_id, status, ""))
    leads = next(c for c in checklist.criteria if "lead" in c.text.lower())
    assert criteria_verdicts(checklist, run)[leads.id].status is not P


def test_criteria_are_read_from_the_checklists_words_without_the_table() -> None:
    from dataclasses import replace

    from amogui.checks.verdicts import criterion_basis

    checklist = load_bundled()
    by_number = {c.number: c for c in checklist.criteria}
    # The same criteria reworded (so the table does not know them): the words still map.
    reworded = {
        1: "OAuth flow проходить повністю",
        2: "Токени зберігаються окремо для кожного користувача",
        4: "Відключення AMO CRM працює як слід",
        5: "Leads завантажуються",
    }
    expected = {
        1: {"oauth.authorize-url", "oauth.callback", "oauth.deeplink", "exchange.code"},
        2: {"isolation.user-b", "status.after-disconnect"},
        4: {"disconnect", "status.after-disconnect"},
        5: {"leads.load", "leads.filter"},
    }
    for number, text in reworded.items():
        basis = criterion_basis(replace(by_number[number], text=text).text, checklist)
        assert expected[number] <= set(basis.checks), (number, basis.checks)
        assert "checklist's words" in str(basis.rule)
    tokens = criterion_basis(reworded[2], checklist)
    assert tokens.steps == ("review.perevirka-zberezhennia-tokeniv",)
    console = criterion_basis("Немає помилок в консолі браузера", checklist)
    assert console.checks == () and "tester" in str(console.rule)


def test_a_failed_review_fails_the_criterion_it_backs() -> None:
    checklist = load_bundled()
    run = Run()
    for spec in CHECKS:
        run.add_check(CheckResult(spec.id, spec.step_id, P, ""))
    tokens = next(c for c in checklist.criteria if c.text.startswith("Токени"))
    assert criteria_verdicts(checklist, run)[tokens.id].status is P
    run.set_manual("review.perevirka-zberezhennia-tokeniv", P)
    assert criteria_verdicts(checklist, run)[tokens.id].status is P
    run.set_manual("review.perevirka-zberezhennia-tokeniv", F)
    verdict = criteria_verdicts(checklist, run)[tokens.id]
    assert verdict.status is F and verdict.steps == ("review.perevirka-zberezhennia-tokeniv",)
    # An unreviewed or skipped review neither holds the criterion open nor passes it.
    run.set_manual("review.perevirka-zberezhennia-tokeniv", S)
    assert criteria_verdicts(checklist, run)[tokens.id].status is P


def test_a_blocked_check_keeps_its_criterion_from_passing() -> None:
    checklist = load_bundled()
    run = Run()
    for spec in CHECKS:
        status = B if spec.id == "status.after-disconnect" else P
        run.add_check(CheckResult(spec.id, spec.step_id, status, ""))
    disconnect = next(c for c in checklist.criteria if c.text.startswith("Відключення"))
    assert criteria_verdicts(checklist, run)[disconnect.id].status is B
