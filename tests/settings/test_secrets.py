from __future__ import annotations

import base64
import json

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from amogui.base.redact import REDACTOR
from amogui.settings.profiles import builtin_profiles
from amogui.settings.secrets import (
    SERVICE,
    CredentialsError,
    SecretStore,
    env_credentials,
)
from tests.conftest import MemoryKeyring


def make_jwt(payload: dict[str, object]) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    head = b64(json.dumps({"alg": "HS256"}).encode())
    return f"{head}.{b64(json.dumps(payload).encode())}.{b64(b'signature-bytes')}"


TOKEN_A = make_jwt({"id": 1, "email": "a@example.com", "role": "AGENT"})
TOKEN_B = make_jwt({"id": 2, "email": "b@example.com", "role": "AGENT"})
PASSWORD = "pa:ss-w0rd!-2026"  # long enough to be looked for in free text


def hidden(secret: str) -> bool:
    return secret not in REDACTOR.text(f"value {secret} here")


class RaisingKeyring(KeyringBackend):
    priority = 1

    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc

    def get_password(self, service: str, username: str) -> str | None:
        raise self.exc

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.exc

    def delete_password(self, service: str, username: str) -> None:
        raise self.exc


def use_backend(backend: KeyringBackend) -> None:
    # The autouse memory_keyring fixture restores the previous backend afterwards.
    keyring.set_keyring(backend)


