"""The OAuth checks: authorize URL, the browser leg, the callback and its error paths.

How the leg is split, so that no amoCRM code is ever spent twice:

- ``oauth.authorize-url`` builds the URL (client_id, a fresh single-use state, mode),
  checks it, and opens it with the browser command. The consent happens in the
  browser; amoCRM sends the browser to the backend's callback; the callback's answer
  (302, JS redirect, meta refresh, link or button) leads the browser to the deep link,
  which reaches amogui through the OS handler / IPC / paste box, i.e. the inbox. A
  browser command that cannot start fails it at once; one that exits non-zero before any
  deep link came back (an xdg-open that crashed) fails it too.
- ``oauth.deeplink`` waits for that deep link and judges it: scheme, host, path, the
  same state (consumed: single use) and a code. The wait ends as soon as the outcome is
  known: a deep link of this flow arrived (with a code, an error or ``success=true``), the
  browser command exited non-zero, the callback answers 404 (so nothing can come back),
  or the timeout. A link whose state belongs to no flow of this run is a *state
  mismatch*: said in the timeline, and the wait goes on for the right one. The code of a
  link whose state matched is registered as a secret; nothing else a link carries is,
  because anyone can hand amogui a link.
- ``oauth.callback`` needs to know *how* the callback answers, but the answer of the
  real leg was seen by the browser, not by amogui, and replaying the callback with the
  real code could spend it (callback versions 3-5 exchange the code themselves). So it
  sends its own probe: the callback with a made-up code and a fresh state. A callback
  that passes code and state on (the checklist's version) answers the probe with a deep
  link carrying exactly that code and state, in whatever style (recorded as the
  variation); one that exchanges codes itself answers with an error or a code-less
  ``success`` link, which is the double-exchange defect. In versions 3-5 this probe makes
  the backend call amoCRM's token endpoint with the made-up code (amoCRM refuses it).
- ``callback.errors`` sends the callback without a code, with amoCRM's error and with a
  made-up code: each must give an error (or pass-through) deep link, never a 404.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from amogui.backend.client import Reply
from amogui.base.i18n import N_, Text, join, t
from amogui.checks.common import PROBE_CODE, Evidence, described, result, shortened
from amogui.checks.context import (
    BROWSER_EXIT,
    CALLBACK_DEAD,
    LINK,
    TIMEOUT,
    BrowserLaunch,
    Delivery,
    LegEnd,
    RunContext,
)
from amogui.checks.registry import Need
from amogui.oauth import timeline
from amogui.oauth.autobrowser import REFUSED
from amogui.run.state import CheckResult, Prose, Status

POLL = 0.05  # seconds between looks at the browser command while the leg runs
QUICK_EXIT = 2.0  # without a deep-link wait, how long a crashing browser command is given


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


# -- oauth.authorize-url ---------------------------------------------------------------------


async def authorize_url(ctx: RunContext) -> CheckResult:
    from amogui.oauth.authorize import check_authorize_url

    cid = "oauth.authorize-url"
    flow = _registry(ctx).start(ctx.profile, _user_id(ctx.token_a))
    leg = ctx.leg
    leg.flow, leg.state, leg.authorize_url = flow, flow.state, flow.url
    shown = timeline.url(flow.url)
    problems = check_authorize_url(flow.url, ctx.profile)
    ctx.event(timeline.authorize_url_built(flow.url, problems), url=shown)
    expected = t("client_id, state and mode in the authorize URL; opened in a browser")
    if problems:
        ctx.facts.miss(Need.LEG_STARTED, Status.BLOCKED, t("the authorize URL is not valid"))
        return result(ctx, cid, Status.FAILED, join(" ", problems), expected=expected, actual=shown)
    reason: Prose | None = None
    if ctx.browser is None:
        reason = leg.skip_reason or t("no browser command to open the authorize URL")
    elif not ctx.token_a:
        reason = t("no token for user A to exchange the code with")
    if reason is not None:
        leg.skip_reason = reason
        ctx.facts.miss(Need.LEG_STARTED, Status.SKIPPED, reason)
        return result(
            ctx,
            cid,
            Status.SKIPPED,
            t(
                "skipped: the authorize URL is well-formed, but it was not opened: {reason}",
                reason=reason,
            ),
            expected=expected,
            actual=shown,
        )
    return await _open(ctx, cid, expected, shown)


async def _open(ctx: RunContext, cid: str, expected: Text, shown: str) -> CheckResult:
    leg = ctx.leg
    assert ctx.browser is not None and leg.authorize_url is not None
    ctx.inbox.drain()  # a link from an earlier flow must not be taken for this one
    try:
        launch = ctx.browser(leg.authorize_url)
    except Exception as exc:  # a browser command is user input: any failure is a sentence
        ctx.event(timeline.browser_failed(leg.authorize_url, str(exc)))
        why = t("the browser could not be started: {error}", error=str(exc))
        ctx.facts.miss(Need.LEG_STARTED, Status.BLOCKED, why)
        return result(
            ctx,
            cid,
            Status.FAILED,
            t("the authorize URL could not be opened: {error}", error=str(exc)),
            expected=expected,
            actual=shown,
        )
    leg.launch, leg.browser_opened = launch, True
    ctx.facts.hold(Need.LEG_STARTED)  # the deep-link wait starts now
    how = str(getattr(launch, "how", "") or "the browser")
    ctx.event(timeline.browser_opened(leg.authorize_url, how))
    code = await _browser_fate(ctx, launch)
    if code:
        said = _builtin_said(launch)
        summary = (
            _gave_up(said)
            if said
            else t(
                "the browser command exited with code {code} before any deep link came back: "
                "the authorize URL was not opened, or the browser gave up",
                code=code,
            )
        )
        return result(ctx, cid, Status.FAILED, summary, expected=expected, actual=shown)
    return result(
        ctx,
        cid,
        Status.PASSED,
        t("the authorize URL has client_id, state and mode and was opened in the browser"),
        expected=expected,
        actual=shown,
    )


def _builtin_said(launch: BrowserLaunch | None) -> str | None:
    """Why the built-in stand-in browser gave up, in its own sentence (None for any other
    browser: a command's exit code says no more than that it failed)."""
    if launch is None or not getattr(launch, "builtin", False):
        return None
    error = getattr(launch, "error", None)
    return str(error) if error else None


def _gave_up(said: str) -> Text:
    return t("the built-in browser gave up: {why}", why=said)


def _watchable(launch: BrowserLaunch | None) -> bool:
    # A Launch of the desktop's own browser has no process to watch; the built-in
    # stand-in browser has none either, but says when it ended (`Launch.watchable`).
    if launch is None:
        return False
    return bool(getattr(launch, "watchable", getattr(launch, "process", True) is not None))


async def _browser_fate(ctx: RunContext, launch: BrowserLaunch | None) -> int | None:
    """The exit code that fails the browser command, or None when it did its job.

    With the deep-link wait running, the leg's end decides (the same end whatever order
    the process and the leg were seen in); a non-zero exit that the callback explains (it
    answers 404) or that came after the deep link is not the browser's failure. Without
    the wait, a command that exits non-zero within `QUICK_EXIT` failed."""
    if not _watchable(launch):
        return None
    assert launch is not None
    leg = ctx.leg
    if not ctx.selected("oauth.deeplink"):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + QUICK_EXIT
        while loop.time() < deadline:
            code = launch.wait(0)
            if code is not None:
                return code or None
            await asyncio.sleep(POLL)
        return None
    while not leg.over.is_set():
        if launch.wait(0) == 0:
            return None
        await asyncio.sleep(POLL)
    end = leg.end
    return end.exit_code if end is not None and end.how == BROWSER_EXIT else None


# -- oauth.deeplink --------------------------------------------------------------------------


def foreign_state(ctx: RunContext, link: Any) -> Text | None:
    """Why `link` cannot be this run's deep link (its state belongs to no flow waiting
    here), without using the state up; None when it may be. For a paste box to say so at
    once; the wait refuses such a link the same way."""
    if not link.state or ctx.registry is None or ctx.leg.state is None:
        return None
    from amogui.oauth.authorize import Consume

    found = _registry(ctx).check(link.state)
    if found is Consume.OK:
        return None
    return t("state mismatch: {reason}", reason=found.reason)


async def deeplink(ctx: RunContext) -> CheckResult:
    cid = "oauth.deeplink"
    leg = ctx.leg
    expected = t(
        "{prefix}?code=...&state=... (the state sent) within {seconds} s",
        prefix=ctx.profile.deeplink_prefix,
        seconds=f"{ctx.deeplink_timeout:g}",
    )
    try:
        end = await _wait_for_link(ctx)
    finally:
        if not leg.over.is_set():
            leg.finish(LegEnd(TIMEOUT, t("the wait for the deep link was cut short")))
    leg.finish(end)
    ctx.facts.hold(Need.LEG_OVER)
    ctx.event(timeline.leg_over(end.reason))
    if end.how != LINK:
        return _no_link(ctx, cid, end, expected)
    return _judge_link(ctx, cid, expected)


async def _wait_for_link(ctx: RunContext) -> LegEnd:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ctx.deeplink_timeout
    probe = (
        asyncio.ensure_future(ctx.finished("oauth.callback"))
        if ctx.selected("oauth.callback")
        else None
    )
    try:
        while True:
            delivery = ctx.inbox.take()
            if delivery is None:
                decided = await _leg_decided(ctx, probe, deadline)
                if isinstance(decided, LegEnd):
                    return decided
                delivery = decided or await ctx.inbox.wait(POLL, ctx.cancel)
                if delivery is None:
                    if ctx.cancelled:
                        raise asyncio.CancelledError
                    continue
            end = _take(ctx, delivery)
            if end is not None:
                return end
    finally:
        if probe is not None:
            probe.cancel()


async def _leg_decided(
    ctx: RunContext, probe: asyncio.Future[Any] | None, deadline: float
) -> LegEnd | Delivery | None:
    """How the leg ended when no deep link can be waited for any more; a link that came
    in just before the browser command ended; None: wait on."""
    if probe is not None and probe.done() and ctx.seen.callback_dead is not None:
        return LegEnd(CALLBACK_DEAD, ctx.seen.callback_dead)
    launch = ctx.leg.launch
    code = launch.wait(0) if launch is not None else None
    if code:
        late = ctx.inbox.take()  # handed on just before the command ended
        if late is not None:
            return late
        if probe is not None:
            await asyncio.shield(probe)
            # The browser gave up, and the callback fails a probe too: the callback is why.
            explained = ctx.seen.callback_dead or ctx.seen.callback_failing
            if explained is not None:
                return LegEnd(CALLBACK_DEAD, explained)
        ctx.event(timeline.browser_exited(code))
        return LegEnd(
            BROWSER_EXIT,
            t(
                "the browser command exited with code {code} before a deep link came back",
                code=code,
            ),
            code,
        )
    if asyncio.get_running_loop().time() >= deadline:
        return LegEnd(
            TIMEOUT,
            t(
                "no deep link reached amogui within {seconds} s",
                seconds=f"{ctx.deeplink_timeout:g}",
            ),
        )
    return None


def _take(ctx: RunContext, delivery: Delivery) -> LegEnd | None:
    """The leg's end when `delivery` belongs to this flow; None (and a timeline entry)
    when its state belongs to no flow waiting here, so the wait goes on."""
    from amogui.base.redact import REDACTOR
    from amogui.oauth.authorize import Consume
    from amogui.oauth.deeplink import DeepLink, parse_deeplink

    leg = ctx.leg
    link = parse_deeplink(delivery.url, ctx.profile, require_state=False)
    if not isinstance(link, DeepLink):
        ctx.event(timeline.deeplink_rejected(link.url, delivery.via, link.reason))
        leg.delivery, leg.link = delivery, link
        return LegEnd(
            LINK,
            t(
                "a deep link that is not valid arrived via {via}",
                via=timeline.via_words(delivery.via),
            ),
        )
    if link.state:
        consumed = _registry(ctx).consume(link.state)
        if consumed is not Consume.OK:
            ctx.event(timeline.state_mismatch(link.url, delivery.via, consumed.reason))
            return None
        leg.tied = True
        if link.code:
            REDACTOR.add_secret(link.code)  # a credential of this flow until exchanged
    leg.delivery, leg.link = delivery, link
    leg.code = link.code
    ctx.event(timeline.deeplink_received(link.url, delivery.via))
    return LegEnd(LINK, t("a deep link arrived via {via}", via=timeline.via_words(delivery.via)))


def _no_link(ctx: RunContext, cid: str, end: LegEnd, expected: Text) -> CheckResult:
    said = _builtin_said(ctx.leg.launch) if end.how == BROWSER_EXIT else None
    refused = said is not None and end.exit_code == REFUSED
    if refused:
        why = t("the built-in browser did not visit the authorize URL: {why}", why=said)
        end = LegEnd(end.how, why, end.exit_code)
    elif said is not None:
        end = LegEnd(end.how, _gave_up(said), end.exit_code)
    ctx.facts.miss(Need.CODE, Status.BLOCKED, end.reason)
    ctx.facts.miss(Need.CONNECTION, Status.BLOCKED, end.reason)
    nothing = t("nothing arrived")
    if refused:
        # The built-in browser refused the URL before any request: nothing the backend did
        # was seen, so nothing of it is judged (oauth.authorize-url fails and says why).
        return result(
            ctx,
            cid,
            Status.BLOCKED,
            t("blocked: {reason}", reason=end.reason),
            expected=expected,
            actual=nothing,
        )
    if end.how == BROWSER_EXIT:
        # A command's exit code cannot tell a browser that never opened the URL from one
        # that could not hand the deep link to the OS (no handler registered): either way
        # no deep link reached amogui, and oauth.authorize-url says the browser gave up.
        return result(
            ctx,
            cid,
            Status.FAILED,
            t("no deep link reached amogui: {reason}", reason=end.reason),
            expected=expected,
            actual=nothing,
            defect="callback-redirect",
        )
    if end.how == CALLBACK_DEAD:
        # The evidence is the probe that found the callback leading nowhere.
        ev = Evidence()
        ev.add(list(ctx.seen.callback_evidence))
        return result(
            ctx,
            cid,
            Status.FAILED,
            t("no deep link can come back: {reason}", reason=end.reason),
            expected=expected,
            actual=nothing,
            evidence=ev,
            defect="callback-404" if ctx.seen.callback_dead is not None else "callback-redirect",
        )
    return result(
        ctx,
        cid,
        Status.FAILED,
        end.reason,
        expected=expected,
        actual=nothing,
        defect="callback-redirect",
    )


def _judge_link(ctx: RunContext, cid: str, expected: Text) -> CheckResult:
    from amogui.oauth.authorize import Consume
    from amogui.oauth.deeplink import DeepLink

    leg = ctx.leg
    link, delivery = leg.link, leg.delivery
    assert delivery is not None
    if not isinstance(link, DeepLink):
        why = t("the deep link that arrived is not valid: {reason}", reason=link.reason)
        ctx.facts.miss(Need.CODE, Status.BLOCKED, why)
        ctx.facts.miss(Need.CONNECTION, Status.BLOCKED, why)
        return result(
            ctx,
            cid,
            Status.FAILED,
            why,
            expected=expected,
            actual=link.url,
            defect="callback-redirect",
        )
    actual = t("{link} (via {via})", link=link.redacted(), via=timeline.via_words(delivery.via))
    if link.code is not None:
        ctx.facts.hold(Need.CODE)
    failures: list[Text] = []
    defect: str | None = "callback-redirect"
    if link.code is None:
        failures.append(_codeless(ctx, link))
        if link.error == "access_denied":
            defect = None  # the tester said no; nothing the backend did
    elif not leg.tied:
        failures.append(
            t(
                "the deep link carries a code but no state, so it cannot be tied to the flow "
                "amogui started (the code is exchanged all the same, as the app would)"
            )
        )
    if leg.tied and _registry(ctx).consume(link.state) is not Consume.REUSED:
        failures.append(t("the state was accepted twice"))
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            join("; ", failures),
            expected=expected,
            actual=actual,
            defect=defect,
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        t(
            "the deep link arrived via {via} with a code and the same state",
            via=timeline.via_words(delivery.via),
        ),
        expected=expected,
        actual=actual,
    )


