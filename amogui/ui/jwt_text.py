"""What a JWT says about itself, in the UI language: the claims line under a pasted token
and the warning before a run with a token that has expired or soon will."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from amogui.base.i18n import render
from amogui.settings.jwtinfo import EXPIRES_SOON, JwtClaims
from amogui.ui.locale_format import format_duration


def tr(text: str) -> str:
    return QCoreApplication.translate("JwtText", text)


def expiry(info: JwtClaims, now: datetime | None = None) -> str:
    """ "expires in 6 d 2 h", "expired 3 h ago", "no expiry"."""
    if info.expires_at is None:
        return tr("no expiry")
    seconds = (info.expires_at - (now or datetime.now(UTC))).total_seconds()
    if seconds <= 0:
        return tr("expired {time} ago").format(time=format_duration(-seconds))
    return tr("expires in {time}").format(time=format_duration(seconds))


def claims_text(info: JwtClaims, now: datetime | None = None) -> str:
    """One line: "user 12, a@b.c, role AGENT, expires in 6 d" (or why it is no JWT)."""
    if info.error is not None:
        return tr("Not a readable JWT: {why}").format(why=render(info.error))
    parts = [tr("user {id}").format(id=info.user_id) if info.user_id else tr("no user id")]
    if info.email:
        parts.append(info.email)
    if info.role:
        parts.append(tr("role {role}").format(role=info.role))
    parts.append(expiry(info, now))
    return ", ".join(parts)


def whose(info: JwtClaims) -> str:
    """Whose token it is: "of user 12 (a@b.c)"."""
    if info.user_id and info.email:
        return tr("of user {id} ({email})").format(id=info.user_id, email=info.email)
    if info.user_id:
        return tr("of user {id}").format(id=info.user_id)
    if info.email:
        return tr("of {email}").format(email=info.email)
    return tr("of this user")


def expiry_warning(info: JwtClaims, now: datetime | None = None) -> str | None:
    """A warning before a run, or None when the token looks usable."""
    if info.error is not None:
        return tr("The token cannot be read: {why}").format(why=render(info.error))
    if info.expires_at is None:
        return None
    left = info.expires_at - (now or datetime.now(UTC))
    if left.total_seconds() <= 0:
        return tr(
            "The token {whose} {expiry}; log in again or paste a fresh one, or the checks "
            "will fail with 401/403."
        ).format(whose=whose(info), expiry=expiry(info, now))
    if left <= EXPIRES_SOON:
        return tr("The token {whose} {expiry}, possibly before the run ends.").format(
            whose=whose(info), expiry=expiry(info, now)
        )
    return None
