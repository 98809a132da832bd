"""Typed backend calls: good answers parse, bad ones become one problem sentence."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import httpx
import pytest
import respx

from amogui.backend import api
from amogui.backend.client import BackendClient, Recorder
from amogui.base.redact import REDACTOR
from amogui.settings.profiles import Profile

T = TypeVar("T")
BASE = "http://backend.test"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJlLWE"


def run(factory: Callable[[BackendClient], Coroutine[Any, Any, T]], **profile: Any) -> T:
    async def scenario() -> T:
        prof = Profile(name="t", base_url=BASE, **profile)
        async with BackendClient(prof, Recorder()) as client:
            return await factory(client)

    return asyncio.run(scenario())


@respx.mock
def test_login_returns_token_and_registers_secrets() -> None:
    route = respx.post(f"{BASE}/api/auth/login").respond(
        200, json={"success": True, "data": {"token": TOKEN, "user": {"id": 1}}}
    )
    got = run(lambda c: api.login(c, "a@x.test", "hunter22-l0ng"))
    assert got.ok and got.data is not None
    assert got.data.token == TOKEN and got.data.user == {"id": 1}
    assert route.calls.last.request.content == b'{"email":"a@x.test","password":"hunter22-l0ng"}'
    assert REDACTOR.text("pw hunter22-l0ng") == "pw [REDACTED]"
    assert "hunter22-l0ng" not in got.reply.exchange.request_body


@respx.mock
def test_login_bad_credentials() -> None:
    respx.post(f"{BASE}/api/auth/login").respond(
        401, json={"success": False, "message": "Invalid credentials"}
    )
    got = run(lambda c: api.login(c, "a@x.test", "nope"))
    assert got.problem == "login answered HTTP 401: 'Invalid credentials'"


@respx.mock
def test_login_without_token() -> None:
    respx.post(f"{BASE}/api/auth/login").respond(200, json={"success": True, "data": {}})
    got = run(lambda c: api.login(c, "a@x.test", "pw12"))
    assert got.problem == "login answered 200 but no token was in the body"


@respx.mock
def test_status_parses() -> None:
    respx.get(f"{BASE}/api/amo-crm/status").respond(
        200,
        json={
            "success": True,
            "data": {
                "connected": True,
                "hasTokens": True,
                "domain": "reforyou.amocrm.ru",
                "accountId": 31920194,
            },
        },
    )
    got = run(lambda c: api.status(c, TOKEN))
    assert got.data == api.ConnectionStatus(True, True, "reforyou.amocrm.ru", "31920194")


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        (
            httpx.Response(500, json={"success": False, "message": "Failed"}),
            "status answered HTTP 500: 'Failed'",
        ),
        (
            httpx.Response(200, html="<html></html>"),
            "status: the answer (HTTP 200) is an HTML page",
        ),
        (httpx.Response(200, content=b'{"data": {"conn'), "status: the body is not valid JSON"),
        (httpx.Response(200, json=[1]), "status answered JSON that is not an object (list)"),
        (httpx.Response(200, json={"data": None}), "status answered without a `data` object"),
        (
            httpx.Response(200, json={"data": {"connected": "yes"}}),
            "status answered without a true/false",
        ),
    ],
)
@respx.mock
def test_status_bad_answers(response: httpx.Response, problem: str) -> None:
    respx.get(f"{BASE}/api/amo-crm/status").mock(return_value=response)
    got = run(lambda c: api.status(c, TOKEN))
    assert got.data is None
    assert got.problem is not None and got.problem.startswith(problem)


@respx.mock
def test_exchange_code_without_token_sends_no_authorization() -> None:
    route = respx.post(f"{BASE}/api/amo-crm/exchange-code").respond(
        401, json={"message": "Unauthorized: No authorization header"}
    )
    got = run(lambda c: api.exchange_code(c, None, "code-123"))
    assert "authorization" not in route.calls.last.request.headers
    assert got.status == 401 and got.problem is not None
    assert "code-123" not in got.reply.exchange.request_body


@respx.mock
def test_exchange_code_success_false_is_a_problem() -> None:
    respx.post(f"{BASE}/api/amo-crm/exchange-code").respond(200, json={"success": False})
    got = run(lambda c: api.exchange_code(c, TOKEN, "code-123"))
    assert got.problem is not None and got.problem.startswith(
        "exchange-code answered success=false"
    )


@respx.mock
def test_disconnect() -> None:
    respx.post(f"{BASE}/api/amo-crm/disconnect").respond(
        200, json={"success": True, "message": "AMO CRM disconnected", "data": None}
    )
    got = run(lambda c: api.disconnect(c, TOKEN))
    assert got.ok


PIPES = {
    "data": [
        {
            "id": 1,
            "name": "Main",
            "isMain": True,
            "stages": [
                {"id": 10, "pipelineId": 1, "name": "New", "sort": 10, "type": 0},
                {"id": "142", "name": "Won"},
            ],
        }
    ],
    "count": 1,
}


@respx.mock
def test_pipelines_parse_with_mixed_id_types() -> None:
    respx.get(f"{BASE}/api/amo-crm/pipelines").respond(200, json=PIPES)
    got = run(lambda c: api.get_pipelines(c, TOKEN))
    assert got.data is not None
    (pipe,) = got.data
    assert pipe.id == "1" and pipe.is_main
    assert [(s.id, s.pipeline_id, s.name) for s in pipe.stages] == [
        ("10", "1", "New"),
        ("142", "1", "Won"),
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"count": 0}, "pipelines answered without a `data` list"),
        ({"data": [{"name": "x"}]}, "pipelines answered an entry without an id"),
        ({"data": [{"id": 1}]}, "pipeline 1 has no `stages` list"),
        ({"data": [{"id": 1, "stages": [{"name": "s"}]}]}, "pipeline 1 has a stage without an id"),
    ],
)
@respx.mock
def test_pipelines_bad_shapes(body: Any, problem: str) -> None:
    respx.get(f"{BASE}/api/amo-crm/pipelines").respond(200, json=body)
    assert run(lambda c: api.get_pipelines(c, TOKEN)).problem == problem


def leads_handler(total: int, limit: int, fail_page: int | None = None) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        if page == fail_page:
            return httpx.Response(500, json={"message": "boom"})
        start = (page - 1) * limit
        ids = range(start + 1, min(total, start + limit) + 1)
        data = [{"id": i, "stageId": 10, "pipelineId": 1, "status": "NEW"} for i in ids]
        pages = -(-total // limit)
        return httpx.Response(
            200,
            json={"data": data, "total": total, "page": page, "limit": limit, "totalPages": pages},
        )

    return handler


@respx.mock
def test_fetch_all_leads_reads_every_page() -> None:
    route = respx.get(f"{BASE}/api/v1/leads").mock(side_effect=leads_handler(250, 100))
    seen: list[tuple[int, int]] = []
    got = run(
        lambda c: api.fetch_all_leads(
            c, TOKEN, stage_id="10", on_progress=lambda d, t: seen.append((d, t))
        ),
        page_limit=100,
        rate_limit=0,
    )
    assert got.problems == []
    assert sorted(int(lead.id) for lead in got.leads) == list(range(1, 251))
    assert got.total == 250 and got.pages == 3 and len(got.evidence) == 3
    assert route.calls[0].request.url.params["page"] == "1"
    assert all(c.request.url.params["stageId"] == "10" for c in route.calls)
    assert seen[0] == (1, 3) and seen[-1] == (3, 3)


@respx.mock
def test_fetch_all_leads_keeps_going_past_a_bad_page() -> None:
    respx.get(f"{BASE}/api/v1/leads").mock(side_effect=leads_handler(300, 100, fail_page=2))
    got = run(lambda c: api.fetch_all_leads(c, TOKEN), page_limit=100, rate_limit=0)
    assert got.problems == ["page 2: leads answered HTTP 500: 'boom'"]
    assert len(got.leads) == 200


@respx.mock
def test_fetch_all_leads_cancel_stops_paging() -> None:
    respx.get(f"{BASE}/api/v1/leads").mock(side_effect=leads_handler(1000, 100))

    async def go(client: BackendClient) -> api.LeadsResult:
        cancel = asyncio.Event()
        cancel.set()  # cancelled once page 1 came back
        return await api.fetch_all_leads(client, TOKEN, cancel=cancel)

    got = run(go, page_limit=100, rate_limit=0)
    assert got.cancelled and len(got.leads) == 100 and len(got.evidence) == 1


@pytest.mark.parametrize(
    ("response", "empty_as"),
    [
        (httpx.Response(204), "204"),
        (
            httpx.Response(
                200, json={"data": [], "total": 0, "page": 1, "limit": 100, "totalPages": 0}
            ),
            "[]",
        ),
    ],
)
@respx.mock
def test_empty_stage_is_fine_as_204_or_empty_list(response: httpx.Response, empty_as: str) -> None:
    respx.get(f"{BASE}/api/v1/leads").mock(return_value=response)
    got = run(lambda c: api.fetch_all_leads(c, TOKEN, stage_id="143"))
    assert got.problems == [] and got.leads == [] and got.empty_as == empty_as


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"total": 3}, "leads answered without a `data` list"),
        ({"data": [{"name": 1}], "total": 1}, "leads page 1 has an entry without an id"),
        ({"data": [], "total": "many"}, "leads page 1 has no whole-number `total`"),
        ({"data": [], "total": 5, "totalPages": 10**9}, "leads page 1 claims 1000000000 pages"),
    ],
)
@respx.mock
def test_leads_bad_shapes(body: Any, problem: str) -> None:
    respx.get(f"{BASE}/api/v1/leads").respond(200, json=body)
    got = run(lambda c: api.fetch_all_leads(c, TOKEN))
    assert len(got.problems) == 1 and got.problems[0].startswith(problem)


@respx.mock
def test_leads_uses_profile_param_names() -> None:
    route = respx.get(f"{BASE}/api/v1/leads").respond(204)

    async def go(client: BackendClient) -> Any:
        client.profile.params["stage"] = "stage_id"
        return await api.leads_page(client, TOKEN, 2, stage_id="7", status="NEW", limit=50)

    got = run(go)
    assert got.data is not None and got.data.empty_as == "204"
    params = route.calls.last.request.url.params
    assert (params["page"], params["limit"], params["stage_id"], params["status"]) == (
        "2",
        "50",
        "7",
        "NEW",
    )


def test_lead_parse_tolerates_odd_types() -> None:
    lead = api.parse_lead({"id": 5.0, "price": "12.5", "stageId": True, "guestName": 3})
    assert lead == api.Lead(id="5", price=12.5)
    assert api.parse_lead({"id": None}) is None
    assert api.parse_lead("x") is None


# -- concurrent paging equals sequential paging ------------------------------------------------


def page_server(total: int, limit: int) -> Any:
    """A loopback handler serving leads pages; later pages answer sooner, so pages asked
    for together come back out of order."""
    from tests.backend.loopback import Request, answer

    pages = -(-total // limit)

    async def handler(request: Request, writer: asyncio.StreamWriter) -> None:
        query = dict(p.split("=", 1) for p in request.target.split("?", 1)[1].split("&"))
        page = int(query["page"])
        await asyncio.sleep(0.002 * (pages - page))
        start = (page - 1) * limit
        ids = range(start + 1, min(total, start + limit) + 1)
        data = [{"id": i, "stageId": 10 + i % 3, "pipelineId": 1, "status": "NEW"} for i in ids]
        body = {"data": data, "total": total, "page": page, "limit": limit, "totalPages": pages}
        await answer(writer, body=json.dumps(body).encode())

    return handler


def load_over_loopback(sequential: bool, concurrency: int) -> tuple[api.LeadsResult, int]:
    from tests.backend.loopback import serving

    async def scenario() -> tuple[api.LeadsResult, int]:
        async with serving(page_server(2345, 100)) as server:
            prof = Profile(name="t", base_url=server.url, rate_limit=0, concurrency=concurrency)
            async with BackendClient(prof, Recorder()) as client:
                got = await api.fetch_all_leads(client, TOKEN, sequential=sequential)
            return got, server.peak

    return asyncio.run(scenario())


def test_concurrent_leads_equal_sequential_leads() -> None:
    together, peak_together = load_over_loopback(sequential=False, concurrency=4)
    one_by_one, peak_alone = load_over_loopback(sequential=True, concurrency=4)
    assert together.problems == one_by_one.problems == []
    # The same rows in the same order (page order), whatever order the pages came back in.
    assert together.leads == one_by_one.leads
    assert [int(lead.id) for lead in together.leads] == list(range(1, 2346))
    assert (together.total, together.pages) == (one_by_one.total, one_by_one.pages) == (2345, 24)
    assert len(together.evidence) == len(one_by_one.evidence) == 24
    # Observed at the server: pages in flight together, up to the profile's bound, or one.
    assert peak_together == 4 and peak_alone == 1


def test_paging_never_exceeds_the_profiles_bound() -> None:
    got, peak = load_over_loopback(sequential=False, concurrency=2)
    assert peak == 2 and len(got.leads) == 2345


@respx.mock
def test_paging_evidence_is_in_page_order() -> None:
    respx.get(f"{BASE}/api/v1/leads").mock(side_effect=leads_handler(1000, 100))

    async def go(client: BackendClient) -> tuple[api.LeadsResult, dict[str, str]]:
        got = await api.fetch_all_leads(client, TOKEN)
        return got, {x.id: x.url for x in client.recorder.exchanges}

    got, urls = run(go, page_limit=100, rate_limit=0, concurrency=4)
    pages = [httpx.URL(urls[x]).params["page"] for x in got.evidence]
    assert pages == [str(n) for n in range(1, 11)]


# -- shapes of later backend versions ----------------------------------------------------------


def amocrm_pipelines() -> dict[str, Any]:
    statuses = [
        {"id": 10, "name": "New", "sort": 10, "pipeline_id": 1, "type": 0},
        {"id": 142, "name": "Won", "sort": 10000, "pipeline_id": 1, "type": 0},
    ]
    pipeline = {"id": 1, "name": "Main", "is_main": True, "_embedded": {"statuses": statuses}}
    return {"_total_items": 1, "_embedded": {"pipelines": [pipeline]}}


@pytest.mark.parametrize(
    "body",
    [
        {"success": True, "message": "Success", "data": amocrm_pipelines()},
        amocrm_pipelines(),
        {"data": amocrm_pipelines()["_embedded"]["pipelines"]},
    ],
    ids=["under-data", "bare", "list-of-amocrm-pipelines"],
)
@respx.mock
def test_pipelines_in_amocrms_own_shape_say_where_the_stages_are(body: Any) -> None:
    respx.get(f"{BASE}/api/amo-crm/pipelines").respond(200, json=body)
    got = run(lambda c: api.get_pipelines(c, TOKEN))
    assert got.data is None and got.problem is not None
    assert "`_embedded.statuses`" in got.problem and "`stages`" in got.problem
    pipes, problem = api.parse_pipelines(body, lenient=True)
    assert problem is None
    (pipe,) = pipes
    assert pipe.is_main and pipe.stages_from == "_embedded.statuses"
    assert [(s.id, s.pipeline_id, s.name) for s in pipe.stages] == [
        ("10", "1", "New"),
        ("142", "1", "Won"),
    ]


@pytest.mark.parametrize("has_tokens", [False, True])
@respx.mock
def test_status_connected_null_is_not_a_true_false_answer(has_tokens: bool) -> None:
    # The checks read what a `connected: null` means (no token at all, or not); the typed
    # call only takes true or false.
    data = {"connected": None, "hasTokens": has_tokens}
    respx.get(f"{BASE}/api/amo-crm/status").respond(200, json={"success": True, "data": data})
    got = run(lambda c: api.status(c, TOKEN))
    assert got.data is None and got.problem == (
        "status answered without a true/false `connected` field"
    )


@respx.mock
def test_problems_are_translatable_text() -> None:
    from amogui.base.i18n import Text

    respx.get(f"{BASE}/api/amo-crm/status").respond(500, json={"message": "Failed"})
    respx.get(f"{BASE}/api/v1/leads").respond(500, json={"message": "boom"})
    got = run(lambda c: api.status(c, TOKEN))
    assert isinstance(got.problem_text, Text) and got.problem == str(got.problem_text)
    leads = run(lambda c: api.fetch_all_leads(c, TOKEN))
    assert all(isinstance(p, Text) for p in leads.problem_texts)
    assert leads.problems == ["leads answered HTTP 500: 'boom'"]
