"""The target: the sandbox and its demo users, logins, tokens; one way for both front ends."""

from __future__ import annotations

import pytest

from amogui.service.events import LoginFailed, SandboxState, TargetChanged, TokensChanged
from amogui.service.service import Service
from amogui.service.target import TargetError
from amogui.settings.profiles import SANDBOX_PROFILE, Profile
from amogui.settings.secrets import Credentials
from amogui.settings.store import ProfileStore
from tests.service.conftest import Heard, run_async


def sandbox_profile(*faults: str) -> Profile:
    return Profile(SANDBOX_PROFILE, base_url="", sandbox=True, sandbox_faults=list(faults))


def test_the_sandbox_starts_and_its_demo_users_log_in(service: Service, heard: Heard) -> None:
    async def go() -> Profile:
        try:
            return await service.target.use_sandbox(
                sandbox_profile(), overrides={"client_id": "from-the-command-line"}
            )
        finally:
            await service.target.stop_sandbox()

    profile = run_async(go())
    assert profile.base_url.startswith("http://127.0.0.1:") and profile.sandbox
    assert profile.client_id == "from-the-command-line"
    assert [e.state for e in heard.of(SandboxState)] == ["starting", "running"]
    assert set(service.target.tokens) == {"A", "B"}
    assert heard.of(TargetChanged)[-1].base_url == profile.base_url
    assert heard.of(TokensChanged)
    assert service.target.sandbox is None  # stopped


def test_given_credentials_win_over_the_demo_users(service: Service, heard: Heard) -> None:
    wrong = Credentials("B", "AMOGUI_LOGIN_B", email="nobody@example.org", password="wrong")

    async def go() -> None:
        try:
            await service.target.use_sandbox(sandbox_profile(), {"B": wrong})
        finally:
            await service.target.stop_sandbox()

    run_async(go())
    assert set(service.target.tokens) == {"A"}
    failed = heard.of(LoginFailed)
    assert [f.user for f in failed] == ["B"] and "AMOGUI_LOGIN_B" in str(failed[0].why)
    assert "wrong" not in str(failed[0].why)


def test_a_sandbox_that_cannot_start_says_why(service: Service, heard: Heard) -> None:
    with pytest.raises(TargetError, match="could not start"):
        run_async(service.target.use_sandbox(sandbox_profile("no-such-fault")))
    assert heard.of(SandboxState)[-1].state == "failed"


def test_activate_a_saved_profile_reads_its_stored_tokens(heard: Heard) -> None:
    from amogui.run.store import RunStore
    from amogui.settings.secrets import SecretStore

    profiles, secrets = ProfileStore(), SecretStore()
    profiles.add(Profile("Staging", base_url="https://staging.example.org"))
    token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJl"
    secrets.set_token("Staging", "A", token)
    service = Service(RunStore(), profiles=profiles, secrets=secrets)
    service.subscribe(heard.append)
    try:
        assert run_async(service.target.activate("Staging")) is True
        assert service.target.token("A") == token and service.target.token("B") is None
        assert ProfileStore().last_used == "Staging"
        assert run_async(service.target.activate("Nope")) is False
    finally:
        service.close()


def test_a_fresh_sandbox_starts_with_the_faults_asked_for_only(heard: Heard) -> None:
    """``amogui --sandbox --fault NAME``: the stored sandbox profile's switches stay off,
    the ones named on the command line are on."""
    from amogui.run.store import RunStore
    from amogui.settings.secrets import SecretStore

    profiles = ProfileStore()
    stored = profiles.get(SANDBOX_PROFILE)
    stored.sandbox_faults = ["disconnect-noop"]
    profiles.update(stored)
    service = Service(RunStore(), profiles=profiles, secrets=SecretStore())
    service.subscribe(heard.append)

    async def go(faults: list[str] | None) -> tuple[frozenset[str], list[str]]:
        try:
            assert await service.target.activate(None, fresh_sandbox=True, faults=faults)
            assert service.target.sandbox is not None
            return service.target.sandbox.faults, service.target.profile.sandbox_faults
        finally:
            await service.target.stop_sandbox()

    try:
        assert run_async(go(["jwt-403", "slow"])) == ({"jwt-403", "slow"}, ["jwt-403", "slow"])
        assert run_async(go(None)) == (frozenset(), [])  # --sandbox alone: no switch at all
    finally:
        service.close()


def test_set_token_strips_the_bearer_prefix(service: Service, heard: Heard) -> None:
    service.target.set_token("A", "Bearer abc.def.ghi")
    assert service.target.token("A") == "abc.def.ghi"
    service.target.set_token("A", None)
    assert service.target.token("A") is None
    assert len(heard.of(TokensChanged)) == 2


def test_the_sandbox_keeps_the_profiles_pace() -> None:
    from amogui.service.target import _sandbox_profile
    from amogui.settings.profiles import Profile

    class Box:
        base_url, authorize_url, client_id = "http://127.0.0.1:1", "http://127.0.0.1:2/oauth", "c"

    stored = Profile("Local sandbox", "", sandbox=True, concurrency=8, rate_limit=0.0)
    profile = _sandbox_profile(Box(), stored, {})  # type: ignore[arg-type]
    assert (profile.concurrency, profile.rate_limit) == (8, 0.0)
    assert profile.base_url == "http://127.0.0.1:1"
