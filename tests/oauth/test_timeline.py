from __future__ import annotations

from amogui.base.redact import REDACTOR
from amogui.oauth import timeline
from amogui.oauth.extract import Found


def test_events_are_redacted() -> None:
    REDACTOR.add_secret("amocode123")
    link = "foryoure://amo-crm/callback?code=amocode123&state=s1"
    events = [
        timeline.authorize_url_built("https://www.amocrm.ru/oauth?client_id=c&state=s1&mode=popup"),
        timeline.browser_opened("https://www.amocrm.ru/oauth?state=s1", "system"),
        timeline.callback_answered(302, Found(link, "302 Location")),
        timeline.deeplink_received(link, timeline.VIA_IPC),
        timeline.deeplink_rejected(
            link, timeline.VIA_PASTE, "The deep link repeats the parameter 'code'."
        ),
        timeline.exchange_made(200, "AMO CRM successfully connected"),
    ]
    assert [e.kind for e in events] == [
        "authorize-url",
        "browser-opened",
        "callback",
        "deeplink",
        "deeplink-rejected",
        "exchange",
    ]
    assert events[2].via == "302" and events[3].via == "ipc"
    for event in events:
        assert "amocode123" not in str(event.detail)
        assert event.at.endswith("+00:00")


def test_callback_without_answer_or_link() -> None:
    assert "no answer" in str(timeline.callback_answered(None, None).detail)
    event = timeline.callback_answered(404, None)
    assert "404" in str(event.detail) and event.via is None
    assert (
        timeline.callback_answered(200, Found("foryoure://x", "JS redirect")).via == "js-redirect"
    )


def test_authorize_problems_listed() -> None:
    event = timeline.authorize_url_built("https://x/oauth", ["The authorize URL has no state."])
    assert "no state" in str(event.detail)
    assert timeline.state_checked("reused", "used").via == "reused"
    assert "timed out" in str(timeline.browser_failed("https://x", "it timed out").detail)


def test_details_are_translatable_text() -> None:
    from amogui.base.i18n import Text

    event = timeline.state_mismatch("foryoure://amo-crm/callback?code=c&state=x", "paste", "no")
    assert isinstance(event.detail, Text) and event.kind == "state-mismatch"
    assert str(event.detail).startswith("State mismatch:")
    assert event.detail.msgid.startswith("State mismatch: the deep link {url}")
    assert "code=c&" not in str(event.detail)  # the URL is redacted before it is a parameter
    assert "exited with code 3" in str(timeline.browser_exited(3).detail)
