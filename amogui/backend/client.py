"""The one HTTP client: httpx.AsyncClient wrapped to record every exchange as evidence.

Every request made by a check, the window or the headless runner goes through
`BackendClient.request`, which

- never raises for network trouble: a `Reply` carries ``error`` (one clear sentence,
  English) and ``error_text`` (the same sentence as a translatable `Text`) instead, so a
  run goes on after a timeout, a refused connection or a TLS failure;
- keeps to the profile's limits per host: at most ``concurrency`` requests in flight and
  at most ``rate_limit`` requests per second (the politeness budget; it slows a request
  down, it never fails one). A server that answers 429 is waited for (its Retry-After)
  and asked again, a bounded number of times; the host's budget then stays below the
  rate the server accepted;
- keeps three deadlines per request: the connection (``connect_timeout``), a silence
  while bytes are awaited (``idle_timeout``) and the whole request, the complete answer
  included (``timeout``), so a server that trickles one byte at a time ends in a sentence;
- reads bodies with a cap (a hostile backend cannot exhaust memory), closing the stream
  so that every generator of httpx's and httpcore's chain ends in the request's own
  task (an abandoned one, finalised later without the loop's hooks as under qasync,
  prints "async generator ignored GeneratorExit");
- follows redirects itself when asked, stops at a custom scheme (a deep link) and
  reports a loop as such;
- records a redacted `Exchange` for each hop (a 429 answer too) with the check that made it.

The `Reply` keeps the *unredacted* body and headers in memory, because a check needs
e.g. the real code in a deep link; only the `Exchange` (redacted) is ever stored.

`deadline()` bounds a larger piece of work (a check) the same way: a sentence, not a hang.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import email.utils
import functools
import json
import logging
import math
import socket
import ssl
import threading
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from amogui import __version__
from amogui.backend.recorder import Recorder
from amogui.base.i18n import Text, t
from amogui.base.redact import REDACTOR
from amogui.run.exchange import Exchange
from amogui.settings.profiles import Profile

log = logging.getLogger(__name__)

BODY_CAP = 5 * 1024 * 1024  # bytes kept of any response body
EVIDENCE_CAP = 64 * 1024  # characters of a body kept in the recorded evidence
MAX_REDIRECTS = 5
USER_AGENT = f"amogui/{__version__}"
# 429 Too Many Requests: how often one request is asked again, how long a Retry-After
# amogui accepts to wait, and the wait when the server names none.
MAX_429_RETRIES = 5
MAX_RETRY_AFTER = 30.0
DEFAULT_RETRY_AFTER = 1.0
# Chunks still read (and dropped) after the body cap closed the stream, for the stream's
# generators to end by the error that follows; a stream that goes on regardless is left.
DRAIN_CHUNKS = 64


# -- time -------------------------------------------------------------------------------------


class Clock(Protocol):
    """Where the politeness budget reads the time and waits (a test can pass its own)."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


MONOTONIC = MonotonicClock()


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Seconds: the connection, a silence while waiting for bytes, the whole request."""

    connect: float
    idle: float
    total: float

    @classmethod
    def of(cls, profile: Profile) -> Deadlines:
        # No single wait can outlast the whole request.
        total = profile.timeout
        return cls(min(profile.connect_timeout, total), min(profile.idle_timeout, total), total)

    def httpx(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect, read=self.idle, write=self.idle, pool=self.connect
        )


class DeadlineExceeded(TimeoutError):
    """A `deadline()` block ran out of time; ``text`` says what did not finish."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


@contextlib.asynccontextmanager
async def deadline(seconds: float, what: Text | str) -> AsyncIterator[asyncio.Timeout]:
    """Bound a piece of work (a check, with all its requests and waits) in time.

    On expiry the work is cancelled and `DeadlineExceeded` raised, whose sentence names
    `what` ("the check status.before") and the limit. A `TimeoutError` the work raises
    itself passes through unchanged. Cancelling the caller still cancels. The block gets
    the `asyncio.Timeout`, to pause it (``reschedule``) while the work waits on something
    that has a deadline of its own."""
    scope = asyncio.timeout(seconds)
    try:
        async with scope:
            yield scope
    except TimeoutError:
        if not scope.expired():
            raise
        raise DeadlineExceeded(
            t(
                "{what} did not finish within {seconds} s (its deadline); it was stopped",
                what=what,
                seconds=_seconds(seconds),
            )
        ) from None


