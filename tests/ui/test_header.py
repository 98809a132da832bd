"""The window's header: title, progress, and the target with the sandbox's faults."""

from __future__ import annotations

from typing import Any

from amogui.settings.profiles import Profile
from amogui.ui.header import Header


def test_the_header_names_a_profile_or_the_sandbox_and_its_faults(qtbot: Any) -> None:
    header = Header()
    qtbot.addWidget(header.widget)
    header.show_title("")
    assert header.title_label.text() == "Checklist"
    header.show_target(Profile("Staging", base_url="https://staging.example.com"), [])
    assert header.target_label.text() == "Profile: Staging\nTarget: https://staging.example.com"
    assert header.target_label.toolTip() == ""
    sandbox = Profile("Local sandbox", base_url="", sandbox=True)
    header.show_target(sandbox, ["jwt-403", "slow"])
    assert header.target_label.text() == "Sandbox · faults: jwt-403, slow\nTarget: no target yet"
    tip = header.target_label.toolTip()
    assert tip.startswith("jwt-403: ") and "\n\nslow: " in tip


def test_the_header_is_painted_with_the_style_sheets_dark_background(qtbot: Any) -> None:
    """A QWidget subclass would ignore the style sheet's background (light text on the
    window's light background): the header is grabbed and its corner pixel read."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from amogui.ui.appearance import colours, stylesheet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.styleSheet()
    app.setStyleSheet(stylesheet(dark=False))
    try:
        header = Header()
        qtbot.addWidget(header.widget)
        header.show_title("Чеклист")
        header.widget.resize(400, 60)
        header.widget.show()
        qtbot.waitExposed(header.widget)
        corner = header.widget.grab().toImage().pixelColor(2, 2)
        assert corner == QColor(colours(dark=False)["header"])
    finally:
        app.setStyleSheet(old)
