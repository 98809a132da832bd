"""Soak the single-instance IPC server as an adversary would, and print what held.

    python bench/ipc_soak.py                 # the full soak (about a minute)
    python bench/ipc_soak.py --tiny          # a few seconds, for CI smoke runs

The server runs in a child process, as the window does; this process attacks it:

1. throughput: deep links sent one after another, then from several senders at once;
2. fuzz: random bytes, broken JSON, oversize lines and half messages, each on its own
   connection; afterwards a real link must still get through;
3. flood: connections that send nothing, far more than the server serves at once
   (it keeps at most its cap and drops the longest idle); links sent meanwhile either
   arrive or are refused as "busy" (never lost silently), a second amogui trying to
   take the socket over is refused, and the socket file stays;
4. descriptor exhaustion: the child lowers its own descriptor limit (as ``ulimit -n``
   would) to a dozen above what it uses, autosaves a file every 50 ms, and is flooded
   until ``accept`` fails; the failure must be logged once per spell, every autosave
   must succeed, and a link must arrive once the flood ends.

It prints a table of figures (messages/s, the most clients served at once, descriptors,
failures) and, on its last line, the same as JSON. Exit 0 when every outcome held.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from common import emit

URL = "foryoure://amo-crm/callback?code=soak-code&state=soak-state"

SERVER = r"""
import json, os, signal, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from amogui.base.files import atomic_write
from amogui.base.logs import setup_logging
from amogui.desktop.ipc import IPCServer

name, out, headroom = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
app = QCoreApplication([])
setup_logging("INFO", to_file=False, stderr_level="WARNING")
server = IPCServer(name)
server.listen()
fds = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else -1
if headroom > 0 and fds > 0:
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (fds + headroom, hard))
state = {"saves_ok": 0, "saves_failed": 0, "received": 0}

def save():
    try:
        atomic_write(out / "run.json", json.dumps(state).encode())
        state["saves_ok"] += 1
    except OSError:
        state["saves_failed"] += 1

def got(url, via):
    state["received"] += 1

server.url_received.connect(got)
timer = QTimer()
timer.timeout.connect(save)
timer.start(50)
signal.signal(signal.SIGTERM, lambda *a: app.quit())
print(json.dumps({"fds": fds, "limit": fds + headroom if headroom > 0 else None}), flush=True)
app.exec()
print(json.dumps({**state, **server.stats, "socket_kept": os.path.exists(name)}), flush=True)
server.shutdown()
"""


class Child:
    """The server process (the window's stand-in)."""

    def __init__(self, name: str, folder: Path, headroom: int = 0) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_API="pyside6")
        root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, name, str(folder), str(headroom)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.start = json.loads(self.proc.stdout.readline())
        self.peak_fds = 0
        # Read its log as it comes: a full pipe would block the server on a log line.
        self.err: list[str] = []
        self._reader = threading.Thread(target=self._read_err, daemon=True)
        self._reader.start()

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)

    def open_fds(self) -> int:
        try:
            count = len(os.listdir(f"/proc/{self.proc.pid}/fd"))
        except OSError:
            return -1
        self.peak_fds = max(self.peak_fds, count)
        return count

    def stop(self) -> tuple[dict[str, Any], str]:
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.stdout is not None
        out = self.proc.stdout.read()
        self.proc.wait(timeout=60)
        self._reader.join(10)
        lines = out.strip().splitlines()
        return (json.loads(lines[-1]) if lines else {}), "".join(self.err)


def send(name: str, timeout: float = 3.0) -> bool:
    from amogui.desktop.ipc_client import send_url

    return send_url(URL, "argv", timeout, name=name)