def _seconds(value: float) -> str:
    return f"{value:g}"


# -- the limits per host ---------------------------------------------------------------------


class HostGate:
    """The limits on one host: requests in flight and the politeness budget.

    One gate serves every client of the process that talks to its host with the same
    numbers (`HostGates`), whatever thread and event loop each runs on: the window's Leads
    tab pages on a worker thread with a loop of its own while the checks run on the GUI
    thread's, and both must keep to one budget. So the state sits under a thread lock, and
    a request waiting for a slot is woken on its own loop (an asyncio primitive belongs to
    one loop).

    The budget spaces request starts by 1/rate seconds (0: no spacing). A 429 pauses every
    request to the host for its Retry-After and lowers the budget to a little under the
    rate the server took in the last second. The counters are there for tests and logs.
    """

    def __init__(self, concurrency: int, rate: float, clock: Clock = MONOTONIC) -> None:
        self.clock = clock
        self.concurrency = max(1, int(concurrency))
        self.rate = _rate(rate)
        self._lock = threading.Lock()
        self._held = 0  # slots taken (or handed to a waiter that is about to run)
        self._queue: collections.deque[_Waiter] = collections.deque()
        self._next_start = -math.inf
        self._paused_until = -math.inf
        self._starts: collections.deque[float] = collections.deque(maxlen=512)
        self.in_flight = 0
        self.peak = 0
        self.waiting = 0  # requests waiting for a slot or their turn
        self.throttled = 0  # 429 answers seen

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """A slot and the budget's go-ahead; held while the request runs."""
        self._count_waiting(+1)
        try:
            await self._acquire()
            try:
                await self._wait_for_budget()
            except BaseException:
                self._release()
                raise
        finally:
            self._count_waiting(-1)
        with self._lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            self._starts.append(self.clock.now())
        try:
            yield
        finally:
            with self._lock:
                self.in_flight -= 1
            self._release()

    def _count_waiting(self, step: int) -> None:
        with self._lock:
            self.waiting += step

    async def _acquire(self) -> None:
        """Take a slot, waiting in line (first come, first served) when none is free."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._held < self.concurrency and not self._queue:
                self._held += 1
                return
            waiter = _Waiter(loop, loop.create_future())
            self._queue.append(waiter)
        try:
            await waiter.granted
        except asyncio.CancelledError:
            with self._lock:
                queued = waiter in self._queue
                if queued:
                    self._queue.remove(waiter)
            if not queued and waiter.granted.done() and not waiter.granted.cancelled():
                self._release()  # the slot came just as the wait was cancelled
            # (A slot on its way to a cancelled wait is given back by `_grant`.)
            raise

    def _release(self) -> None:
        with self._lock:
            self._held -= 1
            while self._queue and self._held < self.concurrency:
                waiter = self._queue.popleft()
                self._held += 1  # handed over: nobody else may take it meanwhile
                try:
                    waiter.loop.call_soon_threadsafe(self._grant, waiter.granted)
                except RuntimeError:  # that loop has closed: nobody waits there any more
                    self._held -= 1

    def _grant(self, granted: asyncio.Future[None]) -> None:
        """On the waiter's loop: wake it, or give the slot back if its wait was cancelled."""
        if granted.done():
            self._release()
        else:
            granted.set_result(None)

    async def _wait_for_budget(self) -> None:
        with self._lock:
            start = max(self.clock.now(), self._next_start)
            if self.rate:
                self._next_start = start + 1.0 / self.rate
        while True:  # a 429 while waiting moves the start later
            with self._lock:
                target = max(start, self._paused_until)
            wait = target - self.clock.now()
            if wait <= 0:
                return
            await self.clock.sleep(wait)

    def slow_down(self, retry_after: float) -> float:
        """The server answered 429: pause the host and lower the budget. Returns the rate."""
        with self._lock:
            now = self.clock.now()
            self.throttled += 1
            self._paused_until = max(self._paused_until, now + retry_after)
            recent = sum(1 for s in self._starts if s > now - 1.0)
            learned = max(1.0, 0.9 * (recent - 1))
            if not self.rate or learned < self.rate:
                self.rate = learned
                self._next_start = max(self._next_start, self._paused_until)
            return self.rate


