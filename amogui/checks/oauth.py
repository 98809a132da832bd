"""The OAuth checks: authorize URL, the browser leg, the callback and its error paths.

How the leg is split, so that no amoCRM code is ever spent twice:

- ``oauth.authorize-url`` builds the URL (client_id, a fresh single-use state, mode),
  checks it, and opens it with the browser command. The consent happens in the
  browser; amoCRM sends the browser to the backend's callback; the callback's answer
  (302, JS redirect, meta refresh, link or button) leads the browser to the deep link,
  which reaches amogui through the OS handler / IPC / paste box, i.e. the inbox.
- ``oauth.deeplink`` waits for that deep link and judges it: scheme, host, path, the
  same state (consumed: single use) and a code. The code is kept for ``exchange.code``,
  which spends it exactly once.
- ``oauth.callback`` needs to know *how* the callback answers, but the answer of the
  real leg was seen by the browser, not by amogui, and replaying the callback with the
  real code could spend it (callback versions 3-5 exchange the code themselves). So it
  sends its own probe: the callback with a made-up code and a fresh state. A callback
  that passes code and state on (the checklist's version) answers the probe with a deep
  link carrying exactly that code and state, in whatever style (recorded as the
  variation); one that exchanges codes itself answers with an error or a code-less
  ``success`` link, which is the double-exchange defect. The real deep link from the
  leg shows that the same callback also led the browser back.
- ``callback.errors`` sends the callback without a code, with amoCRM's error and with a
  made-up code: each must give an error (or pass-through) deep link, never a 404.
"""

from __future__ import annotations

import secrets
from typing import Any

from amogui.backend.client import Reply
from amogui.checks.common import PROBE_CODE, Evidence, described, result
from amogui.checks.context import RunContext
from amogui.run.state import CheckResult, Status


def _registry(ctx: RunContext) -> Any:
    from amogui.oauth.authorize import FlowRegistry

    if ctx.registry is None:
        ctx.registry = FlowRegistry()
    return ctx.registry


def _user_id(token: str | None) -> str | None:
    if not token:
        return None
    from amogui.settings.jwtinfo import claims

    return claims(token).user_id


async def authorize_url(ctx: RunContext) -> CheckResult:
    from amogui.oauth.authorize import check_authorize_url

    cid = "oauth.authorize-url"
    flow = _registry(ctx).start(ctx.profile, _user_id(ctx.token_a))
    leg = ctx.leg
    leg.flow, leg.state, leg.authorize_url = flow, flow.state, flow.url
    shown = _redacted(flow.url)
    ctx.event("authorize-url", shown)
    problems = check_authorize_url(flow.url, ctx.profile)
    expected = "client_id, state and mode in the authorize URL; opened in a browser"
    if problems:
        return result(ctx, cid, Status.FAILED, " ".join(problems), expected=expected, actual=shown)
    if ctx.browser is None:
        leg.skip_reason = leg.skip_reason or "no browser command to open the authorize URL"
        return result(
            ctx,
            cid,
            Status.PASSED,
            "the authorize URL is well-formed (not opened: no browser command)",
            expected=expected,
            actual=shown,
        )
    if not ctx.token_a:
        leg.skip_reason = "no token for user A to exchange the code with"
        return result(
            ctx,
            cid,
            Status.PASSED,
            "the authorize URL is well-formed (not opened: no user A)",
            expected=expected,
            actual=shown,
        )
    ctx.inbox.drain()  # a link from an earlier flow must not be taken for this one
    try:
        ctx.browser(flow.url)
    except Exception as exc:  # a browser command is user input: any failure is a sentence
        leg.skip_reason = f"the browser could not be opened: {exc}"
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"the authorize URL could not be opened: {exc}",
            expected=expected,
            actual=shown,
        )
    leg.browser_opened = True
    ctx.event("browser-opened", "the authorize URL was opened in the browser")
    return result(
        ctx,
        cid,
        Status.PASSED,
        "the authorize URL has client_id, state and mode and was opened in the browser",
        expected=expected,
        actual=shown,
    )


