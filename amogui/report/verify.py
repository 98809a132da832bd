"""Verify a report bundle: every signature, every MANIFEST hash, nothing missing or added.

`verify_bundle` is what ``amogui verify DIR`` and the window's "Verify report..." run.
Without ``allowed_signers`` the bundle's own allowed_signers is used: that proves the
files were not changed after signing, and the result's fingerprint must then be compared
with the one the tester published (the result says so in `trust`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from amogui.report import bundle, sshsig


class BundleError(Exception):
    """The folder cannot be checked at all (it does not exist, or is not a folder)."""


@dataclass
class FileCheck:
    name: str
    ok: bool
    problem: str = ""  # one sentence when not ok


@dataclass
class VerifyResult:
    directory: Path
    files: list[FileCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # not tied to one file
    fingerprint: str = ""
    identity: str = ""
    trust: str = ""  # where the allowed keys came from, in words

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.files) and all(f.ok for f in self.files)

    @property
    def failures(self) -> list[FileCheck]:
        return [f for f in self.files if not f.ok]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _load_signers(
    directory: Path, allowed_signers: Path | None, result: VerifyResult
) -> list[sshsig.AllowedSigner]:
    source = allowed_signers or directory / bundle.ALLOWED_SIGNERS
    if allowed_signers is None:
        result.trust = (
            "keys from the bundle's own allowed_signers: compare the fingerprint with the "
            "one the tester published"
        )
    else:
        result.trust = f"keys from {allowed_signers}"
    data = _read(source)
    if data is None:
        result.problems.append(f"the allowed signers file {source} cannot be read")
        return []
    try:
        signers = sshsig.parse_allowed_signers(data.decode("utf-8"))
    except (UnicodeDecodeError, sshsig.SignatureError) as exc:
        result.problems.append(f"the allowed signers file {source} is not valid: {exc}")
        return []
    if not signers:
        result.problems.append(f"the allowed signers file {source} lists no ssh-ed25519 key")
    return signers


def _check_signature(
    directory: Path,
    name: str,
    data: bytes,
    signers: list[sshsig.AllowedSigner],
    result: VerifyResult,
) -> str:
    """ "" when the file's signature is good, else the problem."""
    sig = _read(directory / (name + bundle.SIG_SUFFIX))
    if sig is None:
        return f"its signature {name}{bundle.SIG_SUFFIX} is missing"
    text = sig.decode("ascii", "replace")
    try:
        verified = sshsig.verify(data, text, signers, sshsig.NAMESPACE)
        # Strict: the .sig must be exactly what the signer wrote (ssh-keygen's armor), so a
        # changed byte anywhere in it is caught, even one base64 or whitespace would ignore.
        if sshsig.armor(sshsig.dearmor(text)) != text:
            return f"{name}{bundle.SIG_SUFFIX} was altered (not in the form it was written)"
    except sshsig.SignatureError as exc:
        return f"bad signature: {exc}"
    if result.fingerprint and verified.fingerprint != result.fingerprint:
        return f"signed by another key ({verified.fingerprint})"
    result.fingerprint = verified.fingerprint
    result.identity = verified.identity or ""
    return ""


def _manifest(
    directory: Path, signers: list[sshsig.AllowedSigner], result: VerifyResult
) -> dict[str, str]:
    data = _read(directory / bundle.MANIFEST)
    if data is None:
        result.files.append(FileCheck(bundle.MANIFEST, False, "missing"))
        return {}
    problem = _check_signature(directory, bundle.MANIFEST, data, signers, result)
    if problem:
        result.files.append(FileCheck(bundle.MANIFEST, False, problem))
        return {}
    try:
        listed = bundle.parse_manifest(data.decode("utf-8"))
    except (UnicodeDecodeError, bundle.ManifestError) as exc:
        result.files.append(FileCheck(bundle.MANIFEST, False, str(exc)))
        return {}
    result.files.append(FileCheck(bundle.MANIFEST, True))
    return listed


def _check_listed(
    directory: Path,
    name: str,
    digest: str,
    signers: list[sshsig.AllowedSigner],
    result: VerifyResult,
) -> None:
    data = _read(directory / name)
    if data is None:
        result.files.append(FileCheck(name, False, "missing (listed in MANIFEST)"))
        return
    if bundle.sha256(data) != digest:
        result.files.append(FileCheck(name, False, "changed: its SHA-256 differs from MANIFEST"))
        return
    problem = _check_signature(directory, name, data, signers, result)
    result.files.append(FileCheck(name, not problem, problem))


def _check_added(directory: Path, listed: dict[str, str], result: VerifyResult) -> None:
    expected = set(listed) | {bundle.MANIFEST}
    expected |= {n + bundle.SIG_SUFFIX for n in expected}
    for path in sorted(directory.iterdir()):
        if path.name in expected:
            continue
        if path.name.endswith(bundle.SIG_SUFFIX):
            why = "added: a signature for a file the MANIFEST does not list"
        else:
            why = "added: not listed in MANIFEST"
        result.files.append(FileCheck(path.name, False, why))


def verify_bundle(directory: Path, allowed_signers: Path | None = None) -> VerifyResult:
    """Check a bundle folder; raise BundleError only when it is not a folder at all."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BundleError(f"{directory} is not a folder")
    result = VerifyResult(directory)
    signers = _load_signers(directory, allowed_signers, result)
    if not signers:
        return result
    listed = _manifest(directory, signers, result)
    if not listed:
        if not result.failures:
            result.problems.append("MANIFEST lists no file")
        return result
    for name, digest in listed.items():
        _check_listed(directory, name, digest, signers, result)
    _check_added(directory, listed, result)
    return result
