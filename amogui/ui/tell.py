"""The narrow way a collaborator of the window tells the tester something."""

from __future__ import annotations

from collections.abc import Callable

#: What is told: a finished sentence, a function that words it (called again when the
#: language changes, so a banner already on screen re-labels itself), or a core sentence
#: (`amogui.base.i18n.Text`, rendered in the current language).
Message = object

#: (message, level): "status" is a passing line in the status bar, "busy" one that stays
#: until the next; "info", "warning" and "error" go to the message bar.
Tell = Callable[[Message, str], None]


def shown(message: Message) -> str:
    """A message as text in the current language."""
    if isinstance(message, str):
        return message
    if callable(message):
        return str(message())
    from amogui.base.i18n import render  # only for a core Text (not at the first paint)

    return render(message)


def reason(exc: BaseException) -> str:
    """Why something failed, in the current language: an error whose first argument is a
    core `Text` (the settings', the signing keys', the export's) is rendered; any other
    error is its own words."""
    first = exc.args[0] if exc.args else None
    if first is not None and not isinstance(first, str) and hasattr(first, "render"):
        return shown(first)
    return str(exc)
