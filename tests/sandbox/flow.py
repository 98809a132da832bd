"""The OAuth flow and common requests, for in-process apps and real sockets alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

from amogui.sandbox.app import SandboxApps
from amogui.sandbox.config import ACCOUNTS, CLIENT_ID


@dataclass
class Clients:
    backend: httpx.AsyncClient
    amocrm: httpx.AsyncClient


@asynccontextmanager
async def clients_for(apps: SandboxApps) -> AsyncIterator[Clients]:
    async with apps.backend_client() as backend, apps.amocrm_client() as amocrm:
        yield Clients(backend, amocrm)


@asynccontextmanager
async def clients_at(backend_url: str, amocrm_url: str) -> AsyncIterator[Clients]:
    """Clients on real sockets."""
    async with (
        httpx.AsyncClient(base_url=backend_url) as backend,
        httpx.AsyncClient(base_url=amocrm_url) as amocrm,
    ):
        yield Clients(backend, amocrm)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def consent(
    clients: Clients, state: str | None = "st-1", decision: str = "allow", account: int = 0
) -> httpx.Response:
    """Submit the consent form as a browser would; the answer is amoCRM's redirect."""
    form = {
        "client_id": CLIENT_ID,
        "state": state or "",
        "mode": "popup",
        "account": str(account or ACCOUNTS[0].id),
        "decision": decision,
    }
    return await clients.amocrm.post("/oauth", data=form)


async def callback_for(clients: Clients, redirect: httpx.Response) -> httpx.Response:
    """Follow amoCRM's redirect to the backend callback (without following its answer)."""
    location = urlsplit(redirect.headers["location"])
    return await clients.backend.get(f"{location.path}?{location.query}")


async def new_code(clients: Clients, state: str = "st-1") -> str:
    redirect = await consent(clients, state)
    return query_of(redirect.headers["location"])["code"]


async def connect(clients: Clients, token: str) -> httpx.Response:
    """The whole checklist flow for one user: consent, callback, exchange-code."""
    redirect = await consent(clients)
    answer = await callback_for(clients, redirect)
    code = query_of(answer.headers["location"])["code"]
    return await clients.backend.post(
        "/api/amo-crm/exchange-code", json={"code": code}, headers=bearer(token)
    )


async def status(clients: Clients, token: str) -> dict[str, object]:
    answer = await clients.backend.get("/api/amo-crm/status", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert isinstance(data, dict)
    return data
