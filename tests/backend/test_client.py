"""BackendClient against every kind of bad answer: each becomes a Reply with one clear
sentence (never an exception), and each exchange is recorded. The limits per host, the
429 handling, the deadlines and the clean cut-off of a large body have tests of their own
in test_client_limits.py and test_client_deadlines.py."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Coroutine
from typing import Any, TypeVar

import httpx
import pytest
import respx

from amogui.backend.client import BackendClient, Recorder, Reply
from amogui.base.redact import REDACTED
from amogui.settings.profiles import Profile

T = TypeVar("T")
BASE = "http://backend.test"


def profile(base: str = BASE, timeout: float = 5.0) -> Profile:
    return Profile(name="t", base_url=base, timeout=timeout)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def call(method: str, url: str, *, base: str = BASE, **kwargs: Any) -> tuple[Reply, Recorder]:
    recorder = Recorder()
    async with BackendClient(
        profile(base, kwargs.pop("timeout", 5.0)),
        recorder,
        body_cap=kwargs.pop("body_cap", 5 * 1024 * 1024),
    ) as client:
        reply = await client.request(method, url, **kwargs)
    return reply, recorder


@respx.mock
def test_json_answer_is_parsed_and_recorded() -> None:
    respx.get(f"{BASE}/api/amo-crm/status").respond(200, json={"success": True, "data": {}})
    reply, recorder = run(call("GET", "status"))
    assert reply.ok
    assert reply.json() == ({"success": True, "data": {}}, None)
    assert [x.id for x in recorder.exchanges] == [reply.exchange.id]
    assert recorder.exchanges[0].status == 200


@respx.mock
def test_token_never_reaches_the_recorded_exchange() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl"
    respx.get(f"{BASE}/api/amo-crm/status").respond(200, json={"echo": token})
    reply, recorder = run(call("GET", "status", token=token))
    stored = str(recorder.exchanges[0].to_dict())
    assert token not in stored
    assert REDACTED in stored
    assert token in reply.text  # the in-memory reply keeps what the check needs


@respx.mock
def test_timeout_is_a_sentence() -> None:
    respx.get(f"{BASE}/slow").mock(side_effect=httpx.ReadTimeout("timed out"))
    reply, recorder = run(call("GET", "/slow", timeout=1.5))
    assert not reply.ok and reply.status is None
    assert reply.error == (
        "no answer from backend.test within 1.5 s (timeout): the server took the request "
        "and sent nothing back"
    )
    assert recorder.exchanges[0].error == reply.error


def test_timeout_against_a_silent_loopback_server() -> None:
    async def scenario() -> Reply:
        release = asyncio.Event()

        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read(1)
            await release.wait()  # never answer until the client has given up
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            reply, _ = await call("GET", "/x", base=f"http://127.0.0.1:{port}", timeout=0.3)
        finally:
            release.set()
            server.close()
            await server.wait_closed()
        return reply

    reply = run(scenario())
    assert reply.error is not None and "timeout" in reply.error


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_refused_connection_is_a_sentence() -> None:
    port = free_port()
    reply, recorder = run(call("GET", "/x", base=f"http://127.0.0.1:{port}"))
    assert reply.error == f"could not connect to 127.0.0.1:{port}: connection refused"
    assert recorder.exchanges[0].status is None


def test_tls_error_is_a_sentence() -> None:
    async def scenario() -> Reply:
        async def plain(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read(100)
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

        server = await asyncio.start_server(plain, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            reply, _ = await call("GET", "/x", base=f"https://127.0.0.1:{port}")
        finally:
            server.close()
            await server.wait_closed()
        return reply

    reply = run(scenario())
    assert reply.error is not None
    assert reply.error.startswith("the TLS handshake with 127.0.0.1:")


@respx.mock
def test_tls_error_from_transport() -> None:
    import ssl

    exc = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    exc.__cause__ = ssl.SSLError("bad cert")
    respx.get(f"{BASE}/x").mock(side_effect=exc)
    reply, _ = run(call("GET", "/x"))
    assert reply.error is not None and reply.error.startswith("the TLS handshake with backend.test")


@respx.mock
def test_5xx_is_not_ok_but_keeps_the_body() -> None:
    respx.get(f"{BASE}/x").respond(500, json={"success": False, "message": "boom"})
    reply, _ = run(call("GET", "/x"))
    assert reply.error is None and reply.status == 500 and not reply.ok
    assert reply.json() == ({"success": False, "message": "boom"}, None)


@respx.mock
def test_html_instead_of_json() -> None:
    respx.get(f"{BASE}/x").respond(502, html="<html><body>Bad gateway</body></html>")
    reply, _ = run(call("GET", "/x"))
    data, problem = reply.json()
    assert data is None
    assert problem == "the answer (HTTP 502) is an HTML page where JSON was expected"


@respx.mock
def test_truncated_json() -> None:
    respx.get(f"{BASE}/x").respond(
        200, content=b'{"data": [1, 2', headers={"content-type": "application/json"}
    )
    reply, _ = run(call("GET", "/x"))
    data, problem = reply.json()
    assert data is None
    assert problem is not None and problem.startswith("the body is not valid JSON")


@respx.mock
def test_empty_body_where_json_expected() -> None:
    respx.get(f"{BASE}/x").respond(200, content=b"")
    reply, _ = run(call("GET", "/x"))
    assert reply.json()[1] == "the answer (HTTP 200) has an empty body where JSON was expected"


@respx.mock
def test_huge_body_is_read_with_a_cap() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(1000):  # 64 MB offered; the client must stop early
            yield b"x" * 65536

    respx.get(f"{BASE}/big").mock(
        return_value=httpx.Response(200, content=chunks(), headers={"content-type": "text/plain"})
    )
    reply, recorder = run(call("GET", "/big", body_cap=100_000))
    assert reply.truncated
    assert len(reply.body) == 100_000
    assert recorder.exchanges[0].response_truncated
    assert "larger than" in (reply.json()[1] or "")


@respx.mock
def test_redirect_loop_is_reported() -> None:
    respx.get(f"{BASE}/a").respond(302, headers={"location": f"{BASE}/b"})
    respx.get(f"{BASE}/b").respond(302, headers={"location": "/a"})
    reply, recorder = run(call("GET", "/a", follow_redirects=True, max_redirects=4))
    assert reply.error is not None and reply.error.startswith("redirect loop: more than 4")
    assert len(recorder.exchanges) == 5
    assert len(reply.history) == 4


@respx.mock
def test_redirect_stops_at_a_deep_link() -> None:
    respx.get(f"{BASE}/cb").respond(302, headers={"location": f"{BASE}/cb2"})
    respx.get(f"{BASE}/cb2").respond(
        302, headers={"location": "foryoure://amo-crm/callback?code=abcdef&state=s1"}
    )
    reply, recorder = run(call("GET", "/cb", follow_redirects=True))
    assert reply.error is None and reply.status == 302
    assert reply.headers["location"].startswith("foryoure://")
    assert "abcdef" not in str(recorder.exchanges[-1].to_dict())


@respx.mock
def test_connection_dropped_mid_body() -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield b'{"data": ['
        raise httpx.RemoteProtocolError("peer closed connection")

    respx.get(f"{BASE}/x").mock(return_value=httpx.Response(200, content=broken()))
    reply, recorder = run(call("GET", "/x"))
    assert reply.error is not None and "closed the connection" in reply.error
    assert recorder.exchanges[0].error == reply.error


def test_unsupported_scheme_and_bad_url() -> None:
    reply, _ = run(call("GET", "ftp://host/x"))
    assert reply.error is not None and "only http and https" in reply.error
    reply, _ = run(call("GET", "http://[::1/x"))
    assert reply.error is not None


@respx.mock
def test_many_requests_one_failing_keeps_all_evidence() -> None:
    respx.get(f"{BASE}/ok").respond(200, json={})
    respx.get(f"{BASE}/bad").mock(side_effect=httpx.ConnectError("Connection refused"))

    async def scenario() -> tuple[list[Reply], Recorder]:
        recorder = Recorder()
        async with BackendClient(profile(), recorder) as client:
            replies = await asyncio.gather(*(client.get(u) for u in ["/ok", "/bad", "/ok", "/ok"]))
        return list(replies), recorder

    replies, recorder = run(scenario())
    assert [r.ok for r in replies] == [True, False, True, True]
    assert len({x.id for x in recorder.exchanges}) == 4


def test_errors_are_translatable_text_and_english_strings() -> None:
    from amogui.base.i18n import Text

    port = free_port()
    reply, recorder = run(call("GET", "/x", base=f"http://127.0.0.1:{port}"))
    assert isinstance(reply.error_text, Text)
    assert reply.error == str(reply.error_text)
    assert reply.error_text.msgid == "could not connect to {host}: connection refused"
    assert recorder.exchanges[0].error == reply.error
    data, problem = reply.json()
    assert data is None and problem == reply.error


@pytest.mark.parametrize("ctype", ["application/json; charset=bogus-charset", "application/json"])
@respx.mock
def test_unknown_charset_falls_back_to_utf8(ctype: str) -> None:
    respx.get(f"{BASE}/x").respond(
        200, content='{"a": "ї"}'.encode(), headers={"content-type": ctype}
    )
    reply, _ = run(call("GET", "/x"))
    assert reply.json() == ({"a": "ї"}, None)
