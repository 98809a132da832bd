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
  ("no errors in the console") stays open until the tester decides it. Which checks: a
  table for the bundled checklist; for any other, the checklist's own words (the scenario
  or problem whose title shares the criterion's rarest words); last, a few generic
  keywords. Review steps the criterion also rests on (e.g. "token storage" for "tokens are
  kept per user") can only pull it down: a failed review fails it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from amogui.base.i18n import Text, t
from amogui.checklist.model import Checklist, Criterion, Step, StepKind
from amogui.checks.registry import BY_ID, CHECKS, checks_for_problem, checks_for_step
from amogui.run.state import Run, Status

MANUAL, AUTOMATIC, NONE = "manual", "automatic", "none"


@dataclass(frozen=True)
class Verdict:
    status: Status
    source: str  # MANUAL, AUTOMATIC or NONE (nothing decided it yet)
    automatic: Status  # what the checks alone say
    basis: tuple[str, ...] = ()  # the check ids it rests on
    rule: Text | str = ""  # the rule in words (criteria)
    steps: tuple[str, ...] = ()  # review steps a criterion also rests on (only a failure counts)

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


@dataclass(frozen=True)
class Basis:
    checks: tuple[str, ...]  # the checks that prove it
    steps: tuple[str, ...] = ()  # review steps whose failure fails it
    rule: Text | str = ""


# The bundled checklist's criteria, by their text (see `_normal`).
BUNDLED_CRITERIA: dict[str, Basis] = {
    "oauth flow працює від початку до кінця": Basis(
        ("oauth.authorize-url", "oauth.callback", "oauth.deeplink", "exchange.code"),
        ("review.perevirka-callback-endpoint", "review.perevirka-exchange-code-endpoint"),
    ),
    "токени зберігаються для конкретного користувача": Basis(
        ("exchange.code", "status.after", "isolation.user-b", "status.after-disconnect"),
        ("review.perevirka-zberezhennia-tokeniv",),
    ),
    "статус amo crm оновлюється коректно": Basis(
        ("status.before", "status.after", "status.after-disconnect")
    ),
    "відключення amo crm працює": Basis(("disconnect", "status.after-disconnect")),
    "leads завантажуються після підключення": Basis(("leads.load", "leads.filter")),
}
# For a checklist without a table and words that match nothing: first match wins.
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
# Words of a criterion no machine can judge ("no errors in the console").
NO_ERRORS_WORDS = ("помил", "error", "ошиб", "консол", "console")
# Words that say nothing about which part of the flow is meant.
STOP_WORDS = frozenset(
    {"amo", "crm", "amocrm", "працює", "успішно", "коректно", "перевірка", "тестування"}
)
STEM = 4  # letters kept of a word: Ukrainian inflects the ending ("токени", "токенів")


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def _stems(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]{3,}", text.lower())
    return {w[:STEM] for w in words if w not in STOP_WORDS}


def _candidates(checklist: Checklist) -> list[tuple[str, set[str], tuple[str, ...], str | None]]:
    """(name, stems, checks, review step) for every scenario, sub-step, review and problem."""
    out: list[tuple[str, set[str], tuple[str, ...], str | None]] = []
    for step in checklist.steps():
        if step.kind is StepKind.REVIEW:
            out.append((step.title, _stems(step.title), (), step.id))
            continue
        ids = tuple(c.id for sub in step.walk() for c in checks_for_step(sub.id))
        if ids:
            out.append((step.title, _stems(_title_words(step)), ids, None))
    for problem in checklist.problems:
        ids = tuple(c.id for c in checks_for_problem(problem.number))
        if ids:
            out.append((problem.title, _stems(problem.title), ids, None))
    return out


def _title_words(step: Step) -> str:
    # A scenario's title says what it is about; "(до підключення)" only when.
    return re.sub(r"\([^)]*\)", " ", step.title)


def words_basis(text: str, checklist: Checklist) -> Basis | None:
    """The checks (and review steps) whose titles share the criterion's rarest words."""
    wanted = _stems(text)
    found = _candidates(checklist)
    if not wanted or not found:
        return None
    seen = [stems for _, stems, _, _ in found]
    weight = {w: math.log((1 + len(seen)) / (1 + sum(w in s for s in seen))) for w in wanted}
    scores = [sum(weight[w] for w in wanted & stems) for _, stems, _, _ in found]
    best = max(scores)
    if best <= 0:
        return None
    checks: list[str] = []
    steps: list[str] = []
    names: list[str] = []
    for (name, stems, ids, review), score in zip(found, scores, strict=True):
        if review is not None and len(wanted & stems) >= 2:
            steps.append(review)  # a review that speaks of the same things backs it up
        elif ids and score == best:
            checks.extend(i for i in ids if i not in checks)
            names.append(name)
    if not checks:
        return None
    ordered = tuple(c.id for c in CHECKS if c.id in checks)
    rule = t(
        "read from the checklist's words ({names}): {checks}",
        names="; ".join(names),
        checks=", ".join(ordered),
    )
    return Basis(ordered, tuple(steps), rule)


def criterion_basis(text: str, checklist: Checklist | None = None) -> Basis:
    """What a criterion rests on, and the rule in words; no checks when only the tester
    can judge it."""
    low = text.lower()
    if any(w in low for w in NO_ERRORS_WORDS):
        return Basis((), (), t("no machine can judge this; it needs the tester's verdict"))
    table = BUNDLED_CRITERIA.get(_normal(text))
    if table is not None:
        return Basis(
            table.checks, table.steps, t("derived from {checks}", checks=", ".join(table.checks))
        )
    if checklist is not None:
        derived = words_basis(text, checklist)
        if derived is not None:
            return derived
    for words, ids in CRITERIA_RULES:
        if any(w in low for w in words):
            return Basis(ids, (), t("derived from {checks}", checks=", ".join(ids)))
    return Basis((), (), t("no check maps to this criterion; it needs the tester's verdict"))


def _as_evidence(run: Run, check_id: str) -> Status:
    """A check's status for a criterion: the tester's verdict on its step, if any."""
    spec = BY_ID.get(check_id)
    rec = run.steps.get(spec.step_id) if spec is not None else None
    if rec is not None and rec.manual is not None:
        return rec.manual
    return _status_of(run, check_id)


def _review_failures(run: Run, step_ids: Iterable[str]) -> list[Status]:
    """The failed or blocked verdicts the tester gave the review steps (nothing else counts:
    an unreviewed step neither holds a criterion open nor passes it)."""
    out: list[Status] = []
    for step_id in step_ids:
        rec = run.steps.get(step_id)
        if rec is not None and rec.manual in (Status.FAILED, Status.BLOCKED):
            out.append(rec.manual)
    return out


def criterion_verdict(
    run: Run, criterion: Criterion, checklist: Checklist | None = None
) -> Verdict:
    basis = criterion_basis(criterion.text, checklist)
    statuses = [_as_evidence(run, cid) for cid in basis.checks]
    if statuses:
        statuses += _review_failures(run, basis.steps)
    automatic = combine(statuses)
    verdict = _with_manual(run, criterion.id, automatic, basis.checks)
    return Verdict(verdict.status, verdict.source, automatic, basis.checks, basis.rule, basis.steps)


def criteria_verdicts(checklist: Checklist, run: Run) -> dict[str, Verdict]:
    return {c.id: criterion_verdict(run, c, checklist) for c in checklist.criteria}
