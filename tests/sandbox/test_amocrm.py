"""The amoCRM stand-in's contract (OAuth 2.0 and the API v4 subset), in-process."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from amogui.sandbox.app import SandboxApps
from amogui.sandbox.config import ACCOUNTS, CLIENT_ID, CLIENT_SECRET, INTEGRATION_NAME
from amogui.sandbox.seed import PIPELINES, WON
from tests.sandbox.flow import bearer, clients_for, consent, new_code, query_of

OAUTH_PROBLEM = "https://developers.amocrm.ru/v3/errors/OAuthProblemJson"


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def token_body(apps: SandboxApps, **fields: str) -> dict[str, str]:
    return {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "grant_type": "authorization_code",
        "redirect_uri": apps.runtime.redirect_uri,
        **fields,
    }


async def tokens(apps: SandboxApps, code: str) -> dict[str, Any]:
    async with apps.amocrm_client() as amocrm:
        answer = await amocrm.post("/oauth2/access_token", json=token_body(apps, code=code))
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


async def test_consent_page_is_a_plain_form_with_allow_and_deny(apps: SandboxApps) -> None:
    async with apps.amocrm_client() as amocrm:
        query = {"client_id": CLIENT_ID, "state": "s<1>", "mode": "popup"}
        page = await amocrm.get("/oauth", params=query)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert html.escape(INTEGRATION_NAME) in page.text
    assert "<script" not in page.text.lower()
    parser = FormParser()
    parser.feed(page.text)
    by_id = {attrs.get("id"): (tag, attrs) for tag, attrs in parser.tags}
    assert by_id["allow"][1]["name"] == "decision" and by_id["allow"][1]["value"] == "allow"
    assert by_id["deny"][1]["value"] == "deny"
    assert by_id["account"][0] == "select" and by_id["account"][1]["name"] == "account"
    options = [a["value"] for t, a in parser.tags if t == "option"]
    assert options == [str(a.id) for a in ACCOUNTS]
    hidden = {a["name"]: a["value"] for t, a in parser.tags if t == "input"}
    assert hidden == {"client_id": CLIENT_ID, "state": "s<1>", "mode": "popup"}


async def test_consent_page_refuses_an_unknown_client(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        page = await c.amocrm.get("/oauth", params={"client_id": "nope", "state": "s"})
        posted = await c.amocrm.post("/oauth", data={"client_id": "nope", "decision": "allow"})
    assert page.status_code == 400 and "client_id" in page.text
    assert posted.status_code == 400


async def test_allow_redirects_to_the_backend_callback_with_code_state_referer(
    apps: SandboxApps,
) -> None:
    async with clients_for(apps) as c:
        answer = await consent(c, state="st-42", account=ACCOUNTS[1].id)
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(apps.runtime.redirect_uri + "?")
    query = query_of(location)
    assert query["state"] == "st-42"
    assert query["referer"] == ACCOUNTS[1].domain
    assert re.fullmatch(r"def50200[0-9a-f]{128}", query["code"])


async def test_deny_and_missing_state(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        denied = await consent(c, state="st-9", decision="deny")
        stateless = await consent(c, state=None)
    assert query_of(denied.headers["location"]) == {"error": "access_denied", "state": "st-9"}
    assert "state" not in query_of(stateless.headers["location"])
    assert "code" in query_of(stateless.headers["location"])


async def test_code_gives_tokens_once(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        code = await new_code(c)
    issued = await tokens(apps, code)
    assert issued["token_type"] == "Bearer"
    assert issued["expires_in"] > 0
    assert issued["access_token"].startswith("eyJ") and issued["access_token"].count(".") == 2
    assert issued["refresh_token"]
    async with apps.amocrm_client() as amocrm:
        again = await amocrm.post("/oauth2/access_token", json=token_body(apps, code=code))
    assert again.status_code == 400
    assert again.headers["content-type"] == "application/problem+json"
    problem = again.json()
    assert problem["hint"] == "Authorization code has been revoked"
    assert problem["type"] == OAUTH_PROBLEM and problem["status"] == 400
    assert {"title", "detail"} <= problem.keys()


async def test_token_endpoint_errors(make: Any) -> None:
    apps = make(code_ttl=0)
    async with clients_for(apps) as c:
        code = await new_code(c)
        post = c.amocrm.post
        expired = await post("/oauth2/access_token", json=token_body(apps, code=code))
        unknown = await post("/oauth2/access_token", json=token_body(apps, code="def50200ab"))
        missing = await post("/oauth2/access_token", json=token_body(apps))
        bad_client = await post(
            "/oauth2/access_token", json=token_body(apps, code=code, client_secret="x")
        )
        bad_uri = await post(
            "/oauth2/access_token", json=token_body(apps, code=code, redirect_uri="https://x/")
        )
        bad_grant = await post("/oauth2/access_token", json=token_body(apps, grant_type="pw"))
        not_json = await post(
            "/oauth2/access_token", content=b"{", headers={"content-type": "application/json"}
        )
    assert expired.status_code == 400 and "expired" in expired.json()["hint"]
    assert unknown.status_code == 400
    assert missing.status_code == 400
    assert bad_client.status_code == 401
    assert bad_uri.status_code == 400 and "redirect_uri" in bad_uri.json()["hint"]
    assert bad_grant.status_code == 400
    assert not_json.status_code == 400
    for answer in (expired, unknown, missing, bad_client, bad_uri, bad_grant):
        assert answer.headers["content-type"] == "application/problem+json"


async def test_form_encoded_token_request_works(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        code = await new_code(c)
        answer = await c.amocrm.post("/oauth2/access_token", data=token_body(apps, code=code))
    assert answer.status_code == 200


async def test_refresh_tokens_rotate_and_are_single_use(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        first = await tokens(apps, await new_code(c))
        body = token_body(apps, grant_type="refresh_token", refresh_token=first["refresh_token"])
        rotated = await c.amocrm.post("/oauth2/access_token", json=body)
        reused = await c.amocrm.post("/oauth2/access_token", json=body)
        second = rotated.json()
        body2 = token_body(apps, grant_type="refresh_token", refresh_token=second["refresh_token"])
        third = await c.amocrm.post("/oauth2/access_token", json=body2)
    assert rotated.status_code == 200
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert reused.status_code == 401
    problem = reused.json()
    assert problem["hint"] == "Token has been revoked"
    assert problem["title"] == "Некорректный запрос"
    assert problem["type"] == OAUTH_PROBLEM and problem["status"] == 401
    assert third.status_code == 200


async def test_api_needs_a_valid_access_token(apps: SandboxApps) -> None:
    async with apps.amocrm_client() as amocrm:
        for path in ("/api/v4/account", "/api/v4/leads/pipelines", "/api/v4/leads"):
            none = await amocrm.get(path)
            bad = await amocrm.get(path, headers=bearer("nope"))
            assert none.status_code == bad.status_code == 401
            assert bad.headers["content-type"] == "application/problem+json"


async def test_expired_access_token_is_refused(make: Any) -> None:
    apps = make(access_ttl=0)
    async with clients_for(apps) as c:
        issued = await tokens(apps, await new_code(c))
        answer = await c.amocrm.get("/api/v4/account", headers=bearer(issued["access_token"]))
    assert answer.status_code == 401


async def test_account_of_the_chosen_account(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        redirect = await consent(c, account=ACCOUNTS[1].id)
        issued = await tokens(apps, query_of(redirect.headers["location"])["code"])
        answer = await c.amocrm.get("/api/v4/account", headers=bearer(issued["access_token"]))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/hal+json"
    assert answer.json()["id"] == ACCOUNTS[1].id
    assert answer.json()["subdomain"] == ACCOUNTS[1].subdomain


async def test_pipelines_embed_statuses(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        issued = await tokens(apps, await new_code(c))
        answer = await c.amocrm.get(
            "/api/v4/leads/pipelines", headers=bearer(issued["access_token"])
        )
    data = answer.json()
    pipelines = data["_embedded"]["pipelines"]
    assert data["_total_items"] == len(pipelines) == len(PIPELINES)
    statuses = pipelines[0]["_embedded"]["statuses"]
    assert {142, 143} <= {s["id"] for s in statuses}
    assert all(s["pipeline_id"] == pipelines[0]["id"] for s in statuses)
    assert {"id", "name", "sort", "is_main", "account_id"} <= pipelines[0].keys()


async def test_leads_pagination_filter_and_204(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        auth = bearer((await tokens(apps, await new_code(c)))["access_token"])
        first = await c.amocrm.get("/api/v4/leads", params={"limit": 250}, headers=auth)
        capped = await c.amocrm.get("/api/v4/leads", params={"limit": 1000}, headers=auth)
        nxt = first.json()["_links"]["next"]["href"]
        second = await c.amocrm.get(nxt, headers=auth)
        won = PIPELINES[0].id
        query = {"filter[statuses][0][pipeline_id]": won, "filter[statuses][0][status_id]": WON}
        filtered = await c.amocrm.get("/api/v4/leads", params=query, headers=auth)
        empty_stage = next(s.id for s in PIPELINES[1].stages if s.weight == 0)
        query = {"filter[statuses][0][status_id]": empty_stage}
        empty = await c.amocrm.get("/api/v4/leads", params=query, headers=auth)
        beyond = await c.amocrm.get("/api/v4/leads", params={"page": 99}, headers=auth)
    assert first.status_code == 200 and first.headers["content-type"] == "application/hal+json"
    assert len(first.json()["_embedded"]["leads"]) == 250
    assert len(capped.json()["_embedded"]["leads"]) == 250
    assert urlsplit(nxt).path == "/api/v4/leads" and "page=2" in nxt
    page2 = second.json()
    assert len(page2["_embedded"]["leads"]) == 50 and "next" not in page2["_links"]
    leads = filtered.json()["_embedded"]["leads"]
    assert leads and all(x["status_id"] == WON and x["pipeline_id"] == won for x in leads)
    assert empty.status_code == 204 and empty.content == b""
    assert beyond.status_code == 204 and beyond.content == b""
