"""Run the automated checks, each as soon as what it needs holds, and record their results.

Scheduling by need (`amogui.checks.registry`): every selected check starts as a task that
waits for the checks it depends on, then either runs or, when a need cannot hold, is
`skipped` (the run was set up without it) or `blocked` (an earlier defect made it
impossible), with the reason. Only the OAuth leg and the connect/disconnect order are
sequential; everything else overlaps. At most ``concurrency`` requests are in flight at
once (the profile's, default 4), whatever the checks do inside.

Deterministic output, whatever the interleaving: results are recorded, given to
``on_result`` and saved in the registry's order (a result waits for the ones before it);
the exchanges a check made are numbered when its result is released (in the order of its
evidence), and its timeline entries join the run's timeline then too. So a run with
concurrency 1 and one with concurrency 8 record the same thing.

Every check is bounded by the profile's ``check_timeout`` (`amogui.backend.client.deadline`):
one that runs out fails with the client's sentence and the run goes on. The clock stops
while a check waits for another check's result (that one has its deadline), and the checks
of the OAuth leg get the deep-link wait on top (the tester in the browser has that long).

The runner never raises for a check: a bug in one fails that check with the exception's
sentence and the run goes on. Cancel (``ctx.cancel``) stops every check at once; what was
decided before stays, what was cut short stays undecided and the run is marked
incomplete. It saves nothing itself; the caller saves on ``on_result``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any

from amogui.backend.client import BackendClient, DeadlineExceeded, Reply, deadline
from amogui.backend.recorder import Recorder
from amogui.base.i18n import N_, Text, join, t
from amogui.checks.common import Evidence, result
from amogui.checks.context import CURRENT_CHECK, Fact, RunContext
from amogui.checks.events import CheckFinished, CheckStarted
from amogui.checks.registry import (
    BY_ID,
    PROVIDERS,
    CheckSpec,
    Need,
    UnknownCheckError,
    select,
)
from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Prose, Status, TimelineEvent, now_iso

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_CONCURRENCY", "EvidenceLedger", "GatedClient", "Runner", "UnknownCheckError"]

CheckFn = Callable[[RunContext], Awaitable[CheckResult]]
DEFAULT_CONCURRENCY = 4
DEFAULT_CHECK_TIMEOUT = 300.0  # seconds, for a profile whose own value is unusable

# A check that cannot run says why (its reason is a sentence of its own); marked here so
# the catalogues have both (the runner picks one by the status).
SKIPPED_BECAUSE = N_("skipped: {reason}")
BLOCKED_BECAUSE = N_("blocked: {reason}")


def function_for(check_id: str) -> CheckFn:
    """The check's function, imported on first use (the registry names it as module:function)."""
    module, _, name = BY_ID[check_id].run.partition(":")
    fn: CheckFn = getattr(importlib.import_module(module), name)
    return fn


class GatedClient(BackendClient):
    """The run's client with at most `limit` requests in flight; shares the inner client's
    connections and recorder (so it opens nothing and closes nothing of its own)."""

    def __init__(self, inner: BackendClient, limit: int) -> None:
        # No BackendClient.__init__: that would open a second connection pool.
        self.inner = inner
        self.profile = inner.profile
        self.recorder = inner.recorder
        self.body_cap = inner.body_cap
        self.timeout = inner.timeout
        self.gate = asyncio.Semaphore(max(1, limit))

    async def request(self, method: str, key_or_url: str, **kwargs: Any) -> Reply:
        async with self.gate:
            return await self.inner.request(method, key_or_url, **kwargs)

    async def aclose(self) -> None:
        return None  # the inner client belongs to the caller


