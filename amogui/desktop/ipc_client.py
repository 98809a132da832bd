"""The client side of the single-instance IPC, where the sockets live, and the server lock.

Qt-free on Unix, where a `QLocalServer`-style endpoint is a plain Unix domain socket: the
short-lived ``amogui open-url`` process then starts fast and never loads Qt, and the
client works from any thread. On Windows (named pipes) it falls back to `QLocalSocket`.

Names. The window's endpoint is per user (a directory only the user can enter) plus an
optional suffix, so tests can run their own (``AMOGUI_IPC_SUFFIX``). Unix socket paths
are limited to ~104 bytes, so the sockets live in a short directory:
``$XDG_RUNTIME_DIR/amogui`` when that is short enough, else ``/tmp/amogui-<uid>``. Each
headless run adds an endpoint of its own next to it (``<name>.run-<random>``, see
`amogui.desktop.channels`).

Is someone there? (`probe`) A connection is tried *blocking*, with a real timeout
(``SO_SNDTIMEO``): the kernel then waits for room in a full backlog instead of failing at
once with EAGAIN, which a non-blocking connect would report. Only "connection refused"
(a socket file nobody listens on) means stale, and "no such file" absent; a timeout or
EAGAIN means busy (alive: never take its place), anything else (no file descriptor left,
permission denied) "cannot tell" (never take its place either).

The lock. A server also holds an exclusive ``flock`` on ``<name>.lock`` for as long as
it lives; the kernel drops it when the process dies, even by ``kill -9``. So whether an
amogui serves a name is known without asking the socket at all, and a starting amogui
replaces a socket file only when it holds that lock itself *and* the probe says stale.
(On macOS a full backlog is reported as "refused": the lock is what tells the two apart.)
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import hashlib
import logging
import os
import re
import socket
import stat
import struct
import sys
import tempfile
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from amogui.desktop import protocol

log = logging.getLogger(__name__)

SUFFIX_ENV = "AMOGUI_IPC_SUFFIX"
# How long a live server may take to take a connection before it counts as busy.
CONNECT_TIMEOUT = 1.0  # seconds
REPLY_TIMEOUT = 3.0  # seconds a server may take to answer one message
MAX_SOCKET_PATH = 100  # sun_path is 104 bytes on macOS, 108 on Linux
RUN_TAG = ".run-"  # <name>.run-<12 hex>: a headless run's own endpoint
LOCK_SUFFIX = ".lock"
_SUFFIX = re.compile(r"[A-Za-z0-9_-]{1,32}")
# "/ipc-" + a 32-character suffix + ".run-" + 12 hex digits + ".lock", with margin
_NAME_ROOM = 65


class IPCError(Exception):
    """The IPC server could not be set up or reached; the message is one sentence."""


class Probe(StrEnum):
    """What is found at an endpoint's name."""

    ALIVE = "alive"  # a server took the connection
    BUSY = "busy"  # a server is there but did not take it in time (full backlog, slow)
    STALE = "stale"  # a socket file nobody listens on (connection refused)
    ABSENT = "absent"  # no socket file
    UNKNOWN = "unknown"  # cannot tell (no file descriptor left, permission denied)

    @property
    def live(self) -> bool:
        return self in (Probe.ALIVE, Probe.BUSY)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def socket_dir() -> Path:
    """A per-user directory for the sockets, created 0700 and checked to be ours."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    candidates = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        candidates.append(Path(runtime) / "amogui")
    candidates.append(Path(tempfile.gettempdir()) / f"amogui-{uid}")
    for path in candidates:
        if len(str(path)) + _NAME_ROOM <= MAX_SOCKET_PATH:
            return ensure_private_dir(path)
    return ensure_private_dir(Path("/tmp") / f"amogui-{uid}")  # noqa: S108 - short on purpose


def ensure_private_dir(path: Path) -> Path:
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
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(path, 0o700)
    return path


def server_name(suffix: str | None = None) -> str:
    """The window's endpoint: a socket path on Unix, a pipe name on Windows."""
    suffix = suffix if suffix is not None else os.environ.get(SUFFIX_ENV) or None
    if suffix is not None and not _SUFFIX.fullmatch(suffix):
        raise IPCError("The IPC suffix may only hold letters, digits, '-' and '_' (at most 32).")
    tail = f"-{suffix}" if suffix else ""
    if sys.platform == "win32":
        digest = hashlib.sha256(_user().encode()).hexdigest()[:16]
        return f"amogui-{digest}{tail}"
    return str(socket_dir() / f"ipc{tail}")


