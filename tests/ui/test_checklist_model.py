"""The checklist tree and every report file say the same status for every step and every
success criterion, whatever state the run is in: one verdict rule
(`amogui.checks.verdicts`) read by the window, report.json, report.html and junit.xml."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amogui.checklist import load_bundled
from amogui.checklist.model import Checklist
from amogui.checks.registry import CHECKS
from amogui.report.html_report import Writer, render_html
from amogui.report.junit import render_junit
from amogui.report.model import STATUSES, build_report
from amogui.run.state import CheckResult, Run, Status
from amogui.ui.checklist_model import ChecklistModel

CHECKLIST: Checklist = load_bundled()
STEP_IDS = [s.id for s in CHECKLIST.decidable_steps()]
CRITERION_IDS = [c.id for c in CHECKLIST.criteria]
MAYBE_STATUS = st.one_of(st.none(), st.sampled_from(list(Status)))


@st.composite
def runs(draw: st.DrawFn) -> Run:
    """A run in any state: any check with any result or none, any step or criterion with
    a tester's verdict or none."""
    run = Run()
    for spec in CHECKS:
        status = draw(MAYBE_STATUS)
        if status is not None:
            run.add_check(CheckResult(spec.id, spec.step_id, status, f"{spec.id} said so"))
    for node_id in draw(st.lists(st.sampled_from(STEP_IDS + CRITERION_IDS), unique=True)):
        manual = draw(st.sampled_from([s for s in Status if s is not Status.NOT_RUN]))
        run.set_manual(node_id, manual)
    return run


def html_statuses(report: dict[str, Any]) -> dict[str, str]:
    """Each step's and criterion's status as report.html shows it (its visible label)."""
    page = render_html(report)
    by_label = {html.escape(Writer(report).label(s)): s for s in STATUSES}
    found: dict[str, str] = {}
    for step_id in STEP_IDS:
        marker = f"<span class='small muted mono'>{html.escape(step_id)}</span></h4>"
        after = page[page.index(marker) :]
        label = re.search(r"&nbsp;(.+?)&nbsp;</span>", after)
        assert label is not None
        found[step_id] = by_label[label.group(1)]
    start = page.index("Success criteria</h2>")
    section = page[start : page.index("<h2>", start)]
    rows = re.findall(r"<tr><td>(\d+)</td><td>.*?</td><td bgcolor=[^>]*>([^<]+)</td>", section)
    numbers = {c.number: c.id for c in CHECKLIST.criteria}
    for number, label in rows:
        found[numbers[int(number)]] = by_label[label]
    return found


def junit_statuses(report: dict[str, Any]) -> dict[str, str]:
    root = ET.fromstring(render_junit(report))  # noqa: S314 - our own output
    found: dict[str, str] = {}
    for suite, ids in (("amogui.steps", STEP_IDS), ("amogui.criteria", CRITERION_IDS)):
        cases = next(s for s in root.findall("testsuite") if s.get("name") == suite)
        for node_id, case in zip(ids, cases.findall("testcase"), strict=True):
            out = case.findtext("system-out") or ""
            found[node_id] = out.split("\n", 1)[0].split()[1]  # "status: failed (automatic)"
    return found


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(run=runs())
def test_the_tree_and_every_report_file_say_the_same_for_each_step_and_criterion(
    qapp: Any, run: Run
) -> None:
    model = ChecklistModel(CHECKLIST, run)
    window = {node_id: model.shown_status(node_id) for node_id in STEP_IDS + CRITERION_IDS}
    window_values = {k: v.value for k, v in window.items() if v is not None}
    report = build_report(run, CHECKLIST, generated_at="2026-11-30T12:00:00+00:00")
    in_json = {s["id"]: s["status"] for s in report["steps"] if s["id"] in STEP_IDS}
    in_json |= {c["id"]: c["status"] for c in report["criteria"]}
    assert window_values == in_json
    assert html_statuses(report) == in_json
    assert junit_statuses(report) == in_json


def test_a_step_with_a_check_not_run_is_not_green(qapp: Any) -> None:
    """One check of a step passed, another has not run: the step is not passed, in the
    tree or in the report."""
    spec = next(c for c in CHECKS if sum(o.step_id == c.step_id for o in CHECKS) > 1)
    run = Run()
    run.add_check(CheckResult(spec.id, spec.step_id, Status.PASSED, "ok"))
    model = ChecklistModel(CHECKLIST, run)
    report = build_report(run, CHECKLIST)
    status = next(s["status"] for s in report["steps"] if s["id"] == spec.step_id)
    assert status != "passed"
    assert model.shown_status(spec.step_id) is not Status.PASSED
