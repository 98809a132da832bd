"""Leads checks (step 5): every page loads; every stage and status filter holds.

The stage filter needs the pipelines and their stages, which the backend reads from
amoCRM. Backends answered them in more than one way: the app's format (a ``stages`` list
per pipeline), amoCRM's own (``_embedded.statuses``), or not at all for a broker (403
"Admin access required"). The check says where the stages are, tests the filters with them
whenever it found any, and fails with the shape or the refusal named.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from amogui.backend import api
from amogui.backend.client import Reply
from amogui.base.i18n import Text, join, t, tn
from amogui.checks.common import Evidence, described, reply_defect, result
from amogui.checks.context import RunContext
from amogui.run.state import CheckResult, Prose, Status

APP_FORMAT = "stages"
AMOCRM_FORMAT = "_embedded.statuses"


def _duplicates(leads: list[api.Lead]) -> int:
    return len(leads) - len({lead.id for lead in leads})


async def leads_load(ctx: RunContext) -> CheckResult:
    cid = "leads.load"
    ev = Evidence()
    got = await api.fetch_all_leads(ctx.client, ctx.token_a, check_id=cid, cancel=ctx.cancel)
    ev.add(got.evidence)
    expected = t("every page answers; the leads read equal `total`, no duplicates")
    actual = t(
        "{count} leads in {pages} page(s), total {total}",
        count=len(got.leads),
        pages=got.pages,
        total=got.total,
    )
    failures: list[Prose] = list(got.problem_texts)
    if not got.problems:
        if len(got.leads) != got.total:
            failures.append(
                t(
                    "{count} leads were read but `total` says {total}",
                    count=len(got.leads),
                    total=got.total,
                )
            )
        if _duplicates(got.leads):
            failures.append(
                t("{count} leads appear on more than one page", count=_duplicates(got.leads))
            )
    if failures:
        return result(
            ctx,
            cid,
            Status.FAILED,
            t("leads did not load: {failures}", failures=join("; ", failures)),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect=(
                reply_defect(got.failed_reply) if got.failed_reply is not None else "leads-paging"
            ),
        )
    ctx.seen.leads_total = got.total
    return result(
        ctx,
        cid,
        Status.PASSED,
        t("all {total} leads loaded in {pages} page(s)", total=got.total, pages=got.pages),
        expected=expected,
        actual=actual,
        evidence=ev,
    )


# -- pipelines ------------------------------------------------------------------------------


@dataclass
class Stages:
    """The stages the pipelines answer offers, where they were, and what is wrong with it."""

    stages: list[api.Stage] = field(default_factory=list)
    pipelines: int = 0
    where: str | None = None  # APP_FORMAT or AMOCRM_FORMAT
    problem: Text | None = None
    defect: str | None = None


def read_stages(reply: Reply, role: str | None) -> Stages:
    """The stages of a pipelines answer, in whichever format it came."""
    if not reply.ok:
        return _refused(reply, role)
    body, problem = reply.json_text()
    if problem is not None:
        return Stages(
            problem=t("the pipelines could not be read: {problem}", problem=problem),
            defect=reply_defect(reply),
        )
    items = _pipeline_list(body)
    if items is None:
        return Stages(
            problem=t(
                "the pipelines answer has no list of pipelines (neither `data` nor "
                "`_embedded.pipelines`)"
            )
        )
    found = Stages(pipelines=len(items))
    formats = set()
    for raw in items:
        stages, where = _stages_of(raw)
        if where is None:
            pid = _id(raw.get("id")) if isinstance(raw, dict) else None
            found.problem = t(
                "pipeline {pipeline} has no stages: neither a `stages` list nor "
                "`_embedded.statuses`",
                pipeline=pid or "?",
            )
            return found
        formats.add(where)
        found.stages.extend(stages)
    found.where = AMOCRM_FORMAT if AMOCRM_FORMAT in formats else APP_FORMAT
    if found.where == AMOCRM_FORMAT:
        found.problem = t(
            "the pipelines answer amoCRM's own format: the stages are under "
            "`_embedded.statuses`, not in a `stages` list as the app reads them"
        )
        found.defect = "pipelines-format"
    return found


def _refused(reply: Reply, role: str | None) -> Stages:
    data, _ = reply.json()
    message = data.get("message") if isinstance(data, dict) else None
    if reply.status == 403 and isinstance(message, str) and "admin" in message.lower():
        return Stages(
            problem=t(
                "the pipelines are closed to user A ({role}): HTTP 403 {message}; the app's "
                "stage filter cannot load its stages for this user",
                role=role or "?",
                message=repr(message[:120]),
            ),
            defect="pipelines-admin-only",
        )
    problem = api.http_problem_text(reply, "pipelines") or ""
    return Stages(
        problem=t("the pipelines could not be read: {problem}", problem=problem),
        defect=reply_defect(reply),
    )


def _pipeline_list(body: Any) -> list[Any] | None:
    if not isinstance(body, dict):
        return None
    data = body.get("data")
    if isinstance(data, list):
        return data
    embedded = body.get("_embedded")
    if isinstance(embedded, dict) and isinstance(embedded.get("pipelines"), list):
        return list(embedded["pipelines"])
    if isinstance(data, dict) and isinstance(data.get("_embedded"), dict):
        return _pipeline_list(data)
    return None


def _stages_of(raw: Any) -> tuple[list[api.Stage], str | None]:
    if not isinstance(raw, dict):
        return [], None
    pid = _id(raw.get("id"))
    listed = raw.get("stages")
    where = APP_FORMAT
    if not isinstance(listed, list):
        embedded = raw.get("_embedded")
        listed = embedded.get("statuses") if isinstance(embedded, dict) else None
        where = AMOCRM_FORMAT
    if not isinstance(listed, list):
        return [], None
    stages = []
    for item in listed:
        if not isinstance(item, dict) or _id(item.get("id")) is None:
            continue
        stages.append(
            api.Stage(
                id=_id(item.get("id")) or "",
                name=str(item.get("name") or ""),
                pipeline_id=_id(item.get("pipelineId", item.get("pipeline_id"))) or pid,
            )
        )
    return stages, where


def _id(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, (int, str)) else None


def _role(token: str | None) -> str | None:
    if not token:
        return None
    from amogui.settings.jwtinfo import claims

    return claims(token).role


# -- filters ----------------------------------------------------------------------------------


@dataclass
class Filtered:
    failures: list[Text] = field(default_factory=list)
    counted: int = 0
    empty: list[str] = field(default_factory=list)
    empty_as: str | None = None
    bad: list[Reply] = field(default_factory=list)


async def _first_page(ctx: RunContext, cid: str, **filters: Any) -> api.LeadsResult:
    """The first page of a filter, with the filter's `total`. The leads on it must all match
    and the totals must add up; reading every page of every filter would cost as many
    requests as the leads list has pages, per filter (500 at 50,000 leads)."""
    got = await api.leads_page(ctx.client, ctx.token_a, 1, check_id=cid, **filters)
    out = api.LeadsResult(evidence=[got.exchange_id], pages=1)
    if got.data is None:
        out.problem_texts.append(got.problem_text or t("leads page 1 could not be read"))
        out.failed_reply = got.reply
        return out
    out.leads, out.total, out.empty_as = got.data.leads, got.data.total, got.data.empty_as
    return out


def _judge_stages(
    stages: list[api.Stage], answers: list[api.LeadsResult], ev: Evidence, out: Filtered
) -> None:
    for stage, got in zip(stages, answers, strict=True):
        ev.add(got.evidence)
        if got.problems:
            out.failures.append(
                t(
                    "stage {name} ({id}): {problem}",
                    name=repr(stage.name),
                    id=stage.id,
                    problem=got.problem_texts[0],
                )
            )
            if got.failed_reply is not None:
                out.bad.append(got.failed_reply)
            continue
        out.counted += got.total
        # amoCRM's won/lost stages (142, 143) have the same id in every pipeline, so a stage
        # is named by its pipeline and its id together.
        wrong = [
            lead
            for lead in got.leads
            if lead.stage_id != stage.id
            or (stage.pipeline_id is not None and lead.pipeline_id != stage.pipeline_id)
        ]
        if wrong:
            out.failures.append(
                t(
                    "stage {name} ({id}) returned {wrong} of {count} leads of another stage "
                    "(e.g. lead {lead} in stage {other})",
                    name=repr(stage.name),
                    id=stage.id,
                    wrong=len(wrong),
                    count=len(got.leads),
                    lead=wrong[0].id,
                    other=wrong[0].stage_id,
                )
            )
        if not got.leads:
            out.empty.append(stage.name)
            out.empty_as = out.empty_as or got.empty_as


def _judge_statuses(answers: list[api.LeadsResult], ev: Evidence, out: Filtered) -> None:
    for value, got in zip(api.LEAD_STATUSES, answers, strict=True):
        ev.add(got.evidence)
        if got.problems:
            out.failures.append(
                t("status {value}: {problem}", value=value, problem=got.problem_texts[0])
            )
            if got.failed_reply is not None:
                out.bad.append(got.failed_reply)
            continue
        wrong = [lead for lead in got.leads if lead.status != value]
        if wrong:
            out.failures.append(
                t(
                    "status {value} returned {count} leads with another status (e.g. {other})",
                    value=value,
                    count=len(wrong),
                    other=repr(wrong[0].status),
                )
            )


async def leads_filter(ctx: RunContext) -> CheckResult:
    cid = "leads.filter"
    ev = Evidence()
    # The pipelines first (the stage filters wait for them), the status filters meanwhile.
    pipes_request = asyncio.ensure_future(
        ctx.client.get("pipelines", token=ctx.token_a, check_id=cid)
    )
    statuses = asyncio.gather(*(_first_page(ctx, cid, status=v) for v in api.LEAD_STATUSES))
    try:
        pipes = await pipes_request
        ev.add(pipes)
        found = read_stages(pipes, _role(ctx.token_a))
        by_stage = await asyncio.gather(
            *(_first_page(ctx, cid, pipeline_id=s.pipeline_id, stage_id=s.id) for s in found.stages)
        )
        by_status = await statuses
        total, total_problem = await _all_leads(ctx, cid, ev)
    finally:
        statuses.cancel()  # cut short (cancel): nothing may run on after the check
        pipes_request.cancel()
    out = Filtered()
    _judge_stages(found.stages, list(by_stage), ev, out)
    _judge_statuses(list(by_status), ev, out)
    if total_problem is not None:
        out.failures.append(total_problem)
    elif total is not None and found.stages and not out.failures and out.counted != total:
        out.failures.append(
            t(
                "the stages hold {counted} leads in all, but there are {total}",
                counted=out.counted,
                total=total,
            )
        )
    return _filter_result(ctx, cid, found, out, total, pipes, ev)


async def _all_leads(ctx: RunContext, cid: str, ev: Evidence) -> tuple[int | None, Text | None]:
    """How many leads there are in all: leads.load's count when it is part of the run (no
    request of its own; None when it could not count them), else the `total` of one
    unfiltered page."""
    if ctx.selected("leads.load"):
        await ctx.finished("leads.load")
        return ctx.seen.leads_total, None
    page = await api.leads_page(ctx.client, ctx.token_a, 1, limit=1, check_id=cid)
    ev.add(page)
    if page.data is None:
        return None, t(
            "the unfiltered leads could not be read: {problem}", problem=page.problem_text or ""
        )
    return page.data.total, None


def _filter_result(
    ctx: RunContext,
    cid: str,
    found: Stages,
    out: Filtered,
    total: int | None,
    pipes: Reply,
    ev: Evidence,
) -> CheckResult:
    expected = t(
        "the pipelines with a `stages` list each; each stage and status filter returns only "
        "its own leads; the stage totals add up to all leads"
    )
    statuses = len(api.LEAD_STATUSES)
    if found.where is None:
        actual: Text = t(
            "pipelines: {answer}; {statuses} status filters tested",
            answer=described(pipes),
            statuses=statuses,
        )
    else:
        actual = t(
            "{pipelines}, {stages} (in {where}), {counted} leads across them of {total}",
            pipelines=tn("{n} pipeline", "{n} pipelines", found.pipelines),
            stages=tn("{n} stage", "{n} stages", len(found.stages)),
            where=found.where,
            counted=out.counted,
            total=total if total is not None else "?",
        )
        if out.empty:
            actual = t("{actual}; empty: {names}", actual=actual, names=", ".join(out.empty))
    failures = ([found.problem] if found.problem is not None else []) + out.failures
    if failures:
        if found.problem is not None and found.stages and not out.failures:
            failures.append(t("the stage filters hold with the stages found there"))
        defect = found.defect or (reply_defect(out.bad[0]) if out.bad else "leads-stage-filter")
        return result(
            ctx,
            cid,
            Status.FAILED,
            join("; ", failures[:6]),
            expected=expected,
            actual=actual,
            evidence=ev,
            defect=defect,
        )
    variation = t("an empty stage answered 204 with no body") if out.empty_as == "204" else None
    return result(
        ctx,
        cid,
        Status.PASSED,
        t(
            "all {stages} stage filters and {statuses} status filters hold (the first page of "
            "each checked; {totals})",
            stages=len(found.stages),
            statuses=statuses,
            totals=t("the stage totals add up")
            if total is not None
            else t("the stage totals not checked: leads.load could not count the leads"),
        ),
        expected=expected,
        actual=actual,
        evidence=ev,
        variation=variation,
    )
