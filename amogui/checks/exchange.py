"""exchange-code checks: the app's exchange succeeds; strangers are turned away (problem 4)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

from amogui.backend import api
from amogui.checks.common import PROBE_CODE, Evidence, described, result
from amogui.checks.context import RunContext
from amogui.run.state import CheckResult, Status


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def foreign_jwt(token: str | None) -> str:
    """A well-formed HS256 JWT with the same claims as `token`, signed by another key."""
    payload = '{"id":"1","email":"tester@example.test","role":"ADMIN"}'
    if token and token.count(".") == 2:
        part = token.split(".")[1]
        try:
            decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode()
            if isinstance(json.loads(decoded), dict):
                payload = decoded
        except ValueError:
            pass
    head = _b64(b'{"alg":"HS256","typ":"JWT"}') + "." + _b64(payload.encode())
    key = secrets.token_bytes(32)
    sig = hmac.new(key, head.encode("ascii"), hashlib.sha256).digest()
    return head + "." + _b64(sig)


def _variants(ctx: RunContext) -> list[tuple[str, str | None, dict[str, str] | None]]:
    """(label, token, extra headers) for each request that must be turned away."""
    return [
        ("without a JWT", None, None),
        ("with a malformed JWT", "not-a-jwt", None),
        ("with a JWT signed by another key", foreign_jwt(ctx.token_a), None),
    ]


async def exchange_auth(ctx: RunContext) -> CheckResult:
    cid = "exchange.auth"
    ev = Evidence()
    failures: list[str] = []
    seen: list[str] = []
    saw_403 = False
    html = False
    for label, token, headers in _variants(ctx):
        got = await api.exchange_code(ctx.client, token, PROBE_CODE, check_id=cid, headers=headers)
        ev.add(got)
        reply = got.reply
        seen.append(f"{label}: {described(reply)[:80]}")
        if reply.error:
            failures.append(f"{label}: {reply.error}")
            continue
        html = html or "html" in reply.content_type
        allowed = (401,) if token is None else (401, 403)
        if reply.status in allowed:
            saw_403 = saw_403 or reply.status == 403
            continue
        failures.append(
            f"{label} answered HTTP {reply.status}, not {' or '.join(map(str, allowed))}"
        )
    expected = "without a JWT: 401; with a bad JWT: 401 (403 accepted)"
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            "exchange-code does not turn strangers away: " + "; ".join(failures),
            expected=expected,
            actual="; ".join(seen),
            evidence=ev,
            defect="exchange-auth",
        )
    variations = []
    if saw_403:
        variations.append("bad JWT rejected with 403; the checklist expects 401")
    if html:
        variations.append("the refusals came as HTML pages, not JSON")
    return result(
        ctx,
        cid,
        Status.PASSED,
        "exchange-code refuses requests without a valid JWT",
        expected=expected,
        actual="; ".join(seen),
        evidence=ev,
        variation="; ".join(variations) or None,
    )


async def exchange_code(ctx: RunContext) -> CheckResult:
    cid = "exchange.code"
    leg = ctx.leg
    if not ctx.token_a:
        return result(ctx, cid, Status.SKIPPED, "no token for user A; nothing to exchange with")
    if leg.code is None:
        why = (
            "the deep link carried no code (the callback exchanged it itself)"
            if leg.delivery is not None
            else "no deep link with a code arrived"
        )
        return result(ctx, cid, Status.BLOCKED, f"blocked: {why}")
    ev = Evidence()
    got = await api.exchange_code(ctx.client, ctx.token_a, leg.code, check_id=cid)
    ev.add(got)
    ctx.event("exchange", f"exchange-code answered {got.status or got.reply.error}")
    expected = "HTTP 200 {success: true}"
    if got.data is not None:
        return result(
            ctx,
            cid,
            Status.PASSED,
            "exchange-code with user A's JWT connected amoCRM",
            expected=expected,
            actual=described(got.reply),
            evidence=ev,
        )
    summary = f"exchange-code failed: {got.problem}"
    defect = "exchange-auth" if got.status in (401, 403) else None
    if got.status == 400 and "exchange" in (got.reply.text or "").lower():
        summary += (
            " (an amoCRM code is single-use: if the callback already exchanged it, "
            "the app's exchange must fail)"
        )
        defect = "callback-redirect"
    return result(
        ctx,
        cid,
        Status.FAILED,
        summary,
        expected=expected,
        actual=described(got.reply),
        evidence=ev,
        defect=defect,
    )
