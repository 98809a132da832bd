"""The window's header: title, progress, and the target with the sandbox's faults."""

from __future__ import annotations

from typing import Any

from amogui.settings.profiles import Profile
from amogui.ui.header import Header


def test_the_header_names_a_profile_or_the_sandbox_and_its_faults(qtbot: Any) -> None:
    header = Header()
    qtbot.addWidget(header)
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
