"""One recorded HTTP exchange: the evidence a check attaches to its verdict.

Exchanges are redacted when they are recorded (see `amogui.base.redact`), so no
secret is ever held in a run, a report, a log or a HAR file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Exchange:
    id: str  # "x0001", unique within a run
    check_id: str | None  # the check that made it, None for manual requests
    method: str
    url: str  # redacted
    started_at: str  # ISO 8601 UTC
    duration_ms: float = 0.0
    status: int | None = None  # None when no response arrived (timeout, refused, TLS)
    http_version: str = "HTTP/1.1"
    request_headers: list[tuple[str, str]] = field(default_factory=list)  # redacted
    request_body: str = ""  # redacted text ("" when none)
    response_headers: list[tuple[str, str]] = field(default_factory=list)  # redacted
    response_body: str = ""  # redacted, capped text
    response_truncated: bool = False  # the body was longer than the cap
    response_size: int = 0  # bytes read before the cap
    error: str | None = None  # one clear sentence when the exchange failed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["request_headers"] = [list(h) for h in self.request_headers]
        data["response_headers"] = [list(h) for h in self.response_headers]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Exchange:
        known = {f for f in cls.__dataclass_fields__}
        clean = {k: v for k, v in data.items() if k in known}
        clean["request_headers"] = [tuple(h) for h in clean.get("request_headers", [])]
        clean["response_headers"] = [tuple(h) for h in clean.get("response_headers", [])]
        return cls(**clean)

    def header(self, name: str, response: bool = True) -> str | None:
        headers = self.response_headers if response else self.request_headers
        low = name.lower()
        return next((v for k, v in headers if k.lower() == low), None)
