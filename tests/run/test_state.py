"""Run state: what a saved run holds comes back as it was (sentences as translatable
text, data as plain strings), from this version, an older one or a newer one."""

from __future__ import annotations

import json

from amogui.run.state import CheckResult, Run, Status, TimelineEvent
from tests.run.sample import sample_run


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
