from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amogui.base.redact import REDACTOR
from amogui.oauth.deeplink import MAX_LENGTH, DeepLink, Rejection, parse_deeplink
from amogui.settings.profiles import Profile

PROFILE = Profile(name="p", base_url="https://admin.example")
BASE = "foryoure://amo-crm/callback"


def ok(url: str, **kw: bool) -> DeepLink:
    result = parse_deeplink(url, PROFILE, **kw)
    assert isinstance(result, DeepLink), result
    return result


def rejected(url: object, **kw: bool) -> str:
    result = parse_deeplink(url, PROFILE, **kw)
    assert isinstance(result, Rejection), result
    assert result.reason.endswith(".")
    assert not result
    return result.reason


def test_code_and_state() -> None:
    link = ok(f"{BASE}?code=def50200abcdef&state=s1&referer=reforyou.amocrm.ru")
    assert (link.code, link.state, link.error, link.success) == ("def50200abcdef", "s1", None, None)
    assert link.kind == "code"
    assert link.params["referer"] == "reforyou.amocrm.ru"
    assert "def50200abcdef" not in repr(link)
    # the code became a registered secret
    assert "def50200abcdef" not in REDACTOR.text("x def50200abcdef y")
    assert "def50200abcdef" not in link.redacted()


def test_error_and_success_links() -> None:
    assert ok(f"{BASE}?error=access_denied&state=s").kind == "error"
    link = ok(f"{BASE}?success=true&state=s")
    assert (link.success, link.kind, link.code) == (True, "success", None)
    assert ok(f"{BASE}?success=FALSE&state=s").success is False
    assert ok(f"{BASE}?error=missing_code", require_state=False).state is None


def test_case_insensitive_scheme_host_and_trailing_slash() -> None:
    link = ok("FORYOURE://Amo-CRM/callback/?code=c1&state=s")
    assert (link.scheme, link.host) == ("foryoure", "amo-crm")


def test_percent_decoding_keeps_plus() -> None:
    link = ok(f"{BASE}?code=a%2Bb+c&state=eyJ%3D")
    assert link.code == "a+b+c" and link.state == "eyJ="


def test_selftest_only_when_allowed() -> None:
    assert "path" in rejected("foryoure://amo-crm/selftest?nonce=1")
    assert ok("foryoure://amo-crm/selftest?nonce=1", allow_selftest=True).kind == "selftest"


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("", "empty"),
        ("x" * (MAX_LENGTH + 1), "characters long"),
        (f"{BASE}?code=a b&state=s", "whitespace"),
        (f"{BASE}?code=a\x00&state=s", "control character"),
        (f"{BASE}?code=ä&state=s", "non-ASCII"),
        ("amo-crm/callback?code=1", "no scheme"),
        ("https://amo-crm/callback?code=1&state=s", "scheme"),
        ("foryoure://evil/callback?code=1&state=s", "host"),
        ("foryoure://user@amo-crm/callback?code=1&state=s", "user information"),
        ("foryoure://amo-crm:80/callback?code=1&state=s", "port"),
        ("foryoure://amo-crm/other?code=1&state=s", "path"),
        ("foryoure://amo-crm/callback//?code=1&state=s", "path"),
        (f"{BASE}?code=1&state=s#frag", "fragment"),
        (f"{BASE}?code=1&&state=s", "empty parameter"),
        (f"{BASE}?=1&state=s", "no name"),
        (f"{BASE}?code=%zz&state=s", "malformed"),
        (f"{BASE}?code=%4&state=s", "malformed"),
        (f"{BASE}?code=%01&state=s", "decodes to a control"),
        (f"{BASE}?code=%20&state=s", "decodes to whitespace"),
        (f"{BASE}?code=%C3%A4&state=s", "decodes to a non-ASCII"),
        (f"{BASE}?code=1&code=2&state=s", "repeats"),
        (f"{BASE}?state=s", "neither code"),
        (f"{BASE}?code=&state=s", "code is empty"),
        (f"{BASE}?code=1", "no state"),
        (f"{BASE}?success=yes&state=s", "not true or false"),
    ],
)
def test_rejections(url: str, needle: str) -> None:
    assert needle in rejected(url)


def test_non_text_is_rejected() -> None:
    assert "not text" in rejected(b"foryoure://amo-crm/callback")
    assert "not text" in rejected(None)


def test_rejection_echo_is_redacted_and_safe() -> None:
    result = parse_deeplink(f"{BASE}?code=secretcode1&state=s&x=\x07", PROFILE)
    assert isinstance(result, Rejection)
    assert "secretcode1" not in result.url and "\x07" not in result.url


def test_other_profile_scheme() -> None:
    profile = Profile(
        name="q", base_url="", deeplink_scheme="myapp", deeplink_host="h", deeplink_path="/cb"
    )
    assert isinstance(parse_deeplink("myapp://h/cb?code=1&state=2", profile), DeepLink)
    assert isinstance(parse_deeplink(f"{BASE}?code=1&state=2", profile), Rejection)


def _check(url: object) -> None:
    REDACTOR.clear()  # parsed codes are registered; keep the redactor small across examples
    result = parse_deeplink(url, PROFILE)
    assert isinstance(result, (DeepLink, Rejection))
    if isinstance(result, Rejection):
        assert result.reason and result.reason.endswith(".")
    else:
        assert result.code or result.error is not None or result.success is not None
        assert result.state


@settings(max_examples=3000, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_text(url: str) -> None:
    _check(url)


_pieces = [*list("abcXYZ019-_.~%+=&?#/:@ \t\x00\x7fä"), "%2", "%zz", "%41", "%0A"]
_query_part = st.lists(st.sampled_from(_pieces), max_size=8).map("".join)


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(["foryoure", "FORYOURE", "http", ""]),
    st.sampled_from(["amo-crm", "AMO-CRM", "x", "a@amo-crm", "amo-crm:1"]),
    st.sampled_from(["/callback", "/callback/", "/", "", "/selftest", "/callback//"]),
    st.lists(_query_part, max_size=6),
)
def test_fuzz_url_shaped(scheme: str, host: str, path: str, pairs: list[str]) -> None:
    url = f"{scheme}://{host}{path}"
    if pairs:
        url += "?" + "&".join(pairs)
    _check(url)


@settings(max_examples=1000, deadline=None)
@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="&=%#"),
        min_size=1,
        max_size=50,
    )
)
def test_fuzz_valid_values_round_trip(value: str) -> None:
    REDACTOR.clear()
    link = parse_deeplink(f"{BASE}?code={value}&state={value}", PROFILE)
    assert isinstance(link, DeepLink)
    assert link.code == value and link.state == value


def test_the_backends_error_deep_link_with_encoded_spaces_is_valid() -> None:
    link = parse_deeplink(
        "foryoure://amo-crm/callback?error=Failed%20to%20exchange%20authorization%20code",
        Profile(name="t", base_url="http://x"),
        require_state=False,
    )
    assert isinstance(link, DeepLink)
    assert link.error == "Failed to exchange authorization code" and link.state is None
