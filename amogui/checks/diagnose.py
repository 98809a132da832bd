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

from amogui.base.i18n import N_
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
    # The callback exchanges the code itself and keeps the tokens without a user (callback
    # versions 3-5): the user who connected is not connected; that is problem 2's cause.
    "callback-exchanges": Defect((2,), ("глобальн", "не для користувача", "userid")),
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
        N_("The leads list does not apply the stage filter"),
        (
            N_("A stage filter returns leads of other stages."),
            N_("The stage totals do not add up to the number of leads."),
        ),
        (
            N_("Check that GET /api/v1/leads passes stageId and status on to its query."),
            N_("Compare with amoCRM's own filter by status for the same stage."),
        ),
    ),
    "leads-paging": OwnNote(
        N_("The leads list is not paged consistently"),
        (N_("Leads are missing from the pages or appear on more than one."),),
        (N_("Check the page and limit handling of GET /api/v1/leads and the total it reports."),),
    ),
    "status-incomplete": OwnNote(
        N_("Status says connected but leaves out the account"),
        (N_("connected is true while domain or accountId is missing."),),
        (
            N_(
                "Return the domain and accountId saved with the user's tokens from the status "
                "route."
            ),
        ),
    ),
    "server-error": OwnNote(
        N_("The backend fails with a server error"),
        (N_("The route answers 5xx instead of its JSON."),),
        (N_("Read the backend's log for the request at that time; the evidence has its id."),),
    ),
    "not-json": OwnNote(
        N_("The backend answers something other than JSON"),
        (N_("An HTML page, plain text or cut-off JSON where the route promises JSON."),),
        (
            N_("Make the route's error handler answer JSON (message, statusCode) for API routes."),
            N_("Check that nothing in front of the backend (proxy, size limit) cuts the body."),
        ),
    ),
    "status-not-connected": OwnNote(
        N_("Status says not connected after a successful exchange"),
        (N_("exchange-code answers success, yet the user's status stays not connected."),),
        (
            N_(
                "Check that status reads the tokens exchange-code saved for the same user "
                "(user.id from the JWT)."
            ),
        ),
    ),
    "disconnect-keeps-tokens": OwnNote(
        N_("Disconnect answers success but the user stays connected"),
        (N_("After disconnect, status still says connected for the same user."),),
        (
            N_(
                "Check that disconnect deletes the user's rows of amo_crm_tokens (and that "
                "status does not fall back to another row)."
            ),
        ),
    ),
    "pipelines-admin-only": OwnNote(
        N_("The pipelines route is closed to the app's users"),
        (
            N_(
                "GET /api/amo-crm/pipelines answers 403 'Admin access required' to a broker, "
                "so the app cannot show its stage filter."
            ),
        ),
        (
            N_(
                "Let every authenticated user read the pipelines of their own connection, "
                "as the app does."
            ),
        ),
    ),
    "pipelines-format": OwnNote(
        N_("The pipelines answer is amoCRM's own format, not the app's"),
        (
            N_(
                "The stages are under _embedded.statuses, where the app reads a stages list, "
                "so its stage filter stays empty."
            ),
        ),
        (
            N_(
                "Map amoCRM's pipelines to id, name, isMain and a stages list (id, pipelineId, "
                "name, sort, color, type) in the pipelines route."
            ),
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
