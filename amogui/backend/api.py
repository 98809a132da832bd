"""Typed calls to the admin backend, one function per endpoint (REFERENCE.md section 2).

Each function sends through `BackendClient` (so every exchange is recorded and redacted)
and returns an `ApiResult`: the `Reply`, the parsed data when the answer had the shape
expected, or ``problem``, one sentence saying what was wrong. Nothing here raises for a
bad answer: the backend is untrusted input. The checks and the Leads tab both use these.
"""

from __future__ import annotations

import asyncio
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from amogui.backend.client import BackendClient, Reply, gather_limited
from amogui.base.redact import REDACTOR

LEAD_STATUSES = ("NEW", "IN_PROGRESS", "QUALIFIED", "CLOSED_WON", "CLOSED_LOST")
MAX_PAGES = 1000  # a backend claiming more pages than this is not believed


T = TypeVar("T")


@dataclass(slots=True)
class ApiResult(Generic[T]):  # Generic, not [T]: the package still installs on 3.11
    reply: Reply
    data: T | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.data is not None

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
    leads: list[Lead] = field(default_factory=list)
    total: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # exchange ids, in page order
    cancelled: bool = False
    empty_as: str | None = None
    failed_reply: Reply | None = None  # the first page that could not be read


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
    if reply.error:
        return reply.error
    if reply.ok:
        return None
    data, _ = reply.json()
    message = data.get("message") if isinstance(data, dict) else None
    told = f": {str(message)[:200]!r}" if isinstance(message, str) and message else ""
    return f"{what} answered HTTP {reply.status}{told}"


def _json_object(reply: Reply, what: str) -> tuple[dict[str, Any] | None, str | None]:
    problem = http_problem(reply, what)
    if problem:
        return None, problem
    data, error = reply.json()
    if error:
        return None, f"{what}: {error}"
    if not isinstance(data, dict):
        return None, f"{what} answered JSON that is not an object ({type(data).__name__})"
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
        return ApiResult(reply, problem=problem)
    data = body.get("data") if isinstance(body.get("data"), dict) else body
    assert isinstance(data, dict)
    token = data.get("token") or data.get("accessToken") or body.get("token")
    if not isinstance(token, str) or not token:
        return ApiResult(reply, problem="login answered 200 but no token was in the body")
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
        return ApiResult(reply, problem=problem)
    data = body.get("data")
    if not isinstance(data, dict):
        return ApiResult(reply, problem="status answered without a `data` object")
    connected = data.get("connected")
    if not isinstance(connected, bool):
        return ApiResult(reply, problem="status answered without a true/false `connected` field")
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
        return ApiResult(reply, problem=problem)
    if body.get("success") is False:
        return ApiResult(reply, problem=f"exchange-code answered success=false: {body!r:.200}")
    return ApiResult(reply, body)


async def disconnect(
    client: BackendClient, token: str | None, *, check_id: str | None = None
) -> ApiResult[dict[str, Any]]:
    reply = await client.post("disconnect", token=token, check_id=check_id)
    body, problem = _json_object(reply, "disconnect")
    if body is None:
        return ApiResult(reply, problem=problem)
    if body.get("success") is False:
        return ApiResult(reply, problem="disconnect answered success=false")
    return ApiResult(reply, body)


def _stage(raw: Any, pipeline_id: str | None) -> Stage | None:
    if not isinstance(raw, dict) or _id(raw.get("id")) is None:
        return None
    return Stage(
        id=_id(raw.get("id")) or "",
        name=str(raw.get("name") or ""),
        pipeline_id=_id(raw.get("pipelineId")) or pipeline_id,
        sort=_int(raw.get("sort")),
        type=_str(raw.get("type")) or (str(raw["type"]) if "type" in raw else None),
    )


