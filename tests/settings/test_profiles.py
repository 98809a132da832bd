"""Profile fields for the HTTP client (limits, deadlines) and production probes; profiles
saved by an older amogui still load, with the new fields at their defaults."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from amogui.base import paths
from amogui.settings.profiles import (
    PRODUCTION_PROFILE,
    SANDBOX_PROFILE,
    Profile,
    builtin_profiles,
)
from amogui.settings.store import ProfileStore, validate

# A profiles.json as the version before these fields wrote it (no deadlines besides
# `timeout`, no production_probes, no sandbox_delay).
OLD_FILE: dict[str, Any] = {
    "version": 1,
    "last_used": "Staging",
    "profiles": [
        {
            "name": "Staging",
            "base_url": "https://staging.example.com",
            "authorize_url": "https://www.amocrm.ru/oauth",
            "client_id": "2912780f-a1e4-4d5d-a069-ee01422d8bef",
            "mode": "popup",
            "deeplink_scheme": "foryoure",
            "deeplink_host": "amo-crm",
            "deeplink_path": "/callback",
            "state_format": "random",
            "paths": {"login": "/api/auth/login"},
            "params": {"page": "page"},
            "page_limit": 100,
            "rate_limit": 2.0,
            "concurrency": 2,
            "timeout": 12.0,
            "sandbox": False,
            "sandbox_faults": [],
            "sandbox_leads": 300,
        }
    ],
}


def test_an_old_profiles_file_loads_with_the_new_fields_at_their_defaults() -> None:
    path = paths.config_dir() / "profiles.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(OLD_FILE), encoding="utf-8")
    store = ProfileStore()
    assert store.warnings == []
    loaded = store.get("Staging")
    assert (loaded.rate_limit, loaded.concurrency, loaded.timeout) == (2.0, 2, 12.0)
    fresh = Profile(name="x", base_url="https://x.example")
    assert loaded.connect_timeout == fresh.connect_timeout
    assert loaded.idle_timeout == fresh.idle_timeout
    assert loaded.check_timeout == fresh.check_timeout
    assert loaded.production_probes is None  # never asked
    assert loaded.sandbox_delay == fresh.sandbox_delay
    assert validate(loaded) == []


@pytest.mark.parametrize("answer", [True, False, None])
def test_production_probes_is_a_stored_tri_state(answer: bool | None) -> None:
    store = ProfileStore()
    store.add(Profile(name="Mine", base_url="https://mine.example", production_probes=answer))
    assert ProfileStore().get("Mine").production_probes is answer


@pytest.mark.parametrize("junk", ["yes", 1, 0, [], {"a": 1}])
def test_anything_but_true_or_false_means_not_asked(junk: Any) -> None:
    data = {"name": "x", "base_url": "https://x.example", "production_probes": junk}
    assert Profile.from_dict(data).production_probes is None


def test_the_sandbox_always_allows_probes_a_real_backend_asks_first() -> None:
    sandbox, production = builtin_profiles()
    assert (sandbox.name, production.name) == (SANDBOX_PROFILE, PRODUCTION_PROFILE)
    assert sandbox.may_probe_production is True
    assert production.production_probes is None and production.may_probe_production is None
    assert replace(production, production_probes=False).may_probe_production is False
    assert replace(sandbox, production_probes=False).may_probe_production is True


def test_the_builtins_limits() -> None:
    sandbox, production = builtin_profiles()
    assert sandbox.rate_limit == 0 and sandbox.concurrency >= 4
    assert 0 < production.rate_limit <= 7  # amoCRM's own limit is 7 requests/s
    assert production.concurrency == 4
    assert production.connect_timeout <= production.timeout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"connect_timeout": 0.0}, "Connect timeout must be a positive number"),
        ({"idle_timeout": -1.0}, "Idle timeout must be a positive number"),
        ({"check_timeout": 0.0}, "Check timeout must be a positive number"),
        ({"sandbox_delay": -0.5}, "Sandbox delay must be 0 or more"),
        ({"idle_timeout": float("nan")}, "'idle_timeout' must be a number"),
    ],
)
def test_bad_deadlines_are_refused(change: dict[str, Any], message: str) -> None:
    profile = replace(Profile(name="x", base_url="https://x.example"), **change)
    assert any(message in str(problem) for problem in validate(profile))
