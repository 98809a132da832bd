"""exchange-code checks: the app's exchange succeeds; strangers are turned away (problem 4)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

from amogui.backend import api
from amogui.backend.client import Reply
from amogui.base.i18n import Text, join, t
from amogui.checks.common import (
    PROBE_CODE,
    Evidence,
    described,
    joined,
    reply_defect,
    result,
    shortened,
)
from amogui.checks.context import RunContext
from amogui.checks.registry import Need
from amogui.oauth import timeline
from amogui.run.state import CheckResult, Prose, Status


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


def _variants(ctx: RunContext) -> list[tuple[Text, str | None]]:
    """(label, token) for each request that must be turned away."""
    return [
        (t("without a JWT"), None),
        (t("with a malformed JWT"), "not-a-jwt"),
        (t("with a JWT signed by another key"), foreign_jwt(ctx.token_a)),
    ]


async def exchange_auth(ctx: RunContext) -> CheckResult:
    cid = "exchange.auth"
    ev = Evidence()
    variants = _variants(ctx)
    # The three refusals do not depend on each other: asked at once.
    answers = await asyncio.gather(
        *(api.exchange_code(ctx.client, token, PROBE_CODE, check_id=cid) for _, token in variants)
    )
    failures: list[Text] = []
    seen: list[Text] = []
    saw_403 = False
    html = False
    for (label, token), got in zip(variants, answers, strict=True):
        ev.add(got)
        reply = got.reply
        seen.append(join(": ", [label, shortened(described(reply), 80)]))
        if reply.error:
            failures.append(join(": ", [label, reply.error_text or ""]))
            continue
        html = html or "html" in reply.content_type
        allowed = (401,) if token is None else (401, 403)
        if reply.status in allowed:
            saw_403 = saw_403 or reply.status == 403
            continue
        failures.append(
            t(
                "{label} answered HTTP {status}, not {allowed}",
                label=label,
                status=reply.status,
                allowed=" or ".join(map(str, allowed)),
            )
        )
    expected = t("without a JWT: 401; with a bad JWT: 401 (403 accepted)")
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            t(
                "exchange-code does not turn strangers away: {failures}",
                failures=join("; ", failures),
            ),
            expected=expected,
            actual=join("; ", seen),
            evidence=ev,
            defect="exchange-auth",
        )
    variations = []
    if saw_403:
        variations.append(t("bad JWT rejected with 403; the checklist expects 401"))
    if html:
        variations.append(t("the refusals came as HTML pages, not JSON"))
    return result(
        ctx,
        cid,
        Status.PASSED,
        t("exchange-code refuses requests without a valid JWT"),
        expected=expected,
        actual=join("; ", seen),
        evidence=ev,
        variation=joined(variations),
    )


async def _post_code(ctx: RunContext, code: str, cid: str) -> tuple[Reply, Any, Prose | None]:
    """POST the code with user A's JWT: (reply, body, problem). Sent directly rather than
    through `api.exchange_code`, which registers the code as a secret: only a code whose
    state matched this run's flow is registered (by oauth.deeplink); the code travels in a
    field named ``code``, which is redacted by name anyway."""
    reply = await ctx.client.post(
        "exchange_code", token=ctx.token_a, json_body={"code": code}, check_id=cid
    )
    problem = api.http_problem_text(reply, "exchange-code")
    if problem:
        return reply, None, problem
    body, error = reply.json_text()
    if error:
        return reply, None, join(": ", ["exchange-code", error])
    if not isinstance(body, dict):
        return reply, None, t("exchange-code answered JSON that is not an object")
    if body.get("success") is False:
        return reply, None, t("exchange-code answered success=false")
    return reply, body, None


async def exchange_code(ctx: RunContext) -> CheckResult:
    cid = "exchange.code"
    code = ctx.leg.code
    assert code is not None  # the runner starts this check only when the deep link had one
    ev = Evidence()
    reply, body, problem = await _post_code(ctx, code, cid)
    ev.add(reply)
    status = reply.status
    ctx.event(timeline.exchange_made(status, problem or t("connected")))
    expected = t("HTTP 200 {{success: true}}")
    if body is not None:
        ctx.facts.hold(Need.CONNECTION)
        return result(
            ctx,
            cid,
            Status.PASSED,
            t("exchange-code with user A's JWT connected amoCRM"),
            expected=expected,
            actual=described(reply),
            evidence=ev,
        )
    summary: Text = t("exchange-code failed: {problem}", problem=problem or "")
    reason: Text = t("the app's exchange-code failed: {problem}", problem=problem or "")
    defect = "exchange-auth" if status in (401, 403) else None
    if status == 400 and "exchange" in (reply.text or "").lower():
        summary = t(
            "exchange-code failed: {problem} (an amoCRM code is single-use: the callback "
            "already exchanged it, so the app's exchange must fail)",
            problem=problem or "",
        )
        if ctx.seen.callback_exchanges:
            reason = t("the app's exchange-code failed: the callback had exchanged the code itself")
            defect = "callback-exchanges"
        else:
            defect = "callback-redirect"
    if defect is None:
        defect = reply_defect(reply)
    ctx.facts.miss(Need.CONNECTION, Status.BLOCKED, reason)
    return result(
        ctx,
        cid,
        Status.FAILED,
        summary,
        expected=expected,
        actual=described(reply),
        evidence=ev,
        defect=defect,
    )
