"""junit.xml: it parses, every test case name is unique, checks, steps and criteria are
the right elements (failure, skipped with the reason, system-out)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from amogui.report.junit import render_junit
from amogui.report.model import build_report
from tests.report.sample import hostile_run, sample_checklist


def test_junit_parses_with_unique_names_and_right_elements() -> None:
    xml = render_junit(build_report(hostile_run(), sample_checklist()))
    root = ET.fromstring(xml)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["amogui.checks", "amogui.steps", "amogui.criteria"]
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == len(set(names))
    checks = {c.get("name"): c for c in suites[0].findall("testcase")}
    assert len(checks) == 13
    assert checks["isolation.user-b"].find("failure") is not None
    skipped = checks["disconnect"].find("skipped")
    assert skipped is not None and skipped.get("message", "").startswith("blocked")
    assert checks["leads.load"].find("failure") is None
    assert checks["leads.load"].find("system-out") is not None
    assert suites[0].get("tests") == "13"
    assert root.get("failures") == str(sum(int(s.get("failures", "0")) for s in suites))
    manual = {c.get("name"): c for c in suites[1].findall("testcase")}
    assert any(n and n.startswith("step s2.k2:") for n in manual)
    criteria = suites[2].findall("testcase")
    assert len(criteria) == len(sample_checklist().criteria) > 0
    assert all((c.get("name") or "").startswith("criterion ") for c in criteria)
