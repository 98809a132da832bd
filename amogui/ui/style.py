"""The light stylesheet, for callers that want a fixed one; the window uses
`amogui.ui.appearance`, which follows the system's light or dark scheme."""

from __future__ import annotations

from amogui.ui.appearance import stylesheet

STYLESHEET = stylesheet(False)
