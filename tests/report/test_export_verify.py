"""The signed bundle end to end: export, ssh-keygen and `amogui verify`, tampering, secrets.

The tester's key is trusted in the default trust file here (as a verifier who pinned it
would have it), so `ok` means intact and trusted; the trust model itself is tested in
test_verify.py."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from amogui.cli import main
from amogui.report import bundle, keys, sshsig
from amogui.report.export import ExportError, export_bundle
from amogui.report.model import Report
from amogui.report.trust import trust_signer
from amogui.report.verify import BundleError, verify_bundle
from tests.report.conftest import keygen_verify
from tests.report.sample import SECRETS, sample_checklist, sample_run

IDENTITY = "tester@example.com"


@pytest.fixture(autouse=True)
def trust_the_tester(signing_key: keys.SigningKey) -> None:
    trust_signer(IDENTITY, signing_key.public_key)


@pytest.fixture
def bundle_dir(qapp: Any, tmp_path: Path, signing_key: keys.SigningKey) -> Path:
    from amogui.report.pdf import render_pdf  # Qt: only the tests that need the PDF

    out = tmp_path / "bundle"
    export_bundle(sample_run(), sample_checklist(), out, signing_key, pdf=render_pdf)
    return out


def keygen_ok(keygen: str, folder: Path, name: str) -> bool:
    done = keygen_verify(
        keygen,
        folder / bundle.ALLOWED_SIGNERS,
        IDENTITY,
        sshsig.NAMESPACE,
        folder / (name + ".sig"),
        folder / name,
    )
    return done.returncode == 0


def flip(path: Path, index: int) -> None:
    data = bytearray(path.read_bytes())
    data[index % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


def test_export_writes_every_file_and_signature(bundle_dir: Path) -> None:
    names = sorted(p.name for p in bundle_dir.iterdir())
    expected = sorted([*bundle.ALL_FILES, *(n + ".sig" for n in bundle.ALL_FILES)])
    assert names == expected
    assert not list(bundle_dir.glob(".*"))  # no temp files left behind


def test_every_file_verifies_with_ssh_keygen(bundle_dir: Path, ssh_keygen: str) -> None:
    for name in bundle.ALL_FILES:
        assert keygen_ok(ssh_keygen, bundle_dir, name), name


def test_amogui_verify_accepts_the_bundle(
    bundle_dir: Path, signing_key: keys.SigningKey, capsys: pytest.CaptureFixture[str]
) -> None:
    result = verify_bundle(bundle_dir)
    assert result.ok, result.failures
    assert result.fingerprint == signing_key.fingerprint
    assert result.trusted_as == IDENTITY == result.claimed
    assert len(result.files) == len(bundle.ALL_FILES)
    assert main(["verify", str(bundle_dir)]) == 0
    out = capsys.readouterr().out
    assert f"signed by {IDENTITY} ({signing_key.fingerprint}), trusted by" in out
    assert "VERIFIED" in out


def test_sha256sum_checks_the_manifest(bundle_dir: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum is not installed")
    subprocess.run(
        ["sha256sum", "--quiet", "-c", "MANIFEST"], cwd=bundle_dir, check=True, timeout=30
    )


@pytest.mark.parametrize("name", bundle.ALL_FILES)
def test_flipping_a_byte_fails_both_verifiers(bundle_dir: Path, ssh_keygen: str, name: str) -> None:
    path = bundle_dir / name
    flip(path, len(path.read_bytes()) // 2)
    result = verify_bundle(bundle_dir)
    assert not result.ok
    assert name in {f.name for f in result.failures} or result.problems
    if name == bundle.ALLOWED_SIGNERS:
        return  # ssh-keygen reads the changed key file itself; checked below
    assert not keygen_ok(ssh_keygen, bundle_dir, name)


def test_flipped_allowed_signers_breaks_ssh_keygen_too(bundle_dir: Path, ssh_keygen: str) -> None:
    path = bundle_dir / bundle.ALLOWED_SIGNERS
    flip(path, len(path.read_bytes()) // 2)
    assert not any(keygen_ok(ssh_keygen, bundle_dir, n) for n in bundle.ALL_FILES)


@pytest.mark.parametrize("name", [n + ".sig" for n in bundle.ALL_FILES])
def test_flipping_any_byte_of_a_signature_fails(bundle_dir: Path, name: str) -> None:
    size = len((bundle_dir / name).read_bytes())
    for index in (0, size // 3, size // 2, size - 2, size - 1):
        pristine = (bundle_dir / name).read_bytes()
        flip(bundle_dir / name, index)
        assert not verify_bundle(bundle_dir).ok, (name, index)
        (bundle_dir / name).write_bytes(pristine)
    assert verify_bundle(bundle_dir).ok


def test_middle_byte_of_a_signature_fails_ssh_keygen(bundle_dir: Path, ssh_keygen: str) -> None:
    for name in bundle.ALL_FILES:
        sig = bundle_dir / (name + ".sig")
        pristine = sig.read_bytes()
        flip(sig, len(pristine) // 2)
        assert not keygen_ok(ssh_keygen, bundle_dir, name), name
        sig.write_bytes(pristine)


def test_swapping_two_signatures_fails_both(bundle_dir: Path, ssh_keygen: str) -> None:
    a, b = bundle_dir / "report.json.sig", bundle_dir / "report.pdf.sig"
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    failed = {f.name for f in verify_bundle(bundle_dir).failures}
    assert {"report.json", "report.pdf"} <= failed
    assert not keygen_ok(ssh_keygen, bundle_dir, "report.json")
    assert not keygen_ok(ssh_keygen, bundle_dir, "report.pdf")


def test_missing_and_added_files_are_named(bundle_dir: Path) -> None:
    (bundle_dir / "junit.xml").unlink()
    (bundle_dir / "notes.txt").write_text("added later")
    (bundle_dir / "extra.sig").write_text("added later")
    failures = {f.name: f.problem for f in verify_bundle(bundle_dir).failures}
    assert failures["junit.xml"].startswith("missing")
    assert failures["notes.txt"].startswith("added")
    assert failures["extra.sig"].startswith("added: a signature")


def test_another_key_is_refused_with_a_trusted_allowed_signers(
    bundle_dir: Path, tmp_path: Path
) -> None:
    other = keys.generate("other@example.com")
    trusted = tmp_path / "trusted_signers"
    entry = sshsig.AllowedSigner(("*@example.com",), other.public_key, (sshsig.NAMESPACE,))
    trusted.write_text(entry.line() + "\n")
    result = verify_bundle(bundle_dir, trusted)
    assert result.intact and not result.trusted and not result.ok
    assert result.trust_sources == [trusted]
    assert str(result.trust_line()).startswith("UNTRUSTED")


def test_cli_exit_codes(bundle_dir: Path, tmp_path: Path) -> None:
    assert main(["verify", str(bundle_dir)]) == 0
    assert main(["verify", str(tmp_path / "nowhere")]) == 2
    assert main(["verify", str(bundle_dir), "--allowed-signers", str(tmp_path / "none")]) == 2
    flip(bundle_dir / "report.html", 100)
    assert main(["verify", str(bundle_dir)]) == 1
    with pytest.raises(BundleError):
        verify_bundle(tmp_path / "nowhere")


def test_empty_folder_and_broken_manifest_fail_cleanly(
    tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not verify_bundle(empty).ok
    export_bundle(sample_run(), sample_checklist(), tmp_path / "b", signing_key, pdf=None)
    manifest = tmp_path / "b" / "MANIFEST"
    bad = "0" * 64 + "  ../../etc/passwd\n"
    manifest.write_text(bad)
    (tmp_path / "b" / "MANIFEST.sig").write_text(signing_key.sign(bad.encode()))
    result = verify_bundle(tmp_path / "b")
    assert not result.ok
    assert "MANIFEST line 1" in result.failures[0].problem


def _all_text(folder: Path) -> dict[str, bytes]:
    out = {p.name: p.read_bytes() for p in folder.iterdir()}
    pdf = folder / "report.pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, check=True, timeout=60
        )
        out["report.pdf (text)"] = text.stdout
    if shutil.which("pdfdetach"):
        target = folder.parent / "embedded.json"
        subprocess.run(
            ["pdfdetach", "-save", "1", "-o", str(target), str(pdf)], check=True, timeout=60
        )
        out["report.pdf (attachment)"] = target.read_bytes()
        target.unlink()
    return out


def test_no_secret_in_any_file_of_the_bundle(bundle_dir: Path) -> None:
    forms = {f.encode() for f in SECRETS.forms()}
    for name, data in _all_text(bundle_dir).items():
        for form in forms:
            assert form not in data, f"a secret form appears in {name}"
        assert (
            b"[REDACTED]" in data
            or name.endswith(".sig")
            or name
            in {
                "signer.pub",
                "allowed_signers",
                "MANIFEST",
                "VERIFY.txt",
                "report.pdf",
            }
        )


def test_bundle_content_is_consistent(bundle_dir: Path, signing_key: keys.SigningKey) -> None:
    report: Report = json.loads((bundle_dir / "report.json").read_text(encoding="utf-8"))
    assert report["signing"]["fingerprint"] == signing_key.fingerprint
    assert report["signing"]["namespace"] == sshsig.NAMESPACE
    verify_txt = (bundle_dir / "VERIFY.txt").read_text()
    assert signing_key.fingerprint in verify_txt
    assert f"-n {sshsig.NAMESPACE} -s report.json.sig < report.json" in verify_txt
    allowed = (bundle_dir / "allowed_signers").read_text()
    assert allowed.startswith(f'{IDENTITY} namespaces="{sshsig.NAMESPACE}" ssh-ed25519 AAAA')
    pub = (bundle_dir / "signer.pub").read_text().split()
    blob = base64.b64decode(pub[1])
    assert sshsig.public_key_from_blob(blob) is not None and pub[2] == IDENTITY


def test_export_refuses_a_folder_with_other_files(
    tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(ExportError, match="choose an empty folder"):
        export_bundle(sample_run(), sample_checklist(), tmp_path, signing_key, pdf=None)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_re_export_replaces_an_earlier_bundle(
    bundle_dir: Path, signing_key: keys.SigningKey
) -> None:
    export_bundle(sample_run(), sample_checklist(), bundle_dir, signing_key, pdf=None)
    assert not (bundle_dir / "report.pdf").exists()
    assert not (bundle_dir / "report.pdf.sig").exists()
    assert verify_bundle(bundle_dir).ok


def test_a_failing_pdf_still_leaves_a_signed_bundle(
    tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    def broken(_report: Report, _attachment: bytes, _attached: object) -> bytes:
        raise RuntimeError("no fonts")

    out = tmp_path / "b"
    written = export_bundle(sample_run(), sample_checklist(), out, signing_key, pdf=broken)
    assert out / "report.json" in written
    assert "report.pdf could not be made (no fonts)" in (out / "VERIFY.txt").read_text()
    assert verify_bundle(out).ok


def test_identity_falls_back_when_the_email_is_unusable(
    tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    run = sample_run()
    run.tester.email = 'bad "email" with spaces'
    export_bundle(run, sample_checklist(), tmp_path / "b", signing_key, pdf=None)
    assert (tmp_path / "b" / "allowed_signers").read_text().startswith("tester@example.com ")
    assert verify_bundle(tmp_path / "b").claimed == "tester@example.com"


# -- attachments ---------------------------------------------------------------------------------


def run_with_attachment(tmp_path: Path) -> Any:
    from amogui.run.attachments import add_attachment

    run = sample_run()
    run.attachments = []
    shot = tmp_path / "consent page.png"
    shot.write_bytes(b"\x89PNG the consent page")
    run.attachments.append(add_attachment(run, "s2.k3", shot))
    return run


def test_attachments_are_in_the_bundle_signed_and_listed(
    qapp: Any, tmp_path: Path, signing_key: keys.SigningKey, ssh_keygen: str
) -> None:
    run = run_with_attachment(tmp_path)
    out = tmp_path / "bundle"
    export_bundle(run, sample_checklist(), out, signing_key, pdf=None)
    name = "attachment-01-consent-page.png"
    assert (out / name).read_bytes() == b"\x89PNG the consent page"
    assert keygen_ok(ssh_keygen, out, name)
    assert verify_bundle(out).ok
    listed = json.loads((out / bundle.REPORT_JSON).read_text(encoding="utf-8"))["attachments"]
    assert listed == [
        {
            "name": "01-consent-page.png",
            "step": "s2.k3",
            "original": "consent page.png",
            "sha256": bundle.sha256(b"\x89PNG the consent page"),
            "file": name,
            "size": 21,
            "image": None,  # not a PNG after all (its bytes say so): linked, not shown
        }
    ]
    assert name in (out / "report.html").read_text(encoding="utf-8")

    flip(out / name, 3)
    failures = {f.name: f.problem for f in verify_bundle(out).failures}
    assert failures == {name: "changed: its SHA-256 differs from MANIFEST"}


def test_an_attachment_whose_copy_changed_is_left_out_and_said_so(
    qapp: Any, tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    run = run_with_attachment(tmp_path)
    Path(run.attachments[0]["path"]).write_bytes(b"something else")
    out = tmp_path / "bundle"
    export_bundle(run, sample_checklist(), out, signing_key, pdf=None)
    assert not list(out.glob("attachment-*"))
    report = json.loads((out / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    assert report["attachments"][0]["file"] is None
    assert "missing: the copy kept with the run" in (out / "report.html").read_text("utf-8")
    assert verify_bundle(out).ok


def test_a_new_export_drops_the_old_bundles_attachments(
    qapp: Any, tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    out = tmp_path / "bundle"
    export_bundle(run_with_attachment(tmp_path), sample_checklist(), out, signing_key, pdf=None)
    assert list(out.glob("attachment-*"))
    export_bundle(sample_run(), sample_checklist(), out, signing_key, pdf=None)  # no attachment
    assert not list(out.glob("attachment-*"))
    assert verify_bundle(out).ok
    (out / "attachment-x.png").write_bytes(b"slipped in")
    assert [f.name for f in verify_bundle(out).failures] == ["attachment-x.png"]
