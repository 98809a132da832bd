"""The report signing key: the tester's own OpenSSH Ed25519 key, or one amogui keeps.

- `load_key_file`: an existing OpenSSH private key (``~/.ssh/id_ed25519``). A passphrase
  is asked through a callback each time and never stored; passphrase-protected keys
  need `bcrypt` (a dependency). `public_key_file` reads a key file's public half without
  its passphrase (the fingerprint to show before signing anything).
- `amogui_key`: a key amogui generates once and keeps: in the OS keychain (keyring
  service ``amogui``, entry ``report-signing-key``) when there is one, else in a private
  file (0600) in the user data dir. Either way it is the same key at every export and
  every run, so its fingerprint can be published and trusted.
- `choose_signer`: the one decision which key signs a bundle, from an explicit file
  (``--signing-key``), the environment (``AMOGUI_SIGNING_KEY``, its passphrase in
  ``AMOGUI_SIGNING_KEY_PASSPHRASE``) and the settings. A one-off key is used only when
  amogui's own key cannot be kept (or the tester declined a passphrase), and says so.

The fingerprint is shown as ``ssh-keygen -l`` prints it (``SHA256:...``), so the tester
can publish it and recipients can trust it (an ``allowed_signers`` line).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_ssh_private_key,
)

from amogui.base import paths
from amogui.base.files import SHARED_FILE, atomic_write, private_dir
from amogui.base.i18n import t
from amogui.report import sshsig

if TYPE_CHECKING:
    from amogui.settings.store import Settings

KEYRING_SERVICE = "amogui"
KEYRING_ENTRY = "report-signing-key"
KEY_FILE_NAME = "report-signing-key"
DEFAULT_COMMENT = "amogui report signing key"
ENV_KEY = "AMOGUI_SIGNING_KEY"
ENV_PASSPHRASE = "AMOGUI_SIGNING_KEY_PASSPHRASE"  # noqa: S105 - the variable's name

# Where a key came from (`SigningKey.source` holds these or the key file's path).
SOURCE_KEYCHAIN = "keychain"
SOURCE_GENERATED = "generated"
SOURCE_ONE_OFF = "one-off"

#: Asked for a key file's passphrase; returns None when the tester cancels.
PassphraseCallback = Callable[[Path], "str | bytes | None"]


class SigningKeyError(Exception):
    """A signing key that cannot be loaded, with one sentence saying why: a translatable
    `Text` (``exc.args[0]``; ``str(exc)`` is the English sentence)."""


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
    atomic_write(path, private_openssh(key.private_key, passphrase))
    pub = (key.public_line() + "\n").encode("utf-8")
    atomic_write(path.with_name(path.name + ".pub"), pub, mode=SHARED_FILE)


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
        raise SigningKeyError(t("the key is not an Ed25519 key; report signatures use ssh-ed25519"))
    return key


_OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----"
_OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----"
_OPENSSH_MAGIC = b"openssh-key-v1\x00"


def public_key_file(path: Path) -> Ed25519PublicKey:
    """The public half of an OpenSSH Ed25519 private key file, without its passphrase.

    The OpenSSH format keeps the public key unencrypted in front of the private part,
    so the fingerprint can be shown before anyone is asked for a passphrase.
    """
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningKeyError(t("cannot read the key file {path}", path=str(path))) from exc
    body = text.strip()
    if not body.startswith(_OPENSSH_BEGIN) or not body.endswith(_OPENSSH_END):
        raise SigningKeyError(t("{path} is not an OpenSSH private key", path=str(path)))
    try:
        blob = base64.b64decode("".join(body[len(_OPENSSH_BEGIN) : -len(_OPENSSH_END)].split()))
    except (binascii.Error, ValueError) as exc:
        raise SigningKeyError(t("{path} is not an OpenSSH private key", path=str(path))) from exc
    return _first_public_key(path, blob)


def _first_public_key(path: Path, blob: bytes) -> Ed25519PublicKey:
    if not blob.startswith(_OPENSSH_MAGIC):
        raise SigningKeyError(t("{path} is not an OpenSSH private key", path=str(path)))
    reader = sshsig.Reader(blob[len(_OPENSSH_MAGIC) :])
    try:
        for _ in range(3):  # cipher name, KDF name, KDF options
            reader.string()
        if reader.uint32() < 1:
            raise SigningKeyError(t("{path} holds no key", path=str(path)))
        return sshsig.public_key_from_blob(reader.string())
    except sshsig.SignatureError as exc:
        raise SigningKeyError(
            t("{path} is not an OpenSSH Ed25519 key ({error})", path=str(path), error=str(exc))
        ) from exc


def key_file_fingerprint(path: Path) -> str:
    """``SHA256:...`` of a private key file (no passphrase needed)."""
    return sshsig.fingerprint(public_key_file(path))


def load_key_file(path: Path, passphrase: PassphraseCallback | None = None) -> SigningKey:
    """Load an OpenSSH Ed25519 private key; ask ``passphrase(path)`` only if it is encrypted."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(
            t(
                "cannot read the key file {path}: {error}",
                path=str(path),
                error=exc.strerror or str(exc),
            )
        ) from exc
    try:
        key = _load(data, None)
    except TypeError:
        key = _load_encrypted(path, data, passphrase)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SigningKeyError(t("{path} is not an OpenSSH private key", path=str(path))) from exc
    return SigningKey(key, _comment_of(path), str(path))


