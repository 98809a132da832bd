"""What `amogui run` prints: a progress line per check on stderr (and a bar on a terminal's
last line), the final table, the JSON summary on stdout, and the exit code they add up to.

Only the standard library, amogui.base and the check registry at module level: the run's
records are read, never imported.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from amogui.base.i18n import Text, render, t
from amogui.checks.registry import PRODUCTION_PROBES

if TYPE_CHECKING:
    from amogui.run.state import CheckResult, Run
    from amogui.service.events import Event
    from amogui.settings.profiles import Profile

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_INTERRUPTED = 0, 1, 2, 130
BAR_WIDTH = 30
PREFIX = "amogui run: "


def err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def say(line: Any) -> None:
    """A sentence of amogui's (a `Text` or a string) on stderr."""
    err(f"{PREFIX}{render(line)}")


def progress_bar(done: int, total: int, failed: int) -> str:
    """ "[##########--------------------]  5/13, 1 failed" for a terminal's last line."""
    filled = BAR_WIDTH * done // max(total, 1)
    tail = f", {failed} failed" if failed else ""
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done:>2}/{total}{tail}"


def progress(total: int, tty: bool | None = None) -> Callable[[CheckResult], None]:
    """A line per check; on a terminal, also a progress bar kept on the last line."""
    done = [0, 0]  # checks finished, checks failed
    bar = sys.stderr.isatty() if tty is None else tty

    def line(result: CheckResult) -> None:
        done[0] += 1
        done[1] += result.status.value == "failed"
        secs = result.duration_ms / 1000
        text = (
            f"[{done[0]:>2}/{total}] {result.check_id:<24} {result.status.value:<8} "
            f"{secs:6.2f} s  {render(result.summary)}"
        )
        if not bar:
            err(text)
            return
        # \r and "erase line" replace the bar, the line scrolls up, the bar is redrawn.
        end = "\n" if done[0] >= total else ""
        sys.stderr.write(f"\r\033[K{text}\n{progress_bar(done[0], total, done[1])}{end}")
        sys.stderr.flush()

    return line


# Hops of the OAuth leg worth a line while the run waits on the browser.
LEG_LINES = ("browser-opened", "browser-exited", "state-mismatch", "leg-over")


class Printer:
    """The service's events as `amogui run` tells them (a listener): a line per check in
    the registry's order, and the hops of the OAuth leg a tester waits on."""

    def __init__(self, total: int, tty: bool | None = None) -> None:
        self.line = progress(total, tty)
        self.login_failures: list[str] = []

    def __call__(self, event: Event) -> None:
        from amogui.service import events

        match event:
            case events.ResultRecorded(result=result):
                self.line(result)
            case events.SandboxState(state="running", url=url):
                say(t("sandbox at {url}", url=url))
            case events.LoginFailed(user=user, why=why):
                self.login_failures.append(
                    render(t("User {user} could not log in: {why}.", user=user, why=why))
                )
            case events.FlowEvent(kind=kind, detail=detail) if kind in LEG_LINES:
                say(detail)
            case events.DeepLinkRejected(via=via, reason=reason):
                say(t("a deep link was refused ({via}): {reason}", via=via, reason=reason))
            case events.SaveFailed(error=error):
                say(t("the run could not be saved: {error}", error=str(error)))
            case events.Problem(text=text):
                say(text)
            case _:
                pass


def table(run: Run, ids: list[str]) -> str:
    rows = [f"{'check':<24} {'status':<8} {'time':>8}  summary"]
    for cid in ids:
        got = run.checks.get(cid)
        if got is None:
            rows.append(f"{cid:<24} {'not-run':<8} {'':>8}  -")
            continue
        extra = f" [{render(got.variation)}]" if got.variation else ""
        diag = f" -> {got.diagnosis.problem_id}" if got.diagnosis else ""
        rows.append(
            f"{cid:<24} {got.status.value:<8} {got.duration_ms / 1000:7.2f}s  "
            f"{render(got.summary)}{extra}{diag}"
        )
    return "\n".join(rows)


def summary(run: Run, ids: list[str], code: int, extra: dict[str, Any]) -> dict[str, Any]:
    """The JSON summary (``--json``)."""
    counts: dict[str, int] = {}
    checks = []
    for cid in ids:
        got = run.checks.get(cid)
        status = got.status.value if got else "not-run"
        counts[status] = counts.get(status, 0) + 1
        checks.append(
            {
                "id": cid,
                "step": got.step_id if got else None,
                "status": status,
                "summary": render(got.summary) if got else "",
                "variation": (render(got.variation) or None) if got else None,
                "diagnosis": got.diagnosis.problem_id if got and got.diagnosis else None,
                "evidence": list(got.evidence) if got else [],
                "duration_ms": got.duration_ms if got else 0.0,
            }
        )
    verdict = {EXIT_OK: "passed", EXIT_FAILED: "failed", EXIT_INTERRUPTED: "incomplete"}[code]
    return {
        "run_id": run.run_id,
        "verdict": verdict,
        "exit_code": code,
        "incomplete": run.incomplete,
        "profile": run.profile,
        "base_url": run.base_url,
        "counts": counts,
        "checks": checks,
        "manual": {
            k: {"verdict": v.manual.value, "note": v.note} for k, v in run.steps.items() if v.manual
        },
        **extra,
    }


def _probes_run(profile: Profile, ids: list[str]) -> list[str]:
    """The selected checks that made (or make) the backend call amoCRM, when allowed."""
    if profile.may_probe_production is False:
        return []
    return [cid for cid in PRODUCTION_PROBES if cid in ids]


def probes_note(profile: Profile, ids: list[str]) -> Text | None:
    """One line for a real backend whose profile never said whether probes that reach
    amoCRM may run: they ran, and how to turn them off. None otherwise."""
    ran = _probes_run(profile, ids)
    if profile.may_probe_production is not None or not ran:
        return None
    return t(
        'production probes ran: the profile "{profile}" never said whether they may, so '
        "{checks} made the backend call amoCRM's token endpoint with a made-up code "
        "(--production-probes no turns them off)",
        profile=profile.name,
        checks=", ".join(ran),
    )


def probes_summary(profile: Profile, ids: list[str]) -> dict[str, Any]:
    """The JSON summary's account of the probes that reach amoCRM."""
    return {
        "allowed": profile.may_probe_production is not False,
        "answered": profile.may_probe_production is not None,
        "checks": _probes_run(profile, ids),
    }


def exit_code(run: Run, ids: list[str]) -> int:
    """0 all passed (skips do not count), 1 any failed or blocked, or the OAuth leg was
    skipped although ``--only`` did not leave it out, 130 interrupted."""
    from amogui.checks.registry import leg_skipped

    if run.incomplete:
        return EXIT_INTERRUPTED
    bad = ("failed", "blocked")
    if any(run.checks[c].status.value in bad for c in ids if c in run.checks):
        return EXIT_FAILED
    # A run that never tried the OAuth leg proves nothing about it.
    statuses = {c: run.checks[c].status.value for c in ids if c in run.checks}
    return EXIT_FAILED if leg_skipped(statuses, ids) else EXIT_OK
