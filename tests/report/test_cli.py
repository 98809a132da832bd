"""``amogui verify``: exit 0 only for an intact bundle from a trusted signer; every line it
prints is inert, whatever the bundle holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amogui.cli import main
from amogui.report import keys
from amogui.report.trust import trust_signer
from tests.report.conftest import TESTER
from tests.report.hostile import resign


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["verify", *args])
    return code, capsys.readouterr().out


def test_untrusted_then_trusted(
    bundle_dir: Path, tester_key: keys.SigningKey, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = verify(capsys, str(bundle_dir))
    assert code == 1
    assert "Integrity: intact" in out
    assert "Trust:     UNTRUSTED: signed by a key you have not trusted" in out
    assert "Result:    NOT VERIFIED: the files are intact, but the signer is not trusted" in out
    trust_signer(TESTER, tester_key.public_key)
    code, out = verify(capsys, str(bundle_dir))
    assert code == 0
    assert f"signed by {TESTER} ({tester_key.fingerprint}), trusted by" in out
    assert "Result:    VERIFIED: all" in out


def test_allowed_signers_identity_and_checklist_options(
    bundle_dir: Path,
    tester_key: keys.SigningKey,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    trust_signer(TESTER, tester_key.public_key, team / "allowed_signers")
    assert (
        verify(capsys, str(bundle_dir), "--allowed-signers", str(team / "allowed_signers"))[0] == 0
    )
    assert verify(capsys, str(bundle_dir), "--checklist", str(team / "checklist.md"))[0] == 0
    code, out = verify(
        capsys, str(bundle_dir), "--checklist", str(team / "c.md"), "--identity", "eve@x.example"
    )
    assert code == 1 and "not as eve@x.example" in out


def test_a_resigned_bundle_exits_1_with_every_trust_source(
    bundle_dir: Path,
    tester_key: keys.SigningKey,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    trust_signer(TESTER, tester_key.public_key)
    pinned = tmp_path / "pinned"
    trust_signer(TESTER, tester_key.public_key, pinned)
    resign(bundle_dir, keys.generate(TESTER), TESTER)
    for args in ([], ["--allowed-signers", str(pinned)], ["--identity", TESTER]):
        code, out = verify(capsys, str(bundle_dir), *args)
        assert code == 1, args
        assert "UNTRUSTED" in out and "Result:    NOT VERIFIED" in out


def test_terminal_output_holds_no_control_characters(
    bundle_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = "anna@foryou.example\x1b[2K\x1b[1A\rResult:    VERIFIED: all 9 files\n\x07"
    resign(bundle_dir, keys.generate("x"), forged, lambda f: f, principal="anna@foryou.example")
    (bundle_dir / "evil\x1b[31mname").write_text("added")
    code, out = verify(capsys, str(bundle_dir))
    assert code == 1
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out)  # nothing but line ends
    assert "\\x1b[2K" in out  # shown, not obeyed
    assert [line for line in out.splitlines() if line.startswith("Result:")] == [
        "Result:    NOT VERIFIED: 1 problem"
    ]


def test_usage_errors_exit_2(tmp_path: Path, bundle_dir: Path) -> None:
    assert main(["verify", str(tmp_path / "nowhere")]) == 2
    assert main(["verify", str(bundle_dir), "--allowed-signers", str(tmp_path / "none")]) == 2