def wait_until(predicate: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def hold(name: str, count: int) -> list[socket.socket]:
    """Connections that send nothing; as many of `count` as the kernel queues."""
    held = []
    for _ in range(count):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect(name)
        except OSError:
            sock.close()
            continue
        held.append(sock)
    return held


def takeover_refused(name: str) -> bool:
    """Whether a second amogui trying to listen on the name is refused (as it must be)."""
    from PySide6.QtCore import QCoreApplication

    from amogui.desktop.ipc import AddressInUseError, IPCServer

    QCoreApplication.instance() or QCoreApplication([])
    try:
        IPCServer(name).listen()
    except AddressInUseError:
        return True
    return False


# -- phases -------------------------------------------------------------------------------


def throughput(name: str, messages: int, senders: int) -> dict[str, Any]:
    started = time.perf_counter()
    ok = sum(send(name) for _ in range(messages))
    single = ok / (time.perf_counter() - started)
    results: list[int] = []

    def sender(count: int) -> None:
        results.append(sum(send(name) for _ in range(count)))

    threads = [threading.Thread(target=sender, args=(messages // senders,)) for _ in range(senders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    many = sum(results) / (time.perf_counter() - started)
    total = messages + (messages // senders) * senders
    return {
        "messages_per_s_1": round(single),
        f"messages_per_s_{senders}": round(many),
        "messages_lost": total - ok - sum(results),
    }


JUNK = [
    b"hello\n",
    b"\xff\xfe\x00\n",
    b'{"v":1,"type":"open-url"}\n',
    b'{"v":9,"type":"open-url","url":"x"}\n',
    b'{"v":1,"type":"open-url","url":"foryoure://x\\n2026 fake log line"}\n',
    b'{"v":1,"type":"selftest-wait","nonce":"abcdefgh12","timeout":1e9}\n',
    b"[" * 10000 + b"\n",
    b'{"v":1,',
]


def fuzz(name: str, count: int, rng: random.Random) -> dict[str, Any]:
    answered = dropped = 0
    for _ in range(count):
        if rng.random() < 0.5:
            blob = rng.choice(JUNK)
        else:
            blob = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200))) + b"\n"
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(2)
        try:
            sock.connect(name)
            sock.sendall(blob)
            sock.shutdown(socket.SHUT_WR)
            reply = sock.recv(4096)
            answered += bool(reply)
            dropped += not reply
        except OSError:
            dropped += 1
        finally:
            sock.close()
    return {"fuzz_messages": count, "fuzz_answered": answered, "fuzz_dropped": dropped}


def flood(child: Child, name: str, connections: int) -> dict[str, Any]:
    held: list[socket.socket] = []
    delivered = refused = 0
    takeovers = 0
    try:
        for _ in range(10):
            held += hold(name, connections // 10)
            child.open_fds()
            delivered_now = send(name, 0.5)
            delivered += delivered_now
            refused += not delivered_now
            takeovers += takeover_refused(name)
        kept = os.path.exists(name)
    finally:
        for sock in held:
            sock.close()
    after = wait_until(lambda: send(name), 20)
    return {
        "flood_connections": len(held),
        "flood_links_delivered": delivered,
        "flood_links_busy": refused,
        "flood_takeovers_refused": takeovers,
        "flood_socket_kept": kept,
        "flood_link_after": after,
    }


def exhaustion(folder: Path, connections: int, headroom: int) -> dict[str, Any]:
    name = str(folder / "ipc-x")
    child = Child(name, folder, headroom)
    held: list[socket.socket] = []
    try:
        for _ in range(10):
            held += hold(name, connections // 10)
            child.open_fds()
            time.sleep(0.05)
        time.sleep(0.5)  # autosaves while every descriptor is taken
        kept = os.path.exists(name)
        refused = takeover_refused(name)
    finally:
        for sock in held:
            sock.close()
    after = wait_until(lambda: send(name), 20)
    stats, err = child.stop()
    return {
        "fd_limit": child.start.get("limit"),
        "fd_peak": child.peak_fds,
        "fd_flood_connections": len(held),
        "fd_accept_failures": stats.get("accept_failures", 0),
        "fd_failure_warnings": err.count("IPC connections cannot be accepted"),
        "fd_saves_ok": stats.get("saves_ok", 0),
        "fd_saves_failed": stats.get("saves_failed", 0),
        "fd_max_clients": stats.get("max_clients", 0),
        "fd_socket_kept": kept and stats.get("socket_kept", False),
        "fd_takeover_refused": refused,
        "fd_link_after": after,
        "fd_traceback": "Traceback" in err,
    }


# -- report ---------------------------------------------------------------------------------


def verdicts(values: dict[str, Any]) -> dict[str, bool]:
    return {
        "no link lost in throughput": values["messages_lost"] == 0,
        "server alive after the fuzz": values["fuzz_link_after"],
        "clients capped during the flood": values["flood_max_clients"] <= values["cap"],
        "socket kept and never taken over": values["flood_socket_kept"]
        and values["flood_takeovers_refused"] == 10,
        "a link gets through after the flood": values["flood_link_after"],
        "descriptors ran out": values.get("fd_accept_failures", 1) > 0,
        "accept failure logged once per spell": 0
        < values.get("fd_failure_warnings", 1)
        <= max(1, values.get("fd_accept_failures", 1)),
        "autosave never failed": values.get("fd_saves_failed", 0) == 0,
        "a link after descriptors came back": values.get("fd_link_after", True),
        "no traceback": not values.get("fd_traceback", False),
    }


def table(values: dict[str, Any], held: dict[str, bool]) -> str:
    rows = [
        ("throughput", "messages/s, one sender", values["messages_per_s_1"]),
        ("throughput", f"messages/s, {values['senders']} senders", values["messages_per_s_n"]),
        (
            "fuzz",
            "malformed messages (answered/dropped)",
            f"{values['fuzz_answered']}/{values['fuzz_dropped']}",
        ),
        ("flood", "idle connections opened", values["flood_connections"]),
        (
            "flood",
            "most clients served at once (cap)",
            f"{values['flood_max_clients']} ({values['cap']})",
        ),
        (
            "flood",
            "links during the flood: delivered/busy",
            f"{values['flood_links_delivered']}/{values['flood_links_busy']}",
        ),
        ("flood", "longest-idle clients dropped", values["flood_evicted"]),
        ("flood", "server descriptors at peak", values["flood_fd_peak"]),
    ]
    if "fd_limit" in values:
        rows += [
            (
                "fd exhaustion",
                "descriptor limit / peak open",
                f"{values['fd_limit']} / {values['fd_peak']}",
            ),
            (
                "fd exhaustion",
                "accept failures / warnings logged",
                f"{values['fd_accept_failures']} / {values['fd_failure_warnings']}",
            ),
            (
                "fd exhaustion",
                "autosaves ok / failed",
                f"{values['fd_saves_ok']} / {values['fd_saves_failed']}",
            ),
        ]
    lines = [f"{'phase':<15} {'figure':<42} value", "-" * 72]
    lines += [f"{p:<15} {f:<42} {v}" for p, f, v in rows]
    lines.append("-" * 72)
    lines += [f"{'ok ' if ok else 'FAIL'} {name}" for name, ok in held.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a few seconds (CI smoke)")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--fuzz", type=int, default=5000)
    parser.add_argument("--flood", type=int, default=1100)
    parser.add_argument("--headroom", type=int, default=12, help="descriptors above the baseline")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    if args.tiny:
        args.messages, args.fuzz, args.flood = 100, 200, 300
    from amogui.desktop.ipc import MAX_CLIENTS

    rng = random.Random(args.seed)
    # /tmp, not a long TMPDIR: socket paths are limited to ~104 bytes.
    with tempfile.TemporaryDirectory(prefix="amogui-soak-", dir="/tmp") as tmp:
        folder = Path(tmp)
        name = str(folder / "ipc")
        child = Child(name, folder)
        try:
            values: dict[str, Any] = {"cap": MAX_CLIENTS, "senders": args.senders}
            rate = throughput(name, args.messages, args.senders)
            values["messages_per_s_1"] = rate["messages_per_s_1"]
            values["messages_per_s_n"] = rate[f"messages_per_s_{args.senders}"]
            values["messages_lost"] = rate["messages_lost"]
            values.update(fuzz(name, args.fuzz, rng))
            values["fuzz_link_after"] = send(name)
            values.update(flood(child, name, args.flood))
            values["flood_fd_peak"] = child.peak_fds
        finally:
            stats, _err = child.stop()
        values["flood_max_clients"] = stats.get("max_clients", 0)
        values["flood_evicted"] = stats.get("evicted", 0)
        if sys.platform == "linux":
            exhausted = folder / "exhaust"
            exhausted.mkdir()
            values.update(exhaustion(exhausted, args.flood, args.headroom))
    held = verdicts(values)
    values["outcome"] = "pass" if all(held.values()) else "FAIL"
    print(table(values, held), file=sys.stderr)
    emit(values)
    return 0 if values["outcome"] == "pass" else 1


if __name__ == "__main__":
    sys.exit(main())
