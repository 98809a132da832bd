"""The ForYou admin backend stand-in, with its fault switches.

Routes, envelopes, status codes and error bodies follow the real Express backend:
`success` envelopes from the controllers, bare `{message}` bodies from the JWT
middleware, Express's HTML 404 page for unknown routes.
"""

from __future__ import annotations

import html
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from amogui.sandbox import jwt
from amogui.sandbox.config import BLOCKED_USER, CLIENT_ID, CLIENT_SECRET, DEEPLINK, DemoUser
from amogui.sandbox.runtime import CALLBACK_PATH, Runtime
from amogui.sandbox.seed import iso
from amogui.sandbox.store import LeadFilter, TokenRow

MAX_LIMIT = 100
MAX_NUMBER = 2**53  # larger query numbers are refused (400), never a crash
DEFAULT_LIMIT = 10
REFRESH_MARGIN = 60.0
# What urlencode leaves in a deep link: nothing here needs escaping in HTML or a JS string.
_SAFE_LINK = re.compile(
    r"[A-Za-z0-9:/?&=%+._~-]+"
)  # refresh an access token that expires within a minute

Handler = Callable[[Request, DemoUser | None], Awaitable[Response]]


def send(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status, media_type="application/json")


def fail(status: int, message: str) -> Response:
    return send({"success": False, "message": message}, status)


def express_404(request: Request) -> Response:
    """Express 5's default page for a route that does not exist."""
    path = html.escape(request.url.path)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
        f"</head>\n<body>\n<pre>Cannot {request.method} {path}</pre>\n</body>\n</html>\n"
    )
    return HTMLResponse(page, 404, headers={"Content-Security-Policy": "default-src 'none'"})


@dataclass(frozen=True)
class Connection:
    access: str
    refresh: str
    expires_at: float
    domain: str
    account_id: str


