"""Where the window points: the current profile, its users' tokens, the embedded sandbox.

Everything slow here (starting the sandbox, logging in, keychain and profile files)
runs off the GUI thread; the window only hears the outcome through signals.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from amogui.base.redact import REDACTOR
from amogui.settings.jwtinfo import JwtClaims, claims, strip_token
from amogui.settings.profiles import SANDBOX_PROFILE, Profile
from amogui.settings.secrets import USERS, SecretStore
from amogui.settings.store import ProfileStore, SettingsError

if TYPE_CHECKING:
    from amogui.sandbox import Sandbox

log = logging.getLogger(__name__)


@dataclass
class LoginOutcome:
    token: str | None
    problem: str | None


async def login_user(profile: Profile, email: str, password: str) -> LoginOutcome:
    """Log in through the profile's login endpoint; the token, or one sentence why not."""
    from amogui.backend import api
    from amogui.backend.client import BackendClient

    if not profile.base_url:
        return LoginOutcome(None, "the profile has no base URL yet")
    REDACTOR.add_secret(password)
    async with BackendClient(profile) as client:
        result = await api.login(client, email, password)
    if result.ok and result.data is not None:
        return LoginOutcome(result.data.token, None)
    return LoginOutcome(None, result.problem or result.reply.error or "login failed")


class Session(QObject):
    status = Signal(str)  # short text for the status bar
    problem = Signal(str)  # a failure worth a message bar
    target_changed = Signal(str, str)  # profile name, base URL
    tokens_changed = Signal()

    def __init__(self, profiles: ProfileStore, secrets: SecretStore) -> None:
        super().__init__()
        self.profiles = profiles
        self.secrets = secrets
        self.profile: Profile = profiles.current()
        self.sandbox: Sandbox | None = None
        self.tokens: dict[str, str] = {}

    # -- starting and switching -----------------------------------------------------------
    async def activate(self, name: str | None = None, fresh_sandbox: bool = False) -> bool:
        """Point at a profile (starting the sandbox it needs); False with a message if not."""
        try:
            profile = self.profiles.get(name) if name else self.profiles.current()
        except SettingsError as exc:
            self.problem.emit(str(exc))
            return False
        if fresh_sandbox:
            profile = self.profiles.get(SANDBOX_PROFILE)
        await self.stop_sandbox()
        if profile.sandbox:
            started = await self._start_sandbox(profile, fresh=fresh_sandbox)
            if started is None:
                return False
            profile = started
        else:
            self.tokens = await asyncio.to_thread(self._stored_tokens, profile.name)
        self.profile = profile
        await asyncio.to_thread(self._remember, profile.name)
        self.target_changed.emit(profile.name, profile.base_url)
        self.tokens_changed.emit()
        return True

    def _stored_tokens(self, name: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for user in USERS:
            token = self.secrets.get_token(name, user)
            if token:
                out[user] = token
        return out

    def _remember(self, name: str) -> None:
        try:
            self.profiles.set_last_used(name)
        except (SettingsError, OSError) as exc:
            log.warning("could not remember the last profile: %s", exc)

    async def _start_sandbox(self, stored: Profile, fresh: bool = False) -> Profile | None:
        from amogui.sandbox import DEMO_USERS, Sandbox, config_for, profile_for

        self.status.emit(self.tr("Sandbox starting..."))
        try:
            # A fresh sandbox (--sandbox) starts without the profile's saved faults.
            sandbox = Sandbox(config_for(stored, fresh=fresh))
            await asyncio.to_thread(sandbox.start)
        except Exception as exc:  # SandboxError, a bad fault name, a busy port...
            self.status.emit(self.tr("Sandbox failed to start"))
            self.problem.emit(self.tr("The sandbox did not start: {err}").format(err=exc))
            return None
        self.sandbox = sandbox
        # The tester's own edits (paths, parameters, limits) stay; the sandbox owns the URLs.
        profile = profile_for(sandbox, stored.name, base=stored)
        self.tokens = {}
        for user, demo in zip(USERS, DEMO_USERS, strict=False):
            outcome = await login_user(profile, demo.email, demo.password)
            if outcome.token:
                self.tokens[user] = outcome.token
            else:
                self.problem.emit(
                    self.tr("Demo user {user} could not log in: {why}").format(
                        user=user, why=outcome.problem
                    )
                )
        log.info("sandbox running at %s", profile.base_url)
        self.status.emit(self.tr("Sandbox running at {url}").format(url=profile.base_url))
        return profile

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
        self.tokens_changed.emit()

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
