"""The report model: verdicts, counts, criteria, defects, deviations and redaction."""

from __future__ import annotations

import gettext
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amogui.report.model import build_report, iter_checks, report_duration
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
    # every check has the documented shape and sits under its step
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
    assert report_duration(None) == "unknown"
    assert report_duration(871.5) == "14m 32s"
    assert report_duration(3725) == "1h 02m 05s"


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


# -- values from outside never steer the report ------------------------------------------------

SHORT_CODES = ["pass", "fail", "still", "2026", "http"]
FIXED_TIME = "2026-11-30T12:00:00.000+00:00"


def every_writer(run: Run) -> dict[str, str]:
    """What each writer makes of a run (report.json, HTML, JUnit, HAR), at a fixed time."""
    from amogui.checklist import load_bundled
    from amogui.report.har import to_har
    from amogui.report.html_report import render_html
    from amogui.report.junit import render_junit

    report = build_report(run, load_bundled(), generated_at=FIXED_TIME)
    return {
        "json": json.dumps(report, ensure_ascii=False),
        "html": render_html(report),
        "junit": render_junit(report).decode(),
        "har": json.dumps(to_har(run.exchanges)),
    }


def test_deep_link_codes_like_pass_or_2026_change_nothing_in_any_report() -> None:
    from amogui.base.redact import REDACTOR
    from amogui.oauth.deeplink import parse_deeplink
    from amogui.settings.profiles import builtin_profiles

    run = sample_run()
    before = every_writer(run)
    profile = builtin_profiles()[0]
    for code in SHORT_CODES:
        # the way a hostile page or local process would hand them to amogui
        parse_deeplink(f"foryoure://amo-crm/callback?code={code}&state=x", profile)
        REDACTOR.add_secret(code)
    after = every_writer(run)
    assert after == before
    assert "2026-11-27T09:10:00" in after["html"] and "passed" in after["json"]


def test_export_never_fails_because_of_short_codes(tmp_path: Path) -> None:
    from amogui.base.redact import REDACTOR
    from amogui.checklist import load_bundled
    from amogui.report import keys
    from amogui.report.export import export_bundle
    from amogui.report.verify import verify_bundle

    for code in [*SHORT_CODES, "passed", "failed", "not-run", "verdict", "status"]:
        REDACTOR.add_secret(code)
    out = tmp_path / "bundle"
    export_bundle(sample_run(), load_bundled(), out, keys.generate("t@x.example"))
    assert verify_bundle(out).intact
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "failed" and report["counts"]["checks"]["passed"] == 10
    assert "[REDACTED]" not in json.dumps(report["counts"])


def test_what_the_tester_typed_is_redacted_in_the_report() -> None:
    run = sample_run()
    run.record("s2.k3").actual = f"the app got {SECRETS.code} in the link"
    run.record("s2.k3").note = f"pasted token {SECRETS.jwt_a} by mistake"
    text = json.dumps(build_report(run, sample_checklist()), ensure_ascii=False)
    assert SECRETS.code not in text and SECRETS.jwt_a not in text
    assert "the app got [REDACTED] in the link" in text


# -- the checklist as written --------------------------------------------------------------------


def bundled_report(**kwargs: Any) -> dict[str, Any]:
    from amogui.checklist import load_bundled

    return build_report(Run(), load_bundled(), generated_at=FIXED_TIME, **kwargs)


def test_checked_items_of_the_checklist_print_as_checked() -> None:
    from amogui.checklist import load_bundled
    from amogui.report.html_report import render_html

    report = bundled_report()
    setup = next(s for s in report["steps"] if s["id"] == "setup")
    assert [(i["in_source"], i["ticked"]) for i in setup["review"]] == [(True, True)] * 2
    html = render_html(report)
    assert "[x] Redirect URI в AMO CRM" in html
    review = next(s for s in report["steps"] if s["id"].startswith("review."))
    assert all(not i["ticked"] for i in review["review"])  # "[ ]" in the source
    # a tester who unticks a source [x] item is believed
    run = Run()
    run.record("setup").review["setup.1"] = False
    unticked = build_report(run, load_bundled(), generated_at=FIXED_TIME)
    setup = next(s for s in unticked["steps"] if s["id"] == "setup")
    assert [i["ticked"] for i in setup["review"]] == [False, True]


