"""The export: VERIFY.txt's commands are exactly true (the test runs them), the tester is
named, a one-off key says so, and the report comes in Ukrainian or English."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from amogui.report import bundle, keys, sshsig
from amogui.report.export import export_bundle
from amogui.report.keys import SignerChoice
from amogui.report.trust import trust_signer
from amogui.settings.identity import Identity
from tests.report.sample import sample_checklist, sample_run

TESTER = "anna@foryou.example"

needs_shell_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("sh", "sha256sum", "cut", "grep", "ssh-keygen")),
    reason="sh, coreutils, grep and ssh-keygen are needed",
)


@pytest.fixture
def tester_key() -> keys.SigningKey:
    return keys.generate("a key comment")


@pytest.fixture
def bundle_dir(tmp_path: Path, tester_key: keys.SigningKey) -> Path:
    out = tmp_path / "bundle"
    export_bundle(
        sample_run(), sample_checklist(), out, tester_key, pdf=None, tester=Identity("Анна", TESTER)
    )
    return out


def commands(verify_txt: str) -> dict[str, str]:
    """The shell commands VERIFY.txt gives, exactly as written (indented lines)."""
    lines = verify_txt.splitlines()
    blocks = re.findall(r"^   for f in .*?^   done$", verify_txt, re.M | re.S)
    single = next(line.strip() for line in lines if line.startswith("   ssh-keygen -Y verify"))
    good = next(line.strip() for line in lines if line.strip().startswith("Good "))
    return {"each": blocks[0], "added": blocks[1], "single": single, "good": good}


def signed_files(folder: Path) -> int:
    """Every file the MANIFEST lists, and the MANIFEST itself."""
    return len(bundle.parse_manifest((folder / bundle.MANIFEST).read_text())) + 1


def sh(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@needs_shell_tools
def test_every_command_of_verify_txt_does_what_it_says(
    bundle_dir: Path, tester_key: keys.SigningKey, tmp_path: Path
) -> None:
    text = (bundle_dir / bundle.VERIFY_TXT).read_text(encoding="utf-8")
    cmd = commands(text)
    trusted = tmp_path / "trusted_signers"
    trust_signer(TESTER, tester_key.public_key, trusted)
    env = f"TRUSTED={trusted}\n"

    shown = sh("ssh-keygen -l -f signer.pub", bundle_dir)
    assert shown.returncode == 0 and tester_key.fingerprint in shown.stdout
    single = sh(env + cmd["single"], bundle_dir)
    assert single.returncode == 0, single.stderr
    assert (single.stdout + single.stderr).strip() == cmd["good"]
    each = sh(env + cmd["each"], bundle_dir)
    assert "FAILED" not in each.stdout
    assert each.stdout.count("Good ") == signed_files(bundle_dir)
    assert sh("sha256sum -c MANIFEST", bundle_dir).returncode == 0
    assert sh(cmd["added"], bundle_dir).stdout == ""

    # the loop catches what sha256sum -c does not: added files, hidden ones too
    (bundle_dir / "extra.html").write_text("<p>added</p>")
    (bundle_dir / ".hidden").write_text("added")
    (bundle_dir / "report.json.sig.sig").write_text("added")
    assert sh("sha256sum -c MANIFEST", bundle_dir).returncode == 0  # blind to them
    added = sorted(sh(cmd["added"], bundle_dir).stdout.split())
    assert added == sorted(
        ["ADDED:", "extra.html", "ADDED:", ".hidden", "ADDED:", "report.json.sig.sig"]
    )


@needs_shell_tools
def test_with_a_trusted_file_of_another_key_every_signature_fails(
    bundle_dir: Path, tmp_path: Path
) -> None:
    cmd = commands((bundle_dir / bundle.VERIFY_TXT).read_text(encoding="utf-8"))
    other = tmp_path / "other"
    trust_signer(TESTER, keys.generate("x").public_key, other)
    each = sh(f"TRUSTED={other}\n" + cmd["each"], bundle_dir)
    assert each.stdout.count("FAILED: ") == signed_files(bundle_dir)
    # with the bundle's own file the same loop passes: integrity only, as it says
    own = sh("TRUSTED=allowed_signers\n" + cmd["each"], bundle_dir)
    assert "FAILED" not in own.stdout


def test_verify_txt_never_claims_that_sha256sum_finds_added_files(bundle_dir: Path) -> None:
    text = (bundle_dir / bundle.VERIFY_TXT).read_text(encoding="utf-8")
    assert "sha256sum -c does not notice added files" in text
    assert "prove only that nothing changed after signing, not who signed" in " ".join(text.split())


def test_the_report_names_the_tester_and_signs_as_their_email(bundle_dir: Path) -> None:
    report = json.loads((bundle_dir / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    assert report["tester"]["name"] == "Анна" and report["tester"]["email"] == TESTER
    assert report["signing"]["identity"] == TESTER and report["signing"]["one_off"] is False
    assert (bundle_dir / bundle.SIGNER_PUB).read_text().split()[2] == TESTER
    html = (bundle_dir / bundle.REPORT_HTML).read_text(encoding="utf-8")
    assert f"Анна &lt;{TESTER}&gt;" in html
    assert "not given" not in html


def test_a_one_off_key_is_said_so_in_the_report_and_verify_txt(tmp_path: Path) -> None:
    choice = SignerChoice(keys.one_off_key(), "amogui", "the OS keychain is not available")
    out = tmp_path / "b"
    export_bundle(sample_run(), sample_checklist(), out, choice, pdf=None)
    report = json.loads((out / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    assert report["signing"]["one_off"] is True
    assert report["signing"]["one_off_reason"] == "the OS keychain is not available"
    verify_txt = " ".join((out / bundle.VERIFY_TXT).read_text(encoding="utf-8").split())
    assert "ONE-OFF KEY: this bundle was signed with a key made for it alone" in verify_txt
    assert "(the OS keychain is not available)" in verify_txt
    html = (out / bundle.REPORT_HTML).read_text(encoding="utf-8")
    assert "One-off key: made for this report alone" in html


def test_the_same_key_signs_two_exports_with_the_same_fingerprint(tmp_path: Path) -> None:
    prints = set()
    for n in range(2):
        choice = keys.choose_signer(env={})
        out = tmp_path / f"b{n}"
        export_bundle(sample_run(), sample_checklist(), out, choice, pdf=None)
        report = json.loads((out / bundle.REPORT_JSON).read_text(encoding="utf-8"))
        prints.add(report["signing"]["fingerprint"])
        assert not report["signing"]["one_off"]
    assert len(prints) == 1
    assert prints == {keys.amogui_key().fingerprint}


def test_signing_block_is_what_the_verifier_checks(
    bundle_dir: Path, tester_key: keys.SigningKey
) -> None:
    allowed = (bundle_dir / bundle.ALLOWED_SIGNERS).read_text()
    assert allowed.startswith(f'{TESTER} namespaces="{sshsig.NAMESPACE}" ssh-ed25519 AAAA')
    assert tester_key.fingerprint in (bundle_dir / bundle.VERIFY_TXT).read_text()