@dataclass(frozen=True, eq=False)
class _Waiter:
    """A request waiting for a slot, on the loop that must wake it."""

    loop: asyncio.AbstractEventLoop
    granted: asyncio.Future[None]


def _rate(value: float) -> float:
    """Requests per second; 0 (no budget) for anything not a positive finite number."""
    return value if value > 0 and math.isfinite(value) else 0.0


class HostGates:
    """Every host's `HostGate` for the whole process, keyed by the host and the profile's
    numbers (requests in flight, requests per second): every client of a profile shares
    them, whichever part of amogui made the client and whenever. A gate outlives its
    clients, so what a 429 taught about a host holds for the next run too."""

    def __init__(self, clock: Clock = MONOTONIC) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._gates: dict[tuple[str, int, float], HostGate] = {}

    def gate(self, host: str, concurrency: int, rate: float) -> HostGate:
        key = (host.lower(), max(1, int(concurrency)), _rate(rate))
        with self._lock:
            found = self._gates.get(key)
            if found is None:
                found = self._gates[key] = HostGate(key[1], key[2], self.clock)
            return found

    def clear(self) -> None:
        """Forget every gate (tests start from a fresh process's state)."""
        with self._lock:
            self._gates.clear()


HOST_GATES = HostGates()


# -- replies ---------------------------------------------------------------------------------


@dataclass
class Reply:
    """What came back, unredacted, plus the redacted evidence record."""

    exchange: Exchange
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    truncated: bool = False
    error_text: Text | None = None  # why no usable answer came, translatable
    url: str = ""
    history: list[Reply] = field(default_factory=list)  # earlier redirect hops
    throttled: list[Reply] = field(default_factory=list)  # 429 answers before this one

    @property
    def error(self) -> str | None:
        """The error sentence in English (``error_text`` for a translatable one)."""
        return None if self.error_text is None else str(self.error_text)

    @property
    def ok(self) -> bool:
        return self.error_text is None and self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        ctype: str = self.headers.get("content-type", "")  # httpx types get() as Any
        return ctype.split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        return self.body.decode(_charset(self.headers), errors="replace")

    def json(self) -> tuple[Any, str | None]:
        """(data, None) or (None, a sentence saying why the body is not the JSON expected)."""
        data, problem = self.json_text()
        return data, None if problem is None else str(problem)

    def json_text(self) -> tuple[Any, Text | None]:
        """`json` with the reason as a translatable `Text`."""
        if self.error_text is not None:
            return None, self.error_text
        if not self.body.strip():
            return None, t(
                "the answer (HTTP {status}) has an empty body where JSON was expected",
                status=self.status,
            )
        if "html" in self.content_type or self.body.lstrip()[:1] == b"<":
            return None, t(
                "the answer (HTTP {status}) is an HTML page where JSON was expected",
                status=self.status,
            )
        if self.truncated:
            return None, t(
                "the body is larger than {cap} bytes and was cut; not parsed", cap=BODY_CAP
            )
        try:
            return json.loads(self.text), None
        except json.JSONDecodeError as exc:
            return None, t(
                "the body is not valid JSON ({reason} at character {pos})",
                reason=exc.msg,
                pos=exc.pos,
            )
        except ValueError as exc:
            return None, t("the body is not valid JSON ({reason})", reason=str(exc))


def _charset(headers: httpx.Headers) -> str:
    ctype: str = headers.get("content-type", "")  # httpx types get() as Any
    for part in ctype.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            try:
                "".encode(value.strip('"'))
            except LookupError:
                break
            return value.strip('"')
    return "utf-8"


# -- sentences -------------------------------------------------------------------------------


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and its causes, innermost last (bounded: chains can be cyclic)."""
    out: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in out and len(out) < 10:
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:  # e.g. "Invalid IPv6 URL": describing must never raise
        return url


def _detail(exc: BaseException) -> str:
    """The most telling words of an exception chain: its own message, else a cause's,
    else the name of what happened ("" never reaches a sentence)."""
    for item in _causes(exc):
        if isinstance(item, ConnectionResetError):
            return "connection reset by the server"
        if isinstance(item, BrokenPipeError):
            return "the server closed the connection"
        if isinstance(item, socket.gaierror):
            return "the host name could not be resolved"
        text = str(item).strip()
        if text:
            return text
    return type(exc).__name__


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a request got when it failed, for a truthful sentence."""

    answered: bool = False  # the status line and headers had arrived
    received: int = 0  # body bytes read


