"""Link a failed check to the checklist's own "possible problems" (``Проблема N``).

The symptoms and solutions shown are read from the loaded checklist, never hard-coded.
A defect is matched first by the problem numbers of the spec (the bundled checklist's
numbering) and confirmed by keywords against the problem's title and symptoms; when an
edited checklist renumbers or rewords its problems, the keywords alone still find it.
"""

from __future__ import annotations

from dataclasses import dataclass

from amogui.checklist.model import Checklist, Problem
from amogui.run.state import Diagnosis


@dataclass(frozen=True, slots=True)
class Defect:
    numbers: tuple[int, ...]  # "Проблема N" of the bundled checklist
    keywords: tuple[str, ...]  # lower-case fragments of its title and symptoms


DEFECTS: dict[str, Defect] = {
    # The callback does not lead the browser back to the app.
    "callback-redirect": Defect((1,), ("deep link", "перенаправ", "callback", "не отримує")),
    # Tokens saved without a user: everyone looks connected.
    "global-tokens": Defect((2,), ("глобальн", "всім користувачам", "для всіх", "userid")),
    # The callback route is missing.
    "callback-404": Defect((3,), ("404",)),
    # exchange-code refuses the app (or accepts anyone).
    "exchange-auth": Defect((4,), ("401", "exchange-code", "unauthorized")),
}


def _haystack(problem: Problem) -> str:
    return " ".join([problem.title, *problem.symptoms]).lower()


def _score(problem: Problem, defect: Defect) -> int:
    text = _haystack(problem)
    hits = sum(1 for word in defect.keywords if word in text)
    if problem.number in defect.numbers and hits:
        return 100 + hits  # the spec's number, confirmed by its text
    return hits


def find_problem(checklist: Checklist | None, defect_name: str) -> Problem | None:
    defect = DEFECTS.get(defect_name)
    if checklist is None or defect is None or not checklist.problems:
        return None
    best = max(checklist.problems, key=lambda p: _score(p, defect))
    return best if _score(best, defect) > 0 else None


def diagnose(checklist: Checklist | None, defect_name: str | None) -> Diagnosis | None:
    """The checklist's entry for a defect, as a `Diagnosis`, or None when none matches."""
    if defect_name is None:
        return None
    problem = find_problem(checklist, defect_name)
    if problem is None:
        return None
    return Diagnosis(
        problem_id=problem.id,
        title=problem.title,
        symptoms=list(problem.symptoms),
        solutions=list(problem.solutions),
    )
