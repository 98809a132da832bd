from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from amogui.sandbox.seed import LEAD_STATUSES, LOST, PIPELINES, WON, iso, lead_rows
from amogui.sandbox.store import LeadFilter, Store


def test_pipelines_are_shaped_like_amocrms() -> None:
    assert len(PIPELINES) >= 2
    assert sum(p.is_main for p in PIPELINES) == 1
    for pipeline in PIPELINES:
        assert 7 <= len(str(pipeline.id)) <= 8
        ids = [s.id for s in pipeline.stages]
        assert WON in ids and LOST in ids
        assert all(len(str(i)) == 8 for i in ids if i not in (WON, LOST))
        names = {s.id: s.name for s in pipeline.stages}
        assert names[WON] == "Успішно реалізовано"
        assert names[LOST] == "Закрито і не реалізовано"
        assert {s.lead_status for s in pipeline.stages} <= set(LEAD_STATUSES)


def test_leads_are_deterministic_per_seed() -> None:
    assert list(lead_rows(50, 7)) == list(lead_rows(50, 7))
    assert list(lead_rows(50, 7)) != list(lead_rows(50, 8))


def test_leads_spread_over_stages_with_one_left_empty() -> None:
    rows = list(lead_rows(2000, 1))
    seen = Counter((r[8], r[9]) for r in rows)
    every = {(p.id, s.id) for p in PIPELINES for s in p.stages}
    empty = {(p.id, s.id) for p in PIPELINES for s in p.stages if s.weight == 0}
    assert empty, "some stage must stay empty on purpose"
    assert set(seen) == every - empty
    # Each lead's backend status is its stage's.
    status_of = {(p.id, s.id): s.lead_status for p in PIPELINES for s in p.stages}
    assert all(r[5] == status_of[(r[8], r[9])] for r in rows)


def test_iso_has_milliseconds_and_z() -> None:
    assert iso(0) == "1970-01-01T00:00:00.000Z"


def test_store_pages_and_filters() -> None:
    store = Store()
    try:
        store.seed_leads(300, 1)
        rows, total = store.leads([], 0, 100)
        assert total == 300 and len(rows) == 100
        rows2, _ = store.leads([], 100, 100)
        assert rows[-1]["seq"] + 1 == rows2[0]["seq"]
        won, won_total = store.leads([LeadFilter(stage_id=WON)], 0, 1000)
        assert won_total == len(won) > 0
        assert {r["stage_id"] for r in won} == {WON}
        per_pipeline = [store.leads([LeadFilter(p.id, WON)], 0, 1)[1] for p in PIPELINES]
        assert sum(per_pipeline) == won_total
        _, n = store.leads([LeadFilter(stage_id=WON), LeadFilter(stage_id=LOST)], 0, 1)
        assert n == won_total + store.leads([LeadFilter(stage_id=LOST)], 0, 1)[1]
        assert store.leads([LeadFilter(status="CLOSED")], 0, 10) == ([], 0)
    finally:
        store.close()


def test_store_keeps_state_in_a_file_and_reseeds_only_on_change(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.db"
    store = Store(path)
    store.seed_leads(20, 1)
    secret = store.secret("jwt_secret")
    store.save_token("user-1", "a", "r", 1.0, "x.amocrm.ru", "1", 0.0)
    store.close()
    again = Store(path)
    try:
        assert again.secret("jwt_secret") == secret
        assert again.token_for_user("user-1") is not None
        again.seed_leads(20, 1)
        assert again.leads([], 0, 1)[1] == 20
        again.seed_leads(30, 1)
        assert again.leads([], 0, 1)[1] == 30
    finally:
        again.close()


def test_global_token_rows_have_user_id_null() -> None:
    store = Store()
    try:
        store.save_token(None, "g1", "r", 1.0, "d", "1", 0.0)
        store.save_token(None, "g2", "r", 1.0, "d", "1", 0.0)
        store.save_token("u", "u1", "r", 1.0, "d", "1", 0.0)
        rows = store.token_rows()
        assert [(r.user_id, r.access_token) for r in rows] == [(None, "g2"), ("u", "u1")]
        assert store.delete_tokens("u") == 1
        assert store.token_for_user(None) is not None
    finally:
        store.close()


def test_codes_and_refresh_tokens_are_single_use() -> None:
    store = Store()
    try:
        store.add_code("c", "client", 1, 10.0)
        assert store.claim_code("c") is True
        assert store.claim_code("c") is False
        store.add_grant("r", "refresh", 1, 10.0)
        assert store.revoke_grant("r") is True
        assert store.revoke_grant("r") is False
    finally:
        store.close()


@pytest.mark.parametrize("count", [50_000])
def test_fifty_thousand_leads_seed_and_page(count: int) -> None:
    store = Store()
    try:
        started = time.perf_counter()
        store.seed_leads(count, 1)
        seeded = time.perf_counter() - started
        rows, total = store.leads([], (count // 100 - 1) * 100, 100)
        assert total == count and len(rows) == 100
        stage_rows, stage_total = store.leads([LeadFilter(7845123, WON)], 0, 100)
        assert 0 < stage_total < count and len(stage_rows) == 100
        print(f"seeded {count} leads in {seeded:.2f}s")  # measured, not asserted
    finally:
        store.close()
