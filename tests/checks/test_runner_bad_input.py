"""Bad answers from the backend: each fails its check with one clear sentence, the run goes
on, and every exchange stays recorded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from amogui.backend.client import BackendClient, Recorder
from amogui.checks.context import RunContext
from amogui.checks.runner import Runner
from amogui.run.state import CheckResult, Run, Status
from amogui.settings.profiles import Profile

BASE = "http://backend.test"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJlLWE"
ONLY = ["status.before", "exchange.auth", "callback.errors"]


def good_routes() -> None:
    respx.post(f"{BASE}/api/amo-crm/exchange-code").respond(
        401, json={"message": "Unauthorized: No authorization header"}
    )

    def callback(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        state = params.get("state", "")
        if "code" in params:
            link = f"foryoure://amo-crm/callback?code={params['code']}&state={state}"
        else:
            link = f"foryoure://amo-crm/callback?error={params.get('error', 'missing_code')}"
            link += f"&state={state}"
        return httpx.Response(302, headers={"location": link})

    respx.get(f"{BASE}/api/amo-crm/callback").mock(side_effect=callback)


def run_checks(body_cap: int | None = None) -> tuple[dict[str, CheckResult], Run]:
    async def scenario() -> tuple[dict[str, CheckResult], Run]:
        run = Run()
        recorder = Recorder(on_exchange=run.exchanges.append)
        profile = Profile("t", BASE, timeout=2.0)
        kwargs = {"body_cap": body_cap} if body_cap else {}
        async with BackendClient(profile, recorder, **kwargs) as client:
            ctx = RunContext(profile=profile, client=client, run=run, token_a=TOKEN)
            results = await Runner(ctx).run(ONLY)
        return results, run

    return asyncio.run(scenario())


async def endless() -> AsyncIterator[bytes]:
    yield b'{"success": true, "data": {"connected": false, "pad": "'
    for _ in range(400):
        yield b"x" * 65536


BAD = {
    "timeout": (httpx.ReadTimeout("slow"), "no answer from backend.test within 2 s (timeout)"),
    "refused": (
        httpx.ConnectError("[Errno 111] Connection refused"),
        "could not connect to backend.test: connection refused",
    ),
    "tls": (
        httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
        "the TLS handshake with backend.test failed",
    ),
    "5xx": (
        httpx.Response(500, json={"success": False, "message": "Failed to get connection status"}),
        "status answered HTTP 500: 'Failed to get connection status'",
    ),
    "html": (
        httpx.Response(200, html="<html><body>Cannot GET</body></html>"),
        "is an HTML page where JSON was expected",
    ),
    "truncated": (
        httpx.Response(
            200,
            content=b'{"success": true, "data": {"conn',
            headers={"content-type": "application/json"},
        ),
        "the body is not valid JSON",
    ),
    "huge": (
        httpx.Response(200, content=endless(), headers={"content-type": "application/json"}),
        "was cut; not parsed",
    ),
    "redirect-loop": (
        httpx.Response(302, headers={"location": f"{BASE}/api/amo-crm/status"}),
        "status answered HTTP 302",
    ),
}


OWN_NOTE = {"5xx": "amogui:server-error", "html": "amogui:not-json", "truncated": "amogui:not-json"}


@pytest.mark.parametrize("kind", sorted(BAD))
@respx.mock
def test_bad_status_answer_fails_only_its_check(kind: str) -> None:
    answer, sentence = BAD[kind]
    route = respx.get(f"{BASE}/api/amo-crm/status")
    if isinstance(answer, Exception):
        route.mock(side_effect=answer)
    else:
        route.mock(return_value=answer)
    good_routes()
    results, run = run_checks(body_cap=1_000_000)
    before = results["status.before"]
    assert before.status is Status.FAILED
    assert sentence in str(before.summary)
    assert before.evidence and all(run.exchange(x) for x in before.evidence)
    # amogui's own note for a server error or a body that is not JSON; none for the rest.
    note = before.diagnosis.problem_id if before.diagnosis else None
    assert note == OWN_NOTE.get(kind)
    assert results["exchange.auth"].status is Status.PASSED
    assert results["callback.errors"].status is Status.PASSED


@respx.mock
def test_callback_redirect_loop_is_a_sentence() -> None:
    respx.get(f"{BASE}/api/amo-crm/status").respond(
        200, json={"success": True, "data": {"connected": False}}
    )
    respx.post(f"{BASE}/api/amo-crm/exchange-code").respond(401, json={})
    respx.get(f"{BASE}/api/amo-crm/callback").respond(302, headers={"location": "/login"})
    respx.get(f"{BASE}/login").respond(302, headers={"location": f"{BASE}/api/amo-crm/callback"})
    results, _ = run_checks()
    errors = results["callback.errors"]
    assert errors.status is Status.FAILED
    assert "redirect loop: more than 5 redirects" in str(errors.summary)
    assert results["status.before"].status is Status.PASSED


@respx.mock
def test_exchange_auth_accepting_a_stranger_fails_with_problem_4() -> None:
    respx.get(f"{BASE}/api/amo-crm/status").respond(
        200, json={"success": True, "data": {"connected": False}}
    )
    good_routes()
    respx.post(f"{BASE}/api/amo-crm/exchange-code").respond(
        400, json={"success": False, "message": "Failed to exchange authorization code"}
    )
    from amogui.checklist import load_bundled

    async def scenario() -> CheckResult:
        async with BackendClient(Profile("t", BASE), Recorder()) as client:
            ctx = RunContext(
                profile=client.profile,
                client=client,
                run=Run(),
                token_a=TOKEN,
                checklist=load_bundled(),
            )
            return (await Runner(ctx).run(["exchange.auth"]))["exchange.auth"]

    got = asyncio.run(scenario())
    assert got.status is Status.FAILED
    assert "without a JWT answered HTTP 400, not 401" in str(got.summary)
    assert got.diagnosis is not None and got.diagnosis.problem_id == "problem.4"
