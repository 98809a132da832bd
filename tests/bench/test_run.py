"""Every benchmark runs once at tiny sizes and publishes its figures (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from amogui.checks.registry import CHECK_IDS

BENCH = Path(__file__).resolve().parents[2] / "bench"
FIGURES = {
    "startup",
    "stall",
    "leads_5k",
    "leads_50k",
    "leads_compare",
    "critical_path",
    "headless",
    "export",
}


def test_every_figure_runs_once_tiny(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--tiny", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads((tmp_path / "latest.json").read_text())
    assert set(data["figures"]) == FIGURES
    assert {"cpu", "cores", "ram", "python", "qt"} <= set(data["machine"])
    for name, result in data["figures"].items():
        # A figure either measured something or says in one line why it could not.
        if "not_available" in result:
            assert result["not_available"].strip(), name
            assert "\n" not in result["not_available"], name
            continue
        assert result, name
        for stats in result.values():
            assert stats["min"] <= stats["median"] <= stats["max"]
    # The figures that need only this part always measure.
    assert "stall_max_ms" in data["figures"]["stall"]
    assert "leads_load_500_s" in data["figures"]["leads_5k"]
    assert "rss_peak_1000_mb" in data["figures"]["leads_50k"]
    # Concurrent and sequential paging side by side, and the slow run's critical path.
    assert "leads_ratio_1000" in data["figures"]["leads_compare"]
    critical = data["figures"]["critical_path"]
    assert "not_available" in critical or "critical_path_round_trips" in critical
    # The stall figure says where its worst gaps were (phase and code), run by run.
    stall_runs = data["details"]["stall"]
    assert stall_runs and all(isinstance(r["stall_worst"], list) for r in stall_runs)
    # A full run: every check of the window ran.
    assert data["figures"]["stall"]["stall_checks"]["median"] == len(CHECK_IDS)
    markdown = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| Figure | Target | Median | Min-max | Ratio | Met |" in markdown
    if "startup_ratio" in data["figures"]["startup"]:
        assert "x of bare" in markdown


def test_one_figure_by_name_and_unknown_names(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--tiny", "--out", str(tmp_path), "leads_5k"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert set(json.loads((tmp_path / "latest.json").read_text())["figures"]) == {"leads_5k"}
    bad = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--out", str(tmp_path), "nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "unknown figure nope" in bad.stderr


def test_readme_section_replaces_the_placeholder_and_itself(tmp_path: Path) -> None:
    (tmp_path / "latest.md").write_text("| Figure | Target |\n|---|---|\n| a | b |\n")
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n<!-- BENCHMARKS -->\n\n## Layout\n", encoding="utf-8")
    for _ in range(2):  # a second run rewrites the section instead of adding one
        proc = subprocess.run(
            [
                sys.executable,
                str(BENCH / "run.py"),
                "--out",
                str(tmp_path),
                "--readme",
                str(readme),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
    text = readme.read_text(encoding="utf-8")
    assert text.count("## Benchmarks") == 1 and text.count("| a | b |") == 1
    assert text.startswith("# x\n\n<!-- BENCHMARKS -->\n## Benchmarks")
    assert text.endswith("<!-- /BENCHMARKS -->\n\n## Layout\n")
