"""The narrow way a collaborator of the window tells the tester something."""

from __future__ import annotations

from collections.abc import Callable

#: (text, level): "status" is a passing line in the status bar, "busy" one that stays until
#: the next; "info", "warning" and "error" go to the message bar.
Tell = Callable[[str, str], None]
