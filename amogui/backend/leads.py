"""Loading what the Leads tab shows, Qt-free: the pipelines, then every page of leads.

`LeadsLoader.load` never blocks the caller's event loop. With a client on httpx's own
network transport the pages are read on a worker thread with its own event loop and its own
`BackendClient` (same profile): recording an exchange redacts its body, which costs about
25 ms per 100-lead page, and a few pages arriving together would otherwise stall a window
for 50-100 ms. Exchanges still reach the caller's recorder, on the caller's loop. A client
on an injected transport (MockTransport, an ASGI app in this process) is used as it is, on
the caller's loop: a fresh worker client would reach for the network instead.

Pages after the first are read concurrently up to the profile's bound and kept in page
order (`api.fetch_all_leads`); ``sequential=True`` reads them one after another, the
baseline the benchmark compares with. Cancel stops asking for more pages.

Only the standard library is imported at module level: the window imports this module at
start-up and loads the HTTP stack later, off its GUI thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from amogui.backend.api import ApiResult, LeadsResult, Pipeline
    from amogui.backend.client import BackendClient
    from amogui.backend.recorder import Recorder
    from amogui.run.exchange import Exchange

T = TypeVar("T")
Fetched = tuple["ApiResult[list[Pipeline]]", "LeadsResult"]
Progress = Callable[[int, int], None]  # (pages read, pages in all)


async def in_thread(func: Callable[[], T], name: str = "amogui-leads") -> T:
    """Run `func` on a new daemon thread; await its result on the calling loop."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def finish(result: Any, error: BaseException | None) -> None:
        if done.done():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)

    def work() -> None:
        try:
            result = func()
        except BaseException as exc:  # handed to the awaiting task, never lost
            error: BaseException | None = exc
            result = None
        else:
            error = None
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(finish, result, error)

    threading.Thread(target=work, name=name, daemon=True).start()
    return await done


def pages_in_thread(client: BackendClient) -> bool:
    """Does `client` talk to the network through httpx's own transport (then the pages can
    be read by a fresh client on a worker thread)?"""
    import httpx

    transport = getattr(getattr(client, "_client", None), "_transport", None)
    return isinstance(transport, httpx.AsyncHTTPTransport)


class ForwardingRecorder:
    """A worker thread's recorder: ids from the caller's recorder, exchanges handed to it
    on the caller's loop (so its `on_exchange` callback never runs on the worker thread)."""

    def __init__(self, target: Recorder, loop: asyncio.AbstractEventLoop) -> None:
        self.target = target
        self.loop = loop

    def next_id(self) -> str:
        return self.target.next_id()  # locked: unique across threads

    def add(self, exchange: Exchange) -> None:
        try:
            self.loop.call_soon_threadsafe(self.target.add, exchange)
        except RuntimeError:  # the caller's loop has closed (the window is gone)
            self.target.exchanges.append(exchange)


async def fetch_everything(
    client: BackendClient,
    token: str | None,
    on_progress: Progress,
    cancel: asyncio.Event | None,
    *,
    sequential: bool = False,
) -> Fetched:
    """The pipelines, then every page of leads, on the caller's loop."""
    from amogui.backend import api

    pipes = await api.get_pipelines(client, token)
    if cancel is not None and cancel.is_set():
        return pipes, api.LeadsResult(cancelled=True)
    leads = await api.fetch_all_leads(
        client, token, on_progress=on_progress, cancel=cancel, sequential=sequential
    )
    return pipes, leads


class LeadsLoader:
    """One load of the pipelines and every page of leads; `cancel` may come from anywhere."""

    def __init__(
        self,
        client: BackendClient,
        token: str | None,
        *,
        sequential: bool = False,
        worker_thread: bool | None = None,
    ) -> None:
        self.client = client
        self.token = token
        self.sequential = sequential
        # None: on a worker thread when the client is on httpx's own transport.
        self.worker_thread = pages_in_thread(client) if worker_thread is None else worker_thread
        self._cancel_requested = threading.Event()
        self._running: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._cancel_requested.is_set()

    def cancel(self) -> None:
        """Stop asking for more pages (thread-safe); pages already asked for still arrive."""
        with self._lock:
            self._cancel_requested.set()
            if self._running is not None:
                loop, event = self._running
                with contextlib.suppress(RuntimeError):  # that loop has just finished
                    loop.call_soon_threadsafe(event.set)

    async def load(self, on_progress: Progress) -> Fetched:
        if not self.worker_thread:
            return await self._fetch(self.client, on_progress)
        caller = asyncio.get_running_loop()

        def progress(done: int, total: int) -> None:
            with contextlib.suppress(RuntimeError):  # the caller's loop has closed
                caller.call_soon_threadsafe(on_progress, done, total)

        return await in_thread(lambda: asyncio.run(self._in_worker(caller, progress)))

    async def _in_worker(self, caller: asyncio.AbstractEventLoop, progress: Progress) -> Fetched:
        from amogui.backend.client import BackendClient

        recorder = cast("Recorder", ForwardingRecorder(self.client.recorder, caller))
        async with BackendClient(self.client.profile, recorder) as worker:
            return await self._fetch(worker, progress)

    async def _fetch(self, client: BackendClient, progress: Progress) -> Fetched:
        cancel = asyncio.Event()
        with self._lock:
            self._running = (asyncio.get_running_loop(), cancel)
            if self._cancel_requested.is_set():
                cancel.set()
        try:
            return await fetch_everything(
                client, self.token, progress, cancel, sequential=self.sequential
            )
        finally:
            with self._lock:
                self._running = None
