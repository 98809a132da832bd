"""The checklist's own API tests: curl parsed, aimed at the profile, compared by shape."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import respx

from amogui.backend.client import BackendClient, Recorder
from amogui.checklist import load_bundled
from amogui.checklist.model import ApiTest, Step, StepKind
from amogui.checks.api_tests import run_step_api_tests
from amogui.checks.compare import compare
from amogui.checks.verdicts import step_verdict
from amogui.run.state import CheckResult, Run, Status
from amogui.sandbox import Sandbox, profile_for
from amogui.settings.profiles import Profile

BASE = "http://backend.test"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJlLWE"
CURL = """curl -X GET https://admin.foryou-realestate.com/api/amo-crm/status \\
  -H "Authorization: Bearer <user_jwt_token>\""""
EXPECTED = """{"success": true, "data": {"connected": true, "hasTokens": true,
 "domain": "reforyou.amocrm.ru", "accountId": "31920194"}}"""


def step(curl: str = CURL, expected: str | None = EXPECTED) -> Step:
    return Step("s3", StepKind.SCENARIO, "status", api_tests=[ApiTest(curl, expected)])


def run_one(the_step: Step, base: str = BASE) -> tuple[CheckResult, Run]:
    async def scenario() -> tuple[CheckResult, Run]:
        run = Run()
        async with BackendClient(Profile("t", base), Recorder(run.exchanges.append)) as client:
            (got,) = await run_step_api_tests(client, the_step, TOKEN, run)
        return got, run

    return asyncio.run(scenario())


@respx.mock
def test_same_structure_passes_with_values_side_by_side() -> None:
    route = respx.get(f"{BASE}/api/amo-crm/status").respond(
        200,
        json={
            "success": True,
            "message": "Success",
            "data": {
                "connected": True,
                "hasTokens": True,
                "domain": "other.amocrm.ru",
                "accountId": "1",
            },
        },
    )
    got, run = run_one(step())
    assert got.status is Status.PASSED
    assert got.check_id == "api-test:s3" and got.step_id == "s3"
    assert "extra keys: message" in str(got.summary)
    assert "values of this environment: data.domain, data.accountId" in str(got.summary)
    rows = {r["path"]: r for r in got.details["comparison"]}
    assert rows["data.domain"]["verdict"] == "value differs"
    assert rows["data.domain"]["expected"] == '"reforyou.amocrm.ru"'  # JSON, as written
    assert rows["data.domain"]["actual"] == '"other.amocrm.ru"'
    assert rows["data.connected"] == {
        "path": "data.connected",
        "expected": "true",
        "actual": "true",
        "verdict": "same",
    }
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"
    # The checklist's own API test is evidence for the tester, not a verdict of the step.
    assert step_verdict(run, "s3").automatic is Status.NOT_RUN
    assert TOKEN not in str(run.to_dict())


@respx.mock
def test_missing_key_and_type_change_fail() -> None:
    respx.get(f"{BASE}/api/amo-crm/status").respond(
        200, json={"success": "yes", "data": {"connected": True}}
    )
    got, _ = run_one(step())
    assert got.status is Status.FAILED
    assert str(got.summary) == (
        'the answer differs from the checklist\'s: success: "yes" (the checklist shows true); '
        "data.hasTokens is missing (the checklist shows true); data.domain is missing (the "
        'checklist shows "reforyou.amocrm.ru"); data.accountId is missing (the checklist shows '
        '"31920194")'
    )


@respx.mock
def test_the_comparison_names_what_differs() -> None:
    """The latest backend, not connected: the summary says so, not "type differs"."""
    respx.get(f"{BASE}/api/amo-crm/status").respond(
        200,
        json={
            "success": True,
            "data": {"connected": None, "hasTokens": False, "domain": None, "accountId": None},
        },
    )
    got, run = run_one(step())
    assert got.status is Status.FAILED
    assert str(got.summary).startswith(
        "the answer differs from the checklist's: data.connected: null (the checklist shows "
        "true); data.hasTokens: false (the checklist shows true)"
    )
    assert step_verdict(run, "s3").automatic is Status.NOT_RUN  # still never decides the step


@respx.mock
def test_html_and_errors_fail_with_a_sentence() -> None:
    respx.get(f"{BASE}/api/amo-crm/status").respond(200, html="<html></html>")
    got, _ = run_one(step())
    assert str(got.summary) == "the answer (HTTP 200) is an HTML page where JSON was expected"
    respx.get(f"{BASE}/api/amo-crm/status").mock(side_effect=httpx.ConnectError("refused"))
    got, _ = run_one(step())
    assert got.status is Status.FAILED and "connection refused" in str(got.summary)


def test_broken_curl_and_expected_json_fail_cleanly() -> None:
    got, _ = run_one(step(curl="curl 'unterminated"))
    assert got.status is Status.FAILED
    assert str(got.summary).startswith("the checklist's curl command cannot be run")
    got, _ = run_one(step(expected="{not json"))
    assert str(got.summary).startswith("the checklist's expected JSON is not valid JSON")


def test_compare_arrays_and_nulls() -> None:
    result = compare(
        {"data": [{"id": 1, "name": "x"}], "extra": None},
        {"data": [{"id": 2, "name": "y"}, {"id": "3", "name": "z"}], "extra": 5},
    )
    verdicts = {r.path: r.verdict for r in result.rows}
    assert verdicts["data[0].id"] == "value differs"
    assert verdicts["data[1].id"] == "differs"
    assert verdicts["extra"] == "value differs"  # null in the example: any value
    assert not result.ok
    assert [(r.expected, r.actual) for r in result.problems] == [("1", '"3"')]


def test_compare_shows_values_as_json() -> None:
    result = compare({"a": "x", "b": [1], "c": {"d": 1}}, {"a": 'y"z', "b": [], "c": {"d": 1}})
    rows = {r.path: r for r in result.rows}
    assert rows["a"].actual == '"y\\"z"'
    assert (rows["b"].expected, rows["b"].actual) == ("[1]", "[]")
    long = compare("x" * 500, "y" * 500).rows[0]
    assert len(long.actual) == 120 and long.actual.endswith("…")


def test_bundled_disconnect_test_against_the_sandbox(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    box = make_sandbox()
    checklist = load_bundled()
    s4 = checklist.step("s4")
    assert s4 is not None and s4.api_tests

    async def scenario() -> list[CheckResult]:
        async with BackendClient(profile_for(box), Recorder()) as client:
            token = box.token_for(box.users[0].email)
            return await run_step_api_tests(client, s4, token)

    (got,) = asyncio.run(scenario())
    assert got.status is Status.PASSED, got.summary
    assert "extra keys: data" in str(got.summary)
