"""Link a failed check to the checklist's own "possible problems" (``Проблема N``).

The symptoms and solutions shown are read from the loaded checklist, never hard-coded.
A defect is matched first by the problem numbers of the spec (the bundled checklist's
numbering) and confirmed by keywords against the problem's title and symptoms; when an
edited checklist renumbers or rewords its problems, the keywords alone still find it.

Some defects the real backend had are in no checklist (a stage filter ignored, a status
without its account, 500s and HTML where JSON belongs). For those amogui gives a note of
its own (`OWN_NOTES`), whose problem id starts with ``amogui:`` so that nobody takes it
for the checklist's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from amogui.checklist.model import Checklist, Problem
from amogui.run.state import OWN_NOTE_PREFIX, Diagnosis


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


@dataclass(frozen=True, slots=True)
class OwnNote:
    title: str
    symptoms: tuple[str, ...]
    solutions: tuple[str, ...]


# Shown in the window through amogui.ui.core_text (translated there, by this English text).
OWN_NOTES: dict[str, OwnNote] = {
    "leads-stage-filter": OwnNote(
        "The leads list does not apply the stage filter",
        (
            "A stage filter returns leads of other stages.",
            "The stage totals do not add up to the number of leads.",
        ),
        (
            "Check that GET /api/v1/leads passes stageId and status on to its query.",
            "Compare with amoCRM's own filter by status for the same stage.",
        ),
    ),
    "leads-paging": OwnNote(
        "The leads list is not paged consistently",
        ("Leads are missing from the pages or appear on more than one.",),
        ("Check the page and limit handling of GET /api/v1/leads and the total it reports.",),
    ),
    "status-incomplete": OwnNote(
        "Status says connected but leaves out the account",
        ("connected is true while domain or accountId is missing.",),
        ("Return the domain and accountId saved with the user's tokens from the status route.",),
    ),
    "server-error": OwnNote(
        "The backend fails with a server error",
        ("The route answers 5xx instead of its JSON.",),
        ("Read the backend's log for the request at that time; the evidence has its id.",),
    ),
    "not-json": OwnNote(
        "The backend answers something other than JSON",
        ("An HTML page, plain text or cut-off JSON where the route promises JSON.",),
        (
            "Make the route's error handler answer JSON (message, statusCode) for API routes.",
            "Check that nothing in front of the backend (proxy, size limit) cuts the body.",
        ),
    ),
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
    """The checklist's entry for a defect, as a `Diagnosis`; amogui's own note when the
    checklist has none for it; None when neither knows the defect."""
    if defect_name is None:
        return None
    problem = find_problem(checklist, defect_name)
    if problem is None:
        return _own(defect_name)
    return Diagnosis(
        problem_id=problem.id,
        title=problem.title,
        symptoms=list(problem.symptoms),
        solutions=list(problem.solutions),
    )


def _own(defect_name: str) -> Diagnosis | None:
    note = OWN_NOTES.get(defect_name)
    if note is None:
        return None
    return Diagnosis(
        problem_id=OWN_NOTE_PREFIX + defect_name,
        title=note.title,
        symptoms=list(note.symptoms),
        solutions=list(note.solutions),
    )
