"""The sandbox's fault switches: each reproduces one behaviour the real backend had.

Standard library only: ``amogui sandbox --help`` builds its epilog from `FAULTS`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

# name -> one-line description. Each switch changes exactly the behaviour it names.
FAULTS: dict[str, str] = {
    "callback-js": "callback v2: 200 HTML page that redirects with JavaScript (link fallback)",
    "callback-button": (
        "callback v3: the callback exchanges the code itself (global token), then a 200 page "
        "with a 'return to app' button carrying the already-used code"
    ),
    "callback-success-flag": (
        "callback v4: as callback-button, but the deep link is ?success=true&state=... (no code)"
    ),
    "global-status": (
        "status v5: a user without tokens falls back to the global token (looks connected, "
        "also after disconnect)"
    ),
    "callback-404": "the callback route is missing (Express 404 page)",
    "callback-drops-state": "the callback's deep link has no state parameter",
    "jwt-403": "a bad or expired JWT gives 403 {message: 'Invalid token: ...'} instead of 401",
    "exchange-no-auth": "exchange-code accepts a request without an Authorization header",
    "global-tokens": (
        "exchange-code stores tokens with user_id NULL and status reads any token (no isolation)"
    ),
    "disconnect-noop": "disconnect answers success but deletes nothing",
    "leads-ignore-stage": "/api/v1/leads ignores the stageId filter",
    "status-no-domain": "status answers without domain and accountId (null) even when connected",
    "slow": "every backend response is delayed (--delay seconds, default 2)",
    "errors-500": (
        "status, exchange-code, disconnect, pipelines and leads answer 500 (login and callback "
        "stay intact)"
    ),
    "html-errors": "backend error responses are text/html pages instead of JSON",
    "malformed-json": (
        "successful JSON answers of the amo-crm and leads routes are cut short (invalid JSON)"
    ),
    "amocrm-code-reuse": "amoCRM's token endpoint accepts an authorization code more than once",
}


class UnknownFaultError(ValueError):
    """A fault name that `FAULTS` does not know."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(names)
        known = ", ".join(FAULTS)
        super().__init__(f"unknown fault {', '.join(self.names)}; known faults: {known}")


def check_faults(names: Iterable[str]) -> frozenset[str]:
    """The faults as a frozenset, or `UnknownFaultError` naming every unknown one."""
    chosen = frozenset(name.strip() for name in names if name.strip())
    unknown = chosen - FAULTS.keys()
    if unknown:
        raise UnknownFaultError(unknown)
    return chosen


def epilog() -> str:
    """The fault list for ``--help``."""
    width = max(len(name) for name in FAULTS) + 4
    lines = ["faults (--fault NAME, repeatable; each changes only the behaviour it names):"]
    for name, text in FAULTS.items():
        lines.append(
            textwrap.fill(
                text,
                width=96,
                initial_indent=f"  {name}".ljust(width),
                subsequent_indent=" " * width,
            )
        )
    return "\n".join(lines)
