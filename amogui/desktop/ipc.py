"""Single-instance IPC: the OS starts a new ``amogui open-url`` process per deep link;
it hands the URL to the running amogui over a local socket and exits.

Modelled on qutebrowser's ``misc/ipc.py``, with every failure path handled:

- The endpoint's name is per user plus an optional suffix (`amogui.desktop.ipc_client`);
  headless runs listen on endpoints of their own (`amogui.desktop.channels`).
- `IPCServer.listen` never removes a live server's socket: it takes the name's lock
  first (`ipc_client.ServerLock`, held for the server's life), then probes the socket
  with a blocking connect and a real timeout. Only a refused connection or a missing
  file, with the lock in hand, means stale. A busy server (full backlog, slow accept)
  or one that cannot be judged raises, and the caller says so instead of taking over.
- The socket is owner-only: its folder is 0700 and the socket file 0700.
- One JSON line per message (`amogui.desktop.protocol`), a size cap per line.
- At most `MAX_CLIENTS` connections at once: a new one beyond that drops the one idle
  for longest. Every wait is bounded: a client is dropped after `IDLE_TIMEOUT_MS` of
  silence and after `MAX_CONNECTION_MS` in any case (a trickle of one byte a second
  cannot hold a slot); a ``selftest-wait`` holds its slot at most
  `protocol.MAX_SELFTEST_WAIT` seconds.
- When ``accept`` fails (no file descriptor left: EMFILE, ENFILE), the failure is logged
  once, a few idle clients are dropped so the rest of amogui (saving the run) has
  descriptors again, the cap is lowered to what is open, and accepting resumes after a
  short pause. The server never closes itself on such an error (QLocalServer would, and
  would delete its socket file with it: that is why Unix uses a plain socket here).
- Every `CHECK_INTERVAL_MS` the server checks that its socket file is still its own;
  if the file vanished (a tmp cleaner, a user), it is re-created. The file's atime is
  refreshed now and then, as the XDG runtime-dir rules ask.

Malformed messages are dropped with an error reply and a log line. A URL is logged only
after the protocol accepted it, and only as ``scheme://host/path (parameter names)``.

On Unix the listening socket and the clients are Python sockets watched by
`QSocketNotifier`s; on Windows (named pipes) `QLocalServer` and `QLocalSocket` do it.
The client side (`send_url`, `SelftestWaiter`) is Qt-free in `amogui.desktop.ipc_client`
and re-exported here.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from amogui.desktop import protocol
from amogui.desktop.ipc_client import (
    IPCError,
    Probe,
    SelftestWaiter,
    ServerLock,
    ensure_private_dir,
    is_running,
    probe,
    send_url,
    server_name,
    socket_dir,
)

__all__ = [
    "AddressInUseError",
    "IPCError",
    "IPCServer",
    "SelftestWaiter",
    "is_running",
    "send_url",
    "server_name",
    "socket_dir",
]

log = logging.getLogger(__name__)

IDLE_TIMEOUT_MS = 5000  # silence after which a client is dropped
MAX_CONNECTION_MS = 10_000  # the longest any client but a selftest waiter is kept
MAX_CLIENTS = 32  # connections served at once (each is a file descriptor)
BACKLOG = 64  # connections the kernel queues for us
ACCEPT_BATCH = 8  # accepted per wake-up, so the clients' own reads are served between
ACCEPT_PAUSE_MS = 250  # pause after an accept failure (no file descriptor left)
FD_HEADROOM = 4  # idle clients dropped when descriptors run out, for the rest of amogui
SWEEP_MS = 200  # how often client deadlines are checked
CHECK_INTERVAL_MS = 2000  # how often the socket file is checked to still be ours
TOUCH_INTERVAL = 3600.0  # seconds between atime refreshes (XDG asks for < 6 hours)
DROPS_LOGGED = 10  # dropped messages logged per minute; the rest are counted

_FD_ERRNOS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
_RETRY_ERRNOS = {errno.ECONNABORTED, errno.EPROTO, errno.EINTR, errno.EAGAIN}

# Windows has named pipes, no socket files: QLocalServer serves them (a test forces it).
USE_QT_LISTENER = sys.platform == "win32"

Claims = Callable[[str], bool]


class AddressInUseError(IPCError):
    """Another amogui already serves this name (answering or busy)."""


# -- connections ---------------------------------------------------------------------------

# Notifiers that are done with: disabled at once, released a turn of the event loop later.
# Deleting one inside its own `activated` signal would free it under Qt's feet, and
# deleteLater on an object made from Python crashed PySide6 6.12 in its destructor; a
# parentless notifier whose last Python reference goes, outside any signal, is safe.
_retired: list[QSocketNotifier] = []


def _retire(notifier: QSocketNotifier) -> None:
    notifier.setEnabled(False)
    with contextlib.suppress(RuntimeError, TypeError):
        notifier.activated.disconnect()
    if not _retired:
        QTimer.singleShot(0, _retired.clear)
    _retired.append(notifier)


class _Conn(Protocol):
    def start(self, on_data: Callable[[bytes], None], on_eof: Callable[[], None]) -> None: ...
    def write(self, data: bytes) -> None: ...
    def close(self) -> None: ...


class _SocketConn:
    """An accepted Unix socket, read when its `QSocketNotifier` says so."""

    def __init__(self, sock: socket.socket) -> None:
        sock.setblocking(False)
        self.sock: socket.socket | None = sock
        self.notifier: QSocketNotifier | None = QSocketNotifier(
            sock.fileno(), QSocketNotifier.Type.Read
        )
        self._on_data: Callable[[bytes], None] | None = None
        self._on_eof: Callable[[], None] | None = None

    def start(self, on_data: Callable[[bytes], None], on_eof: Callable[[], None]) -> None:
        self._on_data, self._on_eof = on_data, on_eof
        assert self.notifier is not None
        self.notifier.activated.connect(self._readable)
        self._readable()  # a client often sent its line before we accepted it

    def _readable(self, *_: object) -> None:
        if self.sock is None:
            return
        try:
            chunk = self.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if chunk:
            if self._on_data is not None:
                self._on_data(chunk)
        elif self._on_eof is not None:
            self._on_eof()

    def write(self, data: bytes) -> None:
        if self.sock is None:
            return
        # Replies are a few hundred bytes: they fit the socket buffer; a client that
        # does not read its replies loses them, the server never waits for it.
        with contextlib.suppress(OSError):
            self.sock.send(data)

    def close(self) -> None:
        if self.notifier is not None:
            _retire(self.notifier)
            self.notifier = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None


class _QtConn:
    """A QLocalSocket from QLocalServer (Windows)."""

    def __init__(self, sock: Any) -> None:
        self.sock: Any = sock

    def start(self, on_data: Callable[[bytes], None], on_eof: Callable[[], None]) -> None:
        def ready() -> None:
            if self.sock is not None:
                on_data(bytes(self.sock.readAll().data()))

        self.sock.readyRead.connect(ready)
        self.sock.disconnected.connect(on_eof)
        if self.sock.bytesAvailable():
            ready()

    def write(self, data: bytes) -> None:
        from PySide6.QtNetwork import QLocalSocket

        if (
            self.sock is not None
            and self.sock.state() == QLocalSocket.LocalSocketState.ConnectedState
        ):
            self.sock.write(data)
            self.sock.flush()

    def close(self) -> None:
        sock, self.sock = self.sock, None
        if sock is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                sock.readyRead.disconnect()
                sock.disconnected.disconnect()
            sock.abort()
            sock.deleteLater()


class _Client:
    """One connected client: a line buffer and its deadlines.

    A plain Python object on purpose: only the socket and its notifier live in Qt.
    (Deleting a Python subclass of QObject with deleteLater corrupted the heap under
    PySide6 6.12, seen as a malloc abort.)
    """

    def __init__(self, server: IPCServer, conn: _Conn, now: float) -> None:
        self.server = server
        self.conn = conn
        self.buffer = bytearray()
        self.waiting_nonce: str | None = None
        self.last_active = now
        self.ends_at = now + server.max_connection_ms / 1000
        self.closed = False

    def start(self) -> None:
        self.conn.start(self._on_data, self._on_eof)

    def _on_data(self, data: bytes) -> None:
        if self.closed:
            return
        self.last_active = time.monotonic()
        self.buffer += data
        while b"\n" in self.buffer and not self.closed:
            line, _, rest = bytes(self.buffer).partition(b"\n")
            self.buffer = bytearray(rest)
            self.server._handle_line(self, line)
        if not self.closed and len(self.buffer) > protocol.MAX_LINE:
            self.server._drop(self, f"The message exceeds {protocol.MAX_LINE} bytes.")
            self.close()

    def _on_eof(self) -> None:
        if self.closed:
            return
        if self.buffer.strip():
            # A client may close without a final newline: its last line still counts.
            line, self.buffer = bytes(self.buffer), bytearray()
            self.server._handle_line(self, line)
        self.close()

    def expired(self, now: float) -> str | None:
        """Why this client is dropped now, or None."""
        if now >= self.ends_at:
            return "waited too long" if self.waiting_nonce else "connected too long"
        if self.waiting_nonce is None and now - self.last_active >= self.server.idle_s:
            return "idle"
        return None

    def reply(self, data: bytes) -> None:
        if not self.closed:
            self.conn.write(data)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.buffer.clear()
        self.conn.close()
        self.server._forget(self)


# -- listeners -----------------------------------------------------------------------------


class _SocketListener:
    """The listening Unix socket at `path`, watched by a QSocketNotifier."""

    def __init__(self, path: str, on_acceptable: Callable[[], None]) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(path)
            os.chmod(path, 0o700)
            sock.listen(BACKLOG)
            sock.setblocking(False)
            info = os.lstat(path)
        except OSError:
            sock.close()
            raise
        self.sock = sock
        self.path = path
        self.identity = (info.st_dev, info.st_ino)
        self.notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(lambda *_: on_acceptable())

    def accept(self) -> socket.socket | None:
        """A new connection, None when none waits; OSError as accept reports it."""
        try:
            conn, _ = self.sock.accept()
        except (BlockingIOError, InterruptedError):
            return None
        return conn

    def pause(self, paused: bool) -> None:
        self.notifier.setEnabled(not paused)

    def is_at_path(self) -> bool | None:
        """True: our socket is at the path; False: gone or another file; None: unknown."""
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            return False
        except OSError:
            return None
        return (info.st_dev, info.st_ino) == self.identity

    def close(self, *, unlink: bool) -> None:
        _retire(self.notifier)
        if unlink and self.is_at_path():
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self.sock.close()


# -- the server ----------------------------------------------------------------------------


class IPCServer(QObject):
    """Receives deep links from other amogui processes (see the module docstring).

    `claims`, when given, decides which deep links this endpoint takes
    (`amogui.desktop.channels.FlowClaims`): a taken one is emitted as `url_received`,
    another as `url_declined` (a link for another amogui run), and the reply tells the
    sender which. Without `claims` every valid link is taken.
    """

    url_received = Signal(str, str)  # url, via
    url_declined = Signal(str, str)  # url, via: a deep link for another amogui run
    selftest_received = Signal(str, str)  # nonce, via
    message_rejected = Signal(str)  # reason

    def __init__(
        self,
        name: str | None = None,
        *,
        idle_timeout_ms: int = IDLE_TIMEOUT_MS,
        max_connection_ms: int = MAX_CONNECTION_MS,
        max_clients: int = MAX_CLIENTS,
        check_interval_ms: int = CHECK_INTERVAL_MS,
        claims: Claims | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.idle_s = idle_timeout_ms / 1000
        self.max_connection_ms = max_connection_ms
        self.max_clients = max_clients
        self.claims = claims
        self._cap = max_clients  # lowered while file descriptors are short
        self._clients: dict[int, _Client] = {}  # by id, in the order they came
        self._listener: _SocketListener | None = None
        self._qt_server: Any = None
        self._lock: ServerLock | None = None
        self._accept_failures = 0
        self._paused = False
        self._touched = time.monotonic()
        self._warned_replaced = False
        self._drops_since, self._drops_logged, self._drops_hidden = time.monotonic(), 0, 0
        self._sweeper = QTimer(self)
        self._sweeper.setInterval(SWEEP_MS)
        self._sweeper.timeout.connect(self._sweep)
        self._checker = QTimer(self)
        self._checker.setInterval(check_interval_ms)
        self._checker.timeout.connect(self.check_socket)
        # Counters for tests and the soak benchmark.
        self.stats = {
            "accepted": 0,
            "evicted": 0,
            "accept_failures": 0,
            "recreated": 0,
            "max_clients": 0,  # the most served at once
        }

    # -- listening ---------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        if self._qt_server is not None:
            return bool(self._qt_server.isListening())
        return self._listener is not None

    @property
    def client_count(self) -> int:
        return len(self._clients)

    def listen(self) -> None:
        """Listen, or raise `AddressInUseError` when another amogui serves the name (even
        a busy one: it is never replaced) and `IPCError` when it cannot be told."""
        if USE_QT_LISTENER:
            self._listen_qt()
            return
        lock = ServerLock(self.name)
        try:
            got = lock.acquire()
        except OSError as exc:
            raise IPCError(
                f"The IPC lock {lock.path} cannot be taken: {exc.strerror or exc}."
            ) from exc
        try:
            if not got:
                raise AddressInUseError(_in_use(probe(self.name)))
            found = probe(self.name)
            if found.live:  # an amogui without the lock (an older version) serves it
                raise AddressInUseError(_in_use(found))
            if found is Probe.UNKNOWN:
                raise IPCError(f"Whether another amogui listens on {self.name} cannot be told.")
            self._listener = self._bind()
        except BaseException:
            lock.release()
            raise
        self._lock = lock
        self._checker.start()
        log.debug("IPC server listening on %s", self.name)

    def _bind(self) -> _SocketListener:
        # Only ever called with the lock held and the old socket found stale or absent.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.name)
        try:
            return _SocketListener(self.name, self._on_acceptable)
        except OSError as exc:
            raise IPCError(
                f"The IPC server cannot listen on {self.name}: {exc.strerror or exc}."
            ) from exc

    def _listen_qt(self) -> None:
        from PySide6.QtNetwork import QLocalServer

        if probe(self.name).live:
            raise AddressInUseError(_in_use(Probe.ALIVE))
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.setMaxPendingConnections(BACKLOG)
        if not server.listen(self.name):
            message = server.errorString()
            server.deleteLater()
            raise IPCError(f"The IPC server cannot listen on {self.name}: {message}.")
        server.newConnection.connect(self._on_qt_connection)
        self._qt_server = server

    def shutdown(self) -> None:
        self._checker.stop()
        self._sweeper.stop()
        for client in list(self._clients.values()):
            client.close()
        if self._listener is not None:
            self._listener.close(unlink=True)
            self._listener = None
        if self._qt_server is not None:
            self._qt_server.close()
            self._qt_server.deleteLater()
            self._qt_server = None
        if self._lock is not None:
            self._lock.release(unlink=True)  # nothing is left behind in the folder
            self._lock = None

    # -- accepting ---------------------------------------------------------------------------
    def _on_acceptable(self) -> None:
        listener = self._listener
        for _ in range(ACCEPT_BATCH):
            if listener is None or self._paused:
                return
            try:
                conn = listener.accept()
            except OSError as exc:
                if exc.errno in _RETRY_ERRNOS:
                    continue
                self._accept_failed(exc)
                return
            if conn is None:
                return
            self._accept_succeeded()
            self._add(_SocketConn(conn))

    def _on_qt_connection(self) -> None:
        server = self._qt_server
        while server is not None and server.hasPendingConnections():
            sock = server.nextPendingConnection()
            if sock is None:
                break
            sock.setParent(self)
            self._add(_QtConn(sock))

    def _add(self, conn: _Conn) -> None:
        while len(self._clients) >= self._cap and self._evict():
            pass
        now = time.monotonic()
        client = _Client(self, conn, now)
        self._clients[id(client)] = client
        self.stats["accepted"] += 1
        self.stats["max_clients"] = max(self.stats["max_clients"], len(self._clients))
        if not self._sweeper.isActive():
            self._sweeper.start()
        client.start()

    def _evict(self) -> bool:
        """Drop the client idle for longest (selftest waiters last); False if none."""
        if not self._clients:
            return False
        victim = min(
            self._clients.values(), key=lambda c: (c.waiting_nonce is not None, c.last_active)
        )
        self.stats["evicted"] += 1
        victim.close()
        return True

    def _accept_failed(self, exc: OSError) -> None:
        self._accept_failures += 1
        self.stats["accept_failures"] += 1
        if self._accept_failures == 1:  # once per spell of failures, not per attempt
            log.warning(
                "IPC connections cannot be accepted (%s); idle clients are dropped and "
                "accepting is retried every %d ms",
                exc.strerror or exc,
                ACCEPT_PAUSE_MS,
            )
        if exc.errno in _FD_ERRNOS:
            # Give descriptors back to the rest of amogui (saving the run needs some),
            # and serve no more clients than are open now until the spell is over.
            for _ in range(FD_HEADROOM):
                if not self._evict():
                    break
            self._cap = max(1, len(self._clients))
        self._pause()

    def _accept_succeeded(self) -> None:
        if self._accept_failures:
            log.info("IPC connections accepted again after %d failures", self._accept_failures)
            self._accept_failures = 0

    def _pause(self) -> None:
        if self._listener is None or self._paused:
            return
        self._paused = True
        self._listener.pause(True)
        QTimer.singleShot(ACCEPT_PAUSE_MS, self._resume)

    def _resume(self) -> None:
        self._paused = False
        if self._listener is not None:
            self._listener.pause(False)

    # -- client bookkeeping ------------------------------------------------------------------
    def _forget(self, client: _Client) -> None:
        self._clients.pop(id(client), None)
        if not self._clients:
            self._sweeper.stop()
            self._cap = self.max_clients  # a quiet moment ends a spell of short descriptors

    def _sweep(self) -> None:
        now = time.monotonic()
        for client in list(self._clients.values()):
            why = client.expired(now)
            if why is not None:
                log.debug("IPC client dropped: %s", why)
                client.close()

    # -- the socket file ---------------------------------------------------------------------
    def check_socket(self) -> None:
        """Re-create the socket if its file vanished; refresh its atime now and then."""
        listener = self._listener
        if listener is None:
            return
        here = listener.is_at_path()
        if here is None:
            return
        if here:
            self._touch()
            return
        if probe(self.name).live:
            if not self._warned_replaced:
                log.warning("another process now listens on %s; deep links go there", self.name)
                self._warned_replaced = True
            return
        self._recreate(listener)

    def _touch(self) -> None:
        if time.monotonic() - self._touched < TOUCH_INTERVAL:
            return
        self._touched = time.monotonic()
        with contextlib.suppress(OSError):
            os.utime(self.name)

    def _recreate(self, old: _SocketListener) -> None:
        try:
            ensure_private_dir(Path(self.name).parent)  # a cleaner may have taken it too
            if self._lock is not None and not self._lock.still_ours():
                fresh = ServerLock(self.name)
                if not fresh.acquire():
                    log.warning("another amogui took over %s; this one stops listening", self.name)
                    old.close(unlink=False)
                    self._listener = None
                    return
                self._lock.release()
                self._lock = fresh
            new = _SocketListener(self.name, self._on_acceptable)
        except (OSError, IPCError) as exc:
            log.warning(
                "the IPC socket %s vanished and cannot be re-created yet: %s", self.name, exc
            )
            return
        old.close(unlink=False)
        self._listener = new
        self._paused = False
        self.stats["recreated"] += 1
        log.warning("the IPC socket %s had vanished; it was re-created", self.name)

    # -- messages ----------------------------------------------------------------------------
    def _drop(self, client: _Client, reason: str) -> None:
        self._log_drop(reason)
        client.reply(protocol.encode_reply(reason))
        self.message_rejected.emit(reason)

    def _log_drop(self, reason: str) -> None:
        """At most `DROPS_LOGGED` lines a minute: a junk flood must not flood the log."""
        now = time.monotonic()
        if now - self._drops_since >= 60:
            if self._drops_hidden:
                log.warning("%d more IPC messages were dropped", self._drops_hidden)
            self._drops_since, self._drops_logged, self._drops_hidden = now, 0, 0
        if self._drops_logged < DROPS_LOGGED:
            self._drops_logged += 1
            log.warning("IPC message dropped: %s", reason)
        else:
            self._drops_hidden += 1

    def _handle_line(self, client: _Client, line: bytes) -> None:
        message = protocol.decode_message(line.strip())
        if isinstance(message, str):
            self._drop(client, message)
            return
        if message.type == protocol.TYPE_SELFTEST_WAIT:
            client.waiting_nonce = message.nonce
            client.ends_at = time.monotonic() + message.timeout
            client.reply(protocol.encode_reply())
            return
        nonce = protocol.selftest_nonce(message.url)
        if nonce is not None:
            client.reply(protocol.encode_reply())
            self._selftest_seen(nonce, message.via)
            return
        taken = self._claims(message.url)
        client.reply(protocol.encode_reply(taken=taken))
        shown = protocol.for_log(message.url)
        if taken:
            log.info("deep link received via %s: %s", message.via, shown)
            self.url_received.emit(message.url, message.via)
        else:
            log.info("deep link for another amogui run left alone (via %s): %s", message.via, shown)
            self.url_declined.emit(message.url, message.via)

    def _claims(self, url: str) -> bool:
        if self.claims is None:
            return True
        try:
            return bool(self.claims(url))
        except Exception:  # a broken predicate must not lose the link nor the server
            log.exception("deciding whose deep link this is failed; it is taken")
            return True

    def _selftest_seen(self, nonce: str, via: str) -> None:
        log.info("selftest deep link received via %s", via)
        self.selftest_received.emit(nonce, via)
        for client in list(self._clients.values()):
            if client.waiting_nonce == nonce:
                client.reply(protocol.encode_selftest_seen(nonce, via))
                client.close()


def _in_use(found: Probe) -> str:
    if found is Probe.ALIVE:
        return "Another amogui is already running for this user."
    if found is Probe.BUSY:
        return (
            "Another amogui is running for this user but did not answer in time (it is "
            "busy); it keeps the deep links."
        )
    return "Another amogui holds the deep-link socket for this user."
