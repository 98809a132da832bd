"""Walk the automated checks in a sensible order and record their results into the run.

The order follows the checklist's story: status before connecting, the refusals that
need no connection, the OAuth leg, the exchange, what connecting changed, the leads,
the disconnect. A check whose prerequisite failed is `blocked`; one whose prerequisite
was skipped is `skipped`, each with the reason. The runner never raises: a bug in one
check fails that check with the exception's sentence and the run goes on. It saves
nothing itself; the caller saves on `on_result`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable

from amogui.checks import exchange, leads, oauth, status
from amogui.checks.common import result
from amogui.checks.context import RunContext
from amogui.run.state import CheckResult, Status, now_iso

log = logging.getLogger(__name__)

CheckFn = Callable[[RunContext], Awaitable[CheckResult]]

ORDER: tuple[tuple[str, CheckFn], ...] = (
    ("status.before", status.status_before),
    ("exchange.auth", exchange.exchange_auth),
    ("callback.errors", oauth.callback_errors),
    ("oauth.authorize-url", oauth.authorize_url),
    ("oauth.deeplink", oauth.deeplink),
    ("oauth.callback", oauth.callback),
    ("exchange.code", exchange.exchange_code),
    ("status.after", status.status_after),
    ("isolation.user-b", status.isolation_user_b),
    ("leads.load", leads.leads_load),
    ("leads.filter", leads.leads_filter),
    ("disconnect", status.disconnect),
    ("status.after-disconnect", status.status_after_disconnect),
)
FUNCTIONS: dict[str, CheckFn] = dict(ORDER)

# check -> the checks it needs. oauth.callback probes the callback on its own, so it
# only needs the leg to have started.
PREREQUISITES: dict[str, tuple[str, ...]] = {
    "oauth.deeplink": ("oauth.authorize-url",),
    "oauth.callback": ("oauth.authorize-url",),
    "exchange.code": ("oauth.deeplink",),
    "status.after": ("exchange.code",),
    "isolation.user-b": ("exchange.code",),
    "leads.load": ("exchange.code",),
    "leads.filter": ("exchange.code",),
    "disconnect": ("exchange.code",),
    "status.after-disconnect": ("disconnect",),
}
# Selected with --only, these pull in what they cannot run without (the leg).
PULLS_IN: dict[str, tuple[str, ...]] = {
    "oauth.deeplink": ("oauth.authorize-url",),
    "oauth.callback": ("oauth.authorize-url",),
    "exchange.code": ("oauth.authorize-url", "oauth.deeplink"),
}


class UnknownCheckError(ValueError):
    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(names)
        known = ", ".join(FUNCTIONS)
        super().__init__(f"unknown check {', '.join(self.names)}; known checks: {known}")


def select(only: Iterable[str] | None) -> list[str]:
    """The check ids to run, in order; raises `UnknownCheckError` for a bad id."""
    if only is None:
        return [cid for cid, _ in ORDER]
    chosen = {c.strip() for c in only if c.strip()}
    unknown = chosen - FUNCTIONS.keys()
    if unknown:
        raise UnknownCheckError(unknown)
    for cid in list(chosen):
        chosen.update(PULLS_IN.get(cid, ()))
    return [cid for cid, _ in ORDER if cid in chosen]


class Runner:
    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.results: dict[str, CheckResult] = {}

    async def run(self, only: Iterable[str] | None = None) -> dict[str, CheckResult]:
        """Run the checks; returns this run's results by id (also recorded in ctx.run)."""
        ids = select(only)
        for cid in ids:
            if self.ctx.cancelled:
                self.ctx.run.incomplete = True
                break
            outcome = self._gate(cid) or await self._one(cid)
            if self.ctx.cancelled and outcome.status is Status.FAILED:
                # A check cut short by cancel has not failed; leave it undecided.
                self.ctx.run.incomplete = True
                break
            self._record(outcome)
        return self.results

    def _gate(self, cid: str) -> CheckResult | None:
        """A blocked/skipped result when a prerequisite that ran did not pass."""
        for need in PREREQUISITES.get(cid, ()):
            got = self.results.get(need)
            if got is None or got.status is Status.PASSED:
                continue
            if got.status is Status.SKIPPED:
                why = got.summary.removeprefix("skipped: ")
                return result(self.ctx, cid, Status.SKIPPED, f"skipped: {why}")
            return result(self.ctx, cid, Status.BLOCKED, f"blocked: {need} {got.status.value}")
        return None

    async def _one(self, cid: str) -> CheckResult:
        started, clock = now_iso(), time.perf_counter()
        if self.ctx.on_event is not None:
            self.ctx.on_event("check-started", cid)
        try:
            outcome = await FUNCTIONS[cid](self.ctx)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in one check must not end the run
            log.exception("check %s raised", cid)
            outcome = result(
                self.ctx,
                cid,
                Status.FAILED,
                f"the check itself failed: {type(exc).__name__}: {exc}",
            )
        outcome.started_at = started
        outcome.duration_ms = round((time.perf_counter() - clock) * 1000, 1)
        return outcome

    def _record(self, outcome: CheckResult) -> None:
        # Only the automatic result is recorded: a manual verdict lives in
        # run.steps[...].manual, which is never touched here, so it keeps winning.
        self.results[outcome.check_id] = outcome
        self.ctx.run.add_check(outcome)
        if self.ctx.on_result is not None:
            self.ctx.on_result(outcome)
