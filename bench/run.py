"""Run the benchmark figures and publish them.

    python bench/run.py                 every figure, 3 runs each (median, min, max)
    python bench/run.py stall leads_50k one or more figures by name
    python bench/run.py --runs 5        more runs per figure
    python bench/run.py --tiny          every figure once at tiny sizes (the smoke test)
    python bench/run.py --readme README.md   the last results into README's Benchmarks

Each run of a figure is a fresh interpreter (`bench/<script>.py`). Prints a table and
writes `bench/results/latest.json` and `bench/results/latest.md` (a Markdown table with
the machine, for the README). A figure whose piece has not landed prints
"not available: <why>" instead of failing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import BENCH, machine, run_script


@dataclass(frozen=True)
class Figure:
    name: str
    script: str
    args: list[str]
    tiny_args: list[str]
    # metric -> (label, unit, target or "", baseline for a ratio or None)
    metrics: dict[str, tuple[str, str, str, float | None]] = field(default_factory=dict)


FIGURES: list[Figure] = [
    Figure(
        "startup",
        "startup",
        ["--runs", "3"],  # each run of the figure is itself a median of 3 pairs
        ["--runs", "1"],
        {
            # Already a ratio: amogui's time over the bare window's.
            "startup_ratio": ("Start-up, amogui vs bare PySide6 window", "x", "<= 1.5", None),
            "startup_amogui_s": ("Start-up to window shown and idle, amogui", "s", "", None),
            "startup_bare_s": ("Start-up, bare PySide6 window", "s", "", None),
            "ready_amogui_s": (
                "Start-up to ready to test (checklist, profiles, sandbox started)",
                "s",
                "",
                None,
            ),
        },
    ),
    Figure(
        "stall",
        "stall",
        ["--leads", "300", "--delay", "2"],
        ["--leads", "300", "--delay", "0.2"],
        {
            "stall_max_ms": (
                "Longest GUI-thread stall, full run + Leads tab, slow backend",
                "ms",
                "<= 50",
                50.0,
            ),
            "stall_p99_ms": ("99th percentile tick gap (10 ms timer)", "ms", "", None),
            "stall_over_50ms": ("Tick gaps over 50 ms", "", "0", None),
            "stall_run_s": ("Full run in the window (all checks), slow backend", "s", "", None),
        },
    ),
    Figure(
        "leads_5k",
        "leads",
        ["--leads", "5000"],
        ["--leads", "500"],
        {
            "leads_load_5000_s": ("Leads load, 5,000 leads (50 pages)", "s", "", None),
            "leads_filter_5000_ms": (
                "Stage filter switch incl. repaint, 5,000 (worst)",
                "ms",
                "< 100",
                100.0,
            ),
            "leads_load_500_s": ("Leads load, 500 leads", "s", "", None),
            "leads_filter_500_ms": (
                "Stage filter switch, 500 leads (worst)",
                "ms",
                "< 100",
                100.0,
            ),
        },
    ),
    Figure(
        "leads_50k",
        "leads",
        ["--leads", "50000"],
        ["--leads", "1000"],
        {
            "leads_load_50000_s": ("Leads load, 50,000 leads (500 pages)", "s", "", None),
            "leads_filter_50000_ms": (
                "Stage filter switch incl. repaint, 50,000 (worst)",
                "ms",
                "< 100",
                100.0,
            ),
            "rss_peak_50000_mb": (
                "Peak RSS, whole process, 50,000 leads loaded",
                "MB",
                "< 300",
                300.0,
            ),
            "leads_load_1000_s": ("Leads load, 1,000 leads", "s", "", None),
            "rss_peak_1000_mb": ("Peak RSS, 1,000 leads loaded", "MB", "", 300.0),
        },
    ),
    Figure(
        "leads_compare",
        "leads_compare",
        ["--leads", "50000"],
        ["--leads", "1000"],
        {
            "leads_ratio_50000": (
                "Leads load 50,000, concurrent pages / sequential pages",
                "x",
                "<= 0.33",
                None,
            ),
            "leads_concurrent_50000_s": ("Leads load 50,000, concurrent pages", "s", "", None),
            "leads_sequential_50000_s": ("Leads load 50,000, sequential pages", "s", "", None),
            "leads_ratio_1000": (
                "Leads load 1,000, concurrent pages / sequential pages",
                "x",
                "",
                None,
            ),
        },
    ),
    Figure(
        "critical_path",
        "critical_path",
        ["--delay", "1"],
        ["--delay", "0.2"],
        {
            "critical_path_round_trips": (
                "Round trips on the critical path (headless run, slow fault: time / delay)",
                "",
                "<= 12",
                None,
            ),
            "critical_path_run_s": ("Headless full run, every answer 1 s late", "s", "", None),
            "critical_path_requests": ("Requests of that run", "", "", None),
        },
    ),
    Figure(
        "headless",
        "headless",
        [],
        ["--timeout", "120"],
        {"headless_run_s": ("Headless full run against the sandbox", "s", "", None)},
    ),
    Figure(
        "export",
        "export",
        ["--exchanges", "1000"],
        ["--exchanges", "20", "--no-pdf"],
        {
            "export_1000_s": (
                "Report export (signed bundle, PDF), 1,000 exchanges",
                "s",
                "",
                None,
            ),
            "export_20_s": ("Report export without PDF, 20 exchanges", "s", "", None),
        },
    ),
]
BY_NAME = {f.name: f for f in FIGURES}


def run_figure(figure: Figure, runs: int, tiny: bool) -> tuple[dict[str, Any], list[Any]]:
    """Run one figure `runs` times: per metric median/min/max (or why it is not available),
    and the non-numeric details of each run (e.g. where the worst stalls happened)."""
    samples: dict[str, list[float]] = {}
    details: list[Any] = []
    for _ in range(runs):
        result = run_script(figure.script, figure.tiny_args if tiny else figure.args)
        if "not_available" in result:
            return {"not_available": str(result["not_available"])}, details
        extra = {}
        for key, value in result.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                samples.setdefault(key, []).append(float(value))
            else:
                extra[key] = value
        if extra:
            details.append(extra)
    stats = {
        key: {
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
            "runs": len(values),
        }
        for key, values in samples.items()
    }
    return stats, details


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


Row = tuple[str, str, str, str, str, str]  # figure, median, min-max, ratio, target, met


def met(median: float, target: str) -> str:
    """ "yes"/"no" for a target like "<= 50", "< 100" or "0" (= exactly); "" when none."""
    text = target.strip()
    if not text:
        return ""
    for op, test in (("<=", float.__le__), ("<", float.__lt__), (">=", float.__ge__)):
        if text.startswith(op):
            return "yes" if test(median, float(text[len(op) :])) else "no"
    return "yes" if median == float(text) else "no"


def rows(results: dict[str, dict[str, Any]]) -> list[Row]:
    """One row per shown metric; the ratio is the median over its baseline (a budget)."""
    out: list[Row] = []
    for figure in FIGURES:
        result = results.get(figure.name)
        if result is None:
            continue
        if "not_available" in result:
            out.append((figure.name, "not available: " + result["not_available"], "", "", "", ""))
            continue
        for key, (label, unit, target, baseline) in figure.metrics.items():
            stats = result.get(key)
            if stats is None:
                continue
            suffix = f" {unit}" if unit else ""
            span = f"{_fmt(stats['min'])}-{_fmt(stats['max'])}" if stats["runs"] > 1 else ""
            if unit == "x" and key == "startup_ratio":
                ratio = f"{stats['median']:.2f}x of bare"
            elif unit == "x":
                ratio = f"{stats['median']:.2f}x"
            elif baseline:
                ratio = f"{stats['median'] / baseline:.2f}x of {_fmt(baseline)}{suffix}"
            else:
                ratio = ""
            verdict = met(stats["median"], target)
            out.append((label, _fmt(stats["median"]) + suffix, span, ratio, target, verdict))
    return out


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'figure':62} {'median':>10} {'min-max':>12} {'ratio':>18}  target"]
    for label, median, span, ratio, target, verdict in rows(results):
        shown = f"{target} ({verdict})" if verdict else target
        lines.append(f"{label:62} {median:>10} {span:>12} {ratio:>18}  {shown}")
    return "\n".join(lines)


def worst_gaps(details: dict[str, list[Any]], count: int = 3) -> list[str]:
    """The longest GUI-thread gaps over every run of the stall figure, and where they were."""
    gaps = [g for run in details.get("stall", []) for g in run.get("stall_worst", [])]
    gaps.sort(key=lambda g: -float(g.get("ms", 0)))
    return [f"{g['ms']} ms during `{g['phase']}` at `{g['where']}`" for g in gaps[:count]]


def _load_note(info: dict[str, str]) -> str:
    """Figures taken while other work ran are inflated: say so only when it was the case."""
    try:
        busy = float(str(info["load"]).split()[0]) > float(info["cores"])
    except (KeyError, ValueError, IndexError):
        return ""
    return " (above the core count: the figures are inflated)" if busy else ""


def markdown(
    results: dict[str, dict[str, Any]],
    info: dict[str, str],
    runs: int,
    details: dict[str, list[Any]] | None = None,
) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} with `python bench/run.py` (median of {runs} "
        f"runs, min-max): {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, "
        f"{info['os']}, Python {info['python']}, {info['qt']}; load average "
        f"{info['load']} at the end of the run{_load_note(info)}.",
        "",
        "| Figure | Target | Median | Min-max | Ratio | Met |",
        "|---|---|---:|---:|---:|---|",
    ]
    for label, median, span, ratio, target, verdict in rows(results):
        lines.append(f"| {label} | {target} | {median} | {span} | {ratio} | {verdict} |")
    missed = [f"{r[0]} ({r[1]}, target {r[4]})" for r in rows(results) if r[5] == "no"]
    if missed:
        lines += ["", "Targets not met (median): " + "; ".join(missed) + "."]
    gaps = worst_gaps(details or {})
    if gaps:
        lines += [
            "",
            "Longest GUI-thread gaps of the stall runs, and where the GUI thread was:",
            "",
        ]
        lines += [f"- {gap}" for gap in gaps]
    return "\n".join(lines) + "\n"


README_START = "<!-- BENCHMARKS -->"
README_END = "<!-- /BENCHMARKS -->"
RERUN = """\
Re-run them with `.venv/bin/python bench/run.py` (every figure, 3 runs each, about 5
minutes here; `--runs N` for more), one figure with `bench/run.py stall` (names: startup,
stall, leads_5k, leads_50k, leads_compare, critical_path, headless, export), or a script
alone, e.g. `bench/stall.py --delay 2`, `bench/leads.py --leads 50000 --sequential` or
`bench/critical_path.py --delay 1`. Results land in
`bench/results/latest.json` and `latest.md`; `bench/run.py --readme README.md` rewrites
this section. Measure on a quiet machine: the load average is printed with the figures.

