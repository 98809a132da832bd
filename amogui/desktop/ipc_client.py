"""The client side of the single-instance IPC, and where the server's socket lives.

Qt-free on Unix, where a `QLocalServer` is a plain Unix domain socket: the short-lived
``amogui open-url`` process then starts fast and never loads Qt, and the client works
from any thread. On Windows (named pipes) it falls back to `QLocalSocket`.

The server's name is per user (a directory only the user can enter) plus an optional
suffix, so tests and the headless runner can run their own (``AMOGUI_IPC_SUFFIX``).
Unix socket paths are limited to ~104 bytes, so the socket lives in a short directory:
``$XDG_RUNTIME_DIR/amogui`` when that is short enough, else ``/tmp/amogui-<uid>``.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import socket
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

from amogui.desktop import protocol

log = logging.getLogger(__name__)

SUFFIX_ENV = "AMOGUI_IPC_SUFFIX"
CONNECT_TIMEOUT = 0.5  # seconds
MAX_SOCKET_PATH = 100  # sun_path is 104 bytes on macOS, 108 on Linux
_SUFFIX = re.compile(r"[A-Za-z0-9_-]{1,32}")
_NAME_ROOM = 45  # "/ipc-" + a 32-character suffix, with margin


class IPCError(Exception):
    """The IPC server could not be set up or reached; the message is one sentence."""


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def socket_dir() -> Path:
    """A per-user directory for the socket, created 0700 and checked to be ours."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    candidates = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        candidates.append(Path(runtime) / "amogui")
    candidates.append(Path(tempfile.gettempdir()) / f"amogui-{uid}")
    for path in candidates:
        if len(str(path)) + _NAME_ROOM <= MAX_SOCKET_PATH:
            return _ensure_private_dir(path)
    return _ensure_private_dir(Path("/tmp") / f"amogui-{uid}")  # noqa: S108 - short on purpose


def _ensure_private_dir(path: Path) -> Path:
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        info = path.lstat()
    except OSError as exc:
        raise IPCError(f"The socket directory {path} cannot be created: {exc.strerror}.") from exc
    if not stat.S_ISDIR(info.st_mode):
        raise IPCError(f"The socket directory {path} is not a directory.")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        # Someone else made it first: listening there would hand them our deep links.
        raise IPCError(f"The socket directory {path} belongs to another user.")
    os.chmod(path, 0o700)
    return path


def server_name(suffix: str | None = None) -> str:
    """The server's name: a socket path on Unix, a pipe name on Windows."""
    suffix = suffix if suffix is not None else os.environ.get(SUFFIX_ENV) or None
    if suffix is not None and not _SUFFIX.fullmatch(suffix):
        raise IPCError("The IPC suffix may only hold letters, digits, '-' and '_' (at most 32).")
    tail = f"-{suffix}" if suffix else ""
    if sys.platform == "win32":
        digest = hashlib.sha256(_user().encode()).hexdigest()[:16]
        return f"amogui-{digest}{tail}"
    return str(socket_dir() / f"ipc{tail}")


class _Conn(Protocol):
    def send(self, data: bytes, timeout: float) -> bool: ...
    def read_line(self, timeout: float) -> bytes | None: ...
    def close(self) -> None: ...


class _UnixConn:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()

    def send(self, data: bytes, timeout: float) -> bool:
        self.sock.settimeout(timeout)
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def read_line(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or len(self.buffer) > protocol.MAX_LINE:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except OSError:  # timeout included
                return None
            if not chunk:
                return None
            self.buffer += chunk
        line, _, rest = bytes(self.buffer).partition(b"\n")
        self.buffer = bytearray(rest)
        return line

    def close(self) -> None:
        self.sock.close()


class _QtConn:
    """Windows: QLocalSocket's blocking API (named pipes have no stdlib client)."""

    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.buffer = bytearray()

    def send(self, data: bytes, timeout: float) -> bool:
        self.sock.write(data)
        return bool(self.sock.waitForBytesWritten(int(timeout * 1000)))

    def read_line(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not self.sock.waitForReadyRead(left):
                return None
            self.buffer += bytes(self.sock.readAll().data())
        line, _, rest = bytes(self.buffer).partition(b"\n")
        self.buffer = bytearray(rest)
        return line

    def close(self) -> None:
        self.sock.abort()


def _connect(name: str | None, timeout: float) -> _Conn | None:
    name = name or server_name()
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        from PySide6.QtNetwork import QLocalSocket

        qsock = QLocalSocket()
        qsock.connectToServer(name)
        if not qsock.waitForConnected(int(timeout * 1000)):
            qsock.abort()
            return None
        return _QtConn(qsock)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(name)
    except OSError:  # no file, nobody listening, not a socket
        sock.close()
        return None
    return _UnixConn(sock)


def is_running(name: str | None = None, timeout: float = CONNECT_TIMEOUT) -> bool:
    """Whether a server answers on `name`."""
    conn = _connect(name, timeout)
    if conn is None:
        return False
    conn.close()
    return True


def send_url(url: str, via: str = "argv", timeout: float = 2.0, *, name: str | None = None) -> bool:
    """Hand `url` to the running amogui; True once it acknowledged the message."""
    conn = _connect(name, timeout)
    if conn is None:
        return False
    try:
        if not conn.send(protocol.encode_open_url(url, via), timeout):
            return False
        line = conn.read_line(timeout)
        reply = protocol.decode_reply(line) if line is not None else None
        if reply is not None and reply.get("ok") is not True:
            log.warning("the running amogui refused the deep link: %s", reply.get("error"))
        return reply is not None and reply.get("ok") is True
    finally:
        conn.close()


class SelftestWaiter:
    """Asks the running amogui to report when the selftest link with `nonce` arrives.

    Create it *before* opening the link (its registration is acknowledged), then `wait`.
    """

    def __init__(self, nonce: str, timeout: float, *, name: str | None = None) -> None:
        self.nonce = nonce
        self.timeout = timeout
        self.registered = False
        self._conn = _connect(name, CONNECT_TIMEOUT)
        if self._conn is None:
            return
        if self._conn.send(protocol.encode_selftest_wait(nonce, timeout), CONNECT_TIMEOUT):
            line = self._conn.read_line(2.0)
            reply = protocol.decode_reply(line) if line is not None else None
            self.registered = reply is not None and reply.get("ok") is True

    def wait(self) -> str | None:
        """The `via` of the selftest link once the running amogui saw it; None on timeout."""
        if self._conn is None or not self.registered:
            return None
        line = self._conn.read_line(self.timeout)
        notice = protocol.decode_reply(line) if line is not None else None
        if notice is None or notice.get("type") != protocol.TYPE_SELFTEST_SEEN:
            return None
        if notice.get("nonce") != self.nonce:
            return None
        via = notice.get("via")
        return via if isinstance(via, str) else "ipc"

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> SelftestWaiter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