def _codeless(ctx: RunContext, link: Any) -> Text:
    """Why a deep link without a code is a failure; settles the code and the connection."""
    if link.success:
        ctx.facts.hold(Need.CONNECTION)  # the callback says it connected
        ctx.facts.miss(
            Need.CODE,
            Status.BLOCKED,
            t("the deep link carried no code: the callback exchanged it itself (success=true)"),
        )
        return t(
            "the deep link says success=true but carries no code: the callback exchanged the "
            "code itself, so the app cannot connect its user"
        )
    if link.error == "access_denied":
        why = t("the consent was denied in the browser (error=access_denied)")
    elif link.error is not None:
        why = t("the deep link carries error={error} instead of a code", error=_quoted(link.error))
    else:
        why = t("the deep link says success=false and carries no code")
    ctx.facts.miss(Need.CODE, Status.BLOCKED, why)
    ctx.facts.miss(Need.CONNECTION, Status.BLOCKED, why)
    return why


def _quoted(value: str) -> str:
    return '"' + value[:200].replace('"', '\\"') + '"'


# -- the callback probes -----------------------------------------------------------------------


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


def _answer_problem(reply: Reply, found: Any) -> tuple[Prose, str] | None:
    """(sentence, defect) when the callback's answer leads nowhere."""
    if reply.error_text is not None:
        return reply.error_text, "callback-redirect"
    if reply.status == 404:
        return t("the callback answered 404: the route is missing"), "callback-404"
    if reply.status is not None and reply.status >= 500:
        return t("the callback answered HTTP {status}", status=reply.status), "callback-redirect"
    if found is None:
        return (
            t(
                "the callback answered HTTP {status} with no way back to the app (no Location, "
                "JS redirect, meta refresh, link or button to the deep link)",
                status=reply.status,
            ),
            "callback-redirect",
        )
    return None


