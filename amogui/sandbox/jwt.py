"""HS256 JSON Web Tokens with the standard library (the backend's JWTs; no PyJWT)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any


class JWTError(ValueError):
    """Why a token was refused, worded like the jsonwebtoken library the backend uses."""


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(signing_input: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return _b64encode(digest)


def encode(claims: dict[str, Any], secret: str, ttl: float, now: float | None = None) -> str:
    """A signed token carrying `claims` plus `iat` and `exp` (`ttl` seconds from now)."""
    issued = int(time.time() if now is None else now)
    payload = {**claims, "iat": issued, "exp": issued + int(ttl)}
    header = _b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64encode(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    signing_input = f"{header}.{body}"
    return f"{signing_input}.{_sign(signing_input, secret)}"


def decode(token: str, secret: str, now: float | None = None) -> dict[str, Any]:
    """The claims of a valid token, or `JWTError` (malformed, bad signature, expired)."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise JWTError("jwt malformed")
    try:
        header = json.loads(_b64decode(parts[0]))
        claims = json.loads(_b64decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise JWTError("jwt malformed") from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise JWTError("jwt malformed")
    if header.get("alg") != "HS256":
        raise JWTError("invalid algorithm")
    if not hmac.compare_digest(_sign(f"{parts[0]}.{parts[1]}", secret), parts[2]):
        raise JWTError("invalid signature")
    exp = claims.get("exp")
    current = time.time() if now is None else now
    if isinstance(exp, (int, float)) and current >= exp:
        raise JWTError("jwt expired")
    return claims
