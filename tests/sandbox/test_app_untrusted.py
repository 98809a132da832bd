"""Untrusted input never crashes either side: random queries, bodies and forms get a
clear 2xx/3xx/4xx answer, never a 500 (the errors-500 switch is off here)."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amogui.sandbox import SandboxConfig, make_apps
from amogui.sandbox.app import SandboxApps
from amogui.sandbox.config import CLIENT_ID, CLIENT_SECRET, DEMO_USERS
from tests.sandbox.flow import clients_for, new_code

ANNA = DEMO_USERS[0]
text = st.text(max_size=60)
numberish = st.one_of(
    text, st.integers().map(str), st.just("1e9"), st.just(str(2**70)), st.just("-5")
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
LEADS_KEYS = ["page", "limit", "pipelineId", "stageId", "status"]
AMO_LEADS_KEYS = [
    "page",
    "limit",
    "filter[statuses][0][status_id]",
    "filter[statuses][x][pipeline_id]",
]
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def ask(faults: frozenset[str], method: str, path: str, **kwargs: Any) -> int:
    async def go() -> int:
        with make_apps(SandboxConfig(leads=30, faults=faults)) as apps:
            client = apps.amocrm_client() if path.startswith(("/oauth", "/api/v4")) else None
            client = client or apps.backend_client()
            headers = {"Authorization": f"Bearer {apps.token_for(ANNA.email)}"}
            if path.startswith("/api/v4"):
                headers = {"Authorization": f"Bearer {await amocrm_token(apps)}"}
            async with client:
                answer = await client.request(method, path, headers=headers, **kwargs)
            return answer.status_code

    return asyncio.run(go())


async def amocrm_token(apps: SandboxApps) -> str:
    async with clients_for(apps) as c:
        code = await new_code(c)
        body = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": apps.runtime.redirect_uri,
        }
        answer = await c.amocrm.post("/oauth2/access_token", json=body)
    return str(answer.json()["access_token"])


@SETTINGS
@given(st.dictionaries(st.sampled_from(LEADS_KEYS), numberish))
def test_leads_query(params: dict[str, str]) -> None:
    assert ask(frozenset(), "GET", "/api/v1/leads", params=params) in (200, 400)


@SETTINGS
@given(json_value)
def test_exchange_and_login_bodies(body: Any) -> None:
    assert ask(frozenset(), "POST", "/api/amo-crm/exchange-code", json=body) == 400
    assert ask(frozenset(), "POST", "/api/auth/login", json=body) in (400, 401)


@SETTINGS
@given(
    st.dictionaries(st.sampled_from(["code", "state", "error", "referer"]), text),
    st.sampled_from(["", "callback-js", "callback-button", "callback-drops-state"]),
)
def test_callback_query(params: dict[str, str], fault: str) -> None:
    faults = frozenset({fault}) if fault else frozenset()
    assert ask(faults, "GET", "/api/amo-crm/callback", params=params) in (200, 302)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["client_id", "state", "account", "decision"]), text))
def test_consent_form(form: dict[str, str]) -> None:
    form.setdefault("client_id", CLIENT_ID)
    assert ask(frozenset(), "POST", "/oauth", data=form) in (302, 400)
    assert ask(frozenset(), "GET", "/oauth", params=form) in (200, 400)


@SETTINGS
@given(st.dictionaries(st.sampled_from(AMO_LEADS_KEYS), numberish))
def test_amocrm_leads_query(params: dict[str, str]) -> None:
    assert ask(frozenset(), "GET", "/api/v4/leads", params=params) in (200, 204)