def _style(found: Any) -> Text | None:
    from amogui.oauth.extract import HOW_LOCATION

    if found.how == HOW_LOCATION:
        return None
    if found.how in ("link", "button"):
        return t(
            "callback answered a 200 HTML page with a {how} to the deep link",
            how=timeline.how_words(found.how),
        )
    return t("callback answered a 200 HTML page with a {how}", how=timeline.how_words(found.how))


def _raw_params(url: str) -> dict[str, str]:
    """The query of a link as any lenient reader sees it (for a link the parser refused)."""
    try:
        return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    except ValueError:
        return {}


async def callback(ctx: RunContext) -> CheckResult:
    from amogui.oauth.deeplink import DeepLink, parse_deeplink

    cid = "oauth.callback"
    ev = Evidence()
    probe_state = "amogui-probe-" + secrets.token_urlsafe(9)
    reply, found = await _call_callback(ctx, cid, {"code": PROBE_CODE, "state": probe_state})
    ev.add(reply)
    ctx.event(timeline.callback_answered(reply.status, found))
    expected = t(
        "a deep link carrying the same code and state (302, or an HTML page leading there)"
    )
    problem = _answer_problem(reply, found)
    if problem:
        ctx.seen.callback_evidence = list(ev.ids)
        if problem[1] == "callback-404":
            ctx.seen.callback_dead = t("the callback answers 404 to a probe: its route is missing")
        else:
            ctx.seen.callback_failing = t(
                "the callback leads nowhere for a probe either: {problem}", problem=problem[0]
            )
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
    link = parse_deeplink(found.url, ctx.profile, require_state=False)
    params = link.params if isinstance(link, DeepLink) else _raw_params(found.url)
    failures: list[Text] = []
    if params.get("code") != PROBE_CODE:
        ctx.seen.callback_exchanges = True
        what = (
            "success=" + params["success"]
            if "success" in params and "error" not in params
            else "error=" + _quoted(params.get("error", ""))
        )
        failures.append(
            t(
                "the callback did not pass the code on but answered {what}: it exchanges the "
                "code itself, so the app's exchange-code finds the code spent",
                what=what,
            )
        )
    else:
        ctx.seen.callback_exchanges = False
    if not isinstance(link, DeepLink):
        failures.append(t("the callback's deep link is not valid: {reason}", reason=link.reason))
    elif params.get("state") != probe_state:
        failures.append(t("the callback's deep link does not carry the state it was given"))
    actual = join(": ", [timeline.how_words(found.how), timeline.url(found.url)])
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            join("; ", failures),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect="callback-redirect",
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        t("the callback passes code and state on by {how}", how=timeline.how_words(found.how)),
        expected=expected,
        actual=actual,
        evidence=ev,
        variation=_style(found),
    )


