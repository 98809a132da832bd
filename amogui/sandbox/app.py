"""Assemble both ASGI apps around one runtime, with the slow switch and request logging."""

from __future__ import annotations

import asyncio
import collections
import logging
import math
import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any

import httpx
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amogui.base.redact import REDACTOR
from amogui.sandbox.amocrm import amocrm_app
from amogui.sandbox.backend import backend_app, express_404, fail
from amogui.sandbox.config import DemoUser, SandboxConfig
from amogui.sandbox.runtime import CALLBACK_PATH, Runtime
from amogui.sandbox.store import Store

log = logging.getLogger("amogui.sandbox")

# Addresses the in-process apps answer to (nothing listens there; ASGI transports only).
ASGI_BACKEND_URL = "http://backend.sandbox"
ASGI_AMOCRM_URL = "http://amocrm.sandbox"


class SlowSwitch:
    """The "slow" fault: every backend response waits `delay` seconds (without blocking)."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.rt = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.rt.has("slow"):
            await asyncio.sleep(self.rt.config.delay)
        await self.app(scope, receive, send)


class RateLimit:
    """The "rate-limit" fault: at most `config.rate` requests in any second reach the
    backend; beyond that it answers 429 with Retry-After, as a rate-limited server does."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.rt = runtime
        self._taken: collections.deque[float] = collections.deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The limit stands for amoCRM's, which the backend's API routes pass on; the
        # callback is opened by the tester's browser, which would not ask again.
        limited = scope["type"] == "http" and scope.get("path") != CALLBACK_PATH
        if limited and self.rt.has("rate-limit"):
            wait = self._refused_for(time.monotonic())
            if wait is not None:
                response = too_many_requests(wait)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _refused_for(self, now: float) -> float | None:
        """None when the request may pass (and is counted), else seconds to wait."""
        while self._taken and self._taken[0] <= now - 1.0:
            self._taken.popleft()
        if len(self._taken) < self.rt.config.rate:
            self._taken.append(now)
            return None
        return self._taken[0] + 1.0 - now


def too_many_requests(wait: float) -> Response:
    body = {"success": False, "message": "Too many requests, please try again later."}
    # Retry-After is whole seconds: round up, so a client that waits it is let through.
    return JSONResponse(body, 429, headers={"Retry-After": str(max(1, math.ceil(wait)))})


class RequestLog:
    """One redacted line per request: the callback URL carries amoCRM codes."""

    def __init__(self, app: ASGIApp, runtime: Runtime, side: str) -> None:
        self.app = app
        self.rt = runtime
        self.side = side

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.rt.config.log_requests:
            await self.app(scope, receive, send)
            return
        status = [0]

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        query = scope.get("query_string", b"").decode("latin-1")
        target = scope["path"] + (f"?{query}" if query else "")
        log.info("%s %s %s -> %s", self.side, scope["method"], REDACTOR.url(target), status[0])


def wrap(runtime: Runtime) -> tuple[ASGIApp, ASGIApp]:
    """The backend and amoCRM apps of a runtime, with their middleware."""
    backend = backend_app(runtime)
    backend.add_exception_handler(404, _not_found)
    backend.add_exception_handler(Exception, _server_error)
    amocrm = amocrm_app(runtime)
    return (
        RequestLog(RateLimit(SlowSwitch(backend, runtime), runtime), runtime, "backend"),
        RequestLog(amocrm, runtime, "amocrm"),
    )


async def _not_found(request: Any, exc: Exception) -> Any:
    return express_404(request)


async def _server_error(request: Any, exc: Exception) -> Any:
    # A bug in the sandbox still answers like the backend (the traceback goes to the log).
    return fail(500, "Internal server error")


class SandboxApps:
    """Both apps in-process, for fast tests through `httpx.ASGITransport`.

    The backend reaches the amoCRM app through an ASGI transport too, so the whole
    OAuth flow works without a socket. `backend_app, amocrm_app = make_apps(cfg)` works;
    close it (or use it as a context manager) to close the database.
    """

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.store = Store(self.config.db_path)
        self.store.seed_leads(self.config.leads, self.config.seed)
        self.runtime = Runtime(self.config, self.store, ASGI_BACKEND_URL, ASGI_AMOCRM_URL)
        self.backend, self.amocrm = wrap(self.runtime)
        self.runtime.amocrm_transport = httpx.ASGITransport(app=self.amocrm)

    def __iter__(self) -> Iterator[ASGIApp]:
        return iter((self.backend, self.amocrm))

    @property
    def base_url(self) -> str:
        return self.runtime.backend_url

    @property
    def amocrm_url(self) -> str:
        return self.runtime.amocrm_url

    @property
    def authorize_url(self) -> str:
        return self.runtime.authorize_url

    @property
    def client_id(self) -> str:
        return self.runtime.client_id

    @property
    def users(self) -> list[DemoUser]:
        return self.runtime.users

    def token_for(self, email: str, ttl: float | None = None) -> str:
        if ttl is None:
            return self.runtime.token_for(email)
        return self.runtime.token_for(email, ttl)

    @property
    def faults(self) -> frozenset[str]:
        return self.runtime.faults

    @property
    def active_faults(self) -> frozenset[str]:
        return self.runtime.active_faults

    def set_faults(self, faults: Iterable[str]) -> None:
        self.runtime.set_faults(faults)

    def backend_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """An AsyncClient on the backend app (close it: `async with`)."""
        transport = httpx.ASGITransport(app=self.backend)
        return httpx.AsyncClient(transport=transport, base_url=self.base_url, **kwargs)

    def amocrm_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """An AsyncClient on the amoCRM app (close it: `async with`)."""
        transport = httpx.ASGITransport(app=self.amocrm)
        return httpx.AsyncClient(transport=transport, base_url=self.amocrm_url, **kwargs)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> SandboxApps:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def make_apps(config: SandboxConfig | None = None) -> SandboxApps:
    return SandboxApps(config)
