"""What both apps share: configuration, store, secrets, URLs and the live fault set."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx

from amogui.sandbox import jwt
from amogui.sandbox.config import (
    BLOCKED_USER,
    CLIENT_ID,
    DEMO_USERS,
    JWT_TTL,
    DemoUser,
    SandboxConfig,
)
from amogui.sandbox.faults import check_faults, expand
from amogui.sandbox.store import Store

CALLBACK_PATH = "/api/amo-crm/callback"


@dataclass
class Runtime:
    config: SandboxConfig
    store: Store
    backend_url: str
    amocrm_url: str
    # When set, the backend reaches the amoCRM app through it (in-process tests);
    # otherwise over real HTTP at `amocrm_url`, as the real backend reaches amoCRM.
    amocrm_transport: httpx.AsyncBaseTransport | None = None
    _faults: frozenset[str] = field(default_factory=frozenset)
    _active: frozenset[str] = field(default_factory=frozenset)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._faults = self.config.faults
        self._active = expand(self._faults)
        self.jwt_secret = self.store.secret("jwt_secret")
        self.amo_secret = self.store.secret("amo_secret")

    # -- faults -----------------------------------------------------------------------
    @property
    def faults(self) -> frozenset[str]:
        """The switches as chosen (a preset stays one name)."""
        return self._faults

    @property
    def active_faults(self) -> frozenset[str]:
        """Every switch in effect, presets expanded."""
        return self._active

    def set_faults(self, faults: Iterable[str]) -> None:
        chosen = check_faults(faults)
        with self._lock:
            self._faults, self._active = chosen, expand(chosen)

    def has(self, fault: str) -> bool:
        return fault in self._active

    # -- identities ---------------------------------------------------------------------
    @property
    def users(self) -> list[DemoUser]:
        return list(DEMO_USERS)

    @property
    def client_id(self) -> str:
        return CLIENT_ID

    @property
    def redirect_uri(self) -> str:
        """The integration's registered Redirect URI: the backend's callback."""
        return self.backend_url + CALLBACK_PATH

    @property
    def authorize_url(self) -> str:
        return self.amocrm_url + "/oauth"

    def find_user(self, *, email: str | None = None, user_id: str | None = None) -> DemoUser | None:
        for user in (*DEMO_USERS, BLOCKED_USER):
            if email is not None and user.email.lower() == email.strip().lower():
                return user
            if user_id is not None and user.id == user_id:
                return user
        return None

    def token_for(self, email: str, ttl: float = JWT_TTL) -> str:
        """A backend JWT for a demo user; a negative `ttl` gives an expired one."""
        user = self.find_user(email=email)
        if user is None:
            raise KeyError(f"no sandbox user {email!r}")
        claims = {"id": user.id, "email": user.email, "role": user.role}
        return jwt.encode(claims, self.jwt_secret, ttl, now=time.time())

    def amocrm_client(self) -> httpx.AsyncClient:
        """A fresh client for the amoCRM side (one per operation: nothing left open)."""
        return httpx.AsyncClient(
            base_url=self.amocrm_url,
            transport=self.amocrm_transport,
            timeout=10.0,
            follow_redirects=False,
        )
