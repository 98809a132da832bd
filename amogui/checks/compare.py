"""Compare an answer with the checklist's expected JSON by structure and type.

Values differ between environments (a domain, an account id, a message wording), so
they are shown side by side but never fail the comparison; a missing key or a value of
another type does. Keys the checklist does not mention are noted, not failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 500  # a hostile answer with thousands of keys is cut here


@dataclass(slots=True)
class Row:
    path: str  # "data.connected", "data[0].id"
    expected: str  # the expected value as JSON-ish text ("" when the key is extra)
    actual: str  # the actual value ("" when missing)
    verdict: str  # "same", "value differs", "type differs", "missing", "extra"


@dataclass(slots=True)
class Comparison:
    rows: list[Row] = field(default_factory=list)

    @property
    def problems(self) -> list[Row]:
        return [r for r in self.rows if r.verdict in ("missing", "type differs")]

    @property
    def extra(self) -> list[Row]:
        return [r for r in self.rows if r.verdict == "extra"]

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


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}" if value else "{}"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    text = (
        "null" if value is None else str(value).lower() if isinstance(value, bool) else repr(value)
    )
    return text[:120]


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
        verdict = "value differs" if expected is None else "type differs"
        _add(out, Row(here, _show(expected), f"{_show(actual)} ({kind(actual)})", verdict))
        return
    if isinstance(expected, dict):
        for key, value in expected.items():
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                _add(out, Row(sub, _show(value), "", "missing"))
            else:
                _walk(value, actual[key], sub, out)
        for key in actual:
            if key not in expected:
                sub = f"{path}.{key}" if path else str(key)
                _add(out, Row(sub, "", _show(actual[key]), "extra"))
        return
    if isinstance(expected, list):
        if expected and actual:
            # The example's first item is the shape every item of the answer must have.
            for index, item in enumerate(actual[:20]):
                _walk(expected[0], item, f"{path}[{index}]", out)
        else:
            _add(out, Row(here, _show(expected), _show(actual), "same"))
        return
    verdict = "same" if expected == actual else "value differs"
    _add(out, Row(here, _show(expected), _show(actual), verdict))
