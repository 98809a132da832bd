"""The local sandbox: an admin backend and amoCRM stand-in with fault switches (issue 3).

Public API::

    from amogui.sandbox import Sandbox, SandboxConfig, FAULTS, profile_for, make_apps

    with Sandbox(SandboxConfig(faults=frozenset({"jwt-403"}))) as sandbox:
        profile = profile_for(sandbox)
        token = sandbox.token_for(sandbox.users[0].email)

The heavy parts (Starlette, uvicorn, httpx) load on first use, so importing this package
(and `amogui sandbox --help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from amogui.sandbox.config import DEMO_USERS, DemoUser, SandboxConfig
from amogui.sandbox.faults import FAULTS, UnknownFaultError, check_faults

if TYPE_CHECKING:
    from amogui.sandbox.app import SandboxApps, make_apps
    from amogui.sandbox.profile import profile_for
    from amogui.sandbox.server import Sandbox, SandboxError

__all__ = [
    "DEMO_USERS",
    "FAULTS",
    "DemoUser",
    "Sandbox",
    "SandboxApps",
    "SandboxConfig",
    "SandboxError",
    "UnknownFaultError",
    "check_faults",
    "make_apps",
    "profile_for",
]

_LAZY = {
    "Sandbox": "amogui.sandbox.server",
    "SandboxError": "amogui.sandbox.server",
    "SandboxApps": "amogui.sandbox.app",
    "make_apps": "amogui.sandbox.app",
    "profile_for": "amogui.sandbox.profile",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'amogui.sandbox' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
