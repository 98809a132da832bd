"""junit.xml: the report as JUnit XML (``testsuites/testsuite/testcase``).

Three suites: ``amogui.checks`` (one test case per check id), ``amogui.steps`` (one per
decidable checklist step, with the tester's or the derived verdict) and ``amogui.criteria``
(one per success criterion, by the same rule as the window and report.html). Names are unique
within the document, which GitLab, Jenkins and GitHub reporters need. Mapping:
failed -> ``<failure>``, blocked / skipped / not-run -> ``<skipped message="...">``;
the summary, expected/actual, diagnosis and evidence ids go to ``<system-out>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from amogui.report.model import Report

_NOT_PASSED = {"blocked": "blocked", "skipped": "skipped", "not-run": "not run"}


def _xml_safe(text: Any) -> str:
    """Drop characters XML 1.0 cannot hold (control bytes from a hostile body)."""
    return "".join(
        ch
        for ch in str(text if text is not None else "")
        if ch in "\t\n\r"
        or 0x20 <= ord(ch) <= 0xD7FF
        or 0xE000 <= ord(ch) <= 0xFFFD
        or ord(ch) >= 0x10000
    )


def _seconds(ms: Any) -> str:
    try:
        return f"{float(ms) / 1000:.3f}"
    except (TypeError, ValueError):
        return "0.000"


def _case(
    suite: ET.Element, name: str, classname: str, status: str, message: str, out: list[str], ms: Any
) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {"name": _xml_safe(name), "classname": _xml_safe(classname), "time": _seconds(ms)},
    )
    if status == "failed":
        failure = ET.SubElement(case, "failure", {"message": _xml_safe(message), "type": "failed"})
        failure.text = _xml_safe("\n".join(out))
    elif status in _NOT_PASSED:
        ET.SubElement(case, "skipped", {"message": _xml_safe(f"{_NOT_PASSED[status]}: {message}")})
    if out:
        ET.SubElement(case, "system-out").text = _xml_safe("\n".join(out))


def _check_lines(check: dict[str, Any]) -> list[str]:
    lines = [f"status: {check['status']}", f"summary: {check['summary']}"]
    for key in ("expected", "actual", "variation"):
        if check.get(key):
            lines.append(f"{key}: {check[key]}")
    diag = check.get("diagnosis")
    if diag:
        lines.append(f"diagnosis: {diag['problem']} {diag['title']}")
        lines += [f"  solution: {s}" for s in diag["solutions"]]
    if check["evidence"]:
        lines.append("evidence: " + ", ".join(check["evidence"]))
    return lines


def _step_lines(step: dict[str, Any]) -> list[str]:
    lines = [f"status: {step['status']} ({step['verdict_source']})"]
    lines += [f"expected: {e}" for e in step["expected"]]
    if step["actual"]:
        lines.append(f"actual: {step['actual']}")
    if step["note"]:
        lines.append(f"note: {step['note']}")
    return lines


def _unique(name: str, seen: set[str]) -> str:
    candidate, n = name, 2
    while candidate in seen:
        candidate = f"{name} ({n})"
        n += 1
    seen.add(candidate)
    return candidate


def _finish(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    suite.set("time", f"{sum(float(c.get('time', '0')) for c in cases):.3f}")


def render_junit(report: Report) -> bytes:
    root = ET.Element("testsuites", {"name": f"amogui {report['report_id']}"})
    seen: set[str] = set()
    checks = ET.SubElement(
        root, "testsuite", {"name": "amogui.checks", "timestamp": str(report["started_at"])}
    )
    steps = ET.SubElement(
        root, "testsuite", {"name": "amogui.steps", "timestamp": str(report["started_at"])}
    )
    for step in report["steps"]:
        for check in step["checks"]:
            name = _unique(check["id"], seen)
            classname = f"amogui.checks.{step['id']}"
            lines = _check_lines(check)
            _case(checks, name, classname, check["status"], check["summary"], lines,
                  check["duration_ms"])  # fmt: skip
    for step in report["steps"]:
        title = f"{step['number'] or step['id']} {step['title']}".strip()
        name = _unique(f"step {step['id']}: {title}", seen)
        message = step["actual"] or step["note"] or step["status"]
        _case(steps, name, "amogui.steps", step["status"], message, _step_lines(step), 0)
    criteria = ET.SubElement(
        root, "testsuite", {"name": "amogui.criteria", "timestamp": str(report["started_at"])}
    )
    for criterion in report["criteria"]:
        name = _unique(f"criterion {criterion['number']}: {criterion['text']}", seen)
        lines = [f"status: {criterion['status']} ({criterion['verdict_source']})"]
        lines += [f"rule: {criterion['rule']}"] if criterion["rule"] else []
        lines += [f"basis: {', '.join(criterion['basis'])}"] if criterion["basis"] else []
        message = str(criterion["rule"] or criterion["status"])
        _case(criteria, name, "amogui.criteria", criterion["status"], message, lines, 0)
    for suite in (checks, steps, criteria):
        _finish(suite)
    total = root.findall("testsuite")
    for attr in ("tests", "failures", "errors", "skipped"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in total)))
    ET.indent(root)
    # typeshed gives tostring Any for an encoding other than "unicode"; it is bytes.
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
