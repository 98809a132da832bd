"""Where the work points: the profile, users A's and B's tokens, the embedded sandbox.

One place for what both front ends did each their own way: starting the sandbox and
logging its demo users in, reading the stored tokens of a profile, logging users in from
the environment. Everything slow (the sandbox, logins, the keychain, profile files) runs
off the caller's thread or on the loop; the outcome is told through the service's events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from amogui.base.i18n import Text, join, t
from amogui.base.redact import REDACTOR
from amogui.service.events import (
    Event,
    LoginFailed,
    Problem,
    SandboxState,
    TargetChanged,
    TokensChanged,
)
from amogui.settings.jwtinfo import JwtClaims, claims, strip_token
from amogui.settings.profiles import SANDBOX_PROFILE, Profile
from amogui.settings.secrets import USERS, Credentials
from amogui.settings.store import SettingsError

if TYPE_CHECKING:
    from amogui.sandbox import Sandbox, SandboxConfig
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore

log = logging.getLogger(__name__)


class TargetError(Exception):
    """The target cannot be used (the sandbox did not start), in one sentence."""


@dataclass(frozen=True)
class LoginOutcome:
    token: str | None
    problem: Text | str | None  # why not, a translatable sentence


async def login_user(profile: Profile, email: str, password: str) -> LoginOutcome:
    """Log in through the profile's login endpoint; the token, or one sentence why not."""
    from amogui.backend import api
    from amogui.backend.client import BackendClient

    if not profile.base_url:
        return LoginOutcome(None, t("the profile has no base URL yet"))
    REDACTOR.add_secret(password)
    async with BackendClient(profile) as client:
        result = await api.login(client, email, password)
    if result.ok and result.data is not None:
        return LoginOutcome(result.data.token, None)
    why = result.problem_text or result.reply.error_text or t("login failed")
    return LoginOutcome(None, why)


def sandbox_credentials(sandbox: Sandbox) -> dict[str, Credentials]:
    """The sandbox's demo users as users A and B."""
    return {
        user: Credentials(user, "sandbox", email=demo.email, password=demo.password)
        for user, demo in zip(USERS, sandbox.users, strict=False)
    }


