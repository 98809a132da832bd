"""Every check against the real sandbox, for every fault switch, with the OAuth leg driven
by the loopback autobrowser: the failed checks are exactly those that name the defect, each
with expected, actual, evidence and a diagnosis; harmless variations pass and name
themselves; a check is blocked only when it truly cannot judge, with the reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from amogui.checks.registry import CHECK_IDS
from amogui.run.state import Status
from amogui.sandbox import FAULTS, Sandbox

from .conftest import Outcome, drive


def preset(name: str, *parts: str) -> tuple[str, ...]:
    """A callback version as the sandbox names it, or composed from its switches."""
    return (name,) if name in FAULTS else parts


# Version 4: the callback exchanges the code itself, keeps the tokens without a user and
# says success=true with no code. Version 5: as 4, and status falls back to that token.
VERSION_4 = preset("version-4", "callback-success-flag")
VERSION_5 = preset("version-5", "callback-success-flag", "global-status")


@dataclass
class Expect:
    failed: dict[str, str] = field(default_factory=dict)  # check -> diagnosis problem id
    blocked: set[str] = field(default_factory=set)
    variations: dict[str, str] = field(default_factory=dict)  # check -> words of it


NO_CONNECTION = {"exchange.code", "status.after", "isolation.user-b", "leads.filter",
                 "status.after-disconnect"}  # fmt: skip
BROKEN_API = {"status.before", "exchange.code", "status.after", "isolation.user-b", "leads.load",
              "disconnect"}  # fmt: skip

CASES: dict[tuple[str, ...], Expect] = {
    (): Expect(),
    ("callback-js",): Expect(
        variations={"oauth.callback": "callback answered a 200 HTML page with a JS redirect"}
    ),
    ("callback-button",): Expect(
        failed={"oauth.callback": "problem.1", "exchange.code": "problem.2"},
        blocked={"status.after", "isolation.user-b", "leads.filter", "status.after-disconnect"},
    ),
    VERSION_4: Expect(
        failed={
            "oauth.callback": "problem.1",
            "oauth.deeplink": "problem.1",
            "status.after": "problem.2",
            # Version 4's pipelines read the user's own token, which it never stored: 500.
            "leads.filter": "amogui:server-error",
        },
        blocked={"exchange.code", "isolation.user-b", "status.after-disconnect"},
    ),
    VERSION_5: Expect(
        failed={
            "oauth.callback": "problem.1",
            "oauth.deeplink": "problem.1",
            "isolation.user-b": "problem.2",
            "status.after-disconnect": "problem.2",
        },
        blocked={"exchange.code"},
        variations={"status.after": "made by the callback itself"},
    ),
    # Only shows in combination (with a token saved without a user): harmless alone.
    ("global-status",): Expect(),
    ("callback-404",): Expect(
        failed={
            "callback.errors": "problem.3",
            "oauth.callback": "problem.3",
            "oauth.deeplink": "problem.3",
        },
        blocked=NO_CONNECTION,
    ),
    ("callback-drops-state",): Expect(
        failed={"oauth.callback": "problem.1", "oauth.deeplink": "problem.1"},
        variations={"callback.errors": "the error deep links carry no state"},
    ),
    ("jwt-403",): Expect(
        variations={"exchange.auth": "bad JWT rejected with 403; the checklist expects 401"}
    ),
    ("exchange-no-auth",): Expect(failed={"exchange.auth": "problem.4"}),
    ("global-tokens",): Expect(
        failed={"isolation.user-b": "problem.2", "status.after-disconnect": "problem.2"}
    ),
    ("disconnect-noop",): Expect(
        failed={"status.after-disconnect": "amogui:disconnect-keeps-tokens"}
    ),
    ("leads-ignore-stage",): Expect(failed={"leads.filter": "amogui:leads-stage-filter"}),
    ("status-no-domain",): Expect(failed={"status.after": "amogui:status-incomplete"}),
    ("slow",): Expect(),
    ("errors-500",): Expect(
        failed=dict.fromkeys(BROKEN_API, "amogui:server-error"),
        blocked={"leads.filter", "status.after-disconnect"},
    ),
    ("html-errors",): Expect(
        variations={"exchange.auth": "the refusals came as HTML pages, not JSON"}
    ),
    ("malformed-json",): Expect(
        failed=dict.fromkeys(BROKEN_API, "amogui:not-json"),
        blocked={"leads.filter", "status.after-disconnect"},
    ),
    ("amocrm-code-reuse",): Expect(),
    # Version 4's callback alone is the whole of version 4 (the preset turns on just it).
    ("callback-success-flag",): Expect(
        failed={
            "oauth.callback": "problem.1",
            "oauth.deeplink": "problem.1",
            "status.after": "problem.2",
            "leads.filter": "amogui:server-error",
        },
        blocked={"exchange.code", "isolation.user-b", "status.after-disconnect"},
    ),
    # Pipelines for admins only, read with a global token user A's own flow never makes.
    ("pipelines-admin-only",): Expect(failed={"leads.filter": "amogui:server-error"}),
    # amoCRM's 7 requests/s passed on by the backend: the client slows down, nothing fails.
    ("rate-limit",): Expect(),
    ("status-connected-null",): Expect(variations={"status.before": "connected: null"}),
}


def test_every_fault_switch_has_a_case() -> None:
    covered = {name for faults in CASES for name in faults}
    assert set(FAULTS) <= covered


def check_outcome(out: Outcome, expect: Expect) -> None:
    assert set(out.results) == set(CHECK_IDS)
    assert {c: out.results[c].diagnosis and out.results[c].diagnosis.problem_id  # type: ignore[union-attr]
            for c in out.failed()} == expect.failed  # fmt: skip
    assert out.blocked() == expect.blocked
    assert out.having(Status.SKIPPED) == set()
    for cid in out.failed():
        got = out.results[cid]
        assert str(got.expected) and str(got.actual), cid
        diagnosis = got.diagnosis
        assert diagnosis is not None and diagnosis.symptoms and diagnosis.solutions, cid
        # Evidence is the HTTP exchanges; a deep link is evidence in the timeline.
        if cid == "oauth.deeplink":
            assert any(t.kind == "leg-over" for t in out.run.timeline)
        else:
            assert got.evidence, cid
    for cid in out.blocked():
        assert str(out.results[cid].summary), cid  # the reason
    for cid, words in expect.variations.items():
        assert out.status(cid) is Status.PASSED, cid
        assert words in str(out.results[cid].variation), cid
    ids = {x.id for x in out.run.exchanges}
    for got in out.results.values():
        assert set(got.evidence) <= ids


@pytest.mark.parametrize("faults", list(CASES), ids=lambda f: "+".join(f) or "good")
def test_each_fault_fails_exactly_the_checks_that_name_it(
    make_sandbox: Callable[..., Sandbox], faults: tuple[str, ...]
) -> None:
    out = drive(make_sandbox(*faults), browser="autobrowser", timeout=20.0)
    check_outcome(out, CASES[faults])


def test_good_backend_passes_every_check(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox(), browser="autobrowser")
    assert {c: r.status for c, r in out.results.items()} == dict.fromkeys(CHECK_IDS, Status.PASSED)
    # The backend's own error deep links carry no state: named, not failed.
    assert "carry no state" in str(out.results["callback.errors"].variation)
    assert all(r.variation is None for c, r in out.results.items() if c != "callback.errors")
    assert out.results["leads.filter"].evidence
    assert out.summary("status.after").startswith("after the OAuth leg, user A is connected to")
    kinds = [t.kind for t in out.run.timeline]
    assert kinds == [
        "callback",  # oauth.callback's probe comes first in the registry
        "authorize-url",
        "browser-opened",
        "deeplink",
        "leg-over",
        "exchange",
    ]


def test_version_4_says_what_status_shows_after_the_flow(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    out = drive(make_sandbox(*VERSION_4), browser="autobrowser")
    after = out.results["status.after"]
    assert str(after.summary).startswith("user A is not connected after the flow: the callback")
    assert "connected: false" in str(after.actual)
    assert "user A is not connected either" in out.summary("isolation.user-b")
    assert "user A was not connected before the disconnect" in out.summary(
        "status.after-disconnect"
    )
    assert "success=true" in out.summary("exchange.code")


def test_version_5_every_user_looks_connected(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox(*VERSION_5), browser="autobrowser")
    assert out.summary("isolation.user-b").startswith("user B sees a connection")
    assert "user A still looks connected after the disconnect" in out.summary(
        "status.after-disconnect"
    )


def test_the_in_process_browser_leads_to_the_same_verdicts(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    out = drive(make_sandbox(), browser="inprocess")
    assert out.failed() == set() and out.blocked() == set()


def test_no_browser_skips_the_leg_and_what_needs_it(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox(), browser=None)
    for cid in ("status.before", "exchange.auth", "callback.errors", "oauth.callback",
                "leads.load", "disconnect"):  # fmt: skip
        assert out.status(cid) is Status.PASSED, cid
    skipped = {"oauth.authorize-url", "oauth.deeplink", "exchange.code", "status.after",
               "isolation.user-b", "leads.filter", "status.after-disconnect"}  # fmt: skip
    assert out.having(Status.SKIPPED) == skipped
    for cid in skipped:
        assert "no browser command" in out.summary(cid), cid
    assert "no connection for it to end" in out.summary("disconnect")


def test_no_user_b_skips_isolation(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox(), browser="autobrowser", user_b=False)
    assert out.status("isolation.user-b") is Status.SKIPPED
    assert out.summary("isolation.user-b") == "skipped: no token for user B"
    assert out.status("status.after-disconnect") is Status.PASSED
    assert out.summary("status.after-disconnect") == "user A is disconnected"


def test_denied_consent_ends_the_leg_at_once(make_sandbox: Callable[..., Sandbox]) -> None:
    out = drive(make_sandbox(), browser="deny", timeout=300.0)
    deeplink = out.results["oauth.deeplink"]
    assert deeplink.status is Status.FAILED
    # The checklist's backend answers any callback without a code with its missing_code
    # error deep link, amoCRM's own reason (access_denied) dropped: that is what arrives.
    assert 'error="missing_code"' in str(deeplink.summary)
    assert out.status("exchange.code") is Status.BLOCKED
    assert "no connection was made by this run" in out.summary("status.after")
