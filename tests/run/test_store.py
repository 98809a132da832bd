"""Run state: manual verdicts win; runs survive a save/load; writes are atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Diagnosis, Run, Status, TimelineEvent
from amogui.run.store import RunStore, atomic_write


def sample_run() -> Run:
    run = Run(checklist_name="Чеклист", profile="Local sandbox")
    run.add_check(CheckResult("status.before", "s1", Status.PASSED, "status answered 200"))
    run.add_check(
        CheckResult(
            "isolation.user-b",
            "s3",
            Status.FAILED,
            "user B sees A's connection",
            diagnosis=Diagnosis("problem.2", "Токени зберігаються глобально", ["a"], ["b"]),
            evidence=["x0001"],
        )
    )
    run.exchanges.append(Exchange("x0001", "isolation.user-b", "GET", "http://h/s", "t", 1.0, 200))
    run.timeline.append(TimelineEvent("t", "deeplink", "foryoure://amo-crm/callback", via="ipc"))
    rec = run.record("s2.k1")
    rec.note = "нотатка"
    rec.review["r1"] = True
    return run


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


def test_unknown_fields_from_a_newer_version_are_ignored() -> None:
    data = sample_run().to_dict()
    data["checks"]["status.before"]["future_field"] = 1
    data["steps"]["s2.k1"]["future_field"] = 2
    run = Run.from_dict(json.loads(json.dumps(data)))
    assert run.checks["status.before"].status is Status.PASSED


def test_sentences_are_text_and_round_trip_as_text() -> None:
    from amogui.base.i18n import join, t

    run = Run()
    run.add_check(
        CheckResult(
            "status.after",
            "s3",
            Status.FAILED,
            t("user A's status is not plausible: {problems}", problems=join("; ", [t("x")])),
            expected=t("connected true"),
            actual="connected: false",  # data stays a plain string
            variation=t("status answers connected: null"),
        )
    )
    run.timeline.append(TimelineEvent("t", "leg-over", t("The OAuth leg is over: {r}", r="x")))
    data = json.loads(json.dumps(run.to_dict()))
    saved = data["checks"]["status.after"]
    assert saved["summary"]["t"] == "user A's status is not plausible: {problems}"
    assert saved["actual"] == "connected: false"
    back = Run.from_dict(data)
    got = back.checks["status.after"]
    assert got.summary == run.checks["status.after"].summary
    assert str(got.summary) == "user A's status is not plausible: x"
    assert str(got.variation) == "status answers connected: null"
    assert got.actual == "connected: false"
    assert str(back.timeline[0].detail) == "The OAuth leg is over: x"
    assert back.to_dict() == run.to_dict()


def test_a_run_saved_with_plain_strings_still_loads() -> None:
    old = {
        "run_id": "abc",
        "checks": {
            "status.before": {
                "check_id": "status.before",
                "step_id": "s1",
                "status": "passed",
                "summary": "status answered 200, connected=false",
                "expected": "HTTP 200",
                "actual": "",
                "variation": None,
                "diagnosis": None,
                "evidence": ["x0001"],
            }
        },
        "timeline": [{"at": "t", "kind": "deeplink", "detail": "Deep link ...", "via": "ipc"}],
    }
    run = Run.from_dict(old)
    got = run.checks["status.before"]
    assert got.summary == "status answered 200, connected=false" and got.variation is None
    assert run.timeline[0].detail == "Deep link ..." and run.timeline[0].via == "ipc"
    assert Run.from_dict(run.to_dict()).to_dict() == run.to_dict()


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