# -- the server lock ----------------------------------------------------------------------


class ServerLock:
    """An exclusive ``flock`` on ``<name>.lock``, held by the server that serves `name`.

    On Windows there is no stale socket file to replace (a named pipe goes with its
    process), so the lock is a no-op there.
    """

    def __init__(self, name: str) -> None:
        self.path = Path(name + LOCK_SUFFIX)
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """True once held; False when another process holds it. OSError if it cannot
        even be tried (the folder is gone, no file descriptor is left).

        A server removes its lock file when it stops; one that locked the file just
        before it went holds a lock on nothing: so after locking, the file at the path
        must still be the one locked, else it is tried again.
        """
        if sys.platform == "win32":  # pragma: no cover - no flock on Windows
            self._fd = -1
            return True
        import fcntl

        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
        for _ in range(5):
            fd = os.open(self.path, flags, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            except OSError:
                os.close(fd)
                raise
            info = os.fstat(fd)
            self._fd, self._identity = fd, (info.st_dev, info.st_ino)
            if self.still_ours():
                return True
            self._fd, self._identity = None, None
            os.close(fd)  # the file was removed meanwhile: lock the new one
        raise OSError(errno.EAGAIN, "the lock file keeps being replaced")

    def still_ours(self) -> bool:
        """Whether the lock file at the path is still the one locked (a cleaner may have
        removed the folder: then a newcomer could lock a new file)."""
        if sys.platform == "win32" or self._identity is None:  # pragma: no cover
            return self.held
        try:
            info = os.stat(self.path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) == self._identity

    def release(self, *, unlink: bool = False) -> None:
        """Let go; `unlink` removes the file first (`acquire` copes with that)."""
        fd, self._fd, self._identity = self._fd, None, None
        if fd is None or fd < 0:
            return
        if unlink:
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(fd)


def lock_is_held(name: str) -> bool | None:
    """Whether a live process holds `name`'s server lock; None when it cannot be told."""
    if sys.platform == "win32":  # pragma: no cover
        return None
    lock = ServerLock(name)
    if not lock.path.exists():
        return False
    try:
        got = lock.acquire()
    except OSError:
        return None
    lock.release()
    return not got


# -- connecting ----------------------------------------------------------------------------


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


class _QtConn:  # pragma: no cover - Windows only
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


_BUSY_ERRNOS = {errno.EAGAIN, errno.EWOULDBLOCK, errno.ETIMEDOUT, errno.EINPROGRESS}


def _classify(exc: OSError) -> Probe:
    if exc.errno == errno.ENOENT:
        return Probe.ABSENT
    if exc.errno == errno.ECONNREFUSED:
        return Probe.STALE
    if exc.errno in _BUSY_ERRNOS or isinstance(exc, TimeoutError):
        return Probe.BUSY
    return Probe.UNKNOWN


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")


def _timeval(seconds: float) -> bytes:
    whole = int(seconds)
    return struct.pack("ll", whole, int((seconds - whole) * 1_000_000))


def _unix_connect(path: str, timeout: float) -> tuple[_Conn | None, Probe, str]:
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError as exc:  # no file descriptor left
        return None, Probe.UNKNOWN, _why(exc)
    try:
        # Blocking, with the kernel's own timeout: a full backlog is waited for, not
        # reported at once as EAGAIN (which is what a Python-level timeout would do).
        sock.settimeout(None)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, _timeval(max(timeout, 0.001)))
        sock.connect(path)
    except OSError as exc:
        sock.close()
        return None, _classify(exc), _why(exc)
    return _UnixConn(sock), Probe.ALIVE, ""


