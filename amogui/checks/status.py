"""Status, isolation and disconnect checks (steps 1, 3, 4; problem 2).

Whatever the OAuth leg did, status can be read as user A and as user B, and what it shows
is the proof: these checks say what it shows and judge it against what this run did. A
check fails when the run believed it connected (or disconnected) and status disagrees; it
is blocked, with what status showed, when the run knows no connection was made, so there
is nothing to judge; and with ``--only`` (the connection was not made by this run) it
states only what it saw, never "after connecting".
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from amogui.backend import api
from amogui.backend.client import Reply
from amogui.base.i18n import Text, join, t
from amogui.checks.common import Evidence, described, joined, reply_defect, result
from amogui.checks.context import Fact, RunContext
from amogui.checks.registry import Need
from amogui.run.state import CheckResult, Prose, Status

# amoCRM's and Kommo's account domains; a backend may also name its own host (a port too).
ACCOUNT_DOMAINS = (".amocrm.ru", ".amocrm.com", ".kommo.com")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")


@dataclass
class StatusRead:
    reply: Reply
    status: api.ConnectionStatus | None
    problem: Prose | None = None  # why status could not be read (a Text)
    null_connected: bool = False  # `connected: null` read as not connected (version 5)

    @property
    def connected(self) -> bool | None:
        return None if self.status is None else self.status.connected


async def read_status(ctx: RunContext, token: str | None, check_id: str) -> StatusRead:
    """Status as the user of `token`. ``connected: null`` with no token at all (the latest
    backend's answer; the app shows "not connected") is read as not connected."""
    got = await api.status(ctx.client, token, check_id=check_id)
    if got.data is not None:
        return StatusRead(got.reply, got.data)
    data = _status_data(got.reply)
    if data is not None and data.get("connected", False) is None:
        has_tokens = data.get("hasTokens")
        return StatusRead(
            got.reply,
            api.ConnectionStatus(
                connected=False,
                has_tokens=has_tokens if isinstance(has_tokens, bool) else None,
                domain=data.get("domain") if isinstance(data.get("domain"), str) else None,
                account_id=_text_id(data.get("accountId")),
            ),
            null_connected=True,
        )
    return StatusRead(got.reply, None, got.problem_text)


def _status_data(reply: Reply) -> dict[str, Any] | None:
    if not reply.ok:
        return None
    body, problem = reply.json()
    data = body.get("data") if isinstance(body, dict) and problem is None else None
    return data if isinstance(data, dict) else None


def _text_id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    return str(value) if isinstance(value, (int, str)) else None


def shown(read: StatusRead) -> Prose:
    """What status said, as data: ``connected: true, hasTokens: true, domain: "x"``."""
    st = read.status
    if st is None:
        return described(read.reply)
    connected = "null" if read.null_connected else _json(st.connected)
    return (
        f"connected: {connected}, hasTokens: {_json(st.has_tokens)}, "
        f"domain: {_json(st.domain)}, accountId: {_json(st.account_id)}"
    )


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return '"' + str(value).replace('"', '\\"') + '"'


def _null_variation(read: StatusRead) -> Text | None:
    if not read.null_connected:
        return None
    return t(
        "status answers connected: null (not false) for a user with no token at all; "
        "the app shows that as not connected"
    )


def _unreadable(
    ctx: RunContext, cid: str, read: StatusRead, ev: Evidence, **kw: Any
) -> CheckResult:
    return result(
        ctx,
        cid,
        Status.FAILED,
        t("status did not answer a well-formed body: {problem}", problem=read.problem or ""),
        actual=described(read.reply),
        evidence=ev,
        defect=reply_defect(read.reply),
        **kw,
    )


# -- step 1 --------------------------------------------------------------------------------


async def status_before(ctx: RunContext) -> CheckResult:
    cid = "status.before"
    ev = Evidence()
    reads = await asyncio.gather(
        read_status(ctx, ctx.token_a, cid),
        *([read_status(ctx, ctx.token_b, cid)] if ctx.token_b else []),
    )
    a = reads[0]
    b = reads[1] if len(reads) > 1 else None
    for read in reads:
        ev.add(read.reply)
    expected = t("HTTP 200 with data.connected true or false (no 404 or 500)")
    if a.status is None:
        return _unreadable(ctx, cid, a, ev, expected=expected)
    ctx.seen.a_before = a.status
    ctx.seen.b_before = b.status if b is not None else None
    actual = join("; ", [t("user A: {status}", status=shown(a)), *_b_part(b)])
    variations: list[Text] = []
    null = _null_variation(a)
    if null is not None:
        variations.append(null)
    if a.status.connected:
        variations.append(_leftover())
    summary = (
        t("status answers 200 with a well-formed body; user A is connected")
        if a.status.connected
        else t("status answers 200 with a well-formed body; user A is not connected")
    )
    return result(
        ctx,
        cid,
        Status.PASSED,
        summary,
        expected=expected,
        actual=actual,
        evidence=ev,
        variation=joined(variations),
    )


def _leftover() -> Text:
    """Said by the checks that see user A connected before this run connected anything."""
    return t("user A was already connected before the run (a leftover connection)")


def _b_part(read: StatusRead | None) -> list[Text]:
    if read is None:
        return []
    return [t("user B: {status}", status=shown(read))]


# -- step 3 --------------------------------------------------------------------------------


def domain_problem(domain: str | None, ctx: RunContext) -> Text | None:
    """Why `domain` is not an amoCRM/Kommo account domain nor the profile's own host."""
    if not domain:
        return t("domain is missing")
    host, _, port = domain.lower().partition(":")
    if (port and not (port.isdigit() and 0 < int(port) < 65536)) or not _HOST.match(host):
        return t("domain {domain} is not a host name", domain=_json(domain))
    if any(host.endswith(suffix) and host != suffix[1:] for suffix in ACCOUNT_DOMAINS):
        return None
    if host in _profile_hosts(ctx):
        return None
    return t(
        "domain {domain} is neither an amoCRM or Kommo account domain "
        "(*.amocrm.ru, *.amocrm.com, *.kommo.com) nor this profile's host",
        domain=_json(domain),
    )


def _profile_hosts(ctx: RunContext) -> set[str]:
    from urllib.parse import urlsplit

    hosts = set()
    for url in (ctx.profile.base_url, ctx.profile.authorize_url):
        try:
            host = urlsplit(url).hostname
        except ValueError:
            continue
        if host:
            hosts.add(host.lower())
    return hosts


def _plausible(st: api.ConnectionStatus, ctx: RunContext) -> list[Text]:
    problems = []
    if st.has_tokens is not True:
        problems.append(t("hasTokens is {value}, not true", value=_json(st.has_tokens)))
    wrong_domain = domain_problem(st.domain, ctx)
    if wrong_domain is not None:
        problems.append(wrong_domain)
    if not st.account_id or not st.account_id.isdigit():
        problems.append(t("accountId {value} is not a number", value=_json(st.account_id)))
    return problems


def _connection(ctx: RunContext) -> Fact | None:
    """Whether this run made a connection: held, missing (with why), or unknown."""
    return ctx.facts.get(Need.CONNECTION)


def _success_claimed(ctx: RunContext) -> bool:
    link = ctx.leg.link
    return link is not None and link.success is True and link.code is None


async def status_after(ctx: RunContext) -> CheckResult:
    cid = "status.after"
    ev = Evidence()
    a = await read_status(ctx, ctx.token_a, cid)
    ev.add(a.reply)
    expected = t(
        "connected true, hasTokens true, an amoCRM or Kommo domain (or this profile's host), "
        "a numeric accountId"
    )
    if a.status is None:
        return _unreadable(ctx, cid, a, ev, expected=expected)
    ctx.seen.a_after = a.status
    st = a.status
    actual = shown(a)
    conn = _connection(ctx)
    if not st.connected:
        return _a_not_connected(ctx, cid, conn, expected, actual, ev)
    problems = _plausible(st, ctx)
    if problems:
        incomplete = not st.domain or not st.account_id
        return result(
            ctx,
            cid,
            Status.FAILED,
            t("user A's status is not plausible: {problems}", problems=join("; ", problems)),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect="status-incomplete" if incomplete else None,
        )
    where = {"domain": st.domain, "account": st.account_id}
    variations: list[Text] = []
    if conn is None:
        summary = t("user A is connected to {domain} (account {account})", **where)
    elif conn.held:
        summary = t(
            "after the OAuth leg, user A is connected to {domain} (account {account})", **where
        )
        if _success_claimed(ctx):
            variations.append(t("the connection was made by the callback itself (success=true)"))
    else:
        summary = t(
            "user A is connected to {domain} (account {account}), though this run made no "
            "connection ({reason})",
            reason=conn.reason,
            **where,
        )
    if ctx.seen.a_before is not None and ctx.seen.a_before.connected:
        variations.append(_leftover())
    return result(
        ctx,
        cid,
        Status.PASSED,
        summary,
        expected=expected,
        actual=actual,
        evidence=ev,
        variation=joined(variations),
    )


def _a_not_connected(
    ctx: RunContext, cid: str, conn: Fact | None, expected: Prose, actual: Prose, ev: Evidence
) -> CheckResult:
    if conn is None:
        return result(
            ctx,
            cid,
            Status.BLOCKED,
            t(
                "user A is not connected, and this run made no connection to check "
                "(its OAuth leg was not part of the run)"
            ),
            expected=expected,
            actual=actual,
            evidence=ev,
        )
    if not conn.held:
        return result(
            ctx,
            cid,
            Status.BLOCKED,
            t(
                "no connection was made by this run ({reason}); status shows user A is not "
                "connected",
                reason=conn.reason,
            ),
            expected=expected,
            actual=actual,
            evidence=ev,
        )
    if _success_claimed(ctx):
        summary = t(
            "user A is not connected after the flow: the callback exchanged the code itself "
            "and kept the tokens without a user, then told the app success=true with no code"
        )
        defect = "callback-exchanges"
    else:
        summary = t("user A is not connected although exchange-code answered success")
        defect = "status-not-connected"
    return result(
        ctx,
        cid,
        Status.FAILED,
        summary,
        expected=expected,
        actual=actual,
        evidence=ev,
        defect=defect,
    )


async def _a_after(ctx: RunContext, cid: str, ev: Evidence) -> api.ConnectionStatus | None:
    """User A's status after the leg: what status.after read, else read now."""
    if ctx.selected("status.after") and ctx.seen.a_after is not None:
        return ctx.seen.a_after
    if not ctx.token_a:
        return None
    read = await read_status(ctx, ctx.token_a, cid)
    ev.add(read.reply)
    return read.status


async def isolation_user_b(ctx: RunContext) -> CheckResult:
    cid = "isolation.user-b"
    ev = Evidence()
    b = await read_status(ctx, ctx.token_b, cid)
    ev.add(b.reply)
    expected = t("user B: connected false (user A's connection is A's alone)")
    if b.status is None:
        return _unreadable(ctx, cid, b, ev, expected=expected)
    ctx.seen.b_after = b.status
    a = await _a_after(ctx, cid, ev)
    a_part = t("user A: {status}", status=_short(a))
    actual = join("; ", [a_part, t("user B: {status}", status=shown(b))])
    b_sees = bool(b.status.connected or b.status.has_tokens)
    before = ctx.seen.b_before
    if b_sees and before is not None and (before.connected or before.has_tokens):
        return result(
            ctx,
            cid,
            Status.BLOCKED,
            t(
                "user B was already connected before the run, so this run cannot show whether "
                "user A's connection is A's alone"
            ),
            expected=expected,
            actual=actual,
            evidence=ev,
        )
    if b_sees:
        summary = (
            t(
                "user B sees a connection while only user A connected: tokens are global, not "
                "kept per user"
            )
            if a is not None and a.connected
            else t(
                "user B looks connected although user A is not: the connection is not kept per user"
            )
        )
        return result(
            ctx,
            cid,
            Status.FAILED,
            summary,
            expected=expected,
            actual=actual,
            evidence=ev,
            defect="global-tokens",
        )
    if a is not None and a.connected:
        return result(
            ctx,
            cid,
            Status.PASSED,
            t("user B is not connected while user A is"),
            expected=expected,
            actual=actual,
            evidence=ev,
            variation=_null_variation(b),
        )
    return result(
        ctx,
        cid,
        Status.BLOCKED,
        t(
            "user A is not connected either, so this run cannot show that a connection stays "
            "with its user; user B is not connected"
        ),
        expected=expected,
        actual=actual,
        evidence=ev,
    )


def _short(st: api.ConnectionStatus | None) -> str:
    if st is None:
        return "?"
    return f"connected: {_json(st.connected)}"


# -- step 4 --------------------------------------------------------------------------------


async def disconnect(ctx: RunContext) -> CheckResult:
    cid = "disconnect"
    ev = Evidence()
    got = await api.disconnect(ctx.client, ctx.token_a, check_id=cid)
    ev.add(got)
    expected = t("HTTP 200 {{success: true}}")
    if got.data is None:
        ctx.facts.miss(
            Need.DISCONNECTED,
            Status.BLOCKED,
            t("disconnect did not succeed: {problem}", problem=got.problem_text or ""),
        )
        return result(
            ctx,
            cid,
            Status.FAILED,
            t("disconnect did not succeed: {problem}", problem=got.problem_text or ""),
            expected=expected,
            actual=described(got.reply),
            evidence=ev,
            defect=reply_defect(got.reply),
        )
    ctx.facts.hold(Need.DISCONNECTED)
    conn = _connection(ctx)
    a_after = ctx.seen.a_after
    if conn is not None and not conn.held:
        summary = t("disconnect answered success (this run made no connection for it to end)")
    elif a_after is not None and not a_after.connected:
        summary = t(
            "disconnect answered success (user A was not connected, so there was no "
            "connection to end)"
        )
    else:
        summary = t("disconnect answered success")
    return result(
        ctx,
        cid,
        Status.PASSED,
        summary,
        expected=expected,
        actual=described(got.reply),
        evidence=ev,
    )


async def status_after_disconnect(ctx: RunContext) -> CheckResult:
    cid = "status.after-disconnect"
    ev = Evidence()
    reads = await asyncio.gather(
        read_status(ctx, ctx.token_a, cid),
        *([read_status(ctx, ctx.token_b, cid)] if ctx.token_b else []),
    )
    for read in reads:
        ev.add(read.reply)
    a = reads[0]
    b = reads[1] if len(reads) > 1 else None
    expected = t("user A: connected false; user B: unchanged (not connected)")
    if a.status is None:
        return _unreadable(ctx, cid, a, ev, expected=expected)
    actual = join("; ", [t("user A: {status}", status=shown(a)), *_b_part(b)])
    failures, defect = _after_disconnect_failures(ctx, a, b)
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            join("; ", failures),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect=defect,
        )
    a_after = ctx.seen.a_after
    if a_after is not None and not a_after.connected:
        return result(
            ctx,
            cid,
            Status.BLOCKED,
            t(
                "user A was not connected before the disconnect (see status.after), so this "
                "run cannot show that the disconnect ends a connection; user A is not "
                "connected now"
            ),
            expected=expected,
            actual=actual,
            evidence=ev,
        )
    disconnected = ctx.facts.holds(Need.DISCONNECTED) is True
    if disconnected:
        summary = (
            t("user A is disconnected and user B is unchanged")
            if b is not None
            else t("user A is disconnected")
        )
    else:
        summary = (
            t("user A is not connected; user B is not connected")
            if b is not None
            else t("user A is not connected")
        )
    return result(ctx, cid, Status.PASSED, summary, expected=expected, actual=actual, evidence=ev)


def _after_disconnect_failures(
    ctx: RunContext, a: StatusRead, b: StatusRead | None
) -> tuple[list[Text], str | None]:
    failures: list[Text] = []
    b_connected = False
    if a.connected:
        failures.append(t("user A still looks connected after the disconnect"))
    if b is not None:
        if b.status is None:
            failures.append(t("status as user B failed: {problem}", problem=b.problem or ""))
        else:
            before = ctx.seen.b_before
            leftover = before is not None and before.connected
            b_connected = bool(b.status.connected) and not leftover
            if b_connected:
                failures.append(t("user B looks connected: the connection is shared between users"))
            elif ctx.seen.b_after is not None and ctx.seen.b_after.connected != b.status.connected:
                failures.append(t("user B's status changed when user A disconnected"))
    if b_connected:
        return failures, "global-tokens"
    if a.connected:
        return failures, "disconnect-keeps-tokens"
    return failures, None
