"""`Sandbox`: both apps on real loopback sockets, served from a background thread.

The thread owns its own asyncio loop, so a GUI thread's loop never serves sandbox
requests. `start()` returns once both servers accept connections; `stop()` is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import threading
from collections.abc import Iterable
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

from amogui.sandbox.app import wrap
from amogui.sandbox.config import CLIENT_ID, DEMO_USERS, DemoUser, SandboxConfig
from amogui.sandbox.faults import check_faults, expand
from amogui.sandbox.runtime import Runtime
from amogui.sandbox.store import Store

log = logging.getLogger("amogui.sandbox")


class SandboxError(RuntimeError):
    """The sandbox could not start."""


def _bind(host: str, port: int) -> socket.socket:
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise SandboxError(f"cannot use host {host!r}: {exc.strerror or exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise SandboxError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def _url(host: str, sock: socket.socket) -> str:
    """The URL others reach a socket at: the bound host, or for every interface (0.0.0.0,
    ::) this machine's name, so links the sandbox hands out (the consent page's redirect,
    the printed URLs) work from another machine too."""
    port = sock.getsockname()[1]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}"
    if address.is_unspecified:
        return f"http://{_machine_name(address.version)}:{port}"
    return f"http://[{host}]:{port}" if address.version == 6 else f"http://{host}:{port}"


def _machine_name(version: int) -> str:
    """This machine's host name when it resolves to an address of it, else loopback."""
    name = socket.gethostname()
    try:
        socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return "[::1]" if version == 6 else "127.0.0.1"
    return name


class Sandbox:
    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.base_url = ""
        self.amocrm_url = ""
        self._runtime: Runtime | None = None
        self._servers: list[uvicorn.Server] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._lock = threading.Lock()
        self._stopping = False

    # -- public identity ----------------------------------------------------------------
    @property
    def authorize_url(self) -> str:
        return f"{self.amocrm_url}/oauth" if self.amocrm_url else ""

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            raise SandboxError("the sandbox is not running")
        return self._runtime

    @property
    def client_id(self) -> str:
        return CLIENT_ID

    @property
    def users(self) -> list[DemoUser]:
        return list(DEMO_USERS)

    @property
    def faults(self) -> frozenset[str]:
        """The switches as chosen (a preset stays one name)."""
        return self.runtime.faults if self._runtime is not None else self.config.faults

    @property
    def active_faults(self) -> frozenset[str]:
        """Every switch in effect, presets expanded: what a header of active faults shows."""
        return self.runtime.active_faults if self._runtime is not None else expand(self.faults)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._ready.is_set()

    def token_for(self, email: str, ttl: float | None = None) -> str:
        """A valid backend JWT for a demo user (a negative `ttl`: an expired one)."""
        if ttl is None:
            return self.runtime.token_for(email)
        return self.runtime.token_for(email, ttl)

    def set_faults(self, faults: Iterable[str]) -> None:
        """Switch faults at run time (unknown names raise `UnknownFaultError`)."""
        if self._runtime is None:
            self.config.faults = check_faults(faults)
            return
        self.runtime.set_faults(faults)
        self.config.faults = self.runtime.faults

    # -- life cycle ---------------------------------------------------------------------
    def start(self, timeout: float = 15) -> None:
        with self._lock:
            if self._thread is not None:
                raise SandboxError("the sandbox was already started")
            backend_sock = _bind(self.config.host, self.config.port)
            try:
                amocrm_sock = _bind(self.config.host, self.config.amocrm_port)
            except SandboxError:
                backend_sock.close()
                raise
            self.base_url = _url(self.config.host, backend_sock)
            self.amocrm_url = _url(self.config.host, amocrm_sock)
            self._thread = threading.Thread(
                target=self._thread_main,
                args=(backend_sock, amocrm_sock),
                name="amogui-sandbox",
                daemon=True,
            )
            self._thread.start()
        if not self._ready.wait(timeout) or self._failure is not None:
            failure = self._failure
            self.stop()
            raise SandboxError(f"the sandbox did not start: {failure or 'timed out'}")

    async def astart(self, wait: float = 15) -> None:
        """`start` without blocking the caller's event loop (seeding may take a moment)."""
        await asyncio.to_thread(self.start, wait)

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            thread, loop = self._thread, self._loop
        if thread is None:
            return
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already closed
                loop.call_soon_threadsafe(self._request_exit)
        thread.join(timeout=30)
        if thread.is_alive():  # pragma: no cover - uvicorn ignored its exit flag
            log.warning("the sandbox thread did not stop in time")

    async def astop(self) -> None:
        await asyncio.to_thread(self.stop)

    def _request_exit(self) -> None:
        for server in self._servers:
            server.should_exit = True

    # -- the thread ---------------------------------------------------------------------
    def _thread_main(self, backend_sock: socket.socket, amocrm_sock: socket.socket) -> None:
        loop = asyncio.new_event_loop()
        store: Store | None = None
        try:
            store = Store(self.config.db_path)
            store.seed_leads(self.config.leads, self.config.seed)
            self._runtime = Runtime(self.config, store, self.base_url, self.amocrm_url)
            backend, amocrm = wrap(self._runtime)
            self._servers = [_server(backend), _server(amocrm)]
            with self._lock:
                self._loop = loop
                if self._stopping:  # stop() came while the database was being seeded
                    return
            loop.run_until_complete(self._serve(backend_sock, amocrm_sock))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        except BaseException as exc:  # reported to start(); the thread must not die silently
            self._failure = exc
            log.exception("the sandbox stopped with an error")
        finally:
            backend_sock.close()
            amocrm_sock.close()
            loop.close()
            if store is not None:
                store.close()
            self._ready.set()  # wake a start() still waiting

    async def _serve(self, backend_sock: socket.socket, amocrm_sock: socket.socket) -> None:
        backend, amocrm = self._servers
        tasks = [
            asyncio.create_task(backend.serve(sockets=[backend_sock])),
            asyncio.create_task(amocrm.serve(sockets=[amocrm_sock])),
        ]
        if await _until_started(self._servers, tasks):
            self._ready.set()
        else:
            self._failure = SandboxError("a server stopped during start-up")
        # If one server ends (stop or failure), stop the other too.
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        self._request_exit()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Sandbox:
        await self.astart()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.astop()


async def _until_started(servers: list[uvicorn.Server], tasks: list[asyncio.Task[None]]) -> bool:
    """Wait until every server accepts connections; False if one ended first."""
    while not all(server.started for server in servers):
        if any(task.done() for task in tasks):
            return False
        await asyncio.sleep(0.01)
    return True


def _server(app: ASGIApp) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="off",
        ws="none",
        timeout_graceful_shutdown=1,  # a sandbox need not wait long for stragglers
    )
    return uvicorn.Server(config)
