"""The Leads tab's loader without Qt: on the caller's loop or on a worker thread, the
same leads in the same order, exchanges recorded on the caller's side, cancel from anywhere."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import httpx

from amogui.backend.client import BackendClient, Recorder
from amogui.backend.leads import Fetched, LeadsLoader, pages_in_thread
from amogui.settings.profiles import Profile
from tests.backend.loopback import Request, answer, serving, until

TOTAL, LIMIT = 730, 100
PIPES = {"data": [{"id": 1, "name": "P", "stages": [{"id": 10, "name": "S"}]}], "count": 1}


def leads_body(page: int) -> dict[str, Any]:
    start = (page - 1) * LIMIT
    data = [
        {"id": i, "stageId": 10, "pipelineId": 1}
        for i in range(start + 1, min(TOTAL, start + LIMIT) + 1)
    ]
    return {"data": data, "total": TOTAL, "page": page, "limit": LIMIT, "totalPages": 8}


def mock(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/pipelines"):
        return httpx.Response(200, json=PIPES)
    return httpx.Response(200, json=leads_body(int(request.url.params["page"])))


def profile(url: str) -> Profile:
    return Profile(name="t", base_url=url, rate_limit=0, concurrency=3)


def load_in_loop(sequential: bool) -> Fetched:
    async def scenario() -> Fetched:
        client = BackendClient(profile("http://backend.test"), transport=httpx.MockTransport(mock))
        async with client:
            loader = LeadsLoader(client, "jwt", sequential=sequential)
            assert not loader.worker_thread  # an injected transport stays on this loop
            return await loader.load(lambda done, total: None)

    return asyncio.run(scenario())


def test_on_the_callers_loop_concurrent_and_sequential_agree() -> None:
    (pipes, together), (_, alone) = load_in_loop(False), load_in_loop(True)
    assert pipes.ok and [p.name for p in pipes.data or []] == ["P"]
    assert together.leads == alone.leads
    assert [int(lead.id) for lead in together.leads] == list(range(1, TOTAL + 1))


async def handle(request: Request, writer: asyncio.StreamWriter) -> None:
    if "/pipelines" in request.target:
        await answer(writer, body=json.dumps(PIPES).encode())
        return
    page = int(request.target.split("page=")[1].split("&")[0])
    await answer(writer, body=json.dumps(leads_body(page)).encode())


def test_on_a_worker_thread_exchanges_reach_the_callers_recorder_on_its_thread() -> None:
    async def scenario() -> tuple[Fetched, Recorder, set[str]]:
        async with serving(handle) as server:
            recorder = Recorder()
            threads: set[str] = set()
            recorder.on_exchange = lambda _x: threads.add(threading.current_thread().name)
            client = BackendClient(profile(server.url), recorder)
            async with client:
                assert pages_in_thread(client)
                loader = LeadsLoader(client, "jwt")
                assert loader.worker_thread
                fetched = await loader.load(lambda done, total: None)
                await until(lambda: len(recorder.exchanges) == 9)  # pipelines + 8 pages
            return fetched, recorder, threads

    (pipes, leads), recorder, threads = asyncio.run(scenario())
    assert pipes.ok and leads.problems == []
    assert [int(lead.id) for lead in leads.leads] == list(range(1, TOTAL + 1))
    assert len({x.id for x in recorder.exchanges}) == 9
    assert threads == {threading.current_thread().name}


def test_cancel_before_the_pages_stops_after_the_pipelines() -> None:
    async def scenario() -> Fetched:
        client = BackendClient(profile("http://backend.test"), transport=httpx.MockTransport(mock))
        async with client:
            loader = LeadsLoader(client, "jwt")
            loader.cancel()
            return await loader.load(lambda done, total: None)

    pipes, leads = asyncio.run(scenario())
    assert pipes.ok and leads.cancelled and leads.leads == []


def test_cancel_from_another_thread_reaches_the_worker() -> None:
    async def scenario() -> Fetched:
        release = asyncio.Event()
        asked: list[str] = []

        async def slow(request: Request, writer: asyncio.StreamWriter) -> None:
            asked.append(request.target)
            if "page=1&" not in request.target and "/pipelines" not in request.target:
                await release.wait()
            await handle(request, writer)

        async with serving(slow) as server, BackendClient(profile(server.url)) as client:
            loader = LeadsLoader(client, "jwt")
            task = asyncio.create_task(loader.load(lambda done, total: None))
            await until(lambda: len(asked) >= 4)  # pipelines, page 1, pages in flight
            # From another thread; done before any held page is answered, so the
            # worker's loop sees the cancel before those answers.
            await asyncio.to_thread(loader.cancel)
            release.set()
            return await task

    _, leads = asyncio.run(scenario())
    assert leads.cancelled
    assert LIMIT <= len(leads.leads) < TOTAL
