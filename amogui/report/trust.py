"""Whose signatures the verifier trusts: ``allowed_signers`` files the verifier controls.

A bundle carries its signer's public key (``signer.pub``) and an ``allowed_signers`` of
its own; anyone who rewrites a bundle can replace both, so they prove only that nothing
changed after signing. Trust comes from outside the bundle, in the OpenSSH
``allowed_signers`` format testers and teams already use for git
(``gpg.ssh.allowedSignersFile``) and ``ssh-keygen -Y verify -f``:

- ``--allowed-signers FILE``: exactly that file (nothing else counts);
- else the user's default trust file, ``<config dir>/allowed_signers`` (the window's
  "Trust this signer" adds lines to it);
- plus the team's file committed next to the checklist in use: ``allowed_signers`` in
  the checklist file's folder (`team_trust_file`).

Everything a bundle says about itself (identities, comments) is untrusted text: `inert`
makes it safe to print or show (no control characters, no line breaks, bounded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from amogui.base import paths
from amogui.base.files import SHARED_FILE, atomic_write
from amogui.report import sshsig

TRUST_FILE_NAME = "allowed_signers"
BUNDLED_PREFIX = "bundled:"  # a checklist shipped inside amogui has no folder of the team's

# A principal a bundle is signed as: an e-mail-like identity, nothing a shell, a terminal
# or an allowed_signers line could read as something else.
_PRINCIPAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+@-]{0,253}")
# In a trust file principals may be ssh-keygen patterns (``*@foryou.example``).
_PATTERN = re.compile(r"[A-Za-z0-9._%+@*?-]{1,254}")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


class TrustError(Exception):
    """A trust file that cannot be read or written; one sentence saying why."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: object, limit: int = 200) -> str:
    """Untrusted text made safe to print or show: control characters (ESC sequences,
    line breaks, bidirectional overrides, zero-width marks) become visible escapes such
    as ``\\x1b``, and it is bounded to `limit` characters."""
    value = _UNSAFE.sub(_escape, str(text))
    return value if len(value) <= limit else value[: limit - 1] + "…"


def principal_problem(principal: str, *, pattern: bool = False) -> str | None:
    """Why `principal` cannot be an allowed_signers principal, or None."""
    rule = _PATTERN if pattern else _PRINCIPAL
    if not rule.fullmatch(principal):
        return (
            f"the principal {inert(principal, 60)!r} may hold only letters, digits and . _ % + @ -"
            + (" (and the patterns * ?)" if pattern else "")
        )
    return None


# -- where trust comes from --------------------------------------------------------------


def default_trust_file() -> Path:
    """The user's own trust file; the window's "Trust this signer" writes to it."""
    return paths.config_dir() / TRUST_FILE_NAME


def team_trust_file(checklist_source: str | None) -> Path | None:
    """``allowed_signers`` next to the checklist file, where a team commits it; None for
    the checklist bundled with amogui (there is no team folder) or none at all."""
    if not checklist_source or checklist_source.startswith(BUNDLED_PREFIX):
        return None
    return Path(checklist_source).expanduser().parent / TRUST_FILE_NAME


def trust_files(explicit: Path | None = None, checklist_source: str | None = None) -> list[Path]:
    """The files a verification consults: ``explicit`` alone when given, else the default
    trust file and the team's file (those that exist)."""
    if explicit is not None:
        return [explicit]
    found = [default_trust_file()]
    team = team_trust_file(checklist_source)
    if team is not None:
        found.append(team)
    return [p for p in found if p.is_file()]


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustedSigner:
    signer: sshsig.AllowedSigner
    source: Path


@dataclass
class TrustList:
    signers: list[TrustedSigner] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files that could not be used

    def find(
        self, key: Ed25519PublicKey, namespace: str = sshsig.NAMESPACE, identity: str | None = None
    ) -> TrustedSigner | None:
        """The first entry trusting `key` for `namespace` (and `identity` when given)."""
        blob = sshsig.public_key_blob(key)
        for entry in self.signers:
            s = entry.signer
            if sshsig.public_key_blob(s.public_key) != blob or not s.allows_namespace(namespace):
                continue
            if not s.valid_at():
                continue
            if identity is None or s.matches_identity(identity):
                return entry
        return None

    def out_of_date(self, key: Ed25519PublicKey) -> list[TrustedSigner]:
        """The entries for `key` that do not count now (valid-after/valid-before)."""
        blob = sshsig.public_key_blob(key)
        return [
            e
            for e in self.signers
            if sshsig.public_key_blob(e.signer.public_key) == blob and not e.signer.valid_at()
        ]

    def holds(self, key: Ed25519PublicKey) -> TrustedSigner | None:
        """Any entry for `key`, whatever its namespace or principals."""
        blob = sshsig.public_key_blob(key)
        return next(
            (e for e in self.signers if sshsig.public_key_blob(e.signer.public_key) == blob), None
        )


def parse_trust_file(text: str) -> list[sshsig.AllowedSigner]:
    """An allowed_signers file whose every principal is a plain identity or pattern."""
    signers = sshsig.parse_allowed_signers(text)
    for number, signer in enumerate(signers, 1):
        for principal in signer.principals:
            problem = principal_problem(principal, pattern=True)
            if problem:
                raise sshsig.SignatureError(f"entry {number}: {problem}")
    return signers


def load_trust(files: list[Path]) -> TrustList:
    """Every signer of the given files; a file that cannot be used is named in `problems`
    (its keys are not trusted) and the others still count."""
    out = TrustList()
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            out.problems.append(f"the trust file {path} cannot be read ({_reason(exc)})")
            continue
        try:
            signers = parse_trust_file(text)
        except sshsig.SignatureError as exc:
            out.problems.append(f"the trust file {path} is not valid: {exc}")
            continue
        out.sources.append(path)
        out.signers += [TrustedSigner(s, path) for s in signers]
    return out


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


# -- trusting a signer -----------------------------------------------------------------


def trust_signer(
    principal: str, key: Ed25519PublicKey, path: Path | None = None
) -> sshsig.AllowedSigner:
    """Add ``principal namespaces="amogui-report@foryou" ssh-ed25519 ...`` to the trust
    file (default: the user's); a key already trusted for that principal is not repeated.

    The principal is what the tester confirmed, never taken from a bundle unchecked.
    """
    problem = principal_problem(principal)
    if problem:
        raise TrustError(f"Cannot trust this signer: {problem}.")
    target = path or default_trust_file()
    try:
        existing = target.read_text(encoding="utf-8") if target.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise TrustError(f"Cannot read the trust file {target} ({_reason(exc)}).") from exc
    entry = sshsig.AllowedSigner((principal,), key, (sshsig.NAMESPACE,))
    try:
        current = parse_trust_file(existing)
    except sshsig.SignatureError as exc:
        raise TrustError(f"The trust file {target} is not valid ({exc}); fix it first.") from exc
    blob = sshsig.public_key_blob(key)
    for signer in current:
        if sshsig.public_key_blob(signer.public_key) == blob and principal in signer.principals:
            return signer
    text = existing if not existing or existing.endswith("\n") else existing + "\n"
    text += f"# added by amogui: {sshsig.fingerprint(key)}\n{entry.line()}\n"
    try:
        atomic_write(target, text.encode("utf-8"), mode=SHARED_FILE)
    except OSError as exc:
        raise TrustError(f"Cannot write the trust file {target} ({_reason(exc)}).") from exc
    return entry
