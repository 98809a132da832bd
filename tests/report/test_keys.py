"""The signing key: amogui's own is stable with or without a keychain; one decision picks
the key from --signing-key, the environment and the settings."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from amogui.base.redact import REDACTOR
from amogui.report import keys
from amogui.settings.store import Settings


@pytest.fixture
def no_keychain() -> None:
    keyring.set_keyring(FailKeyring())  # the conftest fixture restores the memory keyring


def test_amogui_key_lives_in_the_keychain_when_there_is_one() -> None:
    first = keys.amogui_key()
    assert first.source == keys.SOURCE_KEYCHAIN
    assert keys.amogui_key().fingerprint == first.fingerprint
    assert not keys.generated_key_path().exists()


@pytest.mark.usefixtures("no_keychain")
def test_without_a_keychain_amogui_key_is_a_private_file_and_stays_the_same() -> None:
    first = keys.amogui_key()
    path = keys.generated_key_path()
    assert first.source == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert keys.amogui_key().fingerprint == first.fingerprint
    assert keys.signing_key().fingerprint == first.fingerprint
    assert keys.choose_signer(settings=Settings(), env={}).key.fingerprint == first.fingerprint


@pytest.mark.usefixtures("no_keychain")
def test_the_file_key_is_an_openssh_key_ssh_keygen_reads(ssh_keygen: str) -> None:
    key = keys.amogui_key()
    done = subprocess.run(
        [ssh_keygen, "-l", "-f", str(keys.generated_key_path())],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert done.stdout.split()[1] == key.fingerprint


def test_a_key_kept_in_the_file_is_used_even_once_a_keychain_appears() -> None:
    keyring.set_keyring(FailKeyring())
    from_file = keys.amogui_key()
    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    assert keys.amogui_key().fingerprint == from_file.fingerprint


@pytest.mark.usefixtures("no_keychain")
def test_a_key_that_can_be_kept_nowhere_gives_a_one_off_key_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # the data dir would have to be made inside a file
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    with pytest.raises(keys.SigningKeyError, match="neither in the OS keychain nor in"):
        keys.amogui_key()
    assert keys.signing_key(allow_ephemeral=True).source == keys.SOURCE_ONE_OFF
    choice = keys.choose_signer(settings=Settings(), env={})
    assert choice.one_off and "neither in the OS keychain" in choice.one_off_reason


def test_one_off_keys_differ_each_time() -> None:
    assert keys.one_off_key().fingerprint != keys.one_off_key().fingerprint


# -- a key file's public half -------------------------------------------------------------


def test_fingerprint_of_a_protected_key_file_needs_no_passphrase(tmp_path: Path) -> None:
    key = keys.generate("anna@foryou.example")
    path = tmp_path / "id_ed25519"
    keys.write_key_file(key, path, passphrase=b"s3cret-passphrase")
    (tmp_path / "id_ed25519.pub").unlink()  # not even the .pub is needed
    assert keys.key_file_fingerprint(path) == key.fingerprint


def test_fingerprint_of_ssh_keygen_keys(tmp_path: Path, ssh_keygen: str) -> None:
    path = tmp_path / "id_ed25519"
    subprocess.run(
        [ssh_keygen, "-q", "-t", "ed25519", "-N", "pass phrase 1", "-f", str(path)],
        check=True,
        timeout=60,
    )
    shown = subprocess.run(
        [ssh_keygen, "-l", "-f", str(path) + ".pub"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.split()[1]
    assert keys.key_file_fingerprint(path) == shown


@pytest.mark.parametrize("text", ["", "hello", "-----BEGIN OPENSSH PRIVATE KEY-----\n!!\n"])
def test_public_half_of_a_non_key_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "k"
    path.write_text(text)
    with pytest.raises(keys.SigningKeyError, match="not an OpenSSH"):
        keys.public_key_file(path)
    with pytest.raises(keys.SigningKeyError, match="cannot read"):
        keys.public_key_file(tmp_path / "missing")


# -- choose_signer ------------------------------------------------------------------------


def key_file(tmp_path: Path, name: str, passphrase: bytes | None = None) -> tuple[Path, str]:
    key = keys.generate(f"{name}@foryou.example")
    path = tmp_path / name
    keys.write_key_file(key, path, passphrase)
    return path, key.fingerprint


def test_explicit_then_environment_then_settings_then_amogui(tmp_path: Path) -> None:
    explicit, fp_explicit = key_file(tmp_path, "explicit")
    from_env, fp_env = key_file(tmp_path, "env")
    configured, fp_settings = key_file(tmp_path, "settings")
    settings = Settings(signing_key=str(configured))
    env = {keys.ENV_KEY: str(from_env)}
    got = keys.choose_signer(explicit, settings=settings, env=env)
    assert (got.key.fingerprint, got.origin) == (fp_explicit, "--signing-key")
    got = keys.choose_signer(None, settings=settings, env=env)
    assert (got.key.fingerprint, got.origin) == (fp_env, keys.ENV_KEY)
    got = keys.choose_signer(None, settings=settings, env={})
    assert (got.key.fingerprint, got.origin) == (fp_settings, "settings")
    got = keys.choose_signer(None, settings=Settings(), env={})
    assert got.origin == "amogui" and got.key.fingerprint == keys.amogui_key().fingerprint
    assert not got.one_off


def test_a_passphrase_from_the_environment_is_used_and_registered(tmp_path: Path) -> None:
    secret = "env-pa55phrase-42"
    path, fingerprint = key_file(tmp_path, "locked", secret.encode())
    env = {keys.ENV_KEY: str(path), keys.ENV_PASSPHRASE: secret}
    assert keys.choose_signer(env=env, settings=Settings()).key.fingerprint == fingerprint
    assert secret not in REDACTOR.text(f"x {secret} y")


def test_a_named_key_that_cannot_be_used_is_an_error_never_another_key(tmp_path: Path) -> None:
    locked, _ = key_file(tmp_path, "locked", b"right-pa55phrase")
    with pytest.raises(keys.SigningKeyError, match="cannot read"):
        keys.choose_signer(tmp_path / "missing", settings=Settings(), env={})
    with pytest.raises(keys.SigningKeyError, match="protected by a passphrase"):
        keys.choose_signer(None, settings=Settings(), env={keys.ENV_KEY: str(locked)})
    wrong = {keys.ENV_KEY: str(locked), keys.ENV_PASSPHRASE: "wrong-pa55phrase"}
    with pytest.raises(keys.SigningKeyError, match="is wrong"):
        keys.choose_signer(None, settings=Settings(), env=wrong)


def test_an_unusable_settings_key_signs_one_off_only_when_allowed(tmp_path: Path) -> None:
    settings = Settings(signing_key=str(tmp_path / "gone"))
    choice = keys.choose_signer(settings=settings, env={})
    assert choice.one_off and "cannot read" in choice.one_off_reason
    with pytest.raises(keys.SigningKeyError, match="cannot read"):
        keys.choose_signer(settings=settings, env={}, one_off_when_unusable=False)


def test_the_window_asks_for_a_settings_key_passphrase(tmp_path: Path) -> None:
    path, fingerprint = key_file(tmp_path, "asked", b"asked-pa55phrase")
    asked: list[Path] = []

    def ask(where: Path) -> str:
        asked.append(where)
        return "asked-pa55phrase"

    choice = keys.choose_signer(settings=Settings(signing_key=str(path)), env={}, passphrase=ask)
    assert choice.key.fingerprint == fingerprint and asked == [path]


@pytest.mark.parametrize("keychain", [True, False])
def test_many_threads_asking_at_once_get_one_key(keychain: bool) -> None:
    from concurrent.futures import ThreadPoolExecutor

    if not keychain:
        keyring.set_keyring(FailKeyring())
    with ThreadPoolExecutor(max_workers=8) as pool:
        prints = set(pool.map(lambda _n: keys.amogui_key().fingerprint, range(16)))
    assert len(prints) == 1
    assert prints == {keys.amogui_key().fingerprint}


@pytest.mark.usefixtures("no_keychain")
def test_a_key_file_another_process_made_first_is_the_one_used() -> None:
    theirs = keys.generate("x")
    keys.write_key_file(theirs, keys.generated_key_path())
    mine = keys.generate("y")
    used = keys._create_file_key(mine, keys.generated_key_path(), "c")
    assert used.fingerprint == theirs.fingerprint != mine.fingerprint
    assert not list(keys.generated_key_path().parent.glob(".*"))  # no temp file left
