"""Every fault switch changes exactly the behaviour it names.

`test_fault_changes_only_what_it_names` runs one probe set with each fault and compares
it with the default; the other tests show what each fault does instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from amogui.sandbox import FAULTS, UnknownFaultError
from amogui.sandbox.app import SandboxApps
from amogui.sandbox.config import CLIENT_ID, DEMO_USERS, SandboxConfig
from amogui.sandbox.seed import PIPELINES, WON
from tests.sandbox.flow import (
    Clients,
    bearer,
    callback_for,
    clients_for,
    connect,
    consent,
    query_of,
    status,
)

ANNA, BOHDAN = DEMO_USERS
CALLBACK = "/api/amo-crm/callback"
EXCHANGE = "/api/amo-crm/exchange-code"

# probe -> the faults allowed to change its answer
CHANGED_BY: dict[str, set[str]] = {
    "login": set(),
    "login-bad": {"html-errors"},
    "status-no-header": {"html-errors"},
    "status-bad-jwt": {"jwt-403", "html-errors"},
    "status": {"errors-500", "malformed-json"},
    "leads-stage": {"leads-ignore-stage", "errors-500", "malformed-json"},
    "leads-page": {"errors-500", "malformed-json"},
    "pipelines-unconnected": {"errors-500", "html-errors"},
    "callback": {
        "callback-js", "callback-button", "callback-success-flag", "callback-404",
        "callback-drops-state",
    },
    "callback-missing-code": {
        "callback-js", "callback-button", "callback-success-flag", "callback-404",
        "callback-drops-state",
    },
    "exchange-missing-code": {"errors-500", "html-errors"},
    "exchange-no-header": {"exchange-no-auth", "html-errors"},
    "disconnect": {"errors-500", "malformed-json"},
    "amocrm-consent": set(),
    "unknown-route": set(),
}  # fmt: skip


async def probes(apps: SandboxApps) -> dict[str, tuple[int, str, str]]:
    anna = bearer(apps.token_for(ANNA.email))
    forged = bearer(apps.token_for(ANNA.email)[:-4] + "AAAA")
    async with clients_for(apps) as c:
        b = c.backend
        login = {"email": ANNA.email, "password": ANNA.password}
        answers = {
            "login": await b.post("/api/auth/login", json=login),
            "login-bad": await b.post("/api/auth/login", json={**login, "password": "x"}),
            "status-no-header": await b.get("/api/amo-crm/status"),
            "status-bad-jwt": await b.get("/api/amo-crm/status", headers=forged),
            "status": await b.get("/api/amo-crm/status", headers=anna),
            "leads-stage": await b.get(
                "/api/v1/leads", params={"stageId": WON, "limit": 5}, headers=anna
            ),
            "leads-page": await b.get(
                "/api/v1/leads", params={"page": 2, "limit": 5}, headers=anna
            ),
            "pipelines-unconnected": await b.get("/api/amo-crm/pipelines", headers=anna),
            "callback": await b.get(CALLBACK, params={"code": "def50200bogus", "state": "s"}),
            "callback-missing-code": await b.get(CALLBACK, params={"state": "s"}),
            "exchange-missing-code": await b.post(EXCHANGE, json={}, headers=anna),
            "exchange-no-header": await b.post(EXCHANGE, json={"code": "def50200bogus"}),
            "disconnect": await b.post("/api/amo-crm/disconnect", headers=anna),
            "amocrm-consent": await c.amocrm.get("/oauth", params={"client_id": CLIENT_ID}),
            "unknown-route": await b.get("/api/nope"),
        }
    return {name: normalise(answer) for name, answer in answers.items()}


def normalise(answer: httpx.Response) -> tuple[int, str, str]:
    # JWTs carry their issue time: compare everything but them.
    text = re.sub(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", "<jwt>", answer.text)
    location = answer.headers.get("location", "")
    return answer.status_code, answer.headers.get("content-type", ""), text + location


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_fault_changes_only_what_it_names(make: Any, fault: str) -> None:
    default = await probes(make(leads=60))
    faulty = await probes(make(leads=60, faults=frozenset({fault}), delay=0.01))
    changed = {name for name in default if default[name] != faulty[name]}
    allowed = {name for name, faults in CHANGED_BY.items() if fault in faults}
    assert changed == allowed


def test_every_fault_is_described_and_unknown_ones_refused(apps: SandboxApps) -> None:
    assert all(FAULTS.values())
    with pytest.raises(UnknownFaultError, match="no-such-fault"):
        SandboxConfig(faults=frozenset({"no-such-fault"}))
    with pytest.raises(UnknownFaultError):
        apps.set_faults(["jwt-403", "nope"])
    assert apps.runtime.faults == frozenset()
    apps.set_faults(["jwt-403"])
    assert apps.runtime.faults == {"jwt-403"}


# -- the callback versions ----------------------------------------------------------------
class Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.script = ""
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs[tag] = dict(attrs)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script += data


async def flow_to_callback(c: Clients, state: str = "st-1") -> tuple[str, httpx.Response]:
    redirect = await consent(c, state=state)
    code = query_of(redirect.headers["location"])["code"]
    return code, await callback_for(c, redirect)


async def test_callback_js_redirects_with_javascript(make: Any) -> None:
    apps = make(faults=frozenset({"callback-js"}))
    async with clients_for(apps) as c:
        code, answer = await flow_to_callback(c)
        missing = await c.backend.get(CALLBACK, params={"state": "s"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    page = Page(answer.text)
    link = f"foryoure://amo-crm/callback?code={code}&state=st-1"
    assert page.attrs["a"]["href"] == link
    assert page.script.strip() == f"window.location.href = {json.dumps(link)};"
    assert apps.store.token_rows() == []  # v2 still leaves the exchange to the app
    assert "error=missing_code&amp;state=s" in missing.text or "error=missing_code&state=s" in (
        missing.text
    )


async def test_callback_js_escapes_hostile_state(make: Any) -> None:
    apps = make(faults=frozenset({"callback-js"}))
    async with apps.backend_client() as backend:
        answer = await backend.get(CALLBACK, params={"code": "c", "state": "</script><b>'\""})
    assert "</script><b>" not in answer.text
    page = Page(answer.text)
    href = page.attrs["a"]["href"] or ""
    assert query_of(href)["state"] == "</script><b>'\""


async def test_callback_button_exchanges_itself_and_hands_out_the_used_code(make: Any) -> None:
    apps = make(faults=frozenset({"callback-button"}))
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        code, answer = await flow_to_callback(c)
        again = await c.backend.post(EXCHANGE, json={"code": code}, headers=bearer(anna))
    assert answer.status_code == 200
    onclick = Page(answer.text).attrs["button"]["onclick"]
    link = f"foryoure://amo-crm/callback?code={code}&state=st-1"
    assert onclick == f"window.open('{link}')"
    assert f"window.open('{link}')" in answer.text  # readable without an HTML parser too
    assert [row.user_id for row in apps.store.token_rows()] == [None]  # a global token
    assert again.status_code == 400  # double exchange: the code was already used
    assert again.json()["message"] == "Failed to exchange authorization code"


async def test_callback_success_flag_drops_the_code(make: Any) -> None:
    apps = make(faults=frozenset({"callback-success-flag"}))
    async with clients_for(apps) as c:
        _, answer = await flow_to_callback(c, state="st-5")
        bogus = await c.backend.get(CALLBACK, params={"code": "nope", "state": "s"})
    onclick = Page(answer.text).attrs["button"]["onclick"] or ""
    assert onclick == "window.open('foryoure://amo-crm/callback?success=true&state=st-5')"
    assert [row.user_id for row in apps.store.token_rows()] == [None]
    assert "error=exchange_failed" in bogus.text


async def test_callback_404(make: Any) -> None:
    apps = make(faults=frozenset({"callback-404"}))
    async with clients_for(apps) as c:
        _, answer = await flow_to_callback(c)
    assert answer.status_code == 404
    assert "Cannot GET /api/amo-crm/callback" in answer.text


async def test_callback_drops_state(make: Any) -> None:
    apps = make(faults=frozenset({"callback-drops-state"}))
    async with clients_for(apps) as c:
        code, answer = await flow_to_callback(c)
        denied = await callback_for(c, await consent(c, decision="deny"))
    assert query_of(answer.headers["location"]) == {"code": code}
    assert query_of(denied.headers["location"]) == {"error": "access_denied"}


# -- auth ---------------------------------------------------------------------------------
async def test_jwt_403_answers_bad_tokens_like_the_real_backend(make: Any) -> None:
    apps = make(faults=frozenset({"jwt-403"}))
    expired = bearer(apps.token_for(ANNA.email, ttl=-5))
    forged = bearer(apps.token_for(ANNA.email)[:-4] + "AAAA")
    async with apps.backend_client() as backend:
        old = await backend.get("/api/amo-crm/status", headers=expired)
        bad = await backend.post(EXCHANGE, json={"code": "x"}, headers=forged)
        none = await backend.get("/api/amo-crm/status")
    assert old.status_code == 403 and old.json() == {"message": "Invalid token: jwt expired"}
    assert bad.status_code == 403 and bad.json() == {"message": "Invalid token: invalid signature"}
    assert none.status_code == 401  # a missing header is still 401


async def test_exchange_no_auth_accepts_a_missing_jwt(make: Any) -> None:
    apps = make(faults=frozenset({"exchange-no-auth"}))
    forged = bearer(apps.token_for(ANNA.email)[:-4] + "AAAA")
    async with clients_for(apps) as c:
        code, _ = await flow_to_callback(c)
        bad = await c.backend.post(EXCHANGE, json={"code": code}, headers=forged)
        answer = await c.backend.post(EXCHANGE, json={"code": code})
        other = await c.backend.get("/api/amo-crm/status")
    assert bad.status_code == 401  # only a missing JWT is let through
    assert answer.status_code == 200 and answer.json()["success"] is True
    assert [row.user_id for row in apps.store.token_rows()] == [None]
    assert other.status_code == 401


# -- tokens and status ----------------------------------------------------------------------
async def two_user_story(apps: SandboxApps) -> dict[str, dict[str, Any]]:
    """Anna connects; Bohdan looks; Anna disconnects; both look again."""
    anna, bohdan = apps.token_for(ANNA.email), apps.token_for(BOHDAN.email)
    async with clients_for(apps) as c:
        assert (await connect(c, anna)).status_code == 200
        seen = {"anna": await status(c, anna), "bohdan": await status(c, bohdan)}
        await c.backend.post("/api/amo-crm/disconnect", headers=bearer(anna))
        seen["anna-after"] = await status(c, anna)
        seen["bohdan-after"] = await status(c, bohdan)
    return seen


async def test_default_two_user_story_is_isolated(apps: SandboxApps) -> None:
    seen = await two_user_story(apps)
    assert seen["anna"]["connected"] is True
    assert seen["bohdan"]["connected"] is False
    assert seen["anna-after"]["connected"] is False


async def test_global_tokens_leak_the_connection_to_everyone(make: Any) -> None:
    apps = make(faults=frozenset({"global-tokens"}))
    seen = await two_user_story(apps)
    assert [row.user_id for row in apps.store.token_rows()] == [None]
    assert seen["bohdan"]["connected"] is True
    assert seen["anna-after"]["connected"] is True  # disconnect cannot find a user row


async def test_global_status_falls_back_to_the_global_token(make: Any) -> None:
    apps = make(faults=frozenset({"callback-button"}))
    bohdan = apps.token_for(BOHDAN.email)
    async with clients_for(apps) as c:
        await flow_to_callback(c)  # v3 leaves a global token behind
        apps.set_faults([])
        default = await status(c, bohdan)
        apps.set_faults(["global-status"])
        faulty = await status(c, bohdan)
        await c.backend.post("/api/amo-crm/disconnect", headers=bearer(bohdan))
        after = await status(c, bohdan)
    assert default["connected"] is False
    assert faulty["connected"] is True and faulty["accountId"]
    assert after["connected"] is True  # stays connected after disconnect


async def test_global_status_prefers_the_users_own_token(make: Any) -> None:
    apps = make(faults=frozenset({"global-status"}))
    seen = await two_user_story(apps)
    assert seen["bohdan"]["connected"] is False  # no global token: nothing to fall back to
    assert seen["anna"]["connected"] is True


async def test_disconnect_noop_keeps_the_tokens(make: Any) -> None:
    apps = make(faults=frozenset({"disconnect-noop"}))
    seen = await two_user_story(apps)
    assert seen["anna-after"]["connected"] is True
    assert seen["bohdan"]["connected"] is False


async def test_status_no_domain(make: Any) -> None:
    apps = make(faults=frozenset({"status-no-domain"}))
    seen = await two_user_story(apps)
    assert seen["anna"] == {"connected": True, "hasTokens": True, "domain": None, "accountId": None}


async def test_amocrm_code_reuse_lets_the_double_exchange_pass(make: Any) -> None:
    apps = make(faults=frozenset({"callback-button", "amocrm-code-reuse"}))
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        code, _ = await flow_to_callback(c)
        again = await c.backend.post(EXCHANGE, json={"code": code}, headers=bearer(anna))
    assert again.status_code == 200


# -- leads, speed and error shapes ----------------------------------------------------------
async def test_leads_ignore_stage(make: Any) -> None:
    apps = make(faults=frozenset({"leads-ignore-stage"}))
    anna = bearer(apps.token_for(ANNA.email))
    main = PIPELINES[0].id
    async with apps.backend_client() as backend:
        staged = await backend.get("/api/v1/leads", params={"pipelineId": main, "stageId": WON},
                                   headers=anna)  # fmt: skip
        whole = await backend.get("/api/v1/leads", params={"pipelineId": main}, headers=anna)
    assert staged.json()["total"] == whole.json()["total"]
    assert {lead["stageId"] for lead in staged.json()["data"]} != {WON}
    assert {lead["pipelineId"] for lead in staged.json()["data"]} == {main}


async def test_slow_delays_the_backend_without_blocking(make: Any) -> None:
    apps = make(faults=frozenset({"slow"}), delay=60)
    async with clients_for(apps) as c:
        pending = asyncio.create_task(c.backend.get("/api/amo-crm/status"))
        consent_page = await c.amocrm.get("/oauth", params={"client_id": CLIENT_ID})
        # The amoCRM side answered on the same loop while the backend still waits.
        assert consent_page.status_code == 200
        assert not pending.done()
        pending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pending
        apps.set_faults([])
        assert (await c.backend.get("/api/amo-crm/status")).status_code == 401


async def test_slow_answers_the_same_in_the_end(make: Any) -> None:
    apps = make(faults=frozenset({"slow"}), delay=0.01)
    async with apps.backend_client() as backend:
        answer = await backend.get("/api/amo-crm/status")
    assert answer.status_code == 401
    assert answer.json() == {"message": "Unauthorized: No authorization header"}


async def test_errors_500_keep_login_and_callback(make: Any) -> None:
    apps = make(faults=frozenset({"errors-500"}))
    anna = bearer(apps.token_for(ANNA.email))
    async with clients_for(apps) as c:
        answers = {
            "status": await c.backend.get("/api/amo-crm/status", headers=anna),
            "exchange": await c.backend.post(EXCHANGE, json={"code": "x"}, headers=anna),
            "disconnect": await c.backend.post("/api/amo-crm/disconnect", headers=anna),
            "pipelines": await c.backend.get("/api/amo-crm/pipelines", headers=anna),
            "leads": await c.backend.get("/api/v1/leads", headers=anna),
        }
        login = await c.backend.post(
            "/api/auth/login", json={"email": ANNA.email, "password": ANNA.password}
        )
        _, callback = await flow_to_callback(c)
        unauthenticated = await c.backend.get("/api/amo-crm/status")
    for answer in answers.values():
        assert answer.status_code == 500 and answer.json()["success"] is False
    assert answers["status"].json()["message"] == "Failed to get connection status"
    assert login.status_code == 200 and callback.status_code == 302
    assert unauthenticated.status_code == 401  # the auth middleware runs first


async def test_html_errors(make: Any) -> None:
    apps = make(faults=frozenset({"html-errors"}))
    anna = bearer(apps.token_for(ANNA.email))
    async with apps.backend_client() as backend:
        unauthorised = await backend.get("/api/amo-crm/status")
        bad_request = await backend.post(EXCHANGE, json={}, headers=anna)
        fine = await backend.get("/api/amo-crm/status", headers=anna)
    assert unauthorised.status_code == 401
    assert unauthorised.headers["content-type"].startswith("text/html")
    assert "Unauthorized: No authorization header" in unauthorised.text
    assert bad_request.status_code == 400 and "<html>" in bad_request.text
    assert fine.headers["content-type"] == "application/json" and fine.json()["success"]


async def test_malformed_json(make: Any) -> None:
    apps = make(faults=frozenset({"malformed-json"}))
    anna = bearer(apps.token_for(ANNA.email))
    async with apps.backend_client() as backend:
        broken = await backend.get("/api/amo-crm/status", headers=anna)
        leads = await backend.get("/api/v1/leads", headers=anna)
        error = await backend.post(EXCHANGE, json={}, headers=anna)
        login = await backend.post(
            "/api/auth/login", json={"email": ANNA.email, "password": ANNA.password}
        )
    for answer in (broken, leads):
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/json"
        with pytest.raises(ValueError):
            json.loads(answer.text)
    assert error.json()["success"] is False  # errors stay readable
    assert login.json()["success"] is True
