"""Leads checks (step 5): every page loads; every stage and status filter holds."""

from __future__ import annotations

from amogui.backend import api
from amogui.backend.client import Reply
from amogui.checks.common import Evidence, reply_defect, result
from amogui.checks.context import RunContext
from amogui.run.state import CheckResult, Status


def _duplicates(leads: list[api.Lead]) -> int:
    return len(leads) - len({lead.id for lead in leads})


async def leads_load(ctx: RunContext) -> CheckResult:
    cid = "leads.load"
    if not ctx.token_a:
        return result(ctx, cid, Status.SKIPPED, "no token for user A; nothing to load")
    ev = Evidence()
    got = await api.fetch_all_leads(ctx.client, ctx.token_a, check_id=cid, cancel=ctx.cancel)
    ev.add(got.evidence)
    expected = "every page answers; the leads read equal `total`, no duplicates"
    actual = f"{len(got.leads)} leads in {got.pages} page(s), total {got.total}"
    failures = list(got.problems)
    if not got.problems and not got.cancelled:
        if len(got.leads) != got.total:
            failures.append(f"{len(got.leads)} leads were read but `total` says {got.total}")
        if _duplicates(got.leads):
            failures.append(f"{_duplicates(got.leads)} leads appear on more than one page")
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            "leads did not load: " + "; ".join(failures),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect=(
                reply_defect(got.failed_reply) if got.failed_reply is not None else "leads-paging"
            ),
        )
    ctx.leads_total = got.total
    return result(
        ctx,
        cid,
        Status.PASSED,
        f"all {got.total} leads loaded in {got.pages} page(s)",
        expected=expected,
        actual=actual,
        evidence=ev,
    )


async def _stage_filters(
    ctx: RunContext, cid: str, ev: Evidence, stages: list[api.Stage], bad: list[Reply]
) -> tuple[list[str], int, list[str], str | None]:
    """(failures, sum of stage totals, empty stages, how an empty stage was answered);
    the replies that could not be read go to `bad`."""
    failures: list[str] = []
    empty: list[str] = []
    empty_as = None
    counted = 0
    for stage in stages:
        if ctx.cancelled:
            break
        # amoCRM's won/lost stages (142, 143) have the same id in every pipeline, so
        # a stage is named by its pipeline and its id together.
        got = await api.fetch_all_leads(
            ctx.client,
            ctx.token_a,
            pipeline_id=stage.pipeline_id,
            stage_id=stage.id,
            check_id=cid,
            cancel=ctx.cancel,
        )
        ev.add(got.evidence)
        if got.problems:
            failures.append(f"stage {stage.name!r} ({stage.id}): {got.problems[0]}")
            if got.failed_reply is not None:
                bad.append(got.failed_reply)
            continue
        counted += got.total
        wrong = [
            lead
            for lead in got.leads
            if lead.stage_id != stage.id
            or (stage.pipeline_id is not None and lead.pipeline_id != stage.pipeline_id)
        ]
        if wrong:
            failures.append(
                f"stage {stage.name!r} ({stage.id}) returned {len(wrong)} of {len(got.leads)} "
                f"leads of another stage (e.g. lead {wrong[0].id} in stage {wrong[0].stage_id})"
            )
        if not got.leads:
            empty.append(stage.name)
            empty_as = empty_as or got.empty_as
    return failures, counted, empty, empty_as


async def _status_filters(ctx: RunContext, cid: str, ev: Evidence, bad: list[Reply]) -> list[str]:
    failures = []
    for value in api.LEAD_STATUSES:
        if ctx.cancelled:
            break
        got = await api.fetch_all_leads(
            ctx.client, ctx.token_a, status=value, check_id=cid, cancel=ctx.cancel
        )
        ev.add(got.evidence)
        if got.problems:
            failures.append(f"status {value}: {got.problems[0]}")
            if got.failed_reply is not None:
                bad.append(got.failed_reply)
            continue
        wrong = [lead for lead in got.leads if lead.status != value]
        if wrong:
            failures.append(
                f"status {value} returned {len(wrong)} leads with another status "
                f"(e.g. {wrong[0].status!r})"
            )
    return failures


async def leads_filter(ctx: RunContext) -> CheckResult:
    cid = "leads.filter"
    if not ctx.token_a:
        return result(ctx, cid, Status.SKIPPED, "no token for user A; nothing to filter")
    ev = Evidence()
    pipes = await api.get_pipelines(ctx.client, ctx.token_a, check_id=cid)
    ev.add(pipes)
    expected = "each stage filter returns only leads of that stage; stage totals add up"
    if pipes.data is None:
        return result(
            ctx,
            cid,
            Status.FAILED,
            f"the pipelines could not be read: {pipes.problem}",
            expected=expected,
            evidence=ev,
            defect=reply_defect(pipes.reply),
        )
    stages = [s for p in pipes.data for s in p.stages]
    bad: list[Reply] = []
    failures, counted, empty, empty_as = await _stage_filters(ctx, cid, ev, stages, bad)
    failures += await _status_filters(ctx, cid, ev, bad)
    # Answers that could not be read say what went wrong; else the filter itself is wrong.
    defect = reply_defect(bad[0]) if bad else "leads-stage-filter"
    total = ctx.leads_total
    if not failures and total is not None and not ctx.cancelled and counted != total:
        failures.append(f"the stages hold {counted} leads in all, but there are {total}")
    actual = f"{len(stages)} stages, {counted} leads across them"
    if empty:
        actual += f"; empty: {', '.join(empty)}"
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            "; ".join(failures[:5]),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect=defect,
        )
    variation = None
    if empty_as == "204":
        variation = "an empty stage answered 204 with no body"
    return result(
        ctx,
        cid,
        Status.PASSED,
        f"all {len(stages)} stage filters and {len(api.LEAD_STATUSES)} status filters hold",
        expected=expected,
        actual=actual,
        evidence=ev,
        variation=variation,
    )
