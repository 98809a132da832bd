"""``amogui handler install|uninstall|status|selftest``: the OS URL handler.

The scheme (and the selftest link's host) come from a profile: ``--profile NAME``, else
the last used one. ``selftest`` opens ``<scheme>://<host>/selftest?nonce=...`` through
the OS (xdg-open, open, start) and reports whether amogui's IPC server received it and
how long it took: the running amogui when there is one, else a listener the selftest
starts for itself. Exit 0 on success, 1 on failure, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from amogui.base import argtypes
from amogui.desktop.protocol import MAX_SELFTEST_WAIT

DESCRIPTION = "Install, remove, inspect or test the OS handler of amogui's deep links."
EPILOG = (
    "install    register amogui for the profile's scheme (Linux: a .desktop file,\n"
    "           xdg-mime default, update-desktop-database; Windows: HKCU\\Software\\Classes)\n"
    "uninstall  remove exactly what install added, restoring a previous default\n"
    "status     what the OS says handles the scheme\n"
    "selftest   open <scheme>://<host>/selftest?nonce=... through the OS and time its arrival"
)
ACTIONS = ("install", "uninstall", "status", "selftest")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument(
        "--profile",
        metavar="NAME",
        type=argtypes.profile_name,
        help="take the scheme from this profile",
    )
    parser.add_argument(
        "--scheme",
        type=argtypes.text(64, "The scheme"),
        help="the scheme (overrides the profile's)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--timeout",
        type=argtypes.seconds(MAX_SELFTEST_WAIT),
        default=15.0,
        help=f"selftest: seconds to wait (default 15, at most {MAX_SELFTEST_WAIT:g})",
    )


def _scheme_and_host(args: argparse.Namespace) -> tuple[str, str]:
    from amogui.settings.store import ProfileStore

    store = ProfileStore()
    profile = store.get(args.profile) if args.profile else store.current()
    return (args.scheme or profile.deeplink_scheme), profile.deeplink_host


def _print(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print("\n".join(lines))


def run(args: argparse.Namespace) -> int:
    from amogui.desktop.handler import HandlerError

    try:
        scheme, host = _scheme_and_host(args)
    except (KeyError, ValueError) as exc:
        print(f"amogui handler: {exc}", file=sys.stderr)
        return 2
    if not scheme.isascii() or not scheme.replace("-", "").replace("+", "").isalnum():
        print(f"amogui handler: {scheme!r} is not a URL scheme.", file=sys.stderr)
        return 2
    try:
        if args.action == "install":
            return _install(args, scheme)
        if args.action == "uninstall":
            return _uninstall(args, scheme)
        if args.action == "status":
            return _status(args, scheme)
        return _selftest(args, scheme, host)
    except HandlerError as exc:
        print(f"amogui handler {args.action}: {exc}", file=sys.stderr)
        return 1


def _install(args: argparse.Namespace, scheme: str) -> int:
    from amogui.desktop import handler

    if sys.platform == "win32":  # pragma: no cover
        entries = handler.install_windows(handler.WinRegistry(), scheme)
        _print(
            args, {"registry": [e.__dict__ for e in entries]}, [f"Registered {scheme}:// in HKCU."]
        )
        return 0
    if sys.platform == "darwin":  # pragma: no cover
        print("On macOS the app bundle registers the scheme (Info.plist CFBundleURLTypes).")
        return 0
    state = handler.install_linux(scheme)
    path = handler.applications_dir() / state.desktop_file
    lines = [f"Installed {path}", f"{scheme}:// now opens with {state.desktop_file}"]
    if state.previous_default:
        lines.append(f"(uninstall restores the previous handler, {state.previous_default})")
    _print(args, {"desktop_file": str(path), "previous_default": state.previous_default}, lines)
    return 0


def _uninstall(args: argparse.Namespace, scheme: str) -> int:
    from amogui.desktop import handler

    if sys.platform == "win32":  # pragma: no cover
        removed = handler.uninstall_windows(handler.WinRegistry(), scheme)
        print("Removed." if removed else "Nothing to remove.")
        return 0
    done = handler.uninstall_linux(scheme)
    _print(args, {"done": done}, done)
    return 0


def _status(args: argparse.Namespace, scheme: str) -> int:
    from amogui.desktop import handler

    if sys.platform != "linux":  # pragma: no cover
        print("Status is read on Linux only; here run `amogui handler selftest`.")
        return 0
    status = handler.status_linux(scheme)
    lines = [
        f"scheme:       {scheme}://",
        f"desktop file: {status.desktop_file} ({'present' if status.installed else 'absent'})",
        f"default:      {status.default or '(none)'}",
        f"registered:   {'yes' if status.registered else 'no'}",
        *[f"problem:      {p}" for p in status.problems],
    ]
    _print(args, status.to_dict(), lines)
    return 0 if status.registered else 1


def _selftest(args: argparse.Namespace, scheme: str, host: str) -> int:
    from amogui.desktop.selftest import run_selftest

    result = run_selftest(scheme, host, timeout=args.timeout)
    _print(args, result.to_dict(), result.lines())
    return 0 if result.received else 1
