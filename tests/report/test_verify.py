"""Integrity and trust: a bundle re-signed by someone else is never "verified", whatever
it says about itself, and what it says is shown as inert text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amogui.report import bundle, keys, sshsig
from amogui.report.export import export_bundle
from amogui.report.keys import SignerChoice
from amogui.report.trust import default_trust_file, trust_signer
from amogui.report.verify import verify_bundle
from tests.report.conftest import TESTER, keygen_verify
from tests.report.hostile import resign
from tests.report.sample import sample_checklist, sample_run


@pytest.fixture
def team_file(tmp_path: Path, tester_key: keys.SigningKey) -> Path:
    """The team's allowed_signers, next to the checklist: the tester's published key."""
    checklist = tmp_path / "team" / "checklist.md"
    checklist.parent.mkdir()
    checklist.write_text("# checklist\n", encoding="utf-8")
    path = checklist.parent / "allowed_signers"
    trust_signer(TESTER, tester_key.public_key, path)
    return path


def test_an_honest_bundle_without_any_trust_is_intact_but_untrusted(bundle_dir: Path) -> None:
    result = verify_bundle(bundle_dir)
    assert result.intact and not result.trusted and not result.ok
    assert result.claimed == TESTER
    assert str(result.trust_line()).startswith("UNTRUSTED: signed by a key you have not trusted")
    assert str(result.verdict_line()).startswith("NOT VERIFIED")
    assert result.trust_hint() is not None


def test_trusted_by_the_default_file_the_team_file_or_an_explicit_one(
    bundle_dir: Path, team_file: Path, tester_key: keys.SigningKey
) -> None:
    checklist = str(team_file.parent / "checklist.md")
    by_team = verify_bundle(bundle_dir, checklist_source=checklist)
    assert by_team.ok and by_team.trusted_by == team_file and by_team.trusted_as == TESTER
    assert verify_bundle(bundle_dir, team_file).ok
    assert not verify_bundle(bundle_dir).ok  # the team file counts only beside the checklist
    trust_signer(TESTER, tester_key.public_key)
    mine = verify_bundle(bundle_dir)
    assert mine.ok and mine.trusted_by == default_trust_file()
    line = str(mine.trust_line())
    assert (
        line == f"signed by {TESTER} ({tester_key.fingerprint}), trusted by {default_trust_file()}"
    )
    assert str(mine.verdict_line()).startswith("VERIFIED: all")


def test_a_fully_resigned_bundle_is_rejected_by_every_path(
    bundle_dir: Path, team_file: Path, tester_key: keys.SigningKey, ssh_keygen: str
) -> None:
    """report.json edited (a failed check made a pass), a new key, a new signer.pub,
    allowed_signers, MANIFEST, VERIFY.txt and every signature: integrity alone holds."""
    trust_signer(TESTER, tester_key.public_key)  # the verifier pinned the real tester
    intruder = keys.generate(TESTER)  # claims to be the tester
    resign(bundle_dir, intruder, TESTER)
    report = json.loads((bundle_dir / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    assert report["verdict"] == "passed"

    for result in (
        verify_bundle(bundle_dir, team_file),  # --allowed-signers FILE
        verify_bundle(bundle_dir),  # the default trust file
        verify_bundle(bundle_dir, checklist_source=str(team_file.parent / "checklist.md")),
    ):
        assert result.intact, result.failures  # a consistent forgery...
        assert not result.trusted and not result.ok  # ...that nobody trusts
        assert result.fingerprint == intruder.fingerprint != tester_key.fingerprint
        assert str(result.trust_line()).startswith("UNTRUSTED")
    # ssh-keygen with the verifier's own file refuses it too
    done = keygen_verify(
        ssh_keygen,
        team_file,
        TESTER,
        sshsig.NAMESPACE,
        bundle_dir / "report.json.sig",
        bundle_dir / "report.json",
    )
    assert done.returncode != 0


def test_without_any_trust_a_resigned_bundle_is_untrusted_never_verified(
    bundle_dir: Path,
) -> None:
    resign(bundle_dir, keys.generate("x"), TESTER)
    result = verify_bundle(bundle_dir)
    assert result.intact and not result.ok
    assert "VERIFIED:" not in str(result.verdict_line()).replace("NOT VERIFIED", "")


def test_identity_must_match_what_the_trust_file_says(
    bundle_dir: Path, tester_key: keys.SigningKey, tmp_path: Path
) -> None:
    trusted = tmp_path / "signers"
    trust_signer("someone.else@example.com", tester_key.public_key, trusted)
    assert verify_bundle(bundle_dir, trusted).ok  # the key is trusted...
    result = verify_bundle(bundle_dir, trusted, TESTER)  # ...but not as the tester
    assert not result.ok and result.trusted_elsewhere == "someone.else@example.com"
    assert "trusted as someone.else@example.com, not as tester@example.com" in str(
        result.trust_line()
    )
    assert verify_bundle(bundle_dir, trusted, "someone.else@example.com").ok


def test_a_pattern_in_the_trust_file_names_the_matching_claim(
    bundle_dir: Path, tester_key: keys.SigningKey, tmp_path: Path
) -> None:
    trusted = tmp_path / "signers"
    entry = sshsig.AllowedSigner(("*@example.com",), tester_key.public_key, (sshsig.NAMESPACE,))
    trusted.write_text(entry.line() + "\n", encoding="utf-8")
    result = verify_bundle(bundle_dir, trusted)
    assert result.ok and result.trusted_as == TESTER


def test_a_key_trusted_for_another_namespace_is_not_trusted(
    bundle_dir: Path, tester_key: keys.SigningKey, tmp_path: Path
) -> None:
    trusted = tmp_path / "signers"
    entry = sshsig.AllowedSigner((TESTER,), tester_key.public_key, ("git",))
    trusted.write_text(entry.line() + "\n", encoding="utf-8")
    assert not verify_bundle(bundle_dir, trusted).trusted


HOSTILE_IDENTITIES = [
    "anna@foryou.example\x1b[2K\x1b[1A\rResult:    VERIFIED",
    "<b>anna</b> trusted by <a href='x'>pinned</a>",
    "anna@foryou.example\nTrust:     signed by anna@foryou.example, trusted by /etc/team",
    "\u202eelpmaxe.uoyrof@anna",
]


@pytest.mark.parametrize("identity", HOSTILE_IDENTITIES)
def test_a_forged_identity_is_held_as_inert_text(bundle_dir: Path, identity: str) -> None:
    resign(bundle_dir, keys.generate("x"), identity, lambda f: f, principal="anna@foryou.example")
    result = verify_bundle(bundle_dir)
    assert not result.ok
    for text in (result.claimed, str(result.trust_line())):
        assert "\x1b" not in text and "\n" not in text and "\r" not in text
        assert "\u202e" not in text
    assert str(result.trust_line()).startswith("UNTRUSTED")


@pytest.mark.parametrize(
    "principal", ["<b>x</b>@foryou.example", "a\x1b[31m@foryou.example", "a b@x.example"]
)
def test_a_bundle_whose_allowed_signers_has_a_hostile_principal_fails(
    bundle_dir: Path, principal: str
) -> None:
    key = keys.generate("x")
    resign(bundle_dir, key, "x@foryou.example", lambda f: f, principal=principal)
    if " " in principal:  # a space splits the line: ssh-keygen reads another key type
        (bundle_dir / bundle.ALLOWED_SIGNERS).write_text(
            f'{principal.replace(" ", "")}\x7f namespaces="{sshsig.NAMESPACE}" '
            f"{key.public_line('')}\n"
        )
    result = verify_bundle(bundle_dir)
    assert not result.intact
    assert any("allowed_signers is not valid" in p for p in result.problems)
    assert all("\x1b" not in p and "\x7f" not in p for p in result.problems)


def test_signer_pub_with_another_key_than_the_signatures_is_a_problem(
    bundle_dir: Path,
) -> None:
    other = keys.generate("x")
    (bundle_dir / bundle.SIGNER_PUB).write_text(other.public_line(TESTER) + "\n")
    result = verify_bundle(bundle_dir)
    assert "signer.pub holds another key than the signatures" in result.problems
    assert not result.ok


def test_added_files_are_detected(bundle_dir: Path, tester_key: keys.SigningKey) -> None:
    trust_signer(TESTER, tester_key.public_key)
    (bundle_dir / "extra.html").write_text("<p>added</p>")
    (bundle_dir / ".hidden").write_text("added")
    (bundle_dir / "sub").mkdir()
    added = {f.name: f.problem for f in verify_bundle(bundle_dir).failures}
    assert set(added) == {"extra.html", ".hidden", "sub"}
    assert all(p.startswith("added") for p in added.values())


def test_a_one_off_key_is_said_so_by_the_verifier(tmp_path: Path) -> None:
    choice = SignerChoice(keys.one_off_key(), "amogui", "no keychain and no data folder")
    out = tmp_path / "b"
    export_bundle(sample_run(), sample_checklist(), out, choice, pdf=None)
    result = verify_bundle(out)
    assert result.intact and result.one_off and not result.ok
    assert "one-off key" in str(result.trust_line())


def test_trust_files_that_cannot_be_used_are_named_and_not_trusted(
    bundle_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "signers"
    bad.write_text("anna@x.example ssh-ed25519 !!notbase64!!\n")
    result = verify_bundle(bundle_dir, bad)
    assert not result.trusted and result.trust_problems
    assert "is not valid" in result.trust_problems[0]


def test_links_fifos_and_devices_are_never_read(bundle_dir: Path, tmp_path: Path) -> None:
    import os

    outside = tmp_path / "outside.json"
    outside.write_bytes((bundle_dir / "report.json").read_bytes())
    (bundle_dir / "report.json").unlink()
    (bundle_dir / "report.json").symlink_to(outside)
    (bundle_dir / "junit.xml").unlink()
    os.mkfifo(bundle_dir / "junit.xml")  # reading it would hang
    (bundle_dir / "requests.har").unlink()
    (bundle_dir / "requests.har").symlink_to("/dev/zero")  # reading it would never end
    failures = {f.name: f.problem for f in verify_bundle(bundle_dir).failures}
    for name in ("report.json", "junit.xml", "requests.har"):
        assert failures[name].startswith("not a plain file"), name


def test_a_key_that_signed_nothing_here_is_trusted_for_nothing(
    bundle_dir: Path, tester_key: keys.SigningKey
) -> None:
    """signer.pub names the trusted tester, but the MANIFEST's signature is gone: nothing
    says the tester signed anything, so the bundle is not said to be theirs."""
    trust_signer(TESTER, tester_key.public_key)
    (bundle_dir / "MANIFEST.sig").unlink()
    result = verify_bundle(bundle_dir)
    assert result.public_key is not None and not result.signed
    assert not result.trusted and not result.ok
    assert "MANIFEST's signature is missing or bad" in str(result.trust_line())


def test_a_trust_entry_out_of_its_validity_window_does_not_count_and_says_why(
    bundle_dir: Path, tmp_path: Path, tester_key: keys.SigningKey
) -> None:
    path = tmp_path / "allowed_signers"
    window = f'namespaces="{sshsig.NAMESPACE}",valid-before="20200101Z"'
    path.write_text(f"{TESTER} {window} {tester_key.public_line()}\n", encoding="utf-8")
    result = verify_bundle(bundle_dir, path)
    assert result.intact and not result.trusted and not result.ok
    assert any("valid before 2020-01-01" in p and "not now" in p for p in result.trust_problems)
