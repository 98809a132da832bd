"""Typed calls to the admin backend, one function per endpoint.

Each function sends through `BackendClient` (so every exchange is recorded and redacted)
and returns an `ApiResult`: the `Reply`, the parsed data when the answer had the shape
expected, or ``problem``, one sentence saying what was wrong (``problem_text``: the same
as a translatable `Text`). Nothing here raises for a bad answer: the backend is untrusted
input. The checks and the Leads tab both use these.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from amogui.backend.client import BackendClient, Reply
from amogui.base.i18n import Text, t
from amogui.base.redact import REDACTOR

LEAD_STATUSES = ("NEW", "IN_PROGRESS", "QUALIFIED", "CLOSED_WON", "CLOSED_LOST")
MAX_PAGES = 1000  # a backend claiming more pages than this is not believed


T = TypeVar("T")


@dataclass(slots=True)
class ApiResult(Generic[T]):  # Generic, not [T]: the package still installs on 3.11
    reply: Reply
    data: T | None = None
    problem_text: Text | None = None

    @property
    def problem(self) -> str | None:
        """What was wrong, in English (``problem_text`` for a translatable sentence)."""
        return None if self.problem_text is None else str(self.problem_text)

    @property
    def ok(self) -> bool:
        return self.problem_text is None and self.data is not None

    @property
    def status(self) -> int | None:
        return self.reply.status

    @property
    def exchange_id(self) -> str:
        return self.reply.exchange.id


@dataclass(slots=True)
class LoginData:
    token: str
    user: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ConnectionStatus:
    connected: bool
    has_tokens: bool | None = None
    domain: str | None = None
    account_id: str | None = None


@dataclass(slots=True)
class Stage:
    id: str
    name: str
    pipeline_id: str | None = None
    sort: int | None = None
    type: str | None = None


@dataclass(slots=True)
class Pipeline:
    id: str
    name: str
    is_main: bool = False
    stages: list[Stage] = field(default_factory=list)
    # Where the answer kept the stages: "stages" (what the app reads) or amoCRM's own
    # "_embedded.statuses" (an answer passed through unformatted).
    stages_from: str = "stages"


@dataclass(slots=True)
class Lead:
    id: str
    guest_name: str | None = None
    guest_phone: str | None = None
    guest_email: str | None = None
    status: str | None = None
    price: float | None = None
    pipeline_id: str | None = None
    stage_id: str | None = None
    amo_lead_id: str | None = None
    responsible_user_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(slots=True)
class LeadsPage:
    leads: list[Lead]
    total: int
    page: int
    limit: int
    total_pages: int
    empty_as: str | None = None  # "204" or "[]" when the stage was empty


@dataclass(slots=True)
class LeadsResult:
    leads: list[Lead] = field(default_factory=list)  # in page order
    total: int = 0
    pages: int = 0
    problem_texts: list[Text] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # exchange ids, in page order
    cancelled: bool = False
    empty_as: str | None = None
    failed_reply: Reply | None = None  # the first page that could not be read

    @property
    def problems(self) -> list[str]:
        """The problems in English (``problem_texts`` for translatable sentences)."""
        return [str(p) for p in self.problem_texts]


# -- helpers ------------------------------------------------------------------------------


def _id(value: Any) -> str | None:
    """Ids come as numbers or strings depending on the backend version; compare as text."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, (int, float, str)) else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def http_problem(reply: Reply, what: str) -> str | None:
    """None for a 2xx answer, else one sentence naming the status and the backend's message."""
    problem = http_problem_text(reply, what)
    return None if problem is None else str(problem)


def http_problem_text(reply: Reply, what: str) -> Text | None:
    """`http_problem` as a translatable `Text`."""
    if reply.error_text is not None:
        return reply.error_text
    if reply.ok:
        return None
    data, _ = reply.json()
    message = data.get("message") if isinstance(data, dict) else None
    if isinstance(message, str) and message:
        return t(
            "{what} answered HTTP {status}: {message}",
            what=what,
            status=reply.status,
            message=repr(message[:200]),
        )
    return t("{what} answered HTTP {status}", what=what, status=reply.status)


def _json_object(reply: Reply, what: str) -> tuple[dict[str, Any] | None, Text | None]:
    problem = http_problem_text(reply, what)
    if problem:
        return None, problem
    data, error = reply.json_text()
    if error:
        return None, t("{what}: {problem}", what=what, problem=error)
    if not isinstance(data, dict):
        return None, t(
            "{what} answered JSON that is not an object ({kind})",
            what=what,
            kind=type(data).__name__,
        )
    return data, None


