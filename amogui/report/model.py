"""The one report model: a Run and the Checklist it ran against, as report.json's data.

`build_report` returns a plain, JSON-ready dict whose key order is fixed by this
module (so report.json is stable); the HTML, PDF and JUnit writers all read the same
dict.

Redaction happens on *values*, as they enter the report: every string that came from the
run, the checklist or the machine (summaries' parameters, evidence, notes the tester
typed, exchanges, timeline) passes through the redactor once more (defence in depth:
runs are redacted when recorded, a report never trusts that alone). amogui's own prose
and the dict keys are never rewritten, so no value from outside (a deep link's
``code=passed``) can change a sentence, a status or a key of the report.

Language: amogui's sentences are `amogui.base.i18n.Text`; `build_report(language=...)`
renders every one of them through that language's catalogue. The checklist's own text
stays as the checklist wrote it.

Qt-free: the Qt version is looked up lazily in `collect_environment`.
"""

from __future__ import annotations

import dataclasses
import platform
import sys
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from amogui import __version__
from amogui.base.i18n import N_, Catalogue, Text, catalogue, join, language_from_env, t, tn
from amogui.base.redact import REDACTED, REDACTOR, is_secret_field
from amogui.checklist.model import Checklist, Criterion, Step, StepKind
from amogui.checks.registry import BY_ID, CHECKS
from amogui.checks.verdicts import criterion_verdict, step_verdict
from amogui.report.bundle import attachment_file
from amogui.run.attachments import read_attachment
from amogui.run.state import OWN_NOTE_PREFIX, CheckResult, Run, Status, now_iso
from amogui.settings.identity import Identity

REPORT_SCHEMA = 1
Report = dict[str, Any]

STATUSES: tuple[str, ...] = tuple(s.value for s in Status)

VERDICT_FAILED = "failed"
VERDICT_BLOCKED = "blocked"
VERDICT_INCOMPLETE = "incomplete"
VERDICT_PASSED = "passed"

UNASSIGNED_STEP = "unassigned"

LANGUAGES = ("uk", "en")

