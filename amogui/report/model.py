"""The one report model: a Run and the Checklist it ran against, as report.json's data.

`build_report` returns a plain, JSON-ready dict whose key order is fixed by this
module (so report.json is stable); the HTML, PDF and JUnit writers all read the same
dict. Every string in it has passed through the redactor one more time (defence in
depth: runs are redacted when recorded, a report never trusts that alone).

Qt-free: the Qt version is looked up lazily in `collect_environment`.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import Any

from amogui import __version__
from amogui.base.redact import REDACTED, REDACTOR
from amogui.checklist.model import Checklist, Criterion, Step, StepKind
from amogui.checks.ids import BY_ID, CHECKS
from amogui.checks.verdicts import criterion_verdict, step_verdict
from amogui.report.bundle import attachment_file
from amogui.run.attachments import read_attachment
from amogui.run.state import CheckResult, Run, Status, now_iso

REPORT_SCHEMA = 1
Report = dict[str, Any]

STATUSES: tuple[str, ...] = tuple(s.value for s in Status)

VERDICT_FAILED = "failed"
VERDICT_BLOCKED = "blocked"
VERDICT_INCOMPLETE = "incomplete"
VERDICT_PASSED = "passed"

UNASSIGNED_STEP = "unassigned"

REDACTION_KINDS = (
    "Authorization, Proxy-Authorization, Cookie, Set-Cookie and API-key headers "
    "(the scheme is kept, the credential is replaced)",
    "query, form and JSON fields named like a secret: token, accessToken, refresh_token, "
    "jwt, code, client_secret, secret, password, passphrase, api key",
    "every secret learnt during the run (user JWTs, passwords, amoCRM authorization codes, "
    "access and refresh tokens, client secrets) wherever it appears, "
    "also in its URL-encoded and base64 forms",
    "anything shaped like a JWT and any Bearer or Basic credential, even when never registered",
)


# -- environment -------------------------------------------------------------------------
def qt_version() -> str:
    """The Qt runtime when a front end loaded it, else the installed PySide6, read without
    importing Qt (the report stays Qt-free)."""
    core = sys.modules.get("PySide6.QtCore")
    if core is not None:
        return f"{core.qVersion()} (PySide6 {getattr(core, '__version__', '?')})"
    from importlib import metadata

    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return f"PySide6 {metadata.version(dist)} (not loaded)"
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def collect_environment(browser: str = "", handler: str = "") -> dict[str, str]:
    """What a report states about the machine; ``browser``/``handler`` come from the caller."""
    return {
        "amogui": __version__,
        "os": platform.platform(),
        "python": f"{platform.python_version()} ({sys.implementation.name})",
        "qt": qt_version(),
        "browser": browser or "not recorded",
        "handler": handler or "not recorded",
    }


# -- small helpers -----------------------------------------------------------------------
def counts(statuses: Iterable[str]) -> dict[str, int]:
    out = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        out[status] = out.get(status, 0) + 1
    out["total"] = sum(out[s] for s in STATUSES)
    return out


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def duration_seconds(start: str | None, end: str | None) -> float | None:
    begin, finish = _parse_time(start), _parse_time(end)
    if begin is None or finish is None:
        return None
    return round((finish - begin).total_seconds(), 3)


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


def scrub(value: Any) -> Any:
    """Redact every string (dict keys included) once more before anything is written."""
    if isinstance(value, dict):
        return {
            REDACTOR.text(str(k)): scrub(v)
            for k, v in REDACTOR.json({str(k): v for k, v in value.items()}).items()
        }
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    if isinstance(value, str):
        return (
            REDACTOR(value) if value.startswith(("http://", "https://")) else REDACTOR.text(value)
        )
    if isinstance(value, bool | int | float) or value is None:
        return value
    return REDACTOR.text(str(value))


# -- checks ------------------------------------------------------------------------------
def check_entry(check_id: str, result: CheckResult | None, step_id: str | None) -> dict[str, Any]:
    spec = BY_ID.get(check_id)
    if result is None:
        return {
            "id": check_id,
            "step": step_id,
            "status": Status.NOT_RUN.value,
            "summary": "not run",
            "diagnosis": None,
            "evidence": [],
            "proves": spec.proves if spec else "",
            "expected": "",
            "actual": "",
            "variation": None,
            "started_at": None,
            "duration_ms": 0.0,
            "details": {},
        }
    diagnosis = None
    if result.diagnosis is not None:
        d = result.diagnosis
        diagnosis = {
            "problem": d.problem_id,
            "title": d.title,
            "symptoms": list(d.symptoms),
            "solutions": list(d.solutions),
        }
    return {
        "id": check_id,
        "step": result.step_id,
        "status": result.status.value,
        "summary": result.summary,
        "diagnosis": diagnosis,
        "evidence": list(result.evidence),
        "proves": spec.proves if spec else "",
        "expected": result.expected,
        "actual": result.actual,
        "variation": result.variation,
        "started_at": result.started_at,
        "duration_ms": round(float(result.duration_ms), 1),
        "details": dict(result.details),
    }


def all_checks(run: Run, checklist: Checklist) -> list[dict[str, Any]]:
    """Every known check id (not-run when absent) and every extra result, in a stable order."""
    entries = []
    for spec in CHECKS:
        result = run.checks.get(spec.id)
        step = result.step_id if result else spec.step_id
        entries.append(check_entry(spec.id, result, step))
    for check_id, result in run.checks.items():
        if check_id not in BY_ID:
            entries.append(check_entry(check_id, result, result.step_id))
    return entries


# -- steps -------------------------------------------------------------------------------
def _section_of(checklist: Checklist) -> dict[str, str]:
    out = {}
    for section in checklist.sections:
        for step in section.steps:
            for sub in step.walk():
                out[sub.id] = section.title
    return out


def _parents(checklist: Checklist) -> dict[str, str]:
    out = {}
    for step in checklist.steps():
        for child in step.children:
            out[child.id] = step.title
    return out


def step_entry(
    run: Run, step: Step, section: str, parent: str, checks: list[dict[str, Any]]
) -> dict[str, Any]:
    rec = run.steps.get(step.id)
    verdict = step_verdict(run, step.id)
    status, source, automatic = verdict.status, verdict.source, verdict.automatic
    actual = (
        rec.actual if rec and rec.actual else "; ".join(c["actual"] for c in checks if c["actual"])
    )
    review = [
        {"id": item.id, "text": item.text, "ticked": bool(rec and rec.review.get(item.id))}
        for item in step.review_items
    ]
    return {
        "id": step.id,
        "number": step.number,
        "kind": str(step.kind),
        "section": section,
        "parent": parent,
        "title": step.title,
        "actions": list(step.actions),
        "expected": list(step.expected),
        "actual": actual,
        "status": status.value,
        "verdict_source": source,
        "automatic_status": automatic.value,
        "note": rec.note if rec else "",
        "review": review,
        "checks": checks,
    }


def all_steps(run: Run, checklist: Checklist, checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sections, parents = _section_of(checklist), _parents(checklist)
    by_step: dict[str, list[dict[str, Any]]] = {}
    step_ids = {s.id for s in checklist.decidable_steps()}
    for entry in checks:
        # A check whose step this checklist lacks keeps its step id, shown apart.
        key = entry["step"] if entry["step"] in step_ids else UNASSIGNED_STEP
        by_step.setdefault(key, []).append(entry)
    steps = [
        step_entry(run, s, sections.get(s.id, ""), parents.get(s.id, ""), by_step.get(s.id, []))
        for s in checklist.decidable_steps()
    ]
    extra = by_step.get(UNASSIGNED_STEP, [])
    if extra:
        pseudo = Step(UNASSIGNED_STEP, StepKind.OTHER, "Checks with no checklist step")
        steps.append(step_entry(run, pseudo, "", "", extra))
    return steps


# -- criteria ----------------------------------------------------------------------------
def criterion_entry(run: Run, criterion: Criterion) -> dict[str, Any]:
    verdict = criterion_verdict(run, criterion)
    return {
        "id": criterion.id,
        "number": criterion.number,
        "text": criterion.text,
        "status": verdict.status.value,
        "verdict_source": verdict.source,
        "basis": list(verdict.basis),
        "rule": verdict.rule,
    }


def all_criteria(run: Run, checklist: Checklist) -> list[dict[str, Any]]:
    return [criterion_entry(run, c) for c in checklist.criteria]


# -- verdict, deviations, defects ---------------------------------------------------------
def verdict(run: Run, steps: list[dict[str, Any]], checks: list[dict[str, Any]]) -> tuple[str, str]:
    """The overall verdict and one sentence saying why."""
    check_status = [c["status"] for c in checks]
    step_status = [s["status"] for s in steps]
    failed = [c["id"] for c in checks if c["status"] == "failed"]
    failed += [
        s["id"] for s in steps if s["status"] == "failed" and s["verdict_source"] == "manual"
    ]
    if failed:
        return VERDICT_FAILED, f"{len(failed)} failed: {', '.join(failed)}."
    blocked = [c["id"] for c in checks if c["status"] == "blocked"]
    blocked += [
        s["id"] for s in steps if s["status"] == "blocked" and s["verdict_source"] == "manual"
    ]
    if blocked:
        return VERDICT_BLOCKED, f"nothing failed, but {len(blocked)} blocked: {', '.join(blocked)}."
    if run.incomplete or not run.finished_at:
        return VERDICT_INCOMPLETE, "the run was not finished."
    open_items = check_status.count("not-run") + step_status.count("not-run")
    if open_items:
        return VERDICT_INCOMPLETE, f"nothing failed, but {open_items} checks or steps were not run."
    skipped = step_status.count("skipped")
    tail = f"; {skipped} steps skipped" if skipped else ""
    return VERDICT_PASSED, f"every check passed{tail}."


def deviations(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"check": c["id"], "step": c["step"], "text": c["variation"]}
        for c in checks
        if c["variation"]
    ]


def defects(steps: list[dict[str, Any]], checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for c in checks:
        if c["status"] == "failed":
            out.append(
                {
                    "id": f"D{len(out) + 1}",
                    "check": c["id"],
                    "step": c["step"],
                    "summary": c["summary"],
                    "expected": c["expected"],
                    "actual": c["actual"],
                    "diagnosis": c["diagnosis"],
                    "evidence": c["evidence"],
                }
            )
    for s in steps:
        if s["status"] == "failed" and s["verdict_source"] == "manual":
            out.append(
                {
                    "id": f"D{len(out) + 1}",
                    "check": None,
                    "step": s["id"],
                    "summary": f"the tester failed step {s['number'] or s['id']}: {s['title']}",
                    "expected": "; ".join(s["expected"]),
                    "actual": s["actual"] or s["note"],
                    "diagnosis": None,
                    "evidence": [],
                }
            )
    return out


def redaction_statement() -> dict[str, Any]:
    return {
        "marker": REDACTED,
        "kinds": list(REDACTION_KINDS),
        "how": (
            f"Values are replaced by {REDACTED} when an exchange is recorded, so no secret is "
            "held in the run; every string of this report went through the same redactor once "
            "more before any file was written. Redacted values cannot be recovered from the bundle."
        ),
    }


# -- the report ----------------------------------------------------------------------------
def build_report(
    run: Run,
    checklist: Checklist,
    *,
    profile_name: str | None = None,
    base_url: str | None = None,
    environment: dict[str, str] | None = None,
    signer: dict[str, str] | None = None,
    generated_at: str | None = None,
    attached: Collection[str] | None = None,
) -> Report:
    """The report as a JSON-ready dict; ``signer`` holds {fingerprint, identity, namespace}.

    ``attached``: the bundle file names of the attachments the bundle carries (the export
    has read them already); None looks at the kept copies."""
    generated = generated_at or now_iso()
    checks = all_checks(run, checklist)
    steps = all_steps(run, checklist, checks)
    overall, reason = verdict(run, steps, checks)
    env = {**collect_environment(), **run.environment, **(environment or {})}
    stamp = "".join(ch for ch in generated[:19] if ch.isdigit())
    report: Report = {
        "schema": REPORT_SCHEMA,
        "report_id": f"AMOGUI-{run.run_id}-{stamp}",
        "generated_at": generated,
        "title": "AMO CRM integration test report",
        "checklist": {
            "name": checklist.title or run.checklist_name,
            "sha256": checklist.sha256 or run.checklist_sha256,
            "source": checklist.source or run.checklist_source,
            "repair": checklist.repair,
            "warnings": list(checklist.warnings),
        },
        "profile": {"name": profile_name or run.profile, "base_url": base_url or run.base_url},
        "environment": env,
        "tester": {"name": run.tester.name, "email": run.tester.email, "role": run.tester.role},
        "run_id": run.run_id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "duration_s": duration_seconds(run.started_at, run.finished_at),
        "incomplete": bool(run.incomplete or not run.finished_at),
        "verdict": overall,
        "verdict_reason": reason,
        "counts": {
            "checks": counts(c["status"] for c in checks),
            "steps": counts(s["status"] for s in steps),
        },
        "criteria": all_criteria(run, checklist),
        "steps": steps,
        "deviations": deviations(checks),
        "defects": defects(steps, checks),
        "exchanges": [x.to_dict() for x in run.exchanges],
        "timeline": [
            {"at": t.at, "kind": t.kind, "detail": t.detail, "via": t.via} for t in run.timeline
        ],
        "attachments": [attachment_entry(a, attached) for a in run.attachments],
        "signing": dict(signer or {}),
        "redaction": redaction_statement(),
    }
    result: Report = scrub(report)
    return result


def iter_checks(report: Report) -> list[dict[str, Any]]:
    """Every check entry of a report, in step order."""
    return [c for step in report["steps"] for c in step["checks"]]


def attachment_entry(entry: dict[str, str], attached: Collection[str] | None) -> dict[str, Any]:
    """An attachment as the report lists it; `file` is None when the kept copy is gone or
    changed since it was attached (then it is not in the bundle either)."""
    name = attachment_file(entry)
    present = read_attachment(entry) is not None if attached is None else name in attached
    return {
        "name": str(entry.get("name", "")),
        "step": str(entry.get("step", "")) or None,
        "original": str(entry.get("original", "")) or None,
        "sha256": str(entry.get("sha256", "")),
        "file": name if present else None,
    }
