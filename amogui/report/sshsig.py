"""SSH signatures (OpenSSH ``PROTOCOL.sshsig``) over Ed25519, on `cryptography`.

Byte-compatible with ``ssh-keygen -Y sign`` / ``-Y verify`` using sha512: Ed25519 is
deterministic, so signing the same data with the same key and namespace gives the very
same armored text as ssh-keygen.

The blob::

    byte[6]  "SSHSIG"
    uint32   1                      (version)
    string   public key             (string "ssh-ed25519", string key[32])
    string   namespace
    string   reserved               (empty)
    string   hash algorithm         ("sha512")
    string   signature              (string "ssh-ed25519", string sig[64])

and what the key actually signs::

    byte[6]  "SSHSIG"
    string   namespace
    string   reserved
    string   hash algorithm
    string   H(message)

Report bundles use the namespace `NAMESPACE`; a signature made for another purpose
(a git commit, a file signed with ``-n file``) never verifies as a report signature.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

#: The namespace of amogui report signatures (``ssh-keygen -Y ... -n amogui-report@foryou``).
NAMESPACE = "amogui-report@foryou"

MAGIC = b"SSHSIG"
VERSION = 1
HASH_ALG = "sha512"
KEY_TYPE = "ssh-ed25519"
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
_WRAP = 70  # ssh-keygen wraps the armored base64 at 70 columns


class SignatureError(Exception):
    """A signature that is malformed, from an unknown key, or does not match the data."""


# -- SSH wire format -------------------------------------------------------------------
def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class Reader:
    """Reads SSH wire-format fields (uint32, length-prefixed strings) from bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise SignatureError("the signature is truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def string(self) -> bytes:
        return self.take(self.uint32())

    def done(self) -> bool:
        return self.pos == len(self.data)


# -- public keys -----------------------------------------------------------------------
def public_key_blob(key: Ed25519PublicKey) -> bytes:
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return _string(KEY_TYPE.encode()) + _string(raw)


def public_key_from_blob(blob: bytes) -> Ed25519PublicKey:
    reader = Reader(blob)
    key_type = reader.string().decode("ascii", "replace")
    if key_type != KEY_TYPE:
        raise SignatureError(f"the signing key is {key_type}, only ssh-ed25519 is supported")
    raw = reader.string()
    if len(raw) != 32 or not reader.done():
        raise SignatureError("the signing key in the signature is malformed")
    return Ed25519PublicKey.from_public_bytes(raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """The key's fingerprint as ``ssh-keygen -l`` prints it: ``SHA256:<base64, no padding>``."""
    digest = hashlib.sha256(public_key_blob(key)).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def openssh_public_line(key: Ed25519PublicKey, comment: str = "") -> str:
    """``ssh-ed25519 AAAA... comment`` (the format of ``id_ed25519.pub``)."""
    line = f"{KEY_TYPE} {base64.b64encode(public_key_blob(key)).decode()}"
    return f"{line} {comment}".rstrip()


def parse_public_line(text: str) -> Ed25519PublicKey:
    """Parse ``ssh-ed25519 AAAA... [comment]``."""
    parts = text.split()
    if len(parts) < 2 or parts[0] != KEY_TYPE:
        raise SignatureError("not an ssh-ed25519 public key line")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("the public key is not valid base64") from exc
    return public_key_from_blob(blob)


# -- signing ---------------------------------------------------------------------------
def _signed_data(data: bytes, namespace: str) -> bytes:
    digest = hashlib.sha512(data).digest()
    return (
        MAGIC
        + _string(namespace.encode())
        + _string(b"")
        + _string(HASH_ALG.encode())
        + _string(digest)
    )


def armor(blob: bytes) -> str:
    text = base64.b64encode(blob).decode()
    lines = [text[i : i + _WRAP] for i in range(0, len(text), _WRAP)]
    return "\n".join([BEGIN, *lines, END]) + "\n"


def sign(data: bytes, private_key: Ed25519PrivateKey, namespace: str = NAMESPACE) -> str:
    """Sign ``data`` and return the armored SSH signature (what ``ssh-keygen -Y sign`` writes)."""
    if not namespace:
        raise ValueError("an SSH signature needs a namespace")
    raw_sig = private_key.sign(_signed_data(data, namespace))
    blob = (
        MAGIC
        + struct.pack(">I", VERSION)
        + _string(public_key_blob(private_key.public_key()))
        + _string(namespace.encode())
        + _string(b"")
        + _string(HASH_ALG.encode())
        + _string(_string(KEY_TYPE.encode()) + _string(raw_sig))
    )
    return armor(blob)


# -- parsing ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Signature:
    public_key: Ed25519PublicKey
    namespace: str
    hash_alg: str
    raw: bytes  # the 64 Ed25519 signature bytes


def dearmor(armored: str) -> bytes:
    lines = [line.strip() for line in armored.strip().splitlines()]
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        raise SignatureError("not an armored SSH signature")
    try:
        return base64.b64decode("".join(lines[1:-1]), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("the signature is not valid base64") from exc


def parse(armored: str) -> Signature:
    reader = Reader(dearmor(armored))
    if reader.take(6) != MAGIC:
        raise SignatureError("the signature does not start with SSHSIG")
    if reader.uint32() != VERSION:
        raise SignatureError("unsupported SSH signature version")
    key = public_key_from_blob(reader.string())
    namespace = reader.string().decode("utf-8", "replace")
    reader.string()  # reserved
    hash_alg = reader.string().decode("ascii", "replace")
    inner = Reader(reader.string())
    if not reader.done():
        raise SignatureError("the signature has trailing data")
    sig_type = inner.string().decode("ascii", "replace")
    raw = inner.string()
    if sig_type != KEY_TYPE or len(raw) != 64 or not inner.done():
        raise SignatureError("the signature is not a well-formed ssh-ed25519 signature")
    return Signature(key, namespace, hash_alg, raw)


# -- allowed signers -------------------------------------------------------------------
@dataclass(frozen=True)
class AllowedSigner:
    """One line of an ``allowed_signers`` file (ssh-keygen(1), ALLOWED SIGNERS)."""

    principals: tuple[str, ...]  # patterns, e.g. "tester@example.com" or "*@example.com"
    public_key: Ed25519PublicKey
    namespaces: tuple[str, ...] = field(default=())  # empty: every namespace
    valid_after: datetime | None = None  # valid-after="YYYYMMDD[HHMM[SS]][Z]"
    valid_before: datetime | None = None  # valid-before=...

    def valid_at(self, when: datetime | None = None) -> bool:
        """Whether the entry counts at `when` (now), as ssh-keygen -Y verify decides."""
        now = when or datetime.now(UTC)
        if self.valid_after is not None and now < self.valid_after:
            return False
        return self.valid_before is None or now < self.valid_before

    def matches_identity(self, identity: str) -> bool:
        return any(fnmatch.fnmatchcase(identity, p) for p in self.principals)

    def allows_namespace(self, namespace: str) -> bool:
        return not self.namespaces or any(
            fnmatch.fnmatchcase(namespace, n) for n in self.namespaces
        )

    def line(self) -> str:
        options = [f'namespaces="{",".join(self.namespaces)}"'] if self.namespaces else []
        for name, when in (("valid-after", self.valid_after), ("valid-before", self.valid_before)):
            if when is not None:
                options.append(f'{name}="{when.astimezone(UTC):%Y%m%d%H%M%S}Z"')
        opts = f" {','.join(options)}" if options else ""
        return f"{','.join(self.principals)}{opts} {openssh_public_line(self.public_key)}"


_TIME_FORMATS = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}


def parse_time(value: str) -> datetime:
    """An allowed_signers time, ``YYYYMMDD[HHMM[SS]]``: UTC with a trailing ``Z``, else
    the local time (ssh-keygen(1), ALLOWED SIGNERS)."""
    utc = value[-1:] in ("Z", "z")
    digits = value[:-1] if utc else value
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in _TIME_FORMATS:
        raise SignatureError(f"{value!r} is not a time of the form YYYYMMDD[HHMM[SS]][Z]")
    try:
        when = datetime.strptime(digits, _TIME_FORMATS[len(digits)])
    except ValueError as exc:
        raise SignatureError(f"{value!r} is not a valid date") from exc
    return when.replace(tzinfo=UTC) if utc else when.astimezone()


def _split_options(text: str) -> tuple[str, str]:
    """Split a leading options field (which may quote spaces) from the rest of the line."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in " \t" and not quoted:
            return text[:i], text[i:].strip()
    return text, ""


def _options(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in _split_commas(text):
        name, _, value = item.partition("=")
        out[name.lower()] = value.strip('"')
    return out


def _split_commas(text: str) -> list[str]:
    items, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [i for i in items if i]


def parse_allowed_signers(text: str) -> list[AllowedSigner]:
    """Parse an allowed_signers file; lines with other key types or a CA are skipped."""
    signers = []
    for number, raw_line in enumerate(text.splitlines(), 1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        principals, rest = _split_options(line)
        options: dict[str, str] = {}
        if not rest.startswith(KEY_TYPE) and not rest.startswith(("ssh-", "ecdsa-", "sk-")):
            opt_text, rest = _split_options(rest)
            options = _options(opt_text)
        if "cert-authority" in options or not rest.startswith(KEY_TYPE + " "):
            continue
        try:
            key = parse_public_line(rest)
        except SignatureError as exc:
            raise SignatureError(f"allowed signers line {number}: {exc}") from exc
        namespaces = tuple(n for n in options.get("namespaces", "").split(",") if n)
        try:
            after, before = (
                parse_time(options[name]) if options.get(name) else None
                for name in ("valid-after", "valid-before")
            )
        except SignatureError as exc:
            raise SignatureError(f"allowed signers line {number}: {exc}") from exc
        principal_list = tuple(principals.split(","))
        signers.append(AllowedSigner(principal_list, key, namespaces, after, before))
    return signers


# -- verification ----------------------------------------------------------------------
@dataclass(frozen=True)
class Verified:
    fingerprint: str
    identity: str | None  # the first principal of the matching allowed signer


def verify(
    data: bytes,
    armored: str,
    allowed_public_keys: Iterable[AllowedSigner | Ed25519PublicKey],
    namespace: str = NAMESPACE,
    identity: str | None = None,
) -> Verified:
    """Check an armored signature of ``data``; return who signed it, or raise SignatureError.

    ``allowed_public_keys`` holds `AllowedSigner` entries (an allowed_signers file) or bare
    keys. With ``identity`` only signers whose principals match it count, as with
    ``ssh-keygen -Y verify -I``.
    """
    sig = parse(armored)
    if sig.namespace != namespace:
        raise SignatureError(f"the signature is for namespace {sig.namespace!r}, not {namespace!r}")
    if sig.hash_alg not in ("sha512", "sha256"):
        raise SignatureError(f"unsupported hash algorithm {sig.hash_alg!r}")
    signer_blob = public_key_blob(sig.public_key)
    match = _allowed(signer_blob, allowed_public_keys, namespace, identity)
    if match is None:
        raise SignatureError(
            f"the signing key {fingerprint(sig.public_key)} is not an allowed signer"
        )
    digest = hashlib.new(sig.hash_alg, data).digest()
    message = (
        MAGIC
        + _string(sig.namespace.encode())
        + _string(b"")
        + _string(sig.hash_alg.encode())
        + _string(digest)
    )
    try:
        sig.public_key.verify(sig.raw, message)
    except InvalidSignature as exc:
        raise SignatureError("the signature does not match the file's contents") from exc
    return Verified(fingerprint(sig.public_key), match or None)


def _allowed(
    blob: bytes,
    allowed: Iterable[AllowedSigner | Ed25519PublicKey],
    namespace: str,
    identity: str | None,
) -> str | None:
    """The matching principal ("" for a bare key), or None when the key is not allowed."""
    for entry in allowed:
        if isinstance(entry, Ed25519PublicKey):
            if public_key_blob(entry) == blob and identity is None:
                return ""
            continue
        if public_key_blob(entry.public_key) != blob or not entry.allows_namespace(namespace):
            continue
        if not entry.valid_at():
            continue
        if identity is None:
            return entry.principals[0]
        if entry.matches_identity(identity):
            return identity
    return None
