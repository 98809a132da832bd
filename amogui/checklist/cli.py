"""``amogui checklist FILE [--json]``: parse a checklist and print what amogui understood."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from amogui.base import argtypes

if TYPE_CHECKING:
    from amogui.checklist.model import Checklist, Step

DESCRIPTION = (
    "Parse a Markdown checklist and print its parts, steps (with their stable ids), "
    "problems, criteria, the encoding repair applied and any warnings."
)
EPILOG = (
    "FILE may be '-' (standard input) or the word 'bundled' (the checklist amogui ships;\n"
    "use ./bundled for a file of that name).\n"
    "exit: 0 parsed (warnings included), 2 the file cannot be read"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        type=argtypes.checklist_source,
        help="a Markdown checklist, '-' or 'bundled'",
    )
    parser.add_argument("--json", action="store_true", help="print the whole model as JSON (UTF-8)")


def run(args: argparse.Namespace) -> int:
    from amogui.checklist import ChecklistError

    try:
        checklist = _load(str(args.file))
    except ChecklistError as exc:
        print(f"amogui checklist: {exc}", file=sys.stderr)
        return 2
    _write(to_json(checklist) if args.json else to_text(checklist))
    return 0


def _load(name: str) -> Checklist:
    from amogui.checklist import (
        MAX_BYTES,
        ChecklistError,
        check_text,
        load_bundled,
        load_checklist,
        parse_bytes,
    )

    if name == "bundled":
        return load_bundled()
    if name == "-":
        try:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        except (OSError, AttributeError, ValueError) as exc:
            raise ChecklistError(f"Cannot read the checklist from standard input: {exc}.") from exc
        if len(data) > MAX_BYTES:
            raise ChecklistError(
                f"The checklist on standard input is larger than {MAX_BYTES // 2**20} MiB."
            )
        check_text(data, "on standard input")
        return parse_bytes(data, "<stdin>")
    return load_checklist(name)


def _write(text: str) -> None:
    """UTF-8 whatever the locale says: a C locale must not turn Ukrainian into a crash."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def to_dict(checklist: Checklist) -> dict[str, Any]:
    import dataclasses

    data = dataclasses.asdict(checklist)
    data["counts"] = _counts(checklist)
    return data


def to_json(checklist: Checklist) -> str:
    import json

    return json.dumps(to_dict(checklist), ensure_ascii=False, indent=2) + "\n"


def _counts(checklist: Checklist) -> dict[str, int]:
    steps = checklist.steps()
    return {
        "parts": len(checklist.sections),
        "steps": len(steps),
        "decidable": len(checklist.decidable_steps()),
        "review_items": sum(len(s.review_items) for s in steps),
        "api_tests": sum(len(s.api_tests) for s in steps),
        "problems": len(checklist.problems),
        "criteria": len(checklist.criteria),
        "warnings": len(checklist.warnings),
    }


def to_text(checklist: Checklist) -> str:
    lines = [checklist.title, f"source:   {checklist.source}"]
    lines.append(f"sha256:   {checklist.sha256}")
    lines.append(f"encoding: {checklist.encoding}")
    lines.append(f"repair:   {checklist.repair or 'none'}")
    lines.append("")
    for section in checklist.sections:
        lines.append(f"{section.id}  {section.title}")
        for step in section.steps:
            _step_lines(step, 1, lines)
    if checklist.problems:
        lines.append("")
        lines.append("problems:")
        for problem in checklist.problems:
            lines.append(
                f"  {problem.id:<14} {problem.title}  "
                f"({len(problem.symptoms)} symptoms, {len(problem.solutions)} solutions)"
            )
    if checklist.criteria:
        lines.append("")
        lines.append("criteria:")
        lines.extend(f"  {c.id:<14} {c.text}" for c in checklist.criteria)
    counts = _counts(checklist)
    lines.append("")
    lines.append(
        f"{counts['parts']} parts, {counts['steps']} steps ({counts['decidable']} to decide), "
        f"{counts['review_items']} review items, {counts['api_tests']} API tests, "
        f"{counts['problems']} problems, {counts['criteria']} criteria"
    )
    lines.append(f"warnings: {len(checklist.warnings) or 'none'}")
    lines.extend(f"  {w}" for w in checklist.warnings)
    return "\n".join(lines) + "\n"


def _step_lines(step: Step, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    number = f"{step.number} " if step.number else ""
    out.append(f"{pad}{step.id}  [{step.kind}] {number}{step.title}{_step_counts(step)}")
    for item in step.review_items:
        mark = "x" if item.checked_in_source else " "
        out.append(f"{pad}  [{mark}] {item.id}  {item.text}")
    for child in step.children:
        _step_lines(child, depth + 1, out)


def _count(n: int, noun: str) -> str:
    plural = noun if noun == "expected" or n == 1 else noun + "s"
    return f"{n} {plural}"


def _step_counts(step: Step) -> str:
    parts = [
        _count(n, noun)
        for n, noun in (
            (len(step.actions), "action"),
            (len(step.expected), "expected"),
            (len(step.api_tests), "API test"),
            (len(step.review_items), "review item"),
        )
        if n
    ]
    if step.file:
        parts.append(f"file {step.file}")
    return f"  ({', '.join(parts)})" if parts else ""
