"""`Sandbox` on real loopback sockets: start, stop, ports, two at once, the whole flow."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from amogui.sandbox import Sandbox, SandboxConfig, SandboxError, profile_for
from amogui.sandbox.config import DEMO_USERS
from amogui.sandbox.server import _url
from amogui.settings.profiles import SANDBOX_PROFILE
from tests.sandbox.flow import bearer, callback_for, clients_at, connect, consent, status

ANNA, BOHDAN = DEMO_USERS


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def accepts(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


def test_start_serves_both_sides_on_free_loopback_ports_and_stop_closes_them() -> None:
    sandbox = Sandbox(SandboxConfig(leads=20))
    sandbox.start()
    try:
        assert sandbox.running
        assert urlsplit(sandbox.base_url).hostname == "127.0.0.1"
        assert port_of(sandbox.base_url) != port_of(sandbox.amocrm_url)
        assert sandbox.authorize_url == sandbox.amocrm_url + "/oauth"
        assert len(sandbox.users) >= 2 and sandbox.client_id
        with httpx.Client(base_url=sandbox.base_url) as client:
            answer = client.get("/api/amo-crm/status")
        assert answer.status_code == 401
        with httpx.Client() as client:
            page = client.get(sandbox.authorize_url, params={"client_id": sandbox.client_id})
        assert page.status_code == 200 and 'id="allow"' in page.text
    finally:
        sandbox.stop()
    assert not sandbox.running
    assert not accepts(sandbox.base_url) and not accepts(sandbox.amocrm_url)
    sandbox.stop()  # idempotent


def test_two_sandboxes_at_once_are_independent() -> None:
    with Sandbox(SandboxConfig(leads=10)) as one, Sandbox(SandboxConfig(leads=10)) as two:
        assert one.base_url != two.base_url
        token = one.token_for(ANNA.email)
        with httpx.Client() as client:
            mine = client.get(f"{one.base_url}/api/amo-crm/status", headers=bearer(token))
            theirs = client.get(f"{two.base_url}/api/amo-crm/status", headers=bearer(token))
        assert mine.status_code == 200
        assert theirs.status_code == 401  # each sandbox signs with its own secret


def test_a_given_port_and_a_busy_port() -> None:
    with Sandbox(SandboxConfig(leads=0)) as first:
        busy = port_of(first.base_url)
        with pytest.raises(SandboxError, match="cannot listen"):
            Sandbox(SandboxConfig(port=busy)).start()
    # The port is free again once the first one stopped.
    with Sandbox(SandboxConfig(port=busy, leads=0)) as again:
        assert port_of(again.base_url) == busy


def test_start_twice_is_refused() -> None:
    with Sandbox(SandboxConfig(leads=0)) as sandbox, pytest.raises(SandboxError):
        sandbox.start()


def test_whole_flow_over_real_sockets_and_faults_switched_at_run_time() -> None:
    async def scenario(sandbox: Sandbox) -> None:
        anna, bohdan = sandbox.token_for(ANNA.email), sandbox.token_for(BOHDAN.email)
        async with clients_at(sandbox.base_url, sandbox.amocrm_url) as c:
            answer = await connect(c, anna)
            assert answer.status_code == 200, answer.text
            assert (await status(c, anna))["connected"] is True
            assert (await status(c, bohdan))["connected"] is False
            sandbox.set_faults(["callback-js"])
            page = await callback_for(c, await consent(c))
            assert page.status_code == 200 and "window.location" in page.text
            sandbox.set_faults([])
            again = await callback_for(c, await consent(c))
            assert again.status_code == 302

    with Sandbox(SandboxConfig(leads=50)) as sandbox:
        asyncio.run(scenario(sandbox))
        assert sandbox.faults == frozenset()


def test_profile_for_points_at_the_sandbox() -> None:
    with Sandbox(SandboxConfig(leads=5, faults=frozenset({"jwt-403"}))) as sandbox:
        profile = profile_for(sandbox)
    assert profile.name == SANDBOX_PROFILE and profile.sandbox is True
    assert profile.base_url == sandbox.base_url
    assert profile.authorize_url == sandbox.authorize_url
    assert profile.client_id == sandbox.client_id
    assert profile.sandbox_faults == ["jwt-403"] and profile.sandbox_leads == 5
    assert profile.url("status") == sandbox.base_url + "/api/amo-crm/status"
    with pytest.raises(ValueError, match="not started"):
        profile_for(Sandbox())


def test_state_survives_a_restart_with_a_database_file(tmp_path: Path) -> None:
    config = SandboxConfig(leads=10, db_path=tmp_path / "sandbox.db")

    async def connect_anna(sandbox: Sandbox) -> None:
        async with clients_at(sandbox.base_url, sandbox.amocrm_url) as c:
            assert (await connect(c, sandbox.token_for(ANNA.email))).status_code == 200

    with Sandbox(config) as first:
        asyncio.run(connect_anna(first))
        token = first.token_for(ANNA.email)
    with Sandbox(config) as second, httpx.Client(base_url=second.base_url) as client:
        answer = client.get("/api/amo-crm/status", headers=bearer(token))
    assert answer.json()["data"]["hasTokens"] is True


def test_async_start_and_stop_leave_the_callers_loop_free() -> None:
    async def scenario() -> int:
        sandbox = Sandbox(SandboxConfig(leads=20))
        async with sandbox, httpx.AsyncClient(base_url=sandbox.base_url) as client:
            answer = await client.get("/api/v1/leads")
        return answer.status_code

    assert asyncio.run(scenario()) == 401


def test_set_faults_before_start_and_unknown_faults() -> None:
    sandbox = Sandbox(SandboxConfig(leads=0))
    sandbox.set_faults(["slow"])
    assert sandbox.faults == {"slow"}
    with pytest.raises(ValueError, match="unknown fault"):
        sandbox.set_faults(["bogus"])
    assert sandbox.faults == {"slow"}  # a refused switch changes nothing
    assert len(sandbox.users) >= 2 and sandbox.client_id  # known before start


def test_stop_ends_a_request_still_waiting_on_the_slow_fault() -> None:
    sandbox = Sandbox(SandboxConfig(leads=0, faults=frozenset({"slow"}), delay=120))
    sandbox.start()
    outcome: list[object] = []

    def ask() -> None:
        try:
            with httpx.Client(timeout=60) as client:
                outcome.append(client.get(f"{sandbox.base_url}/api/amo-crm/status"))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    waiting = threading.Thread(target=ask)
    waiting.start()
    backend_server = sandbox._servers[0]
    for _ in range(2000):  # wait (up to ~20 s) until the request is inside the server
        if backend_server.server_state.tasks:
            break
        time.sleep(0.01)
    assert backend_server.server_state.tasks, "the request never reached the server"
    sandbox.stop()  # must not wait 120 s for the sleeping request
    waiting.join(timeout=60)
    assert not sandbox.running and not waiting.is_alive()
    assert len(outcome) == 1


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:{port}"),
        # Every interface: the machine's own name, so links work from elsewhere too.
        ("0.0.0.0", "http://" + socket.gethostname() + ":{port}"),  # noqa: S104 - not bound
        ("::1", "http://[::1]:{port}"),
        ("localhost", "http://localhost:{port}"),
    ],
)
def test_urls_for_hosts(host: str, expected: str) -> None:
    sock = socket.socket()
    try:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        assert _url(host, sock) == expected.format(port=port)
    finally:
        sock.close()


def test_urls_for_every_interface_fall_back_to_loopback_without_a_usable_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unresolvable(*args: object, **kwargs: object) -> object:
        raise socket.gaierror("no such name")

    monkeypatch.setattr(socket, "getaddrinfo", unresolvable)
    sock = socket.socket()
    try:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        assert _url("0.0.0.0", sock) == f"http://127.0.0.1:{port}"  # noqa: S104
        assert _url("::", sock) == f"http://[::1]:{port}"
    finally:
        sock.close()
