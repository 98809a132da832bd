"""Status, isolation and disconnect checks (steps 1, 3, 4; problem 2)."""

from __future__ import annotations

import re

from amogui.backend import api
from amogui.checks.common import Evidence, described, reply_defect, result
from amogui.checks.context import RunContext
from amogui.run.state import CheckResult, Status

_DOMAIN = re.compile(r"^[a-z0-9-]+\.(amocrm\.(ru|com)|kommo\.com)$")


def _no_token(ctx: RunContext, check_id: str, user: str) -> CheckResult:
    return result(ctx, check_id, Status.SKIPPED, f"no token for user {user}; nothing to check")


async def status_before(ctx: RunContext) -> CheckResult:
    cid = "status.before"
    if not ctx.token_a:
        return _no_token(ctx, cid, "A")
    ev = Evidence()
    got = await api.status(ctx.client, ctx.token_a, check_id=cid)
    ev.add(got)
    expected = "HTTP 200 with data.connected true/false"
    if got.data is None:
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"status did not answer a well-formed body: {got.problem}",
            expected=expected,
            actual=described(got.reply),
            evidence=ev,
            defect=reply_defect(got.reply),
        )
    variation = None
    if got.data.connected:
        variation = "user A was already connected before the run (a leftover connection)"
    return result(
        ctx,
        cid,
        Status.PASSED,
        f"status answered 200, connected={str(got.data.connected).lower()}",
        expected=expected,
        actual=f"HTTP 200, connected={got.data.connected}",
        evidence=ev,
        variation=variation,
    )


def _plausible(st: api.ConnectionStatus) -> list[str]:
    problems = []
    if not st.connected:
        problems.append("connected is false")
    if st.has_tokens is not True:
        problems.append(f"hasTokens is {st.has_tokens!r}, not true")
    if not st.domain or not _DOMAIN.match(st.domain.lower()):
        problems.append(f"domain {st.domain!r} is not an amoCRM/Kommo domain")
    if not st.account_id or not st.account_id.isdigit():
        problems.append(f"accountId {st.account_id!r} is not a number")
    return problems


async def status_after(ctx: RunContext) -> CheckResult:
    cid = "status.after"
    if not ctx.token_a:
        return _no_token(ctx, cid, "A")
    ev = Evidence()
    got = await api.status(ctx.client, ctx.token_a, check_id=cid)
    ev.add(got)
    expected = "connected true, hasTokens true, domain *.amocrm.ru, numeric accountId"
    if got.data is None:
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"status after connecting did not answer a well-formed body: {got.problem}",
            expected=expected,
            actual=described(got.reply),
            evidence=ev,
            defect=reply_defect(got.reply),
        )
    problems = _plausible(got.data)
    st = got.data
    actual = (
        f"connected={st.connected}, hasTokens={st.has_tokens}, domain={st.domain!r}, "
        f"accountId={st.account_id!r}"
    )
    if problems:
        incomplete = st.connected and (not st.domain or not st.account_id)
        return result(
            ctx,
            cid,
            Status.FAILED,
            "after connecting, status is not plausible: " + "; ".join(problems),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect="status-incomplete" if incomplete else None,
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        f"user A is connected to {st.domain} (account {st.account_id})",
        expected=expected,
        actual=actual,
        evidence=ev,
    )


async def isolation_user_b(ctx: RunContext) -> CheckResult:
    cid = "isolation.user-b"
    if not ctx.token_b:
        return _no_token(ctx, cid, "B (the isolation witness)")
    ev = Evidence()
    got = await api.status(ctx.client, ctx.token_b, check_id=cid)
    ev.add(got)
    expected = "user B: connected false (A's connection is A's alone)"
    if got.data is None:
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"status as user B did not answer a well-formed body: {got.problem}",
            expected=expected,
            actual=described(got.reply),
            evidence=ev,
            defect=reply_defect(got.reply),
        )
    ctx.b_connected_after_connect = got.data.connected
    actual = f"connected={got.data.connected}, hasTokens={got.data.has_tokens}"
    if got.data.connected or got.data.has_tokens:
        return result(
            ctx,
            cid,
            Status.FAILED,
            "user B sees user A's amoCRM connection: tokens are not kept per user",
            expected=expected,
            actual=actual,
            evidence=ev,
            defect="global-tokens",
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        "user B is not connected while user A is",
        expected=expected,
        actual=actual,
        evidence=ev,
    )


async def disconnect(ctx: RunContext) -> CheckResult:
    cid = "disconnect"
    if not ctx.token_a:
        return _no_token(ctx, cid, "A")
    ev = Evidence()
    got = await api.disconnect(ctx.client, ctx.token_a, check_id=cid)
    ev.add(got)
    expected = "HTTP 200 {success: true}"
    if got.data is None:
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"disconnect did not succeed: {got.problem}",
            expected=expected,
            actual=described(got.reply),
            evidence=ev,
            defect=reply_defect(got.reply),
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        "disconnect answered success",
        expected=expected,
        actual=described(got.reply),
        evidence=ev,
    )


async def status_after_disconnect(ctx: RunContext) -> CheckResult:
    cid = "status.after-disconnect"
    if not ctx.token_a:
        return _no_token(ctx, cid, "A")
    ev = Evidence()
    got = await api.status(ctx.client, ctx.token_a, check_id=cid)
    ev.add(got)
    expected = "user A: connected false; user B unchanged"
    if got.data is None:
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"status after disconnect did not answer a well-formed body: {got.problem}",
            expected=expected,
            actual=described(got.reply),
            evidence=ev,
            defect=reply_defect(got.reply),
        )
    failures = []
    actual = [f"A: connected={got.data.connected}"]
    if got.data.connected:
        failures.append("user A still looks connected after disconnect")
    defect = None
    if ctx.token_b:
        got_b = await api.status(ctx.client, ctx.token_b, check_id=cid)
        ev.add(got_b)
        if got_b.data is None:
            failures.append(f"status as user B failed: {got_b.problem}")
        else:
            actual.append(f"B: connected={got_b.data.connected}")
            before = ctx.b_connected_after_connect
            if got_b.data.connected:
                failures.append("user B looks connected (a token shared between users)")
                defect = "global-tokens"
            elif before is not None and before != got_b.data.connected:
                failures.append("user B's status changed when user A disconnected")
    if failures:
        return result(
            ctx,
            "status.after-disconnect",
            Status.FAILED,
            "; ".join(failures),
            expected=expected,
            actual=", ".join(actual),
            evidence=ev,
            defect=defect or "global-tokens",
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        "user A is disconnected" + (" and user B is unchanged" if ctx.token_b else ""),
        expected=expected,
        actual=", ".join(actual),
        evidence=ev,
    )
