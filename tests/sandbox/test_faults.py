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

# probe -> the faults allowed to change its answer (a preset counts as what it turns on)
CALLBACK_VERSIONS = {
    "callback-js",
    "callback-button",
    "callback-success-flag",
    "version-4",
    "version-5",
    "callback-404",
}
CHANGED_BY: dict[str, set[str]] = {
    "login": set(),
    "login-bad": {"html-errors"},
    "status-no-header": {"html-errors"},
    "status-bad-jwt": {"jwt-403", "html-errors"},
    "status": {"errors-500", "malformed-json", "status-connected-null", "version-5"},
    "leads-stage": {"leads-ignore-stage", "errors-500", "malformed-json"},
    "leads-page": {"errors-500", "malformed-json"},
    "pipelines-unconnected": {"errors-500", "html-errors", "pipelines-admin-only"},
    "pipelines-broker": {"errors-500", "html-errors", "pipelines-admin-only"},
    "callback": CALLBACK_VERSIONS | {"callback-drops-state"},
    # Error deep links never carry a state, so dropping it changes nothing there.
    "callback-missing-code": CALLBACK_VERSIONS,
    "exchange-missing-code": {"errors-500", "html-errors"},
    "exchange-no-header": {"exchange-no-auth", "html-errors"},
    "disconnect": {"errors-500", "malformed-json"},
    "amocrm-consent": set(),
    "unknown-route": set(),
}  # fmt: skip
# Faults whose effect depends on timing, tested on their own below.
TIMED = {"rate-limit"}


async def probes(apps: SandboxApps) -> dict[str, tuple[int, str, str]]:
    anna = bearer(apps.token_for(ANNA.email))
    bohdan = bearer(apps.token_for(BOHDAN.email))
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
            "pipelines-broker": await b.get("/api/amo-crm/pipelines", headers=bohdan),
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


@pytest.mark.parametrize("fault", sorted(set(FAULTS) - TIMED))
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
    missing_link = "foryoure://amo-crm/callback?error=missing_code"
    assert Page(missing.text).attrs["a"]["href"] == missing_link  # no state on errors


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
    assert onclick == f"window.open('{link}','_self')"
    assert f"window.open('{link}','_self')" in answer.text  # readable without a parser too
    assert [row.user_id for row in apps.store.token_rows()] == [None]  # a global token
    assert again.status_code == 400  # double exchange: the code was already used
    assert again.json()["message"] == "Failed to exchange authorization code"


async def test_callback_success_flag_drops_the_code(make: Any) -> None:
    apps = make(faults=frozenset({"callback-success-flag"}))
    async with clients_for(apps) as c:
        _, answer = await flow_to_callback(c, state="st-5")
        bogus = await c.backend.get(CALLBACK, params={"code": "nope", "state": "s"})
    onclick = Page(answer.text).attrs["button"]["onclick"] or ""
    assert onclick == "window.open('foryoure://amo-crm/callback?success=true&state=st-5','_self')"
    assert [row.user_id for row in apps.store.token_rows()] == [None]
    # The backend's own error deep link: percent-encoded, no state, in a button.
    failed = "foryoure://amo-crm/callback?error=Failed%20to%20exchange%20authorization%20code"
    assert Page(bogus.text).attrs["button"]["onclick"] == f"window.open('{failed}','_self')"


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
    # amoCRM's own error carries no code: the backend answers missing_code, no state.
    assert denied.headers["location"] == "foryoure://amo-crm/callback?error=missing_code"


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


# -- the backend versions, whole ------------------------------------------------------------
async def flow_only(c: Clients, state: str = "st-v") -> httpx.Response:
    """Consent and callback, as the app's browser does; the app then has no code to send."""
    return await callback_for(c, await consent(c, state=state))


async def test_version_4_spends_the_code_and_leaves_user_a_unconnected(make: Any) -> None:
    apps = make(faults=frozenset({"version-4"}))
    assert apps.active_faults == {"version-4", "callback-success-flag"}
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        answer = await flow_only(c)
        seen = await status(c, anna)
        pipes = await c.backend.get("/api/amo-crm/pipelines", headers=bearer(anna))
    link = "foryoure://amo-crm/callback?success=true&state=st-v"
    assert Page(answer.text).attrs["button"]["onclick"] == f"window.open('{link}','_self')"
    assert [row.user_id for row in apps.store.token_rows()] == [None]  # a global token
    assert seen["connected"] is False
    assert pipes.status_code == 500 and pipes.json()["success"] is False


