"""The registry: every public check id exactly once, with its step, what it proves and what
it needs; the dependencies form no cycle; the order tells the checklist's story."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from amogui.checklist import load_bundled
from amogui.checks.registry import (
    BY_ID,
    CHECK_IDS,
    CHECKS,
    NEED_TEXT,
    PRODUCTION_PROBES,
    PROVIDERS,
    PULLED,
    Need,
    checks_for_problem,
    checks_for_step,
    leg_skipped,
)

# The ids users script against (--only, report.json, JUnit): fixed.
PUBLIC_IDS = {
    "status.before",
    "oauth.authorize-url",
    "oauth.callback",
    "oauth.deeplink",
    "exchange.code",
    "exchange.auth",
    "status.after",
    "isolation.user-b",
    "leads.load",
    "leads.filter",
    "disconnect",
    "status.after-disconnect",
    "callback.errors",
}


def test_every_public_id_exists_once_with_a_step_needs_and_text() -> None:
    assert sorted(CHECK_IDS) == sorted(PUBLIC_IDS)
    assert len(CHECK_IDS) == len(set(CHECK_IDS))
    steps = {s.id for s in load_bundled().decidable_steps()}
    for spec in CHECKS:
        assert spec.step_id in steps, spec.id
        assert spec.proves and spec.proves[0].islower(), spec.id
        assert all(isinstance(n, Need) for n in spec.needs), spec.id
        module, _, name = spec.run.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), spec.id
        for other in spec.after:
            assert other in BY_ID and other != spec.id, spec.id


def test_every_need_is_described_and_provided() -> None:
    assert set(NEED_TEXT) == set(Need) == set(PROVIDERS)
    for need, provider in PROVIDERS.items():
        assert provider is None or provider in BY_ID, need
    assert PROVIDERS[Need.USER_A] is None and PROVIDERS[Need.USER_B] is None
    assert {n for n, p in PROVIDERS.items() if p is not None} >= PULLED


def test_dependencies_come_earlier_in_the_order() -> None:
    """No cycle: a check depends only on checks before it in the registry."""
    position = {cid: i for i, cid in enumerate(CHECK_IDS)}
    for spec in CHECKS:
        for other in spec.waits_for:
            assert position[other] < position[spec.id], (spec.id, other)


def test_what_each_check_needs() -> None:
    assert Need.CODE in BY_ID["exchange.code"].needs
    assert Need.LEG_STARTED in BY_ID["oauth.deeplink"].needs
    assert Need.USER_B in BY_ID["isolation.user-b"].needs
    assert Need.DISCONNECTED in BY_ID["status.after-disconnect"].needs
    assert Need.CONNECTION in BY_ID["leads.filter"].needs
    # Probes that need nothing from the leg run at once.
    for cid in ("exchange.auth", "callback.errors", "oauth.callback"):
        assert BY_ID[cid].needs == () and BY_ID[cid].after == (), cid


def test_production_probes_are_marked() -> None:
    assert {c.id for c in CHECKS if c.probes_production} == {"oauth.callback", "callback.errors"}
    assert tuple(c.id for c in CHECKS if c.probes_production) == PRODUCTION_PROBES


def test_the_readme_names_the_probes_that_reach_amocrm() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.partition("<!-- PROBES -->")[2].partition("<!-- /PROBES -->")[0]
    assert re.findall(r"`([a-z.-]+)`", block) == list(PRODUCTION_PROBES)


def test_lookups_by_step_and_problem() -> None:
    assert [c.id for c in checks_for_step("s4")] == ["disconnect", "status.after-disconnect"]
    assert {c.id for c in checks_for_problem(2)} == {"isolation.user-b", "status.after-disconnect"}


def test_a_skipped_leg_is_noticed_only_when_selected() -> None:
    skipped = {"oauth.authorize-url": "skipped", "oauth.deeplink": "skipped"}
    assert leg_skipped(skipped, CHECK_IDS)
    assert not leg_skipped(skipped, ["status.before"])
    assert not leg_skipped({"oauth.deeplink": "passed"}, CHECK_IDS)
