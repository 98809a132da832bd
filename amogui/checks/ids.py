"""The stable check ids of DESIGN.md and the checklist steps they belong to.

Users script against these ids (``--only``, report.json, JUnit): never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckSpec:
    id: str
    proves: str
    step_id: str  # the step of the bundled checklist it reports to
    problems: tuple[int, ...] = ()  # "Проблема N" entries it can point at
    needs_oauth: bool = False  # depends on a completed OAuth leg (browser + deep link)


CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec(
        "status.before", "status answers 200 with a well-formed body before connecting", "s1"
    ),
    CheckSpec("oauth.authorize-url", "the authorize URL has client_id, state and mode", "s2.k1"),
    CheckSpec(
        "oauth.callback",
        "the backend callback turns code+state into the deep link",
        "s2.k3",
        problems=(1, 3),
        needs_oauth=True,
    ),
    CheckSpec(
        "oauth.deeplink",
        "the deep link reached amogui; scheme, path, state (same, single use), code",
        "s2.k3",
        problems=(1,),
        needs_oauth=True,
    ),
    CheckSpec(
        "exchange.code",
        "exchange-code with the user's JWT succeeds",
        "s2.k4",
        problems=(4,),
        needs_oauth=True,
    ),
    CheckSpec(
        "exchange.auth",
        "exchange-code without JWT is 401, with a bad JWT 401 or 403",
        "s2.k4",
        problems=(4,),
    ),
    CheckSpec(
        "status.after",
        "connected, hasTokens, domain and accountId present and plausible",
        "s3",
        needs_oauth=True,
    ),
    CheckSpec(
        "isolation.user-b",
        "a second user does not see the first user's connection",
        "s3",
        problems=(2,),
        needs_oauth=True,
    ),
    CheckSpec("leads.load", "leads load (all pages)", "s5", needs_oauth=True),
    CheckSpec(
        "leads.filter",
        "every stage filter returns only leads of that stage; counts add up",
        "s5",
        needs_oauth=True,
    ),
    CheckSpec("disconnect", "disconnect answers success", "s4", needs_oauth=True),
    CheckSpec(
        "status.after-disconnect",
        "the user is no longer connected; the second user is unchanged",
        "s4",
        problems=(2,),
        needs_oauth=True,
    ),
    CheckSpec(
        "callback.errors",
        "callback without code or with amoCRM's error gives an error deep link, never 404",
        "s2.k3",
        problems=(1, 3),
    ),
)

CHECK_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS)
BY_ID: dict[str, CheckSpec] = {c.id: c for c in CHECKS}


def checks_for_step(step_id: str) -> list[CheckSpec]:
    return [c for c in CHECKS if c.step_id == step_id]
