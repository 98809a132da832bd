from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from amogui.oauth.authorize import (
    Consume,
    FlowRegistry,
    build_authorize_url,
    check_authorize_url,
    decode_mobile_state,
)
from amogui.settings.profiles import Profile


def prod() -> Profile:
    return Profile(name="p", base_url="https://admin.example")


def test_authorize_url_has_client_id_state_and_mode() -> None:
    flow = build_authorize_url(prod(), now=100.0, ttl=60)
    parts = urlsplit(flow.url)
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.hostname, parts.path) == ("https", "www.amocrm.ru", "/oauth")
    assert query == {
        "client_id": ["2912780f-a1e4-4d5d-a069-ee01422d8bef"],
        "state": [flow.state],
        "mode": ["popup"],
    }
    assert (flow.created_at, flow.expires_at, flow.used) == (100.0, 160.0, False)
    assert check_authorize_url(flow.url, prod()) == []


def test_states_are_random() -> None:
    states = {build_authorize_url(prod()).state for _ in range(50)}
    assert len(states) == 50
    assert all(len(s) >= 30 for s in states)


def test_mobile_state_format() -> None:
    profile = prod()
    profile.state_format = "mobile"
    flow = build_authorize_url(profile, user_id=7)
    data = json.loads(base64.b64decode(flow.state))
    assert data["userId"] == 7 and data["source"] == "mobile" and len(data["random"]) == 32
    assert decode_mobile_state(flow.state) == data
    assert check_authorize_url(flow.url, profile) == []


def test_profile_query_is_kept_but_ours_win() -> None:
    profile = prod()
    profile.authorize_url = "https://www.amocrm.ru/oauth?state=stale&lang=uk"
    flow = build_authorize_url(profile)
    query = parse_qs(urlsplit(flow.url).query)
    assert query["state"] == [flow.state] and query["lang"] == ["uk"]


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("https://www.amocrm.ru/oauth?state=s&mode=popup", "no client_id"),
        ("https://www.amocrm.ru/oauth?client_id=x&state=s&mode=popup", "not the profile's"),
        (
            "https://www.amocrm.ru/oauth?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&mode=popup",
            "no state",
        ),
        (
            "https://www.amocrm.ru/oauth?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&state=s",
            "no mode",
        ),
        (
            "https://evil.example/oauth?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&state=s&mode=popup",
            "host",
        ),
        (
            "http://www.amocrm.ru/oauth?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&state=s&mode=popup",
            "plain http",
        ),
        (
            "https://www.amocrm.ru/x?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&state=s&mode=popup",
            "path",
        ),
        (
            "https://www.amocrm.ru/oauth?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&state=s&state=t&mode=popup",
            "more than once",
        ),
        (
            "https://www.amocrm.ru/oauth?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&state=s&mode=window",
            "not popup",
        ),
        ("https://www.amocrm.ru:99999/oauth", "cannot be parsed"),
    ],
)
def test_check_finds_problems(url: str, needle: str) -> None:
    problems = check_authorize_url(url, prod())
    shown = [str(p) for p in problems]
    assert any(needle in p for p in shown), shown
    assert all(p.endswith(".") for p in shown)


def test_check_mobile_state_problems() -> None:
    profile = prod()
    profile.state_format = "mobile"
    bad = base64.b64encode(b'{"random":"x","userId":1,"source":"web"}').decode()
    base = "https://www.amocrm.ru/oauth?client_id=2912780f-a1e4-4d5d-a069-ee01422d8bef&mode=popup"
    assert any("source" in str(p) for p in check_authorize_url(f"{base}&state={bad}", profile))
    assert any("base64" in str(p) for p in check_authorize_url(f"{base}&state=%%%", profile))


def test_sandbox_http_loopback_is_fine() -> None:
    profile = Profile(
        name="s", base_url="http://127.0.0.1:5000", authorize_url="http://127.0.0.1:5001/oauth"
    )
    flow = build_authorize_url(profile)
    assert check_authorize_url(flow.url, profile) == []
    wrong_port = flow.url.replace(":5001", ":5002")
    assert any("port" in str(p) for p in check_authorize_url(wrong_port, profile))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_registry_is_single_use_and_expires() -> None:
    clock = Clock()
    registry = FlowRegistry(clock)
    flow = registry.start(prod(), ttl=10)
    other = registry.start(prod(), ttl=10)
    assert registry.pending() == [flow, other]
    assert registry.check(flow.state) is Consume.OK  # looking does not use it up
    assert registry.consume(flow.state) is Consume.OK
    assert registry.consume(flow.state) is Consume.REUSED
    assert registry.check(flow.state) is Consume.REUSED
    assert registry.check("nope") is Consume.UNKNOWN and registry.check(None) is Consume.MISSING
    assert registry.consume("nope") is Consume.UNKNOWN
    assert registry.consume(None) is Consume.MISSING
    assert registry.consume("") is Consume.MISSING
    clock.now += 11
    assert registry.check(other.state) is Consume.EXPIRED
    assert registry.consume(other.state) is Consume.EXPIRED
    assert registry.pending() == []
    for result in Consume:
        assert str(result.reason).endswith(".")


def test_registry_cancel_and_forget() -> None:
    clock = Clock()
    registry = FlowRegistry(clock)
    flow = registry.start(prod())
    registry.cancel(flow.state)
    assert registry.consume(flow.state) is Consume.UNKNOWN
    old = registry.start(prod())
    clock.now += 5
    new = registry.start(prod())
    registry.forget_before(clock.now)
    assert registry.get(old.state) is None and registry.get(new.state) is new
