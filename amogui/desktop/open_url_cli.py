"""``amogui open-url [--] URL``: what the OS URL handler runs for ``foryoure://...``.

It offers the URL to every running amogui (the window and any ``amogui run`` waiting for
a deep link; each takes only its own: `amogui.desktop.channels`) and exits 0 once one
took it. A running amogui that is busy, or that no endpoint claims the link for, gives
exit 1 with a sentence: a second window is never started while one lives. With none
running, it starts the window (``python -m amogui``, detached) and passes the
URL through an owner-only file (`amogui.desktop.startup`), never on a command line. It
then waits for the new window's IPC server; if the window has not taken the file a moment
after it listens, the URL is claimed back (atomically) and sent over IPC instead.

The URL is untrusted: one that starts with ``-`` is refused (option injection,
qutebrowser CVE-2021-41146), as is one whose scheme no profile uses, one longer than
the deep link cap or one with whitespace or control characters. The full validation
(host, path, parameters, state) happens in the window, which says why it refused.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from amogui.base import argtypes
from amogui.base.deeplinks import DEFAULT_SCHEME, MAX_URL

DESCRIPTION = "Hand a deep link to the running amogui (what the OS URL handler runs)."
MAX_TIMEOUT = 60.0  # the OS handler runs this per click: it must end
EPILOG = (
    "Put '--' before the URL when a program builds the command: amogui open-url -- URL.\n"
    "Exit: 0 handed over (or a window started with it), 1 not delivered (busy, or no\n"
    "running amogui waits for this link), 2 URL refused."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="the deep link, e.g. foryoure://amo-crm/...")
    parser.add_argument(
        "--timeout",
        type=argtypes.seconds(MAX_TIMEOUT),
        default=3.0,
        help=f"seconds to wait for each running amogui (default 3, at most {MAX_TIMEOUT:g})",
    )
    parser.add_argument(
        "--no-start",
        action="store_true",
        help="fail (exit 1) instead of starting a window when no amogui runs",
    )
    parser.add_argument("--via", default="argv", help=argparse.SUPPRESS)


def known_schemes() -> set[str]:
    """The deep link schemes of every profile (a damaged store still yields the default)."""
    schemes = {DEFAULT_SCHEME}
    try:
        from amogui.settings.store import ProfileStore

        schemes |= {p.deeplink_scheme.lower() for p in ProfileStore().profiles()}
    except Exception as exc:  # a broken settings file must not lose the deep link
        print(
            f"amogui open-url: profiles unreadable ({exc}); using {DEFAULT_SCHEME}", file=sys.stderr
        )
    return schemes


def refusal(url: str, schemes: set[str]) -> str | None:
    """Why `url` is not forwarded, or None."""
    if url.startswith("-"):
        return "The URL starts with '-', which could be read as an option; it is refused."
    if len(url) > MAX_URL:
        return f"The URL is {len(url)} characters long; at most {MAX_URL} are accepted."
    if any(not ("!" <= c <= "~") for c in url):
        return "The URL contains whitespace, control or non-ASCII characters."
    scheme, sep, _ = url.partition("://")
    if not sep or scheme.lower() not in schemes:
        wanted = ", ".join(sorted(schemes))
        return f"The URL's scheme is not one amogui handles ({wanted})."
    return None


def window_argv() -> list[str]:
    """How to start the window: the frozen app is its own executable (no ``-m``)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "amogui"]


def start_window(url: str) -> Path:
    """Start ``python -m amogui`` detached, with the URL waiting in an owner-only file."""
    from amogui.desktop.startup import ENV, write_startup_url

    path = write_startup_url(url)
    env = {**os.environ, ENV: str(path)}
    # Detached from this process: on Windows by its creation flags (elsewhere they must be
    # 0), elsewhere in a session of its own.
    if sys.platform == "win32":  # pragma: no cover
        flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        flags = 0
    try:
        subprocess.Popen(
            window_argv(),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            creationflags=flags,
            start_new_session=sys.platform != "win32",
        )
    except OSError:
        path.unlink(missing_ok=True)  # nobody will come for it
        raise
    return path


def deliver_after_start(
    path: Path, *, timeout: float = 30.0, grace: float = 1.5, name: str | None = None
) -> str:
    """Make sure the started window gets the URL in `path`; says how it went.

    "window": the window took the file; "ipc": it listened but did not take it within
    `grace` seconds, so the URL went over IPC; "pending": no window listened within
    `timeout` (the file stays for it); "failed": claimed, but the send failed.
    """
    from amogui.desktop import protocol
    from amogui.desktop.ipc_client import is_running, send_message, server_name
    from amogui.desktop.startup import claim

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not path.exists():
            return "window"
        if is_running(name):
            time.sleep(grace)  # the window takes its startup URL right after it listens
            url = claim(path)
            if url is None:
                return "window"
            sent = send_message(name or server_name(), protocol.encode_open_url(url, "argv"))
            return "ipc" if sent.ok else "failed"
        time.sleep(0.2)
    return "pending"


def run(args: argparse.Namespace) -> int:
    from amogui.desktop.channels import hand_over
    from amogui.desktop.ipc_client import IPCError

    url = str(args.url).strip()
    reason = refusal(url, known_schemes())
    if reason:
        print(f"amogui open-url: {reason}", file=sys.stderr)
        return 2
    try:
        handover = hand_over(url, args.via, args.timeout)
    except IPCError as exc:
        print(f"amogui open-url: {exc}", file=sys.stderr)
        return 1
    if handover.taken:
        return 0
    if handover.anyone_alive:
        # A live amogui (answering, busy or not to be judged): never start a second one.
        print(f"amogui open-url: {handover.sentence()}.", file=sys.stderr)
        return 1
    if args.no_start:
        print("amogui open-url: no running amogui received the URL.", file=sys.stderr)
        return 1
    try:
        path = start_window(url)
    except OSError as exc:
        print(f"amogui open-url: the window could not start: {exc}.", file=sys.stderr)
        return 1
    outcome = deliver_after_start(path)
    if outcome == "failed":
        print("amogui open-url: the new window did not accept the URL.", file=sys.stderr)
        return 1
    if outcome == "pending":
        print("amogui open-url: a window is starting; it picks the URL up when it is ready.")
    return 0