# -- endpoints ----------------------------------------------------------------------------


async def login(
    client: BackendClient, email: str, password: str, *, check_id: str | None = None
) -> ApiResult[LoginData]:
    REDACTOR.add_secret(password)
    reply = await client.post(
        "login", json_body={"email": email, "password": password}, check_id=check_id
    )
    body, problem = _json_object(reply, "login")
    if body is None:
        return ApiResult(reply, problem_text=problem)
    data = body.get("data") if isinstance(body.get("data"), dict) else body
    assert isinstance(data, dict)
    token = data.get("token") or data.get("accessToken") or body.get("token")
    if not isinstance(token, str) or not token:
        return ApiResult(reply, problem_text=t("login answered 200 but no token was in the body"))
    REDACTOR.add_secret(token)
    refresh = data.get("refreshToken")
    if isinstance(refresh, str):
        REDACTOR.add_secret(refresh)
    user = data.get("user")
    if not isinstance(user, dict):
        user = {}
    return ApiResult(reply, LoginData(token, user))


async def status(
    client: BackendClient, token: str | None, *, check_id: str | None = None
) -> ApiResult[ConnectionStatus]:
    reply = await client.get("status", token=token, check_id=check_id)
    body, problem = _json_object(reply, "status")
    if body is None:
        return ApiResult(reply, problem_text=problem)
    data = body.get("data")
    if not isinstance(data, dict):
        return ApiResult(reply, problem_text=t("status answered without a `data` object"))
    connected = data.get("connected")
    if not isinstance(connected, bool):
        return ApiResult(
            reply, problem_text=t("status answered without a true/false `connected` field")
        )
    has_tokens = data.get("hasTokens")
    return ApiResult(
        reply,
        ConnectionStatus(
            connected=connected,
            has_tokens=has_tokens if isinstance(has_tokens, bool) else None,
            domain=_str(data.get("domain")),
            account_id=_id(data.get("accountId")),
        ),
    )


