"""Deep-link channels: which amogui gets a deep link when several run at once.

The window and any number of ``amogui run`` processes may each be waiting for the deep
link of an OAuth flow they started. The OS starts one ``amogui open-url URL`` per link
and knows nothing of them, so the hand-over works like this:

- **One endpoint per process.** The window listens on the user's endpoint
  (`ipc_client.server_name`); every headless run listens on an endpoint of its own in
  the same 0700 folder, ``<name>.run-<12 random hex digits>`` (`run_endpoint_name`).
  A headless run therefore never competes with the window for the name, and never has
  to skip its OAuth leg because a window is open.
- **Every live endpoint is offered the link.** `hand_over` (what ``amogui open-url``
  runs) sends the link to each endpoint it finds (`endpoints`): the headless runs' first,
  then the window's.
- **Each endpoint takes only its own links** (`amogui.oauth.claims`): a link whose
  ``state`` belongs to a flow that process started (pending, used or expired: the checks
  judge replays and expiry), or a link without a state (amoCRM's and the backend's error
  links carry none) while that process has a flow waiting. Any other link is left alone,
  quietly: the reply says ``taken: false`` and the window shows "a deep link for another
  amogui run" instead of an alarm; no request is made for it.
- **Nobody is replaced.** An endpoint that is busy (alive, not answering in time) is
  reported, never removed; a headless run's endpoint that refuses connections and whose
  lock nobody holds is a leftover of a killed run and is cleaned up.

``amogui open-url`` starts a window with the link only when no endpoint at all is alive.
A stand-in browser in the same process as the run (``--browser auto``) skips all this
and puts the link straight into the run's inbox.

Qt-free: the servers (`amogui.desktop.ipc.IPCServer`) ask a `FlowClaims`; the rest is the
Unix-socket client of `amogui.desktop.ipc_client`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import stat
import sys
from dataclasses import dataclass, field

from amogui.desktop import protocol
from amogui.desktop.ipc_client import (
    LOCK_SUFFIX,
    REPLY_TIMEOUT,
    RUN_TAG,
    Probe,
    Sent,
    lock_is_held,
    send_message,
    server_name,
)
from amogui.oauth.claims import FlowClaims, link_state, owns

log = logging.getLogger(__name__)

_RUN_HEX = 12


def run_endpoint_name(base: str | None = None) -> str:
    """A fresh endpoint name for one headless run, next to the window's."""
    return f"{base or server_name()}{RUN_TAG}{secrets.token_hex(_RUN_HEX // 2)}"


def is_run_endpoint(name: str) -> bool:
    return RUN_TAG in os.path.basename(name)


def endpoints(base: str | None = None) -> list[str]:
    """The names to offer a deep link to: the headless runs' endpoints (sockets that
    exist), then the window's (whether or not its file exists)."""
    base = base or server_name()
    if sys.platform == "win32":  # pragma: no cover - named pipes are listed differently
        return [*_windows_run_pipes(base), base]
    folder, stem = os.path.split(base)
    pattern = re.compile(re.escape(stem + RUN_TAG) + f"[0-9a-f]{{{_RUN_HEX}}}")
    runs: list[str] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(entry.stat(follow_symlinks=False).st_mode):
                    runs.append(entry.path)
    return [*sorted(runs), base]


def _windows_run_pipes(base: str) -> list[str]:  # pragma: no cover - Windows only
    pattern = re.compile(re.escape(base + RUN_TAG) + f"[0-9a-f]{{{_RUN_HEX}}}")
    with contextlib.suppress(OSError):
        return sorted(n for n in os.listdir(r"\\.\pipe\\") if pattern.fullmatch(n))
    return []


@dataclass
class Handover:
    """What offering one deep link to every endpoint gave."""

    results: list[Sent] = field(default_factory=list)

    @property
    def taken_by(self) -> list[str]:
        return [r.name for r in self.results if r.taken]

    @property
    def taken(self) -> bool:
        return bool(self.taken_by)

    @property
    def answered(self) -> list[Sent]:
        return [r for r in self.results if r.ok]

    @property
    def busy(self) -> list[Sent]:
        return [r for r in self.results if r.found is Probe.BUSY]

    @property
    def unknown(self) -> list[Sent]:
        return [r for r in self.results if r.found is Probe.UNKNOWN]

    @property
    def refused(self) -> list[Sent]:
        return [r for r in self.results if r.error is not None]

    @property
    def anyone_alive(self) -> bool:
        """Some endpoint is (or may be) alive: then no second window may start."""
        return any(r.found in (Probe.ALIVE, Probe.BUSY, Probe.UNKNOWN) for r in self.results)

    def sentence(self) -> str:
        """Why the link was not taken, in one sentence (for a handover that was not)."""
        if self.refused:
            return f"the running amogui refused the deep link: {self.refused[0].error}"
        if self.busy:
            return (
                "the running amogui is busy and did not answer in time, so the deep link "
                "was not delivered (no second amogui is started in its place)"
            )
        if self.unknown:
            return f"whether an amogui runs cannot be told: {self.unknown[0].detail}"
        if self.answered:
            count = len(self.answered)
            whom = "the running amogui" if count == 1 else f"none of the {count} running amoguis"
            verb = "was not" if count == 1 else "was"
            return f"{whom} {verb} waiting for this deep link (its state is not from their flows)"
        return "no amogui is running"


def hand_over(
    url: str, via: str = "argv", timeout: float = REPLY_TIMEOUT, *, base: str | None = None
) -> Handover:
    """Offer `url` to every live endpoint (see the module docstring); never raises."""
    message = protocol.encode_open_url(url, via)
    outcome = Handover()
    for name in endpoints(base):
        sent = send_message(name, message, timeout)
        if sent.found is Probe.STALE and is_run_endpoint(name):
            _remove_leftover(name)
            continue
        if sent.found in (Probe.ABSENT, Probe.STALE):
            continue
        outcome.results.append(sent)
    return outcome


def _remove_leftover(name: str) -> None:
    """A killed run's socket: nobody listens and nobody holds its lock."""
    if lock_is_held(name) is not False:
        return
    for path in (name, name + LOCK_SUFFIX):
        with contextlib.suppress(OSError):
            os.unlink(path)
    log.debug("removed the endpoint of a finished amogui run: %s", name)


__all__ = [
    "FlowClaims",
    "Handover",
    "endpoints",
    "hand_over",
    "is_run_endpoint",
    "link_state",
    "owns",
    "run_endpoint_name",
]