def describe_error(
    exc: BaseException,
    url: str,
    deadlines: Deadlines | float,
    progress: Progress | None = None,
) -> Text:
    """One sentence a tester understands, for a request that got no usable answer."""
    limits = (
        deadlines
        if isinstance(deadlines, Deadlines)
        else Deadlines(deadlines, deadlines, deadlines)
    )
    got = progress or Progress()
    host = _host(url)
    if isinstance(exc, httpx.TimeoutException):
        return _describe_timeout(exc, host, limits, got)
    if isinstance(exc, httpx.ConnectError):
        return _describe_connect(exc, host)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return t("cannot request {url}: only http and https are supported", url=REDACTOR.url(url))
    if isinstance(exc, httpx.InvalidURL):
        return t("the URL {url} is not valid: {reason}", url=REDACTOR.url(url), reason=str(exc))
    if isinstance(exc, (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError)):
        return _describe_cut(exc, host, got)
    if isinstance(exc, httpx.DecodingError):
        return t(
            "the answer from {host} could not be decoded: {reason}", host=host, reason=_detail(exc)
        )
    if isinstance(exc, httpx.HTTPError):
        return t("the request to {host} failed: {reason}", host=host, reason=_detail(exc))
    return t(
        "the request to {host} failed: {kind}: {reason}",
        host=host,
        kind=type(exc).__name__,
        reason=_detail(exc),
    )


def _describe_timeout(
    exc: httpx.TimeoutException, host: str, limits: Deadlines, got: Progress
) -> Text:
    if isinstance(exc, httpx.ConnectTimeout):
        return t(
            "could not connect to {host} within {seconds} s (timeout)",
            host=host,
            seconds=_seconds(limits.connect),
        )
    if isinstance(exc, httpx.WriteTimeout):
        return t(
            "could not send the request to {host} within {seconds} s (timeout)",
            host=host,
            seconds=_seconds(limits.idle),
        )
    if isinstance(exc, httpx.PoolTimeout):
        return t(
            "no connection to {host} became free within {seconds} s (timeout)",
            host=host,
            seconds=_seconds(limits.connect),
        )
    if got.answered:
        return t(
            "the answer from {host} stopped: nothing more came for {seconds} s after "
            "{received} bytes of the body (timeout)",
            host=host,
            seconds=_seconds(limits.idle),
            received=got.received,
        )
    return t(
        "no answer from {host} within {seconds} s (timeout): the server took the request "
        "and sent nothing back",
        host=host,
        seconds=_seconds(limits.idle),
    )


def _describe_connect(exc: httpx.ConnectError, host: str) -> Text:
    causes = _causes(exc)
    text = str(exc)
    if any(isinstance(c, ssl.SSLError) for c in causes) or "SSL" in text or "certificate" in text:
        return t("the TLS handshake with {host} failed: {reason}", host=host, reason=_detail(exc))
    # httpx (anyio) wraps a refusal as "All connection attempts failed": look inside.
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or (
        "refused" in text.lower() or "Errno 111" in text
    ):
        return t("could not connect to {host}: connection refused", host=host)
    return t("could not connect to {host}: {reason}", host=host, reason=_detail(exc))


def _describe_cut(exc: httpx.HTTPError, host: str, got: Progress) -> Text:
    reason = _detail(exc)
    if isinstance(exc, httpx.WriteError):
        return t(
            "{host} closed the connection while the request was being sent ({reason})",
            host=host,
            reason=reason,
        )
    if got.answered:
        return t(
            "{host} closed the connection mid-answer, after {received} bytes of the body "
            "({reason})",
            host=host,
            received=got.received,
            reason=reason,
        )
    if isinstance(exc, httpx.RemoteProtocolError) and "disconnected" not in reason:
        return t("{host} broke the HTTP protocol: {reason}", host=host, reason=reason)
    return t("{host} closed the connection without answering ({reason})", host=host, reason=reason)


