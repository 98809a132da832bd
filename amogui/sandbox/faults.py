"""The sandbox's fault switches: each reproduces one behaviour the real backend had.

One table (`FAULT_TABLE`) says for every switch what it does, what kind it is and what it
needs, so the checks, ``amogui sandbox --help``, the README and the window's tooltips all
read the same source:

- a DEFECT is a behaviour the checks must catch: some check fails and names it;
- a HARMLESS VARIATION is a way the real backend answers that is not a defect (a JS
  redirect instead of a 302, 403 instead of 401 for a bad JWT, an HTML error page): the
  checks pass and name the variation;
- a HARMLESS CONDITION is not the backend's behaviour but the road to it (slow answers, a
  requests-per-second limit, a lenient amoCRM): the checks pass.

Some switches only show together with another (``needs``): the global-token fallback of
`global-status` changes nothing until something stored a global token. The presets
(`version-4`, `version-5`) switch on every behaviour of that backend version at once.

Standard library only: ``amogui sandbox --help`` builds its epilog from this table.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from amogui.base.i18n import N_


class Kind(StrEnum):
    DEFECT = "defect"
    VARIATION = "variation"
    CONDITION = "condition"


KIND_LABELS: dict[Kind, str] = {
    Kind.DEFECT: N_("DEFECT: a check must fail and name it"),
    Kind.VARIATION: N_("HARMLESS VARIATION of the real backend: the checks pass and name it"),
    Kind.CONDITION: N_("HARMLESS CONDITION: the checks pass"),
}
NEEDS_LABEL = N_("shows only together with: {names}")
TURNS_ON_LABEL = N_("turns on: {names}")

# Switches that leave a global token (user_id NULL) behind, which global-status reads.
_GLOBAL_TOKEN_MAKERS = ("callback-button", "callback-success-flag", "global-tokens", "version-4")


@dataclass(frozen=True)
class Fault:
    name: str
    kind: Kind
    text: str  # what it does, one line (marked for translation)
    needs: tuple[str, ...] = ()  # it changes nothing unless one of these is on too
    implies: tuple[str, ...] = ()  # a preset: the switches it turns on

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _table(*faults: Fault) -> dict[str, Fault]:
    return {fault.name: fault for fault in faults}


FAULT_TABLE: dict[str, Fault] = _table(
    Fault(
        "callback-js",
        Kind.VARIATION,
        N_("callback v2: 200 HTML page that redirects with JavaScript (link fallback)"),
    ),
    Fault(
        "callback-button",
        Kind.DEFECT,
        N_(
            "callback v3: the callback exchanges the code itself (global token), then a 200 "
            "page with a 'return to app' button carrying the already-used code"
        ),
    ),
    Fault(
        "callback-success-flag",
        Kind.DEFECT,
        N_(
            "callback v4: as callback-button, but the deep link is ?success=true&state=... "
            "(no code)"
        ),
    ),
    Fault(
        "global-status",
        Kind.DEFECT,
        N_(
            "status v5: a user without tokens falls back to the global token (looks connected, "
            "also after disconnect)"
        ),
        needs=_GLOBAL_TOKEN_MAKERS,
    ),
    Fault(
        "status-connected-null",
        Kind.VARIATION,
        N_(
            "status v5: with no token at all, status answers connected: null and hasTokens: "
            "false (the app shows 'not connected')"
        ),
    ),
    Fault(
        "version-4",
        Kind.DEFECT,
        N_(
            "the backend's version 4 whole: the callback exchanges the code itself into a "
            "global token and the deep link says ?success=true (no code); user A stays "
            "connected: false and pipelines answer 500"
        ),
        implies=("callback-success-flag",),
    ),
    Fault(
        "version-5",
        Kind.DEFECT,
        N_(
            "the backend's version 5 whole: as version-4, and status falls back to the global "
            "token, so every user (user B too) reads connected, also after disconnect; with no "
            "token at all status says connected: null"
        ),
        implies=("version-4", "global-status", "status-connected-null"),
    ),
    Fault("callback-404", Kind.DEFECT, N_("the callback route is missing (Express 404 page)")),
    Fault(
        "callback-drops-state",
        Kind.DEFECT,
        N_("the callback's deep link has no state parameter"),
    ),
    Fault(
        "jwt-403",
        Kind.VARIATION,
        N_("a bad or expired JWT gives 403 {message: 'Invalid token: ...'} instead of 401"),
    ),
    Fault(
        "exchange-no-auth",
        Kind.DEFECT,
        N_("exchange-code accepts a request without an Authorization header"),
    ),
    Fault(
        "global-tokens",
        Kind.DEFECT,
        N_(
            "exchange-code stores tokens with user_id NULL and status reads any token "
            "(no isolation)"
        ),
    ),
    Fault("disconnect-noop", Kind.DEFECT, N_("disconnect answers success but deletes nothing")),
    Fault(
        "pipelines-admin-only",
        Kind.DEFECT,
        N_(
            "pipelines as the checklist's backend serves them: admins only (a BROKER gets 403 "
            "'Forbidden: Admin access required'), read with the global token, in amoCRM's own "
            "shape (stages under _embedded.statuses, not stages)"
        ),
    ),
    Fault("leads-ignore-stage", Kind.DEFECT, N_("/api/v1/leads ignores the stageId filter")),
    Fault(
        "status-no-domain",
        Kind.DEFECT,
        N_("status answers without domain and accountId (null) even when connected"),
    ),
    Fault(
        "slow",
        Kind.CONDITION,
        N_("every backend response is delayed (--delay seconds, default 2)"),
    ),
    Fault(
        "rate-limit",
        Kind.CONDITION,
        N_(
            "the backend's API answers 429 with Retry-After beyond --rate requests per second "
            "(default 7, amoCRM's own limit; the callback a browser opens is not limited); "
            "amogui slows down instead of failing"
        ),
    ),
    Fault(
        "errors-500",
        Kind.DEFECT,
        N_(
            "status, exchange-code, disconnect, pipelines and leads answer 500 (login and "
            "callback stay intact)"
        ),
    ),
    Fault(
        "html-errors",
        Kind.VARIATION,
        N_("backend error responses are text/html pages instead of JSON"),
    ),
    Fault(
        "malformed-json",
        Kind.DEFECT,
        N_("successful JSON answers of the amo-crm and leads routes are cut short (invalid JSON)"),
    ),
    Fault(
        "amocrm-code-reuse",
        Kind.CONDITION,
        N_("amoCRM's token endpoint accepts an authorization code more than once"),
        needs=("callback-button",),
    ),
)

# name -> one-line description (what the switch does).
FAULTS: dict[str, str] = {name: fault.text for name, fault in FAULT_TABLE.items()}
PRESETS: tuple[str, ...] = tuple(n for n, f in FAULT_TABLE.items() if f.implies)


class UnknownFaultError(ValueError):
    """A fault name that `FAULTS` does not know."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(names)
        known = ", ".join(FAULTS)
        super().__init__(f"unknown fault {', '.join(self.names)}; known faults: {known}")