class Backend:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime

    def routes(self) -> list[Route]:
        api = self._api
        return [
            Route("/api/auth/login", self.login, methods=["POST"]),
            Route("/api/v1/auth/login", self.login, methods=["POST"]),
            Route(CALLBACK_PATH, self.callback, methods=["GET"]),
            Route(
                "/api/amo-crm/exchange-code",
                api(self.exchange_code, "Failed to exchange authorization code", True),
                methods=["POST"],
            ),
            Route(
                "/api/amo-crm/status",
                api(self.status, "Failed to get connection status"),
                methods=["GET"],
            ),
            Route(
                "/api/amo-crm/disconnect",
                api(self.disconnect, "Failed to disconnect AMO CRM"),
                methods=["POST"],
            ),
            Route(
                "/api/amo-crm/pipelines",
                api(self.pipelines, "Failed to get pipelines: Internal server error"),
                methods=["GET"],
            ),
            Route("/api/v1/leads", api(self.leads, "Failed to get leads"), methods=["GET"]),
        ]

    # -- the fault layer around JWT-protected routes ------------------------------------
    def _api(
        self, handler: Handler, error: str, auth_optional: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        """Auth first (as the real middleware), then the errors-500 switch, then the handler."""

        async def endpoint(request: Request) -> Response:
            user = self._authenticate(request, auth_optional)
            if isinstance(user, Response):
                return self._finish(user, json_fault=False)
            if self.rt.has("errors-500"):
                return self._finish(fail(500, error), json_fault=False)
            return self._finish(await handler(request, user), json_fault=True)

        return endpoint

    def _finish(self, response: Response, json_fault: bool) -> Response:
        if response.status_code >= 400 and self.rt.has("html-errors"):
            return _html_error(response)
        is_json = response.media_type == "application/json"
        if json_fault and is_json and response.status_code < 300 and self.rt.has("malformed-json"):
            body = bytes(response.body)
            # Any proper prefix of a JSON object is invalid JSON.
            return Response(
                body[: max(1, len(body) * 2 // 3)],
                response.status_code,
                media_type="application/json",
            )
        return response

    def _authenticate(self, request: Request, optional: bool) -> DemoUser | Response | None:
        header = request.headers.get("authorization")
        if not header:
            if optional and self.rt.has("exchange-no-auth"):
                return None
            return send({"message": "Unauthorized: No authorization header"}, 401)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return send({"message": "Unauthorized: Invalid authorization header format"}, 401)
        try:
            claims = jwt.decode(token.strip(), self.rt.jwt_secret)
        except jwt.JWTError as exc:
            if self.rt.has("jwt-403"):
                return send({"message": f"Invalid token: {exc}"}, 403)
            return send({"message": "Unauthorized: Invalid or expired token"}, 401)
        user = self.rt.find_user(user_id=str(claims.get("id", "")))
        if user is None:
            return send({"message": "Unauthorized: User not found"}, 401)
        return user

    # -- login --------------------------------------------------------------------------
    async def login(self, request: Request) -> Response:
        data = await _json_object(request)
        email, password = data.get("email"), data.get("password")
        if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
            return self._finish(fail(400, "Email and password are required"), json_fault=False)
        user = self.rt.find_user(email=email)
        if user is None or user.password != password:
            return self._finish(fail(401, "Invalid credentials"), json_fault=False)
        if user == BLOCKED_USER:
            return self._finish(fail(403, "Account is blocked"), json_fault=False)
        first, _, last = user.name.partition(" ")
        profile = {
            "id": user.id,
            "email": user.email,
            "role": user.role,
            "firstName": first,
            "lastName": last,
        }
        token = self.rt.token_for(user.email)
        return send(
            {
                "success": True,
                "message": "Login successful",
                "data": {"token": token, "user": profile},
            }
        )

    # -- callback -----------------------------------------------------------------------
    async def callback(self, request: Request) -> Response:
        """The five callback versions: 302 (1), JS page (2), exchange then a button page
        with the spent code (3) or ?success=true (4, 5). Without a code (amoCRM's own
        error included) every version answers the missing_code error deep link; a failed
        exchange in versions 3-5 answers the backend's message. Error deep links carry no
        state and percent-encode (spaces as %20), as the backend builds them."""
        if self.rt.has("callback-404"):
            return express_404(request)
        query = request.query_params
        code, state = query.get("code"), query.get("state")
        exchanges = self.rt.has("callback-button") or self.rt.has("callback-success-flag")
        if not code:
            link = _error_link("missing_code")
        elif not exchanges:
            link = self._deeplink({"code": code}, state)
        elif await self._connect(code, user_id=None) is None:
            link = _error_link("Failed to exchange authorization code")
        elif self.rt.has("callback-success-flag"):
            link = self._deeplink({"success": "true"}, state)
        else:
            link = self._deeplink({"code": code}, state)
        if exchanges:
            return HTMLResponse(_button_page(link))
        if self.rt.has("callback-js"):
            return HTMLResponse(_js_page(link))
        return RedirectResponse(link, status_code=302)

    def _deeplink(self, params: dict[str, str], state: str | None) -> str:
        query = dict(params)
        if state is not None and not self.rt.has("callback-drops-state"):
            query["state"] = state
        return f"{DEEPLINK}?{urlencode(query)}"

    # -- the amoCRM side over HTTP ------------------------------------------------------
    async def _token_request(self, fields: dict[str, str]) -> dict[str, Any] | None:
        body = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **fields}
        try:
            async with self.rt.amocrm_client() as client:
                response = await client.post("/oauth2/access_token", json=body)
                data = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None
        if not isinstance(data, dict) or not data.get("access_token"):
            return None
        return data

    async def _amo_get(self, path: str, access: str) -> dict[str, Any] | None:
        try:
            async with self.rt.amocrm_client() as client:
                response = await client.get(path, headers={"Authorization": f"Bearer {access}"})
                data = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    async def _connect(self, code: str, user_id: str | None) -> Connection | None:
        """Exchange a code at amoCRM, read the account, store the tokens for `user_id`."""
        grant = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.rt.redirect_uri,
        }
        tokens = await self._token_request(grant)
        if tokens is None:
            return None
        access = str(tokens["access_token"])
        account = await self._amo_get("/api/v4/account", access)
        if account is None:
            return None
        now = time.time()
        connection = Connection(
            access=access,
            refresh=str(tokens.get("refresh_token", "")),
            expires_at=now + float(tokens.get("expires_in", 0)),
            domain=f"{account.get('subdomain', '')}.amocrm.ru",
            account_id=str(account.get("id", "")),
        )
        self.rt.store.save_token(
            user_id,
            connection.access,
            connection.refresh,
            connection.expires_at,
            connection.domain,
            connection.account_id,
            now,
        )
        return connection

    async def _fresh(self, row: TokenRow) -> str | None:
        """A usable access token for a stored row, refreshing (and rotating) it if due."""
        if time.time() < row.expires_at - REFRESH_MARGIN:
            return row.access_token
        tokens = await self._token_request(
            {
                "grant_type": "refresh_token",
                "refresh_token": row.refresh_token,
                "redirect_uri": self.rt.redirect_uri,
            }
        )
        if tokens is None:
            return None
        now = time.time()
        access = str(tokens["access_token"])
        self.rt.store.update_token(
            row.id,
            access,
            str(tokens.get("refresh_token", "")),
            now + float(tokens.get("expires_in", 0)),
            now,
        )
        return access

    # -- amo-crm routes -----------------------------------------------------------------
    async def exchange_code(self, request: Request, user: DemoUser | None) -> Response:
        code = (await _json_object(request)).get("code")
        if not isinstance(code, str) or not code.strip():
            return fail(400, "Authorization code is required")
        owner = None if user is None or self.rt.has("global-tokens") else user.id
        if await self._connect(code.strip(), owner) is None:
            return fail(400, "Failed to exchange authorization code")
        return send({"success": True, "message": "AMO CRM successfully connected", "data": None})

    def _row_for(self, user: DemoUser | None) -> TokenRow | None:
        store = self.rt.store
        if self.rt.has("global-tokens"):
            return store.any_token()
        row = store.token_for_user(user.id) if user is not None else None
        if row is None and self.rt.has("global-status"):
            row = store.token_for_user(None)
        return row

    async def status(self, request: Request, user: DemoUser | None) -> Response:
        row = self._row_for(user)
        data: dict[str, Any] = {
            # Version 5 answers null, not false, when no token exists at all.
            "connected": None if row is None and self.rt.has("status-connected-null") else False,
            "hasTokens": row is not None,
            "domain": None,
            "accountId": None,
        }
        if row is not None:
            data["connected"] = await self._fresh(row) is not None
            if not self.rt.has("status-no-domain"):
                data["domain"], data["accountId"] = row.domain, row.account_id
        return send({"success": True, "message": "Success", "data": data})

    async def disconnect(self, request: Request, user: DemoUser | None) -> Response:
        if user is not None and not self.rt.has("disconnect-noop"):
            self.rt.store.delete_tokens(user.id)
        return send({"success": True, "message": "AMO CRM disconnected", "data": None})

    async def pipelines(self, request: Request, user: DemoUser | None) -> Response:
        """The user's own token (or, with global-status, the global one) and the app's
        `stages` shape; pipelines-admin-only serves them as the checklist's version did."""
        if self.rt.has("pipelines-admin-only"):
            return await self._admin_pipelines(user)
        row = self._row_for(user)
        if row is None:
            return fail(500, "Failed to get pipelines: AMO CRM is not connected")
        data = await self._amo_pipelines(row)
        if data is None:
            return fail(500, "Failed to get pipelines: amoCRM request failed")
        items = [_pipeline(p) for p in data.get("_embedded", {}).get("pipelines", [])]
        return send({"data": items, "count": len(items)})

    async def _admin_pipelines(self, user: DemoUser | None) -> Response:
        if user is None or user.role != "ADMIN":
            return send({"message": "Forbidden: Admin access required"}, 403)
        row = self.rt.store.token_for_user(None)  # the global token only
        if row is None:
            return fail(
                500,
                "Failed to get pipelines from AMO CRM: AMO CRM not authorized. "
                "Please authorize first.",
            )
        data = await self._amo_pipelines(row)
        if data is None:
            return fail(500, "Failed to get pipelines from AMO CRM: amoCRM request failed")
        return send({"success": True, "message": "Success", "data": data})  # amoCRM's shape

    async def _amo_pipelines(self, row: TokenRow) -> dict[str, Any] | None:
        access = await self._fresh(row)
        return await self._amo_get("/api/v4/leads/pipelines", access) if access else None

    async def leads(self, request: Request, user: DemoUser | None) -> Response:
        query = request.query_params
        numbers: dict[str, int | None] = {}
        for name in ("page", "limit", "pipelineId", "stageId"):
            raw = query.get(name)
            if raw is None or raw == "":
                numbers[name] = None
                continue
            try:
                numbers[name] = int(raw)
            except ValueError:
                numbers[name] = MAX_NUMBER + 1
            # Beyond this SQLite cannot hold the number (or the page offset it makes).
            if not -MAX_NUMBER <= (numbers[name] or 0) <= MAX_NUMBER:
                return fail(400, f"Invalid {name}: {raw[:40]}")
        page = min(max(1, numbers["page"] or 1), MAX_NUMBER // MAX_LIMIT)
        limit = min(MAX_LIMIT, max(1, numbers["limit"] or DEFAULT_LIMIT))
        stage = None if self.rt.has("leads-ignore-stage") else numbers["stageId"]
        # stageId wins over status; an unknown status (the app's "CLOSED") matches nothing.
        status = (query.get("status") or None) if stage is None else None
        lead_filter = LeadFilter(numbers["pipelineId"], stage, status)
        rows, total = self.rt.store.leads([lead_filter], (page - 1) * limit, limit)
        return send(
            {
                "data": [_lead(r) for r in rows],
                "total": total,
                "page": page,
                "limit": limit,
                "totalPages": math.ceil(total / limit),
            }
        )


def _pipeline(item: dict[str, Any]) -> dict[str, Any]:
    statuses = item.get("_embedded", {}).get("statuses", [])
    stages = [
        {
            "id": s.get("id"),
            "pipelineId": item.get("id"),
            "name": s.get("name"),
            "sort": s.get("sort"),
            "color": s.get("color"),
            "type": s.get("type"),
        }
        for s in statuses
    ]
    return {
        "id": item.get("id"),
        "name": item.get("name"),
        "sort": item.get("sort"),
        "isMain": item.get("is_main"),
        "stages": stages,
    }


def _lead(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "guestName": row["guest_name"],
        "guestPhone": row["guest_phone"],
        "guestEmail": row["guest_email"],
        "status": row["status"],
        "price": row["price"],
        "amoLeadId": row["amo_lead_id"],
        "pipelineId": row["pipeline_id"],
        "stageId": row["stage_id"],
        "responsibleUserId": row["responsible_user_id"],
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
    }


async def _json_object(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _html_error(response: Response) -> Response:
    """The same error as an HTML page, as a proxy or an unconfigured server sends it."""
    try:
        message = str(json.loads(bytes(response.body)).get("message", ""))
    except (ValueError, AttributeError):
        message = ""
    status = response.status_code
    page = (
        f"<!DOCTYPE html><html><head><title>{status} Error</title></head><body>"
        f"<h1>{status} Error</h1><p>{html.escape(message)}</p><hr><address>nginx</address>"
        "</body></html>"
    )
    return HTMLResponse(page, status)


def _attr(link: str) -> str:
    """The link for an HTML attribute: verbatim when URL-encoding left nothing to escape,
    so simple clients can read it from the page as the real backend wrote it."""
    return link if _SAFE_LINK.fullmatch(link) else html.escape(link, quote=True)


def _js_page(link: str) -> str:
    attr = _attr(link)
    # json.dumps makes a JS string literal; "<" is escaped so it cannot close the script.
    literal = json.dumps(link).replace("<", "\\u003c")
    return f"""<!DOCTYPE html>
<html lang="uk"><head><meta charset="utf-8"><title>AMO CRM</title></head>
<body>
<p>Повертаємося в застосунок…</p>
<p><a id="open-app" href="{attr}">Відкрити застосунок</a></p>
<script>window.location.href = {literal};</script>
</body></html>
"""


def _error_link(message: str) -> str:
    """An error deep link as the backend builds it: encodeURIComponent, no state."""
    return f"{DEEPLINK}?error={quote(message, safe='')}"


def _button_page(link: str) -> str:
    onclick = f"window.open('{_attr(link)}','_self')"
    return f"""<!DOCTYPE html>
<html lang="uk"><head><meta charset="utf-8"><title>AMO CRM</title></head>
<body>
<h1>AMO CRM підключено</h1>
<p>Поверніться в застосунок, щоб завершити.</p>
<button id="return" onclick="{onclick}">Повернутися в застосунок</button>
</body></html>
"""


def backend_app(runtime: Runtime) -> Starlette:
    return Starlette(routes=Backend(runtime).routes())
