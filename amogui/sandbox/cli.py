"""`amogui sandbox`: run the local admin backend and amoCRM stand-in in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

from amogui.base import argtypes
from amogui.sandbox.faults import FAULTS, add_fault_option, epilog

if TYPE_CHECKING:
    from pathlib import Path

    from amogui.sandbox.config import SandboxConfig
    from amogui.sandbox.server import Sandbox

DESCRIPTION = (
    "Run the local ForYou admin backend and amoCRM stand-in until Ctrl-C. It binds to\n"
    "127.0.0.1 and prints its URLs and demo users. Another --host needs --expose: the\n"
    "demo users' passwords are published, so anyone who reaches the port can log in.\n"
    "It starts with no fault unless --fault names some."
)
EPILOG = epilog()
EXPOSE_WARNING = (
    "warning: the sandbox listens on {host}, beyond this machine: its demo users' "
    "passwords are published (printed below), so anyone who can reach it can log in"
)


def _rate(text: str) -> float:
    """An argparse type: a finite, positive number of requests per second."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of requests/s: {text!r}")
    return value


MAX_LEADS = 1_000_000  # the sandbox's SQLite holds far more; seeding that many takes minutes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1; anything but loopback needs --expose)",
    )
    parser.add_argument(
        "--expose",
        action="store_true",
        help="allow a --host other than loopback (the demo credentials become reachable)",
    )
    parser.add_argument(
        "--port",
        type=argtypes.port_or_zero,
        default=0,
        help="admin backend port (default: a free port)",
    )
    parser.add_argument(
        "--amocrm-port",
        type=argtypes.port_or_zero,
        default=0,
        help="amoCRM stand-in port (default: a free port)",
    )
    add_fault_option(parser, "switch a fault on (repeatable; see the list below)")
    parser.add_argument(
        "--leads",
        type=argtypes.integer(0, MAX_LEADS, "the number of leads"),
        default=300,
        metavar="N",
        help=f"leads to seed (default 300, at most {MAX_LEADS})",
    )
    parser.add_argument("--db", metavar="FILE", help="keep the state in this SQLite file")
    parser.add_argument(
        "--delay", type=argtypes.delay, default=2.0, help="seconds of delay for the 'slow' fault"
    )
    parser.add_argument(
        "--rate",
        type=_rate,
        default=7.0,
        metavar="N",
        help="requests per second the backend takes with the 'rate-limit' fault (default 7)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="do not log each request (they are redacted)"
    )


def _fail(message: str) -> int:
    print(f"amogui sandbox: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from amogui.base.net import is_loopback_host
    from amogui.sandbox.config import SandboxConfig
    from amogui.sandbox.faults import UnknownFaultError

    if not 0 <= args.port <= 65535 or not 0 <= args.amocrm_port <= 65535:
        return _fail("ports must be between 0 and 65535")
    exposed = not is_loopback_host(args.host)
    if exposed and not args.expose:
        return _fail(
            f"--host {args.host} would make the sandbox reachable from the network, where "
            "its published demo passwords let anyone log in; add --expose if that is meant"
        )
    db_path = Path(args.db) if args.db else None
    if db_path is not None:
        problem = _database_problem(db_path)
        if problem:
            return _fail(problem)
    try:
        config = SandboxConfig(
            host=args.host,
            port=args.port,
            amocrm_port=args.amocrm_port,
            faults=frozenset(args.fault),
            leads=args.leads,
            db_path=db_path,
            delay=args.delay,
            rate=args.rate,
            log_requests=not args.quiet,
        )
    except UnknownFaultError as exc:
        return _fail(f"{exc}")
    except ValueError as exc:
        return _fail(f"{exc}")
    if exposed:
        print(f"amogui sandbox: {EXPOSE_WARNING.format(host=args.host)}", file=sys.stderr)
    return _serve(config)


def _database_problem(path: Path) -> str | None:
    """Why the SQLite file cannot hold the sandbox's state, in one sentence, or None."""
    import sqlite3

    if path.is_dir():
        return f"--db {path} is a directory, not a database file"
    if not path.parent.is_dir():
        return f"--db {path}: the folder {path.parent} does not exist"
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.commit()
    except sqlite3.Error as exc:
        return f"--db {path} cannot be used as the sandbox's database: {exc}"
    return None


def _serve(config: SandboxConfig) -> int:
    from amogui.sandbox.server import Sandbox, SandboxError

    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)  # our summary says it all
    echo = _echo_requests()
    sandbox = Sandbox(config)
    try:
        try:
            sandbox.start()
        except SandboxError as exc:
            return _fail(str(exc))
        print(summary(sandbox), flush=True)
        _wait_for_stop()
    except KeyboardInterrupt:
        pass  # Ctrl-C, also while a large database was still being seeded
    finally:
        sandbox.stop()
        logging.getLogger("amogui.sandbox").removeHandler(echo)
    print("sandbox stopped", flush=True)
    return 0


def _wait_for_stop() -> None:
    """Until Ctrl-C (KeyboardInterrupt) or SIGTERM."""
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        # Short slices, so Ctrl-C is seen promptly on every platform.
        while not done.wait(0.5):
            pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _echo_requests() -> logging.Handler:
    """Show the (already redacted) request lines on stdout while in the foreground;
    they also reach the application log through the root logger."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    handler.setLevel(logging.INFO)
    logger = logging.getLogger("amogui.sandbox")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return handler


def summary(sandbox: Sandbox) -> str:
    """What a tester needs to point amogui or a browser at the sandbox."""
    lines = [
        f"admin backend   {sandbox.base_url}",
        f"amoCRM          {sandbox.amocrm_url}",
        f"authorize URL   {sandbox.authorize_url}",
        f"client id       {sandbox.client_id}",
        f"faults          {_faults_line(sandbox)}",
        f"leads           {sandbox.config.leads}",
        "demo users (sandbox credentials):",
    ]
    lines += [f"  {u.email}  password {u.password}  ({u.role})" for u in sandbox.users]
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def _faults_line(sandbox: Sandbox) -> str:
    """The chosen switches with their kind, and what presets turned on."""
    from amogui.sandbox.faults import dormant, kind_of

    chosen = sorted(sandbox.faults)
    if not chosen:
        return "none"
    parts = [f"{name} ({kind_of(name).value})" for name in chosen]
    added = sorted(sandbox.active_faults - sandbox.faults)
    line = ", ".join(parts)
    if added:
        line += f"; turned on by a preset: {', '.join(added)}"
    idle = sorted(dormant(sandbox.faults))
    if idle:
        line += f"; changes nothing alone: {', '.join(idle)}"
    return line


__all__ = ["DESCRIPTION", "EPILOG", "FAULTS", "add_arguments", "run"]
