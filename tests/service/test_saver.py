"""The autosave worker: atomic, coalescing, never losing the last change."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from amogui.run.state import Run, Status
from amogui.run.store import RunStore
from amogui.service.saver import Saver


def test_saves_land_on_disk_and_the_newest_wins(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    saved: list[str] = []
    saver = Saver(store, on_saved=saved.append)
    run = Run()
    for n in range(20):
        run.record("s1").note = f"note {n}"
        saver.save(run)
    saver.set_current(run.run_id)
    saver.flush()
    data = json.loads(store.path(run.run_id).read_text(encoding="utf-8"))
    assert data["steps"]["s1"]["note"] == "note 19"
    assert store.current() is not None and store.current().run_id == run.run_id  # type: ignore[union-attr]
    assert 1 <= len(saved) <= 20 and set(saved) == {run.run_id}
    assert stat.S_IMODE(store.path(run.run_id).stat().st_mode) == 0o600
    saver.close()


def test_after_close_a_save_is_written_at_once(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    saver = Saver(store)
    saver.close()
    run = Run()
    run.set_manual("s1", Status.PASSED)
    saver.save(run)
    assert store.load(run.run_id).steps["s1"].manual is Status.PASSED


def test_a_failing_disk_is_told_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "runs"
    blocker.write_text("a file where the folder should be")
    failures: list[tuple[str, str]] = []
    saver = Saver(RunStore(blocker), on_failed=lambda rid, why: failures.append((rid, why)))
    run = Run()
    saver.save(run)
    saver.flush()
    saver.close()
    assert failures and failures[0][0] == run.run_id and failures[0][1]
