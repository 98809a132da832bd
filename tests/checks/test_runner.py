"""The runner: scheduling by need, the registry's order whatever the interleaving, at most
`concurrency` requests in flight, skipping and blocking with the reason, never raising,
manual verdicts win, cancel."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from amogui.backend.client import BackendClient, Recorder
from amogui.checks.common import Evidence, result
from amogui.checks.context import DeepLinkInbox, RunContext
from amogui.checks.events import CheckFinished, CheckStarted, LegEvent
from amogui.checks.registry import CHECK_IDS, Need
from amogui.checks.runner import Runner, UnknownCheckError, select
from amogui.checks.verdicts import step_status, step_verdict
from amogui.oauth import timeline
from amogui.run.state import CheckResult, Run, Status, TimelineEvent
from amogui.settings.profiles import Profile

Fake = Callable[[RunContext], Awaitable[CheckResult]]


def passing(cid: str, log: list[str], delay: float = 0.0) -> Fake:
    async def check(ctx: RunContext) -> CheckResult:
        await asyncio.sleep(delay)
        log.append(cid)  # in the order the checks finish
        return result(ctx, cid, Status.PASSED, f"{cid} ok")

    return check


def fakes(log: list[str], **delays: float) -> dict[str, Fake]:
    return {
        cid: passing(cid, log, delays.get(cid.replace(".", "_").replace("-", "_"), 0.0))
        for cid in CHECK_IDS
    }


class Counting(httpx.AsyncBaseTransport):
    """A backend that answers every request after a pause, counting those in flight."""

    def __init__(self, pause: float = 0.01) -> None:
        self.pause = pause
        self.now = 0
        self.most = 0
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.now += 1
        self.most = max(self.most, self.now)
        self.paths.append(request.url.path)
        try:
            await asyncio.sleep(self.pause)
        finally:
            self.now -= 1
        return httpx.Response(200, json={"success": True, "data": None})


def go(
    functions: dict[str, Fake],
    only: list[str] | None = None,
    setup: Callable[[RunContext], Any] | None = None,
    concurrency: int | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[dict[str, CheckResult], RunContext, list[Any]]:
    async def scenario() -> tuple[dict[str, CheckResult], RunContext, list[Any]]:
        events: list[Any] = []
        run = Run()
        recorder = Recorder(on_exchange=run.exchanges.append)
        profile = Profile("t", "http://x.test", rate_limit=0.0)  # no politeness pause
        async with BackendClient(profile, recorder, transport=transport) as client:
            ctx = RunContext(profile=profile, client=client, run=run, token_a="a", token_b="b")
            ctx.on_event = events.append
            if setup:
                setup(ctx)
            results = await Runner(ctx, concurrency, functions).run(only)
        return results, ctx, events

    return asyncio.run(scenario())


def finished(events: list[Any]) -> list[str]:
    return [e.check_id for e in events if isinstance(e, CheckFinished)]


def test_results_come_in_the_registry_order_whatever_finishes_first() -> None:
    log: list[str] = []
    # The first checks are the slowest: they finish last, yet are recorded first.
    functions = fakes(log, status_before=0.2, exchange_auth=0.1)
    seen: list[str] = []
    results, ctx, events = go(
        functions, setup=lambda c: setattr(c, "on_result", lambda r: seen.append(r.check_id))
    )
    assert list(results) == list(CHECK_IDS) == seen == finished(events)
    assert list(ctx.run.checks) == list(CHECK_IDS)
    assert log.index("callback.errors") < log.index("exchange.auth")  # finished first
    starts = [e.check_id for e in events if isinstance(e, CheckStarted)]
    assert sorted(starts) == sorted(CHECK_IDS)
    assert all(r.duration_ms >= 0 and r.started_at for r in results.values())


def test_a_check_waits_for_what_it_needs_and_what_comes_before_it() -> None:
    log: list[str] = []
    functions = fakes(log, status_before=0.1, exchange_code=0.1, leads_filter=0.1)
    go(functions)
    # The leg starts after status was read before connecting.
    assert log.index("oauth.authorize-url") > log.index("status.before")
    assert log.index("status.after") > log.index("exchange.code")
    assert log.index("disconnect") > max(log.index("leads.filter"), log.index("leads.load"))
    assert log[-1] == "status.after-disconnect"


def test_a_need_that_cannot_hold_blocks_with_the_reason() -> None:
    log: list[str] = []
    functions = fakes(log)

    async def fails(ctx: RunContext) -> CheckResult:
        return result(ctx, "exchange.code", Status.FAILED, "HTTP 500")

    functions["exchange.code"] = fails
    results, _, _ = go(functions)
    for cid in ("leads.filter", "status.after-disconnect"):
        got = results[cid]
        assert got.status is Status.BLOCKED, cid
        assert str(got.summary) == "blocked: exchange.code failed: HTTP 500"
        assert str(got.expected)  # what it would have proved
        assert cid not in log
    # Status can be read whatever the exchange did: those checks run and say what they see.
    for cid in ("status.after", "isolation.user-b", "leads.load", "disconnect"):
        assert results[cid].status is Status.PASSED and cid in log


def test_a_need_the_setup_lacks_skips_with_the_reason() -> None:
    log: list[str] = []
    functions = fakes(log)

    async def no_browser(ctx: RunContext) -> CheckResult:
        ctx.facts.miss(Need.LEG_STARTED, Status.SKIPPED, "no browser command")
        return result(ctx, "oauth.authorize-url", Status.SKIPPED, "skipped: no browser command")

    functions["oauth.authorize-url"] = no_browser
    results, _, _ = go(functions, setup=lambda c: setattr(c, "token_b", None))
    for cid in ("oauth.deeplink", "exchange.code", "status.after", "leads.filter"):
        assert results[cid].status is Status.SKIPPED, cid
        assert str(results[cid].summary) == "skipped: no browser command"
    assert str(results["isolation.user-b"].summary) == "skipped: no token for user B"
    assert results["oauth.callback"].status is Status.PASSED  # probes without the leg
    assert results["leads.load"].status is Status.PASSED


def test_a_raising_check_fails_alone() -> None:
    log: list[str] = []
    functions = fakes(log)

    async def boom(ctx: RunContext) -> CheckResult:
        raise KeyError("stageId")

    functions["leads.load"] = boom
    results, _, _ = go(functions)
    assert results["leads.load"].status is Status.FAILED
    assert str(results["leads.load"].summary) == "the check itself failed: KeyError: 'stageId'"
    assert results["leads.filter"].status is Status.PASSED
    assert results["status.after-disconnect"].status is Status.PASSED


def test_a_check_that_outlasts_its_deadline_fails_and_the_run_goes_on() -> None:
    functions = fakes([])

    async def hangs(ctx: RunContext) -> CheckResult:
        await ctx.client.get("/leads", check_id="leads.load")  # made before it hung
        await asyncio.Event().wait()  # a backend that never finishes the next page
        raise AssertionError("never reached")

    functions["leads.load"] = hangs
    results, ctx, _ = go(
        functions,
        setup=lambda c: setattr(c.profile, "check_timeout", 0.2),
        transport=Counting(pause=0.0),
    )
    got = results["leads.load"]
    assert got.status is Status.FAILED
    assert str(got.summary) == (
        "the check leads.load did not finish within 0.2 s (its deadline); it was stopped"
    )
    assert str(got.expected) == "leads load (all pages)"
    # The request it made is its evidence, numbered like any other.
    assert got.evidence == [x.id for x in ctx.run.exchanges if x.check_id == "leads.load"]
    assert len(got.evidence) == 1
    # The run went on: every other check ran, the disconnect after it too.
    others = {cid: r.status for cid, r in results.items() if cid != "leads.load"}
    assert set(others.values()) == {Status.PASSED} and len(others) == len(CHECK_IDS) - 1


def test_waiting_for_another_check_does_not_use_up_the_deadline() -> None:
    """The clock of a check stops while it waits for another check's result; the checks of
    the OAuth leg get the deep-link wait on top of the per-check deadline."""
    functions = fakes([])

    async def slow_leg(ctx: RunContext) -> CheckResult:
        await asyncio.sleep(0.6)  # the tester in the browser, longer than check_timeout
        return result(ctx, "oauth.deeplink", Status.PASSED, "ok")

    async def waits_then_works(ctx: RunContext) -> CheckResult:
        await ctx.finished("oauth.deeplink")  # 0.6 s, not counted
        return result(ctx, "callback.errors", Status.PASSED, "ok")

    async def waits_then_overruns(ctx: RunContext) -> CheckResult:
        await ctx.finished("oauth.deeplink")
        await asyncio.sleep(0.6)  # its own work: counted, the clock went on after the wait
        return result(ctx, "oauth.callback", Status.PASSED, "ok")

    functions["oauth.deeplink"] = slow_leg
    functions["callback.errors"] = waits_then_works
    functions["oauth.callback"] = waits_then_overruns

    def setup(ctx: RunContext) -> None:
        ctx.profile.check_timeout = 0.3
        ctx.deeplink_timeout = 2.0

    results, _, _ = go(functions, setup=setup)
    assert results["oauth.deeplink"].status is Status.PASSED
    assert results["callback.errors"].status is Status.PASSED
    assert results["oauth.callback"].status is Status.FAILED
    assert "did not finish within 0.3 s" in str(results["oauth.callback"].summary)


def test_a_failing_listener_does_not_end_the_run() -> None:
    def setup(ctx: RunContext) -> None:
        def broken(_: Any) -> None:
            raise RuntimeError("listener bug")

        ctx.on_event = broken
        ctx.on_result = broken

    results, ctx, _ = go(fakes([]), setup=setup)
    assert set(results) == set(CHECK_IDS) and set(ctx.run.checks) == set(CHECK_IDS)


def test_manual_verdict_wins_and_is_kept() -> None:
    functions = fakes([])

    async def fails(ctx: RunContext) -> CheckResult:
        return result(ctx, "status.before", Status.FAILED, "500")

    functions["status.before"] = fails
    _, ctx, _ = go(functions, setup=lambda c: c.run.set_manual("s1", Status.PASSED))
    assert ctx.run.steps["s1"].manual is Status.PASSED
    assert step_status(ctx.run, "s1") is Status.PASSED and ctx.run.is_manual("s1")
    assert step_verdict(ctx.run, "s1").automatic is Status.FAILED


def test_only_selects_in_order_and_pulls_in_the_leg() -> None:
    assert select(["status.after", "status.before"]) == ["status.before", "status.after"]
    assert select(["exchange.code"]) == ["oauth.authorize-url", "oauth.deeplink", "exchange.code"]
    assert select(["oauth.deeplink"]) == ["oauth.authorize-url", "oauth.deeplink"]
    # Facts a check only reads (a connection, the disconnect) do not pull their providers.
    assert select(["leads.filter"]) == ["leads.filter"]
    assert select(["status.after-disconnect"]) == ["status.after-disconnect"]
    with pytest.raises(UnknownCheckError, match="unknown check nope"):
        select(["nope", "status.before"])


def test_with_only_an_unknown_fact_lets_the_check_run() -> None:
    log: list[str] = []
    results, _, _ = go(fakes(log), only=["leads.filter", "status.after-disconnect"])
    assert log == ["leads.filter", "status.after-disconnect"]
    assert all(r.status is Status.PASSED for r in results.values())


def test_production_probes_can_be_turned_off() -> None:
    results, _, _ = go(fakes([]), setup=lambda c: setattr(c, "production_probes", False))
    for cid in ("oauth.callback", "callback.errors"):
        assert results[cid].status is Status.SKIPPED
        assert "amoCRM's token endpoint" in str(results[cid].summary)
    assert results["exchange.auth"].status is Status.PASSED


def requesting(cid: str, count: int) -> Fake:
    """A check that sends `count` requests at once."""

    async def check(ctx: RunContext) -> CheckResult:
        ev = Evidence()
        replies = await asyncio.gather(
            *(ctx.client.get(f"/{cid}/{n}", check_id=cid) for n in range(count))
        )
        for reply in replies:
            ev.add(reply)
        ctx.event(timeline.leg_over(f"{cid} done"))
        return result(ctx, cid, Status.PASSED, f"{cid} ok", evidence=ev)

    return check


@pytest.mark.parametrize("limit", [1, 3])
def test_at_most_concurrency_requests_are_in_flight(limit: int) -> None:
    backend = Counting()
    functions = {cid: requesting(cid, 3) for cid in CHECK_IDS}
    results, ctx, _ = go(functions, concurrency=limit, transport=backend)
    assert backend.most == limit
    assert len(ctx.run.exchanges) == 3 * len(CHECK_IDS)
    assert all(r.status is Status.PASSED for r in results.values())


def test_evidence_and_timeline_are_numbered_in_the_registry_order() -> None:
    backend = Counting(pause=0.0)
    # Later checks finish first; each check's requests complete in any order.
    functions = {cid: requesting(cid, 3) for cid in CHECK_IDS}

    async def slow_first(ctx: RunContext) -> CheckResult:
        await asyncio.sleep(0.1)
        return await requesting("status.before", 3)(ctx)

    functions["status.before"] = slow_first
    results, ctx, events = go(functions, concurrency=8, transport=backend)
    ids = [x.id for x in ctx.run.exchanges]
    assert ids == [f"x{n:04d}" for n in range(1, len(ids) + 1)]
    owners = [x.check_id for x in ctx.run.exchanges]
    assert owners == [cid for cid in CHECK_IDS for _ in range(3)]
    for cid, got in results.items():
        assert [ctx.run.exchange(x).url.rsplit("/", 1)[-1] for x in got.evidence] == ["0", "1", "2"]
        assert all(ctx.run.exchange(x).check_id == cid for x in got.evidence)
    details = [str(e.detail) for e in ctx.run.timeline]
    assert details == [f"The OAuth leg is over: {cid} done" for cid in CHECK_IDS]
    # Listeners heard each hop when it happened (status.before's after the others').
    legs = [str(e.detail).rsplit(": ", 1)[-1] for e in events if isinstance(e, LegEvent)]
    assert legs.index("status.before done") > legs.index("callback.errors done")


def test_cancel_stops_every_check_and_keeps_what_was_decided() -> None:
    log: list[str] = []
    functions = fakes(log)

    async def cancels(ctx: RunContext) -> CheckResult:
        await asyncio.sleep(0.05)  # status.before is done by then
        ctx.cancel.set()
        await asyncio.sleep(0)
        return result(ctx, "callback.errors", Status.PASSED, "ok")

    async def waits(ctx: RunContext) -> CheckResult:
        await asyncio.sleep(60)
        raise AssertionError("not cancelled")

    functions["callback.errors"] = cancels
    functions["exchange.auth"] = waits
    results, ctx, _ = go(functions)
    assert "status.before" in results and results["status.before"].status is Status.PASSED
    assert "callback.errors" not in results  # finished after the cancel: undecided
    assert "exchange.auth" not in results
    assert ctx.run.incomplete


def test_cancel_inside_the_deeplink_wait() -> None:
    """The real oauth.deeplink check, waiting on the inbox, stops on cancel."""

    async def scenario() -> tuple[dict[str, CheckResult], RunContext]:
        async with BackendClient(Profile("t", "http://x.test"), Recorder()) as client:
            ctx = RunContext(profile=client.profile, client=client, run=Run(), token_a="t")
            ctx.deeplink_timeout = 60

            async def opened(c: RunContext) -> CheckResult:
                c.leg.browser_opened = True
                c.facts.hold(Need.LEG_STARTED)
                return result(c, "oauth.authorize-url", Status.PASSED, "opened")

            asyncio.get_running_loop().call_later(0.05, ctx.cancel.set)
            runner = Runner(ctx, functions={"oauth.authorize-url": opened})
            results = await runner.run(["oauth.deeplink"])
        return results, ctx

    results, ctx = asyncio.run(scenario())
    assert "oauth.deeplink" not in results  # cut short: undecided, not failed
    assert results["oauth.authorize-url"].status is Status.PASSED
    assert ctx.run.incomplete


def test_inbox_keeps_early_links_and_accepts_other_threads() -> None:
    async def scenario() -> list[str | None]:
        inbox = DeepLinkInbox()
        inbox.bind(asyncio.get_running_loop())
        inbox.deliver("foryoure://amo-crm/callback?code=1&state=s", "paste")
        first = await inbox.wait(1)
        await asyncio.to_thread(inbox.deliver, "foryoure://x?code=2&state=s", "ipc")
        second = await inbox.wait(1)
        none = await inbox.wait(0.01)
        inbox.deliver("foryoure://x?code=3&state=s", "argv")
        taken = inbox.take()
        return [
            first.via if first else None,
            second.via if second else None,
            none.via if none else None,
            taken.via if taken else None,
            None if inbox.take() is None else "more",
        ]

    assert asyncio.run(scenario()) == ["paste", "ipc", None, "argv", None]


def test_timeline_outside_a_check_goes_straight_to_the_run() -> None:
    async def scenario() -> list[TimelineEvent]:
        async with BackendClient(Profile("t", "http://x.test"), Recorder()) as client:
            ctx = RunContext(profile=client.profile, client=client, run=Run())
            ctx.event(timeline.leg_over("outside"))
            return ctx.run.timeline

    assert [str(e.detail) for e in asyncio.run(scenario())] == ["The OAuth leg is over: outside"]
