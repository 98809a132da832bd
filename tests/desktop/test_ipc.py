from __future__ import annotations

import os
import socket
import stat
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from amogui.desktop import protocol
from amogui.desktop.ipc import (
    AddressInUseError,
    IPCError,
    IPCServer,
    SelftestWaiter,
    is_running,
    send_url,
    server_name,
    socket_dir,
)

URL = "foryoure://amo-crm/callback?code=c1&state=s1"


@pytest.fixture
def server(qtbot: QtBot, ipc_name: str):
    srv = IPCServer(ipc_name, idle_timeout_ms=300)
    srv.listen()
    yield srv
    srv.shutdown()


def _in_thread(fn, *args, **kw):
    pool = ThreadPoolExecutor(1)
    future = pool.submit(fn, *args, **kw)
    pool.shutdown(wait=False)
    return future


def _raw(name: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(name)
    return sock


def _recv_line(qtbot: QtBot, sock: socket.socket) -> bytes:
    sock.setblocking(False)
    data = bytearray()

    def got_line() -> bool:
        try:
            chunk = sock.recv(65536)
        except BlockingIOError:
            return False
        data.extend(chunk)
        return b"\n" in data or not chunk

    qtbot.waitUntil(got_line, timeout=3000)
    return bytes(data)


def test_names_are_short_private_and_per_suffix() -> None:
    name = server_name()
    assert len(name) <= 100 and name != server_name("other")
    assert server_name("other").endswith("ipc-other")
    directory = socket_dir()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    with pytest.raises(IPCError, match="suffix"):
        server_name("../../etc")


def test_xdg_runtime_dir_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    if len(str(runtime)) + 52 <= 100:
        assert socket_dir() == runtime / "amogui"


def test_file_or_symlink_in_place_of_the_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = Path("/tmp") / f"amo-t{os.getpid()}"  # short: socket paths are limited
    runtime.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    try:
        (runtime / "amogui").write_text("not a dir")
        with pytest.raises(IPCError, match="cannot be created"):
            socket_dir()
        (runtime / "amogui").unlink()
        (runtime / "amogui").symlink_to(tmp_path)  # someone points us elsewhere
        with pytest.raises(IPCError, match="not a directory"):
            socket_dir()
    finally:
        (runtime / "amogui").unlink()
        runtime.rmdir()


def test_url_is_delivered_and_acknowledged(qtbot: QtBot, server: IPCServer, ipc_name: str) -> None:
    with qtbot.waitSignal(server.url_received, timeout=5000) as blocker:
        future = _in_thread(send_url, URL, "argv", 3.0, name=ipc_name)
    assert blocker.args == [URL, "argv"]
    qtbot.waitUntil(future.done, timeout=5000)
    assert future.result() is True
    assert stat.S_IMODE(os.stat(ipc_name).st_mode) & 0o077 == 0


def test_second_server_with_same_name_is_refused(server: IPCServer, ipc_name: str) -> None:
    assert is_running(ipc_name)
    with pytest.raises(AddressInUseError):
        IPCServer(ipc_name).listen()
    assert server.listening


def test_stale_socket_is_replaced(qtbot: QtBot, ipc_name: str) -> None:
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(ipc_name)
    stale.close()  # the file stays, nobody listens: a crashed amogui
    assert Path(ipc_name).exists() and not is_running(ipc_name)
    srv = IPCServer(ipc_name)
    srv.listen()
    try:
        assert is_running(ipc_name)
    finally:
        srv.shutdown()


def test_no_server_means_send_fails(ipc_name: str) -> None:
    assert send_url(URL, name=ipc_name, timeout=0.5) is False


def test_malformed_messages_are_dropped(qtbot: QtBot, server: IPCServer, ipc_name: str) -> None:
    received: list[str] = []
    server.url_received.connect(lambda url, via: received.append(url))
    for junk in (b"hello\n", b'{"v":1,"type":"open-url"}\n', b'{"v":9}\n', b"\xff\xff\n"):
        sock = _raw(ipc_name)
        with qtbot.waitSignal(server.message_rejected, timeout=3000):
            sock.sendall(junk)
        reply = protocol.decode_reply(_recv_line(qtbot, sock).strip())
        assert reply is not None and reply["ok"] is False and reply["error"].endswith(".")
        sock.close()
    # the server still works afterwards
    with qtbot.waitSignal(server.url_received, timeout=3000):
        sock = _raw(ipc_name)
        sock.sendall(protocol.encode_open_url(URL, "ipc"))
    sock.close()
    assert received == [URL]


def test_several_lines_on_one_connection_and_no_final_newline(
    qtbot: QtBot, server: IPCServer, ipc_name: str
) -> None:
    received: list[tuple[str, str]] = []
    server.url_received.connect(lambda url, via: received.append((url, via)))
    sock = _raw(ipc_name)
    sock.sendall(
        protocol.encode_open_url(URL + "1", "argv")
        + protocol.encode_open_url(URL + "2", "paste").rstrip()
    )
    sock.shutdown(socket.SHUT_WR)
    qtbot.waitUntil(lambda: len(received) == 2, timeout=3000)
    sock.close()
    assert received == [(URL + "1", "argv"), (URL + "2", "paste")]


def test_oversize_message_drops_the_client(qtbot: QtBot, server: IPCServer, ipc_name: str) -> None:
    sock = _raw(ipc_name)
    with qtbot.waitSignal(server.message_rejected, timeout=3000) as blocker:
        sock.sendall(b"x" * (protocol.MAX_LINE + 100))
    assert "exceeds" in blocker.args[0]
    data = _recv_line(qtbot, sock)
    assert b'"ok":false' in data
    sock.close()


def test_idle_client_is_disconnected(qtbot: QtBot, server: IPCServer, ipc_name: str) -> None:
    sock = _raw(ipc_name)
    sock.sendall(b'{"v":1,')  # half a message, then silence
    assert _recv_line(qtbot, sock) == b""  # closed by the server after 300 ms
    sock.close()


def test_selftest_waiter_is_told(qtbot: QtBot, server: IPCServer, ipc_name: str) -> None:
    nonce = "nonce-1234567"
    urls: list[str] = []
    server.url_received.connect(lambda url, via: urls.append(url))
    registered = threading.Event()
    result: list[str | None] = []

    def wait() -> None:
        waiter = SelftestWaiter(nonce, 5.0, name=ipc_name)
        if waiter.registered:
            registered.set()
        result.append(waiter.wait())
        waiter.close()

    thread = threading.Thread(target=wait)
    thread.start()
    qtbot.waitUntil(registered.is_set, timeout=3000)
    with qtbot.waitSignal(server.selftest_received, timeout=3000) as blocker:
        sender = _in_thread(
            send_url, f"foryoure://amo-crm/selftest?nonce={nonce}", "argv", 3.0, name=ipc_name
        )
    assert blocker.args == [nonce, "argv"]
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    thread.join(5)
    qtbot.waitUntil(sender.done, timeout=3000)
    assert result == ["argv"] and sender.result() is True
    assert urls == []  # a selftest link is not a deep link for the checks


_chunks = st.lists(
    st.one_of(
        st.binary(max_size=64),
        st.sampled_from(
            [
                b"\n",
                protocol.encode_open_url(URL, "argv"),
                b'{"v":1,"type":"open-url","url":"x","via":"A"}\n',
                b'{"v":1,"type":"selftest-wait","nonce":"abcdefgh12","timeout":0.2}\n',
                b"\xff" * 30,
            ]
        ),
    ),
    max_size=6,
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(chunks=_chunks)
def test_fuzz_server_with_raw_bytes(
    qtbot: QtBot, server: IPCServer, ipc_name: str, chunks: list[bytes]
) -> None:
    """Any bytes from a client: the server answers or drops, never crashes, keeps serving."""
    received: list[tuple[str, str]] = []

    def on_url(url: str, via: str) -> None:
        received.append((url, via))

    server.url_received.connect(on_url)
    try:
        sock = _raw(ipc_name)
        try:
            sock.sendall(b"".join(chunks))
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)

            def closed() -> bool:
                try:
                    return sock.recv(65536) == b""
                except BlockingIOError:
                    return False
                except OSError:
                    return True

            qtbot.waitUntil(closed, timeout=5000)
        finally:
            sock.close()
        assert all(r == (URL, "argv") for r in received)
        assert is_running(ipc_name)
    finally:
        server.url_received.disconnect(on_url)


# -- never replaced, never held, never exhausted ----------------------------------------------

from tests.desktop.test_ipc_client import full_backlog  # noqa: E402


def test_a_busy_server_is_never_replaced(ipc_name: str) -> None:
    for held in full_backlog(ipc_name):
        assert held
        inode = os.stat(ipc_name).st_ino
        with pytest.raises(AddressInUseError, match="busy"):
            IPCServer(ipc_name).listen()
        assert os.stat(ipc_name).st_ino == inode  # the live socket is still there


def test_a_held_lock_wins_over_a_refused_connection(ipc_name: str) -> None:
    # On macOS a full backlog is reported as "refused": the lock tells a live amogui.
    from amogui.desktop.ipc_client import ServerLock

    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(ipc_name)
    lock = ServerLock(ipc_name)
    assert lock.acquire()  # as another amogui process would hold it
    try:
        with pytest.raises(AddressInUseError):
            IPCServer(ipc_name).listen()
        assert Path(ipc_name).exists()
    finally:
        lock.release()
        stale.close()
    srv = IPCServer(ipc_name)  # lock free and nobody listening: stale, replaced
    srv.listen()
    srv.shutdown()


def _flood(name: str, count: int) -> list[socket.socket]:
    """`count` connections that send nothing (a flood), or as many as the backlog takes."""
    out = []
    for _ in range(count):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect(name)
        except BlockingIOError:
            sock.close()
            continue
        out.append(sock)
    return out


def test_a_connection_flood_is_capped_and_a_link_still_gets_through(
    qtbot: QtBot, ipc_name: str
) -> None:
    srv = IPCServer(ipc_name, max_clients=8, idle_timeout_ms=60_000)
    srv.listen()
    received: list[str] = []
    srv.url_received.connect(lambda url, via: received.append(url))
    flood: list[socket.socket] = []
    try:
        for _ in range(6):
            flood += _flood(ipc_name, 40)
            qtbot.wait(50)  # the server accepts, and drops the longest idle
        assert srv.client_count <= 8
        assert srv.stats["evicted"] > 0
        with pytest.raises(AddressInUseError):  # a second amogui never takes over
            IPCServer(ipc_name).listen()
        future = _in_thread(send_url, URL, "argv", 5.0, name=ipc_name)
        qtbot.waitUntil(future.done, timeout=10_000)
        assert future.result() is True and received == [URL]
        assert srv.client_count <= 8 and os.path.exists(ipc_name)
    finally:
        for sock in flood:
            sock.close()
        srv.shutdown()


def test_a_trickling_client_is_dropped_in_bounded_time(qtbot: QtBot, ipc_name: str) -> None:
    srv = IPCServer(ipc_name, idle_timeout_ms=5000, max_connection_ms=600)
    srv.listen()
    sock = _raw(ipc_name)
    sock.setblocking(False)
    closed = []

    def trickle() -> bool:
        try:
            sock.send(b" ")  # one byte now and then: never idle, never a line
            if sock.recv(16) == b"":
                closed.append(True)
        except BlockingIOError:
            pass
        except OSError:
            closed.append(True)
        return bool(closed)

    try:
        qtbot.waitUntil(trickle, timeout=10_000)
        assert srv.client_count == 0
    finally:
        sock.close()
        srv.shutdown()


def test_a_selftest_wait_holds_its_slot_at_most_its_timeout(
    qtbot: QtBot, server: IPCServer, ipc_name: str
) -> None:
    sock = _raw(ipc_name)
    sock.sendall(protocol.encode_selftest_wait("abcdefgh12", 0.3))
    assert b'"ok":true' in _recv_line(qtbot, sock)
    qtbot.waitUntil(lambda: server.client_count == 0, timeout=5000)  # dropped, not held
    sock.close()
    too_long = _raw(ipc_name)
    too_long.sendall(protocol.encode_selftest_wait("abcdefgh12", 300))
    assert b"30 seconds" in _recv_line(qtbot, too_long)
    too_long.close()


def test_the_socket_is_recreated_when_its_file_vanishes(qtbot: QtBot, ipc_name: str) -> None:
    srv = IPCServer(ipc_name, check_interval_ms=100)
    srv.listen()
    received: list[str] = []
    srv.url_received.connect(lambda url, via: received.append(url))
    try:
        os.unlink(ipc_name)  # a tmp cleaner, or a user
        qtbot.waitUntil(lambda: os.path.exists(ipc_name), timeout=5000)
        assert srv.stats["recreated"] == 1
        future = _in_thread(send_url, URL, "argv", 3.0, name=ipc_name)
        qtbot.waitUntil(future.done, timeout=5000)
        assert future.result() is True and received == [URL]
        assert stat.S_IMODE(os.stat(ipc_name).st_mode) & 0o077 == 0
    finally:
        srv.shutdown()
    assert not os.path.exists(ipc_name) and not os.path.exists(ipc_name + ".lock")


def test_accept_failures_are_logged_once_and_the_server_keeps_working(
    qtbot: QtBot, ipc_name: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import errno

    from amogui.desktop import ipc

    srv = IPCServer(ipc_name, idle_timeout_ms=60_000)
    srv.listen()
    idle = _flood(ipc_name, 3)
    qtbot.waitUntil(lambda: srv.client_count == 3, timeout=5000)
    real_accept = ipc._SocketListener.accept

    def no_fd(self: object) -> socket.socket | None:
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(ipc._SocketListener, "accept", no_fd)
    try:
        with caplog.at_level("WARNING", logger="amogui.desktop.ipc"):
            more = _flood(ipc_name, 5)
            for _ in range(5):
                srv._resume()
                srv._on_acceptable()
        failures = [r for r in caplog.records if "cannot be accepted" in r.getMessage()]
        assert len(failures) == 1  # logged once, not once per attempt
        assert srv.stats["accept_failures"] >= 5
        assert srv.client_count == 0  # idle clients gave their descriptors back
        monkeypatch.setattr(ipc._SocketListener, "accept", real_accept)
        srv._resume()
        future = _in_thread(send_url, URL, "argv", 5.0, name=ipc_name)
        qtbot.waitUntil(future.done, timeout=10_000)
        assert future.result() is True
    finally:
        for sock in idle + more:
            sock.close()
        srv.shutdown()


def test_claims_decide_which_links_are_taken(qtbot: QtBot, ipc_name: str) -> None:
    srv = IPCServer(ipc_name, claims=lambda url: "state=mine" in url)
    srv.listen()
    taken: list[str] = []
    declined: list[str] = []
    srv.url_received.connect(lambda url, via: taken.append(url))
    srv.url_declined.connect(lambda url, via: declined.append(url))
    ours, other = URL.replace("s1", "mine"), URL
    try:
        for url, expected in ((ours, True), (other, False)):
            future = _in_thread(send_url, url, "argv", 3.0, name=ipc_name)
            qtbot.waitUntil(future.done, timeout=5000)
            assert future.result() is expected
        assert taken == [ours] and declined == [other]
    finally:
        srv.shutdown()


def test_a_link_is_logged_after_validation_and_without_values(
    qtbot: QtBot, server: IPCServer, ipc_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "live-code-3f9a"
    with caplog.at_level("INFO", logger="amogui.desktop.ipc"):
        future = _in_thread(
            send_url,
            f"foryoure://amo-crm/callback?code={secret}&state=s",
            "argv",
            3.0,
            name=ipc_name,
        )
        qtbot.waitUntil(future.done, timeout=5000)
        sock = _raw(ipc_name)
        sock.sendall(b'{"v":1,"type":"open-url","url":"foryoure://x\\n2026 fake line"}\n')
        assert b'"ok":false' in _recv_line(qtbot, sock)
        sock.close()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "foryoure://amo-crm/callback (code, state)" in text
    assert secret not in text and "fake line" not in text.replace("spaces", "")


def test_the_qt_listener_serves_too(
    qtbot: QtBot, ipc_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows serves named pipes with QLocalServer; the same code runs here on a path."""
    from amogui.desktop import ipc

    monkeypatch.setattr(ipc, "USE_QT_LISTENER", True)
    srv = IPCServer(ipc_name, max_clients=2)
    srv.listen()
    try:
        with qtbot.waitSignal(srv.url_received, timeout=5000) as blocker:
            future = _in_thread(send_url, URL, "argv", 3.0, name=ipc_name)
        assert blocker.args == [URL, "argv"]
        qtbot.waitUntil(future.done, timeout=5000)
        assert future.result() is True
        with pytest.raises(AddressInUseError):
            IPCServer(ipc_name).listen()
    finally:
        srv.shutdown()


# -- file descriptors run out (a subprocess with a low `ulimit -n`) ---------------------------

FD_CHILD = r"""
import json, os, resource, signal, sys
os.environ.setdefault("QT_API", "pyside6")
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from amogui.base.files import atomic_write
from amogui.base.logs import setup_logging
from amogui.desktop.ipc import IPCServer

name, out = sys.argv[1], Path(sys.argv[2])
app = QCoreApplication([])
setup_logging("INFO", to_file=False, stderr_level="INFO")
server = IPCServer(name, idle_timeout_ms=30_000, max_connection_ms=60_000)
server.listen()
# As `ulimit -n` would: a dozen descriptors above what the process uses now.
fds = len(os.listdir("/proc/self/fd"))
hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
resource.setrlimit(resource.RLIMIT_NOFILE, (fds + 12, hard))
saves = {"ok": 0, "failed": 0}

def save():  # the window's autosave, every 50 ms
    try:
        atomic_write(out / "run.json", json.dumps(saves).encode())
        saves["ok"] += 1
    except OSError as exc:
        saves["failed"] += 1
        print(f"save failed: {exc}", file=sys.stderr, flush=True)

received = []
server.url_received.connect(lambda url, via: (received.append(url), save()))
timer = QTimer()
timer.timeout.connect(save)
timer.start(50)
signal.signal(signal.SIGTERM, lambda *a: app.quit())
print(json.dumps({"fds": fds}), flush=True)
app.exec()
print(json.dumps({"saves": saves, "received": received, "stats": server.stats,
                  "socket": os.path.exists(name)}), flush=True)
server.shutdown()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="counts descriptors in /proc")
def test_running_out_of_file_descriptors_is_survived(
    qtbot: QtBot, ipc_name: str, tmp_path: Path
) -> None:
    import json
    import signal
    import subprocess
    import time

    proc = subprocess.Popen(
        [sys.executable, "-c", FD_CHILD, ipc_name, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    flood: list[socket.socket] = []
    try:
        assert json.loads(proc.stdout.readline())["fds"] > 0  # type: ignore[union-attr]
        for _ in range(10):  # far more connections than the child has descriptors
            flood += _flood(ipc_name, 40)
            time.sleep(0.1)
        assert os.path.exists(ipc_name)
        with pytest.raises(AddressInUseError):  # busy or not, it is never replaced
            IPCServer(ipc_name).listen()
        time.sleep(0.5)  # the child autosaves meanwhile
        for sock in flood:
            sock.close()
        flood = []
        deadline = time.monotonic() + 20
        while not send_url(URL, "argv", 3.0, name=ipc_name):
            assert time.monotonic() < deadline, "the server never answered again"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        for sock in flood:
            sock.close()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["stats"]["accept_failures"] > 0  # descriptors did run out
    assert result["received"] == [URL] and result["socket"]
    assert result["saves"]["ok"] > 0 and result["saves"]["failed"] == 0, err
    warnings = err.count("IPC connections cannot be accepted")
    spells = err.count("accepted again after")
    assert 1 <= warnings <= spells + 1  # once per spell of failures, not per attempt
    assert warnings < result["stats"]["accept_failures"] or warnings == 1
    assert "Traceback" not in err


def test_a_junk_flood_does_not_flood_the_log(
    qtbot: QtBot, server: IPCServer, caplog: pytest.LogCaptureFixture
) -> None:
    from amogui.desktop import ipc

    with caplog.at_level("WARNING", logger="amogui.desktop.ipc"):
        for _ in range(50):
            server._log_drop("The message is not a line of UTF-8 JSON.")
        server._drops_since -= 61  # a minute later: the rest is counted in one line
        server._log_drop("The message is not a line of UTF-8 JSON.")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == ipc.DROPS_LOGGED + 2
    assert f"{50 - ipc.DROPS_LOGGED} more IPC messages were dropped" in lines
