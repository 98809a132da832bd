"""JWTs and passwords of user A (the tester) and user B (the isolation witness).

They live in the OS keychain (keyring, service ``amogui``), one entry per profile,
user and kind. Where no keychain exists (no Secret Service on a bare Linux, a locked
or broken backend) they are kept in memory for this session only, `persistent` turns
False and `warning` says so: the window shows it.

Every secret read or stored is registered with the redactor the moment it is known.
For the headless runner, `env_credentials` reads ``AMOGUI_TOKEN_A/B`` and
``AMOGUI_LOGIN_A/B`` ("email:password").
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from amogui.base.redact import REDACTOR
from amogui.settings.jwtinfo import claims, strip_token
from amogui.settings.profiles import Profile

log = logging.getLogger(__name__)

SERVICE = "amogui"
USERS = ("A", "B")
Kind = Literal["token", "password"]

_EMAIL = re.compile(r"[^@\s:]+@[^@\s:]+")


class CredentialsError(ValueError):
    """Credentials from the environment are malformed; the message says how."""


def _name(profile: Profile | str) -> str:
    return profile.name if isinstance(profile, Profile) else profile


def _check_user(user: str) -> str:
    if user not in USERS:
        raise ValueError(f"user must be one of {', '.join(USERS)}, not {user!r}")
    return user


def _no_keychain(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return module in ("keyring.backends.fail", "keyring.backends.null") or (
        type(backend).__name__ == "ChainerBackend" and not getattr(backend, "backends", True)
    )


class SecretStore:
    """Per-profile secrets of users A and B, in the keychain or, failing that, in memory."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._memory: dict[str, str] = {}
        self.persistent = True
        self.warning: str | None = None
        try:
            backend = keyring.get_keyring()
        except Exception as exc:  # a broken keyring configuration
            self._fall_back(exc)
        else:
            if _no_keychain(backend):
                self._fall_back(keyring.errors.NoKeyringError("no keychain backend"))

    # -- public API ---------------------------------------------------------------------
    def get_token(self, profile: Profile | str, user: str) -> str | None:
        return self._get(profile, user, "token")

    def set_token(self, profile: Profile | str, user: str, token: str | None) -> None:
        """Store a JWT (a pasted ``Bearer`` prefix is dropped); None or "" removes it."""
        self._set(profile, user, "token", strip_token(token) if token else None)

    def get_password(self, profile: Profile | str, user: str) -> str | None:
        return self._get(profile, user, "password")

    def set_password(self, profile: Profile | str, user: str, password: str | None) -> None:
        self._set(profile, user, "password", password or None)

    def clear(self, profile: Profile | str, user: str | None = None) -> None:
        """Forget the token and password of one user, or of both, for a profile."""
        for who in (user,) if user else USERS:
            for kind in ("token", "password"):
                self._set(profile, who, kind, None)

    # -- storage ------------------------------------------------------------------------
    def _key(self, profile: Profile | str, user: str, kind: Kind) -> str:
        return f"{kind}:{_check_user(user)}:{_name(profile)}"

    def _get(self, profile: Profile | str, user: str, kind: Kind) -> str | None:
        key = self._key(profile, user, kind)
        value = self._memory.get(key) if not self.persistent else self._keyring_get(key)
        REDACTOR.add_secret(value)
        return value

    def _set(self, profile: Profile | str, user: str, kind: Kind, value: str | None) -> None:
        key = self._key(profile, user, kind)
        REDACTOR.add_secret(value)
        if self.persistent:
            self._keyring_set(key, value)
        if not self.persistent:  # also when the keychain just failed
            if value is None:
                self._memory.pop(key, None)
            else:
                self._memory[key] = value

    def _keyring_get(self, key: str) -> str | None:
        try:
            return keyring.get_password(self.service, key)
        except Exception as exc:  # any keychain failure: memory from now on
            self._fall_back(exc)
            return self._memory.get(key)

    def _keyring_set(self, key: str, value: str | None) -> None:
        try:
            if value is None:
                # Nothing stored means already gone.
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    keyring.delete_password(self.service, key)
            else:
                keyring.set_password(self.service, key, value)
        except Exception as exc:
            self._fall_back(exc)

    def _fall_back(self, exc: BaseException) -> None:
        if not self.persistent:
            return
        self.persistent = False
        reason = REDACTOR.text(str(exc).strip() or type(exc).__name__)
        self.warning = (
            f"No usable system keychain ({reason}): tokens and passwords are kept in memory "
            "for this session only and will be asked for again next time."
        )
        log.warning("%s", self.warning)


@dataclass
class Credentials:
    """How user A or B authenticates in a headless run: a JWT, or an email and password."""

    user: str
    source: str  # the environment variable it came from
    token: str | None = field(default=None, repr=False)
    email: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def is_login(self) -> bool:
        return self.token is None


def env_credentials(env: Mapping[str, str] | None = None) -> dict[str, Credentials]:
    """Users A and B from ``AMOGUI_TOKEN_*`` / ``AMOGUI_LOGIN_*``; absent users are left out.

    A token wins over a login for the same user. Empty variables count as unset.
    Raises `CredentialsError` naming every malformed variable (never its value).
    """
    env = os.environ if env is None else env
    found: dict[str, Credentials] = {}
    problems: list[str] = []
    for user in USERS:
        try:
            creds = _user_credentials(env, user)
        except CredentialsError as exc:
            problems.append(str(exc))
            continue
        if creds is not None:
            found[user] = creds
    if problems:
        raise CredentialsError(" ".join(problems))
    return found


def _user_credentials(env: Mapping[str, str], user: str) -> Credentials | None:
    token_var, login_var = f"AMOGUI_TOKEN_{user}", f"AMOGUI_LOGIN_{user}"
    raw_token = env.get(token_var, "").strip()
    if raw_token:
        token = strip_token(raw_token)
        REDACTOR.add_secret(token)
        info = claims(token)
        if info.error:
            raise CredentialsError(f"{token_var} is not a JWT: {info.error}")
        return Credentials(user=user, source=token_var, token=token, email=info.email)
    raw_login = env.get(login_var, "").strip()
    if not raw_login:
        return None
    email, sep, password = raw_login.partition(":")
    REDACTOR.add_secret(password)
    email = email.strip()
    if not sep or not password:
        raise CredentialsError(f'{login_var} must be "email:password"; the password is missing.')
    if not _EMAIL.fullmatch(email):
        raise CredentialsError(
            f'{login_var} must be "email:password"; the part before the first ":" is not an '
            "email address."
        )
    return Credentials(user=user, source=login_var, email=email, password=password)
