"""One request at a time or several at once, a run records the same thing: verdicts,
summaries, evidence order, timeline and report.json are equal (modulo timestamps,
durations and the values each run draws at random), for every sandbox fault switch."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from amogui.report.model import build_report
from amogui.sandbox import Sandbox

from .conftest import Outcome, bundled, drive
from .test_runner_faults import CASES

# How many requests the rate-limit switch refuses (429, each recorded, then asked again)
# depends on how fast they came, which concurrency changes by design: its verdicts are
# compared below, not its exchanges.
TIMED = {("rate-limit",)}

# Keys whose values differ from run to run by nature.
VOLATILE_KEYS = {
    "started_at",
    "finished_at",
    "generated_at",
    "duration_ms",
    "duration_s",
    "at",
    "run_id",
    "report_id",
    "environment",
    "request_headers",
    "response_headers",
    "response_body",  # leads carry creation times relative to the sandbox's start
    "response_size",
    "request_body",
}
# Values drawn at random in every run: ports, flow and probe states.
VOLATILE_TEXT = [
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r"amogui-probe-[A-Za-z0-9_-]+"), "amogui-probe-STATE"),
    (re.compile(r"state=[A-Za-z0-9_%-]+"), "state=STATE"),
]


def normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items() if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, str):
        for pattern, replacement in VOLATILE_TEXT:
            value = pattern.sub(replacement, value)
    return value


def recorded(out: Outcome) -> dict[str, Any]:
    report = build_report(out.run, bundled(), generated_at="2026-01-01T00:00:00+00:00")
    return {
        "run": normal(out.run.to_dict()),
        "report": normal(report),
        "order": [e.check_id for e in out.events if type(e).__name__ == "CheckFinished"],
    }


@pytest.mark.slow
@pytest.mark.parametrize("faults", sorted(TIMED))
def test_concurrency_changes_no_verdict_under_a_rate_limit(
    make_sandbox: Callable[..., Sandbox], faults: tuple[str, ...]
) -> None:
    one = drive(make_sandbox(*faults), browser="autobrowser", timeout=20.0, concurrency=1)
    four = drive(make_sandbox(*faults), browser="autobrowser", timeout=20.0, concurrency=4)
    for got in (one, four):
        assert got.failed() == set() and got.blocked() == set()
    verdicts = [
        {c: (r.status, str(r.summary), str(r.variation)) for c, r in got.results.items()}
        for got in (one, four)
    ]
    assert verdicts[0] == verdicts[1]


@pytest.mark.slow
@pytest.mark.parametrize(
    "faults", [f for f in CASES if f not in TIMED], ids=lambda f: "+".join(f) or "good"
)
def test_concurrency_changes_nothing_recorded(
    make_sandbox: Callable[..., Sandbox], faults: tuple[str, ...]
) -> None:
    one = drive(make_sandbox(*faults), browser="autobrowser", timeout=20.0, concurrency=1)
    four = drive(make_sandbox(*faults), browser="autobrowser", timeout=20.0, concurrency=4)
    first, second = recorded(one), recorded(four)
    assert first["order"] == second["order"]
    assert first["run"]["checks"] == second["run"]["checks"]
    assert first["run"]["exchanges"] == second["run"]["exchanges"]
    assert first["run"]["timeline"] == second["run"]["timeline"]
    assert first["report"] == second["report"]
    assert first == second
