"""Diagnosis: a failure links to the checklist's own "Проблема N" by its symptoms (an
edited checklist too), else to amogui's own note, marked as such."""

from __future__ import annotations

from amogui.checklist.model import Checklist, Problem
from amogui.checks.diagnose import diagnose


def test_diagnosis_follows_an_edited_checklist() -> None:
    """Renumbered and reworded problems still link by their symptoms."""
    edited = Checklist(
        title="t",
        problems=[
            Problem("problem.1", 1, "Сторінка 404 після авторизації", ["404 у браузері"], ["Роут"]),
            Problem(
                "problem.7",
                7,
                "Всі бачать підключення",
                ["токени доступні всім користувачам"],
                ["userId"],
            ),
        ],
    )
    assert diagnose(edited, "callback-404").problem_id == "problem.1"  # type: ignore[union-attr]
    found = diagnose(edited, "global-tokens")
    assert found is not None and found.problem_id == "problem.7"
    assert found.symptoms == ["токени доступні всім користувачам"] and found.solutions == ["userId"]
    assert diagnose(edited, "exchange-auth") is None
    assert diagnose(None, "callback-404") is None
    assert diagnose(edited, None) is None
    assert diagnose(edited, "no-such-defect") is None


def test_defects_no_checklist_covers_get_amogui_own_note() -> None:
    from amogui.checks.diagnose import OWN_NOTES

    for name in OWN_NOTES:
        note = diagnose(None, name)
        assert note is not None and note.is_own_note, name
        assert note.problem_id == f"amogui:{name}" and note.symptoms and note.solutions
    # A checklist problem always wins over amogui's note, and is never marked as amogui's.
    found = diagnose(
        Checklist(title="t", problems=[Problem("problem.3", 3, "404", [], [])]), "callback-404"
    )
    assert found is not None and not found.is_own_note
