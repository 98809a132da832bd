"""``amogui handler selftest``: does a deep link opened through the OS reach amogui?

It opens ``<scheme>://<host>/selftest?nonce=<random>`` the way a browser hands a custom
scheme to the OS (xdg-open, open, start) and waits for amogui's IPC server to see that
nonce. With an amogui running, that instance is asked to report it (a ``selftest-wait``
message); with none, the selftest listens itself under the same name, which proves the
same path: OS -> handler -> ``amogui open-url`` -> IPC.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from amogui.desktop import ipc_client


@dataclass
class SelftestResult:
    url: str
    listener: str  # "running amogui" or "selftest listener"
    opener: list[str] = field(default_factory=list)
    opener_exit: int | None = None
    received: bool = False
    via: str | None = None
    elapsed_ms: float | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        out = [f"opened   {self.url}", f"with     {' '.join(self.opener) or '(nothing)'}"]
        out.append(f"listener {self.listener}")
        if self.received:
            out.append(f"received via {self.via} after {self.elapsed_ms:.0f} ms: the handler works")
        else:
            out.append("NOT received: " + (self.error or "the OS did not hand the link to amogui"))
            if self.opener_exit:
                out.append(f"the opener exited with {self.opener_exit}")
        return out


def selftest_url(scheme: str, host: str, nonce: str) -> str:
    return f"{scheme}://{host}/selftest?nonce={nonce}"


def opener_argv(url: str) -> list[str]:
    if sys.platform == "darwin":
        return ["open", url]
    return ["xdg-open", url]


def _open(url: str, result: SelftestResult) -> subprocess.Popen[bytes] | None:
    if sys.platform == "win32":  # pragma: no cover - os.startfile is Windows-only
        result.opener = ["start", url]
        # typeshed declares startfile for Windows only; mypy checks as on this platform.
        os.startfile(url)  # type: ignore[attr-defined]  # noqa: S606 - the OS's own opener
        return None
    result.opener = opener_argv(url)
    try:
        return subprocess.Popen(
            result.opener,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        result.error = f"{result.opener[0]} could not start: {exc.strerror}."
        return None


def _finish(proc: subprocess.Popen[bytes] | None, result: SelftestResult) -> None:
    if proc is None:
        return
    try:
        result.opener_exit = proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        result.opener_exit = proc.wait()


def run_selftest(
    scheme: str, host: str, *, timeout: float = 15.0, name: str | None = None
) -> SelftestResult:
    nonce = secrets.token_urlsafe(12)
    url = selftest_url(scheme, host, nonce)
    if ipc_client.is_running(name):
        return _with_running(url, nonce, timeout, name)
    return _with_own_listener(url, nonce, timeout, name)


def _with_running(url: str, nonce: str, timeout: float, name: str | None) -> SelftestResult:
    result = SelftestResult(url, "running amogui")
    with ipc_client.SelftestWaiter(nonce, timeout, name=name) as waiter:
        if not waiter.registered:
            result.error = "The running amogui did not accept the selftest request."
            return result
        start = time.monotonic()
        proc = _open(url, result)
        via = waiter.wait() if result.error is None else None
        elapsed = (time.monotonic() - start) * 1000
    _finish(proc, result)
    if via is not None:
        result.received, result.via, result.elapsed_ms = True, via, elapsed
    elif result.error is None:
        result.error = f"Nothing arrived within {timeout:.0f} s."
    return result


def _with_own_listener(url: str, nonce: str, timeout: float, name: str | None) -> SelftestResult:
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from amogui.desktop.ipc import IPCError, IPCServer

    result = SelftestResult(url, "selftest listener (no amogui was running)")
    app = QCoreApplication.instance() or QCoreApplication([])
    del app  # kept alive by Qt; only needs to exist
    server = IPCServer(name)
    try:
        server.listen()
    except IPCError as exc:
        result.error = str(exc)
        return result
    loop = QEventLoop()
    seen: dict[str, Any] = {}

    def on_selftest(got: str, via: str) -> None:
        if got == nonce and not seen:
            seen.update(via=via, at=time.monotonic())
            loop.quit()

    server.selftest_received.connect(on_selftest)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    start = time.monotonic()
    proc = _open(url, result)
    if result.error is None:
        loop.exec()
    server.shutdown()
    _finish(proc, result)
    if seen:
        result.received, result.via = True, seen["via"]
        result.elapsed_ms = (seen["at"] - start) * 1000
    elif result.error is None:
        result.error = f"Nothing arrived within {timeout:.0f} s."
    return result
