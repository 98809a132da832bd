"""The service: the run and what the tester says, saved and told through events."""

from __future__ import annotations

from pathlib import Path

from amogui.checklist import load_bundled
from amogui.run.state import CheckResult, Status
from amogui.run.store import RunStore
from amogui.service.events import (
    ChecklistReplaced,
    Notice,
    Problem,
    ResultRecorded,
    RunReplaced,
    Saved,
    StepEdited,
    TargetChanged,
)
from amogui.service.service import Service, ServiceBusyError
from tests.service.conftest import Heard, run_async


def test_a_new_run_is_current_and_the_old_one_is_kept(service: Service, heard: Heard) -> None:
    first = service.new_run()
    service.set_verdict("s1", Status.FAILED)
    second = service.new_run()
    service.flush()
    assert first.run_id != second.run_id and service.run is second
    assert [e.why for e in heard.of(RunReplaced)] == ["new", "new"]
    assert service.store.current() is not None
    assert service.store.current().run_id == second.run_id  # type: ignore[union-attr]
    assert {s.run_id for s in service.past_runs()} == {first.run_id, second.run_id}
    assert service.store.load(first.run_id).steps["s1"].manual is Status.FAILED


def test_resume_reads_the_current_run_or_starts_one(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    first = Service(store, checklist=load_bundled())
    made = first.resume_or_new()
    first.set_text("s1", "note", "written before a crash")
    first.close()
    again = Service(store, checklist=load_bundled())
    resumed = again.resume_or_new()
    assert resumed.run_id == made.run_id and resumed.steps["s1"].note == "written before a crash"
    again.close()


def test_what_the_tester_says_is_recorded_saved_and_told(service: Service, heard: Heard) -> None:
    service.new_run()
    service.set_verdict("s2.k1", Status.PASSED)
    service.set_text("s2.k1", "actual", "the consent page opened")
    service.set_review("review.callback", "review.callback.1", True)
    service.flush()
    assert [(e.step_id, e.what) for e in heard.of(StepEdited)] == [
        ("s2.k1", "verdict"),
        ("s2.k1", "actual"),
        ("review.callback", "review"),
    ]
    saved = service.store.load(service.run.run_id)
    assert saved.steps["s2.k1"].actual == "the consent page opened"
    assert saved.steps["review.callback"].review == {"review.callback.1": True}
    assert heard.of(Saved)
    verdict = service.step_verdict("s2.k1")
    assert verdict.status is Status.PASSED and verdict.manual


def test_progress_and_criteria_come_from_the_one_verdict_rule(service: Service) -> None:
    service.new_run()
    before = service.progress()
    service.set_verdict("s1", Status.FAILED)
    after = service.progress()
    assert after.decided == before.decided + 1 and after.failed == before.failed + 1
    assert after.total == len(service.checklist.decidable_steps())
    assert set(service.criteria()) == {c.id for c in service.checklist.criteria}
    assert service.next_undecided(["s1", "s2.k1"], "s1", 1) == "s2.k1"
    assert service.next_undecided(["s1", "s2.k1"], "s2.k1", -1) is None


def test_a_broken_checklist_never_replaces_the_current_one(
    service: Service, heard: Heard, tmp_path: Path
) -> None:
    service.new_run()
    empty = tmp_path / "empty.md"
    empty.write_text("# Nothing here\n\njust prose\n", encoding="utf-8")
    title = service.checklist.title
    assert run_async(service.open_checklist(tmp_path / "missing.md")) is False
    assert run_async(service.open_checklist(empty)) is False
    assert service.checklist.title == title
    problems = [str(p.text) for p in heard.of(Problem)]
    assert len(problems) == 2 and "empty.md has no steps amogui understands" in problems[1]


def test_another_checklist_keeps_the_verdicts_of_its_steps(service: Service, heard: Heard) -> None:
    service.new_run()
    service.set_verdict("s1", Status.PASSED)
    service.set_checklist(load_bundled())
    assert heard.of(ChecklistReplaced) and service.run.steps["s1"].manual is Status.PASSED


def test_attachments_are_kept_and_removed(service: Service, heard: Heard, tmp_path: Path) -> None:
    service.new_run()
    shot = tmp_path / "consent page.png"
    shot.write_bytes(b"\x89PNG fake")
    assert run_async(service.attach("s2.k1", shot)) is True
    entry = service.run.attachments[0]
    assert entry["step"] == "s2.k1" and Path(entry["path"]).read_bytes() == b"\x89PNG fake"
    assert run_async(service.attach("s2.k1", tmp_path / "gone.png")) is False
    assert service.remove_attachment("s2.k1", entry["name"]) is True
    assert service.run.attachments == []
    assert service.remove_attachment("s2.k1", entry["name"]) is False
    notices = [str(n.text) for n in heard.of(Notice)]
    assert notices == ["Attached consent page.png.", f"Removed {entry['name']}."]
    assert len(heard.of(Problem)) == 1


def test_reopening_a_past_run_and_a_damaged_one(service: Service, heard: Heard) -> None:
    old = service.new_run()
    service.set_verdict("s1", Status.BLOCKED)
    service.new_run()
    assert run_async(service.reopen_run(old.run_id)) is True
    assert service.run.run_id == old.run_id and service.run.steps["s1"].manual is Status.BLOCKED
    service.store.path("broken").write_text("{not json", encoding="utf-8")
    assert run_async(service.reopen_run("broken")) is False
    assert service.run.run_id == old.run_id
    assert "Could not open run broken" in str(heard.of(Problem)[-1].text)


def test_a_result_is_recorded_and_the_manual_verdict_still_wins(
    service: Service, heard: Heard
) -> None:
    service.new_run()
    service.set_verdict("s1", Status.PASSED)
    service.record_result(CheckResult("status.before", "s1", Status.FAILED, "500"))
    assert heard.of(ResultRecorded)[0].result.check_id == "status.before"
    verdict = service.step_verdict("s1")
    assert verdict.status is Status.PASSED and verdict.automatic is Status.FAILED


def test_the_run_follows_the_target(service: Service) -> None:
    service.new_run()
    service.emit(TargetChanged("ForYou production", "https://admin.example.org"))
    assert (service.run.profile, service.run.base_url) == (
        "ForYou production",
        "https://admin.example.org",
    )


def test_no_new_run_while_checks_run(service: Service) -> None:
    service.new_run()
    service._running = True
    try:
        import pytest

        with pytest.raises(ServiceBusyError):
            service.new_run()
    finally:
        service._running = False


def test_a_broken_listener_does_not_stop_the_others(service: Service) -> None:
    heard: list[object] = []

    def broken(_event: object) -> None:
        raise RuntimeError("listener bug")

    service.subscribe(broken)
    unsubscribe = service.subscribe(heard.append)
    service.new_run()
    assert heard
    unsubscribe()
    count = len(heard)
    service.new_run()
    assert len(heard) == count


def test_nothing_is_written_before_a_run_is_made(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    service = Service(store, checklist=load_bundled())
    service.set_checklist(load_bundled())
    service.close()
    assert not store.root.exists() or not list(store.root.glob("*.json"))
