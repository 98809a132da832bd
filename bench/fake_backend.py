"""A stand-in admin backend for benchmarks, in its own process.

It serves the two endpoints the Leads tab reads (pipelines and paged leads, in the real
admin backend's shapes) on loopback, answering every request after `--delay` seconds
like the sandbox's `slow` fault. It runs in a separate process on purpose: a benchmark of
the GUI thread must not count the server's own work as a stall.

    python bench/fake_backend.py --leads 50000 --delay 2
    -> prints "READY http://127.0.0.1:PORT" once it listens
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.applications import Starlette

STAGES = [(101, "Нова заявка"), (102, "Переговори"), (103, "Успішно"), (104, "Порожня")]
PIPELINE = {
    "id": 10,
    "name": "Продажі",
    "sort": 1,
    "isMain": True,
    "stages": [
        {"id": sid, "pipelineId": 10, "name": name, "sort": i, "color": "#99ccff", "type": 0}
        for i, (sid, name) in enumerate(STAGES)
    ],
}


def lead(i: int) -> dict[str, object]:
    stage = STAGES[i % 3][0]  # the fourth stage stays empty
    return {
        "id": i,
        "guestName": f"Гість {i:06d}",
        "guestPhone": f"+38050{i:07d}",
        "guestEmail": f"guest{i}@example.test",
        "status": ("NEW", "IN_PROGRESS", "QUALIFIED")[i % 3],
        "price": (i * 7919) % 1_000_000,
        "amoLeadId": 30_000_000 + i,
        "pipelineId": 10,
        "stageId": stage,
        "responsibleUserId": 5,
        "createdAt": "2026-01-01T10:00:00.000Z",
        "updatedAt": "2026-01-02T10:00:00.000Z",
    }


def make_app(total: int, delay: float) -> Starlette:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def pipelines(request: Request) -> Response:
        await asyncio.sleep(delay)
        return JSONResponse({"data": [PIPELINE], "count": 1})

    async def leads(request: Request) -> Response:
        await asyncio.sleep(delay)
        page = max(1, int(request.query_params.get("page", "1")))
        limit = min(100, max(1, int(request.query_params.get("limit", "100"))))
        start = (page - 1) * limit
        items = [lead(i + 1) for i in range(start, min(start + limit, total))]
        body = {
            "data": items,
            "total": total,
            "page": page,
            "limit": limit,
            "totalPages": -(-total // limit),
        }
        return Response(json.dumps(body), media_type="application/json")

    return Starlette(
        routes=[
            Route("/api/amo-crm/pipelines", pipelines),
            Route("/api/v1/leads", leads),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args(argv)
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        make_app(args.leads, args.delay),
        log_level="warning",
        access_log=False,
        lifespan="off",
        backlog=2048,
        limit_concurrency=None,
    )
    server = uvicorn.Server(config)

    async def serve() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to await
            await asyncio.sleep(0.01)
        print(f"READY http://127.0.0.1:{port}", flush=True)
        await task

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
