"""leads.filter against the pipelines answers the real backend gave: 403 to a broker, and
amoCRM's own format (stages under `_embedded.statuses`). Each failure says where the stages
are, fills expected and actual, and tests the filters with what it found."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import httpx
import respx

from amogui.backend.client import BackendClient, Recorder
from amogui.checks.context import RunContext
from amogui.checks.leads import AMOCRM_FORMAT, APP_FORMAT, read_stages
from amogui.checks.runner import Runner
from amogui.run.state import CheckResult, Run, Status
from amogui.settings.profiles import Profile

BASE = "http://backend.test"


def jwt(role: str) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part({'id': '7', 'role': role})}.c2lnbmF0dXJl"


LEADS = [
    {"id": 1, "status": "NEW", "pipelineId": 10, "stageId": 101},
    {"id": 2, "status": "NEW", "pipelineId": 10, "stageId": 102},
    {"id": 3, "status": "CLOSED_WON", "pipelineId": 10, "stageId": 142},
]


def leads_route(request: httpx.Request) -> httpx.Response:
    params = request.url.params
    rows = LEADS
    if "stageId" in params:
        rows = [r for r in rows if str(r["stageId"]) == params["stageId"]]
    elif "status" in params:
        rows = [r for r in rows if r["status"] == params["status"]]
    limit = int(params.get("limit", "100"))
    page = {"data": rows[:limit], "total": len(rows), "page": 1, "limit": limit,
            "totalPages": 1}  # fmt: skip
    return httpx.Response(200, json=page)


AMOCRM_PIPELINES = {
    "_total_items": 1,
    "_embedded": {
        "pipelines": [
            {
                "id": 10,
                "name": "Воронка",
                "is_main": True,
                "_embedded": {
                    "statuses": [
                        {"id": 101, "name": "Новий", "pipeline_id": 10},
                        {"id": 102, "name": "В роботі", "pipeline_id": 10},
                        {"id": 142, "name": "Успішно", "pipeline_id": 10},
                    ]
                },
            }
        ]
    },
}


def run_filter(token: str) -> CheckResult:
    async def scenario() -> CheckResult:
        profile = Profile("t", BASE, rate_limit=0.0)
        async with BackendClient(profile, Recorder()) as client:
            ctx = RunContext(profile=profile, client=client, run=Run(), token_a=token)
            return (await Runner(ctx).run(["leads.filter"]))["leads.filter"]

    return asyncio.run(scenario())


@respx.mock
def test_a_broker_refused_the_pipelines_is_said_and_status_filters_still_run() -> None:
    respx.get(f"{BASE}/api/v1/leads").mock(side_effect=leads_route)
    respx.get(f"{BASE}/api/amo-crm/pipelines").respond(
        403, json={"message": "Forbidden: Admin access required"}
    )
    got = run_filter(jwt("BROKER"))
    assert got.status is Status.FAILED
    summary = str(got.summary)
    assert "closed to user A (BROKER)" in summary and "Admin access required" in summary
    assert "stage filter cannot load its stages" in summary
    assert "`stages` list" in str(got.expected)
    assert "HTTP 403" in str(got.actual) and "5 status filters tested" in str(got.actual)
    assert got.diagnosis is not None and got.diagnosis.problem_id == "amogui:pipelines-admin-only"
    assert len(got.evidence) == 2 + 5  # pipelines, the total, every status filter


@respx.mock
def test_amocrm_format_names_where_the_stages_are_and_tests_them() -> None:
    respx.get(f"{BASE}/api/v1/leads").mock(side_effect=leads_route)
    respx.get(f"{BASE}/api/amo-crm/pipelines").respond(200, json=AMOCRM_PIPELINES)
    got = run_filter(jwt("ADMIN"))
    assert got.status is Status.FAILED
    summary = str(got.summary)
    assert "amoCRM's own format" in summary and "`_embedded.statuses`" in summary
    assert "the stage filters hold with the stages found there" in summary
    assert (
        str(got.actual) == "1 pipeline, 3 stages (in _embedded.statuses), 3 leads across them of 3"
    )
    assert got.diagnosis is not None and got.diagnosis.problem_id == "amogui:pipelines-format"
    assert len(got.evidence) == 2 + 3 + 5


@respx.mock
def test_amocrm_format_with_a_broken_filter_says_both() -> None:
    def ignoring_stage(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        params.pop("stageId", None)
        return leads_route(httpx.Request("GET", request.url.copy_with(params=params)))

    respx.get(f"{BASE}/api/v1/leads").mock(side_effect=ignoring_stage)
    respx.get(f"{BASE}/api/amo-crm/pipelines").respond(200, json=AMOCRM_PIPELINES)
    got = run_filter(jwt("ADMIN"))
    summary = str(got.summary)
    assert "amoCRM's own format" in summary
    assert "returned 2 of 3 leads of another stage" in summary


def test_read_stages_in_both_formats() -> None:
    def reply(body: Any, status: int = 200) -> Any:
        from amogui.backend.client import Reply
        from amogui.run.exchange import Exchange

        content = json.dumps(body).encode()
        headers = httpx.Headers({"content-type": "application/json"})
        return Reply(Exchange("x", None, "GET", "u", "t"), status, headers, content)

    app = {"data": [{"id": 1, "name": "P", "stages": [{"id": 5, "pipelineId": 1}]}]}
    found = read_stages(reply(app), "ADMIN")
    assert (found.where, [s.id for s in found.stages], found.problem) == (APP_FORMAT, ["5"], None)
    amo = read_stages(reply({"data": AMOCRM_PIPELINES["_embedded"]["pipelines"]}), "ADMIN")
    assert amo.where == AMOCRM_FORMAT and [s.pipeline_id for s in amo.stages] == ["10"] * 3
    nothing = read_stages(reply({"data": [{"id": 1}]}), None)
    assert nothing.stages == [] and "has no stages" in str(nothing.problem)
    refused = read_stages(reply({"message": "Failed to get pipelines"}, 500), None)
    assert "HTTP 500" in str(refused.problem) and refused.defect == "server-error"