Before the checks were scheduled by need and leads pages read concurrently, the same
figures were about 41 round trips on the critical path, 78.9 s for the window's full run
with the slow fault and 5.47 s for 50,000 leads (measured 2026-11-27 on a 2-core AMD EPYC).
"""


def readme_section(markdown_text: str) -> str:
    intro = (
        "What `bench/` measures: start-up to the window shown and idle against a "
        "bare PySide6 window started side by side (amogui started as a tester starts it, "
        "`amogui` with no options, its modules byte-compiled as an installed copy has them); "
        "amogui shows its window first and completes it on the next turns of the event "
        "loop, so the time until it is ready to test (checklist shown, profiles and keychain "
        "read, the sandbox started) is given too; the longest gap between two ticks of a "
        "10 ms timer on the GUI thread while the real window runs all checks against the "
        "sandbox with every answer 2 s late (the `slow` fault; the stand-in browser, "
        "`amogui.oauth.autobrowser`, runs niced) and then loads the Leads tab; "
        "leads load and stage-filter switch (including the repaint) at 5,000 and 50,000 "
        "leads and the process's peak RSS; the 50,000-lead load with its pages read "
        "concurrently beside the same load one page after another (two fresh processes per "
        "run, and their ratio); the round trips on a headless run's critical path (`amogui "
        "run --sandbox --fault slow --delay 1` with the stand-in browser: wall time over the "
        "delay, beside the run's request count); a headless full run; a report export with "
        "1,000 exchanges. Ratios are against the bare window (start-up), the budget, or the "
        "sequential load; Met "
        "compares the median with the target, and Min-max shows the spread over the runs "
        "(for the stall, the max is the worst single run)."
    )
    return (
        "\n".join(
            [
                README_START,
                "## Benchmarks",
                "",
                intro,
                "",
                markdown_text.rstrip(),
                "",
                RERUN.rstrip(),
            ]
        )
        + "\n"
        + README_END
    )


def write_readme(path: Path, markdown_text: str) -> None:
    """Replace the placeholder (or a section written before) with the new figures."""
    text = path.read_text(encoding="utf-8")
    if README_START not in text:
        raise SystemExit(f"{path} has no {README_START} placeholder")
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1] if README_END in rest else rest
    path.write_text(head + readme_section(markdown_text) + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("figures", nargs="*", metavar="FIGURE", help=", ".join(BY_NAME))
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes, one run each")
    parser.add_argument("--out", type=Path, default=BENCH / "results", help="results directory")
    parser.add_argument(
        "--readme",
        type=Path,
        help="only write the last results (latest.md) into this README's Benchmarks section",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.figures if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown figure {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    if args.readme is not None:
        write_readme(args.readme, (args.out / "latest.md").read_text(encoding="utf-8"))
        print(f"wrote the Benchmarks section of {args.readme}", file=sys.stderr)
        return 0
    runs = 1 if args.tiny else max(1, args.runs)
    chosen = [BY_NAME[n] for n in args.figures] if args.figures else FIGURES
    results: dict[str, dict[str, Any]] = {}
    details: dict[str, list[Any]] = {}
    for figure in chosen:
        print(f"running {figure.name} ({runs}x)...", file=sys.stderr, flush=True)
        results[figure.name], details[figure.name] = run_figure(figure, runs, args.tiny)
    info = machine()
    print(table(results))
    for gap in worst_gaps(details):
        print(f"worst gap: {gap}")
    args.out.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": info,
        "runs": runs,
        "tiny": args.tiny,
        "figures": results,
        "details": details,
    }
    (args.out / "latest.json").write_text(json.dumps(payload, indent=2) + "\n")
    (args.out / "latest.md").write_text(markdown(results, info, runs, details), encoding="utf-8")
    print(f"\nwrote {args.out / 'latest.json'} and {args.out / 'latest.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
