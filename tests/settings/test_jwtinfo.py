from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from amogui.settings.jwtinfo import claims, describe, expired_warning, humanize, strip_token

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def make_jwt(payload: Any, header: Any | None = None) -> str:
    head = header if header is not None else {"alg": "HS256", "typ": "JWT"}
    return ".".join(
        [b64(json.dumps(head).encode()), b64(json.dumps(payload).encode()), b64(b"sig")]
    )


def ts(moment: datetime) -> int:
    return int(moment.timestamp())


def test_good_token_gives_the_foryou_claims() -> None:
    token = make_jwt(
        {
            "id": 12,
            "email": "a@b.c",
            "role": "AGENT",
            "iat": ts(NOW - timedelta(days=1)),
            "exp": ts(NOW + timedelta(days=6, hours=1)),
        }
    )
    info = claims(token, NOW)
    assert info.ok
    assert (info.user_id, info.email, info.role) == ("12", "a@b.c", "AGENT")
    assert info.issued_at == NOW - timedelta(days=1)
    assert info.expires_at == NOW + timedelta(days=6, hours=1)
    assert not info.expired
    assert info.raw["id"] == 12
    assert info.header["alg"] == "HS256"
    assert describe(info, NOW) == "user 12, a@b.c, role AGENT, expires in 6 days"
    assert expired_warning(info, NOW) is None


def test_bearer_prefix_quotes_and_whitespace_are_tolerated() -> None:
    token = make_jwt({"sub": "u-7"})
    assert strip_token(f'  "Bearer {token}"\n') == token
    info = claims(f"Bearer {token}\n", NOW)
    assert info.user_id == "u-7"
    assert describe(info, NOW) == "user u-7, no expiry"


def test_expired_token_is_flagged_and_warned() -> None:
    token = make_jwt({"id": 3, "email": "x@y.z", "exp": ts(NOW - timedelta(hours=2))})
    info = claims(token, NOW)
    assert info.expired
    assert describe(info, NOW).endswith("expired 2 hours ago")
    warning = expired_warning(info, NOW)
    assert warning is not None
    assert "user 3 (x@y.z) expired 2 hours ago" in warning


def test_token_expiring_soon_is_warned() -> None:
    info = claims(make_jwt({"id": 1, "exp": ts(NOW + timedelta(minutes=5))}), NOW)
    assert not info.expired
    warning = expired_warning(info, NOW)
    assert warning is not None and "expires in 5 minutes" in warning


def test_wrong_segment_count() -> None:
    assert str(claims("abc.def", NOW).error) == (
        "The token has 2 parts separated by dots; a JWT has 3 (header.payload.signature)."
    )
    assert claims("abc", NOW).error is not None and "1 part " in str(claims("abc").error)
    jwe = claims("a.b.c.d.e", NOW).error
    assert jwe is not None and "encrypted" in str(jwe)


def test_malformed_segments_give_sentences() -> None:
    head = b64(b'{"alg":"HS256"}')
    cases = {
        f"{head}.!!!.sig": "payload is not base64url",
        f"{head}.{b64(b'not json')}.sig": "payload is not JSON",
        f"{head}.{b64(b'[1, 2]')}.sig": "payload is JSON but not an object",
        f"{head}.{b64(bytes([0xFF, 0xFE]))}.sig": "payload is not UTF-8",
        f".{b64(b'{}')}.sig": "header is empty",
        "": "empty",
        make_jwt({"exp": "soon"}): "'exp' claim is not a number",
        make_jwt({"exp": 1e300}): "out of the range",
        make_jwt({"iat": [1]}): "'iat' claim is not a number",
    }
    for token, expected in cases.items():
        info = claims(token, NOW)
        assert info.error is not None and expected in str(info.error), (token, info.error)
        assert describe(info).startswith("Not a readable JWT: ")
        assert expired_warning(info, NOW) is not None


def test_non_json_payload_keeps_no_claims() -> None:
    info = claims("eyJhbGciOiJIUzI1NiJ9.aGVsbG8.c2ln", NOW)
    assert not info.ok
    assert info.user_id is None and info.raw == {}


def test_odd_claim_types_do_not_crash() -> None:
    info = claims(make_jwt({"id": {"nested": 1}, "email": True, "role": None, "exp": "1"}), NOW)
    assert info.ok
    assert info.user_id is None
    assert info.email == "true"
    assert info.expired


def test_humanize_units() -> None:
    assert humanize(timedelta(seconds=1)) == "1 second"
    assert humanize(timedelta(minutes=1, seconds=59)) == "1 minute"
    assert humanize(timedelta(hours=-3)) == "3 hours"
    assert humanize(timedelta(days=1)) == "1 day"


@given(st.text(max_size=300))
def test_junk_text_never_raises(text: str) -> None:
    info = claims(text, NOW)
    assert info.ok or (info.error is not None and str(info.error).endswith("."))
    describe(info, NOW)
    expired_warning(info, NOW)


@given(st.lists(st.binary(max_size=60), min_size=3, max_size=3))
def test_junk_segments_never_raise(segments: list[bytes]) -> None:
    info = claims(".".join(b64(s) for s in segments), NOW)
    assert info.ok or info.error


@given(
    st.dictionaries(
        st.sampled_from(["id", "sub", "email", "role", "iat", "exp", "x"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=True),
            st.text(max_size=10),
            st.lists(st.integers(), max_size=2),
        ),
    )
)
def test_junk_payload_values_never_raise(payload: dict[str, Any]) -> None:
    info = claims(make_jwt(payload), NOW)
    assert info.ok or info.error
    describe(info, NOW)
