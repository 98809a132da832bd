"""Run the API tests written in the checklist (``**API тест:**`` curl + expected JSON).

The curl command is parsed, aimed at the profile's base URL with user A's JWT in place
of the placeholder, sent through the one recording client, and its answer compared with
the expected JSON (`amogui.checks.compare`); the summary names what differs
(``data.connected: false (the checklist shows true)``). The result is a `CheckResult`
with id ``api-test:<step id>[:n]``, attached to the step as evidence for the tester: it
never decides the step's verdict (`amogui.checks.verdicts`).
"""

from __future__ import annotations

import json
import time
from typing import Any, Protocol

from amogui.backend.client import BackendClient
from amogui.base.i18n import Text, join, t
from amogui.checklist.model import ApiTest, Step
from amogui.checks.common import Evidence, described
from amogui.checks.compare import MISSING, Comparison, Row, compare
from amogui.run.state import CheckResult, Prose, Run, Status, now_iso


def check_id(step: Step, index: int) -> str:
    return f"api-test:{step.id}" + (f":{index + 1}" if len(step.api_tests) > 1 else "")


def _headers(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    # The client sets Authorization itself from the token: drop the curl's copy so the
    # token is sent (and registered for redaction) exactly one way.
    return {k: v for k, v in pairs if k.lower() not in ("authorization", "content-length")}


async def run_api_test(
    client: BackendClient, step: Step, index: int, token: str | None
) -> CheckResult:
    from amogui.checklist.curl import CurlError, parse, substitute

    cid = check_id(step, index)
    test: ApiTest = step.api_tests[index]
    started, clock = now_iso(), time.perf_counter()

    def done(status: Status, summary: Prose, **kw: Any) -> CheckResult:
        return CheckResult(
            cid,
            step.id,
            status,
            summary,
            started_at=started,
            duration_ms=round((time.perf_counter() - clock) * 1000, 1),
            **kw,
        )

    try:
        request = substitute(parse(test.curl), client.profile.base_url, token)
    except CurlError as exc:
        return done(
            Status.FAILED, t("the checklist's curl command cannot be run: {error}", error=str(exc))
        )
    expected: Any = None
    if test.expected_json:
        try:
            expected = json.loads(test.expected_json)
        except ValueError as exc:
            return done(
                Status.FAILED,
                t("the checklist's expected JSON is not valid JSON: {error}", error=str(exc)),
            )
    reply = await client.request(
        request.method,
        request.url,
        token=token,
        headers=_headers(request.headers),
        content=request.body.encode() if request.body is not None else None,
        check_id=cid,
    )
    ev = Evidence()
    ev.add(reply)
    if reply.error:
        error = reply.error_text or ""
        return done(Status.FAILED, error, actual=error, evidence=ev.ids)
    if expected is None:
        status = Status.PASSED if reply.ok else Status.FAILED
        return done(
            status,
            t("answered HTTP {status}", status=reply.status),
            actual=described(reply),
            evidence=ev.ids,
        )
    data, problem = reply.json_text()
    if problem:
        return done(
            Status.FAILED,
            problem,
            actual=described(reply),
            evidence=ev.ids,
            expected=test.expected_json or "",
        )
    return _judged(done, reply.status, compare(expected, data), ev.ids, test.expected_json or "")


class _Done(Protocol):
    """Makes the test's result (its id, step and timing filled in)."""

    def __call__(self, status: Status, summary: Prose, **kw: Any) -> CheckResult: ...


def _judged(
    done: _Done, status: int | None, result: Comparison, evidence: list[str], expected: str
) -> CheckResult:
    table = [
        {"path": r.path, "expected": r.expected, "actual": r.actual, "verdict": r.verdict}
        for r in result.rows
    ]
    details = {"comparison": table}
    if status is None or not 200 <= status < 300:
        return done(
            Status.FAILED,
            t("answered HTTP {status}", status=status),
            evidence=evidence,
            expected=expected,
            details=details,
        )
    if not result.ok:
        return done(
            Status.FAILED,
            t(
                "the answer differs from the checklist's: {differences}",
                differences=join("; ", [_difference(r) for r in result.problems[:5]]),
            ),
            evidence=evidence,
            expected=expected,
            details=details,
        )
    notes: list[Text] = [t("the answer has the checklist's keys, types and true/false values")]
    if result.values:
        paths = ", ".join(r.path for r in result.values[:5])
        notes.append(t("values of this environment: {paths}", paths=paths))
    if result.extra:
        notes.append(t("extra keys: {paths}", paths=", ".join(r.path for r in result.extra[:5])))
    return done(
        Status.PASSED, join("; ", notes), evidence=evidence, expected=expected, details=details
    )


def _difference(row: Row) -> Text:
    """``data.connected: false (the checklist shows true)``."""
    if row.verdict == MISSING:
        return t(
            "{path} is missing (the checklist shows {expected})",
            path=row.path,
            expected=row.expected,
        )
    return t(
        "{path}: {actual} (the checklist shows {expected})",
        path=row.path,
        actual=row.actual,
        expected=row.expected,
    )


async def run_step_api_tests(
    client: BackendClient, step: Step, token: str | None, run: Run | None = None
) -> list[CheckResult]:
    """Every API test of a step, in order; results are added to `run` when given."""
    out = []
    for index in range(len(step.api_tests)):
        got = await run_api_test(client, step, index, token)
        out.append(got)
        if run is not None:
            run.add_check(got)
    return out
