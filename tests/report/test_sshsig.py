"""SSHSIG: byte-compatible with ssh-keygen in both directions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from amogui.report import keys, sshsig
from tests.report.conftest import keygen_verify

NS = sshsig.NAMESPACE


def allowed_file(
    tmp_path: Path, key: keys.SigningKey, identity: str = "tester@example.com"
) -> Path:
    path = tmp_path / "allowed_signers"
    line = sshsig.AllowedSigner((identity,), key.public_key, (NS,)).line()
    path.write_text(line + "\n", encoding="utf-8")
    return path


def test_our_signature_verifies_with_ssh_keygen(
    tmp_path: Path, ssh_keygen: str, signing_key: keys.SigningKey
) -> None:
    data = tmp_path / "report.json"
    data.write_bytes('{"verdict": "passed", "ім\'я": "тест"}\n'.encode())
    sig = tmp_path / "report.json.sig"
    sig.write_text(signing_key.sign(data.read_bytes()), encoding="ascii")
    allowed = allowed_file(tmp_path, signing_key)
    done = keygen_verify(ssh_keygen, allowed, "tester@example.com", NS, sig, data)
    assert done.returncode == 0, done.stderr
    assert f'Good "{NS}" signature for tester@example.com' in done.stdout + done.stderr


def test_ssh_keygen_signature_verifies_with_ours_and_is_byte_identical(
    tmp_path: Path, ssh_keygen: str, signing_key: keys.SigningKey
) -> None:
    key_path = tmp_path / "id_ed25519"
    keys.write_key_file(signing_key, key_path)
    data = tmp_path / "junit.xml"
    data.write_bytes(b"<testsuites/>\n" * 100)
    subprocess.run(
        [ssh_keygen, "-Y", "sign", "-f", str(key_path), "-n", NS, str(data)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    theirs = (tmp_path / "junit.xml.sig").read_text(encoding="ascii")
    allowed = sshsig.parse_allowed_signers(allowed_file(tmp_path, signing_key).read_text())
    verified = sshsig.verify(data.read_bytes(), theirs, allowed, NS, "tester@example.com")
    assert verified.fingerprint == signing_key.fingerprint
    assert verified.identity == "tester@example.com"
    # Ed25519 is deterministic: the same key, data and namespace give the same bytes.
    assert signing_key.sign(data.read_bytes()) == theirs


def test_passphrase_protected_key_signs_like_ssh_keygen(
    tmp_path: Path, ssh_keygen: str, signing_key: keys.SigningKey
) -> None:
    key_path = tmp_path / "id_ed25519"
    keys.write_key_file(signing_key, key_path, passphrase=b"correct horse")
    asked: list[Path] = []

    def ask(path: Path) -> str:
        asked.append(path)
        return "correct horse"

    loaded = keys.load_key_file(key_path, ask)
    assert asked == [key_path]
    assert loaded.fingerprint == signing_key.fingerprint
    assert loaded.comment == "tester@example.com"
    data = tmp_path / "data"
    data.write_bytes(b"x")
    subprocess.run(
        [ssh_keygen, "-Y", "sign", "-f", str(key_path), "-n", NS, "-P", "correct horse", str(data)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    assert (tmp_path / "data.sig").read_text() == loaded.sign(b"x")


def test_fingerprint_matches_ssh_keygen(
    tmp_path: Path, ssh_keygen: str, signing_key: keys.SigningKey
) -> None:
    key_path = tmp_path / "id_ed25519"
    keys.write_key_file(signing_key, key_path)
    done = subprocess.run(
        [ssh_keygen, "-l", "-f", str(key_path) + ".pub"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert done.stdout.split()[1] == signing_key.fingerprint


def test_verify_rejects_changed_data(signing_key: keys.SigningKey) -> None:
    armored = signing_key.sign(b"original")
    with pytest.raises(sshsig.SignatureError, match="does not match"):
        sshsig.verify(b"origina1", armored, [signing_key.public_key])


def test_verify_rejects_other_namespace(signing_key: keys.SigningKey) -> None:
    armored = signing_key.sign(b"data", namespace="git")
    with pytest.raises(sshsig.SignatureError, match="namespace"):
        sshsig.verify(b"data", armored, [signing_key.public_key])


def test_verify_rejects_unknown_key(signing_key: keys.SigningKey) -> None:
    other = keys.generate("other")
    with pytest.raises(sshsig.SignatureError, match="not an allowed signer"):
        sshsig.verify(b"d", signing_key.sign(b"d"), [other.public_key])


def test_verify_honours_identity_and_namespaces_of_allowed_signers(
    signing_key: keys.SigningKey,
) -> None:
    text = (
        "# team keys\n"
        f'*@example.com namespaces="{NS}" {signing_key.public_line()}\n'
        f'other@example.com namespaces="git" {signing_key.public_line()}\n'
    )
    allowed = sshsig.parse_allowed_signers(text)
    armored = signing_key.sign(b"d")
    assert sshsig.verify(b"d", armored, allowed, NS, "a@example.com").identity == "a@example.com"
    with pytest.raises(sshsig.SignatureError):
        sshsig.verify(b"d", armored, allowed, NS, "someone@elsewhere.org")


@pytest.mark.parametrize(
    "armored",
    [
        "",
        "garbage",
        "-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n",
        "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
        "-----BEGIN SSH SIGNATURE-----\nQUJDREVGAAAAAQ==\n-----END SSH SIGNATURE-----\n",
    ],
)
def test_malformed_signatures_raise_one_clear_error(armored: str) -> None:
    with pytest.raises(sshsig.SignatureError):
        sshsig.verify(b"d", armored, [])


def test_keychain_key_is_created_once_and_reused() -> None:
    first = keys.keychain_key()
    second = keys.keychain_key(create=False)
    assert first.fingerprint == second.fingerprint
    assert first.source == "keychain"
    assert "PRIVATE" not in repr(first)
    keys.delete_keychain_key()
    with pytest.raises(keys.SigningKeyError, match="no signing key"):
        keys.keychain_key(create=False)


def test_wrong_passphrase_and_cancel_are_clear_errors(
    tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    key_path = tmp_path / "id"
    keys.write_key_file(signing_key, key_path, passphrase=b"right")
    with pytest.raises(keys.SigningKeyError, match=r"passphrase .* is wrong"):
        keys.load_key_file(key_path, lambda _p: "wrong")
    with pytest.raises(keys.SigningKeyError, match="no passphrase"):
        keys.load_key_file(key_path, lambda _p: None)
    with pytest.raises(keys.SigningKeyError, match="protected by a passphrase"):
        keys.load_key_file(key_path)


def test_non_keys_are_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "notakey"
    bad.write_text("hello")
    with pytest.raises(keys.SigningKeyError, match="not an OpenSSH private key"):
        keys.load_key_file(bad)
    with pytest.raises(keys.SigningKeyError, match="cannot read"):
        keys.load_key_file(tmp_path / "missing")


def test_rsa_key_is_refused(tmp_path: Path, ssh_keygen: str) -> None:
    path = tmp_path / "rsa"
    subprocess.run(
        [ssh_keygen, "-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", str(path)],
        check=True,
        timeout=60,
    )
    with pytest.raises(keys.SigningKeyError, match="not an Ed25519 key"):
        keys.load_key_file(path)


def test_signing_key_prefers_a_chosen_file_then_the_keychain(
    tmp_path: Path, signing_key: keys.SigningKey
) -> None:
    path = tmp_path / "id_ed25519"
    keys.write_key_file(signing_key, path)
    assert keys.signing_key(path).fingerprint == signing_key.fingerprint
    from_keychain = keys.signing_key()
    assert from_keychain.source == "keychain"
    assert keys.signing_key().fingerprint == from_keychain.fingerprint


@pytest.mark.parametrize(
    ("window", "counts"),
    [
        ('valid-before="20200101"', False),  # expired
        ('valid-after="29990101Z"', False),  # not yet
        ('valid-after="20200101",valid-before="29991231235959Z"', True),
    ],
)
def test_the_validity_window_of_an_allowed_signer_counts_as_for_ssh_keygen(
    tmp_path: Path, ssh_keygen: str, signing_key: keys.SigningKey, window: str, counts: bool
) -> None:
    line = f'tester@example.com namespaces="{NS}",{window} {signing_key.public_line()}\n'
    path = tmp_path / "allowed_signers"
    path.write_text(line, encoding="utf-8")
    data = tmp_path / "report.json"
    data.write_bytes(b"{}\n")
    sig = tmp_path / "report.json.sig"
    sig.write_text(signing_key.sign(data.read_bytes()), encoding="ascii")
    theirs = keygen_verify(ssh_keygen, path, "tester@example.com", NS, sig, data)
    allowed = sshsig.parse_allowed_signers(line)
    try:
        sshsig.verify(data.read_bytes(), sig.read_text(), allowed, NS, "tester@example.com")
        ours = True
    except sshsig.SignatureError:
        ours = False
    assert ours is counts
    assert (theirs.returncode == 0) is counts, theirs.stderr


def test_allowed_signer_times_are_read_and_written_as_openssh_does(
    signing_key: keys.SigningKey,
) -> None:
    from datetime import UTC, datetime

    assert sshsig.parse_time("20260102Z") == datetime(2026, 1, 2, tzinfo=UTC)
    assert sshsig.parse_time("202601021530Z") == datetime(2026, 1, 2, 15, 30, tzinfo=UTC)
    assert sshsig.parse_time("20260102153045z") == datetime(2026, 1, 2, 15, 30, 45, tzinfo=UTC)
    assert sshsig.parse_time("20260102").tzinfo is not None  # local time, made aware
    for bad in ("2026", "2026-01-02", "20261340Z", "", "Z", "２０２６０１０２"):
        with pytest.raises(sshsig.SignatureError):
            sshsig.parse_time(bad)
    entry = sshsig.AllowedSigner(
        ("a@example.com",),
        signing_key.public_key,
        (NS,),
        valid_before=datetime(2030, 6, 1, tzinfo=UTC),
    )
    (again,) = sshsig.parse_allowed_signers(entry.line())
    assert again == entry
    assert entry.valid_at(datetime(2030, 5, 31, tzinfo=UTC))
    assert not entry.valid_at(datetime(2030, 6, 1, tzinfo=UTC))
    with pytest.raises(sshsig.SignatureError, match="line 1"):
        sshsig.parse_allowed_signers(f'a@x valid-after="soon" {signing_key.public_line()}')
