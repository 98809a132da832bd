"""Single-instance IPC: the OS starts a new ``amogui open-url`` process per deep link;
it hands the URL to the running amogui over a `QLocalServer` and exits.

Modelled on qutebrowser's ``misc/ipc.py``:

- the server's name is per user plus an optional suffix (`amogui.desktop.ipc_client`);
- `IPCServer.listen` first tries to connect: if someone answers, another amogui runs
  (`AddressInUseError`); otherwise a stale socket file is removed and the server listens;
- the socket is owner-only (`UserAccessOption`, and the directory is 0700);
- one JSON line per message (`amogui.desktop.protocol`), a size cap, an idle timeout per
  client; malformed messages are dropped with a log line and an error reply.

The client side (`send_url`, `SelftestWaiter`) is in `amogui.desktop.ipc_client`, Qt-free
on Unix; it is re-exported here.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from amogui.base.redact import REDACTOR
from amogui.desktop import protocol
from amogui.desktop.ipc_client import (
    IPCError,
    SelftestWaiter,
    is_running,
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

IDLE_TIMEOUT_MS = 5000


class AddressInUseError(IPCError):
    """Another amogui already listens on this name."""


class _Client:
    """One connected client: a line buffer and an idle timer.

    A plain Python object on purpose: only the socket (and the timer, its child) live in
    Qt, and the socket alone is deleted with deleteLater. Deleting a Python subclass of
    QObject that way corrupted the heap under PySide6 6.12 (seen as a malloc abort).
    """

    def __init__(self, server: IPCServer, socket: QLocalSocket, idle_ms: int) -> None:
        self.server = server
        self.socket = socket
        self.buffer = bytearray()
        self.waiting_nonce: str | None = None
        self.timer = QTimer(socket)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timeout)
        self.timer.start(idle_ms)
        self.idle_ms = idle_ms
        socket.readyRead.connect(self._on_ready_read)
        socket.disconnected.connect(self._on_disconnected)

    def _on_ready_read(self) -> None:
        self.buffer += bytes(self.socket.readAll().data())
        while b"\n" in self.buffer and self.socket.isValid():
            line, _, rest = bytes(self.buffer).partition(b"\n")
            self.buffer = bytearray(rest)
            self.server._handle_line(self, line)
        if len(self.buffer) > protocol.MAX_LINE:
            self.server._drop(self, f"The message exceeds {protocol.MAX_LINE} bytes.")
            self.close()
            return
        if self.waiting_nonce is None:
            self.timer.start(self.idle_ms)

    def _on_timeout(self) -> None:
        if self.waiting_nonce is None:
            log.warning("IPC client idle for %d ms: disconnected", self.idle_ms)
        self.close()

    def _on_disconnected(self) -> None:
        if self.buffer.strip():
            # A client may close without a final newline: its last line still counts.
            line, self.buffer = bytes(self.buffer), bytearray()
            self.server._handle_line(self, line)
        self.server._forget(self)

    def reply(self, data: bytes) -> None:
        if self.socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            self.socket.write(data)
            self.socket.flush()

    def close(self) -> None:
        self.timer.stop()
        self.buffer.clear()
        if self.socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            self.socket.disconnectFromServer()
        else:
            self.server._forget(self)


class IPCServer(QObject):
    """Receives deep links from other amogui processes (see the module docstring)."""

    url_received = Signal(str, str)  # url, via
    selftest_received = Signal(str, str)  # nonce, via
    message_rejected = Signal(str)  # reason

    def __init__(
        self,
        name: str | None = None,
        *,
        idle_timeout_ms: int = IDLE_TIMEOUT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.idle_timeout_ms = idle_timeout_ms
        self._server: QLocalServer | None = None
        self._clients: set[_Client] = set()

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def listen(self) -> None:
        """Listen, or raise `AddressInUseError` when another amogui already does."""
        if is_running(self.name):
            raise AddressInUseError("Another amogui is already running for this user.")
        QLocalServer.removeServer(self.name)  # a stale socket left by a crashed amogui
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            message = server.errorString()
            server.deleteLater()
            raise IPCError(f"The IPC server cannot listen on {self.name}: {message}.")
        if sys.platform != "win32":
            os.chmod(self.name, 0o700)
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        log.debug("IPC server listening on %s", self.name)

    def shutdown(self) -> None:
        for client in list(self._clients):
            client.socket.abort()
            self._forget(client)
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _on_new_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            socket.setParent(self)
            self._clients.add(_Client(self, socket, self.idle_timeout_ms))

    def _forget(self, client: _Client) -> None:
        if client in self._clients:
            self._clients.discard(client)
            client.timer.stop()
            client.socket.deleteLater()  # the timer goes with it

    def _drop(self, client: _Client, reason: str) -> None:
        log.warning("IPC message dropped: %s", reason)
        client.reply(protocol.encode_reply(reason))
        self.message_rejected.emit(reason)

    def _handle_line(self, client: _Client, line: bytes) -> None:
        message = protocol.decode_message(line.strip())
        if isinstance(message, str):
            self._drop(client, message)
            return
        if message.type == protocol.TYPE_SELFTEST_WAIT:
            client.waiting_nonce = message.nonce
            client.timer.start(int(message.timeout * 1000))
            client.reply(protocol.encode_reply())
            return
        client.reply(protocol.encode_reply())
        nonce = protocol.selftest_nonce(message.url)
        if nonce is not None:
            self._selftest_seen(nonce, message.via)
            return
        log.info("deep link received via %s: %s", message.via, REDACTOR.url(message.url))
        self.url_received.emit(message.url, message.via)

    def _selftest_seen(self, nonce: str, via: str) -> None:
        log.info("selftest deep link received via %s", via)
        self.selftest_received.emit(nonce, via)
        for client in list(self._clients):
            if client.waiting_nonce == nonce:
                client.reply(protocol.encode_selftest_seen(nonce, via))
                client.close()
