"""Compare an answer with the checklist's expected JSON, key by key.

Some values differ between environments by nature (a domain, an account id, a message
wording): they are shown side by side and noted (``value differs``) but never fail the
comparison. A key that is missing, a value of another type, a null where the checklist
shows a value, or a true/false that is the other one (``connected: false`` where the
checklist shows ``true``) *differs*, and fails it. Keys the checklist does not mention are
noted (``extra``). Values are shown as JSON, as the answer had them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 500  # a hostile answer with thousands of keys is cut here


SAME, DIFFERS, VALUE_DIFFERS, MISSING, EXTRA = (
    "same",
    "differs",
    "value differs",
    "missing",
    "extra",
)


@dataclass(slots=True)
class Row:
    path: str  # "data.connected", "data[0].id"
    expected: str  # the expected value as JSON ("" when the key is extra)
    actual: str  # the actual value as JSON ("" when missing)
    verdict: str  # SAME, DIFFERS, VALUE_DIFFERS, MISSING or EXTRA


@dataclass(slots=True)
class Comparison:
    rows: list[Row] = field(default_factory=list)

    @property
    def problems(self) -> list[Row]:
        """What differs, in the answer's order: these fail the comparison."""
        return [r for r in self.rows if r.verdict in (DIFFERS, MISSING)]

    @property
    def values(self) -> list[Row]:
        """Values that differ as environments do (noted, never failed)."""
        return [r for r in self.rows if r.verdict == VALUE_DIFFERS]

    @property
    def extra(self) -> list[Row]:
        return [r for r in self.rows if r.verdict == EXTRA]

    @property
    def ok(self) -> bool:
        return not self.problems


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _show(value: Any, limit: int = 120) -> str:
    """A value as JSON (as the answer had it), cut at `limit` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare(expected: Any, actual: Any) -> Comparison:
    out = Comparison()
    _walk(expected, actual, "", out)
    return out


def _add(out: Comparison, row: Row) -> None:
    if len(out.rows) < MAX_ROWS:
        out.rows.append(row)


def _walk(expected: Any, actual: Any, path: str, out: Comparison) -> None:
    here = path or "(root)"
    if kind(expected) != kind(actual):
        # null in the checklist stands for "a value the example does not show"
        verdict = VALUE_DIFFERS if expected is None else DIFFERS
        _add(out, Row(here, _show(expected), _show(actual), verdict))
        return
    if isinstance(expected, dict):
        for key, value in expected.items():
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                _add(out, Row(sub, _show(value), "", MISSING))
            else:
                _walk(value, actual[key], sub, out)
        for key in actual:
            if key not in expected:
                sub = f"{path}.{key}" if path else str(key)
                _add(out, Row(sub, "", _show(actual[key]), EXTRA))
        return
    if isinstance(expected, list):
        if expected and actual:
            # The example's first item is the shape every item of the answer must have.
            for index, item in enumerate(actual[:20]):
                _walk(expected[0], item, f"{path}[{index}]", out)
        else:
            _add(out, Row(here, _show(expected), _show(actual), SAME))
        return
    if expected == actual:
        verdict = SAME
    elif isinstance(expected, bool):
        verdict = DIFFERS  # true/false is what the example says, not an environment's value
    else:
        verdict = VALUE_DIFFERS
    _add(out, Row(here, _show(expected), _show(actual), verdict))