REDACTION_KINDS = (
    N_(
        "Authorization, Proxy-Authorization, Cookie, Set-Cookie and API-key headers "
        "(the scheme is kept, the credential is replaced)"
    ),
    N_(
        "query, form and JSON fields named like a secret: token, accessToken, refresh_token, "
        "jwt, code, client_secret, secret, password, passphrase, api key (whatever the value)"
    ),
    N_(
        "every secret learnt during the run (user JWTs, passwords, amoCRM authorization codes, "
        "access and refresh tokens, client secrets) wherever it appears, also in its "
        "URL-encoded and base64 forms, when it is at least 12 characters and cannot be "
        "ordinary text; shorter ones are redacted in the fields above"
    ),
    N_("anything shaped like a JWT and any Bearer or Basic credential, even when never registered"),
    N_("what the tester typed (actual results, notes) like everything else"),
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


def collect_environment(browser: str = "", handler: str = "") -> dict[str, Any]:
    """What a report states about the machine; ``browser``/``handler`` come from the caller."""
    return {
        "amogui": __version__,
        "os": platform.platform(),
        "python": f"{platform.python_version()} ({sys.implementation.name})",
        "qt": qt_version(),
        "browser": browser or t("not recorded"),
        "handler": handler or t("not recorded"),
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


def report_duration(seconds: float | None) -> str:
    """How long a run took, as the report prints it ("14m 32s", "1h 02m 05s")."""
    if seconds is None:
        return "unknown"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


def _redact_string(value: str) -> str:
    if value.startswith(("http://", "https://")):
        return str(REDACTOR.url(value))
    return REDACTOR.text(value)


def redact_text(text: Text) -> Text:
    """A Text whose parameters (the values it carries) are redacted; its template is
    amogui's own sentence and stays as it is."""
    if text.parts is not None:
        return dataclasses.replace(text, parts=tuple(scrub(p) for p in text.parts))
    return dataclasses.replace(text, params={k: scrub(v) for k, v in text.params.items()})


def scrub(value: Any) -> Any:
    """Redact a value from the run, the checklist or the machine before it enters the
    report: every string, and every field named like a secret. Keys are kept as they are;
    a Text keeps its template and has its parameters redacted."""
    if isinstance(value, Text):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {
            str(k): REDACTED if is_secret_field(str(k), v) else scrub(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    if isinstance(value, str):
        return _redact_string(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    return REDACTOR.text(str(value))


def rendered(value: Any, cat: Catalogue) -> Any:
    """Every Text inside `value` rendered in the catalogue's language; the rest as is."""
    if isinstance(value, Text):
        return value.render(cat)
    if isinstance(value, dict):
        return {k: rendered(v, cat) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rendered(v, cat) for v in value]
    return value


def language_of(language: str | None) -> str:
    """A report language amogui writes: "uk" or "en" (anything else: English)."""
    code = (language or "en").split("_")[0].split("-")[0].split(".")[0].lower()
    return code if code in LANGUAGES else "en"


def choose_language(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The report's language: ``explicit`` (``--lang``, the window's), else the language
    saved in the settings, else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else
    English."""
    if explicit:
        return language_of(explicit)
    from amogui.settings.language import saved_language

    saved = saved_language()
    if saved:
        return language_of(saved)
    return language_of(language_from_env(env))


# -- checks ------------------------------------------------------------------------------
def check_entry(check_id: str, result: CheckResult | None, step_id: str | None) -> dict[str, Any]:
    spec = BY_ID.get(check_id)
    if result is None:
        return {
            "id": check_id,
            "step": step_id,
            "status": Status.NOT_RUN.value,
            "summary": t("not run"),
            "diagnosis": None,
            "evidence": [],
            "proves": _proves(spec),
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
        # amogui's own notes are its sentences (translated); the checklist's are its words.
        own = d.problem_id.startswith(OWN_NOTE_PREFIX)
        words = prose if own else scrub
        diagnosis = {
            "problem": d.problem_id,
            "title": words(d.title),
            "symptoms": [words(x) for x in d.symptoms],
            "solutions": [words(x) for x in d.solutions],
        }
    return {
        "id": check_id,
        "step": result.step_id,
        "status": result.status.value,
        "summary": scrub(result.summary),
        "diagnosis": diagnosis,
        "evidence": list(result.evidence),
        "proves": _proves(spec),
        "expected": scrub(result.expected),
        "actual": scrub(result.actual),
        "variation": scrub(result.variation),
        "started_at": result.started_at,
        "duration_ms": _duration_ms(result.duration_ms),
        "details": scrub(dict(result.details)),
    }


def _proves(spec: Any) -> Any:
    proves = getattr(spec, "proves", "") if spec is not None else ""
    return t(proves) if isinstance(proves, str) and proves else proves


def _duration_ms(value: Any) -> float:
    try:
        return round(float(value), 1)
    except (TypeError, ValueError):
        return 0.0


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
    # What the tester typed is redacted like everything else.
    actual: Any = (
        scrub(rec.actual)
        if rec and rec.actual
        else join("; ", [c["actual"] for c in checks if c["actual"]])
    )
    return {
        "id": step.id,
        "number": step.number,
        "kind": str(step.kind),
        "section": scrub(section),
        "parent": scrub(parent),
        "title": scrub(step.title),
        "actions": scrub(list(step.actions)),
        "expected": scrub(list(step.expected)),
        "actual": actual,
        "status": status.value,
        "verdict_source": source,
        "automatic_status": automatic.value,
        "note": scrub(rec.note) if rec else "",
        "review": review_entries(run, step),
        "checks": checks,
    }


def review_entries(run: Run, step: Step) -> list[dict[str, Any]]:
    """The step's review items as the checklist wrote them: an item marked ``[x]`` in the
    source stays ticked unless the tester unticked it."""
    rec = run.steps.get(step.id)
    ticks = rec.review if rec else {}
    return [
        {
            "id": item.id,
            "text": scrub(item.text),
            "in_source": item.checked_in_source,
            "ticked": bool(ticks.get(item.id, item.checked_in_source)),
        }
        for item in step.review_items
    ]


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
        pseudo = Step(UNASSIGNED_STEP, StepKind.OTHER, "")
        entry = step_entry(run, pseudo, "", "", extra)
        entry["title"] = t("Checks with no checklist step")
        steps.append(entry)
    return steps


# -- criteria ----------------------------------------------------------------------------
def criterion_entry(
    run: Run, criterion: Criterion, checklist: Checklist | None = None
) -> dict[str, Any]:
    verdict = criterion_verdict(run, criterion, checklist)
    return {
        "id": criterion.id,
        "number": criterion.number,
        "text": scrub(criterion.text),
        "status": verdict.status.value,
        "verdict_source": verdict.source,
        "basis": list(verdict.basis),
        "rule": prose(verdict.rule),
    }


def all_criteria(run: Run, checklist: Checklist) -> list[dict[str, Any]]:
    return [criterion_entry(run, c, checklist) for c in checklist.criteria]


# -- verdict, deviations, defects ---------------------------------------------------------
def prose(value: Any) -> Any:
    """amogui's own sentence as a Text (translatable); a Text stays as it is."""
    if isinstance(value, Text) or not value:
        return value
    text = str(value)
    return t(text.replace("{", "{{").replace("}", "}}"))


def verdict(
    run: Run, steps: list[dict[str, Any]], checks: list[dict[str, Any]]
) -> tuple[str, Text]:
    """The overall verdict and one sentence saying why."""
    check_status = [c["status"] for c in checks]
    step_status = [s["status"] for s in steps]
    failed = [c["id"] for c in checks if c["status"] == "failed"]
    failed += [
        s["id"] for s in steps if s["status"] == "failed" and s["verdict_source"] == "manual"
    ]
    if failed:
        return VERDICT_FAILED, tn(
            "{n} failed: {ids}.", "{n} failed: {ids}.", len(failed), ids=", ".join(failed)
        )
    blocked = [c["id"] for c in checks if c["status"] == "blocked"]
    blocked += [
        s["id"] for s in steps if s["status"] == "blocked" and s["verdict_source"] == "manual"
    ]
    if blocked:
        return VERDICT_BLOCKED, tn(
            "nothing failed, but {n} blocked: {ids}.",
            "nothing failed, but {n} blocked: {ids}.",
            len(blocked),
            ids=", ".join(blocked),
        )
    if run.incomplete or not run.finished_at:
        return VERDICT_INCOMPLETE, t("the run was not finished.")
    open_items = check_status.count("not-run") + step_status.count("not-run")
    if open_items:
        return VERDICT_INCOMPLETE, tn(
            "nothing failed, but {n} check or step was not run.",
            "nothing failed, but {n} checks or steps were not run.",
            open_items,
        )
    skipped = step_status.count("skipped")
    if skipped:
        return VERDICT_PASSED, tn(
            "every check passed; {n} step skipped.",
            "every check passed; {n} steps skipped.",
            skipped,
        )
    return VERDICT_PASSED, t("every check passed.")


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
                    "summary": t(
                        "the tester failed step {step}: {title}",
                        step=s["number"] or s["id"],
                        title=s["title"],
                    ),
                    "expected": join("; ", s["expected"]),
                    "actual": s["actual"] or s["note"],
                    "diagnosis": None,
                    "evidence": [],
                }
            )
    return out


def redaction_statement() -> dict[str, Any]:
    return {
        "marker": REDACTED,
        "kinds": [t(kind) for kind in REDACTION_KINDS],
        "how": t(
            "Values are replaced by {marker} when an exchange is recorded, so no secret is "
            "held in the run; every value in this report (evidence, summaries, the tester's "
            "notes) went through the same redactor once more before any file was written, "
            "while amogui's own sentences and the checklist's placeholders are kept as written. "
            "Redacted values cannot be recovered from the bundle.",
            marker=REDACTED,
        ),
    }


# -- the report ----------------------------------------------------------------------------
def tester_entry(run: Run, tester: Identity | None) -> dict[str, str]:
    """Who ran the checks: the identity given for this report, else the run's record."""
    name = tester.name if tester and tester.name else run.tester.name
    email = tester.email if tester and tester.email else run.tester.email
    return {"name": scrub(name), "email": scrub(email), "role": scrub(run.tester.role)}


def build_report(
    run: Run,
    checklist: Checklist,
    *,
    profile_name: str | None = None,
    base_url: str | None = None,
    environment: dict[str, str] | None = None,
    signer: Mapping[str, Any] | None = None,
    generated_at: str | None = None,
    attached: Collection[str] | Mapping[str, bytes] | None = None,
    tester: Identity | None = None,
    language: str = "en",
) -> Report:
    """The report as a JSON-ready dict; ``signer`` holds {fingerprint, identity, namespace,
    one_off, one_off_reason}.

    ``attached``: the attachments the bundle carries (file name -> bytes, as the export
    read them; or only the names); None looks at the kept copies. ``tester`` names who
    ran the checks (else the run's record). ``language``: "uk" or "en"; every sentence
    of amogui's is rendered in it, the checklist's text stays as written."""
    lang = language_of(language)
    generated = generated_at or now_iso()
    checks = all_checks(run, checklist)
    steps = all_steps(run, checklist, checks)
    overall, reason = verdict(run, steps, checks)
    env = scrub({**collect_environment(), **run.environment, **(environment or {})})
    stamp = "".join(ch for ch in generated[:19] if ch.isdigit())
    report: Report = {
        "schema": REPORT_SCHEMA,
        "report_id": f"AMOGUI-{run.run_id}-{stamp}",
        "generated_at": generated,
        "language": lang,
        "title": t("AMO CRM integration test report"),
        "checklist": {
            "name": scrub(checklist.title or run.checklist_name),
            "sha256": checklist.sha256 or run.checklist_sha256,
            "source": scrub(checklist.source or run.checklist_source),
            "repair": scrub(checklist.repair),
            "warnings": scrub(list(checklist.warnings)),
            "footer": scrub(list(checklist.footer)),
        },
        "profile": {
            "name": scrub(profile_name or run.profile),
            "base_url": scrub(base_url or run.base_url),
        },
        "environment": env,
        "tester": tester_entry(run, tester),
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
        "exchanges": [scrub(x.to_dict()) for x in run.exchanges],
        "timeline": [
            {"at": e.at, "kind": e.kind, "detail": scrub(e.detail), "via": e.via}
            for e in run.timeline
        ],
        "attachments": [attachment_entry(a, attached) for a in run.attachments],
        "signing": dict(signer or {}),
        "redaction": redaction_statement(),
    }
    result: Report = rendered(report, catalogue(lang))
    return result


def iter_checks(report: Report) -> list[dict[str, Any]]:
    """Every check entry of a report, in step order."""
    return [c for step in report["steps"] for c in step["checks"]]


IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(data: bytes | None) -> str | None:
    """The media type of a PNG, JPEG or GIF, known by its first bytes (never by its name:
    an SVG or HTML file named .png is not shown as an image)."""
    if not data:
        return None
    return next((kind for magic, kind in IMAGE_TYPES if data.startswith(magic)), None)


def attachment_entry(
    entry: dict[str, str], attached: Collection[str] | Mapping[str, bytes] | None
) -> dict[str, Any]:
    """An attachment as the report lists it; `file` is None when the kept copy is gone or
    changed since it was attached (then it is not in the bundle either). `image` is its
    media type when it is a picture the report shows."""
    name = attachment_file(entry)
    data: bytes | None
    if attached is None:
        data = read_attachment(entry)
    elif isinstance(attached, Mapping):
        data = attached.get(name)
    else:
        data = b"" if name in attached else None
    return {
        "name": scrub(str(entry.get("name", ""))),
        "step": str(entry.get("step", "")) or None,
        "original": scrub(str(entry.get("original", ""))) or None,
        "sha256": str(entry.get("sha256", "")),
        "file": name if data is not None else None,
        "size": len(data) if data else None,
        "image": image_type(data),
    }
