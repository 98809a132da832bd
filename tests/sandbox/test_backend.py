"""The admin backend stand-in's default (good) behaviour."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from amogui.sandbox.app import SandboxApps
from amogui.sandbox.config import ACCOUNTS, BLOCKED_USER, DEMO_USERS
from amogui.sandbox.seed import LOST, PIPELINES, WON
from tests.sandbox.flow import (
    bearer,
    callback_for,
    clients_for,
    connect,
    consent,
    new_code,
    query_of,
    status,
)

ANNA, BOHDAN = DEMO_USERS
NO_HEADER = {"message": "Unauthorized: No authorization header"}
PROTECTED = [
    ("POST", "/api/amo-crm/exchange-code"),
    ("GET", "/api/amo-crm/status"),
    ("POST", "/api/amo-crm/disconnect"),
    ("GET", "/api/amo-crm/pipelines"),
    ("GET", "/api/v1/leads"),
]


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/v1/auth/login"])
async def test_login(apps: SandboxApps, path: str) -> None:
    async with apps.backend_client() as backend:
        good = await backend.post(path, json={"email": ANNA.email, "password": ANNA.password})
        wrong = await backend.post(path, json={"email": ANNA.email, "password": "x"})
        unknown = await backend.post(path, json={"email": "x@y.test", "password": "x"})
        missing = await backend.post(path, json={"email": ANNA.email})
        garbage = await backend.post(path, content=b"{oops")
        blocked = await backend.post(
            path, json={"email": BLOCKED_USER.email, "password": BLOCKED_USER.password}
        )
        token = good.json()["data"]["token"]
        works = await backend.get("/api/amo-crm/status", headers=bearer(token))
    body = good.json()
    assert good.status_code == 200
    assert body["success"] is True and body["message"] == "Login successful"
    assert body["data"]["user"]["id"] == ANNA.id and body["data"]["user"]["role"] == ANNA.role
    assert works.status_code == 200
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == {"success": False, "message": "Invalid credentials"}
    assert missing.status_code == garbage.status_code == 400
    assert missing.json()["success"] is False
    assert blocked.status_code == 403


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_protected_routes_need_a_jwt(apps: SandboxApps, method: str, path: str) -> None:
    expired = apps.token_for(ANNA.email, ttl=-10)
    forged = apps.token_for(ANNA.email)[:-4] + "AAAA"
    async with apps.backend_client() as backend:
        none = await backend.request(method, path)
        bad = [
            await backend.request(method, path, headers=bearer(t))
            for t in (expired, forged, "garbage")
        ]
        basic = await backend.request(method, path, headers={"Authorization": "Basic eA=="})
    assert none.status_code == 401 and none.json() == NO_HEADER
    for answer in [*bad, basic]:
        assert answer.status_code == 401
        assert set(answer.json()) == {"message"}  # middleware bodies have no `success`


async def test_callback_redirects_to_the_deep_link_without_exchanging(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        redirect = await consent(c, state="st-7")
        answer = await callback_for(c, redirect)
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith("foryoure://amo-crm/callback?")
    code = query_of(redirect.headers["location"])["code"]
    assert query_of(location) == {"code": code, "state": "st-7"}
    assert apps.store.token_rows() == []  # v1 does not exchange: the code is still fresh


async def test_callback_errors_become_error_deep_links(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        missing = await c.backend.get("/api/amo-crm/callback", params={"state": "s1"})
        bare = await c.backend.get("/api/amo-crm/callback")
        denied = await callback_for(c, await consent(c, state="s2", decision="deny"))
    assert missing.status_code == bare.status_code == denied.status_code == 302
    # As the checklist's backend builds them: no code means missing_code (amoCRM's own
    # error too), and an error deep link carries no state.
    error_link = "foryoure://amo-crm/callback?error=missing_code"
    for answer in (missing, bare, denied):
        assert answer.headers["location"] == error_link


async def test_exchange_code_connects_only_that_user(apps: SandboxApps) -> None:
    anna, bohdan = apps.token_for(ANNA.email), apps.token_for(BOHDAN.email)
    async with clients_for(apps) as c:
        before = await status(c, anna)
        answer = await connect(c, anna)
        after_a, after_b = await status(c, anna), await status(c, bohdan)
    assert before == {"connected": False, "hasTokens": False, "domain": None, "accountId": None}
    assert answer.status_code == 200
    assert answer.json() == {
        "success": True,
        "message": "AMO CRM successfully connected",
        "data": None,
    }
    assert after_a == {
        "connected": True,
        "hasTokens": True,
        "domain": ACCOUNTS[0].domain,
        "accountId": str(ACCOUNTS[0].id),
    }
    assert after_b["connected"] is False and after_b["hasTokens"] is False
    assert [row.user_id for row in apps.store.token_rows()] == [ANNA.id]


async def test_status_envelope(apps: SandboxApps) -> None:
    async with apps.backend_client() as backend:
        answer = await backend.get(
            "/api/amo-crm/status", headers=bearer(apps.token_for(ANNA.email))
        )
    body = answer.json()
    assert answer.headers["content-type"] == "application/json"
    assert body["success"] is True and body["message"] == "Success"
    assert set(body["data"]) == {"connected", "hasTokens", "domain", "accountId"}


async def test_exchange_code_errors(apps: SandboxApps) -> None:
    anna = bearer(apps.token_for(ANNA.email))
    async with clients_for(apps) as c:
        code = await new_code(c)
        missing = await c.backend.post("/api/amo-crm/exchange-code", json={}, headers=anna)
        blank = await c.backend.post("/api/amo-crm/exchange-code", json={"code": " "}, headers=anna)
        bogus = await c.backend.post("/api/amo-crm/exchange-code", json={"code": "x"}, headers=anna)
        first = await c.backend.post(
            "/api/amo-crm/exchange-code", json={"code": code}, headers=anna
        )
        again = await c.backend.post(
            "/api/amo-crm/exchange-code", json={"code": code}, headers=anna
        )
    required = {"success": False, "message": "Authorization code is required"}
    failed = {"success": False, "message": "Failed to exchange authorization code"}
    assert missing.status_code == blank.status_code == 400
    assert missing.json() == blank.json() == required
    assert bogus.status_code == 400 and bogus.json() == failed
    assert first.status_code == 200
    assert again.status_code == 400 and again.json() == failed  # codes are single use


async def test_disconnect_removes_only_that_users_tokens(apps: SandboxApps) -> None:
    anna, bohdan = apps.token_for(ANNA.email), apps.token_for(BOHDAN.email)
    async with clients_for(apps) as c:
        await connect(c, anna)
        await connect(c, bohdan)
        answer = await c.backend.post("/api/amo-crm/disconnect", headers=bearer(anna))
        after_a, after_b = await status(c, anna), await status(c, bohdan)
    assert answer.status_code == 200
    assert answer.json() == {"success": True, "message": "AMO CRM disconnected", "data": None}
    assert after_a["connected"] is False and after_a["hasTokens"] is False
    assert after_b["connected"] is True


async def test_status_refreshes_an_expired_access_token(make: Any) -> None:
    apps = make(access_ttl=30)  # inside the refresh margin: due at once
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        await connect(c, anna)
        old = apps.store.token_for_user(ANNA.id)
        first = await status(c, anna)
        new = apps.store.token_for_user(ANNA.id)
        second = await status(c, anna)
    assert first["connected"] is True and second["connected"] is True
    assert old is not None and new is not None
    assert new.refresh_token != old.refresh_token  # rotated at amoCRM and stored


async def test_status_reports_a_dead_refresh_token_as_not_connected(make: Any) -> None:
    apps = make(access_ttl=30)  # inside the refresh margin: due at once
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        await connect(c, anna)
        row = apps.store.token_for_user(ANNA.id)
        assert row is not None
        apps.store.revoke_grant(row.refresh_token)  # e.g. used elsewhere
        data = await status(c, anna)
    assert data["connected"] is False and data["hasTokens"] is True


async def test_pipelines_come_from_amocrm(apps: SandboxApps) -> None:
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        before = await c.backend.get("/api/amo-crm/pipelines", headers=bearer(anna))
        await connect(c, anna)
        answer = await c.backend.get("/api/amo-crm/pipelines", headers=bearer(anna))
    assert before.status_code == 500 and before.json()["success"] is False
    assert before.json()["message"].startswith("Failed to get pipelines")
    body = answer.json()
    assert set(body) == {"data", "count"} and body["count"] == len(PIPELINES)
    main = body["data"][0]
    assert set(main) == {"id", "name", "sort", "isMain", "stages"} and main["isMain"] is True
    assert set(main["stages"][0]) == {"id", "pipelineId", "name", "sort", "color", "type"}
    assert {WON, LOST} <= {s["id"] for s in main["stages"]}


async def leads(apps: SandboxApps, **params: Any) -> Any:
    async with apps.backend_client() as backend:
        answer = await backend.get(
            "/api/v1/leads", params=params, headers=bearer(apps.token_for(ANNA.email))
        )
    return answer


async def test_leads_pages(apps: SandboxApps) -> None:
    first = (await leads(apps, page=1, limit=100)).json()
    last = (await leads(apps, page=3, limit=100)).json()
    capped = (await leads(apps, limit=500)).json()
    default = (await leads(apps)).json()
    assert set(first) == {"data", "total", "page", "limit", "totalPages"}
    assert first["total"] == 300 and first["totalPages"] == 3 and len(first["data"]) == 100
    assert last["page"] == 3 and len(last["data"]) == 100
    assert capped["limit"] == 100 and len(capped["data"]) == 100
    assert default["page"] == 1 and len(default["data"]) == default["limit"]
    fields = {
        "id", "guestName", "guestPhone", "guestEmail", "status", "price", "amoLeadId",
        "pipelineId", "stageId", "responsibleUserId", "createdAt", "updatedAt",
    }  # fmt: skip
    assert set(first["data"][0]) == fields
    ids = {lead["id"] for page in (first, last) for lead in page["data"]}
    assert len(ids) == 200


async def test_leads_filters(apps: SandboxApps) -> None:
    main = PIPELINES[0]
    by_stage = {s.id: (await leads(apps, pipelineId=main.id, stageId=s.id, limit=100)).json()
                for s in main.stages}  # fmt: skip
    whole = (await leads(apps, pipelineId=main.id, limit=1)).json()
    assert sum(page["total"] for page in by_stage.values()) == whole["total"]
    for stage_id, page in by_stage.items():
        assert all(lead["stageId"] == stage_id for lead in page["data"])
        assert all(lead["pipelineId"] == main.id for lead in page["data"])
    won = (await leads(apps, status="CLOSED_WON", limit=100)).json()
    assert won["total"] > 0 and {x["status"] for x in won["data"]} == {"CLOSED_WON"}
    # stageId wins over status
    both = (await leads(apps, stageId=WON, status="NEW", limit=100)).json()
    assert both["total"] > 0 and {x["stageId"] for x in both["data"]} == {WON}
    # the app's status=CLOSED matches nothing (a real deviation)
    closed = (await leads(apps, status="CLOSED")).json()
    assert closed["total"] == 0 and closed["data"] == [] and closed["totalPages"] == 0
    empty_stage = next(s.id for s in PIPELINES[1].stages if s.weight == 0)
    assert (await leads(apps, stageId=empty_stage)).json()["total"] == 0


async def test_leads_refuse_non_numbers(apps: SandboxApps) -> None:
    answer = await leads(apps, stageId="abc")
    assert answer.status_code == 400 and answer.json()["success"] is False


async def test_unknown_route_is_expresss_404(apps: SandboxApps) -> None:
    async with apps.backend_client() as backend:
        answer = await backend.get("/api/nope")
    assert answer.status_code == 404
    assert "<pre>Cannot GET /api/nope</pre>" in answer.text


async def test_request_log_redacts_codes(make: Any, caplog: pytest.LogCaptureFixture) -> None:
    apps = make(log_requests=True)
    caplog.set_level("INFO", logger="amogui.sandbox")
    async with clients_for(apps) as c:
        redirect = await consent(c, state="st-log")
        await callback_for(c, redirect)
    code = query_of(redirect.headers["location"])["code"]
    # Only the sandbox's own lines (the test client's httpx may log too).
    lines = "\n".join(r.getMessage() for r in caplog.records if r.name == "amogui.sandbox")
    assert "backend GET /api/amo-crm/callback" in lines
    assert "st-log" in lines
    assert code not in lines


async def test_an_internal_error_still_answers_like_the_backend(
    apps: SandboxApps, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(apps.store, "leads", broken)
    transport = httpx.ASGITransport(app=apps.backend, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=apps.base_url) as backend:
        answer = await backend.get("/api/v1/leads", headers=bearer(apps.token_for(ANNA.email)))
    assert answer.status_code == 500
    assert answer.json() == {"success": False, "message": "Internal server error"}
