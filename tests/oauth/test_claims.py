"""Whose deep link is it: a flow's state, or no state while a flow waits."""

from __future__ import annotations

from amogui.oauth.authorize import FlowRegistry
from amogui.oauth.claims import FlowClaims, link_state, owns
from amogui.settings.profiles import Profile

PREFIX = "foryoure://amo-crm/callback"


def registry_with_flow() -> tuple[FlowRegistry, str]:
    registry = FlowRegistry()
    flow = registry.start(Profile(name="t", base_url="http://127.0.0.1:1"))
    return registry, flow.state


def test_link_state_decodes_like_the_deep_link_parser() -> None:
    assert link_state(f"{PREFIX}?code=1&state=a%2Bb") == "a+b"
    assert link_state(f"{PREFIX}?code=1&state=a+b") == "a+b"  # a plus stays a plus
    assert link_state(f"{PREFIX}?state=x&state=y") is None
    assert link_state(f"{PREFIX}?error=Failed%20to%20exchange") is None
    assert link_state(f"{PREFIX}?state=") is None
    assert link_state(PREFIX) is None


def test_flow_claims() -> None:
    registry, state = registry_with_flow()
    assert owns(registry, f"{PREFIX}?code=1&state={state}")
    assert not owns(registry, f"{PREFIX}?code=1&state=someone-elses")
    # amoCRM's and the backend's error links carry no state: ours while a flow waits
    assert owns(registry, f"{PREFIX}?error=Failed%20to%20exchange%20authorization%20code")
    assert registry.consume(state).value == "ok"
    assert owns(registry, f"{PREFIX}?code=1&state={state}")  # a replay: ours to judge
    assert not owns(registry, f"{PREFIX}?error=access_denied")  # nothing waits now
    assert not FlowClaims(lambda: None)(f"{PREFIX}?code=1&state={state}")
    assert not owns(registry, f"{PREFIX}?state=%ff%fe")  # undecodable: no flow of ours