def check_faults(names: Iterable[str]) -> frozenset[str]:
    """The faults as a frozenset, or `UnknownFaultError` naming every unknown one."""
    chosen = frozenset(name.strip() for name in names if name.strip())
    unknown = chosen - FAULTS.keys()
    if unknown:
        raise UnknownFaultError(unknown)
    return chosen


def fault_name(text: str) -> str:
    """An argparse type for ``--fault NAME`` (every command that starts a sandbox): a
    switch of the table, or one sentence naming the known ones."""
    name = text.strip()
    if name not in FAULT_TABLE:
        raise argparse.ArgumentTypeError(f"{UnknownFaultError([name])}.")
    return name


def add_fault_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--fault NAME``, repeatable, checked against the table (``amogui sandbox`` and
    ``amogui run``; the window's option loads this module only when it is given)."""
    parser.add_argument(
        "--fault", action="append", default=[], type=fault_name, metavar="NAME", help=help_text
    )


def expand(names: Iterable[str]) -> frozenset[str]:
    """The switches in effect: the chosen ones and everything their presets turn on."""
    active: set[str] = set()
    pending = list(check_faults(names))
    while pending:
        name = pending.pop()
        if name not in active:
            active.add(name)
            pending.extend(FAULT_TABLE[name].implies)
    return frozenset(active)


def kind_of(name: str) -> Kind:
    return FAULT_TABLE[name].kind


def defects(names: Iterable[str]) -> frozenset[str]:
    """The DEFECT switches in effect among `names` (presets expanded)."""
    return frozenset(n for n in expand(names) if FAULT_TABLE[n].kind is Kind.DEFECT)


def dormant(names: Iterable[str]) -> frozenset[str]:
    """Switches among `names` that change nothing as combined: none of what they need is on."""
    active = expand(names)
    return frozenset(
        n for n in active if FAULT_TABLE[n].needs and not set(FAULT_TABLE[n].needs) & active
    )


def describe(name: str, translate: Callable[[str], str] = str) -> str:
    """What a switch does, its kind, and what it needs or turns on: the window's tooltip.
    `translate` renders each marked sentence (the window passes its translator)."""
    fault = FAULT_TABLE[name]
    lines = [translate(fault.text), translate(fault.label)]
    if fault.needs:
        lines.append(translate(NEEDS_LABEL).format(names=", ".join(fault.needs)))
    if fault.implies:
        lines.append(translate(TURNS_ON_LABEL).format(names=", ".join(fault.implies)))
    return "\n".join(lines)


def epilog() -> str:
    """The fault list for ``--help``, grouped by kind."""
    width = max(len(name) for name in FAULTS) + 4
    lines = ["faults (--fault NAME, repeatable; each changes only the behaviour it names):"]
    for kind in Kind:
        lines += ["", f"{KIND_LABELS[kind]}:"]
        for name, fault in FAULT_TABLE.items():
            if fault.kind is not kind:
                continue
            text = fault.text
            if fault.needs:
                text += " [" + NEEDS_LABEL.format(names=", ".join(fault.needs)) + "]"
            if fault.implies:
                text += " [" + TURNS_ON_LABEL.format(names=", ".join(fault.implies)) + "]"
            lines.append(
                textwrap.fill(
                    text,
                    width=96,
                    initial_indent=f"  {name}".ljust(width),
                    subsequent_indent=" " * width,
                    break_on_hyphens=False,
                )
            )
    return "\n".join(lines)


# -- the README's table ----------------------------------------------------------------------

README_START = "<!-- FAULTS -->"
README_END = "<!-- /FAULTS -->"
_KIND_WORDS = {Kind.DEFECT: "defect", Kind.VARIATION: "harmless variation",
               Kind.CONDITION: "harmless condition"}  # fmt: skip


def readme_table() -> str:
    """The switches as a Markdown table, for the README (between its FAULTS markers)."""
    lines = ["| Switch | Kind | What it does |", "|---|---|---|"]
    for kind in Kind:
        for name, fault in FAULT_TABLE.items():
            if fault.kind is not kind:
                continue
            text = fault.text.replace("|", "\\|")
            if fault.needs:
                text += "; " + NEEDS_LABEL.format(names=", ".join(f"`{n}`" for n in fault.needs))
            if fault.implies:
                text += "; " + TURNS_ON_LABEL.format(
                    names=", ".join(f"`{n}`" for n in fault.implies)
                )
            lines.append(f"| `{name}` | {_KIND_WORDS[kind]} | {text} |")
    return "\n".join(lines)


def write_readme(path: Path) -> bool:
    """Put `readme_table()` between the README's markers; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    head, start, rest = text.partition(README_START)
    _, end, tail = rest.partition(README_END)
    if not start or not end:
        raise ValueError(f"{path} has no {README_START} ... {README_END} block")
    new = f"{head}{README_START}\n{readme_table()}\n{README_END}{tail}"
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