def parse_pipelines(body: dict[str, Any]) -> tuple[list[Pipeline], str | None]:
    items = body.get("data")
    if not isinstance(items, list):
        return [], "pipelines answered without a `data` list"
    out: list[Pipeline] = []
    for raw in items:
        pid = _id(raw.get("id")) if isinstance(raw, dict) else None
        if pid is None or not isinstance(raw, dict):
            return [], "pipelines answered an entry without an id"
        stages_raw = raw.get("stages")
        if not isinstance(stages_raw, list):
            return [], f"pipeline {pid} has no `stages` list"
        stages = [s for s in (_stage(x, pid) for x in stages_raw) if s is not None]
        if len(stages) != len(stages_raw):
            return [], f"pipeline {pid} has a stage without an id"
        out.append(Pipeline(pid, str(raw.get("name") or ""), raw.get("isMain") is True, stages))
    return out, None


async def get_pipelines(
    client: BackendClient, token: str | None, *, check_id: str | None = None
) -> ApiResult[list[Pipeline]]:
    reply = await client.get("pipelines", token=token, check_id=check_id)
    body, problem = _json_object(reply, "pipelines")
    if body is None:
        return ApiResult(reply, problem=problem)
    pipelines, problem = parse_pipelines(body)
    if problem:
        return ApiResult(reply, problem=problem)
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


def parse_leads_page(reply: Reply, page: int, limit: int) -> tuple[LeadsPage | None, str | None]:
    """A page of leads; 204 and an empty list both mean "no leads here"."""
    if reply.error is None and reply.status == 204:
        return LeadsPage([], 0, page, limit, 0, empty_as="204"), None
    body, problem = _json_object(reply, "leads")
    if body is None:
        return None, problem
    items = body.get("data")
    if not isinstance(items, list):
        return None, "leads answered without a `data` list"
    leads = [parse_lead(x) for x in items]
    if any(lead is None for lead in leads):
        return None, f"leads page {page} has an entry without an id"
    total = _int(body.get("total"))
    total_pages = _int(body.get("totalPages"))
    if total is None or total < 0:
        return None, f"leads page {page} has no whole-number `total`"
    if total_pages is None:
        total_pages = math.ceil(total / limit) if limit else 1
    if total_pages < 0 or total_pages > MAX_PAGES:
        return None, f"leads page {page} claims {total_pages} pages, which is not believable"
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
) -> LeadsResult:
    """Page 1 first (it says how many pages), then the rest concurrently and rate limited."""

    def fetch(page: int) -> Any:
        return leads_page(
            client,
            token,
            page,
            pipeline_id=pipeline_id,
            stage_id=stage_id,
            status=status,
            check_id=check_id,
        )

    first: ApiResult[LeadsPage] = await fetch(1)
    result = LeadsResult(evidence=[first.exchange_id])
    if first.data is None:
        result.problems.append(first.problem or "leads page 1 could not be read")
        result.failed_reply = first.reply
        return result
    result.leads.extend(first.data.leads)
    result.total = first.data.total
    result.pages = max(1, first.data.total_pages)
    result.empty_as = first.data.empty_as
    done = [1]
    if on_progress:
        on_progress(1, result.pages)

    async def one(page: int) -> ApiResult[LeadsPage] | None:
        if cancel is not None and cancel.is_set():
            return None
        got: ApiResult[LeadsPage] = await fetch(page)
        done[0] += 1
        if on_progress:
            on_progress(done[0], result.pages)
        return got

    factories: list[Callable[[], Any]] = [
        functools.partial(one, p) for p in range(2, result.pages + 1)
    ]
    profile = client.profile
    pages = await gather_limited(
        factories, concurrency=profile.concurrency, rate=profile.rate_limit
    )
    for number, got in enumerate(pages, start=2):
        if got is None:
            result.cancelled = True
            continue
        result.evidence.append(got.exchange_id)
        if got.data is None:
            result.problems.append(f"page {number}: {got.problem}")
            result.failed_reply = result.failed_reply or got.reply
        else:
            result.leads.extend(got.data.leads)
    return result