def _redacted(url: str) -> str:
    from amogui.base.redact import REDACTOR

    return str(REDACTOR.url(url))


async def deeplink(ctx: RunContext) -> CheckResult:
    from amogui.oauth.authorize import Consume
    from amogui.oauth.deeplink import DeepLink, parse_deeplink

    cid = "oauth.deeplink"
    leg = ctx.leg
    if not leg.browser_opened:
        reason = leg.skip_reason or "the authorize URL was not opened"
        return result(ctx, cid, Status.SKIPPED, f"skipped: {reason}")
    expected = f"{ctx.profile.deeplink_prefix}?code=...&state=<the state sent> within "
    expected += f"{ctx.deeplink_timeout:g} s"
    delivery = await ctx.inbox.wait(ctx.deeplink_timeout, ctx.cancel)
    if delivery is None:
        why = "the run was cancelled" if ctx.cancelled else "timeout"
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"no deep link reached amogui within {ctx.deeplink_timeout:g} s ({why})",
            expected=expected,
            actual="nothing arrived",
            defect="callback-redirect",
        )
    leg.delivery = delivery
    link = parse_deeplink(delivery.url, ctx.profile, require_state=False)
    if not isinstance(link, DeepLink):
        ctx.event("deeplink", link.url, delivery.via)
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"the deep link that arrived is not valid: {link.reason}",
            expected=expected,
            actual=link.url,
            defect="callback-redirect",
        )
    shown = link.redacted()
    ctx.event("deeplink", shown, delivery.via)
    failures: list[str] = []
    if link.code is None:
        if link.success:
            failures.append(
                "the deep link says success=true but carries no code: the callback "
                "exchanged the code itself, so the app cannot connect its user"
            )
        else:
            failures.append(f"the deep link carries error={link.error!r} instead of a code")
    else:
        leg.code = link.code
    registry = _registry(ctx)
    consumed = registry.consume(link.state)
    if consumed is not Consume.OK:
        failures.append(consumed.reason)
    elif registry.consume(link.state) is not Consume.REUSED:
        failures.append("the state was accepted twice")
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            " ".join(failures),
            expected=expected,
            actual=f"{shown} (via {delivery.via})",
            defect="callback-redirect",
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        f"the deep link arrived via {delivery.via} with a code and the same state",
        expected=expected,
        actual=f"{shown} (via {delivery.via})",
    )


async def _call_callback(ctx: RunContext, cid: str, params: dict[str, str]) -> tuple[Reply, Any]:
    """GET the callback (following http redirects) and find the deep link it leads to."""
    from amogui.oauth.extract import find_deeplink

    reply = await ctx.client.get(
        "callback",
        params=params,
        check_id=cid,
        follow_redirects=True,
        headers={"Accept": "text/html,application/json;q=0.9,*/*;q=0.8"},
    )
    if reply.error or reply.status is None:
        return reply, None
    found = find_deeplink(
        reply.status, reply.headers.multi_items(), reply.text, ctx.profile.deeplink_prefix
    )
    return reply, found


def _answer_problem(reply: Reply, found: Any) -> tuple[str, str] | None:
    """(sentence, defect) when the callback's answer leads nowhere."""
    if reply.error:
        return reply.error, "callback-redirect"
    if reply.status == 404:
        return "the callback answered 404: the route is missing", "callback-404"
    if reply.status is not None and reply.status >= 500:
        return f"the callback answered HTTP {reply.status}", "callback-redirect"
    if found is None:
        return (
            f"the callback answered HTTP {reply.status} with no way back to the app "
            "(no Location, JS redirect, meta refresh, link or button to the deep link)",
            "callback-redirect",
        )
    return None


def _style(found: Any) -> str | None:
    from amogui.oauth.extract import HOW_LOCATION

    if found.how == HOW_LOCATION:
        return None
    if found.how in ("link", "button"):
        return f"callback answered a 200 HTML page with a {found.how} to the deep link"
    return f"callback answered a 200 HTML page with a {found.how}"