class Target:
    def __init__(
        self,
        emit: Callable[[Event], None],
        profiles: ProfileStore | None = None,
        secrets: SecretStore | None = None,
    ) -> None:
        self._emit = emit
        self._profiles = profiles
        self._secrets = secrets
        self.profile: Profile = profiles.current() if profiles else Profile("", base_url="")
        self.sandbox: Sandbox | None = None
        self.tokens: dict[str, str] = {}
        self.answered = False  # the last logins got an answer: the backend is up

    # -- the window: saved profiles ---------------------------------------------------------
    def use_stores(self, profiles: ProfileStore, secrets: SecretStore) -> None:
        """The profile store and the keychain, read after the window showed (they may
        block); the target stays where it is until `activate`."""
        self._profiles, self._secrets = profiles, secrets
        if not self.profile.name:
            self.profile = profiles.current()

    @property
    def has_stores(self) -> bool:
        return self._profiles is not None and self._secrets is not None

    @property
    def profiles(self) -> ProfileStore:
        assert self._profiles is not None, "the profile store has not been read yet"
        return self._profiles

    @property
    def secrets(self) -> SecretStore:
        assert self._secrets is not None, "the keychain has not been read yet"
        return self._secrets

    async def activate(
        self,
        name: str | None = None,
        fresh_sandbox: bool = False,
        faults: Iterable[str] | None = None,
    ) -> bool:
        """Point at a saved profile (starting the sandbox it needs); False, with a `Problem`,
        when it cannot. A fresh sandbox (``amogui --sandbox``) starts with `faults` only."""
        try:
            profile = self.profiles.get(name) if name else self.profiles.current()
            if fresh_sandbox:
                profile = self.profiles.get(SANDBOX_PROFILE)
        except SettingsError as exc:
            self._emit(Problem(str(exc)))
            return False
        if profile.sandbox:
            try:
                await self.use_sandbox(profile, fresh=fresh_sandbox, faults=faults)
            except TargetError:
                return False
        else:
            await self.stop_sandbox()
            tokens = await asyncio.to_thread(self._stored_tokens, profile.name)
            self.point_at(profile, tokens)
        await asyncio.to_thread(self._remember, profile.name)
        return True

    def _stored_tokens(self, name: str) -> dict[str, str]:
        if self._secrets is None:
            return {}
        found = {user: self.secrets.get_token(name, user) for user in USERS}
        return {user: token for user, token in found.items() if token}

    def _remember(self, name: str) -> None:
        if self._profiles is None:
            return
        try:
            self.profiles.set_last_used(name)
        except (SettingsError, OSError) as exc:
            log.warning("could not remember the last profile: %s", exc)

    # -- both front ends ----------------------------------------------------------------------
    async def use_sandbox(
        self,
        stored: Profile,
        credentials: Mapping[str, Credentials] | None = None,
        overrides: Mapping[str, str] | None = None,
        *,
        fresh: bool = False,
        faults: Iterable[str] | None = None,
    ) -> Profile:
        """Start a sandbox for `stored` (its faults, leads and delay; with `fresh`, as
        `--sandbox` asks, only `faults`) and log users A and B in: from `credentials`
        where given, else as the sandbox's demo users. The tester's paths, parameters and
        limits are kept; the sandbox owns the URLs, except `overrides` (authorize_url,
        client_id). Raises `TargetError` (and tells why) when it cannot start."""
        from amogui.sandbox import config_for

        await self.stop_sandbox()
        self._emit(SandboxState("starting"))
        try:
            config = config_for(stored, fresh=fresh, faults=faults if fresh else None)
            sandbox = await asyncio.to_thread(_started_sandbox, config)
        except Exception as exc:  # SandboxError, a bad fault name, a busy port...
            self._emit(SandboxState("failed", error=str(exc)))
            raise TargetError(f"The sandbox could not start: {exc}.") from exc
        self.sandbox = sandbox
        profile = _sandbox_profile(sandbox, stored, overrides or {})
        creds = {**sandbox_credentials(sandbox), **(credentials or {})}
        tokens = await self.log_in(profile, creds)
        log.info("sandbox running at %s", profile.base_url)
        self._emit(SandboxState("running", url=profile.base_url))
        self.point_at(profile, tokens)
        return profile

    async def use_profile(
        self, profile: Profile, credentials: Mapping[str, Credentials]
    ) -> dict[str, str]:
        """Point at a profile that needs no sandbox, with users from `credentials`."""
        await self.stop_sandbox()
        tokens = await self.log_in(profile, credentials)
        self.point_at(profile, tokens)
        return tokens

    async def log_in(
        self, profile: Profile, credentials: Mapping[str, Credentials]
    ) -> dict[str, str]:
        """A token per user: a given JWT, or a login; a `LoginFailed` for each that fails.
        The logins go at once (neither waits for the other); one that answered proves the
        backend is up (`answered`)."""
        tokens: dict[str, str] = {}
        logins = {u: c for u, c in credentials.items() if not c.token}
        outcomes = await asyncio.gather(
            *(login_user(profile, c.email or "", c.password or "") for c in logins.values())
        )
        by_user = dict(zip(logins, outcomes, strict=True))
        for user, cred in credentials.items():
            if cred.token:
                REDACTOR.add_secret(cred.token)
                tokens[user] = cred.token
                continue
            outcome = by_user[user]
            if outcome.token:
                tokens[user] = outcome.token
            else:
                why = join(" ", [outcome.problem or "", f"({cred.source})"])
                self._emit(LoginFailed(user, why))
        self.answered = any(o.token for o in outcomes)
        return tokens

    def point_at(self, profile: Profile, tokens: dict[str, str] | None = None) -> None:
        """Use `profile` with these tokens as they are (no sandbox, no login)."""
        self.profile = profile
        self.tokens = dict(tokens or {})
        self._emit(TargetChanged(profile.name, profile.base_url))
        self._emit(TokensChanged())

    async def stop_sandbox(self) -> None:
        sandbox, self.sandbox = self.sandbox, None
        if sandbox is not None:
            await asyncio.to_thread(sandbox.stop)

    def stop_sandbox_now(self) -> None:
        """At exit, when the loop is going away: stop synchronously."""
        sandbox, self.sandbox = self.sandbox, None
        if sandbox is not None:
            sandbox.stop()

    # -- tokens ----------------------------------------------------------------------------
    def token(self, user: str) -> str | None:
        return self.tokens.get(user)

    def set_token(self, user: str, token: str | None) -> None:
        if token:
            token = strip_token(token)
            REDACTOR.add_secret(token)
            self.tokens[user] = token
        else:
            self.tokens.pop(user, None)
        self._emit(TokensChanged())

    def claims(self, user: str) -> JwtClaims | None:
        token = self.tokens.get(user)
        return claims(token) if token else None

    def expired_users(self) -> list[str]:
        """Users whose token has expired (warned about before a run)."""
        out = []
        for user in USERS:
            info = self.claims(user)
            if info is not None and info.expired:
                out.append(user)
        return out


def _started_sandbox(config: SandboxConfig) -> Sandbox:
    from amogui.sandbox import Sandbox

    sandbox = Sandbox(config)
    sandbox.start()
    return sandbox


def _sandbox_profile(sandbox: Sandbox, stored: Profile, overrides: Mapping[str, str]) -> Profile:
    from amogui.sandbox import profile_for

    # The tester's own edits (paths, parameters, the pace: requests in flight, rate,
    # deadlines) stay; the sandbox owns the URLs.
    profile = profile_for(sandbox, stored.name, base=stored)
    for key, value in overrides.items():
        setattr(profile, key, value)
    return profile