def _load_encrypted(
    path: Path, data: bytes, passphrase: PassphraseCallback | None
) -> Ed25519PrivateKey:
    if passphrase is None:
        raise SigningKeyError(
            t("{path} is protected by a passphrase and none can be asked", path=str(path))
        )
    answer = passphrase(path)
    if answer is None:
        raise SigningKeyError(t("no passphrase was given, so the report cannot be signed"))
    secret = answer.encode() if isinstance(answer, str) else answer
    try:
        return _load(data, secret)
    except ValueError as exc:
        raise SigningKeyError(t("the passphrase for {path} is wrong", path=str(path))) from exc
    except UnsupportedAlgorithm as exc:
        raise SigningKeyError(
            t("{path} uses an encryption this system cannot read", path=str(path))
        ) from exc


def _keychain_read() -> str | None:
    """The stored key's text, None when the keychain holds none; SigningKeyError when
    there is no usable keychain."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_ENTRY) or None
    except (KeyringError, RuntimeError) as exc:
        raise SigningKeyError(t("the OS keychain is not available")) from exc


def _keychain_store(key: SigningKey) -> None:
    import keyring
    from keyring.errors import KeyringError

    pem = private_openssh(key.private_key).decode("ascii")
    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_ENTRY, pem)
    except (KeyringError, RuntimeError) as exc:
        raise SigningKeyError(t("cannot store the signing key in the OS keychain")) from exc


def _from_keychain(stored: str, comment: str) -> SigningKey:
    try:
        return SigningKey(_load(stored.encode(), None), comment, SOURCE_KEYCHAIN)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise SigningKeyError(t("the signing key in the OS keychain is damaged")) from exc


def keychain_key(create: bool = True, comment: str = DEFAULT_COMMENT) -> SigningKey:
    """The key amogui keeps in the OS keychain; generated and stored on first use.
    (`amogui_key` falls back to a file where there is no keychain.)"""
    stored = _keychain_read()
    if stored:
        return _from_keychain(stored, comment)
    if not create:
        raise SigningKeyError(t("amogui has no signing key in the OS keychain yet"))
    key = SigningKey(Ed25519PrivateKey.generate(), comment, SOURCE_KEYCHAIN)
    _keychain_store(key)
    return key


def delete_keychain_key() -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, KEYRING_ENTRY)
    except PasswordDeleteError:
        return
    except (KeyringError, RuntimeError) as exc:
        raise SigningKeyError(t("the OS keychain is not available")) from exc


def generated_key_path() -> Path:
    """Where amogui keeps its own key when there is no keychain (private, 0600)."""
    return paths.data_dir() / "keys" / KEY_FILE_NAME


_MAKING = threading.Lock()  # two threads asking at once get one key, not two


def amogui_key(comment: str = DEFAULT_COMMENT) -> SigningKey:
    """amogui's own signing key, the same at every call: the keychain's when it holds
    one, else the data dir's file; made on first use (in the keychain when there is one,
    else in the file). Raises SigningKeyError when it can be neither read nor kept."""
    with _MAKING:
        try:
            stored, keychain = _keychain_read(), True
        except SigningKeyError:
            stored, keychain = None, False
        if stored:
            return _from_keychain(stored, comment)
        path = generated_key_path()
        if path.exists():
            return _from_file(path, comment)
        key = generate(comment)
        if keychain:
            try:
                _keychain_store(key)
            except SigningKeyError:
                pass  # a keychain that reads but cannot store: keep the key in the file
            else:
                # Another process may have stored one at the same moment: the stored
                # key is the one every later call gets, so it is the one to sign with.
                return _from_keychain(_keychain_read() or "", comment)
        return _create_file_key(key, path, comment)


def _from_file(path: Path, comment: str) -> SigningKey:
    key = load_key_file(path)
    return SigningKey(key.private_key, comment, str(path))


def _create_file_key(key: SigningKey, path: Path, comment: str) -> SigningKey:
    """Write amogui's key file unless another process made it first (then that one is
    amogui's key): the file appears whole, by a hard link, or not at all."""
    try:
        private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(private_openssh(key.private_key))
                fh.flush()
                os.fsync(fh.fileno())
            os.link(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except FileExistsError:
        return _from_file(path, comment)
    except OSError as exc:
        raise SigningKeyError(
            t(
                "amogui's signing key can be kept neither in the OS keychain nor in {path} "
                "({error})",
                path=str(path),
                error=exc.strerror or str(exc),
            )
        ) from exc
    pub = (key.public_line() + "\n").encode("utf-8")
    with contextlib.suppress(OSError):  # the public half is a convenience
        atomic_write(path.with_name(path.name + ".pub"), pub, mode=SHARED_FILE)
    return SigningKey(key.private_key, comment, str(path))


def one_off_key(comment: str = DEFAULT_COMMENT) -> SigningKey:
    """A key made for one bundle only: it proves the files were not changed after
    signing, never who signed them (nobody can have trusted its fingerprint)."""
    return SigningKey(Ed25519PrivateKey.generate(), comment, SOURCE_ONE_OFF)


def signing_key(
    path: Path | None = None,
    passphrase: PassphraseCallback | None = None,
    *,
    allow_ephemeral: bool = False,
) -> SigningKey:
    """The key file at ``path`` when one was chosen, else amogui's own key; with
    ``allow_ephemeral`` a one-off key when amogui's key cannot be kept."""
    if path is not None:
        return load_key_file(path, passphrase)
    try:
        return amogui_key()
    except SigningKeyError:
        if not allow_ephemeral:
            raise
        return one_off_key()


# -- the one decision: which key signs -----------------------------------------------------


@dataclass(frozen=True)
class SignerChoice:
    """The key that signs a bundle and, for a one-off key, why no lasting key was used."""

    key: SigningKey
    origin: str  # "--signing-key", AMOGUI_SIGNING_KEY, "settings" or "amogui"
    one_off_reason: str = ""  # set only for a one-off key

    @property
    def one_off(self) -> bool:
        return self.key.source == SOURCE_ONE_OFF


def _env_passphrase(env: Mapping[str, str]) -> PassphraseCallback | None:
    secret = env.get(ENV_PASSPHRASE)
    if not secret:
        return None
    from amogui.base.redact import REDACTOR

    REDACTOR.add_secret(secret)
    return lambda _path: secret


def choose_signer(
    explicit: str | Path | None = None,
    *,
    settings: Settings | None = None,
    env: Mapping[str, str] | None = None,
    passphrase: PassphraseCallback | None = None,
    one_off_when_unusable: bool = True,
) -> SignerChoice:
    """Which key signs: ``explicit`` (``--signing-key FILE``), else ``AMOGUI_SIGNING_KEY``
    (a path), else the settings' key file, else amogui's own key (`amogui_key`).

    A key file's passphrase comes from ``AMOGUI_SIGNING_KEY_PASSPHRASE`` when set, else
    from ``passphrase`` (the window asks the tester); it is never stored. A key named
    explicitly or in the environment that cannot be used raises SigningKeyError (a run
    must not sign with another key than the one it was told to). The settings' key file
    does too unless ``one_off_when_unusable`` (the window: the tester is told why); when
    amogui's own key can be kept nowhere, a one-off key signs and says so.

    Blocking (a key file, the keychain): call it off the GUI thread.
    """
    env = os.environ if env is None else env
    asked = _env_passphrase(env) or passphrase
    if explicit:
        return SignerChoice(_load_named(Path(explicit), asked), "--signing-key")
    if env.get(ENV_KEY):
        return SignerChoice(_load_named(Path(env[ENV_KEY]), asked), ENV_KEY)
    if settings is None:
        from amogui.settings.store import SettingsStore

        settings = SettingsStore().settings
    if not settings.uses_generated_key:
        try:
            return SignerChoice(_load_named(Path(settings.signing_key), asked), "settings")
        except SigningKeyError as exc:
            if not one_off_when_unusable:
                raise
            return SignerChoice(one_off_key(), "settings", str(exc))
    try:
        return SignerChoice(amogui_key(), "amogui")
    except SigningKeyError as exc:
        return SignerChoice(one_off_key(), "amogui", str(exc))


def _load_named(path: Path, passphrase: PassphraseCallback | None) -> SigningKey:
    return load_key_file(path.expanduser(), passphrase)