class EvidenceLedger(Recorder):
    """Holds the exchanges of each running check until its result is released, then gives
    them the run's ids in the order of the check's evidence (then any others in the order
    they were made) and hands them to the real recorder. Exchanges of anything else pass
    straight through."""

    PENDING = "pending-"

    def __init__(self, downstream: Recorder, held: Iterable[str]) -> None:
        super().__init__()
        self.downstream = downstream
        self._held: dict[str, list[Exchange]] = {cid: [] for cid in held}
        self._pending = 0
        self._final: dict[str, str] = {}  # pending id -> the run's id, once released

    def next_id(self) -> str:
        with self._lock:
            self._pending += 1
            return f"{self.PENDING}{self._pending}"

    def add(self, exchange: Exchange) -> None:
        with self._lock:
            bucket = self._held.get(exchange.check_id or "")
            if bucket is not None:
                bucket.append(exchange)
                return
        self._forward(exchange)

    def _forward(self, exchange: Exchange) -> None:
        old = exchange.id
        if old.startswith(self.PENDING):
            exchange.id = self.downstream.next_id()
            self._final[old] = exchange.id
        self.downstream.add(exchange)

    def made_by(self, check_id: str) -> list[str]:
        """The (pending) ids of the exchanges a running check made so far."""
        with self._lock:
            return [x.id for x in self._held.get(check_id, [])]

    def release(self, check_id: str, evidence: list[str]) -> list[str]:
        """Pass the check's exchanges on; returns its evidence with the final ids (an id
        of an exchange another check made, released before, is mapped too)."""
        with self._lock:
            held = self._held.pop(check_id, [])
        rank = {x: i for i, x in enumerate(evidence)}
        for exchange in sorted(held, key=lambda x: rank.get(x.id, len(rank))):  # stable
            self._forward(exchange)
        return [self._final.get(x, x) for x in evidence]

    def release_all(self) -> None:
        for check_id in list(self._held):
            self.release(check_id, [])


