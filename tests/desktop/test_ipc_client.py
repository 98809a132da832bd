"""The IPC client: what a probe finds, the server lock, bounded sends (no Qt needed)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

from amogui.desktop import protocol
from amogui.desktop.ipc_client import (
    Probe,
    SelftestWaiter,
    ServerLock,
    lock_is_held,
    probe,
    send_message,
    send_url,
)

URL = "foryoure://amo-crm/callback?code=c1&state=s1"


def full_backlog(name: str) -> Iterator[list[socket.socket]]:
    """A server that listens but never accepts, its backlog filled: alive, and busy."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(name)
    server.listen(0)
    held: list[socket.socket] = []
    while True:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.setblocking(False)
        try:
            client.connect(name)
        except BlockingIOError:
            client.close()
            break
        held.append(client)
    try:
        yield held
    finally:
        for client in held:
            client.close()
        server.close()


@pytest.fixture
def busy(ipc_name: str) -> Iterator[list[socket.socket]]:
    yield from full_backlog(ipc_name)


def test_probe_tells_absent_stale_alive_and_busy(ipc_name: str) -> None:
    assert probe(ipc_name) is Probe.ABSENT
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(ipc_name)  # a socket file nobody listens on: a crashed amogui
    assert probe(ipc_name) is Probe.STALE
    stale.listen(4)
    assert probe(ipc_name) is Probe.ALIVE  # the kernel queued the connection
    stale.close()
    os.unlink(ipc_name)


def test_a_full_backlog_is_busy_not_stale(ipc_name: str, busy: list[socket.socket]) -> None:
    # A non-blocking connect reports EAGAIN at once here, which used to read as "not
    # running" and let a second amogui remove this live socket.
    assert busy  # the kernel queued some, then refused more
    found = probe(ipc_name, timeout=0.2)
    assert found is Probe.BUSY and found.live
    assert send_url(URL, name=ipc_name, timeout=0.2) is False
    assert os.path.exists(ipc_name)


def test_a_server_that_accepts_but_never_answers_is_busy(ipc_name: str) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(ipc_name)
    server.listen(4)
    try:
        sent = send_message(ipc_name, protocol.encode_open_url(URL, "argv"), timeout=0.3)
    finally:
        server.close()
    assert sent.found is Probe.BUSY and not sent.taken and "no answer" in sent.detail


def test_no_file_descriptor_left_is_unknown_not_stale(
    ipc_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fd(*_a: object, **_k: object) -> socket.socket:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(socket, "socket", no_fd)
    assert probe(ipc_name) is Probe.UNKNOWN


def test_the_server_lock(ipc_name: str) -> None:
    first = ServerLock(ipc_name)
    assert lock_is_held(ipc_name) is False
    assert first.acquire() and first.held
    assert lock_is_held(ipc_name) is True
    second = ServerLock(ipc_name)
    assert second.acquire() is False  # another holder: what a second amogui would see
    assert first.still_ours()
    os.unlink(first.path)
    assert not first.still_ours()  # a cleaner took the file: a newcomer could lock anew
    third = ServerLock(ipc_name)
    assert third.acquire() and third.still_ours()
    first.release()
    third.release(unlink=True)  # what a server does when it stops
    assert not third.path.exists() and lock_is_held(ipc_name) is False


def test_a_waiter_never_asks_for_more_than_the_cap(ipc_name: str) -> None:
    waiter = SelftestWaiter("abcdefgh12", 300.0, name=ipc_name)
    assert waiter.timeout == protocol.MAX_SELFTEST_WAIT and not waiter.registered
    assert waiter.wait() is None
    waiter.close()