ERROR_CASES: tuple[tuple[str, dict[str, str], bool], ...] = (
    # (label, query, must the link carry an error?)
    (N_("without a code"), {}, True),
    (N_("with amoCRM's error"), {"error": "access_denied"}, True),
    (N_("with a made-up code"), {"code": PROBE_CODE}, False),
)


async def callback_errors(ctx: RunContext) -> CheckResult:
    from amogui.oauth.deeplink import DeepLink, parse_deeplink

    cid = "callback.errors"
    ev = Evidence()
    failures: list[Text] = []
    defect = "callback-redirect"
    seen: list[Text] = []
    no_state = False
    states = ["amogui-probe-" + secrets.token_urlsafe(9) for _ in ERROR_CASES]
    answers = await asyncio.gather(
        *(
            _call_callback(ctx, cid, {**query, "state": state})
            for (_, query, _), state in zip(ERROR_CASES, states, strict=True)
        )
    )
    for (name, _, needs_error), state, (reply, found) in zip(
        ERROR_CASES, states, answers, strict=True
    ):
        label = t(name)
        ev.add(reply)
        problem = _answer_problem(reply, found)
        if problem:
            failures.append(join(": ", [label, problem[0]]))
            defect = problem[1] if problem[1] == "callback-404" else defect
            seen.append(join(": ", [label, shortened(described(reply), 80)]))
            continue
        link = parse_deeplink(found.url, ctx.profile, require_state=False)
        how = timeline.how_words(found.how)
        seen.append(join(" -> ", [join(": ", [label, how]), timeline.url(found.url)]))
        if not isinstance(link, DeepLink):
            failures.append(
                t("{label}: the deep link is not valid: {reason}", label=label, reason=link.reason)
            )
            continue
        if needs_error and link.error is None:
            failures.append(t("{label}: the deep link carries no error", label=label))
        no_state = no_state or link.state != state
    expected = t("an error deep link (e.g. ?error=missing_code), never a 404 or a dead end")
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            join("; ", failures),
            expected=expected,
            actual=join("; ", seen),
            evidence=ev,
            defect=defect,
        )
    return result(
        ctx,
        cid,
        Status.PASSED,
        t(
            "the callback answers a missing code, amoCRM's error and a made-up code with a "
            "deep link back to the app"
        ),
        expected=expected,
        actual=join("; ", seen),
        evidence=ev,
        variation=t("the error deep links carry no state") if no_state else None,
    )
