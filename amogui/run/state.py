"""Run state: verdicts, notes, check results, evidence. Qt-free, JSON round-trippable.

The run only records: what a status *means* for a step or a criterion is decided in one
place, `amogui.checks.verdicts`. Everything here is already redacted: secrets never enter a Run.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from amogui.base.i18n import Text, from_json, to_json
from amogui.run.exchange import Exchange

# A sentence a tester reads: a translatable `Text` when amogui wrote it, a plain string when
# it is data (a backend's message) or comes from a run saved before sentences were `Text`.
Prose = Text | str

SCHEMA_VERSION = 1


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"
    NOT_RUN = "not-run"

    @property
    def decided(self) -> bool:
        return self is not Status.NOT_RUN


# Problem ids of amogui's own notes (amogui.checks.diagnose.OWN_NOTES), not the checklist's.
OWN_NOTE_PREFIX = "amogui:"


@dataclass
class Diagnosis:
    """A failure matched against the checklist's own "possible problems" (or, where the
    checklist has none for it, amogui's own note: `is_own_note`)."""

    problem_id: str  # "problem.2", or "amogui:leads-stage-filter"
    title: str
    symptoms: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)

    @property
    def is_own_note(self) -> bool:
        return self.problem_id.startswith(OWN_NOTE_PREFIX)


# The prose fields of a CheckResult, stored as `Text` JSON ({"t": msgid, "p": params}).
PROSE_FIELDS = ("summary", "expected", "actual", "variation")


def _prose(value: Any) -> Prose:
    """A saved prose field back as a `Text` (or the plain string it was saved as)."""
    loaded = from_json(value)
    return loaded if isinstance(loaded, Text) else ("" if loaded is None else str(loaded))


@dataclass
class CheckResult:
    check_id: str
    step_id: str | None
    status: Status
    summary: Prose  # one sentence: what was met
    expected: Prose = ""
    actual: Prose = ""
    variation: Prose | None = None  # a harmless deviation of the real backend, accepted
    diagnosis: Diagnosis | None = None
    evidence: list[str] = field(default_factory=list)  # Exchange ids
    started_at: str = field(default_factory=now_iso)
    duration_ms: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "step_id": self.step_id,
            "status": self.status.value,
            "summary": to_json(self.summary),
            "expected": to_json(self.expected),
            "actual": to_json(self.actual),
            "variation": to_json(self.variation),
            "diagnosis": asdict(self.diagnosis) if self.diagnosis is not None else None,
            "evidence": list(self.evidence),
            "started_at": self.started_at,
            "duration_ms": self.duration_ms,
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        known = set(cls.__dataclass_fields__)
        clean = {k: v for k, v in data.items() if k in known}
        clean["status"] = Status(clean.get("status", "not-run"))
        diag = clean.get("diagnosis")
        clean["diagnosis"] = Diagnosis(**diag) if isinstance(diag, dict) else None
        for name in PROSE_FIELDS:
            if name in clean:
                clean[name] = _prose(clean[name])
        if clean.get("variation") == "":
            clean["variation"] = None
        clean.setdefault("summary", "")
        return cls(**clean)


@dataclass
class StepRecord:
    """What the tester said about one step."""

    step_id: str
    manual: Status | None = None  # the tester's verdict; wins over the checks
    actual: str = ""  # "actual result" field
    note: str = ""
    review: dict[str, bool] = field(default_factory=dict)  # review item id -> ticked
    updated_at: str = field(default_factory=now_iso)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["manual"] = self.manual.value if self.manual else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StepRecord:
        known = set(cls.__dataclass_fields__)
        clean = {k: v for k, v in data.items() if k in known}
        manual = clean.get("manual")
        clean["manual"] = Status(manual) if manual else None
        return cls(**clean)


