"""`amogui sandbox`: run the local admin backend and amoCRM stand-in in the foreground."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

from amogui.base import argtypes
from amogui.sandbox.faults import FAULTS, epilog

if TYPE_CHECKING:
    from amogui.sandbox.config import SandboxConfig
    from amogui.sandbox.server import Sandbox

DESCRIPTION = (
    "Run the local ForYou admin backend and amoCRM stand-in until Ctrl-C. It binds to\n"
    "127.0.0.1 unless --host says otherwise and prints its URLs and demo users."
)
EPILOG = epilog()
MAX_LEADS = 1_000_000  # the sandbox's SQLite holds far more; seeding that many takes minutes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
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
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a fault on (repeatable; see the list below)",
    )
    parser.add_argument(
        "--leads",
        type=argtypes.integer(0, MAX_LEADS, "the number of leads"),
        default=300,
        metavar="N",
        help=f"leads to seed (default 300, at most {MAX_LEADS})",
    )
    parser.add_argument("--db", metavar="FILE", help="keep the state in this SQLite file")
    parser.add_argument(
        "--delay", type=float, default=2.0, help="seconds of delay for the 'slow' fault"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="do not log each request (they are redacted)"
    )


def _fail(message: str) -> int:
    print(f"amogui sandbox: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from amogui.sandbox.config import SandboxConfig
    from amogui.sandbox.faults import UnknownFaultError

    try:
        config = SandboxConfig(
            host=args.host,
            port=args.port,
            amocrm_port=args.amocrm_port,
            faults=frozenset(args.fault),
            leads=args.leads,
            db_path=Path(args.db) if args.db else None,
            delay=args.delay,
            log_requests=not args.quiet,
        )
    except UnknownFaultError as exc:
        return _fail(f"{exc}")
    except ValueError as exc:
        return _fail(f"{exc}")
    if not 0 <= args.port <= 65535 or not 0 <= args.amocrm_port <= 65535:
        return _fail("ports must be between 0 and 65535")
    return _serve(config)


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
        f"faults          {', '.join(sorted(sandbox.faults)) or 'none'}",
        f"leads           {sandbox.config.leads}",
        "demo users (sandbox credentials):",
    ]
    lines += [f"  {u.email}  password {u.password}  ({u.role})" for u in sandbox.users]
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


__all__ = ["DESCRIPTION", "EPILOG", "FAULTS", "add_arguments", "run"]
