"""Verdicts as people read them, in the UI language: one place for every widget.

``status_name(Status.FAILED)`` is the state ("Failed" / "Не пройдено"), ``verdict_verb`` the
button that sets it ("Fail" / "Не пройдено" as well: in Ukrainian the checklist's own words
serve both). The strings sit in one context ("Status") so every widget shares one translation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from amogui.run.state import Status


def status_name(status: Status) -> str:
    """The state of a step or check: "Passed", "Not run" ..."""
    names = {
        Status.PASSED: QCoreApplication.translate("Status", "Passed"),
        Status.FAILED: QCoreApplication.translate("Status", "Failed"),
        Status.BLOCKED: QCoreApplication.translate("Status", "Blocked"),
        Status.SKIPPED: QCoreApplication.translate("Status", "Skipped"),
        Status.NOT_RUN: QCoreApplication.translate("Status", "Not run"),
    }
    return names[status]


def decision_name(status: Status) -> str:
    """The state of a step or a criterion: as `status_name`, but an open one is "Not
    decided" (a step is decided, a check is run)."""
    if status is Status.NOT_RUN:
        return QCoreApplication.translate("Status", "Not decided")
    return status_name(status)


def verdict_verb(status: Status) -> str:
    """The word on the button or menu item that gives a step this verdict."""
    verbs = {
        Status.PASSED: QCoreApplication.translate("Status", "Pass"),
        Status.FAILED: QCoreApplication.translate("Status", "Fail"),
        Status.BLOCKED: QCoreApplication.translate("Status", "Blocked"),
        Status.SKIPPED: QCoreApplication.translate("Status", "Skip"),
        Status.NOT_RUN: QCoreApplication.translate("Status", "Clear verdict"),
    }
    return verbs[status]


def status_from_text(value: object) -> Status | None:
    """A Status from untrusted data ("failed"), or None."""
    try:
        return Status(str(value))
    except ValueError:
        return None
