"""A profile pointing at a running sandbox (stdlib only)."""

from __future__ import annotations

from typing import Protocol

from amogui.settings.profiles import SANDBOX_PROFILE, Profile


class _Target(Protocol):
    @property
    def base_url(self) -> str: ...
    @property
    def authorize_url(self) -> str: ...
    @property
    def client_id(self) -> str: ...


def profile_for(sandbox: _Target, name: str = SANDBOX_PROFILE) -> Profile:
    """The `Local sandbox` profile for a started `Sandbox` (or `SandboxApps`)."""
    if not sandbox.base_url:
        raise ValueError("the sandbox has not started yet: it has no URL")
    config = getattr(sandbox, "config", None)
    faults = sorted(getattr(config, "faults", ()) or ())
    leads = int(getattr(config, "leads", 300))
    return Profile(
        name=name,
        base_url=sandbox.base_url,
        authorize_url=sandbox.authorize_url,
        client_id=sandbox.client_id,
        mode="popup",
        sandbox=True,
        sandbox_faults=faults,
        sandbox_leads=leads,
    )
