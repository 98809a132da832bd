"""The window's header: the checklist's title, the progress line, and the target (the
sandbox with its faults, or the profile) with what each fault does in the tooltip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from amogui.checklist.model import Checklist
    from amogui.run.state import Run
    from amogui.settings.profiles import Profile


class Header:
    """Three labels on a plain QWidget (`widget`); the window says what to show, the header
    words it. Not a QWidget subclass: a subclass would need WA_StyledBackground for the
    style sheet's dark background, and the first use of the Qt namespace costs the first
    paint ~40 ms."""

    def __init__(self) -> None:
        self.widget = QWidget()
        self.widget.setObjectName("header")
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(16, 10, 16, 10)
        left = QVBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("checklistTitle")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        left.addWidget(self.title_label)
        left.addWidget(self.progress_label)
        layout.addLayout(left, 1)
        self.target_label = QLabel()
        self.target_label.setObjectName("targetLabel")
        # Through the stylesheet property, not Qt.AlignmentFlag: the first use of the Qt
        # namespace costs ~40 ms (PySide6 builds all its enums) and the shell avoids it.
        self.target_label.setStyleSheet("qproperty-alignment: 'AlignRight | AlignVCenter';")
        layout.addWidget(self.target_label)

    def show_title(self, title: str) -> None:
        self.title_label.setText(title or QCoreApplication.translate("MainWindow", "Checklist"))

    def show_progress(self, checklist: Checklist, run: Run) -> None:
        from amogui.ui.checklist_model import progress

        self.progress_label.setText(progress(checklist, run).text())

    def show_target(self, profile: Profile, faults: list[str]) -> None:
        """The sandbox and its faults (named in the tooltip), or the profile; its URL."""
        target = profile.base_url or QCoreApplication.translate("MainWindow", "no target yet")
        if profile.sandbox:
            first = (
                QCoreApplication.translate("MainWindow", "Sandbox · faults: {names}").format(
                    names=", ".join(faults)
                )
                if faults
                else QCoreApplication.translate("MainWindow", "Sandbox · no faults")
            )
            from amogui.ui.core_text import fault_tip

            tip = "\n\n".join(fault_tip(name) for name in faults)
        else:
            name = profile.name or QCoreApplication.translate("MainWindow", "no profile")
            first = QCoreApplication.translate("MainWindow", "Profile: {profile}").format(
                profile=name
            )
            tip = ""
        self.target_label.setText(
            QCoreApplication.translate("MainWindow", "{first}\nTarget: {target}").format(
                first=first, target=target
            )
        )
        self.target_label.setToolTip(tip)