async def test_version_5_makes_everyone_connected_through_the_global_token(make: Any) -> None:
    apps = make(faults=frozenset({"version-5"}))
    assert apps.active_faults == {
        "version-5", "version-4", "callback-success-flag", "global-status",
        "status-connected-null",
    }  # fmt: skip
    anna, bohdan = apps.token_for(ANNA.email), apps.token_for(BOHDAN.email)
    async with clients_for(apps) as c:
        before = await status(c, anna)
        await flow_only(c)
        seen = {"anna": await status(c, anna), "bohdan": await status(c, bohdan)}
        pipes_b = await c.backend.get("/api/amo-crm/pipelines", headers=bearer(bohdan))
        bye = await c.backend.post("/api/amo-crm/disconnect", headers=bearer(anna))
        after = await status(c, anna)
    assert before == {"connected": None, "hasTokens": False, "domain": None, "accountId": None}
    assert seen["anna"]["connected"] is True and seen["bohdan"]["connected"] is True
    assert pipes_b.status_code == 200 and pipes_b.json()["data"][0]["stages"]
    assert bye.json()["success"] is True
    assert after["connected"] is True  # the global row remains


async def test_status_connected_null_only_without_any_token(make: Any) -> None:
    apps = make(faults=frozenset({"status-connected-null"}))
    anna, bohdan = apps.token_for(ANNA.email), apps.token_for(BOHDAN.email)
    async with clients_for(apps) as c:
        before = await status(c, anna)
        await connect(c, anna)
        mine, other = await status(c, anna), await status(c, bohdan)
    assert before["connected"] is None and before["hasTokens"] is False
    assert mine["connected"] is True
    assert other["connected"] is None  # Bohdan has no token at all


@pytest.mark.parametrize("version", ["callback-button", "callback-success-flag", "version-5"])
async def test_error_deep_links_of_versions_3_to_5_are_the_backends_own(
    make: Any, version: str
) -> None:
    apps = make(faults=frozenset({version}))
    async with apps.backend_client() as backend:
        bogus = await backend.get(CALLBACK, params={"code": "made-up", "state": "s"})
    assert bogus.status_code == 200 and bogus.headers["content-type"].startswith("text/html")
    link = "foryoure://amo-crm/callback?error=Failed%20to%20exchange%20authorization%20code"
    assert f"""<button id="return" onclick="window.open('{link}','_self')">""" in bogus.text


async def test_the_checklists_version_redirects_with_302(apps: SandboxApps) -> None:
    async with clients_for(apps) as c:
        code, answer = await flow_to_callback(c, state="st-302")
        missing = await c.backend.get(CALLBACK, params={"state": "st-302"})
    assert answer.status_code == 302
    assert answer.headers["location"] == f"foryoure://amo-crm/callback?code={code}&state=st-302"
    assert missing.status_code == 302
    assert missing.headers["location"] == "foryoure://amo-crm/callback?error=missing_code"


# -- pipelines as the checklist's version serves them ----------------------------------------
async def test_pipelines_admin_only_refuses_a_broker(make: Any) -> None:
    apps = make(faults=frozenset({"pipelines-admin-only"}))
    async with clients_for(apps) as c:
        answer = await c.backend.get(
            "/api/amo-crm/pipelines", headers=bearer(apps.token_for(BOHDAN.email))
        )
    assert answer.status_code == 403
    assert answer.json() == {"message": "Forbidden: Admin access required"}


async def test_pipelines_admin_only_reads_the_global_token_only(make: Any) -> None:
    apps = make(faults=frozenset({"pipelines-admin-only"}))
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        await connect(c, anna)  # Anna's own token: the route does not read it
        answer = await c.backend.get("/api/amo-crm/pipelines", headers=bearer(anna))
    assert answer.status_code == 500
    assert answer.json() == {
        "success": False,
        "message": "Failed to get pipelines from AMO CRM: AMO CRM not authorized. "
        "Please authorize first.",
    }


async def test_pipelines_admin_only_answers_in_amocrms_own_shape(make: Any) -> None:
    from amogui.backend.api import parse_pipelines

    apps = make(faults=frozenset({"pipelines-admin-only", "callback-button"}))
    anna = apps.token_for(ANNA.email)
    async with clients_for(apps) as c:
        await flow_to_callback(c)  # version 3 leaves a global token
        answer = await c.backend.get("/api/amo-crm/pipelines", headers=bearer(anna))
    assert answer.status_code == 200
    body = answer.json()
    pipelines = body["data"]["_embedded"]["pipelines"]
    assert "stages" not in pipelines[0]
    assert pipelines[0]["_embedded"]["statuses"][0]["id"] == PIPELINES[0].stages[0].id
    found, problem = parse_pipelines(body)
    assert found == [] and problem is not None and "`_embedded.statuses`" in str(problem)
    found, problem = parse_pipelines(body, lenient=True)
    assert problem is None and len(found) == len(PIPELINES)


