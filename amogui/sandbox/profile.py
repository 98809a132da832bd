"""A profile pointing at a running sandbox, and the sandbox a profile asks for (stdlib only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from amogui.sandbox.config import SandboxConfig
from amogui.settings.profiles import SANDBOX_PROFILE, Profile, builtin_profiles


class _Target(Protocol):
    @property
    def base_url(self) -> str: ...
    @property
    def authorize_url(self) -> str: ...
    @property
    def client_id(self) -> str: ...


def profile_for(
    sandbox: _Target, name: str = SANDBOX_PROFILE, base: Profile | None = None
) -> Profile:
    """The profile for a started `Sandbox` (or `SandboxApps`): the sandbox owns the URLs,
    the client id and the switches; the rest (paths, parameters, limits, deadlines) comes
    from `base`, the stored sandbox profile, else the built-in one."""
    if not sandbox.base_url:
        raise ValueError("the sandbox has not started yet: it has no URL")
    config = getattr(sandbox, "config", None)
    template = base or next(p for p in builtin_profiles() if p.name == SANDBOX_PROFILE)
    return replace(
        template,
        name=name,
        base_url=sandbox.base_url,
        authorize_url=sandbox.authorize_url,
        client_id=sandbox.client_id,
        sandbox=True,
        paths=dict(template.paths),
        params=dict(template.params),
        sandbox_faults=sorted(getattr(config, "faults", ()) or ()),
        sandbox_leads=int(getattr(config, "leads", template.sandbox_leads)),
        sandbox_delay=float(getattr(config, "delay", template.sandbox_delay)),
    )


def config_for(
    profile: Profile, *, fresh: bool = False, faults: Iterable[str] | None = None
) -> SandboxConfig:
    """The sandbox a sandbox profile asks for.

    A *fresh* sandbox (``amogui --sandbox``, ``./dev.sh open``) starts with no faults
    unless `faults` names some: the faults saved with the profile apply only when the
    profile itself is opened, so an earlier session's switches never persist unseen."""
    chosen = faults if faults is not None else (() if fresh else profile.sandbox_faults)
    return SandboxConfig(
        faults=frozenset(chosen), leads=profile.sandbox_leads, delay=profile.sandbox_delay
    )
