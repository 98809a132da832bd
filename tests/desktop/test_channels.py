"""Deep-link channels: the window and each headless run have an endpoint; a link reaches the
one whose flow it answers, and the others leave it alone."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from amogui.desktop.channels import (
    FlowClaims,
    endpoints,
    hand_over,
    is_run_endpoint,
    run_endpoint_name,
)
from amogui.desktop.ipc import IPCServer
from amogui.desktop.ipc_client import ServerLock
from tests.oauth.test_claims import PREFIX, registry_with_flow


def test_endpoint_names(ipc_name: str) -> None:
    run = run_endpoint_name(ipc_name)
    assert is_run_endpoint(run) and not is_run_endpoint(ipc_name)
    assert run != run_endpoint_name(ipc_name) and len(run) <= 100
    assert endpoints(ipc_name) == [ipc_name]  # the window's name, even with no file
    live = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    live.bind(run)
    Path(ipc_name + ".run-nothex").write_text("x", encoding="utf-8")
    Path(run + ".lock").write_text("", encoding="utf-8")
    try:
        assert endpoints(ipc_name) == [run, ipc_name]  # sockets only, runs first
    finally:
        live.close()
        for path in (run, run + ".lock", ipc_name + ".run-nothex"):
            os.unlink(path)


def _in_thread(fn: object, *args: object, **kw: object):  # type: ignore[no-untyped-def]
    pool = ThreadPoolExecutor(1)
    future = pool.submit(fn, *args, **kw)  # type: ignore[arg-type]
    pool.shutdown(wait=False)
    return future


@pytest.fixture
def three(qtbot: QtBot, ipc_name: str) -> Iterator[dict[str, object]]:
    """A window and two headless runs, each with one flow waiting for its link."""
    made: dict[str, object] = {}
    servers = []
    for key, name in (
        ("window", ipc_name),
        ("run1", run_endpoint_name(ipc_name)),
        ("run2", run_endpoint_name(ipc_name)),
    ):
        registry, state = registry_with_flow()
        server = IPCServer(name, claims=FlowClaims(lambda r=registry: r))
        server.listen()
        got: list[str] = []
        left: list[str] = []
        server.url_received.connect(lambda url, via, got=got: got.append(url))
        server.url_declined.connect(lambda url, via, left=left: left.append(url))
        made[key] = {"state": state, "got": got, "left": left, "registry": registry}
        servers.append(server)
    yield made
    for server in servers:
        server.shutdown()


def deliver(qtbot: QtBot, url: str, base: str):  # type: ignore[no-untyped-def]
    future = _in_thread(hand_over, url, "argv", 3.0, base=base)
    qtbot.waitUntil(future.done, timeout=10_000)
    return future.result()


def test_each_link_reaches_the_run_whose_flow_it_answers(
    qtbot: QtBot, ipc_name: str, three: dict[str, dict[str, object]]
) -> None:
    for key in ("run2", "window", "run1"):
        url = f"{PREFIX}?code=c-{key}&state={three[key]['state']}"
        handover = deliver(qtbot, url, ipc_name)
        assert handover.taken and len(handover.taken_by) == 1
        assert three[key]["got"] == [url]
    for key in ("window", "run1", "run2"):
        assert len(three[key]["left"]) == 2  # the others' links, left alone quietly


def test_a_link_for_nobody_is_taken_by_none(
    qtbot: QtBot, ipc_name: str, three: dict[str, dict[str, object]]
) -> None:
    handover = deliver(qtbot, f"{PREFIX}?code=x&state=from-a-dead-run", ipc_name)
    assert not handover.taken and handover.anyone_alive
    assert "none of the 3 running amoguis was waiting" in handover.sentence()
    assert all(not three[k]["got"] for k in three)


def test_a_stale_run_endpoint_is_cleaned_up(qtbot: QtBot, ipc_name: str) -> None:
    leftover = run_endpoint_name(ipc_name)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(leftover)
    dead.close()  # a run killed with -9 left its socket and lock file
    Path(leftover + ".lock").write_text("", encoding="utf-8")
    handover = deliver(qtbot, f"{PREFIX}?code=x&state=y", ipc_name)
    assert not handover.anyone_alive and handover.sentence() == "no amogui is running"
    assert not os.path.exists(leftover) and not os.path.exists(leftover + ".lock")


def test_a_live_run_endpoint_is_never_cleaned_up(qtbot: QtBot, ipc_name: str) -> None:
    name = run_endpoint_name(ipc_name)
    stale_looking = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale_looking.bind(name)  # refuses connections, but its owner lives (holds the lock)
    lock = ServerLock(name)
    assert lock.acquire()
    try:
        deliver(qtbot, f"{PREFIX}?code=x&state=y", ipc_name)
        assert os.path.exists(name)
    finally:
        lock.release(unlink=True)
        stale_looking.close()
        os.unlink(name)
