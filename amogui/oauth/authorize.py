"""The amoCRM authorize URL, its `state`, and the registry of flows waiting for a deep link.

amoCRM's authorize endpoint takes ``client_id``, ``state`` and ``mode``; there is no
``redirect_uri``: amoCRM sends the browser to the integration's
registered redirect URI, the backend's callback, which answers with the deep link.

`state` is what ties the deep link that comes back to the flow that was started: it is
random, single-use and expires. The mobile app's format (a base64 JSON object with
``random``, ``userId`` and ``source: "mobile"``) is available as a profile option, so the
backend sees exactly what the phone would send.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from amogui.base.i18n import N_, Text, t
from amogui.base.net import is_loopback_host
from amogui.settings.profiles import Profile

DEFAULT_TTL = 600.0  # seconds a pending flow waits for its deep link (amoCRM codes live ~20 min)
_RANDOM_BYTES = 24


@dataclass
class PendingFlow:
    state: str
    url: str
    created_at: float  # time.time()
    expires_at: float
    used: bool = False
    user_id: str | int | None = None

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) >= self.expires_at


def random_state() -> str:
    return secrets.token_urlsafe(_RANDOM_BYTES)


def mobile_state(user_id: str | int | None) -> str:
    """The mobile app's state: standard base64 of ``{"random","userId","source":"mobile"}``."""
    payload = {"random": secrets.token_hex(16), "userId": user_id, "source": "mobile"}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.b64encode(raw).decode("ascii")


def decode_mobile_state(state: str) -> dict[str, object] | None:
    """The JSON object inside a mobile-format state, or None when it is not one."""
    try:
        padded = state + "=" * (-len(state) % 4)
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        return None
    return data if isinstance(data, dict) else None


def build_authorize_url(
    profile: Profile,
    user_id: str | int | None = None,
    *,
    ttl: float = DEFAULT_TTL,
    now: float | None = None,
) -> PendingFlow:
    """A fresh flow: the profile's authorize URL with client_id, a new state and mode."""
    state = mobile_state(user_id) if profile.state_format == "mobile" else random_state()
    parts = urlsplit(profile.authorize_url)
    # Keep any query the profile's URL already has (a tester may add a parameter),
    # but ours win: a stale state or client_id in the profile must not leak through.
    ours = {"client_id": profile.client_id, "state": state, "mode": profile.mode}
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
    query = urlencode([*kept, *ours.items()])
    url = urlunsplit(parts._replace(query=query, fragment=""))
    created = time.time() if now is None else now
    return PendingFlow(state, url, created, created + ttl, user_id=user_id)


