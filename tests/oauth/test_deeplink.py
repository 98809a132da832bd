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
    reason = str(result.reason)
    assert reason.endswith(".")
    assert not result
    return reason


def test_code_and_state() -> None:
    link = ok(f"{BASE}?code=def50200abcdef&state=s1&referer=reforyou.amocrm.ru")
    assert (link.code, link.state, link.error, link.success) == ("def50200abcdef", "s1", None, None)
    assert link.kind == "code"
    assert link.params["referer"] == "reforyou.amocrm.ru"
    assert "def50200abcdef" not in repr(link)
    assert "def50200abcdef" not in link.redacted()  # redacted by the parameter's name


def test_parsing_registers_nothing_with_the_redactor() -> None:
    """Anyone can hand amogui a link: what it carries must not steer the redaction."""
    REDACTOR.clear()
    code = "def50200a1b2c3d4e5f6a7b8c9d0"  # a value the redactor would take as a secret
    ok(f"{BASE}?code={code}&state=s1")
    assert REDACTOR.text(f"seen {code}") == f"seen {code}"
    REDACTOR.add_secret(code)  # as the flow does once the state matched
    assert code not in REDACTOR.text(f"seen {code}")


def test_the_real_backends_error_link_is_valid() -> None:
    url = f"{BASE}?error=Failed%20to%20exchange%20authorization%20code"
    link = ok(url, require_state=False)
    assert link.error == "Failed to exchange authorization code" and link.kind == "error"
    assert link.state is None and link.code is None


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("error=access_denied&state=s", "access_denied"),
        ("error=%D0%9F%D0%BE%D0%BC%D0%B8%D0%BB%D0%BA%D0%B0", "Помилка"),  # UTF-8 text
        ("error=Failed%20to%20exchange&&state=s", "Failed to exchange"),  # a stray '&'
        ("error=a%2Fb%3Dc%26d&state=s&", "a/b=c&d"),
    ],
)
def test_error_links_carry_any_text(query: str, error: str) -> None:
    assert ok(f"{BASE}?{query}", require_state=False).error == error


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
        (f"{BASE}?code=ä&state=s", "code contains a non-ASCII"),
        (f"{BASE}?error=a\u202eb", "invisible formatting"),  # a right-to-left override
        ("-foryoure://amo-crm/callback?code=1&state=s", "command-line option"),
        ("--help", "command-line option"),
        ("amo-crm/callback?code=1", "no scheme"),
        ("https://amo-crm/callback?code=1&state=s", "scheme"),
        ("foryoure://evil/callback?code=1&state=s", "host"),
        ("foryoure://user@amo-crm/callback?code=1&state=s", "user information"),
        ("foryoure://amo-crm:80/callback?code=1&state=s", "port"),
        ("foryoure://amo-crm/other?code=1&state=s", "path"),
        ("foryoure://amo-crm/callback//?code=1&state=s", "path"),
        (f"{BASE}?code=1&state=s#frag", "fragment"),
        (f"{BASE}?=1&state=s", "no name"),
        (f"{BASE}?code=%zz&state=s", "malformed"),
        (f"{BASE}?code=%4&state=s", "malformed"),
        (f"{BASE}?code=%01&state=s", "decodes to a control"),
        (f"{BASE}?error=%0Anext", "decodes to a control"),
        (f"{BASE}?error=%E2%80%AE", "decodes to an invisible formatting"),
        (f"{BASE}?error=%C3", "not UTF-8"),
        (f"{BASE}?code=%20&state=s", "code contains whitespace"),
        (f"{BASE}?code=%C3%A4&state=s", "code contains a non-ASCII"),
        (f"{BASE}?code=1&state=a%20b", "state contains whitespace"),
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
    result = parse_deeplink(url, PROFILE)
    assert isinstance(result, (DeepLink, Rejection))
    if isinstance(result, Rejection):
        assert result.reason and str(result.reason).endswith(".")
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
