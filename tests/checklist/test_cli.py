"""``amogui checklist FILE [--json]`` through the real entry point."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from amogui.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_tree_of_the_raw_seed(
    tmp_path: Path, raw_bytes: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "raw.md"
    path.write_bytes(raw_bytes)
    code, out, err = run(["checklist", str(path)], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Чеклист тестування AMO CRM після налаштування URL"
    assert "repair:   UTF-8 mis-decoded as Mac Roman; repaired" in lines
    assert "    s2.k3  [substep] 2.3 Callback обробка  (3 actions, 4 expected)" in lines
    assert (
        "    [x] setup.1  Redirect URI в AMO CRM: `https://admin.foryou-realestate.com/api/amo-crm/callback`"
        in lines
    )
    assert any(line.startswith("  problem.4 ") for line in lines)
    assert "  criterion.6    Немає помилок в консолі" in lines
    assert (
        "6 parts, 15 steps (14 to decide), 15 review items, 2 API tests, 4 problems, 6 criteria"
        in lines
    )
    assert lines[-1] == "warnings: none"


def test_json_model(tmp_path: Path, raw_bytes: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "raw.md"
    path.write_bytes(raw_bytes)
    code, out, _ = run(["checklist", str(path), "--json"], capsys)
    assert code == 0
    assert "Чеклист" in out  # UTF-8, not \u escapes
    data = json.loads(out)
    assert data["title"] == "Чеклист тестування AMO CRM після налаштування URL"
    assert data["repair"] == "UTF-8 mis-decoded as Mac Roman; repaired"
    assert data["counts"]["problems"] == 4
    scenarios = data["sections"][1]["steps"]
    assert [s["id"] for s in scenarios] == ["s1", "s2", "s3", "s4", "s5"]
    assert [c["id"] for c in scenarios[1]["children"]] == ["s2.k1", "s2.k2", "s2.k3", "s2.k4"]
    assert (
        json.loads(scenarios[2]["api_tests"][0]["expected_json"])["data"]["accountId"] == "31920194"
    )
    assert scenarios[0]["kind"] == "scenario"


def test_bundled_word(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["checklist", "bundled", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["source"] == "bundled:amo-crm-testing-checklist.uk.md"
    assert data["repair"] is None


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, raw_bytes: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw_bytes)))
    code, out, _ = run(["checklist", "-"], capsys)
    assert code == 0
    assert "source:   <stdin>" in out
    assert "repair:   UTF-8 mis-decoded as Mac Roman; repaired" in out


def test_warnings_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.md"
    path.write_text("## Glossary\n\nwords\n", encoding="utf-8")
    code, out, _ = run(["checklist", str(path)], capsys)
    assert code == 0
    assert "warnings: 2" in out
    assert "  line 1: the checklist has no '# title' heading; using the file name" in out


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.md", "there is no such file"), (".", "it is a folder, not a file")],
)
def test_unreadable_file_exits_2_with_one_sentence(
    tmp_path: Path, name: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    code, out, err = run(["checklist", str(target)], capsys)  # refused by the argument's type
    assert (code, out) == (2, "")
    assert err.endswith(f"argument FILE: Cannot use the checklist {target}: {reason}.\n")


def test_unreadable_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    path = tmp_path / "secret.md"
    path.write_text("# x\n", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        code, _, err = run(["checklist", str(path)], capsys)
        assert code == 2
        assert err.endswith("permission denied.\n")
    finally:
        path.chmod(0o600)
