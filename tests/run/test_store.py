"""The run store: runs survive a save and a load, damaged files are kept, writes are
atomic, and what the tester typed is redacted on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from amogui.run.store import RunStore, atomic_write
from tests.run.sample import sample_run


def test_round_trip_through_the_store(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    run = sample_run()
    store.save(run)
    store.set_current(run.run_id)
    back = store.current()
    assert back is not None
    assert back.to_dict() == run.to_dict()
    assert back.checks["isolation.user-b"].diagnosis is not None
    assert back.steps["s2.k1"].note == "нотатка"


def test_listing_and_damaged_files(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    first, second = sample_run(), sample_run()
    second.started_at = "2999-01-01T00:00:00+00:00"
    store.save(first)
    store.save(second)
    (tmp_path / "runs" / "broken.json").write_text("{not json")
    ids = [s.run_id for s in store.list()]
    assert ids == [second.run_id, first.run_id]
    store.set_current("broken")
    assert store.current() is None
    assert (tmp_path / "runs" / "broken.json").exists()  # kept for the tester, never deleted


def test_atomic_write_leaves_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "store" / "run.json"
    atomic_write(target, b"old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["run.json"]


def test_what_the_tester_typed_is_redacted_in_the_saved_run(tmp_path: Path) -> None:
    from amogui.base.redact import REDACTOR

    token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJlLXNlY3JldA"
    code = "def50200aabbccddeeff00112233"
    REDACTOR.add_secret(code)
    run = sample_run()
    run.record("s2.k3").actual = f"the app opened with code {code}"
    run.record("s2.k3").note = f"Authorization: Bearer {token} (pasted by mistake)"
    store = RunStore(tmp_path / "runs")
    text = store.save(run).read_text(encoding="utf-8")
    assert code not in text and token not in text
    back = store.load(run.run_id)
    assert back.steps["s2.k3"].actual == "the app opened with code [REDACTED]"
    assert back.steps["s2.k1"].note == "нотатка"  # ordinary text is kept as typed
