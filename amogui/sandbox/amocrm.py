"""The amoCRM stand-in: OAuth consent page, token endpoint and the API v4 subset.

Behaves as amoCRM's OAuth 2.0 and API v4 do: single-use codes that expire, rotating
single-use refresh tokens, problem+json errors with `hint`, HAL+JSON answers, and
`/api/v4/leads` answering 204 with an empty body when nothing matches.
"""

from __future__ import annotations

import html
import json
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from amogui.sandbox import jwt
from amogui.sandbox.config import ACCOUNTS, CLIENT_ID, CLIENT_SECRET, INTEGRATION_NAME, Account
from amogui.sandbox.runtime import Runtime
from amogui.sandbox.seed import PIPELINES, Pipeline
from amogui.sandbox.store import LeadFilter

OAUTH_PROBLEM = "https://developers.amocrm.ru/v3/errors/OAuthProblemJson"
BAD_REQUEST_TITLE = "Некорректный запрос"
MAX_LIMIT = 250
DEFAULT_LIMIT = 50


def hal(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status, media_type="application/hal+json")


def problem(status: int, detail: str, hint: str | None = None, title: str = "") -> Response:
    data: dict[str, Any] = {}
    if hint is not None:
        data["hint"] = hint
    data |= {
        "title": title or BAD_REQUEST_TITLE,
        "type": OAUTH_PROBLEM if hint is not None else f"https://httpstatus.es/{status}",
        "status": status,
        "detail": detail,
    }
    return Response(
        json.dumps(data, ensure_ascii=False), status, media_type="application/problem+json"
    )


