"""HAR 1.2 (the HTTP archive browsers and proxies import) from recorded exchanges.

Used by the report bundle (``requests.har``) and by the window's log panel export.
Exchanges are already redacted; every string passes through the redactor once more
anyway (defence in depth). A failed exchange (no response) gets status 0 and its
error in ``_error``, the convention Chrome's DevTools use for blocked requests.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from amogui import __version__
from amogui.base.redact import REDACTOR
from amogui.run.exchange import Exchange

HAR_VERSION = "1.2"


def _pairs(headers: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": k, "value": REDACTOR.text(v)} for k, v in headers]  # names are kept


def _query(url: str) -> list[dict[str, str]]:
    try:
        query = urlsplit(url).query
    except ValueError:
        return []
    return [{"name": k, "value": v} for k, v in parse_qsl(query, keep_blank_values=True)]


def _mime(headers: list[tuple[str, str]]) -> str:
    return next((v for k, v in headers if k.lower() == "content-type"), "")


def _guess_mime(body: str) -> str:
    return "application/json" if body.lstrip().startswith(("{", "[")) else "text/plain"


def _status_text(status: int | None) -> str:
    if status is None:
        return ""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _request(x: Exchange, url: str) -> dict[str, Any]:
    body = REDACTOR.text(x.request_body)
    request: dict[str, Any] = {
        "method": x.method,
        "url": url,
        "httpVersion": x.http_version,
        "cookies": [],
        "headers": _pairs(x.request_headers),
        "queryString": _query(url),
        "headersSize": -1,
        "bodySize": len(body.encode()) if body else 0,
    }
    if body:
        request["postData"] = {
            "mimeType": _mime(x.request_headers) or _guess_mime(body),
            "text": body,
        }
    return request


def _response(x: Exchange) -> dict[str, Any]:
    body = REDACTOR.text(x.response_body)
    location = x.header("location") or ""
    content: dict[str, Any] = {
        "size": x.response_size or len(body.encode()),
        "mimeType": _mime(x.response_headers) or "x-unknown",
        "text": body,
    }
    if x.response_truncated:
        content["comment"] = f"truncated by amogui; {x.response_size} bytes were read"
    return {
        "status": x.status or 0,
        "statusText": _status_text(x.status),
        "httpVersion": x.http_version,
        "cookies": [],
        "headers": _pairs(x.response_headers),
        "content": content,
        "redirectURL": REDACTOR.url(location) if location else "",
        "headersSize": -1,
        "bodySize": -1 if x.status is None else len(body.encode()),
    }


def entry(x: Exchange) -> dict[str, Any]:
    url = REDACTOR.url(x.url)
    out: dict[str, Any] = {
        "startedDateTime": x.started_at,
        "time": max(0.0, float(x.duration_ms)),
        "request": _request(x, url),
        "response": _response(x),
        "cache": {},
        # amogui measures one duration per exchange, so it is all "wait".
        "timings": {"send": 0, "wait": max(0.0, float(x.duration_ms)), "receive": 0},
        "_id": x.id,
    }
    if x.check_id:
        out["comment"] = f"check {x.check_id}"
        out["_checkId"] = x.check_id
    if x.error:
        out["_error"] = REDACTOR.text(x.error)
    return out


def to_har(exchanges: list[Exchange], comment: str = "") -> dict[str, Any]:
    """A HAR 1.2 document (a dict ready for ``json.dumps``) of the exchanges, in order."""
    log: dict[str, Any] = {
        "version": HAR_VERSION,
        "creator": {"name": "amogui", "version": __version__},
        "pages": [],
        "entries": [entry(x) for x in exchanges],
    }
    if comment:
        log["comment"] = REDACTOR.text(comment)
    return {"log": log}