def _total_expired(host: str, limits: Deadlines, got: Progress) -> Text:
    if got.answered:
        return t(
            "no complete answer from {host} within {seconds} s (the server kept the "
            "connection open but sent too little)",
            host=host,
            seconds=_seconds(limits.total),
        )
    return t(
        "no answer from {host} within {seconds} s (timeout): the server kept the connection "
        "open without answering",
        host=host,
        seconds=_seconds(limits.total),
    )


def retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds a 429 asks to wait (delta-seconds or an HTTP date); None when it names none
    that can be read."""
    raw = headers.get("retry-after", "").strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        current = time.time() if now is None else now
        return max(0.0, when.timestamp() - current)
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once: loading the CA bundle takes 50-150 ms, which
    every new client paid on the GUI thread (bench/stall.py). An SSLContext is safe to share."""
    return httpx.create_ssl_context()


# -- the client ------------------------------------------------------------------------------


class BackendClient:
    """An httpx.AsyncClient for one profile, recording every exchange.

    One client serves one event loop (the window's Leads tab pages with a client of its
    own on a worker thread), but the limits per host are the process's (`HOST_GATES`):
    every client of a profile, on any loop, shares one budget and one in-flight bound per
    host. A test that moves its own `clock` gets gates of its own."""

    def __init__(
        self,
        profile: Profile,
        recorder: Recorder | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        body_cap: int = BODY_CAP,
        clock: Clock | None = None,
        gates: HostGates | None = None,
    ) -> None:
        self.profile = profile
        self.recorder = recorder or Recorder()
        self.body_cap = body_cap
        self.deadlines = Deadlines.of(profile)
        self.timeout = self.deadlines.total  # seconds: the whole-request deadline
        if gates is None:
            # A clock of the caller's cannot share a budget with the real one.
            gates = HOST_GATES if clock is None else HostGates(clock)
        self.gates = gates
        self._client = httpx.AsyncClient(
            transport=transport,
            verify=tls_context(),
            timeout=self.deadlines.httpx(),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    async def __aenter__(self) -> BackendClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    def host_gate(self, url: str) -> HostGate:
        """The limits of the host `url` is on (shared by every client of the process)."""
        return self.gates.gate(_host(url), self.profile.concurrency, self.profile.rate_limit)

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
        hop = _Hop(method, url, all_headers, json_body, content, request_params, check_id)
        reply = await self._hop(hop)
        history: list[Reply] = []
        while follow_redirects and _is_redirect(reply):
            target = urljoin(reply.url, reply.headers.get("location", ""))
            if urlsplit(target).scheme not in ("http", "https"):
                break  # a deep link: the caller reads it from Location
            if len(history) >= max_redirects:
                reply.error_text = t(
                    "redirect loop: more than {count} redirects, last to {url}",
                    count=max_redirects,
                    url=REDACTOR.url(target),
                )
                reply.exchange.error = reply.error
                break
            history.append(reply)
            method = "GET" if reply.status in (301, 302, 303) else method
            reply = await self._hop(_Hop(method, target, all_headers, None, None, {}, check_id))
        reply.history = history
        return reply

    async def get(self, key_or_url: str, **kwargs: Any) -> Reply:
        return await self.request("GET", key_or_url, **kwargs)

    async def post(self, key_or_url: str, **kwargs: Any) -> Reply:
        return await self.request("POST", key_or_url, **kwargs)

    async def _hop(self, hop: _Hop) -> Reply:
        """One request, asked again after a 429 while the server's wait is reasonable."""
        gate = self.host_gate(hop.url)
        throttled: list[Reply] = []
        while True:
            async with gate.turn():
                reply = await self._once(hop)
            if reply.status != 429 or reply.error_text is not None:
                break
            wait = retry_after(reply.headers)
            wait = DEFAULT_RETRY_AFTER if wait is None else wait
            if len(throttled) >= MAX_429_RETRIES or wait > MAX_RETRY_AFTER:
                break  # the 429 is the answer; the check says so
            throttled.append(reply)
            rate = gate.slow_down(wait)
            log.info(
                "%s answered 429 (too many requests): waiting %.1f s, then asking again "
                "(%d of %d); budget now %.1f requests/s",
                _host(hop.url),
                wait,
                len(throttled),
                MAX_429_RETRIES,
                rate,
            )
        reply.throttled = throttled
        return reply

    async def _once(self, hop: _Hop) -> Reply:
        started = datetime.now(UTC)
        clock = time.perf_counter()
        try:
            request = self._client.build_request(
                hop.method,
                hop.url,
                headers=hop.headers,
                json=hop.json_body,
                content=hop.content,
                params=hop.params or None,
            )
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, TypeError) as exc:
            # httpx.InvalidURL is not an HTTPError: a bad port ("http://[::1/x") raised it.
            return self._failed(hop, started, clock, describe_error(exc, hop.url, self.deadlines))
        outcome = _Outcome()
        scope = asyncio.timeout(self.deadlines.total)
        try:
            async with scope:
                await self._exchange(request, outcome)
        except TimeoutError:
            if not scope.expired():
                raise
            outcome.error = _total_expired(_host(hop.url), self.deadlines, outcome.progress())
        finally:
            if outcome.response is not None:
                # Closing a connection the server already broke may raise again: the
                # reason is known by now, and a request never raises for the network.
                with contextlib.suppress(httpx.HTTPError, httpx.StreamError, OSError):
                    await outcome.response.aclose()
        response = outcome.response
        if response is None:
            error = outcome.error or t("the request to {host} failed", host=_host(hop.url))
            return self._failed(hop, started, clock, error, request)
        body = b"".join(outcome.chunks)
        reply = Reply(
            exchange=self._record(
                request, response, body, outcome.truncated, started, clock, hop.check_id
            ),
            status=response.status_code,
            headers=response.headers,
            body=body,
            truncated=outcome.truncated,
            url=str(request.url),
        )
        if outcome.error is not None:
            reply.error_text = outcome.error
            reply.exchange.error = reply.error
        return reply

    async def _exchange(self, request: httpx.Request, outcome: _Outcome) -> None:
        """Send and read the capped body into `outcome`; errors become its sentence."""
        try:
            outcome.response = await self._client.send(request, stream=True)
        except (httpx.HTTPError, OSError, ssl.SSLError) as exc:
            outcome.error = describe_error(exc, str(request.url), self.deadlines)
            return
        response = outcome.response
        try:
            async for chunk in response.aiter_bytes():
                if outcome.truncated:
                    outcome.drained += 1
                    if outcome.drained > DRAIN_CHUNKS:
                        break  # a stream that ignores the close: leave it to its owner
                    continue
                outcome.add(chunk, self.body_cap)
                if outcome.truncated:
                    # Close first, then read on until the closed stream raises: every
                    # generator of the chain then ends here, in this task.
                    await response.aclose()
        except (httpx.HTTPError, httpx.StreamError, OSError) as exc:
            if not outcome.truncated:
                outcome.error = describe_error(
                    exc, str(request.url), self.deadlines, outcome.progress()
                )

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
        hop: _Hop,
        started: datetime,
        clock: float,
        error: Text,
        request: httpx.Request | None = None,
    ) -> Reply:
        exchange = Exchange(
            id=self.recorder.next_id(),
            check_id=hop.check_id,
            method=hop.method,
            url=REDACTOR.url(hop.url),
            started_at=started.isoformat(timespec="milliseconds"),
            duration_ms=round((time.perf_counter() - clock) * 1000, 1),
            request_headers=REDACTOR.headers(
                request.headers.multi_items() if request else hop.headers.items()
            ),
            request_body=_request_body(request) if request else "",
            error=str(error),
        )
        self.recorder.add(exchange)
        return Reply(exchange=exchange, error_text=error, url=hop.url)


@dataclass(frozen=True, slots=True)
class _Hop:
    method: str
    url: str
    headers: dict[str, str]
    json_body: Any
    content: bytes | None
    params: dict[str, str]
    check_id: str | None


@dataclass
class _Outcome:
    """What one hop got so far (kept when a deadline cuts it short)."""

    response: httpx.Response | None = None
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    truncated: bool = False
    drained: int = 0
    error: Text | None = None

    def add(self, chunk: bytes, cap: int) -> None:
        room = cap - self.size
        self.chunks.append(chunk[:room] if len(chunk) > room else chunk)
        self.size += len(chunk)
        self.truncated = self.size > cap

    def progress(self) -> Progress:
        return Progress(answered=self.response is not None, received=self.size)


def _is_redirect(reply: Reply) -> bool:
    return (
        reply.error_text is None
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
