"""The runner: order, blocking and skipping, never raising, manual verdicts win, cancel."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from amogui.backend.client import BackendClient, Recorder
from amogui.checks import runner as runner_mod
from amogui.checks.common import result
from amogui.checks.context import DeepLinkInbox, RunContext
from amogui.checks.ids import CHECK_IDS
from amogui.checks.runner import ORDER, Runner, UnknownCheckError, select
from amogui.checks.verdicts import step_status, step_verdict
from amogui.run.state import CheckResult, Run, Status
from amogui.settings.profiles import Profile

Fake = Callable[[RunContext], Awaitable[CheckResult]]


def passing(cid: str, log: list[str]) -> Fake:
    async def check(ctx: RunContext) -> CheckResult:
        log.append(cid)
        return result(ctx, cid, Status.PASSED, f"{cid} ok")

    return check


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[str], dict[str, Fake]]]:
    log: list[str] = []
    table = {cid: passing(cid, log) for cid, _ in ORDER}
    monkeypatch.setattr(runner_mod, "FUNCTIONS", table)
    yield log, table


def go(
    only: list[str] | None = None,
    setup: Callable[[RunContext], Any] | None = None,
) -> tuple[dict[str, CheckResult], RunContext, list[str]]:
    async def scenario() -> tuple[dict[str, CheckResult], RunContext, list[str]]:
        seen: list[str] = []
        async with BackendClient(Profile("t", "http://x.test"), Recorder()) as client:
            ctx = RunContext(profile=client.profile, client=client, run=Run(), token_a="t")
            ctx.on_result = lambda r: seen.append(r.check_id)
            if setup:
                setup(ctx)
            results = await Runner(ctx).run(only)
        return results, ctx, seen

    return asyncio.run(scenario())


def test_order_is_the_checklist_story(fakes: tuple[list[str], dict[str, Fake]]) -> None:
    log, _ = fakes
    results, ctx, seen = go()
    assert log == [cid for cid, _ in ORDER] == seen
    assert set(log) == set(CHECK_IDS)
    assert all(r.duration_ms >= 0 and r.started_at for r in results.values())
    assert set(ctx.run.checks) == set(CHECK_IDS)


def test_failed_prerequisite_blocks_dependants(fakes: tuple[list[str], dict[str, Fake]]) -> None:
    log, table = fakes

    async def fails(ctx: RunContext) -> CheckResult:
        return result(ctx, "exchange.code", Status.FAILED, "no")

    table["exchange.code"] = fails
    results, _, _ = go()
    for cid in ("status.after", "isolation.user-b", "leads.load", "leads.filter", "disconnect"):
        assert results[cid].status is Status.BLOCKED
        assert results[cid].summary == "blocked: exchange.code failed"
    assert results["status.after-disconnect"].summary == "blocked: disconnect blocked"
    assert "leads.load" not in log


def test_skipped_prerequisite_skips_dependants(fakes: tuple[list[str], dict[str, Fake]]) -> None:
    _, table = fakes

    async def skips(ctx: RunContext) -> CheckResult:
        return result(ctx, "oauth.deeplink", Status.SKIPPED, "skipped: no browser command")

    table["oauth.deeplink"] = skips
    results, _, _ = go()
    assert results["exchange.code"].status is Status.SKIPPED
    assert results["exchange.code"].summary == "skipped: no browser command"
    assert results["status.after-disconnect"].status is Status.SKIPPED
    assert results["oauth.callback"].status is Status.PASSED  # needs only the URL


def test_a_raising_check_fails_alone(fakes: tuple[list[str], dict[str, Fake]]) -> None:
    log, table = fakes

    async def boom(ctx: RunContext) -> CheckResult:
        raise KeyError("stageId")

    table["leads.load"] = boom
    results, _, _ = go()
    assert results["leads.load"].status is Status.FAILED
    assert results["leads.load"].summary == "the check itself failed: KeyError: 'stageId'"
    assert results["leads.filter"].status is Status.PASSED
    assert log[-1] == "status.after-disconnect"


def test_manual_verdict_wins_and_is_kept(fakes: tuple[list[str], dict[str, Fake]]) -> None:
    _, table = fakes

    async def fails(ctx: RunContext) -> CheckResult:
        return result(ctx, "status.before", Status.FAILED, "500")

    table["status.before"] = fails

    def manual(ctx: RunContext) -> None:
        ctx.run.set_manual("s1", Status.PASSED)

    _, ctx, _ = go(setup=manual)
    assert ctx.run.steps["s1"].manual is Status.PASSED
    assert step_status(ctx.run, "s1") is Status.PASSED and ctx.run.is_manual("s1")
    assert step_verdict(ctx.run, "s1").automatic is Status.FAILED


def test_only_selects_in_order_and_pulls_in_the_leg() -> None:
    assert select(["status.after", "status.before"]) == ["status.before", "status.after"]
    assert select(["exchange.code"]) == ["oauth.authorize-url", "oauth.deeplink", "exchange.code"]
    with pytest.raises(UnknownCheckError, match="unknown check nope"):
        select(["nope", "status.before"])


def test_cancel_between_checks(fakes: tuple[list[str], dict[str, Fake]]) -> None:
    _, table = fakes

    async def cancels(ctx: RunContext) -> CheckResult:
        ctx.cancel.set()
        return result(ctx, "callback.errors", Status.PASSED, "ok")

    table["callback.errors"] = cancels
    results, ctx, _ = go()
    assert list(results) == ["status.before", "exchange.auth", "callback.errors"]
    assert ctx.run.incomplete


def test_cancel_inside_the_deeplink_wait() -> None:
    """The real oauth.deeplink check, waiting on the inbox, stops on cancel."""

    async def scenario() -> tuple[dict[str, CheckResult], RunContext]:
        async with BackendClient(Profile("t", "http://x.test"), Recorder()) as client:
            ctx = RunContext(profile=client.profile, client=client, run=Run(), token_a="t")
            ctx.leg.browser_opened = True
            ctx.deeplink_timeout = 60
            asyncio.get_running_loop().call_later(0.05, ctx.cancel.set)
            results = await Runner(ctx).run(["oauth.deeplink"])
        return results, ctx

    results, ctx = asyncio.run(scenario())
    assert "oauth.deeplink" not in results  # cut short: undecided, not failed
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
        return [
            first.via if first else None,
            second.via if second else None,
            none.via if none else None,
        ]

    assert asyncio.run(scenario()) == ["paste", "ipc", None]