def test_the_checklists_footer_and_placeholders_are_kept() -> None:
    from amogui.report.html_report import render_html

    report = bundled_report()
    assert report["checklist"]["footer"] == ["Останнє оновлення: Січень 2025"]
    html = render_html(report)
    assert "Останнє оновлення: Січень 2025" in html
    expected = [e for s in report["steps"] for e in s["expected"] + s["actions"]]
    assert any("callback?code=..." in e for e in expected)
    assert not any("code=[REDACTED]" in e for e in expected)
    assert "foryoure://amo-crm/callback?code=...`" in html


# -- languages -----------------------------------------------------------------------------------


class Marked(gettext.NullTranslations):
    """A stand-in catalogue: every translated sentence is wrapped in ⟦ ⟧."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"


@pytest.fixture
def marked_uk() -> Iterator[None]:
    from amogui.base import i18n

    i18n.set_loader(lambda lang: Marked() if lang == "uk" else None)
    yield
    i18n.set_loader(None)


@pytest.mark.usefixtures("marked_uk")
def test_the_report_is_written_in_the_language_asked_for() -> None:
    from amogui.report.html_report import render_html

    uk = build_report(sample_run(), sample_checklist(), generated_at=FIXED_TIME, language="uk")
    en = build_report(sample_run(), sample_checklist(), generated_at=FIXED_TIME, language="en")
    assert uk["language"] == "uk" and en["language"] == "en"
    assert uk["title"] == "⟦AMO CRM integration test report⟧"
    assert en["title"] == "AMO CRM integration test report"
    assert uk["verdict_reason"].startswith("⟦") and uk["verdict"] == en["verdict"] == "failed"
    assert all(k.startswith("⟦") for k in uk["redaction"]["kinds"])
    html = render_html(uk)
    assert '<html lang="uk">' in html
    for heading in ("Open defects", "Summary", "Success criteria", "Steps", "Sign-off"):
        assert f"<h2>⟦{heading}⟧</h2>" in html, heading
    assert "⟦FAILED⟧" in html and "⟦PASSED⟧" in html
    # the checklist's own text is never translated
    assert "Перевірка статусу AMO CRM (до підключення)" in html
    assert "⟦" not in render_html(en)


@pytest.mark.usefixtures("marked_uk")
def test_other_languages_fall_back_to_english() -> None:
    report = build_report(sample_run(), sample_checklist(), language="fr_FR.UTF-8")
    assert report["language"] == "en" and report["title"] == "AMO CRM integration test report"


def test_choose_language_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from amogui.report.model import choose_language
    from amogui.settings.store import SettingsStore

    assert choose_language("uk") == "uk"
    assert choose_language(None, env={"LANG": "uk_UA.UTF-8"}) == "uk"
    assert choose_language(None, env={"LANGUAGE": "en_GB:uk", "LANG": "uk_UA.UTF-8"}) == "en"
    assert choose_language(None, env={"LANG": "C.UTF-8"}) == "en"
    store = SettingsStore()
    store.settings.language = "uk"
    store.save()
    assert choose_language(None, env={"LANG": "en_US.UTF-8"}) == "uk"


def test_the_ukrainian_catalogue_translates_the_report() -> None:
    """With the shipped catalogue, a Ukrainian report has no English sentence of amogui's:
    its headings, labels and verdict reason are all in Ukrainian."""
    from amogui.report.export import verify_text
    from amogui.report.html_report import render_html
    from amogui.report.keys import generate

    uk = build_report(sample_run(), sample_checklist(), generated_at=FIXED_TIME, language="uk")
    en = build_report(sample_run(), sample_checklist(), generated_at=FIXED_TIME, language="en")
    assert uk["title"] != en["title"] and uk["verdict_reason"] != en["verdict_reason"]
    html = render_html(uk)
    for english in ("Open defects", "Summary", "Success criteria", "Sign-off", "FAILED", "Tester"):
        assert f">{english}<" not in html, english
    text = verify_text(uk, generate("x"), "anna@foryou.example", ["report.json", "MANIFEST"])
    assert "WHO SIGNED IT" not in text and "ssh-keygen -Y verify" in text
