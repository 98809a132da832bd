"""Profiles: where a run points. No secrets live here (those are in `settings.secrets`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from amogui.base.deeplinks import DEFAULT_HOST, DEFAULT_PATH, DEFAULT_SCHEME

SANDBOX_PROFILE = "Local sandbox"
PRODUCTION_PROFILE = "ForYou production"


def default_paths() -> dict[str, str]:
    """Endpoint paths of the real backend."""
    return {
        "login": "/api/auth/login",
        "callback": "/api/amo-crm/callback",
        "exchange_code": "/api/amo-crm/exchange-code",
        "status": "/api/amo-crm/status",
        "disconnect": "/api/amo-crm/disconnect",
        "pipelines": "/api/amo-crm/pipelines",
        "leads": "/api/v1/leads",
    }


def default_params() -> dict[str, str]:
    """Query parameter names of the leads endpoint, editable per profile."""
    return {
        "page": "page",
        "limit": "limit",
        "pipeline": "pipelineId",
        "stage": "stageId",
        "status": "status",
    }


@dataclass
class Profile:
    name: str
    base_url: str  # "" for the sandbox profile until the sandbox has started
    authorize_url: str = "https://www.amocrm.ru/oauth"
    client_id: str = "2912780f-a1e4-4d5d-a069-ee01422d8bef"
    mode: str = "popup"
    deeplink_scheme: str = DEFAULT_SCHEME
    deeplink_host: str = DEFAULT_HOST
    deeplink_path: str = DEFAULT_PATH
    state_format: str = "random"  # "random" or "mobile" (base64 {"random","userId","source"})
    paths: dict[str, str] = field(default_factory=default_paths)
    params: dict[str, str] = field(default_factory=default_params)
    page_limit: int = 100  # leads page size (the backend caps it at 100)
    # The politeness budget, requests per second for every request to a host: the real
    # backend reads through to amoCRM, which allows 7/s. 0 means unlimited (the sandbox).
    rate_limit: float = 5.0
    concurrency: int = 4  # requests in flight per host at most (a production host: 1-2)
    # Deadlines, in seconds. `timeout` bounds a whole request (connect, send, the complete
    # answer), `idle_timeout` a silence while waiting for bytes, `connect_timeout` the
    # connection itself; `check_timeout` bounds one automatic check, all its requests and
    # waits included (waiting for the tester in the browser has its own deadline).
    timeout: float = 20.0
    connect_timeout: float = 10.0
    idle_timeout: float = 15.0
    check_timeout: float = 300.0
    # May checks send probes that make the backend call amoCRM (the callback with a made-up
    # code does in later backend versions)? None: not asked yet.
    production_probes: bool | None = None
    sandbox: bool = False  # start the embedded sandbox and point at it
    sandbox_faults: list[str] = field(default_factory=list)
    sandbox_leads: int = 300
    sandbox_delay: float = 2.0  # seconds every backend answer waits with the "slow" fault

    @property
    def deeplink_prefix(self) -> str:
        return f"{self.deeplink_scheme}://{self.deeplink_host}{self.deeplink_path}"

    @property
    def may_probe_production(self) -> bool | None:
        """Whether probes that reach amoCRM through the backend may run: always against the
        sandbox (its amoCRM is a stand-in), else the stored answer (None: ask first)."""
        return True if self.sandbox else self.production_probes

    def url(self, key: str) -> str:
        """Absolute URL of an endpoint of this profile, by its key in `paths`."""
        return self.base_url.rstrip("/") + self.paths[key]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(cls)}
        clean = {k: v for k, v in data.items() if k in known}
        if not isinstance(clean.get("production_probes"), bool):
            clean.pop("production_probes", None)  # anything but true/false: not asked yet
        profile = cls(**clean)
        # Paths and params added in a later version get their defaults.
        profile.paths = {**default_paths(), **profile.paths}
        profile.params = {**default_params(), **profile.params}
        return profile


def builtin_profiles() -> list[Profile]:
    return [
        Profile(
            name=SANDBOX_PROFILE,
            base_url="",
            sandbox=True,
            rate_limit=0.0,
            concurrency=8,
            production_probes=True,
        ),
        Profile(name=PRODUCTION_PROFILE, base_url="https://admin.foryou-realestate.com"),
    ]
