"""The one redaction function: by name, by value, and in every form a secret travels."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from amogui.base.redact import (
    MIN_SECRET,
    REDACTED,
    Redactor,
    is_distinctive,
    is_placeholder,
    is_secret_name,
)

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpZCI6MSwiZW1haWwiOiJhQGIuYyIsInJvbGUiOiJBR0VOVCJ9."
    "c2lnbmF0dXJlLXNpZ25hdHVyZQ"
)
CODE = "def50200a1b2c3d4e5f60718293a4b5c"


def test_secret_names_ignore_case_and_separators() -> None:
    for name in ("refresh_token", "refreshToken", "REFRESH-TOKEN", "client_secret", "code"):
        assert is_secret_name(name)
    for name in ("state", "referer", "domain", "accountId"):
        assert not is_secret_name(name)


def test_headers_keep_the_scheme_and_hide_the_credential() -> None:
    r = Redactor()
    out = r.headers([("Authorization", f"Bearer {JWT}"), ("Cookie", "sid=abc"), ("X-Ok", "1")])
    assert out == [("Authorization", f"Bearer {REDACTED}"), ("Cookie", REDACTED), ("X-Ok", "1")]


def test_location_header_deep_link_code_is_redacted() -> None:
    r = Redactor()
    out = r.headers([("Location", f"foryoure://amo-crm/callback?code={CODE}&state=s1")])
    assert CODE not in out[0][1]
    assert "state=s1" in out[0][1]


def test_url_query_secrets_and_deep_links() -> None:
    r = Redactor()
    url = f"https://h/api/amo-crm/callback?code={CODE}&state=xyz&referer=a.amocrm.ru"
    clean = r.url(url)
    assert CODE not in clean
    assert "state=xyz" in clean and "referer=a.amocrm.ru" in clean
    deep = r.url(f"foryoure://amo-crm/callback?code={CODE}&state=xyz")
    assert deep.startswith("foryoure://amo-crm/callback?") and CODE not in deep


def test_json_bodies_by_key_at_any_depth() -> None:
    r = Redactor()
    body = json.dumps(
        {
            "success": True,
            "data": {"token": JWT, "user": {"email": "a@b.c"}, "refreshToken": "r-123456"},
            "items": [{"access_token": "at-123456"}],
            "code": 401,
        }
    )
    clean = r.body(body, "application/json")
    parsed = json.loads(clean)
    assert parsed["data"]["token"] == REDACTED
    assert parsed["data"]["refreshToken"] == REDACTED
    assert parsed["items"][0]["access_token"] == REDACTED
    assert parsed["data"]["user"]["email"] == "a@b.c"
    assert parsed["code"] == 401  # a numeric status code is no secret


def test_untouched_json_keeps_its_text() -> None:
    r = Redactor()
    body = '{"success":true,  "data":null}'
    assert r.body(body, "application/json") == body


def test_form_bodies() -> None:
    r = Redactor()
    clean = r.body(
        f"grant_type=authorization_code&code={CODE}&client_secret=s3cr3t",
        "application/x-www-form-urlencoded",
    )
    assert CODE not in clean and "s3cr3t" not in clean
    assert "grant_type=authorization_code" in clean


def test_truncated_json_and_html_are_redacted_as_text() -> None:
    r = Redactor()
    truncated = '{"data": {"accessToken": "at-9876543", "refresh_token": "rt-55'
    assert "at-9876543" not in r.body(truncated, "application/json")
    html = f"<script>window.location='foryoure://amo-crm/callback?code={CODE}&state=q'</script>"
    assert CODE not in r.body(html, "text/html")


def test_jwts_and_bearer_values_are_redacted_even_when_unknown() -> None:
    r = Redactor()
    assert JWT not in r.text(f"token was {JWT} ok")
    assert "opaque-token-value" not in r.text("Authorization: Bearer opaque-token-value")


def test_registered_secrets_in_every_encoding() -> None:
    r = Redactor()
    secret = "pa ss/word+1=?"
    r.add_secret(secret)
    raw = secret.encode()
    forms = [
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    ]
    for form in forms:
        assert form not in r.text(f"before {form} after"), form


def test_short_values_are_not_registered() -> None:
    r = Redactor()
    r.add_secret("ab")
    assert r.text("ab cab") == "ab cab"


def test_short_known_secrets_are_still_redacted_by_field() -> None:
    r = Redactor()
    r.add_secret("pass")  # a deep link's code=pass: too short to look for in free text
    assert r.text("every check passed") == "every check passed"
    deep = r.url("foryoure://amo-crm/callback?code=pass&state=s")
    assert deep == f"foryoure://amo-crm/callback?code={REDACTED}&state=s"
    assert r.json({"code": "pass", "status": "passed"}) == {"code": REDACTED, "status": "passed"}
    assert "pass" not in r.body("grant_type=x&code=pass", "application/x-www-form-urlencoded")
    assert r.text("callback?code=pass&state=1") == f"callback?code={REDACTED}&state=1"


def test_values_like_ordinary_text_are_never_registered() -> None:
    r = Redactor()
    ordinary = [
        "pass", "fail", "still", "2026", "http", "passed",  # short
        "successfully", "Authorization", "exchange-code", "status.after-disconnect",
        "every check passed", "2026-11-30T12:00:00", "+380 44 123 45 67",
        "https://admin.foryou-realestate.com", "anna@foryou.example",
    ]  # fmt: skip
    text = " | ".join(ordinary)
    for value in ordinary:
        assert not is_distinctive(value), value
        r.add_secret(value)
    assert r.text(text) == text


def test_real_secrets_are_distinctive() -> None:
    for value in (JWT, CODE, "at-9Qm3Xr7Kp2Lw8Vn4Tz6Bc1Hd5Jf0Gs", "Pa55-word-for-user-A!"):
        assert is_distinctive(value), value
    # a long random token of letters only is no word either
    assert is_distinctive("QwErTyUiOpAsDfGhJkLzXcVbNm")
    assert not is_distinctive("x" * (MIN_SECRET - 2) + "1")
    assert is_distinctive("x" * (MIN_SECRET - 1) + "1")


def test_dict_keys_are_never_rewritten() -> None:
    r = Redactor()
    secret = "k3y-Th4t-1s-Also-A-Secret"
    r.add_secret(secret)
    data = {secret: "value", "passed": 1, "nested": {secret: [secret]}}
    clean = r.json(data)
    assert list(clean) == [secret, "passed", "nested"]
    assert list(clean["nested"]) == [secret]
    assert clean["nested"][secret] == [REDACTED]


def test_placeholders() -> None:
    for value in ("...", "…", "<code>", "{code}", "${CODE}", "[code]"):
        assert is_placeholder(value), value
    for value in ("abc", "def50200", "<abc", "[REDACTED"):
        assert not is_placeholder(value), value


def test_markdown_code_spans_keep_their_placeholders() -> None:
    r = Redactor()
    text = "Backend перенаправляє на deep link `foryoure://amo-crm/callback?code=...`"
    assert r.text(text) == text
    url = "https://admin.foryou-realestate.com/api/amo-crm/callback?code=..."
    assert r.url(url) == url
    assert r(url) == url
    # a real value inside a code span is still redacted
    assert CODE not in r.text(f"`foryoure://amo-crm/callback?code={CODE}`")


def test_call_dispatches_on_type() -> None:
    r = Redactor()
    assert CODE not in r(f"https://x/cb?code={CODE}")
    assert r({"password": "hunter22"}) == {"password": REDACTED}
    assert r([("Authorization", "Bearer x")]) == [("Authorization", f"Bearer {REDACTED}")]
    assert r(5) == 5


@settings(max_examples=300)
@given(
    prefix=st.text(max_size=40),
    suffix=st.text(max_size=40),
    secret=st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x24F),
        min_size=MIN_SECRET,
        max_size=40,
    ),
)
def test_a_registered_secret_never_survives(prefix: str, suffix: str, secret: str) -> None:
    assume(secret not in REDACTED * 2)  # the marker itself is not a leak
    assume(is_distinctive(secret))  # anything else is redacted by field name only
    r = Redactor()
    r.add_secret(secret)
    assert secret not in r.text(prefix + secret + suffix)
    assert secret not in r.url(f"https://h/p?x={quote(secret)}")


def test_placeholders_in_documentation_are_kept() -> None:
    r = Redactor()
    text = "redirects to https://h/api/amo-crm/callback?code=... and foryoure://x?code=…"
    assert r.text(text) == text
    assert CODE not in r.text(f"https://h/cb?code={CODE}")
