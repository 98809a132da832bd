"""Each deadline ends a request in its own sentence (a trickling server, one that never
answers, a connection that never completes), a check-sized `deadline()` does the same for
a larger piece of work, and a cut-off body leaves nothing behind on stderr."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
from typing import Any

import pytest

from amogui.backend.client import BackendClient, DeadlineExceeded, Reply, deadline
from amogui.settings.profiles import Profile
from tests.backend.loopback import Request, full_backlog, reset, serving


def profile(url: str, **fields: Any) -> Profile:
    return Profile(name="t", base_url=url, rate_limit=0.0, **fields)


async def get(url: str, path: str = "/x", cap: int = 5_000_000, **fields: Any) -> Reply:
    async with BackendClient(profile(url, **fields), body_cap=cap) as client:
        return await client.get(path)


def test_a_trickling_server_ends_at_the_whole_request_deadline() -> None:
    async def scenario() -> Reply:
        async def trickle(request: Request, writer: asyncio.StreamWriter) -> None:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            with contextlib.suppress(ConnectionError):
                for _ in range(100_000):  # one byte at a time, each well inside `idle`
                    writer.write(b"x")
                    await writer.drain()
                    await asyncio.sleep(0.02)

        async with serving(trickle) as server:
            return await get(server.url, timeout=0.6, idle_timeout=5.0)

    reply = asyncio.run(scenario())
    host = reply.url.split("/")[2]
    assert reply.error == (
        f"no complete answer from {host} within 0.6 s (the server kept the connection open "
        "but sent too little)"
    )
    assert reply.status == 200 and 0 < len(reply.body) < 100_000  # what came is kept
    assert reply.exchange.error == reply.error


def test_a_server_that_never_answers_ends_at_the_idle_deadline() -> None:
    async def scenario() -> Reply:
        async def silent(request: Request, writer: asyncio.StreamWriter) -> None:
            await asyncio.sleep(30)

        async with serving(silent) as server:
            return await get(server.url, timeout=20.0, idle_timeout=0.3)

    reply = asyncio.run(scenario())
    assert reply.status is None
    assert reply.error is not None
    assert reply.error.startswith("no answer from 127.0.0.1:")
    assert "within 0.3 s (timeout): the server took the request and sent nothing back" in (
        reply.error
    )


def test_a_body_that_stops_midway_ends_at_the_idle_deadline() -> None:
    async def scenario() -> Reply:
        async def stall(request: Request, writer: asyncio.StreamWriter) -> None:
            writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"data": [')
            await writer.drain()
            await asyncio.sleep(30)

        async with serving(stall) as server:
            return await get(server.url, timeout=20.0, idle_timeout=0.3)

    reply = asyncio.run(scenario())
    assert reply.error is not None
    assert "stopped: nothing more came for 0.3 s after 10 bytes of the body" in reply.error


def test_a_connection_that_never_completes_ends_at_the_connect_deadline() -> None:
    server, fillers = full_backlog()
    port = server.getsockname()[1]
    try:
        reply = asyncio.run(get(f"http://127.0.0.1:{port}", connect_timeout=0.3))
    finally:
        for sock in (*fillers, server):
            sock.close()
    assert reply.error == f"could not connect to 127.0.0.1:{port} within 0.3 s (timeout)"


def test_no_wait_outlasts_the_whole_request() -> None:
    async def scenario() -> Reply:
        async def silent(request: Request, writer: asyncio.StreamWriter) -> None:
            await asyncio.sleep(30)

        async with serving(silent) as server:
            return await get(server.url, timeout=0.4, idle_timeout=15.0)

    reply = asyncio.run(scenario())
    assert reply.error is not None and "within 0.4 s (timeout)" in reply.error


def test_a_reset_mid_body_says_what_happened() -> None:
    async def scenario() -> Reply:
        async def crash(request: Request, writer: asyncio.StreamWriter) -> None:
            writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{"data": [')
            await writer.drain()
            await asyncio.sleep(0.05)
            reset(writer)

        async with serving(crash) as server:
            return await get(server.url)

    reply = asyncio.run(scenario())
    assert reply.error is not None
    assert reply.error.endswith(
        "closed the connection mid-answer, after 10 bytes of the body "
        "(connection reset by the server)"
    )
    assert "failed: ;" not in reply.error and ": )" not in reply.error


def test_a_reset_before_any_answer_says_so() -> None:
    async def scenario() -> Reply:
        async def crash(request: Request, writer: asyncio.StreamWriter) -> None:
            reset(writer)

        async with serving(crash) as server:
            return await get(server.url)

    reply = asyncio.run(scenario())
    assert reply.error is not None
    assert "closed the connection without answering" in reply.error


@pytest.mark.parametrize("hooks", [True, False], ids=["asyncio-hooks", "no-hooks-as-qasync"])
def test_a_cut_off_large_body_leaves_nothing_on_stderr(
    hooks: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    """A body over the cap is cut cleanly: no "async generator ignored GeneratorExit"
    (printed when an abandoned generator is finalised without the loop's asyncgen hooks,
    as under qasync), no unraisable exception of any kind."""
    unraisable: list[Any] = []
    previous = sys.unraisablehook
    sys.unraisablehook = unraisable.append

    async def scenario() -> Reply:
        if not hooks:
            sys.set_asyncgen_hooks(firstiter=None, finalizer=None)

        async def big(request: Request, writer: asyncio.StreamWriter) -> None:
            size = 4_000_000
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
            writer.write(b"Content-Length: %d\r\n\r\n" % size)
            with contextlib.suppress(ConnectionError):
                for _ in range(size // 65536 + 1):
                    writer.write(b"x" * 65536)
                    await writer.drain()

        async with serving(big) as server:
            reply = await get(server.url, cap=100_000)
        gc.collect()
        return reply

    try:
        reply = asyncio.run(scenario())
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert reply.truncated and len(reply.body) == 100_000 and reply.error is None
    assert unraisable == []
    err = capfd.readouterr().err
    assert "GeneratorExit" not in err and "Exception ignored" not in err


def test_deadline_ends_a_piece_of_work_in_a_sentence() -> None:
    async def scenario() -> str:
        with pytest.raises(DeadlineExceeded) as caught:
            async with deadline(0.2, "the check leads.load"):
                await asyncio.sleep(30)
        return str(caught.value)

    message = asyncio.run(scenario())
    assert (
        message == "the check leads.load did not finish within 0.2 s (its deadline); it was stopped"
    )


def test_deadline_lets_finished_work_and_its_own_timeouts_through() -> None:
    async def scenario() -> str:
        async with deadline(30, "quick work"):
            await asyncio.sleep(0)
        with pytest.raises(TimeoutError) as caught:
            async with deadline(30, "work with a timeout of its own"):
                raise TimeoutError("its own")
        assert not isinstance(caught.value, DeadlineExceeded)
        return str(caught.value)

    assert asyncio.run(scenario()) == "its own"


def test_deadline_text_is_translatable() -> None:
    async def scenario() -> DeadlineExceeded:
        try:
            async with deadline(0.05, "the check disconnect"):
                await asyncio.sleep(30)
        except DeadlineExceeded as exc:
            return exc
        raise AssertionError("no deadline")

    exc = asyncio.run(scenario())
    assert exc.text.msgid.startswith("{what} did not finish within {seconds} s")
    assert exc.text.params["seconds"] == "0.05"
