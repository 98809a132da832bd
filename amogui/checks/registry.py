"""Every automated check, declared once: its id, its step, what it proves, what it needs.

The runner schedules from it, the window lists a step's checks from it, the report orders
checks by it and ``--only`` is checked against it. Users script against the ids
(``--only``, report.json, JUnit): never rename one.

A check *needs* facts (`Need`): a user's JWT, the OAuth leg started or over, a code from a
deep link of this run's flow, a connection made by this run, the disconnect done. Each fact
comes from the context (the JWTs) or from the check that *provides* it (`PROVIDERS`). The
runner starts a check as soon as the checks it waits for are done (the providers of its
needs and the checks named in `after`) and its needs hold; a need that cannot hold makes
the check `skipped` (the run was set up without it: no browser, no second user) or
`blocked` (an earlier defect made it impossible), with the reason.

When ``--only`` leaves a provider out, the fact is *unknown*: the check still runs and
states only what it saw ("user A is connected", never "after connecting"). Only the needs
in `PULLED` bring their providers in, because a check cannot even start without them (no
deep link to wait for without the authorize URL opened, nothing to exchange without one).

Order matters: results are recorded, shown and saved in this order, whatever order the
checks finished in, and their evidence is numbered in it. It follows the checklist's story:
what needs no connection first, then the OAuth leg, what connecting changed, the leads,
the disconnect.

Standard library and `amogui.base` only: the window imports this at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from amogui.base.i18n import N_


class Need(StrEnum):
    """A fact a check cannot do without."""

    USER_A = "user-a"  # user A's JWT (the tester)
    USER_B = "user-b"  # user B's JWT (the isolation witness)
    LEG_STARTED = "leg-started"  # the authorize URL was opened in a browser
    LEG_OVER = "leg-over"  # the OAuth leg ended, whatever its outcome
    CODE = "code"  # a code from the deep link this run's flow brought back
    CONNECTION = "connection"  # a connection made by this run (exchange-code, or the callback)
    DISCONNECTED = "disconnected"  # the disconnect of this run answered success


NEED_TEXT: dict[Need, str] = {
    Need.USER_A: N_("user A's JWT"),
    Need.USER_B: N_("user B's JWT"),
    Need.LEG_STARTED: N_("the OAuth leg started (the authorize URL opened in a browser)"),
    Need.LEG_OVER: N_("the OAuth leg over, whatever its outcome"),
    Need.CODE: N_("a code from the deep link of this run's flow"),
    Need.CONNECTION: N_("a connection made by this run"),
    Need.DISCONNECTED: N_("the disconnect of this run done"),
}

# The check whose result settles a fact; None: the run's context holds it (the JWTs).
PROVIDERS: dict[Need, str | None] = {
    Need.USER_A: None,
    Need.USER_B: None,
    Need.LEG_STARTED: "oauth.authorize-url",
    Need.LEG_OVER: "oauth.deeplink",
    Need.CODE: "oauth.deeplink",
    Need.CONNECTION: "exchange.code",
    Need.DISCONNECTED: "disconnect",
}
# Needs whose providers ``--only`` brings in: without them the check cannot start at all.
PULLED: frozenset[Need] = frozenset({Need.LEG_STARTED, Need.CODE})


@dataclass(frozen=True)
class CheckSpec:
    id: str
    step_id: str  # the step of the bundled checklist it reports to
    proves: str  # what a pass proves (English msgid, marked for translation)
    run: str  # "module:function" of the check, imported when the check runs
    needs: tuple[Need, ...] = ()
    after: tuple[str, ...] = ()  # checks that must be done first, when they are selected
    problems: tuple[int, ...] = ()  # "Проблема N" entries of the bundled checklist
    # Makes the backend call amoCRM's token endpoint (callback versions 3-5 exchange any
    # code they get, a made-up one included): it shows in amoCRM's and the backend's logs.
    probes_production: bool = False
    leg: bool = False  # part of the OAuth leg: skipping it leaves the flow untested

    @property
    def waits_for(self) -> tuple[str, ...]:
        """Every check this one depends on (when selected): the providers of its needs
        (it starts once they settled the fact) and `after` (it starts once they are done)."""
        providers = [PROVIDERS[n] for n in self.needs]
        found = [p for p in providers if p is not None]
        return tuple(dict.fromkeys([*found, *self.after]))


_M = "amogui.checks."

CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec(
        "status.before",
        "s1",
        N_("status answers 200 with a well-formed body before connecting"),
        _M + "status:status_before",
        needs=(Need.USER_A,),
    ),
    CheckSpec(
        "exchange.auth",
        "s2.k4",
        N_("exchange-code without JWT is 401, with a bad JWT 401 or 403"),
        _M + "exchange:exchange_auth",
        problems=(4,),
    ),
    CheckSpec(
        "callback.errors",
        "s2.k3",
        N_("callback without code or with amoCRM's error gives an error deep link, never 404"),
        _M + "oauth:callback_errors",
        problems=(1, 3),
        probes_production=True,
    ),
    CheckSpec(
        "oauth.callback",
        "s2.k3",
        N_("the backend callback turns code+state into the deep link"),
        _M + "oauth:callback",
        problems=(1, 3),
        probes_production=True,
    ),
    CheckSpec(
        "oauth.authorize-url",
        "s2.k1",
        N_("the authorize URL has client_id, state and mode"),
        _M + "oauth:authorize_url",
        # Status is read before anything is connected.
        after=("status.before",),
        leg=True,
    ),
    CheckSpec(
        "oauth.deeplink",
        "s2.k3",
        N_("the deep link reached amogui; scheme, path, state (same, single use), code"),
        _M + "oauth:deeplink",
        needs=(Need.LEG_STARTED,),
        problems=(1,),
        leg=True,
    ),
    CheckSpec(
        "exchange.code",
        "s2.k4",
        N_("exchange-code with the user's JWT succeeds"),
        _M + "exchange:exchange_code",
        needs=(Need.USER_A, Need.CODE),
        # A failed exchange is explained by what the callback does with codes.
        after=("oauth.callback",),
        problems=(4,),
    ),
    CheckSpec(
        "status.after",
        "s3",
        N_("connected, hasTokens, domain and accountId present and plausible"),
        _M + "status:status_after",
        needs=(Need.USER_A, Need.LEG_OVER),
        # What the callback does with a code explains a user who is not connected.
        after=("exchange.code", "oauth.callback", "status.before"),
    ),
    CheckSpec(
        "isolation.user-b",
        "s3",
        N_("a second user does not see the first user's connection"),
        _M + "status:isolation_user_b",
        needs=(Need.USER_B, Need.LEG_OVER),
        after=("exchange.code", "status.after", "status.before"),
        problems=(2,),
    ),
    CheckSpec(
        "leads.load",
        "s5",
        N_("leads load (all pages)"),
        _M + "leads:leads_load",
        needs=(Need.USER_A,),
        after=("exchange.code",),
    ),
    CheckSpec(
        "leads.filter",
        "s5",
        N_("every stage filter returns only leads of that stage; counts add up"),
        _M + "leads:leads_filter",
        # The stages come from amoCRM through the connection.
        needs=(Need.USER_A, Need.CONNECTION),
        after=("exchange.code",),
        # It adds up its stage totals against leads.load's count (waited for at the end).
    ),
    CheckSpec(
        "disconnect",
        "s4",
        N_("disconnect answers success"),
        _M + "status:disconnect",
        needs=(Need.USER_A,),
        # Everything that needs the connection is done first.
        after=("exchange.code", "status.after", "isolation.user-b", "leads.load", "leads.filter"),
    ),
    CheckSpec(
        "status.after-disconnect",
        "s4",
        N_("the user is no longer connected; the second user is unchanged"),
        _M + "status:status_after_disconnect",
        needs=(Need.USER_A, Need.CONNECTION, Need.DISCONNECTED),
        after=("status.after", "isolation.user-b", "status.before"),
        problems=(2,),
    ),
)

CHECK_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS)
BY_ID: dict[str, CheckSpec] = {c.id: c for c in CHECKS}
# The checks whose probe makes the backend call amoCRM's token endpoint (a profile may
# turn them off; the README and ``amogui run --help`` name them from here).
PRODUCTION_PROBES: tuple[str, ...] = tuple(c.id for c in CHECKS if c.probes_production)
ORDER: dict[str, int] = {cid: index for index, cid in enumerate(CHECK_IDS)}


def checks_for_step(step_id: str) -> list[CheckSpec]:
    return [c for c in CHECKS if c.step_id == step_id]


def checks_for_problem(number: int) -> list[CheckSpec]:
    return [c for c in CHECKS if number in c.problems]


class UnknownCheckError(ValueError):
    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(names)
        known = ", ".join(CHECK_IDS)
        super().__init__(f"unknown check {', '.join(self.names)}; known checks: {known}")


def select(only: Iterable[str] | None) -> list[str]:
    """The check ids to run, in registry order; raises `UnknownCheckError` for a bad id.

    With ``only``, the providers of the chosen checks' pulled needs come too (the OAuth
    leg for ``exchange.code``), transitively."""
    if only is None:
        return list(CHECK_IDS)
    chosen = {c.strip() for c in only if c.strip()}
    unknown = chosen - BY_ID.keys()
    if unknown:
        raise UnknownCheckError(unknown)
    todo = list(chosen)
    while todo:
        spec = BY_ID[todo.pop()]
        for need in spec.needs:
            provider = PROVIDERS[need]
            if need in PULLED and provider is not None and provider not in chosen:
                chosen.add(provider)
                todo.append(provider)
    return [cid for cid in CHECK_IDS if cid in chosen]


def leg_skipped(statuses: dict[str, str], selected: Iterable[str]) -> bool:
    """Whether a selected check of the OAuth leg was skipped (``statuses``: id -> value)."""
    return any(BY_ID[c].leg and statuses.get(c) == "skipped" for c in selected if c in BY_ID)
