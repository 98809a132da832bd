"""Run the API tests written in the checklist (``**API тест:**`` curl + expected JSON).

The curl command is parsed, aimed at the profile's base URL with user A's JWT in place
of the placeholder, sent through the one recording client, and its answer compared with
the expected JSON by structure and type (`amogui.checks.compare`). The result is a
`CheckResult` with id ``api-test:<step id>[:n]``, attached to the step.
"""

from __future__ import annotations

import json
import time
from typing import Any

from amogui.backend.client import BackendClient
from amogui.checklist.model import ApiTest, Step
from amogui.checks.common import Evidence, described
from amogui.checks.compare import Comparison, compare
from amogui.run.state import CheckResult, Run, Status, now_iso


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

    def done(status: Status, summary: str, **kw: Any) -> CheckResult:
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
        return done(Status.FAILED, f"the checklist's curl command cannot be run: {exc}")
    expected: Any = None
    if test.expected_json:
        try:
            expected = json.loads(test.expected_json)
        except ValueError as exc:
            return done(Status.FAILED, f"the checklist's expected JSON is not valid JSON: {exc}")
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
        return done(Status.FAILED, reply.error, actual=reply.error, evidence=ev.ids)
    if expected is None:
        status = Status.PASSED if reply.ok else Status.FAILED
        return done(
            status, f"answered HTTP {reply.status}", actual=described(reply), evidence=ev.ids
        )
    data, problem = reply.json()
    if problem:
        return done(
            Status.FAILED,
            problem,
            actual=described(reply),
            evidence=ev.ids,
            expected=test.expected_json or "",
        )
    return _judged(done, reply.status, compare(expected, data), ev.ids, test.expected_json or "")


def _judged(
    done: Any, status: int | None, result: Comparison, evidence: list[str], expected: str
) -> CheckResult:
    table = [
        {"path": r.path, "expected": r.expected, "actual": r.actual, "verdict": r.verdict}
        for r in result.rows
    ]
    details = {"comparison": table}
    if status is None or not 200 <= status < 300:
        return done(
            Status.FAILED,
            f"answered HTTP {status}",
            evidence=evidence,
            expected=expected,
            details=details,
        )
    if not result.ok:
        names = ", ".join(f"{r.path} ({r.verdict})" for r in result.problems[:5])
        return done(
            Status.FAILED,
            f"the answer's structure differs: {names}",
            evidence=evidence,
            expected=expected,
            details=details,
        )
    extra = f"; extra keys: {', '.join(r.path for r in result.extra[:5])}" if result.extra else ""
    return done(
        Status.PASSED,
        f"the answer has the expected structure and types{extra}",
        evidence=evidence,
        expected=expected,
        details=details,
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