def check_authorize_url(url: str, profile: Profile) -> list[Text]:
    """Problems found in an authorize URL, as sentences; an empty list means it is fine."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return [t("The authorize URL cannot be parsed ({error}).", error=str(exc))]
    expected = urlsplit(profile.authorize_url)
    problems = _check_origin(parts, port, expected)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    params: dict[str, str] = {}
    for key, value in pairs:
        if key in params:
            problems.append(t("The parameter {name} appears more than once.", name=repr(key)))
        params[key] = value
    problems += _check_params(params, profile)
    return problems


def _check_origin(parts: SplitResult, port: int | None, expected: SplitResult) -> list[Text]:
    problems = []
    if parts.scheme not in ("https", "http"):
        problems.append(
            t("The authorize URL uses the scheme {scheme}, not https.", scheme=repr(parts.scheme))
        )
    elif parts.scheme == "http" and not is_loopback_host(parts.hostname or ""):
        problems.append(t("The authorize URL uses plain http on a non-local host."))
    if (parts.hostname or "") != (expected.hostname or ""):
        problems.append(
            t(
                "The authorize URL goes to host {host}, not the profile's {wanted}.",
                host=repr(parts.hostname),
                wanted=repr(expected.hostname),
            )
        )
    elif port != expected.port:
        problems.append(
            t("The authorize URL uses port {port}, not {wanted}.", port=port, wanted=expected.port)
        )
    if parts.path.rstrip("/") != expected.path.rstrip("/"):
        problems.append(
            t(
                "The authorize URL's path is {path}, not {wanted}.",
                path=repr(parts.path),
                wanted=repr(expected.path),
            )
        )
    if parts.fragment:
        problems.append(t("The authorize URL has a fragment, which amoCRM ignores."))
    return problems


def _check_params(params: dict[str, str], profile: Profile) -> list[Text]:
    problems = []
    client_id = params.get("client_id")
    if not client_id:
        problems.append(t("The authorize URL has no client_id."))
    elif client_id != profile.client_id:
        problems.append(t("The authorize URL's client_id is not the profile's."))
    state = params.get("state")
    if not state:
        problems.append(t("The authorize URL has no state."))
    elif profile.state_format == "mobile":
        problems += _check_mobile_state(state)
    mode = params.get("mode")
    if not mode:
        problems.append(t("The authorize URL has no mode."))
    elif mode not in ("popup", "post_message"):
        problems.append(
            t("The authorize URL's mode is {mode}, not popup or post_message.", mode=repr(mode))
        )
    elif mode != profile.mode:
        problems.append(
            t(
                "The authorize URL's mode is {mode}, not the profile's {wanted}.",
                mode=repr(mode),
                wanted=repr(profile.mode),
            )
        )
    return problems


def _check_mobile_state(state: str) -> list[Text]:
    data = decode_mobile_state(state)
    if data is None:
        return [t("The state is not base64 JSON, as the mobile app's format requires.")]
    missing = [k for k in ("random", "userId", "source") if k not in data]
    if missing:
        return [t("The mobile-format state lacks {keys}.", keys=", ".join(missing))]
    if data.get("source") != "mobile":
        return [t("The mobile-format state's source is not 'mobile'.")]
    return []


class Consume(StrEnum):
    """What `FlowRegistry.consume` found for a state."""

    OK = "ok"
    UNKNOWN = "unknown"
    REUSED = "reused"
    EXPIRED = "expired"
    MISSING = "missing"

    @property
    def reason(self) -> Text:
        return t(_CONSUME_REASONS[self])


_CONSUME_REASONS = {
    Consume.OK: N_("The state matches a pending flow."),
    Consume.UNKNOWN: N_("The state matches no flow this amogui started."),
    Consume.REUSED: N_("The state was already used by an earlier deep link (single use)."),
    Consume.EXPIRED: N_("The state belongs to a flow that expired before its deep link came."),
    Consume.MISSING: N_("The deep link carries no state."),
}


class FlowRegistry:
    """Pending flows by state: each state is accepted once, and only before it expires.

    Thread-safe: the IPC server and the checks may consult it from different places.
    Used states are remembered (until `forget_before`) so a replay is reported as
    *reused* rather than *unknown*.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._flows: dict[str, PendingFlow] = {}
        self._lock = threading.Lock()

    def add(self, flow: PendingFlow) -> PendingFlow:
        with self._lock:
            self._flows[flow.state] = flow
        return flow

    def start(self, profile: Profile, user_id: str | int | None = None, **kw: float) -> PendingFlow:
        """Build an authorize URL for the profile and register its flow."""
        return self.add(build_authorize_url(profile, user_id, now=self._clock(), **kw))

    def get(self, state: str) -> PendingFlow | None:
        with self._lock:
            return self._flows.get(state)

    def pending(self) -> list[PendingFlow]:
        now = self._clock()
        with self._lock:
            return [f for f in self._flows.values() if not f.used and not f.expired(now)]

    def check(self, state: str | None) -> Consume:
        """What `consume` would say, without using the state up."""
        with self._lock:
            return self._judge(state)[0]

    def consume(self, state: str | None) -> Consume:
        """Use the state up (single use): OK once, then REUSED."""
        with self._lock:
            verdict, flow = self._judge(state)
            if flow is not None and verdict is Consume.OK:
                flow.used = True
            return verdict

    def _judge(self, state: str | None) -> tuple[Consume, PendingFlow | None]:
        """Whether `state` may be used now, and its flow (call with the lock held)."""
        flow = self._flows.get(state) if state else None
        if not state:
            return Consume.MISSING, None
        if flow is None:
            return Consume.UNKNOWN, None
        if flow.used:
            return Consume.REUSED, flow
        return (Consume.EXPIRED if flow.expired(self._clock()) else Consume.OK), flow

    def cancel(self, state: str) -> None:
        with self._lock:
            self._flows.pop(state, None)

    def forget_before(self, when: float) -> None:
        """Drop flows created before `when` (keeps a long session's registry small)."""
        with self._lock:
            self._flows = {s: f for s, f in self._flows.items() if f.created_at >= when}
