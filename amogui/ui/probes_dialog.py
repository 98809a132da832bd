"""Probes that reach amoCRM, asked about once per real backend.

Two checks send the backend's callback a made-up code to see how it answers. Later
versions of the backend pass that code on to amoCRM's token endpoint: amoCRM refuses it
and nothing changes, but the attempt shows in the backend's and amoCRM's logs. Against
the sandbox that is harmless and always on; against a real backend the tester decides,
once, before the first run that would send such a probe, and the answer is kept in the
profile (Settings > Profiles and users changes it).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from amogui.checks.registry import CHECKS

RUN, SKIP = "run", "skip"


def tr(text: str) -> str:
    return QCoreApplication.translate("ProbesDialog", text)


def probing_checks() -> list[str]:
    """The checks whose probe can reach amoCRM through the backend."""
    return [c.id for c in CHECKS if c.probes_production]


def ask_about_probes(parent: QWidget | None, profile: str) -> QMessageBox:
    """The question, open (not modal to the application); its answer is `answer(box)`."""
    box = QMessageBox(parent)
    box.setObjectName("productionProbesQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Probes that reach amoCRM"))
    box.setText(
        tr(
            "{checks} send the backend's callback a made-up code to see how it answers. "
            "A backend of the later versions passes that code on to amoCRM's token "
            "endpoint."
        ).format(checks=", ".join(probing_checks()))
    )
    box.setInformativeText(
        tr(
            "amoCRM refuses a made-up code, so nothing changes anywhere, but the attempt "
            "shows in the backend's and amoCRM's logs. Run these probes against {profile}? "
            "The answer is kept with the profile (Settings > Profiles and users)."
        ).format(profile=profile)
    )
    run = box.addButton(tr("Run the probes"), QMessageBox.ButtonRole.AcceptRole)
    run.setObjectName("runProbes")
    skip = box.addButton(tr("Skip them"), QMessageBox.ButtonRole.DestructiveRole)
    skip.setObjectName("skipProbes")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(run)
    box.open()
    return box


def answer(box: QMessageBox) -> str | None:
    """RUN, SKIP, or None when the tester cancelled (nothing runs, and the next run asks)."""
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else ""
    return {"runProbes": RUN, "skipProbes": SKIP}.get(name)
