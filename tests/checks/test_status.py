"""Status checks against answers the sandbox does not give: the latest backend's
``connected: null``, Kommo and self-hosted domains; and what a summary may claim when
``--only`` left the OAuth leg out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
import respx

from amogui.backend.client import BackendClient, Recorder
from amogui.checks.context import RunContext
from amogui.checks.runner import Runner
from amogui.run.state import CheckResult, Run, Status
from amogui.sandbox import Sandbox
from amogui.settings.profiles import Profile

from .conftest import drive

BASE = "http://backend.test"
TOKEN_A = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJlLWE"
TOKEN_B = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjIifQ.c2lnbmF0dXJlLWI"


def status_body(**data: Any) -> dict[str, Any]:
    return {"success": True, "message": "Success", "data": data}


def run_checks(
    only: list[str], setup: Callable[[RunContext], Any] | None = None, **profile: Any
) -> dict[str, CheckResult]:
    async def scenario() -> dict[str, CheckResult]:
        prof = Profile("t", BASE, **profile)
        async with BackendClient(prof, Recorder()) as client:
            ctx = RunContext(
                profile=prof, client=client, run=Run(), token_a=TOKEN_A, token_b=TOKEN_B
            )
            if setup is not None:
                setup(ctx)
            return await Runner(ctx).run(only)

    return asyncio.run(scenario())


def answer_status(by_token: dict[str, dict[str, Any]]) -> None:
    def reply(request: Any) -> Any:
        import httpx

        token = request.headers["authorization"].removeprefix("Bearer ")
        return httpx.Response(200, json=status_body(**by_token[token]))

    respx.get(f"{BASE}/api/amo-crm/status").mock(side_effect=reply)


NOT_CONNECTED = {"connected": False, "hasTokens": False, "domain": None, "accountId": None}
CONNECTED = {"connected": True, "hasTokens": True, "domain": "reforyou.amocrm.ru",
             "accountId": "31920194"}  # fmt: skip


@respx.mock
def test_connected_null_with_no_token_passes_status_before_and_is_named() -> None:
    null = {"connected": None, "hasTokens": False, "domain": None, "accountId": None}
    answer_status({TOKEN_A: null, TOKEN_B: null})
    got = run_checks(["status.before"])["status.before"]
    assert got.status is Status.PASSED
    assert str(got.summary).endswith("user A is not connected")
    assert "connected: null" in str(got.variation) and "not connected" in str(got.variation)
    assert "connected: null" in str(got.actual)


@pytest.mark.parametrize(
    "domain",
    [
        "reforyou.amocrm.ru",
        "reforyou.amocrm.com",
        "reforyou.kommo.com",
        "ReForYou.Kommo.com",
        "reforyou.amocrm.ru:443",
        "backend.test",  # the profile's own host (a backend that names itself)
        "backend.test:8443",
        "amocrm.example:9000",  # the profile's amoCRM host
    ],
)
@respx.mock
def test_status_after_accepts_amocrm_kommo_and_the_profiles_own_hosts(domain: str) -> None:
    answer_status({TOKEN_A: {**CONNECTED, "domain": domain}, TOKEN_B: NOT_CONNECTED})
    got = run_checks(["status.after"], authorize_url="https://amocrm.example:9000/oauth")
    assert got["status.after"].status is Status.PASSED, got["status.after"].summary


@pytest.mark.parametrize(
    ("domain", "words"),
    [
        ("evil.example", "neither an amoCRM or Kommo account domain"),
        ("amocrm.ru", "neither an amoCRM or Kommo account domain"),  # no account part
        ("reforyou.amocrm.ru:99999", "is not a host name"),
        ("reforyou amocrm.ru", "is not a host name"),
    ],
)
@respx.mock
def test_status_after_refuses_other_domains(domain: str, words: str) -> None:
    answer_status({TOKEN_A: {**CONNECTED, "domain": domain}, TOKEN_B: NOT_CONNECTED})
    got = run_checks(["status.after"])["status.after"]
    assert got.status is Status.FAILED
    assert words in str(got.summary)
    assert str(got.expected) and domain in str(got.actual)


@respx.mock
def test_only_isolation_when_a_was_never_connected_claims_nothing_about_a() -> None:
    answer_status({TOKEN_A: NOT_CONNECTED, TOKEN_B: NOT_CONNECTED})
    got = run_checks(["isolation.user-b"])["isolation.user-b"]
    assert got.status is Status.BLOCKED
    assert "while user A is" not in str(got.summary)
    assert "user A is not connected either" in str(got.summary)
    assert "user A: connected: false" in str(got.actual)


@respx.mock
def test_only_isolation_when_a_is_connected_passes() -> None:
    answer_status({TOKEN_A: CONNECTED, TOKEN_B: NOT_CONNECTED})
    got = run_checks(["isolation.user-b"])["isolation.user-b"]
    assert got.status is Status.PASSED
    assert str(got.summary) == "user B is not connected while user A is"


@respx.mock
def test_only_status_after_never_says_after_connecting() -> None:
    answer_status({TOKEN_A: CONNECTED, TOKEN_B: NOT_CONNECTED})
    got = run_checks(["status.after"])["status.after"]
    assert got.status is Status.PASSED
    assert str(got.summary) == "user A is connected to reforyou.amocrm.ru (account 31920194)"
    respx.reset()
    answer_status({TOKEN_A: NOT_CONNECTED, TOKEN_B: NOT_CONNECTED})
    got = run_checks(["status.after"])["status.after"]
    assert got.status is Status.BLOCKED
    assert "after" not in str(got.summary).split(",")[0]
    assert "this run made no connection" in str(got.summary)


@respx.mock
def test_only_status_after_disconnect_states_what_it_sees() -> None:
    answer_status({TOKEN_A: NOT_CONNECTED, TOKEN_B: NOT_CONNECTED})
    got = run_checks(["status.after-disconnect"])["status.after-disconnect"]
    assert got.status is Status.PASSED
    assert str(got.summary) == "user A is not connected; user B is not connected"


@respx.mock
def test_only_disconnect_claims_nothing_about_a_connection() -> None:
    respx.post(f"{BASE}/api/amo-crm/disconnect").respond(
        200, json={"success": True, "message": "AMO CRM disconnected", "data": None}
    )
    got = run_checks(["disconnect"])["disconnect"]
    assert (got.status, str(got.summary)) == (Status.PASSED, "disconnect answered success")


def test_a_leftover_connection_is_named(make_sandbox: Callable[..., Sandbox]) -> None:
    box = make_sandbox()
    first = drive(box, browser="autobrowser", only=["exchange.code"])
    assert first.status("exchange.code") is Status.PASSED
    again = drive(box, browser="autobrowser")
    before = again.results["status.before"]
    assert before.status is Status.PASSED
    assert "already connected before the run" in str(before.variation)
    assert again.failed() == set()