def _qt_connect(name: str, timeout: float) -> tuple[_Conn | None, Probe, str]:  # pragma: no cover
    from PySide6.QtNetwork import QLocalSocket

    qsock = QLocalSocket()
    qsock.connectToServer(name)
    if qsock.waitForConnected(int(timeout * 1000)):
        return _QtConn(qsock), Probe.ALIVE, ""
    error, text = qsock.error(), qsock.errorString()
    qsock.abort()
    errors = QLocalSocket.LocalSocketError
    if error == errors.ServerNotFoundError:
        return None, Probe.ABSENT, text
    if error == errors.ConnectionRefusedError:
        return None, Probe.STALE, text
    if error == errors.SocketTimeoutError:
        return None, Probe.BUSY, text
    return None, Probe.UNKNOWN, text


def connect(name: str | None, timeout: float = CONNECT_TIMEOUT) -> tuple[_Conn | None, Probe, str]:
    """A connection to `name`, or None with what was found there and why."""
    name = name or server_name()
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _qt_connect(name, timeout)
    return _unix_connect(name, timeout)


def probe(name: str | None = None, timeout: float = CONNECT_TIMEOUT) -> Probe:
    """What is at `name` (see `Probe`); connects and hangs up at once."""
    conn, found, _ = connect(name, timeout)
    if conn is not None:
        conn.close()
    return found


def is_running(name: str | None = None, timeout: float = CONNECT_TIMEOUT) -> bool:
    """Whether a server is at `name`, answering or busy."""
    return probe(name, timeout).live


# -- one message to one endpoint -------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """How sending one message to one endpoint went."""

    name: str
    found: Probe  # ALIVE: it answered; BUSY: connected or not, it did not answer in time
    reply: dict[str, Any] | None = field(default=None, repr=False)
    detail: str = ""  # why, for UNKNOWN and BUSY

    @property
    def ok(self) -> bool:
        return self.reply is not None and self.reply.get("ok") is True

    @property
    def taken(self) -> bool:
        """The endpoint accepted the deep link as its own (an older amogui takes all)."""
        return self.ok and self.reply is not None and self.reply.get("taken", True) is True

    @property
    def error(self) -> str | None:
        if self.reply is not None and self.reply.get("ok") is not True:
            return str(self.reply.get("error") or "refused")[:300]
        return None


def send_message(name: str, data: bytes, timeout: float = REPLY_TIMEOUT) -> Sent:
    """Send one encoded message and read the reply; never raises."""
    conn, found, detail = connect(name, min(timeout, CONNECT_TIMEOUT))
    if conn is None:
        return Sent(name, found, detail=detail)
    try:
        if not conn.send(data, timeout):
            return Sent(name, Probe.BUSY, detail="the message could not be written in time")
        line = conn.read_line(timeout)
    finally:
        conn.close()
    reply = protocol.decode_reply(line) if line is not None else None
    if reply is None:
        # Connected (the kernel queued us) but no answer: alive, and busy.
        return Sent(name, Probe.BUSY, detail=f"no answer within {timeout:g} s")
    return Sent(name, Probe.ALIVE, reply)


def send_url(url: str, via: str = "argv", timeout: float = 2.0, *, name: str | None = None) -> bool:
    """Hand `url` to the amogui at `name`; True once that endpoint took it."""
    sent = send_message(name or server_name(), protocol.encode_open_url(url, via), timeout)
    if sent.error:
        log.warning("the running amogui refused the deep link: %s", sent.error)
    return sent.taken


class SelftestWaiter:
    """Asks the running amogui to report when the selftest link with `nonce` arrives.

    Create it *before* opening the link (its registration is acknowledged), then `wait`.
    The wait is capped at `protocol.MAX_SELFTEST_WAIT` seconds: the server holds the
    connection no longer.
    """

    def __init__(self, nonce: str, timeout: float, *, name: str | None = None) -> None:
        self.nonce = nonce
        self.timeout = min(timeout, protocol.MAX_SELFTEST_WAIT)
        self.registered = False
        self._conn, _, _ = connect(name, CONNECT_TIMEOUT)
        if self._conn is None:
            return
        message = protocol.encode_selftest_wait(nonce, self.timeout)
        if self._conn.send(message, CONNECT_TIMEOUT):
            line = self._conn.read_line(REPLY_TIMEOUT)
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
