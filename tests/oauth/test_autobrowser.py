from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest

from amogui.base.net import is_loopback_url
from amogui.oauth.authorize import FlowRegistry, build_authorize_url
from amogui.oauth.autobrowser import FormParser, follow, hand_on_argv, main, submit
from amogui.oauth.deeplink import DeepLink, parse_deeplink
from amogui.sandbox import Sandbox, SandboxConfig, profile_for

PAGE = """
<form method="post" action="/oauth">
  <input type="hidden" name="client_id" value="c&amp;1">
  <input type="text" name="note">
  <input type="checkbox" name="remember" checked>
  <input type="checkbox" name="spam">
  <select name="account"><option value="1">A</option><option value="2" selected>B</option></select>
  <select name="lang"><option>uk</option><option>en</option></select>
  <button type="submit" id="allow" name="decision" value="allow">Allow</button>
  <button type="submit" id="deny" name="decision" value="deny" formaction="/no">Deny</button>
</form>
"""


def test_form_parser_reads_fields_like_a_browser() -> None:
    parser = FormParser()
    parser.feed(PAGE)
    (form,) = parser.forms
    assert form.fields == [
        ("client_id", "c&1"),
        ("note", ""),
        ("remember", "on"),
        ("account", "2"),
        ("lang", "uk"),
    ]
    allow = next(b for b in form.buttons if b.id == "allow")
    method, url, body = submit(form, allow, "http://127.0.0.1:9/oauth?x=1")
    assert (method, url) == ("POST", "http://127.0.0.1:9/oauth")
    assert parse_qs(body or "")["decision"] == ["allow"]
    deny = next(b for b in form.buttons if b.id == "deny")
    assert submit(form, deny, "http://127.0.0.1:9/oauth")[1] == "http://127.0.0.1:9/no"


def test_loopback_only() -> None:
    assert is_loopback_url("http://127.0.0.1:5/x") and is_loopback_url("http://localhost/")
    assert is_loopback_url("http://[::1]:8/")
    assert not is_loopback_url("https://www.amocrm.ru/oauth")
    assert not is_loopback_url("file:///etc/passwd")
    assert main(["https://www.amocrm.ru/oauth?client_id=x"]) == 2


def test_hand_on_command(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "foryoure://amo-crm/callback?code=1"
    assert hand_on_argv(url)[-2:] == ["--", url]
    monkeypatch.setenv("AMOGUI_AUTOBROWSER_OPEN", "xdg-open")
    assert hand_on_argv(url) == ["xdg-open", url]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig()) as sb:
        yield sb


@pytest.mark.parametrize(
    ("faults", "how", "kind"),
    [
        ((), "302 Location", "code"),
        (("callback-js",), "JS redirect", "code"),
        (("callback-button",), "button", "code"),
        (("callback-success-flag",), "button", "success"),
    ],
)
def test_follows_every_callback_style(
    sandbox: Sandbox, faults: tuple[str, ...], how: str, kind: str
) -> None:
    sandbox.set_faults(faults)
    profile = profile_for(sandbox)
    registry = FlowRegistry()
    flow = registry.start(profile)
    found = follow(flow.url, profile.deeplink_prefix)
    assert found.how == how
    link = parse_deeplink(found.url, profile)
    assert isinstance(link, DeepLink) and link.kind == kind
    assert registry.consume(link.state).value == "ok"


def test_deny_gives_an_error_link(sandbox: Sandbox) -> None:
    sandbox.set_faults(())
    profile = profile_for(sandbox)
    found = follow(build_authorize_url(profile).url, profile.deeplink_prefix, action="deny")
    # The backend answers any callback without a code with its missing_code error deep
    # link, which carries no state.
    link = parse_deeplink(found.url, profile, require_state=False)
    assert isinstance(link, DeepLink) and link.error == "missing_code"


def test_dropped_state_and_404_are_reported(sandbox: Sandbox) -> None:
    profile = profile_for(sandbox)
    sandbox.set_faults(("callback-drops-state",))
    found = follow(build_authorize_url(profile).url, profile.deeplink_prefix)
    assert "no state" in str(getattr(parse_deeplink(found.url, profile), "reason", ""))
    sandbox.set_faults(("callback-404",))
    assert main([build_authorize_url(profile).url, "--prefix", profile.deeplink_prefix]) == 1
    sandbox.set_faults(())
