"""The one verdict rule: how check results, manual verdicts and criteria become statuses.

The window's tree, the step panel, report.json/html/pdf, junit.xml and `amogui run`'s
summary all ask this module; none of them derives a status of its own.

- A step's automatic status is `passed` only when every check that belongs to it ran and
  passed; `failed` when any failed; `blocked` when any is blocked and none failed;
  `skipped` when every one was skipped; otherwise it is still open (`not-run`). A skipped
  check never counts as a pass.
- A manual verdict always wins, and says so (`source == "manual"`).
- The checklist's own API tests (``api-test:...``) are evidence for the tester; they never
  decide a step by themselves.
- A success criterion rests on the checks that prove it (a check stands for its step, so
  a manual verdict on that step stands in for the check); one that no machine can judge
  ("no errors in the console") stays open until the tester decides it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from amogui.checklist.model import Checklist, Criterion
from amogui.checks.ids import BY_ID, CHECKS
from amogui.run.state import Run, Status

MANUAL, AUTOMATIC, NONE = "manual", "automatic", "none"


@dataclass(frozen=True)
class Verdict:
    status: Status
    source: str  # MANUAL, AUTOMATIC or NONE (nothing decided it yet)
    automatic: Status  # what the checks alone say
    basis: tuple[str, ...] = ()  # the check ids it rests on
    rule: str = ""  # the rule in words (criteria)

    @property
    def manual(self) -> bool:
        return self.source == MANUAL


def combine(statuses: Iterable[Status]) -> Status:
    """The automatic status of a group of check statuses (see the module's rule)."""
    found = list(statuses)
    if not found:
        return Status.NOT_RUN
    if Status.FAILED in found:
        return Status.FAILED
    if Status.BLOCKED in found:
        return Status.BLOCKED
    if all(s is Status.PASSED for s in found):
        return Status.PASSED
    if all(s is Status.SKIPPED for s in found):
        return Status.SKIPPED
    return Status.NOT_RUN


def step_check_ids(run: Run, step_id: str) -> list[str]:
    """The registered checks that belong to a step (run or not), in registry order."""
    ids = [c.id for c in CHECKS if c.step_id == step_id]
    ids += [cid for cid, r in run.checks.items() if r.step_id == step_id and cid not in ids]
    return [cid for cid in ids if cid in BY_ID or not _is_api_test(cid)]


def _is_api_test(check_id: str) -> bool:
    return check_id.startswith("api-test:")


def _status_of(run: Run, check_id: str) -> Status:
    got = run.checks.get(check_id)
    return got.status if got is not None else Status.NOT_RUN


def _with_manual(run: Run, node_id: str, automatic: Status, basis: tuple[str, ...]) -> Verdict:
    rec = run.steps.get(node_id)
    if rec is not None and rec.manual is not None:
        return Verdict(rec.manual, MANUAL, automatic, basis)
    source = AUTOMATIC if automatic.decided else NONE
    return Verdict(automatic, source, automatic, basis)


def step_verdict(run: Run, step_id: str) -> Verdict:
    ids = tuple(step_check_ids(run, step_id))
    automatic = combine(_status_of(run, cid) for cid in ids)
    return _with_manual(run, step_id, automatic, ids)


def step_status(run: Run, step_id: str) -> Status:
    return step_verdict(run, step_id).status


# -- criteria ----------------------------------------------------------------------------
# (keywords in the criterion's text, lower case) -> the checks that prove it; first match
# wins. Keywords rather than numbers, so an edited checklist still maps.
CRITERIA_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("відключ", "disconnect", "отключ"), ("disconnect", "status.after-disconnect")),
    (
        ("oauth",),
        ("oauth.authorize-url", "oauth.callback", "oauth.deeplink", "exchange.code"),
    ),
    (("токен", "token"), ("exchange.code", "status.after", "isolation.user-b")),
    (("lead", "лід"), ("leads.load", "leads.filter")),
    (("статус", "status"), ("status.before", "status.after", "status.after-disconnect")),
)
NO_ERRORS_WORDS = ("помил", "error", "ошиб")


def criterion_basis(text: str) -> tuple[tuple[str, ...], str]:
    """The checks a criterion rests on and the rule in words; () when only the tester
    can judge it."""
    low = text.lower()
    for words, ids in CRITERIA_RULES:
        if any(w in low for w in words):
            return ids, "derived from " + ", ".join(ids)
    if any(w in low for w in NO_ERRORS_WORDS):
        return (), "no machine can judge this; it needs the tester's verdict"
    return (), "no check maps to this criterion; it needs the tester's verdict"


def _as_evidence(run: Run, check_id: str) -> Status:
    """A check's status for a criterion: the tester's verdict on its step, if any."""
    spec = BY_ID.get(check_id)
    rec = run.steps.get(spec.step_id) if spec is not None else None
    if rec is not None and rec.manual is not None:
        return rec.manual
    return _status_of(run, check_id)


def criterion_verdict(run: Run, criterion: Criterion) -> Verdict:
    basis, rule = criterion_basis(criterion.text)
    automatic = combine(_as_evidence(run, cid) for cid in basis)
    verdict = _with_manual(run, criterion.id, automatic, basis)
    return Verdict(verdict.status, verdict.source, automatic, basis, rule)


def criteria_verdicts(checklist: Checklist, run: Run) -> dict[str, Verdict]:
    return {c.id: criterion_verdict(run, c) for c in checklist.criteria}
