"""The report signing key: the tester's own OpenSSH Ed25519 key, or one amogui keeps.

- `load_key_file`: an existing OpenSSH private key (``~/.ssh/id_ed25519``). A passphrase
  is asked through a callback each time and never stored; passphrase-protected keys
  need `bcrypt` (a dependency).
- `keychain_key`: a key amogui generates once and keeps in the OS keychain (keyring
  service ``amogui``, entry ``report-signing-key``), as an unencrypted OpenSSH private
  key: the keychain is what protects it.

Either way the fingerprint is shown as ``ssh-keygen -l`` prints it (``SHA256:...``), so the
tester can publish it and recipients can pin it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_ssh_private_key,
)

from amogui.report import sshsig

KEYRING_SERVICE = "amogui"
KEYRING_ENTRY = "report-signing-key"
DEFAULT_COMMENT = "amogui report signing key"

#: Asked for a key file's passphrase; returns None when the tester cancels.
PassphraseCallback = Callable[[Path], "str | bytes | None"]


class SigningKeyError(Exception):
    """A signing key that cannot be loaded, with one sentence saying why."""


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    comment: str  # the identity shown in allowed_signers and VERIFY.txt
    source: str  # "keychain" or the key file's path

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def fingerprint(self) -> str:
        return sshsig.fingerprint(self.public_key)

    def public_line(self, comment: str | None = None) -> str:
        return sshsig.openssh_public_line(
            self.public_key, self.comment if comment is None else comment
        )

    def sign(self, data: bytes, namespace: str = sshsig.NAMESPACE) -> str:
        return sshsig.sign(data, self.private_key, namespace)

    def __repr__(self) -> str:  # never show key material
        return f"SigningKey({self.fingerprint}, source={self.source!r})"


def generate(comment: str = DEFAULT_COMMENT) -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate(), comment, "generated")


def private_openssh(key: Ed25519PrivateKey, passphrase: bytes | None = None) -> bytes:
    encryption = BestAvailableEncryption(passphrase) if passphrase else NoEncryption()
    return key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, encryption)


def write_key_file(key: SigningKey, path: Path, passphrase: bytes | None = None) -> None:
    """Write the key as OpenSSH files ``path`` (mode 0600) and ``path.pub``, like ssh-keygen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_openssh(key.private_key, passphrase))
    path.with_name(path.name + ".pub").write_text(key.public_line() + "\n", encoding="utf-8")


def _comment_of(path: Path) -> str:
    pub = path.with_name(path.name + ".pub")
    try:
        parts = pub.read_text(encoding="utf-8").split(maxsplit=2)
    except (OSError, UnicodeDecodeError):
        return path.name
    return parts[2].strip() if len(parts) == 3 else path.name


def _load(data: bytes, password: bytes | None) -> Ed25519PrivateKey:
    key = load_ssh_private_key(data, password=password)
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError("the key is not an Ed25519 key; report signatures use ssh-ed25519")
    return key


def load_key_file(path: Path, passphrase: PassphraseCallback | None = None) -> SigningKey:
    """Load an OpenSSH Ed25519 private key; ask ``passphrase(path)`` only if it is encrypted."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"cannot read the key file {path}: {exc.strerror or exc}") from exc
    try:
        key = _load(data, None)
    except TypeError:
        key = _load_encrypted(path, data, passphrase)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SigningKeyError(f"{path} is not an OpenSSH private key") from exc
    return SigningKey(key, _comment_of(path), str(path))


def _load_encrypted(
    path: Path, data: bytes, passphrase: PassphraseCallback | None
) -> Ed25519PrivateKey:
    if passphrase is None:
        raise SigningKeyError(f"{path} is protected by a passphrase and none can be asked")
    answer = passphrase(path)
    if answer is None:
        raise SigningKeyError("no passphrase was given, so the report cannot be signed")
    secret = answer.encode() if isinstance(answer, str) else answer
    try:
        return _load(data, secret)
    except ValueError as exc:
        raise SigningKeyError(f"the passphrase for {path} is wrong") from exc
    except UnsupportedAlgorithm as exc:
        raise SigningKeyError(f"{path} uses an encryption this system cannot read") from exc


def keychain_key(create: bool = True, comment: str = DEFAULT_COMMENT) -> SigningKey:
    """The key amogui keeps in the OS keychain; generated and stored on first use."""
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_ENTRY)
    except (KeyringError, RuntimeError) as exc:
        raise SigningKeyError(f"the OS keychain is not available: {exc}") from exc
    if stored:
        try:
            return SigningKey(_load(stored.encode(), None), comment, "keychain")
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise SigningKeyError("the signing key in the OS keychain is damaged") from exc
    if not create:
        raise SigningKeyError("amogui has no signing key in the OS keychain yet")
    key = generate(comment)
    pem = private_openssh(key.private_key).decode("ascii")
    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_ENTRY, pem)
    except (KeyringError, RuntimeError) as exc:
        raise SigningKeyError(f"cannot store the signing key in the OS keychain: {exc}") from exc
    return SigningKey(key.private_key, comment, "keychain")


def delete_keychain_key() -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, KEYRING_ENTRY)
    except PasswordDeleteError:
        return
    except (KeyringError, RuntimeError) as exc:
        raise SigningKeyError(f"the OS keychain is not available: {exc}") from exc


def signing_key(
    path: Path | None = None,
    passphrase: PassphraseCallback | None = None,
    *,
    allow_ephemeral: bool = False,
) -> SigningKey:
    """The key a bundle is signed with: the key file at ``path`` when one was chosen, else
    the keychain key (created on first use).

    With ``allow_ephemeral`` a machine with no usable keychain still gets a signed bundle,
    from a one-off key (source "ephemeral"): its fingerprint is in VERIFY.txt but nobody
    can have published it, so it proves integrity, not authorship.
    """
    if path is not None:
        return load_key_file(path, passphrase)
    try:
        return keychain_key()
    except SigningKeyError:
        if not allow_ephemeral:
            raise
        key = generate()
        return SigningKey(key.private_key, key.comment, "ephemeral")
