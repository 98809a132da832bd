"""Small helpers shared by the check modules: building results and evidence lists."""

from __future__ import annotations

from typing import Any

from amogui.backend.api import ApiResult
from amogui.backend.client import Reply
from amogui.base.i18n import Text, join
from amogui.checks.context import RunContext
from amogui.checks.diagnose import diagnose
from amogui.checks.registry import BY_ID
from amogui.run.state import CheckResult, Prose, Status

#: A code no amoCRM ever issued: probes use it so a real code is never spent.
PROBE_CODE = "amogui-probe-not-a-real-code"


class Evidence:
    """Collects the exchange ids of the requests a check made, in order."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    @classmethod
    def of(cls, ids: list[str]) -> Evidence:
        found = cls()
        found.add(ids)
        return found

    def add(self, item: Reply | ApiResult[Any] | str | list[str]) -> None:
        if isinstance(item, list):
            self.ids.extend(i for i in item if i not in self.ids)
            return
        if isinstance(item, str):
            new = [item]
        elif isinstance(item, ApiResult):
            new = [x.exchange.id for x in item.reply.history] + [item.exchange_id]
        else:
            new = [x.exchange.id for x in item.history] + [item.exchange.id]
        self.ids.extend(i for i in new if i not in self.ids)


def joined(parts: list[Text]) -> Text | None:
    """Several remarks as one ("a; b"), or None when there are none (a result's variation)."""
    return join("; ", parts) if parts else None


def result(
    ctx: RunContext,
    check_id: str,
    status: Status,
    summary: Prose,
    *,
    expected: Prose = "",
    actual: Prose = "",
    evidence: Evidence | None = None,
    variation: Prose | None = None,
    defect: str | None = None,
    details: dict[str, object] | None = None,
) -> CheckResult:
    """A result for `check_id`; a failure names its defect so the checklist's entry links."""
    spec = BY_ID.get(check_id)
    return CheckResult(
        check_id=check_id,
        step_id=spec.step_id if spec else None,
        status=status,
        summary=summary,
        expected=expected,
        actual=actual,
        variation=variation,
        diagnosis=diagnose(ctx.checklist, defect) if status is Status.FAILED else None,
        evidence=list(evidence.ids) if evidence else [],
        details=dict(details or {}),
    )


def reply_defect(reply: Reply) -> str | None:
    """What kind of bad answer this is, for a diagnosis: "server-error" (5xx), "not-json"
    (a success whose body is not JSON), or None (a transport error, or an answer that is
    wrong in another way)."""
    if reply.error or reply.status is None or reply.truncated:
        return None  # a transport failure, or a body amogui itself cut at its size cap
    if reply.status >= 500:
        return "server-error"
    if reply.ok and reply.json()[1] is not None:
        return "not-json"
    return None


def shortened(value: Prose, most: int) -> Prose:
    """A quoted answer cut to `most` characters; a sentence of amogui's stays whole."""
    return value[:most] if isinstance(value, str) else value


def described(reply: Reply) -> Prose:
    """ "HTTP 401 {body start}" or the transport error, for `actual` fields (redacted)."""
    if reply.error_text is not None:
        return reply.error_text
    body = reply.exchange.response_body.strip().replace("\n", " ")
    shown = body[:160] + ("…" if len(body) > 160 else "")
    return f"HTTP {reply.status} {shown}".strip()
