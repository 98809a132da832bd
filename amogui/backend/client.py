"""The one HTTP client: httpx.AsyncClient wrapped to record every exchange as evidence.

Every request made by a check, the window or the headless runner goes through
`BackendClient.request`, which

- never raises for network trouble: a `Reply` carries ``error`` (one clear sentence)
  instead, so a run goes on after a timeout, a refused connection or a TLS failure;
- reads bodies with a cap (a hostile backend cannot exhaust memory);
- follows redirects itself when asked, stops at a custom scheme (a deep link) and
  reports a loop as such;
- records a redacted `Exchange` for each hop with the check that made it.

The `Reply` keeps the *unredacted* body and headers in memory, because a check needs
e.g. the real code in a deep link; only the `Exchange` (redacted) is ever stored.
"""

from __future__ import annotations

import asyncio
import functools
import json
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from amogui import __version__
from amogui.backend.recorder import Recorder
from amogui.base.redact import REDACTOR
from amogui.run.exchange import Exchange
from amogui.settings.profiles import Profile

BODY_CAP = 5 * 1024 * 1024  # bytes kept of any response body
EVIDENCE_CAP = 64 * 1024  # characters of a body kept in the recorded evidence
MAX_REDIRECTS = 5
USER_AGENT = f"amogui/{__version__}"


@dataclass
class Reply:
    """What came back, unredacted, plus the redacted evidence record."""

    exchange: Exchange
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    truncated: bool = False
    error: str | None = None
    url: str = ""
    history: list[Reply] = field(default_factory=list)  # earlier redirect hops

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        return self.body.decode(_charset(self.headers), errors="replace")

    def json(self) -> tuple[Any, str | None]:
        """(data, None) or (None, a sentence saying why the body is not the JSON expected)."""
        if self.error:
            return None, self.error
        if not self.body.strip():
            return (
                None,
                f"the answer (HTTP {self.status}) has an empty body where JSON was expected",
            )
        if "html" in self.content_type or self.body.lstrip()[:1] == b"<":
            return None, f"the answer (HTTP {self.status}) is an HTML page where JSON was expected"
        if self.truncated:
            return None, f"the body is larger than {BODY_CAP} bytes and was cut; not parsed"
        try:
            return json.loads(self.text), None
        except json.JSONDecodeError as exc:
            return None, f"the body is not valid JSON ({exc.msg} at character {exc.pos})"
        except ValueError as exc:
            return None, f"the body is not valid JSON ({exc})"


def _charset(headers: httpx.Headers) -> str:
    ctype = headers.get("content-type", "")
    for part in ctype.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            try:
                "".encode(value.strip('"'))
            except LookupError:
                break
            return value.strip('"')
    return "utf-8"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and its causes, innermost last (bounded: chains can be cyclic)."""
    out: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in out and len(out) < 10:
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def describe_error(exc: BaseException, url: str, timeout: float) -> str:
    """One sentence a tester understands, for a request that got no usable answer."""
    try:
        host = urlsplit(url).netloc or url
    except ValueError:  # e.g. "Invalid IPv6 URL": describing must never raise
        host = url
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer from {host} within {timeout:g} s (timeout)"
    if isinstance(exc, httpx.ConnectError):
        causes = _causes(exc)
        text = str(exc)
        if (
            any(isinstance(c, ssl.SSLError) for c in causes)
            or "SSL" in text
            or ("certificate" in text)
        ):
            return f"the TLS handshake with {host} failed: {text or type(exc).__name__}"
        # httpx (anyio) wraps a refusal as "All connection attempts failed": look inside.
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or (
            "refused" in text.lower() or "Errno 111" in text
        ):
            return f"could not connect to {host}: connection refused"
        return f"could not connect to {host}: {text or 'connection failed'}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"{host} broke the HTTP protocol or closed the connection mid-answer: {exc}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"cannot request {REDACTOR.url(url)}: only http and https are supported"
    if isinstance(exc, httpx.InvalidURL):
        return f"the URL {REDACTOR.url(url)} is not valid: {exc}"
    if isinstance(exc, httpx.HTTPError):
        return f"the request to {host} failed: {exc}"
    return f"the request to {host} failed: {type(exc).__name__}: {exc}"


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once: loading the CA bundle takes 50-150 ms, which
    every new client paid on the GUI thread (bench/stall.py). An SSLContext is safe to share."""
    return httpx.create_ssl_context()


