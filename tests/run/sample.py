"""A run in every state worth saving, for the run tests."""

from __future__ import annotations

from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Diagnosis, Run, Status, TimelineEvent


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
