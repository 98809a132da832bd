"""What the window tells the tester for each event of the service, and where."""

from __future__ import annotations

from typing import Any

from amogui.base.i18n import t
from amogui.service.events import (
    ChecksRunning,
    DeepLinkForeign,
    DeepLinkReceived,
    DeepLinkRejected,
    LoginFailed,
    Problem,
    SandboxState,
    SaveFailed,
)
from amogui.ui.service_messages import messages_for
from amogui.ui.tell import shown


def said(event: object) -> list[tuple[str, str]]:
    return [(shown(message), level) for message, level in messages_for(event)]


def test_deep_links_are_told_with_where_they_came_from(qapp: Any) -> None:
    assert said(DeepLinkReceived("ipc", "foryoure://x")) == [
        ("Deep link received (from the operating system).", "busy")
    ]
    refused = said(DeepLinkRejected("argv", t("The deep link is empty.")))
    assert refused == [
        ("A deep link (from the operating system) was refused: The deep link is empty.", "error")
    ]
    # A pasted link is answered next to the paste box, not in the window's banner.
    assert said(DeepLinkRejected("paste", t("The deep link is empty."))) == []
    (foreign,) = said(DeepLinkForeign("ipc"))
    assert foreign[1] == "status" and "another amogui run" in foreign[0]


def test_a_sandbox_that_fails_gives_a_status_line_and_an_error(qapp: Any) -> None:
    assert said(SandboxState("running", url="http://127.0.0.1:9")) == [
        ("Sandbox running at http://127.0.0.1:9", "busy")
    ]
    failed = said(SandboxState("failed", error="port in use"))
    assert [level for _, level in failed] == ["busy", "error"]
    assert failed[1][0] == "The sandbox did not start: port in use"


def test_failures_and_problems_go_to_the_banner_at_their_level(qapp: Any) -> None:
    (login,) = said(LoginFailed("B", "wrong password"))
    assert login == ("Demo user B could not log in: wrong password", "error")
    assert said(SaveFailed("r1", "disk full")) == [("Could not save the run: disk full.", "error")]
    assert said(Problem(t("Keychain missing"), "warning")) == [("Keychain missing", "warning")]


def test_events_the_window_only_redraws_for_say_nothing(qapp: Any) -> None:
    assert said(ChecksRunning(True)) == []