class Runner:
    def __init__(
        self,
        ctx: RunContext,
        concurrency: int | None = None,
        functions: dict[str, CheckFn] | None = None,
    ) -> None:
        self.ctx = ctx
        self.concurrency = max(
            1, concurrency or ctx.concurrency or ctx.profile.concurrency or DEFAULT_CONCURRENCY
        )
        self.functions = dict(functions or {})
        self.results: dict[str, CheckResult] = {}
        self._order: list[str] = []
        self._done: dict[str, asyncio.Event] = {}
        self._outcomes: dict[str, CheckResult | None] = {}
        self._timeline: dict[str, list[TimelineEvent]] = {}
        self._released = 0
        self._ledger: EvidenceLedger | None = None
        # The deadline of each check while it runs, with the task that runs it.
        self._deadlines: dict[str, tuple[asyncio.Task[Any] | None, asyncio.Timeout]] = {}

    # -- what the checks may ask while they run (amogui.checks.context.Scheduler) -------------
    def selected(self, check_id: str) -> bool:
        return check_id in self._done

    async def finished(self, check_id: str) -> CheckResult | None:
        done = self._done.get(check_id)
        if done is None:
            return None
        with self._deadline_paused():
            await done.wait()
        return self._outcomes.get(check_id)

    @contextlib.contextmanager
    def _deadline_paused(self) -> Iterator[None]:
        """Stop the asking check's clock while it waits for another check: the time that
        one takes counts against its own deadline, not twice."""
        held = self._deadlines.get(CURRENT_CHECK.get() or "")
        if held is None or held[0] is not asyncio.current_task():
            yield  # asked from a helper task, or outside a check: nothing to pause
            return
        scope = held[1]
        when = scope.when()
        if when is None or scope.expired():
            yield
            return
        loop = asyncio.get_running_loop()
        left = when - loop.time()
        scope.reschedule(None)
        try:
            yield
        finally:
            if not scope.expired():
                scope.reschedule(loop.time() + max(left, 0.0))

    def record(self, event: TimelineEvent) -> None:
        check_id = CURRENT_CHECK.get()
        bucket = self._timeline.get(check_id or "")
        if bucket is None:
            self.ctx.run.timeline.append(event)
        else:
            bucket.append(event)

    # -- the run ----------------------------------------------------------------------------
    async def run(self, only: Iterable[str] | None = None) -> dict[str, CheckResult]:
        """Run the checks; returns this run's results by id (also recorded in ctx.run)."""
        self._order = select(only)
        self._done = {cid: asyncio.Event() for cid in self._order}
        self._timeline = {cid: [] for cid in self._order}
        ctx = self.ctx
        inner = ctx.client
        downstream = inner.recorder
        self._ledger = EvidenceLedger(downstream, self._order)
        inner.recorder = self._ledger
        ctx.client = GatedClient(inner, self.concurrency)
        ctx.scheduler = self
        tasks = [asyncio.create_task(self._task(cid), name=f"check {cid}") for cid in self._order]
        watcher = asyncio.create_task(self._watch_cancel(tasks))
        try:
            await asyncio.gather(*tasks)
        finally:
            watcher.cancel()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, watcher, return_exceptions=True)
            self._release_ready()
            self._ledger.release_all()
            inner.recorder = downstream
            ctx.client = inner
            ctx.scheduler = None
        if ctx.cancelled:
            ctx.run.incomplete = True
        return self.results

    async def _watch_cancel(self, tasks: list[asyncio.Task[None]]) -> None:
        await self.ctx.cancel.wait()
        for task in tasks:
            task.cancel()

    async def _task(self, cid: str) -> None:
        CURRENT_CHECK.set(cid)
        outcome: CheckResult | None = None
        try:
            spec = BY_ID[cid]
            for need in spec.needs:
                provider = PROVIDERS[need]
                if provider is not None and provider in self._done:
                    await self.ctx.facts.wait(need)
            for other in spec.after:
                if other in self._done:
                    await self._done[other].wait()
            if not self.ctx.cancelled:
                outcome = self._gate(spec) or await self._call(cid)
            if self.ctx.cancelled:
                outcome = None  # cut short by cancel: undecided, not failed
        except asyncio.CancelledError:
            outcome = None
        finally:
            self._outcomes[cid] = outcome
            self._settle(cid, outcome)
            self._done[cid].set()
            self._release_ready()

    def _gate(self, spec: CheckSpec) -> CheckResult | None:
        """A skipped or blocked result when a need cannot hold; None when it may run."""
        if spec.probes_production and not self.ctx.production_probes:
            return result(
                self.ctx,
                spec.id,
                Status.SKIPPED,
                t(
                    "skipped: this probe makes the backend call amoCRM's token endpoint, and "
                    "such probes are off for this profile"
                ),
            )
        for need in spec.needs:
            fact = self._fact(need)
            if fact is None or fact.held:
                continue
            template = SKIPPED_BECAUSE if fact.status is Status.SKIPPED else BLOCKED_BECAUSE
            return result(
                self.ctx,
                spec.id,
                fact.status,
                t(template, reason=fact.reason),
                expected=t(spec.proves),
            )
        return None

    def _fact(self, need: Need) -> Fact | None:
        """The need as this run settled it; None when the run does not establish it (its
        provider is not selected): the check then states only what it sees."""
        if need is Need.USER_A:
            return Fact(True) if self.ctx.token_a else _no_user("A")
        if need is Need.USER_B:
            return Fact(True) if self.ctx.token_b else _no_user("B")
        provider = PROVIDERS[need]
        if provider is None or provider not in self._done:
            return None
        return self.ctx.facts.get(need)

    def _settle(self, cid: str, outcome: CheckResult | None) -> None:
        """Facts this check provides and did not settle itself follow from its status."""
        for need, provider in PROVIDERS.items():
            if provider != cid or self.ctx.facts.get(need) is not None:
                continue
            if outcome is None:
                self.ctx.facts.miss(need, Status.BLOCKED, t("{check} was cut short", check=cid))
            elif outcome.status is Status.PASSED:
                self.ctx.facts.hold(need)
            elif outcome.status is Status.SKIPPED:
                self.ctx.facts.miss(need, Status.SKIPPED, _reason(outcome))
            else:
                self.ctx.facts.miss(
                    need,
                    Status.BLOCKED,
                    join(": ", [f"{cid} {outcome.status.value}", _reason(outcome)]),
                )

    def _tell(self, event: Any) -> None:
        """Give a listener an event; a bug in a listener must not end the run."""
        if self.ctx.on_event is None:
            return
        try:
            self.ctx.on_event(event)
        except Exception:
            log.exception("a run listener failed on %r", event)

    async def _call(self, cid: str) -> CheckResult:
        started, clock = now_iso(), time.perf_counter()
        self._tell(CheckStarted(cid))
        try:
            fn = self.functions.get(cid) or function_for(cid)
            async with deadline(self._budget(cid), t("the check {check}", check=cid)) as scope:
                self._deadlines[cid] = (asyncio.current_task(), scope)
                outcome = await fn(self.ctx)
        except asyncio.CancelledError:
            raise
        except DeadlineExceeded as exc:
            log.warning("check %s ran out of time", cid)
            outcome = self._out_of_time(cid, exc)
        except Exception as exc:  # a bug in one check must not end the run
            log.exception("check %s raised", cid)
            outcome = result(
                self.ctx,
                cid,
                Status.FAILED,
                t(
                    "the check itself failed: {kind}: {error}",
                    kind=type(exc).__name__,
                    error=str(exc),
                ),
            )
        finally:
            self._deadlines.pop(cid, None)
        outcome.started_at = started
        outcome.duration_ms = round((time.perf_counter() - clock) * 1000, 1)
        return outcome

    def _out_of_time(self, cid: str, exc: DeadlineExceeded) -> CheckResult:
        """A failure for a check its deadline stopped; the requests it made are evidence."""
        made = self._ledger.made_by(cid) if self._ledger is not None else []
        return result(
            self.ctx,
            cid,
            Status.FAILED,
            exc.text,
            expected=t(BY_ID[cid].proves),
            evidence=Evidence.of(made),
        )

    def _budget(self, cid: str) -> float:
        """Seconds check `cid` may take: the profile's per-check deadline, plus the wait for
        the deep link for the checks of the OAuth leg (they wait on the tester)."""
        seconds = self.ctx.profile.check_timeout
        if not (isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds > 0):
            seconds = DEFAULT_CHECK_TIMEOUT
        if BY_ID[cid].leg:
            seconds += self.ctx.deeplink_timeout
        return float(seconds)

    # -- releasing, in the registry's order ----------------------------------------------------
    def _release_ready(self) -> None:
        while self._released < len(self._order):
            cid = self._order[self._released]
            if not self._done[cid].is_set():
                return
            self._released += 1
            self._release(cid)

    def _release(self, cid: str) -> None:
        outcome = self._outcomes.get(cid)
        assert self._ledger is not None
        evidence = self._ledger.release(cid, list(outcome.evidence) if outcome else [])
        self.ctx.run.timeline.extend(self._timeline.pop(cid, []))
        if outcome is None:
            return
        outcome.evidence = evidence
        # Only the automatic result is recorded: a manual verdict lives in
        # run.steps[...].manual, which is never touched here, so it keeps winning.
        self.results[cid] = outcome
        self.ctx.run.add_check(outcome)
        if self.ctx.on_result is not None:
            try:
                self.ctx.on_result(outcome)
            except Exception:  # e.g. a full disk while saving: the run goes on
                log.exception("recording %s failed", cid)
        self._tell(CheckFinished(outcome))


def _no_user(user: str) -> Fact:
    return Fact(False, Status.SKIPPED, t("no token for user {user}", user=user))


def _reason(outcome: CheckResult) -> Prose:
    """Why a check did not pass, without its own "skipped: "/"blocked: " prefix."""
    summary = outcome.summary
    if isinstance(summary, Text):
        if summary.msgid in ("skipped: {reason}", "blocked: {reason}"):
            reason: Prose = summary.params["reason"]
            return reason
        return summary
    return summary.removeprefix("skipped: ").removeprefix("blocked: ")
