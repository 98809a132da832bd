"""The report model: verdicts, counts, criteria, defects, deviations and redaction."""

from __future__ import annotations

import json
import subprocess
import sys

from amogui.report.model import build_report, format_duration, iter_checks
from amogui.run.state import CheckResult, Run, Status
from tests.report.sample import SECRETS, sample_checklist, sample_run


def by_id(items: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {i["id"]: i for i in items}


def test_report_has_the_professional_header_fields() -> None:
    r = build_report(sample_run(), sample_checklist())
    assert r["schema"] == 1
    assert r["report_id"].startswith("AMOGUI-r0a1b2c3d4e5-")
    assert r["checklist"]["sha256"] == "3f" * 32
    assert r["profile"] == {"name": "Local sandbox", "base_url": "http://127.0.0.1:8765"}
    assert r["tester"]["role"] == "QA engineer"
    assert r["duration_s"] == 871.5
    env = r["environment"]
    assert {"amogui", "os", "python", "qt", "browser", "handler"} <= set(env)
    assert env["browser"] == "chromium 131 (xdg-open)"  # the run's own value wins
    assert [a["name"] for a in r["attachments"]] == ["consent-page.png"]
    assert "path" not in r["attachments"][0]
    assert r["redaction"]["kinds"]


def test_verdict_counts_defects_and_deviations() -> None:
    r = build_report(sample_run(), sample_checklist())
    assert r["verdict"] == "failed"
    assert "isolation.user-b" in r["verdict_reason"]
    checks = r["counts"]["checks"]
    assert (checks["passed"], checks["failed"], checks["blocked"], checks["total"]) == (
        10,
        1,
        2,
        13,
    )
    assert [d["check"] for d in r["defects"]] == ["isolation.user-b"]
    assert r["defects"][0]["diagnosis"]["problem"] == "problem.2"
    assert {d["check"] for d in r["deviations"]} == {"oauth.callback", "exchange.auth"}


def test_manual_verdict_wins_and_is_marked() -> None:
    r = build_report(sample_run(), sample_checklist())
    steps = by_id(r["steps"])
    assert steps["s2.k2"]["status"] == "passed"
    assert steps["s2.k2"]["verdict_source"] == "manual"
    assert steps["s2.k3"]["verdict_source"] == "automatic"
    assert steps["review.callback"]["status"] == "not-run"
    assert [i["ticked"] for i in steps["review.callback"]["review"]] == [True, False]
    # every check has the DESIGN.md shape and sits under its step
    for check in iter_checks(r):
        assert {"id", "step", "status", "summary", "diagnosis", "evidence"} <= set(check)


def test_success_criteria_are_derived_from_the_checks() -> None:
    r = build_report(sample_run(), sample_checklist())
    crit = {c["number"]: c for c in r["criteria"]}
    assert crit[1]["status"] == "passed"
    assert set(crit[1]["basis"]) == {
        "oauth.authorize-url",
        "oauth.callback",
        "oauth.deeplink",
        "exchange.code",
    }
    assert crit[2]["status"] == "failed"  # isolation.user-b failed
    assert crit[2]["basis"] == [
        "exchange.code",
        "status.after",
        "isolation.user-b",
        "status.after-disconnect",
    ]
    assert crit[3]["status"] == "blocked"  # status.after-disconnect is blocked
    assert crit[4]["basis"] == ["disconnect", "status.after-disconnect"]
    assert crit[5]["status"] == "passed"
    # "no errors in the console": no machine can judge it; it waits for the tester.
    assert (crit[6]["status"], crit[6]["basis"]) == ("not-run", [])


def test_passed_incomplete_and_blocked_verdicts() -> None:
    checklist = sample_checklist()
    run = sample_run()
    for result in run.checks.values():
        result.status = Status.PASSED
    for step in checklist.decidable_steps():
        if not run.checks_for(step.id):
            run.set_manual(step.id, Status.SKIPPED)
    assert build_report(run, checklist)["verdict"] == "passed"
    run.set_manual("s2.k2", Status.BLOCKED)
    assert build_report(run, checklist)["verdict"] == "blocked"
    run.set_manual("s2.k2", None)
    run.finished_at = None
    r = build_report(run, checklist)
    assert (r["verdict"], r["incomplete"], r["duration_s"]) == ("incomplete", True, None)
    del run.checks["leads.filter"]
    run.finished_at = "2026-11-27T10:00:00+00:00"
    r = build_report(run, checklist)
    assert r["verdict"] == "incomplete"
    assert by_id(iter_checks(r))["leads.filter"]["status"] == "not-run"


def test_manual_failure_of_a_step_is_an_open_defect() -> None:
    run = sample_run()
    run.set_manual("s2.k2", Status.FAILED)
    run.record("s2.k2").actual = "the consent page showed an error"
    r = build_report(run, sample_checklist())
    manual = [d for d in r["defects"] if d["check"] is None]
    assert manual[0]["step"] == "s2.k2"
    assert manual[0]["actual"] == "the consent page showed an error"


def test_checks_outside_the_checklist_are_kept() -> None:
    run = sample_run()
    run.add_check(CheckResult("custom.extra", "nowhere", Status.PASSED, "an extra check"))
    r = build_report(run, sample_checklist())
    assert by_id(r["steps"])["unassigned"]["checks"][-1]["id"] == "custom.extra"


def test_every_string_is_redacted_again_before_writing() -> None:
    run = sample_run()  # its check "actual" and a step note hold raw secrets on purpose
    text = json.dumps(build_report(run, sample_checklist()), ensure_ascii=False)
    for form in SECRETS.forms():
        assert form not in text
    assert "[REDACTED]" in text


def test_hostile_run_data_never_crashes_the_model() -> None:
    data = sample_run().to_dict()
    data["started_at"] = "not a date"
    data["checks"]["status.before"]["details"] = {"nested": [1, {"password": "hunter2x"}], "n": 1.5}
    run = Run.from_dict(data)
    r = build_report(run, sample_checklist())
    assert r["duration_s"] is None
    check = by_id(iter_checks(r))["status.before"]
    assert check["details"]["nested"][1]["password"] == "[REDACTED]"


def test_durations_read_well() -> None:
    assert format_duration(None) == "unknown"
    assert format_duration(871.5) == "14m 32s"
    assert format_duration(3725) == "1h 02m 05s"


def test_model_module_is_qt_free_at_import() -> None:
    code = "import sys, amogui.report.model; print('PySide6' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def test_tester_can_decide_a_criterion_and_unknown_ones_stay_open() -> None:
    from amogui.checklist.model import Criterion

    checklist = sample_checklist()
    checklist.criteria.append(Criterion("criterion.7", 7, "Документація оновлена"))
    run = sample_run()
    run.set_manual("criterion.6", Status.PASSED)
    crit = {c["number"]: c for c in build_report(run, checklist)["criteria"]}
    assert (crit[6]["status"], crit[6]["verdict_source"]) == ("passed", "manual")
    assert (crit[7]["status"], crit[7]["verdict_source"], crit[7]["basis"]) == (
        "not-run",
        "none",
        [],
    )
    assert "tester's verdict" in crit[7]["rule"]
