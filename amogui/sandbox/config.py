"""Sandbox configuration, demo users and the integration's fixed identity (stdlib only)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from amogui.base.deeplinks import DEFAULT_PREFIX
from amogui.sandbox.faults import check_faults

# The sandbox integration as amoCRM knows it. The client id is the sandbox's own, so a
# profile pointed at the sandbox never sends the production id anywhere.
CLIENT_ID = "5a9d3c8e-7b21-4f0a-9c64-5a4db0000001"
CLIENT_SECRET = "sandbox-client-secret-1f6b0e94c2d7"  # noqa: S105 - a fixed demo value
INTEGRATION_NAME = "ForYou Admin (sandbox)"
DEEPLINK = DEFAULT_PREFIX

CODE_TTL = 20 * 60.0  # amoCRM codes live about 20 minutes
ACCESS_TTL = 24 * 3600.0
JWT_TTL = 7 * 24 * 3600.0  # the backend's JWTs last 7 days


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str  # a sandbox demo credential, printed by `amogui sandbox` on purpose
    id: str
    role: str
    name: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "anna@sandbox.test",
        "sandbox-anna",
        "3f1c2a9e-1d4b-4c55-9a1e-5b7f0c2d8e01",
        "ADMIN",
        "Анна Коваленко",
    ),
    DemoUser(
        "bohdan@sandbox.test",
        "sandbox-bohdan",
        "8b6e4d12-7a3c-4e9f-b210-6c5d4e3f2a02",
        "BROKER",
        "Богдан Шевчук",
    ),
)
# Exists so login's 403 branch can be exercised; not offered as a tester.
BLOCKED_USER = DemoUser(
    "blocked@sandbox.test",
    "sandbox-blocked",
    "c0ffee00-0000-4000-8000-000000000003",
    "BROKER",
    "Заблокований Користувач",
)


@dataclass(frozen=True)
class Account:
    """An amoCRM account the consent page offers."""

    id: int
    name: str
    subdomain: str

    @property
    def domain(self) -> str:
        return f"{self.subdomain}.amocrm.ru"


ACCOUNTS: tuple[Account, ...] = (
    Account(31920194, "ForYou Real Estate (sandbox)", "reforyou"),
    Account(32007715, "ForYou Test Agency (sandbox)", "foryoutest"),
)


@dataclass
class SandboxConfig:
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port
    faults: frozenset[str] = field(default_factory=frozenset)
    leads: int = 300
    db_path: Path | None = None  # None: an in-memory database
    delay: float = 2.0  # seconds, for the "slow" fault
    rate: float = 7.0  # requests per second the backend takes, for the "rate-limit" fault
    seed: int = 1
    amocrm_port: int = 0  # 0: a free port
    code_ttl: float = CODE_TTL
    access_ttl: float = ACCESS_TTL
    log_requests: bool = False  # one redacted line per request on the "amogui.sandbox" logger

    def __post_init__(self) -> None:
        self.faults = check_faults(self.faults)
        if self.leads < 0:
            raise ValueError("the number of leads cannot be negative")
        if not math.isfinite(self.delay) or self.delay < 0:
            raise ValueError(f"the delay must be 0 or more seconds (got {self.delay})")
        if not math.isfinite(self.rate) or self.rate <= 0:
            raise ValueError(f"the rate must be a positive number of requests/s (got {self.rate})")
