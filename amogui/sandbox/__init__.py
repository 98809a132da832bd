"""The local sandbox: an admin backend and amoCRM stand-in with fault switches.

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
from amogui.sandbox.faults import (
    FAULT_TABLE,
    FAULTS,
    Fault,
    Kind,
    UnknownFaultError,
    check_faults,
    expand,
)

if TYPE_CHECKING:
    from amogui.sandbox.app import SandboxApps, make_apps
    from amogui.sandbox.profile import config_for, profile_for
    from amogui.sandbox.server import Sandbox, SandboxError

__all__ = [
    "DEMO_USERS",
    "FAULTS",
    "FAULT_TABLE",
    "DemoUser",
    "Fault",
    "Kind",
    "Sandbox",
    "SandboxApps",
    "SandboxConfig",
    "SandboxError",
    "UnknownFaultError",
    "check_faults",
    "config_for",
    "expand",
    "make_apps",
    "profile_for",
]

_LAZY = {
    "Sandbox": "amogui.sandbox.server",
    "SandboxError": "amogui.sandbox.server",
    "SandboxApps": "amogui.sandbox.app",
    "make_apps": "amogui.sandbox.app",
    "profile_for": "amogui.sandbox.profile",
    "config_for": "amogui.sandbox.profile",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'amogui.sandbox' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
