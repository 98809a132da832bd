from __future__ import annotations

import base64
import json

import pytest

from amogui.sandbox import jwt


def test_round_trip_carries_claims_and_expiry() -> None:
    token = jwt.encode({"id": "u1", "email": "a@b.test", "role": "ADMIN"}, "k", ttl=60, now=1000)
    claims = jwt.decode(token, "k", now=1030)
    assert claims == {"id": "u1", "email": "a@b.test", "role": "ADMIN", "iat": 1000, "exp": 1060}
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}


def test_matches_a_known_hs256_signature() -> None:
    # jwt.io's example token for secret "your-256-bit-secret" (HS256, no exp).
    known = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
        "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    assert jwt.decode(known, "your-256-bit-secret")["name"] == "John Doe"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("not-a-jwt", "jwt malformed"),
        ("a.b.c", "jwt malformed"),
        ("eyJhbGciOiJub25lIn0.eyJpZCI6MX0.x", "invalid algorithm"),
    ],
)
def test_refuses_malformed_tokens(token: str, reason: str) -> None:
    with pytest.raises(jwt.JWTError, match=reason):
        jwt.decode(token, "k")


def test_refuses_a_wrong_secret_and_an_expired_token() -> None:
    token = jwt.encode({"id": "u1"}, "k", ttl=60, now=1000)
    with pytest.raises(jwt.JWTError, match="invalid signature"):
        jwt.decode(token, "other", now=1001)
    with pytest.raises(jwt.JWTError, match="jwt expired"):
        jwt.decode(token, "k", now=1060)
