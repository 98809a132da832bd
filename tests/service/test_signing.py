"""One decision for the report's key and tester: arguments, then environment, then settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from amogui.report.keys import generate, keychain_key, write_key_file
from amogui.service.signing import (
    ENV_KEY,
    ENV_PASSPHRASE,
    ENV_TESTER,
    SigningError,
    check_key_file,
    choose_signing,
    load_signer,
    parse_tester,
)
from amogui.settings.store import Settings


def test_argument_beats_environment_beats_settings(tmp_path: Path) -> None:
    settings = Settings(signing_key=str(tmp_path / "settings_key"), tester_name="S")
    env = {ENV_KEY: str(tmp_path / "env_key")}
    chosen = choose_signing(key_arg=str(tmp_path / "arg_key"), settings=settings, env=env)
    assert (chosen.key_file, chosen.key_source) == (tmp_path / "arg_key", "--signing-key")
    chosen = choose_signing(settings=settings, env=env)
    assert (chosen.key_file, chosen.key_source) == (tmp_path / "env_key", ENV_KEY)
    chosen = choose_signing(settings=settings, env={})
    assert (chosen.key_file, chosen.key_source) == (tmp_path / "settings_key", "settings")
    chosen = choose_signing(settings=Settings(), env={})
    assert (chosen.key_file, chosen.key_source) == (None, "keychain")


def test_tester_from_argument_environment_or_settings() -> None:
    settings = Settings(tester_name="Set Tings", tester_email="s@example.org", tester_role="QA")
    got = choose_signing(tester_arg="Ann Example <ann@example.org>", settings=settings, env={})
    assert (got.tester.name, got.tester.email, got.tester_source) == (
        "Ann Example",
        "ann@example.org",
        "--tester",
    )
    got = choose_signing(settings=settings, env={ENV_TESTER: "<env@example.org>"})
    assert (got.tester.email, got.tester_source) == ("env@example.org", ENV_TESTER)
    got = choose_signing(settings=settings, env={})
    assert (got.tester.role, got.tester_source) == ("QA", "settings")
    assert choose_signing(settings=Settings(), env={}).tester_source == ""


@pytest.mark.parametrize("text", ["Ann", "Ann <ann>", "<a@b> trailing", ""])
def test_a_malformed_tester_is_one_sentence(text: str) -> None:
    with pytest.raises(SigningError, match="Name <email>"):
        parse_tester(text)


def test_a_missing_key_file_is_refused_early(tmp_path: Path) -> None:
    choice = choose_signing(key_arg=str(tmp_path / "nope"), env={})
    with pytest.raises(SigningError, match="is not a file"):
        check_key_file(choice)


def test_a_key_file_that_cannot_sign_without_asking_is_refused_early(tmp_path: Path) -> None:
    """`amogui run` cannot ask for a passphrase: a protected key without (or with a wrong)
    AMOGUI_SIGNING_KEY_PASSPHRASE, or a file that is no key, stops the run before it starts."""
    path = tmp_path / "id_ed25519"
    write_key_file(generate(), path, passphrase=b"right-pa55phrase")
    with pytest.raises(SigningError, match=f"protected by a passphrase.*{ENV_PASSPHRASE}"):
        check_key_file(choose_signing(key_arg=str(path), env={}))
    wrong = {ENV_PASSPHRASE: "wrong-pa55phrase"}
    with pytest.raises(SigningError, match="is wrong"):
        check_key_file(choose_signing(key_arg=str(path), env=wrong))
    check_key_file(choose_signing(key_arg=str(path), env={ENV_PASSPHRASE: "right-pa55phrase"}))
    (tmp_path / "junk").write_text("not a key")
    with pytest.raises(SigningError, match="not an OpenSSH private key"):
        check_key_file(choose_signing(key_arg=str(tmp_path / "junk"), env={}))


def test_a_tester_is_held_to_a_plain_signing_identity() -> None:
    for hostile in ("Ann <ann@x.example,eve@x.example>", "Ann\x1b[2J <ann@x.example>"):
        with pytest.raises(SigningError, match="Name <email>"):
            parse_tester(hostile)


def test_the_keychain_key_is_made_once_and_kept() -> None:
    choice = choose_signing(settings=Settings(), env={})
    first, note = load_signer(choice)
    again, _ = load_signer(choice)
    assert note is None and not first.one_off
    assert first.key.fingerprint == again.key.fingerprint == keychain_key().fingerprint


def test_a_protected_key_takes_the_environment_passphrase(tmp_path: Path) -> None:
    key = generate("tester key")
    path = tmp_path / "id_ed25519"
    write_key_file(key, path, passphrase=b"open sesame")
    choice = choose_signing(env={ENV_KEY: str(path), ENV_PASSPHRASE: "open sesame"})
    assert "open sesame" not in repr(choice)
    loaded, note = load_signer(choice, ask=lambda _p: pytest.fail("must not ask"))
    assert note is None and loaded.key.fingerprint == key.fingerprint


def test_a_key_that_cannot_be_had_signs_with_a_one_time_key_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "id_ed25519"
    write_key_file(generate(), path, passphrase=b"secret words")
    asked: list[Path] = []

    def cancel(p: Path) -> None:
        asked.append(p)

    loaded, note = load_signer(choose_signing(key_arg=str(path), env={}), ask=cancel)
    assert asked == [path]
    assert loaded.one_off and "no passphrase" in loaded.one_off_reason
    assert note is not None and "one-time key" in str(note) and "no passphrase" in str(note)
