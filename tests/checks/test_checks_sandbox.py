"""Every check against the sandbox: the good behaviour passes; each fault is caught by the
check that names it, with the checklist's matching problem, and nothing unrelated fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from amogui.checks.ids import CHECK_IDS
from amogui.run.state import Status
from amogui.sandbox import Sandbox

from .conftest import drive


def test_good_backend_passes_every_check(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox())
    assert {c: r.status for c, r in out.results.items()} == dict.fromkeys(CHECK_IDS, Status.PASSED)
    # The backend's error deep links carry no state: named, not failed.
    assert out.results["callback.errors"].variation == "the error deep links carry no state"
    named = ("status.before", "callback.errors")
    assert all(r.variation is None for c, r in out.results.items() if c not in named)
    # Evidence links to recorded exchanges; durations are measured.
    ids = {x.id for x in out.run.exchanges}
    for r in out.results.values():
        assert set(r.evidence) <= ids
    assert out.results["leads.filter"].evidence
    assert out.results["oauth.callback"].summary.endswith("led the browser back to amogui")
    kinds = [t.kind for t in out.run.timeline]
    assert kinds[:3] == ["authorize-url", "browser-opened", "deeplink"]


def test_no_browser_skips_the_oauth_checks(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox(), browser=False)
    for cid in ("status.before", "exchange.auth", "callback.errors", "oauth.authorize-url"):
        assert out.status(cid) is Status.PASSED, cid
    for cid in ("oauth.deeplink", "oauth.callback", "exchange.code", "status.after", "disconnect"):
        assert out.status(cid) is Status.SKIPPED, cid
        assert "no browser command" in out.results[cid].summary


def test_no_user_b_skips_isolation(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox(), user_b=False)
    assert out.status("isolation.user-b") is Status.SKIPPED
    assert out.status("status.after-disconnect") is Status.PASSED


# fault -> (checks that must fail, the checklist problem of the first, or amogui's own
# note where the checklist has none for the defect)
DEFECTS: dict[str, tuple[set[str], str]] = {
    "callback-404": ({"callback.errors", "oauth.deeplink", "oauth.callback"}, "problem.3"),
    "callback-button": ({"oauth.callback", "exchange.code"}, "problem.1"),
    "callback-success-flag": ({"oauth.callback", "oauth.deeplink"}, "problem.1"),
    "callback-drops-state": ({"oauth.callback", "oauth.deeplink"}, "problem.1"),
    "exchange-no-auth": ({"exchange.auth"}, "problem.4"),
    "global-tokens": ({"isolation.user-b", "status.after-disconnect"}, "problem.2"),
    "disconnect-noop": ({"status.after-disconnect"}, "problem.2"),
    "leads-ignore-stage": ({"leads.filter"}, "amogui:leads-stage-filter"),
    "status-no-domain": ({"status.after"}, "amogui:status-incomplete"),
}


@pytest.mark.parametrize("fault", sorted(DEFECTS))
def test_each_defect_is_caught(make_sandbox: Callable[..., Sandbox], fault: str) -> None:
    must_fail, problem = DEFECTS[fault]
    out = drive(make_sandbox(fault), timeout=4.0)
    assert out.failed() == must_fail
    first = sorted(must_fail)[0]
    diagnosis = out.results[first].diagnosis
    assert diagnosis is not None
    assert diagnosis.problem_id == problem
    assert diagnosis.is_own_note is problem.startswith("amogui:")
    assert diagnosis.symptoms and diagnosis.solutions


def test_global_status_with_self_exchanging_callback(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox("callback-success-flag", "global-status"), timeout=4.0)
    assert {"oauth.deeplink", "oauth.callback"} <= out.failed()
    assert out.status("exchange.code") is Status.BLOCKED
    assert out.status("isolation.user-b") is Status.BLOCKED


@pytest.mark.parametrize(
    ("fault", "cid", "variation"),
    [
        ("callback-js", "oauth.callback", "callback answered a 200 HTML page with a JS redirect"),
        ("jwt-403", "exchange.auth", "bad JWT rejected with 403; the checklist expects 401"),
    ],
)
def test_harmless_variations_pass(
    make_sandbox: Callable[..., Sandbox], fault: str, cid: str, variation: str
) -> None:
    out = drive(make_sandbox(fault))
    assert out.failed() == set()
    assert out.results[cid].variation == variation


@pytest.mark.parametrize("fault", ["errors-500", "malformed-json"])
def test_broken_api_fails_with_a_sentence_and_the_run_goes_on(
    make_sandbox: Callable[..., Sandbox], fault: str
) -> None:
    out = drive(make_sandbox(fault), timeout=4.0)
    before = out.results["status.before"]
    assert before.status is Status.FAILED
    assert (
        ("HTTP 500" in before.summary)
        if fault == "errors-500"
        else ("not valid JSON" in before.summary)
    )
    # No checklist problem covers these: amogui's own note says what kind of answer it was.
    assert before.diagnosis is not None and before.diagnosis.is_own_note
    own = "amogui:server-error" if fault == "errors-500" else "amogui:not-json"
    assert before.diagnosis.problem_id == own
    assert out.status("callback.errors") is Status.PASSED  # the callback is intact
    assert len(out.results) == len(CHECK_IDS)


def test_html_errors_still_judge_status_codes(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox("html-errors"))
    assert out.failed() == set()
    assert out.results["exchange.auth"].variation == "the refusals came as HTML pages, not JSON"