# -- the politeness limit ---------------------------------------------------------------------
async def test_rate_limit_answers_429_with_retry_after_beyond_the_rate(make: Any) -> None:
    apps = make(faults=frozenset({"rate-limit"}), rate=5.0)
    async with apps.backend_client() as backend:
        answers = [await backend.get("/api/amo-crm/status") for _ in range(8)]
    codes = [a.status_code for a in answers]
    assert codes[:5] == [401] * 5  # within the rate: the route's own answer
    assert set(codes[5:]) == {429}
    refused = answers[5]
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["success"] is False


async def test_the_client_slows_down_for_the_rate_limit_instead_of_failing(make: Any) -> None:
    from amogui.backend import api
    from amogui.backend.client import BackendClient, Recorder
    from amogui.settings.profiles import Profile

    apps = make(faults=frozenset({"rate-limit"}), rate=7.0, leads=1500)
    recorder = Recorder()
    profile = Profile(name="t", base_url=apps.base_url, rate_limit=0, concurrency=4)
    transport = httpx.ASGITransport(app=apps.backend)
    async with BackendClient(profile, recorder, transport=transport) as client:
        got = await api.fetch_all_leads(client, apps.token_for(ANNA.email))
    assert got.problems == [] and len(got.leads) == 1500  # every page, none failed
    statuses = [x.status for x in recorder.exchanges]
    assert statuses.count(200) == 15
    assert 429 in statuses  # it was asked to slow down, and did


# -- the table every front end reads ---------------------------------------------------------
def test_every_switch_has_a_kind_and_presets_and_needs_name_real_switches() -> None:
    from amogui.sandbox.faults import FAULT_TABLE, KIND_LABELS, PRESETS, Kind

    assert set(FAULT_TABLE) == set(FAULTS)
    for fault in FAULT_TABLE.values():
        assert fault.kind in KIND_LABELS and fault.text
        assert set(fault.needs) <= set(FAULTS) and set(fault.implies) <= set(FAULTS)
    assert set(PRESETS) == {"version-4", "version-5"}
    harmless = {n for n, f in FAULT_TABLE.items() if f.kind is not Kind.DEFECT}
    assert {"callback-js", "jwt-403", "html-errors", "status-connected-null"} <= harmless
    assert {"slow", "rate-limit", "amocrm-code-reuse"} <= harmless
    assert {"global-status", "callback-success-flag", "version-4", "version-5"} <= (
        set(FAULTS) - harmless
    )


def test_combinations_that_change_nothing_are_named() -> None:
    from amogui.sandbox.faults import defects, dormant, expand

    assert dormant(["global-status"]) == {"global-status"}
    assert dormant(["global-status", "callback-button"]) == frozenset()
    assert dormant(["version-5"]) == frozenset()  # version-4 inside it makes the token
    assert dormant(["amocrm-code-reuse"]) == {"amocrm-code-reuse"}
    assert expand(["version-5"]) >= {"callback-success-flag", "global-status"}
    assert defects(["jwt-403", "slow"]) == frozenset()
    assert "global-status" in defects(["version-5"])


def test_describe_gives_the_kind_and_what_is_needed() -> None:
    from amogui.sandbox.faults import describe

    text = describe("global-status")
    assert "DEFECT" in text and "shows only together with: callback-button" in text
    assert "HARMLESS VARIATION" in describe("jwt-403")
    assert "turns on: version-4, global-status" in describe("version-5")
    shouting = describe("callback-js", translate=str.upper)
    assert shouting.splitlines()[0] == FAULTS["callback-js"].upper()


def test_the_readme_lists_the_switches_as_the_table_says() -> None:
    from pathlib import Path

    from amogui.sandbox.faults import README_END, README_START, readme_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split(README_START, 1)[1].split(README_END, 1)[0]
    assert block.strip() == readme_table(), "run tools/update-fault-table"
    for name in FAULTS:
        assert f"| `{name}` |" in block


def test_write_readme_replaces_only_its_block(tmp_path: Any) -> None:
    from amogui.sandbox.faults import README_END, README_START, readme_table, write_readme

    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{README_START}\nold\n{README_END}\n## y\n", encoding="utf-8")
    assert write_readme(readme) is True
    assert write_readme(readme) is False  # a second run finds it up to date
    text = readme.read_text(encoding="utf-8")
    assert text == f"# x\n{README_START}\n{readme_table()}\n{README_END}\n## y\n"
    (tmp_path / "bare.md").write_text("# no block\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no <!-- FAULTS -->"):
        write_readme(tmp_path / "bare.md")


async def test_rate_limit_leaves_the_callback_a_browser_opens_alone(make: Any) -> None:
    apps = make(faults=frozenset({"rate-limit"}), rate=2.0)
    async with apps.backend_client() as backend:
        for _ in range(2):
            await backend.get("/api/amo-crm/status")  # the second's budget used up
        api = await backend.get("/api/amo-crm/status")
        callbacks = [await backend.get(CALLBACK, params={"state": "s"}) for _ in range(5)]
    assert api.status_code == 429
    assert {c.status_code for c in callbacks} == {302}