async def exchange_code(
    client: BackendClient,
    token: str | None,
    code: str | None,
    *,
    check_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> ApiResult[dict[str, Any]]:
    """POST {code}; ``token=None`` sends no Authorization header (unless given in headers)."""
    if code:
        REDACTOR.add_secret(code)
    body_out = {"code": code} if code is not None else {}
    reply = await client.post(
        "exchange_code", token=token, json_body=body_out, headers=headers, check_id=check_id
    )
    body, problem = _json_object(reply, "exchange-code")
    if body is None:
        return ApiResult(reply, problem_text=problem)
    if body.get("success") is False:
        return ApiResult(
            reply,
            problem_text=t("exchange-code answered success=false: {body}", body=f"{body!r:.200}"),
        )
    return ApiResult(reply, body)


async def disconnect(
    client: BackendClient, token: str | None, *, check_id: str | None = None
) -> ApiResult[dict[str, Any]]:
    reply = await client.post("disconnect", token=token, check_id=check_id)
    body, problem = _json_object(reply, "disconnect")
    if body is None:
        return ApiResult(reply, problem_text=problem)
    if body.get("success") is False:
        return ApiResult(reply, problem_text=t("disconnect answered success=false"))
    return ApiResult(reply, body)


def _stage(raw: Any, pipeline_id: str | None) -> Stage | None:
    if not isinstance(raw, dict) or _id(raw.get("id")) is None:
        return None
    own = raw.get("pipelineId", raw.get("pipeline_id"))
    return Stage(
        id=_id(raw.get("id")) or "",
        name=str(raw.get("name") or ""),
        pipeline_id=_id(own) or pipeline_id,
        sort=_int(raw.get("sort")),
        type=_str(raw.get("type")) or (str(raw["type"]) if "type" in raw else None),
    )


AMOCRM_STAGES = "_embedded.statuses"


def _amocrm_statuses(raw: dict[str, Any]) -> list[Any] | None:
    embedded = raw.get("_embedded")
    statuses = embedded.get("statuses") if isinstance(embedded, dict) else None
    return statuses if isinstance(statuses, list) else None


def _pipeline_items(body: dict[str, Any]) -> list[Any] | None:
    """The list of pipelines: `data` as the backend formats it, or amoCRM's own
    `_embedded.pipelines`, at the top or under `data`."""
    for holder in (body, body.get("data")):
        if isinstance(holder, list):
            return holder
        if not isinstance(holder, dict):
            continue
        if isinstance(holder.get("data"), list):
            return list(holder["data"])
        embedded = holder.get("_embedded")
        if isinstance(embedded, dict) and isinstance(embedded.get("pipelines"), list):
            return list(embedded["pipelines"])
    return None


def parse_pipelines(
    body: dict[str, Any], *, lenient: bool = False
) -> tuple[list[Pipeline], Text | None]:
    """The pipelines and their stages, or a sentence saying what is wrong.

    The app reads each pipeline's `stages`. A backend that passes amoCRM's answer through
    keeps them under `_embedded.statuses`: that is a problem (named, with where the stages
    are), unless `lenient`, which reads them there too (each pipeline's `stages_from` says
    where they were) so a check can still try the filters with them."""
    items = _pipeline_items(body)
    if items is None:
        return [], t("pipelines answered without a `data` list")
    out: list[Pipeline] = []
    elsewhere = False
    for raw in items:
        pid = _id(raw.get("id")) if isinstance(raw, dict) else None
        if pid is None or not isinstance(raw, dict):
            return [], t("pipelines answered an entry without an id")
        stages_raw, found_at = raw.get("stages"), "stages"
        if not isinstance(stages_raw, list):
            stages_raw, found_at = _amocrm_statuses(raw), AMOCRM_STAGES
            if stages_raw is None:
                return [], t("pipeline {id} has no `stages` list", id=pid)
            elsewhere = True
        stages = [s for s in (_stage(x, pid) for x in stages_raw) if s is not None]
        if len(stages) != len(stages_raw):
            return [], t("pipeline {id} has a stage without an id", id=pid)
        main = raw.get("isMain", raw.get("is_main")) is True
        out.append(Pipeline(pid, str(raw.get("name") or ""), main, stages, found_at))
    if elsewhere and not lenient:
        return [], t(
            "pipelines answered amoCRM's own format: the stages are under "
            "`_embedded.statuses` of each pipeline, where the app reads `stages`"
        )
    return out, None


async def get_pipelines(
    client: BackendClient, token: str | None, *, check_id: str | None = None
) -> ApiResult[list[Pipeline]]:
    reply = await client.get("pipelines", token=token, check_id=check_id)
    body, problem = _json_object(reply, "pipelines")
    if body is None:
        return ApiResult(reply, problem_text=problem)
    pipelines, problem = parse_pipelines(body)
    if problem:
        return ApiResult(reply, problem_text=problem)
    return ApiResult(reply, pipelines)


def parse_lead(raw: Any) -> Lead | None:
    if not isinstance(raw, dict) or _id(raw.get("id")) is None:
        return None
    price = raw.get("price")
    if isinstance(price, str):
        try:
            price = float(price)
        except ValueError:
            price = None
    return Lead(
        id=_id(raw.get("id")) or "",
        guest_name=_str(raw.get("guestName")),
        guest_phone=_str(raw.get("guestPhone")),
        guest_email=_str(raw.get("guestEmail")),
        status=_str(raw.get("status")),
        price=float(price)
        if isinstance(price, (int, float)) and not isinstance(price, bool)
        else None,
        pipeline_id=_id(raw.get("pipelineId")),
        stage_id=_id(raw.get("stageId")),
        amo_lead_id=_id(raw.get("amoLeadId")),
        responsible_user_id=_id(raw.get("responsibleUserId")),
        created_at=_str(raw.get("createdAt")),
        updated_at=_str(raw.get("updatedAt")),
    )


def parse_leads_page(reply: Reply, page: int, limit: int) -> tuple[LeadsPage | None, Text | None]:
    """A page of leads; 204 and an empty list both mean "no leads here"."""
    if reply.error_text is None and reply.status == 204:
        return LeadsPage([], 0, page, limit, 0, empty_as="204"), None
    body, problem = _json_object(reply, "leads")
    if body is None:
        return None, problem
    items = body.get("data")
    if not isinstance(items, list):
        return None, t("leads answered without a `data` list")
    leads = [parse_lead(x) for x in items]
    if any(lead is None for lead in leads):
        return None, t("leads page {page} has an entry without an id", page=page)
    total = _int(body.get("total"))
    total_pages = _int(body.get("totalPages"))
    if total is None or total < 0:
        return None, t("leads page {page} has no whole-number `total`", page=page)
    if total_pages is None:
        total_pages = math.ceil(total / limit) if limit else 1
    if total_pages < 0 or total_pages > MAX_PAGES:
        return None, t(
            "leads page {page} claims {pages} pages, which is not believable",
            page=page,
            pages=total_pages,
        )
    return (
        LeadsPage(
            [lead for lead in leads if lead is not None],
            total,
            _int(body.get("page")) or page,
            _int(body.get("limit")) or limit,
            total_pages,
            empty_as="[]" if not items and total == 0 else None,
        ),
        None,
    )


async def leads_page(
    client: BackendClient,
    token: str | None,
    page: int = 1,
    *,
    limit: int | None = None,
    pipeline_id: str | None = None,
    stage_id: str | None = None,
    status: str | None = None,
    check_id: str | None = None,
) -> ApiResult[LeadsPage]:
    names = client.profile.params
    size = limit or client.profile.page_limit
    params: dict[str, str | int] = {names["page"]: page, names["limit"]: size}
    for key, value in (("pipeline", pipeline_id), ("stage", stage_id), ("status", status)):
        if value is not None:
            params[names[key]] = value
    reply = await client.get("leads", token=token, params=params, check_id=check_id)
    parsed, problem = parse_leads_page(reply, page, size)
    return ApiResult(reply, parsed, problem)


@dataclass(slots=True)
class _PageGot:
    """What is kept of one page once read: its leads and evidence, not its body."""

    exchange_id: str
    leads: list[Lead] | None
    problem: Text | None
    reply: Reply | None  # kept only when the page could not be read


async def fetch_all_leads(
    client: BackendClient,
    token: str | None,
    *,
    pipeline_id: str | None = None,
    stage_id: str | None = None,
    status: str | None = None,
    check_id: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: asyncio.Event | None = None,
    sequential: bool = False,
) -> LeadsResult:
    """Every page of leads, in page order.

    Page 1 first: it says how many pages there are. The rest are then asked for by as many
    workers as the client lets one host have in flight (the profile's `concurrency`; the
    client also keeps the politeness budget), each taking the next page not yet asked for;
    with `sequential`, one after another (the baseline the benchmark compares with). Each
    page is parsed as it arrives and its body dropped, so memory holds the leads, not the
    answers. A page that cannot be read is a problem and the others still load; `cancel`
    stops asking for more pages (those in flight still arrive)."""

    async def fetch(page: int) -> ApiResult[LeadsPage]:
        return await leads_page(
            client,
            token,
            page,
            pipeline_id=pipeline_id,
            stage_id=stage_id,
            status=status,
            check_id=check_id,
        )

    first = await fetch(1)
    result = LeadsResult(evidence=[first.exchange_id])
    if first.data is None:
        result.problem_texts.append(first.problem_text or t("leads page 1 could not be read"))
        result.failed_reply = first.reply
        return result
    result.leads.extend(first.data.leads)
    result.total = first.data.total
    result.pages = max(1, first.data.total_pages)
    result.empty_as = first.data.empty_as
    if on_progress:
        on_progress(1, result.pages)
    workers = 1 if sequential else max(1, client.profile.concurrency)
    got = await _other_pages(fetch, result.pages, workers, on_progress, cancel)
    for number in range(2, result.pages + 1):
        page = got.get(number)
        if page is None:
            result.cancelled = True
            continue
        result.evidence.append(page.exchange_id)
        if page.leads is None:
            problem = page.problem or t("the page could not be read")
            result.problem_texts.append(t("page {page}: {problem}", page=number, problem=problem))
            result.failed_reply = result.failed_reply or page.reply
        else:
            result.leads.extend(page.leads)
    return result


async def _other_pages(
    fetch: Callable[[int], Any],
    pages: int,
    workers: int,
    on_progress: Callable[[int, int], None] | None,
    cancel: asyncio.Event | None,
) -> dict[int, _PageGot]:
    """Pages 2..`pages` by number, read by `workers` workers."""
    got: dict[int, _PageGot] = {}
    numbers = iter(range(2, pages + 1))  # shared: each page is taken once, in order

    async def worker() -> None:
        for number in numbers:
            if cancel is not None and cancel.is_set():
                return
            answer: ApiResult[LeadsPage] = await fetch(number)
            leads = answer.data.leads if answer.data is not None else None
            got[number] = _PageGot(
                answer.exchange_id,
                leads,
                answer.problem_text,
                answer.reply if leads is None else None,
            )
            if on_progress:
                on_progress(1 + len(got), pages)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(workers, pages - 1)):
            group.create_task(worker())
    return got
