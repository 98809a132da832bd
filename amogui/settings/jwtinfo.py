"""Read the claims of a JWT without verifying it, for display and expiry warnings.

amogui never holds the backend's signing key, so it cannot verify a token; it only
shows what the token says about itself (user id, email, role, expiry) and warns
before a run when it has expired. Anything pasted may be junk: `claims` never
raises, it returns a `JwtClaims` whose `error` is one clear sentence.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from amogui.base.i18n import Text, t, tn

# A real JWT is a few hundred bytes; anything far larger is not one.
MAX_TOKEN_LENGTH = 64 * 1024
# A token that expires this soon may lapse in the middle of a run.
EXPIRES_SOON = timedelta(minutes=15)

_USER_ID_KEYS = ("id", "userId", "user_id", "sub")
# base64url without padding (RFC 7515); the decoder alone would skip stray characters.
_B64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")


@dataclass(frozen=True)
class JwtClaims:
    user_id: str | None = None
    email: str | None = None
    role: str | None = None
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    expired: bool = False
    raw: dict[str, Any] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    error: Text | None = None  # set when the text is not a readable JWT: why, translatable

    @property
    def ok(self) -> bool:
        return self.error is None


def strip_token(text: str) -> str:
    """The bare token from what a user pastes: whitespace, quotes, a ``Bearer`` prefix."""
    token = text.strip().strip("\"'").strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    return token


def claims(token: str, now: datetime | None = None) -> JwtClaims:
    """Decode a JWT's header and payload, unverified. Never raises."""
    try:
        return _decode(token, now or datetime.now(UTC))
    except _JwtError as exc:
        return JwtClaims(error=exc.text)
    except Exception as exc:  # junk must never crash the window
        return JwtClaims(error=t("The token could not be read ({kind}).", kind=type(exc).__name__))


class _JwtError(ValueError):
    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def _decode(token: str, now: datetime) -> JwtClaims:
    if not isinstance(token, str):
        raise _JwtError(t("The token is not text."))
    text = strip_token(token)
    if not text:
        raise _JwtError(t("The token is empty."))
    if len(text) > MAX_TOKEN_LENGTH:
        raise _JwtError(t("The token is {n} characters long, far too long for a JWT.", n=len(text)))
    parts = text.split(".")
    if len(parts) == 5:
        raise _JwtError(
            t("The token has 5 parts: it is an encrypted JWT (JWE), which amogui cannot read.")
        )
    if len(parts) != 3:
        raise _JwtError(
            tn(
                "The token has {n} part separated by dots; a JWT has 3 (header.payload.signature).",
                "The token has {n} parts separated by dots; a JWT has 3 "
                "(header.payload.signature).",
                len(parts),
            )
        )
    header = _segment(parts[0], t("header"))
    payload = _segment(parts[1], t("payload"))
    return _claims_from(payload, header, now)


def _segment(part: str, name: Text) -> dict[str, Any]:
    if not part:
        raise _JwtError(t("The token's {part} is empty.", part=name))
    if not _B64URL.fullmatch(part):
        raise _JwtError(t("The token's {part} is not base64url text.", part=name))
    try:
        data = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise _JwtError(t("The token's {part} is not base64url text.", part=name)) from None
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _JwtError(t("The token's {part} is not UTF-8 text.", part=name)) from None
    except ValueError:
        raise _JwtError(t("The token's {part} is not JSON.", part=name)) from None
    if not isinstance(value, dict):
        raise _JwtError(t("The token's {part} is JSON but not an object.", part=name))
    return value


def _claims_from(payload: dict[str, Any], header: dict[str, Any], now: datetime) -> JwtClaims:
    expires_at = _timestamp(payload.get("exp"), "exp")
    return JwtClaims(
        user_id=_text(next((payload[k] for k in _USER_ID_KEYS if k in payload), None)),
        email=_text(payload.get("email")),
        role=_text(payload.get("role")),
        issued_at=_timestamp(payload.get("iat"), "iat"),
        expires_at=expires_at,
        expired=expires_at is not None and expires_at <= now,
        raw=payload,
        header=header,
    )


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _timestamp(value: Any, name: str) -> datetime | None:
    """A NumericDate claim (seconds since the epoch) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _JwtError(t("The token's '{claim}' claim is not a number of seconds.", claim=name))
    try:
        seconds = float(value)
    except ValueError:
        raise _JwtError(
            t("The token's '{claim}' claim is not a number of seconds.", claim=name)
        ) from None
    if not math.isfinite(seconds):
        raise _JwtError(t("The token's '{claim}' claim is not a finite number.", claim=name))
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise _JwtError(
            t("The token's '{claim}' claim is out of the range of dates.", claim=name)
        ) from None


def humanize(delta: timedelta) -> str:
    """A rough length of time: "6 days", "3 hours", "1 minute", "20 seconds"."""
    seconds = abs(int(delta.total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def expiry_text(info: JwtClaims, now: datetime | None = None) -> str:
    if info.expires_at is None:
        return "no expiry"
    now = now or datetime.now(UTC)
    delta = info.expires_at - now
    if delta.total_seconds() <= 0:
        return f"expired {humanize(delta)} ago"
    return f"expires in {humanize(delta)}"


def describe(info: JwtClaims, now: datetime | None = None) -> str:
    """One line for the window: "user 12, a@b.c, role AGENT, expires in 6 days"."""
    if info.error:
        return f"Not a readable JWT: {info.error}"
    parts = [f"user {info.user_id}" if info.user_id else "no user id"]
    if info.email:
        parts.append(info.email)
    if info.role:
        parts.append(f"role {info.role}")
    parts.append(expiry_text(info, now))
    return ", ".join(parts)


def expired_warning(
    info: JwtClaims, now: datetime | None = None, soon: timedelta = EXPIRES_SOON
) -> str | None:
    """A warning to show before a run, or None when the token looks usable."""
    if info.error:
        return f"The token cannot be read: {info.error}"
    now = now or datetime.now(UTC)
    who = _who(info)
    if info.expires_at is None:
        return None
    if info.expires_at <= now:
        return (
            f"The token of {who} {expiry_text(info, now)}; log in again or paste a fresh one, "
            "or the checks will fail with 401/403."
        )
    if info.expires_at - now <= soon:
        return f"The token of {who} {expiry_text(info, now)}, possibly before the run ends."
    return None


def _who(info: JwtClaims) -> str:
    if info.user_id and info.email:
        return f"user {info.user_id} ({info.email})"
    if info.user_id:
        return f"user {info.user_id}"
    return info.email or "this user"
