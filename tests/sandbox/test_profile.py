"""The sandbox a profile asks for (a fresh one starts clean) and the profile for a
running sandbox (the sandbox owns the URLs, the tester's edits stay)."""

from __future__ import annotations

from dataclasses import replace

from amogui.sandbox import Sandbox, config_for, profile_for
from amogui.sandbox.app import SandboxApps
from amogui.settings.profiles import SANDBOX_PROFILE, Profile, builtin_profiles


def stored_sandbox_profile() -> Profile:
    sandbox = next(p for p in builtin_profiles() if p.name == SANDBOX_PROFILE)
    return replace(sandbox, sandbox_faults=["jwt-403", "slow"], sandbox_leads=42, sandbox_delay=0.5)


def test_a_fresh_sandbox_starts_without_the_saved_faults() -> None:
    stored = stored_sandbox_profile()
    fresh = config_for(stored, fresh=True)
    assert fresh.faults == frozenset()
    assert (fresh.leads, fresh.delay) == (42, 0.5)


def test_a_fresh_sandbox_takes_the_faults_asked_for() -> None:
    asked = config_for(stored_sandbox_profile(), fresh=True, faults=["version-5"])
    assert asked.faults == {"version-5"}


def test_opening_the_profile_itself_applies_its_saved_faults() -> None:
    opened = config_for(stored_sandbox_profile())
    assert opened.faults == {"jwt-403", "slow"}


def test_the_running_sandbox_says_which_faults_are_active() -> None:
    config = config_for(stored_sandbox_profile(), fresh=True, faults=["version-4"])
    sandbox = Sandbox(config)
    assert sandbox.faults == {"version-4"}
    assert sandbox.active_faults == {"version-4", "callback-success-flag"}
    with SandboxApps(config) as apps:
        assert apps.active_faults == sandbox.active_faults


def test_the_profile_keeps_the_testers_edits_and_takes_the_sandboxs_urls() -> None:
    stored = replace(
        stored_sandbox_profile(),
        paths={**builtin_profiles()[0].paths, "status": "/api/v2/status"},
        concurrency=2,
        timeout=7.0,
    )
    with SandboxApps(config_for(stored, fresh=True)) as apps:
        profile = profile_for(apps, "Mine", base=stored)
    assert profile.name == "Mine" and profile.sandbox
    assert profile.base_url == apps.base_url and profile.client_id == apps.client_id
    assert profile.paths["status"] == "/api/v2/status"
    assert (profile.concurrency, profile.timeout) == (2, 7.0)
    assert profile.sandbox_faults == [] and profile.sandbox_leads == 42
    assert profile.paths is not stored.paths  # a copy: editing one leaves the other


def test_without_a_stored_profile_the_builtin_sandbox_limits_apply() -> None:
    with SandboxApps() as apps:
        profile = profile_for(apps)
    builtin = builtin_profiles()[0]
    assert (profile.rate_limit, profile.concurrency) == (builtin.rate_limit, builtin.concurrency)
    assert profile.may_probe_production is True
