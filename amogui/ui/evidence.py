"""What the machine saw, as rich text for the step panel: a check's result, the checklist's
API test answered against the target, the comparison of that answer with the checklist's
expected JSON.

Everything that comes from outside (a backend's answer, a check's sentence, an exchange
id) is escaped here; a core sentence (`amogui.base.i18n.Text`) is rendered in the current
language. Links use amogui's own schemes, which the step panel hands to the window:
``exchange:x0009`` opens the request log at that entry, ``check:oauth.callback`` and
``step:s2.k3`` select that check's or that step's page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from amogui.base.i18n import render
from amogui.run.state import CheckResult, Diagnosis
from amogui.ui.core_text import core_text

COMPARISON_ROWS = 40  # rows of a comparison shown; the rest is counted
# Order of the comparison's rows: what differs first, what agrees last.
_VERDICT_ORDER = {
    "missing": 0,
    "differs": 0,
    "type differs": 0,
    "value differs": 1,
    "extra": 2,
    "same": 3,
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Evidence", text)


def esc(value: object) -> str:
    """Escaped text; a core `Text` is rendered in the current language first."""
    return html.escape(render(value))


def link(href: str, text: str) -> str:
    """A link to one of amogui's own places (`text` already escaped)."""
    return f"<a href='{html.escape(href, quote=True)}'>{text}</a>"


def json_value(value: object) -> str:
    """A value as the answer had it, in JSON (``true``, ``null``, ``"abc"``); a string
    is taken as already written (the checks hand their values over as text)."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def verdict_name(verdict: str) -> str:
    """A comparison row's verdict in the UI language."""
    names = {
        "same": tr("same"),
        "differs": tr("differs"),
        "type differs": tr("another type"),
        "value differs": tr("another value (this environment's)"),
        "missing": tr("missing"),
        "extra": tr("not in the checklist"),
    }
    return names.get(verdict, verdict)


def exchange_links(ids: Iterable[str]) -> str:
    return ", ".join(link(f"exchange:{x}", esc(x)) for x in ids)


def check_details(result: CheckResult) -> list[str]:
    """The lines under a check's summary: expected and actual, the comparison, an
    accepted variation, the diagnosis, the evidence."""
    lines: list[str] = []
    if result.expected or result.actual:
        lines.append(f"<b>{esc(tr('Expected'))}:</b> {esc(result.expected) or '—'}")
        lines.append(f"<b>{esc(tr('Actual'))}:</b> {esc(result.actual) or '—'}")
    rows = result.details.get("comparison") if isinstance(result.details, dict) else None
    if isinstance(rows, list) and rows:
        lines.append(comparison_table(rows))
    if result.variation:
        lines.append(esc(tr("Accepted variation: {v}")).format(v=esc(result.variation)))
    if result.diagnosis is not None:
        lines.append(diagnosis_html(result.diagnosis))
    if result.evidence:
        text = esc(tr("Evidence: {ids} (opens the request log)"))
        lines.append(text.format(ids=exchange_links(result.evidence)))
    return lines


def comparison_rows(rows: list[object]) -> list[Mapping[str, Any]]:
    """The comparison's rows, what differs first (the order within a kind is kept)."""
    clean = [r for r in rows if isinstance(r, Mapping)]
    return sorted(clean, key=lambda r: _VERDICT_ORDER.get(str(r.get("verdict", "")), 1))


def comparison_table(rows: list[object], limit: int = COMPARISON_ROWS) -> str:
    """The checklist's expected JSON and the answer side by side, key by key, as a table."""
    heads = (tr("Key"), tr("The checklist shows"), tr("The answer has"), tr("Verdict"))
    head = "".join(f"<th align='left'>{esc(h)}</th>" for h in heads)
    body = []
    ordered = comparison_rows(rows)
    for row in ordered[:limit]:
        verdict = str(row.get("verdict", ""))
        colour = " style='color:#d64545'" if _VERDICT_ORDER.get(verdict) == 0 else ""
        cells = (
            f"<td><code>{esc(row.get('path', ''))}</code></td>",
            f"<td><code>{esc(_cell(row.get('expected')))}</code></td>",
            f"<td><code>{esc(_cell(row.get('actual')))}</code></td>",
            f"<td{colour}>{esc(verdict_name(verdict))}</td>",
        )
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = len(ordered) - limit
    tail = "<br>" + esc(tr("... and {n} more keys")).format(n=more) if more > 0 else ""
    return (
        "<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse'>"
        f"<tr>{head}</tr>{''.join(body)}</table>{tail}"
    )


def _cell(value: object) -> str:
    return "" if value is None or value == "" else json_value(value)


def diagnosis_html(diag: Diagnosis) -> str:
    if diag.is_own_note:
        # amogui's words, not the checklist's: said so, and translated like core texts.
        head = esc(tr("amogui's note, not in the checklist: {title}")).format(
            title=esc(core_text(render(diag.title)))
        )
        symptoms = [core_text(render(s)) for s in diag.symptoms]
        solutions = [core_text(render(s)) for s in diag.solutions]
    else:
        title = link(f"problem:{diag.problem_id}", esc(diag.title))
        head = esc(tr("The checklist's problem: {title}")).format(title=title)
        symptoms, solutions = list(diag.symptoms), list(diag.solutions)
    return (
        f"<b>{head}</b>"
        + bullet_list(symptoms, ordered=False)
        + f"<b>{esc(tr('Solution'))}</b>"
        + bullet_list(solutions, ordered=True)
    )


def bullet_list(items: Iterable[object], ordered: bool) -> str:
    tag = "ol" if ordered else "ul"
    rows = "".join(f"<li>{esc(i)}</li>" for i in items)
    return f"<{tag} style='margin-left:-18px'>{rows}</{tag}>"
