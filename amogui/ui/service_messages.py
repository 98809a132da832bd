"""What the window tells the tester when the service reports something: the sentence (worded
again when the language changes) and where it goes ("status", "busy", "error", ...; see
`amogui.ui.tell`). The window redraws for the other events itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from amogui.ui.tell import Message

Said = list[tuple[Message, str]]


def _rendered(text: object) -> str:
    from amogui.base.i18n import render

    return render(text)


def messages_for(event: object) -> Said:
    """The messages an event of the service gives the tester; none for most events."""
    from amogui.service import events
    from amogui.ui.checks_controller import via_text

    match event:
        case events.DeepLinkReceived(via=via):
            return [
                (
                    lambda: QCoreApplication.translate(
                        "MainWindow", "Deep link received ({via})."
                    ).format(via=via_text(via)),
                    "busy",
                )
            ]
        case events.DeepLinkRejected(via=via, reason=reason) if via != "paste":
            # A pasted link is answered in the Connect dialog, next to the paste box.
            return [
                (
                    lambda: QCoreApplication.translate(
                        "MainWindow", "A deep link ({via}) was refused: {reason}"
                    ).format(via=via_text(via), reason=_rendered(reason)),
                    "error",
                )
            ]
        case events.DeepLinkForeign(via=via):
            # Another amogui run's link: left alone, no request, no alarm.
            return [
                (
                    lambda: QCoreApplication.translate(
                        "MainWindow",
                        "A deep link for another amogui run arrived ({via}); this window "
                        "leaves it alone.",
                    ).format(via=via_text(via)),
                    "status",
                )
            ]
        case events.SandboxState():
            return _sandbox(event)
        case events.LoginFailed(user=user, why=why):
            return [
                (
                    lambda: QCoreApplication.translate(
                        "Session", "Demo user {user} could not log in: {why}"
                    ).format(user=user, why=_rendered(why)),
                    "error",
                )
            ]
        case events.SaveFailed(error=error):
            return [
                (
                    lambda: QCoreApplication.translate(
                        "Autosaver", "Could not save the run: {err}."
                    ).format(err=_rendered(error)),
                    "error",
                )
            ]
        case events.Problem(text=text, level=level):
            return [(text, level)]  # a core Text: rendered, and again on a switch
        case events.Notice(text=text):
            return [(text, "status")]
    return []


def _sandbox(event: Any) -> Said:
    if event.state == "starting":
        return [(lambda: QCoreApplication.translate("Session", "Sandbox starting..."), "busy")]
    if event.state == "running":
        return [
            (
                lambda: QCoreApplication.translate("Session", "Sandbox running at {url}").format(
                    url=event.url
                ),
                "busy",
            )
        ]
    return [
        (lambda: QCoreApplication.translate("Session", "Sandbox failed to start"), "busy"),
        (
            lambda: QCoreApplication.translate(
                "Session", "The sandbox did not start: {err}"
            ).format(err=_rendered(event.error)),
            "error",
        ),
    ]
