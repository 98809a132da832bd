"""Small HTTP/1.1 servers on 127.0.0.1 for the client's tests: each sees what really
arrives (how many requests at once, when by a test clock), answers as told, or misbehaves
(holds, trickles, resets, never answers)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

Handler = Callable[["Request", asyncio.StreamWriter], Awaitable[None]]


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]


@dataclass
class Loopback:
    handler: Handler
    requests: list[Request] = field(default_factory=list)
    pending: int = 0  # requests received and not yet answered
    peak: int = 0
    url: str = ""
    server: asyncio.Server | None = None
    tasks: set[asyncio.Task[None]] = field(default_factory=set)  # connections being served

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        try:
            while True:  # keep-alive: several requests per connection
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request = _parse(head)
                length = int(request.headers.get("content-length", "0") or 0)
                if length:
                    await reader.readexactly(length)
                self.requests.append(request)
                self.pending += 1
                self.peak = max(self.peak, self.pending)
                try:
                    await self.handler(request, writer)
                finally:
                    self.pending -= 1
                if writer.is_closing():
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(OSError, ConnectionError):
                await writer.wait_closed()


def _parse(head: bytes) -> Request:
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return Request(method, target, headers)


@contextlib.asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[Loopback]:
    box = Loopback(handler)
    box.server = await asyncio.start_server(box._serve, "127.0.0.1", 0)
    port = box.server.sockets[0].getsockname()[1]
    box.url = f"http://127.0.0.1:{port}"
    try:
        yield box
    finally:
        box.server.close()
        for task in list(box.tasks):  # a handler still holding or sleeping
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(box.server.wait_closed(), 5)


async def answer(
    writer: asyncio.StreamWriter,
    status: int = 200,
    body: bytes = b"{}",
    headers: dict[str, str] | None = None,
) -> None:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    head = (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    )
    writer.write(head.encode("latin-1") + body)
    await writer.drain()


def reset(writer: asyncio.StreamWriter) -> None:
    """Drop the connection with a TCP reset (SO_LINGER 0), as a crashing proxy does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def until(condition: Callable[[], bool], limit: float = 20.0) -> None:
    """Wait (polling) until `condition` holds; fail the test if it never does."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + limit
    while not condition():
        if loop.time() > give_up:
            raise AssertionError("the condition never held")
        await asyncio.sleep(0.005)


class FakeClock:
    """A clock the test moves by hand: `sleep` returns only once `advance` passed its end."""

    def __init__(self) -> None:
        self.time = 0.0
        self.sleepers = 0
        self._moved = asyncio.Condition()

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        end = self.time + seconds
        self.sleepers += 1
        try:
            async with self._moved:
                await self._moved.wait_for(lambda: self.time >= end)
        finally:
            self.sleepers -= 1

    async def advance(self, seconds: float) -> None:
        self.time += seconds
        async with self._moved:
            self._moved.notify_all()


def full_backlog() -> tuple[socket.socket, list[socket.socket]]:
    """A listening socket whose accept queue is full: a new connection never completes
    (the kernel drops its SYN), as with a host that does not answer."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(server.getsockname())
        fillers.append(filler)
    return server, fillers
