"""Deep links from outside reach the session only when they answer one of its flows."""

from __future__ import annotations

from amogui.service.events import DeepLinkForeign, DeepLinkReceived, DeepLinkRejected
from amogui.service.service import Service
from tests.service.conftest import Heard

PREFIX = "foryoure://amo-crm/callback"


def test_a_link_for_another_run_is_left_alone_quietly(service: Service, heard: Heard) -> None:
    flow = service.flows.start(service.target.profile)
    assert service.deliver_deeplink(f"{PREFIX}?code=x&state=another-runs", "ipc") is None
    assert heard.of(DeepLinkForeign) == [DeepLinkForeign("ipc")]
    assert not heard.of(DeepLinkRejected) and service.inbox.received == []
    assert service.deliver_deeplink(f"{PREFIX}?code=ours&state={flow.state}", "ipc") is None
    assert [d.url for d in service.inbox.received] == [f"{PREFIX}?code=ours&state={flow.state}"]
    assert len(heard.of(DeepLinkReceived)) == 1


def test_the_paste_box_is_not_filtered_and_a_bad_link_is_still_refused(
    service: Service, heard: Heard
) -> None:
    # The tester pasted it: the checks judge its state (mismatch, replay) themselves.
    assert service.deliver_deeplink(f"{PREFIX}?code=x&state=whatever", "paste") is None
    assert [d.via for d in service.inbox.received] == ["paste"]
    assert service.deliver_deeplink("javascript:alert(1)", "ipc") is not None
    assert heard.of(DeepLinkRejected) and not heard.of(DeepLinkForeign)


def test_owns_follows_the_flows(service: Service) -> None:
    assert not service.owns(f"{PREFIX}?error=access_denied")  # no flow waits
    flow = service.flows.start(service.target.profile)
    assert service.owns(f"{PREFIX}?error=access_denied")  # a state-less answer to ours
    assert service.owns(f"{PREFIX}?code=1&state={flow.state}")
    assert not service.owns(f"{PREFIX}?code=1&state=not-ours")


def test_the_built_in_browser_hands_its_link_to_the_inbox(service: Service) -> None:
    from amogui.service.browser import BrowserChoice

    service.browser = BrowserChoice("auto")
    assert service.browser.builtin and not BrowserChoice("firefox").builtin
    opener = service.browser_opener()
    assert opener is not None
    launch = opener("https://www.amocrm.ru/oauth?client_id=x")  # refused: not loopback
    assert launch.wait(30) == 2 and "only visits loopback" in launch.error