def _int(value: str | None, default: int) -> int:
    """A query number, `default` when absent or unreadable, clamped to what SQLite holds."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return max(-(2**53), min(number, 2**53))


class AmoCRM:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime

    def routes(self) -> list[Route]:
        return [
            Route("/oauth", self.consent, methods=["GET"]),
            Route("/oauth", self.decide, methods=["POST"]),
            Route("/oauth2/access_token", self.access_token, methods=["POST"]),
            Route("/api/v4/account", self.account, methods=["GET"]),
            Route("/api/v4/leads/pipelines", self.pipelines, methods=["GET"]),
            Route("/api/v4/leads", self.leads, methods=["GET"]),
        ]

    # -- consent ------------------------------------------------------------------------
    async def consent(self, request: Request) -> Response:
        query = request.query_params
        if query.get("client_id") != CLIENT_ID:
            return _error_page(400, "Інтеграцію не знайдено: невідомий client_id.")
        return HTMLResponse(_consent_html(query.get("state") or "", query.get("mode") or "popup"))

    async def decide(self, request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
        if form.get("client_id") != CLIENT_ID:
            return _error_page(400, "Інтеграцію не знайдено: невідомий client_id.")
        state = form.get("state") or None
        account = _account(_int(form.get("account"), ACCOUNTS[0].id))
        if form.get("decision") != "allow" or account is None:
            return self._redirect({"error": "access_denied"}, state)
        code = "def50200" + secrets.token_hex(64)
        self.rt.store.add_code(code, CLIENT_ID, account.id, time.time() + self.rt.config.code_ttl)
        return self._redirect({"code": code}, state, referer=account.domain)

    def _redirect(self, params: dict[str, str], state: str | None, referer: str = "") -> Response:
        query = dict(params)
        if state is not None:
            query["state"] = state
        if referer:
            query["referer"] = referer
        return RedirectResponse(f"{self.rt.redirect_uri}?{urlencode(query)}", status_code=302)

    # -- tokens -------------------------------------------------------------------------
    async def access_token(self, request: Request) -> Response:
        data = await _body_fields(request)
        grant = data.get("grant_type")
        if grant not in ("authorization_code", "refresh_token"):
            return problem(400, "Unsupported grant type", hint="Check the `grant_type` parameter")
        if data.get("client_id") != CLIENT_ID or data.get("client_secret") != CLIENT_SECRET:
            return problem(401, "Client authentication failed", hint="Client authentication failed")
        if grant == "refresh_token":
            return self._refresh(data.get("refresh_token", ""))
        return self._authorization_code(data)

    def _authorization_code(self, data: dict[str, str]) -> Response:
        code = data.get("code", "")
        if not code:
            return problem(400, "Authorization code is required", hint="Check the `code` parameter")
        if data.get("redirect_uri") != self.rt.redirect_uri:
            return problem(400, "Redirect URI mismatch", hint="Check the `redirect_uri` parameter")
        row = self.rt.store.get_code(code)
        if row is None or row["client_id"] != CLIENT_ID:
            return problem(400, "Cannot decrypt the authorization code", hint="Cannot decrypt")
        if time.time() >= float(row["expires_at"]):
            return problem(400, "Authorization code has expired", hint="Authorization code expired")
        claimed = self.rt.store.claim_code(code)
        if not claimed and not self.rt.has("amocrm-code-reuse"):
            return problem(
                400,
                "Authorization code has been revoked",
                hint="Authorization code has been revoked",
            )
        return self._issue(int(row["account_id"]))

    def _refresh(self, token: str) -> Response:
        row = self.rt.store.get_grant(token, "refresh") if token else None
        if row is None or not self.rt.store.revoke_grant(token):
            return problem(
                401,
                "Refresh token is invalid or has already been used",
                hint="Token has been revoked",
            )
        return self._issue(int(row["account_id"]))

    def _issue(self, account_id: int) -> Response:
        account = _account(account_id) or ACCOUNTS[0]
        ttl = self.rt.config.access_ttl
        claims = {
            "aud": CLIENT_ID,
            "jti": secrets.token_hex(16),
            "account_id": account.id,
            "base_domain": "amocrm.ru",
            "api_domain": "api-b.amocrm.ru",
            "scopes": ["crm", "notifications"],
        }
        access = jwt.encode(claims, self.rt.amo_secret, ttl)
        refresh = "def50200" + secrets.token_hex(96)
        now = time.time()
        self.rt.store.add_grant(access, "access", account.id, now + ttl)
        self.rt.store.add_grant(refresh, "refresh", account.id, now + 90 * 24 * 3600)
        body = {
            "token_type": "Bearer",
            "expires_in": int(ttl),
            "access_token": access,
            "refresh_token": refresh,
        }
        return Response(json.dumps(body), 200, media_type="application/json")

    # -- API v4 -------------------------------------------------------------------------
    def _authorised(self, request: Request) -> Account | Response:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        row = (
            self.rt.store.get_grant(token.strip(), "access") if scheme.lower() == "bearer" else None
        )
        if row is None or row["revoked"] or time.time() >= float(row["expires_at"]):
            return problem(401, "Unauthorized", title="Unauthorized")
        return _account(int(row["account_id"])) or ACCOUNTS[0]

    async def account(self, request: Request) -> Response:
        account = self._authorised(request)
        if isinstance(account, Response):
            return account
        base = f"https://{account.domain}"
        return hal(
            {
                "id": account.id,
                "name": account.name,
                "subdomain": account.subdomain,
                "created_at": 1704067200,
                "created_by": 0,
                "updated_at": 1704067200,
                "updated_by": 0,
                "current_user_id": 10234567,
                "country": "UA",
                "currency": "UAH",
                "currency_symbol": "₴",
                "customers_mode": "disabled",
                "is_unsorted_on": True,
                "is_loss_reason_enabled": True,
                "is_helpbot_enabled": False,
                "is_technical_account": False,
                "contact_name_display_order": 1,
                "_links": {"self": {"href": f"{base}/api/v4/account"}},
            }
        )

    async def pipelines(self, request: Request) -> Response:
        account = self._authorised(request)
        if isinstance(account, Response):
            return account
        items = [_pipeline_json(p, account.id) for p in PIPELINES]
        return hal(
            {
                "_total_items": len(items),
                "_links": {"self": {"href": f"{self.rt.amocrm_url}/api/v4/leads/pipelines"}},
                "_embedded": {"pipelines": items},
            }
        )

    async def leads(self, request: Request) -> Response:
        account = self._authorised(request)
        if isinstance(account, Response):
            return account
        query = request.query_params
        page = min(max(1, _int(query.get("page"), 1)), 2**53 // MAX_LIMIT)
        limit = min(MAX_LIMIT, max(1, _int(query.get("limit"), DEFAULT_LIMIT)))
        filters = _status_filters(query.multi_items())
        rows, total = self.rt.store.leads(filters, (page - 1) * limit, limit)
        if not rows:
            return Response(status_code=204)  # amoCRM: no content, not an empty list
        base = f"{self.rt.amocrm_url}/api/v4/leads"
        others = [(k, v) for k, v in query.multi_items() if k not in ("page", "limit")]
        links = {"self": {"href": _page_url(base, others, page, limit)}}
        if page * limit < total:
            links["next"] = {"href": _page_url(base, others, page + 1, limit)}
        if page > 1:
            links["prev"] = {"href": _page_url(base, others, page - 1, limit)}
        leads = [_lead_json(row, account.id, self.rt.amocrm_url) for row in rows]
        return hal({"_page": page, "_links": links, "_embedded": {"leads": leads}})


def _account(account_id: int) -> Account | None:
    return next((a for a in ACCOUNTS if a.id == account_id), None)


async def _body_fields(request: Request) -> dict[str, str]:
    """JSON or form fields of a request as strings ({} when the body is neither)."""
    raw = await request.body()
    if "json" in request.headers.get("content-type", ""):
        try:
            data = json.loads(raw)
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items() if isinstance(v, (str, int))}
    return dict(parse_qsl(raw.decode("utf-8", "replace")))


def _status_filters(items: list[tuple[str, str]]) -> list[LeadFilter]:
    """`filter[statuses][N][pipeline_id|status_id]` pairs as lead filters."""
    found: dict[str, dict[str, int]] = {}
    for key, value in items:
        if not key.startswith("filter[statuses]["):
            continue
        parts = key.removeprefix("filter[statuses][").rstrip("]").split("][")
        if len(parts) == 2 and parts[1] in ("pipeline_id", "status_id"):
            found.setdefault(parts[0], {})[parts[1]] = _int(value, -1)
    return [
        LeadFilter(pipeline_id=f.get("pipeline_id"), stage_id=f.get("status_id"))
        for f in found.values()
    ]


def _page_url(base: str, others: list[tuple[str, str]], page: int, limit: int) -> str:
    return f"{base}?{urlencode([*others, ('page', str(page)), ('limit', str(limit))])}"


def _pipeline_json(pipeline: Pipeline, account_id: int) -> dict[str, Any]:
    statuses = [
        {
            "id": s.id,
            "name": s.name,
            "sort": s.sort,
            "is_editable": s.id not in (142, 143),
            "pipeline_id": pipeline.id,
            "color": s.color,
            "type": s.type,
            "account_id": account_id,
        }
        for s in pipeline.stages
    ]
    return {
        "id": pipeline.id,
        "name": pipeline.name,
        "sort": pipeline.sort,
        "is_main": pipeline.is_main,
        "is_unsorted_on": True,
        "is_archive": False,
        "account_id": account_id,
        "_embedded": {"statuses": statuses},
    }


def _lead_json(row: Any, account_id: int, base: str) -> dict[str, Any]:
    closed = row["stage_id"] in (142, 143)
    return {
        "id": row["amo_lead_id"],
        "name": f"Заявка: {row['guest_name']}",
        "price": row["price"],
        "responsible_user_id": row["responsible_user_id"],
        "group_id": 0,
        "status_id": row["stage_id"],
        "pipeline_id": row["pipeline_id"],
        "loss_reason_id": None,
        "created_by": 0,
        "updated_by": 0,
        "created_at": int(row["created_at"]),
        "updated_at": int(row["updated_at"]),
        "closed_at": int(row["updated_at"]) if closed else None,
        "closest_task_at": None,
        "is_deleted": False,
        "custom_fields_values": None,
        "score": None,
        "account_id": account_id,
        "labor_cost": None,
        "_links": {"self": {"href": f"{base}/api/v4/leads/{row['amo_lead_id']}"}},
        "_embedded": {"tags": [], "companies": []},
    }


def _error_page(status: int, message: str) -> Response:
    page = (
        '<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>amoCRM</title>'
        f"</head><body><h1>Помилка</h1><p>{html.escape(message)}</p></body></html>"
    )
    return HTMLResponse(page, status)


def _consent_html(state: str, mode: str) -> str:
    options = "\n".join(
        f'        <option value="{a.id}">{html.escape(a.name)} ({a.domain})</option>'
        for a in ACCOUNTS
    )
    name = html.escape(INTEGRATION_NAME)
    return f"""<!DOCTYPE html>
<html lang="uk">
<head><meta charset="utf-8"><title>Надання доступу: {name}</title>
<style>body{{font-family:sans-serif;max-width:32em;margin:3em auto}}
button{{font-size:1.1em;margin-right:1em}}</style></head>
<body>
  <h1 id="integration">{name}</h1>
  <p>Інтеграція запитує доступ до вашого акаунта amoCRM (пісочниця amogui).</p>
  <ul id="permissions"><li>Доступ до угод, контактів і компаній</li>
    <li>Доступ до сповіщень</li></ul>
  <form method="post" action="/oauth">
    <input type="hidden" name="client_id" value="{html.escape(CLIENT_ID)}">
    <input type="hidden" name="state" value="{html.escape(state)}">
    <input type="hidden" name="mode" value="{html.escape(mode)}">
    <label for="account">Акаунт</label>
    <select name="account" id="account">
{options}
    </select>
    <p>
      <button type="submit" id="allow" name="decision" value="allow">Дозволити</button>
      <button type="submit" id="deny" name="decision" value="deny">Відмовити</button>
    </p>
  </form>
</body>
</html>
"""


def amocrm_app(runtime: Runtime) -> Starlette:
    return Starlette(routes=AmoCRM(runtime).routes())