def test_tokens_and_passwords_round_trip_in_the_keychain(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    profile = builtin_profiles()[1]
    store.set_token(profile, "A", f"Bearer {TOKEN_A}\n")
    store.set_token(profile.name, "B", TOKEN_B)
    store.set_password(profile, "A", PASSWORD)
    assert store.persistent and store.warning is None
    assert store.get_token(profile.name, "A") == TOKEN_A
    assert store.get_token(profile, "B") == TOKEN_B
    assert store.get_password(profile, "A") == PASSWORD
    assert store.get_password(profile, "B") is None
    assert store.get_token("Local sandbox", "A") is None  # per profile
    assert {service for service, _ in memory_keyring.store} == {SERVICE}
    assert TOKEN_A in memory_keyring.store.values()
    # A second store (the next session) reads the same keychain.
    assert SecretStore().get_token(profile, "A") == TOKEN_A


def test_every_secret_read_or_stored_is_registered_with_the_redactor(
    memory_keyring: MemoryKeyring,
) -> None:
    SecretStore().set_password("P", "A", PASSWORD)
    assert hidden(PASSWORD)
    REDACTOR.clear()
    memory_keyring.store[(SERVICE, "password:B:P")] = "other-s3cret-value-9"
    assert SecretStore().get_password("P", "B") == "other-s3cret-value-9"
    assert hidden("other-s3cret-value-9")


def test_clear_one_user_or_both(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    for user, token in (("A", TOKEN_A), ("B", TOKEN_B)):
        store.set_token("P", user, token)
        store.set_password("P", user, PASSWORD)
    store.clear("P", "A")
    assert store.get_token("P", "A") is None and store.get_password("P", "A") is None
    assert store.get_token("P", "B") == TOKEN_B
    store.clear("P")
    assert memory_keyring.store == {}
    store.clear("P")  # clearing what is gone is fine


def test_setting_none_or_empty_removes(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.set_token("P", "A", TOKEN_A)
    store.set_token("P", "A", "")
    store.set_password("P", "A", PASSWORD)
    store.set_password("P", "A", None)
    assert memory_keyring.store == {}


def test_unknown_user_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="user must be one of A, B"):
        SecretStore().get_token("P", "C")


@pytest.mark.parametrize(
    "exc",
    [
        keyring.errors.NoKeyringError("No recommended backend was available."),
        keyring.errors.KeyringLocked("the collection is locked"),
        RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown"),
    ],
)
def test_falls_back_to_memory_when_the_keychain_fails(exc: Exception) -> None:
    use_backend(RaisingKeyring(exc))
    store = SecretStore()
    store.set_token("P", "A", TOKEN_A)
    assert not store.persistent
    assert store.warning is not None and "in memory for this session only" in store.warning
    assert store.get_token("P", "A") == TOKEN_A
    assert hidden(TOKEN_A)
    store.set_password("P", "B", PASSWORD)
    assert store.get_password("P", "B") == PASSWORD
    store.clear("P")
    assert store.get_token("P", "A") is None
    # Memory is per session: a new store starts empty.
    assert SecretStore().get_token("P", "A") is None


def test_failing_read_also_falls_back() -> None:
    use_backend(RaisingKeyring(keyring.errors.NoKeyringError("none")))
    store = SecretStore()
    assert store.get_token("P", "A") is None
    assert not store.persistent


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_fail_and_null_backends_are_known_at_once(backend: type[KeyringBackend]) -> None:
    use_backend(backend())
    store = SecretStore()
    assert not store.persistent
    assert store.warning is not None
    store.set_token("P", "A", TOKEN_A)
    assert store.get_token("P", "A") == TOKEN_A


def test_warning_never_repeats_a_secret() -> None:
    REDACTOR.add_secret(PASSWORD)
    use_backend(RaisingKeyring(RuntimeError(f"cannot store {PASSWORD}")))
    store = SecretStore()
    store.set_password("P", "A", PASSWORD)
    assert store.warning is not None and PASSWORD not in store.warning


# -- environment credentials ------------------------------------------------------------


def test_env_tokens_and_logins() -> None:
    creds = env_credentials(
        {
            "AMOGUI_TOKEN_A": f"  Bearer {TOKEN_A} ",
            "AMOGUI_LOGIN_B": f"b@example.com:{PASSWORD}",
        }
    )
    assert set(creds) == {"A", "B"}
    assert creds["A"].token == TOKEN_A and creds["A"].email == "a@example.com"
    assert not creds["A"].is_login and creds["A"].source == "AMOGUI_TOKEN_A"
    assert creds["B"].is_login
    assert (creds["B"].email, creds["B"].password) == ("b@example.com", PASSWORD)
    assert hidden(TOKEN_A) and hidden(PASSWORD)
    assert TOKEN_A not in repr(creds) and PASSWORD not in repr(creds)


def test_env_token_wins_and_empty_values_are_unset() -> None:
    creds = env_credentials(
        {
            "AMOGUI_TOKEN_A": TOKEN_A,
            "AMOGUI_LOGIN_A": "nonsense",
            "AMOGUI_TOKEN_B": "  ",
            "AMOGUI_LOGIN_B": "",
        }
    )
    assert list(creds) == ["A"]
    assert env_credentials({}) == {}


def test_env_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMOGUI_TOKEN_B", TOKEN_B)
    assert env_credentials()["B"].token == TOKEN_B


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"AMOGUI_TOKEN_A": "not-a-jwt"}, "AMOGUI_TOKEN_A is not a JWT: The token has 1 part"),
        ({"AMOGUI_LOGIN_A": "a@example.com"}, "the password is missing"),
        ({"AMOGUI_LOGIN_B": "a@example.com:"}, "AMOGUI_LOGIN_B must be"),
        ({"AMOGUI_LOGIN_B": "alice:secret99"}, "is not an email address"),
    ],
)
def test_env_malformed_values_give_a_sentence(env: dict[str, str], message: str) -> None:
    with pytest.raises(CredentialsError, match=message) as info:
        env_credentials(env)
    assert "secret99" not in str(info.value)


def test_env_reports_every_malformed_variable() -> None:
    with pytest.raises(CredentialsError) as info:
        env_credentials({"AMOGUI_TOKEN_A": "x.y", "AMOGUI_LOGIN_B": "nobody:pw-value"})
    text = str(info.value)
    assert "AMOGUI_TOKEN_A" in text and "AMOGUI_LOGIN_B" in text
    assert "pw-value" not in text