@dataclass
class TimelineEvent:
    """One hop of the OAuth flow: browser opened, callback answered, deep link received..."""

    at: str
    kind: str  # "authorize-url", "browser-opened", "callback", "deeplink", "exchange", ...
    detail: Prose  # redacted
    via: str | None = None  # "argv", "ipc", "file-open", "paste", "302", "js-redirect", ...

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "kind": self.kind, "detail": to_json(self.detail), "via": self.via}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimelineEvent:
        via = data.get("via")
        return cls(
            at=str(data.get("at", "")),
            kind=str(data.get("kind", "")),
            detail=_prose(data.get("detail", "")),
            via=str(via) if via is not None else None,
        )


@dataclass
class Tester:
    name: str = ""
    email: str = ""
    role: str = ""


@dataclass
class Run:
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    checklist_name: str = ""
    checklist_source: str = ""
    checklist_sha256: str = ""
    profile: str = ""
    base_url: str = ""
    tester: Tester = field(default_factory=Tester)
    started_at: str = field(default_factory=now_iso)
    finished_at: str | None = None
    incomplete: bool = False
    steps: dict[str, StepRecord] = field(default_factory=dict)
    checks: dict[str, CheckResult] = field(default_factory=dict)
    exchanges: list[Exchange] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)  # {name, sha256, path}
    environment: dict[str, str] = field(default_factory=dict)

    # -- verdicts ---------------------------------------------------------------------
    def record(self, step_id: str) -> StepRecord:
        rec = self.steps.get(step_id)
        if rec is None:
            rec = self.steps[step_id] = StepRecord(step_id)
        return rec

    def set_manual(self, step_id: str, status: Status | None) -> None:
        rec = self.record(step_id)
        rec.manual = status
        rec.updated_at = now_iso()

    def checks_for(self, step_id: str) -> list[CheckResult]:
        return [c for c in self.checks.values() if c.step_id == step_id]

    def is_manual(self, step_id: str) -> bool:
        rec = self.steps.get(step_id)
        return rec is not None and rec.manual is not None

    def add_check(self, result: CheckResult) -> None:
        self.checks[result.check_id] = result

    def exchange(self, exchange_id: str) -> Exchange | None:
        return next((x for x in self.exchanges if x.id == exchange_id), None)

    # -- (de)serialisation ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "run_id": self.run_id,
            "checklist_name": self.checklist_name,
            "checklist_source": self.checklist_source,
            "checklist_sha256": self.checklist_sha256,
            "profile": self.profile,
            "base_url": self.base_url,
            "tester": asdict(self.tester),
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "incomplete": self.incomplete,
            "steps": {k: v.to_dict() for k, v in self.steps.items()},
            "checks": {k: v.to_dict() for k, v in self.checks.items()},
            "exchanges": [x.to_dict() for x in self.exchanges],
            "timeline": [t.to_dict() for t in self.timeline],
            "attachments": list(self.attachments),
            "environment": dict(self.environment),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Run:
        return cls(
            run_id=str(data.get("run_id") or uuid.uuid4().hex[:12]),
            checklist_name=str(data.get("checklist_name", "")),
            checklist_source=str(data.get("checklist_source", "")),
            checklist_sha256=str(data.get("checklist_sha256", "")),
            profile=str(data.get("profile", "")),
            base_url=str(data.get("base_url", "")),
            tester=Tester(**data.get("tester", {})),
            started_at=str(data.get("started_at") or now_iso()),
            finished_at=data.get("finished_at"),
            incomplete=bool(data.get("incomplete", False)),
            steps={k: StepRecord.from_dict(v) for k, v in data.get("steps", {}).items()},
            checks={k: CheckResult.from_dict(v) for k, v in data.get("checks", {}).items()},
            exchanges=[Exchange.from_dict(x) for x in data.get("exchanges", [])],
            timeline=[TimelineEvent.from_dict(t) for t in data.get("timeline", [])],
            attachments=list(data.get("attachments", [])),
            environment=dict(data.get("environment", {})),
        )