class BackendClient:
    """An httpx.AsyncClient for one profile, recording every exchange."""

    def __init__(
        self,
        profile: Profile,
        recorder: Recorder | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        body_cap: int = BODY_CAP,
    ) -> None:
        self.profile = profile
        self.recorder = recorder or Recorder()
        self.body_cap = body_cap
        self.timeout = profile.timeout
        self._client = httpx.AsyncClient(
            transport=transport,
            verify=tls_context(),
            timeout=httpx.Timeout(profile.timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    async def __aenter__(self) -> BackendClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    def url(self, key_or_url: str) -> str:
        """A profile path key ("status"), an absolute path ("/api/..") or a full URL."""
        if key_or_url in self.profile.paths:
            return self.profile.url(key_or_url)
        if key_or_url.startswith("/"):
            return self.profile.base_url.rstrip("/") + key_or_url
        return key_or_url

    async def request(
        self,
        method: str,
        key_or_url: str,
        *,
        token: str | None = None,
        json_body: Any = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        check_id: str | None = None,
        follow_redirects: bool = False,
        max_redirects: int = MAX_REDIRECTS,
    ) -> Reply:
        url = self.url(key_or_url)
        all_headers = dict(headers or {})
        if token is not None:
            REDACTOR.add_secret(token)
            all_headers["Authorization"] = f"Bearer {token}"
        request_params = {k: str(v) for k, v in (params or {}).items()}
        reply = await self._once(
            method, url, all_headers, json_body, content, request_params, check_id
        )
        history: list[Reply] = []
        while follow_redirects and _is_redirect(reply):
            target = urljoin(reply.url, reply.headers.get("location", ""))
            if urlsplit(target).scheme not in ("http", "https"):
                break  # a deep link: the caller reads it from Location
            if len(history) >= max_redirects:
                reply.error = f"redirect loop: more than {max_redirects} redirects, last to " + (
                    REDACTOR.url(target)
                )
                reply.exchange.error = reply.error
                break
            history.append(reply)
            method = "GET" if reply.status in (301, 302, 303) else method
            reply = await self._once(method, target, all_headers, None, None, {}, check_id)
        reply.history = history
        return reply

    async def get(self, key_or_url: str, **kwargs: Any) -> Reply:
        return await self.request("GET", key_or_url, **kwargs)

    async def post(self, key_or_url: str, **kwargs: Any) -> Reply:
        return await self.request("POST", key_or_url, **kwargs)

    async def _once(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        json_body: Any,
        content: bytes | None,
        params: dict[str, str],
        check_id: str | None,
    ) -> Reply:
        started = datetime.now(UTC)
        clock = time.perf_counter()
        try:
            request = self._client.build_request(
                method,
                url,
                headers=headers,
                json=json_body,
                content=content,
                params=params or None,
            )
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, TypeError) as exc:
            # httpx.InvalidURL is not an HTTPError: a bad port ("http://[::1/x") raised it.
            return self._failed(method, url, headers, started, clock, exc, check_id)
        try:
            response = await self._client.send(request, stream=True)
        except (httpx.HTTPError, OSError, ssl.SSLError) as exc:
            return self._failed(method, url, headers, started, clock, exc, check_id, request)
        try:
            body, truncated, error = await self._read_capped(response)
        finally:
            await response.aclose()
        reply = Reply(
            exchange=self._record(request, response, body, truncated, started, clock, check_id),
            status=response.status_code,
            headers=response.headers,
            body=body,
            truncated=truncated,
            url=str(request.url),
        )
        if error:
            reply.error = describe_error(error, str(request.url), self.timeout)
            reply.exchange.error = reply.error
        return reply

    async def _read_capped(
        self, response: httpx.Response
    ) -> tuple[bytes, bool, BaseException | None]:
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > self.body_cap:
                    return b"".join(chunks)[: self.body_cap], True, None
        except (httpx.HTTPError, OSError) as exc:
            return b"".join(chunks), False, exc
        return b"".join(chunks), False, None

    def _record(
        self,
        request: httpx.Request,
        response: httpx.Response,
        body: bytes,
        truncated: bool,
        started: datetime,
        clock: float,
        check_id: str | None,
    ) -> Exchange:
        ctype = response.headers.get("content-type", "")
        text = body.decode(_charset(response.headers), errors="replace")
        shown = REDACTOR.body(text[:EVIDENCE_CAP], ctype)
        exchange = Exchange(
            id=self.recorder.next_id(),
            check_id=check_id,
            method=request.method,
            url=REDACTOR.url(str(request.url)),
            started_at=started.isoformat(timespec="milliseconds"),
            duration_ms=round((time.perf_counter() - clock) * 1000, 1),
            status=response.status_code,
            http_version=response.http_version,
            request_headers=REDACTOR.headers(request.headers.multi_items()),
            request_body=_request_body(request),
            response_headers=REDACTOR.headers(response.headers.multi_items()),
            response_body=shown,
            response_truncated=truncated or len(text) > EVIDENCE_CAP,
            response_size=len(body),
        )
        self.recorder.add(exchange)
        return exchange

    def _failed(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        started: datetime,
        clock: float,
        exc: BaseException,
        check_id: str | None,
        request: httpx.Request | None = None,
    ) -> Reply:
        error = describe_error(exc, url, self.timeout)
        exchange = Exchange(
            id=self.recorder.next_id(),
            check_id=check_id,
            method=method,
            url=REDACTOR.url(url),
            started_at=started.isoformat(timespec="milliseconds"),
            duration_ms=round((time.perf_counter() - clock) * 1000, 1),
            request_headers=REDACTOR.headers(
                request.headers.multi_items() if request else headers.items()
            ),
            request_body=_request_body(request) if request else "",
            error=error,
        )
        self.recorder.add(exchange)
        return Reply(exchange=exchange, error=error, url=url)


def _is_redirect(reply: Reply) -> bool:
    return (
        reply.error is None
        and reply.status in (301, 302, 303, 307, 308)
        and "location" in reply.headers
    )


def _request_body(request: httpx.Request) -> str:
    try:
        raw = request.content
    except httpx.RequestNotRead:
        return ""
    text = raw.decode("utf-8", errors="replace")
    return REDACTOR.body(text[:EVIDENCE_CAP], request.headers.get("content-type", ""))


async def gather_limited(
    factories: list[Callable[[], Any]], *, concurrency: int, rate: float
) -> list[Any]:
    """Run coroutine factories with at most `concurrency` at once and `rate` starts per second.

    Used for paging leads: the real backend sits on amoCRM, which allows 7 requests/s.
    """
    semaphore = asyncio.Semaphore(max(1, concurrency))
    interval = 1.0 / rate if rate > 0 else 0.0
    lock = asyncio.Lock()
    next_start = [time.monotonic()]

    async def one(factory: Callable[[], Any]) -> Any:
        async with semaphore:
            if interval:
                async with lock:
                    wait = next_start[0] - time.monotonic()
                    next_start[0] = max(next_start[0], time.monotonic()) + interval
                if wait > 0:
                    await asyncio.sleep(wait)
            return await factory()

    return list(await asyncio.gather(*(one(f) for f in factories)))