async def callback(ctx: RunContext) -> CheckResult:
    from amogui.oauth.deeplink import DeepLink, parse_deeplink

    cid = "oauth.callback"
    if not ctx.leg.browser_opened:
        reason = ctx.leg.skip_reason or "the authorize URL was not opened"
        return result(ctx, cid, Status.SKIPPED, f"skipped: {reason}")
    ev = Evidence()
    probe_state = "amogui-probe-" + secrets.token_urlsafe(9)
    reply, found = await _call_callback(ctx, cid, {"code": PROBE_CODE, "state": probe_state})
    ev.add(reply)
    expected = "a deep link carrying the same code and state (302, or an HTML page leading there)"
    problem = _answer_problem(reply, found)
    if problem:
        return result(
            ctx,
            cid,
            Status.FAILED,
            problem[0],
            expected=expected,
            actual=described(reply),
            evidence=ev,
            defect=problem[1],
        )
    ctx.event("callback", f"the callback answers with a {found.how}", found.slug)
    link = parse_deeplink(found.url, ctx.profile, require_state=False)
    failures = []
    if not isinstance(link, DeepLink):
        failures.append(f"the callback's deep link is not valid: {link.reason}")
    else:
        if link.code != PROBE_CODE:
            what = "success=true" if link.success else f"error={link.error!r}"
            failures.append(
                f"the callback did not pass the code on but answered {what}: it exchanges "
                "the code itself, so the app's exchange-code finds the code spent"
            )
        if link.state != probe_state:
            failures.append("the callback's deep link does not carry the state it was given")
    actual = f"{found.how}: {_redacted(found.url)}"
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            " ".join(failures),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect="callback-redirect",
        )
    arrived = " and led the browser back to amogui" if ctx.leg.delivery else ""
    return result(
        ctx,
        cid,
        Status.PASSED,
        f"the callback passes code and state on by {found.how}{arrived}",
        expected=expected,
        actual=actual,
        evidence=ev,
        variation=_style(found),
    )


ERROR_CASES: tuple[tuple[str, dict[str, str], bool], ...] = (
    # (label, query, must the link carry an error?)
    ("without a code", {}, True),
    ("with amoCRM's error", {"error": "access_denied"}, True),
    ("with a made-up code", {"code": PROBE_CODE}, False),
)


async def callback_errors(ctx: RunContext) -> CheckResult:
    from amogui.oauth.deeplink import DeepLink, parse_deeplink

    cid = "callback.errors"
    ev = Evidence()
    failures: list[str] = []
    defect = "callback-redirect"
    seen: list[str] = []
    no_state = False
    for label, query, needs_error in ERROR_CASES:
        state = "amogui-probe-" + secrets.token_urlsafe(9)
        reply, found = await _call_callback(ctx, cid, {**query, "state": state})
        ev.add(reply)
        problem = _answer_problem(reply, found)
        if problem:
            failures.append(f"{label}: {problem[0]}")
            defect = problem[1] if problem[1] == "callback-404" else defect
            seen.append(f"{label}: {described(reply)[:80]}")
            continue
        link = parse_deeplink(found.url, ctx.profile, require_state=False)
        seen.append(f"{label}: {found.how} -> {_redacted(found.url)}")
        if not isinstance(link, DeepLink):
            failures.append(f"{label}: the deep link is not valid: {link.reason}")
            continue
        if needs_error and link.error is None:
            failures.append(f"{label}: the deep link carries no error")
        no_state = no_state or link.state != state
    expected = "an error deep link (e.g. ?error=missing_code), never a 404 or a dead end"
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            "; ".join(failures),
            expected=expected,
            actual="; ".join(seen),
            evidence=ev,
            defect=defect,
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        "the callback answers a missing code, amoCRM's error and a made-up code with a "
        "deep link back to the app",
        expected=expected,
        actual="; ".join(seen),
        evidence=ev,
        variation="the error deep links carry no state" if no_state else None,
    )
