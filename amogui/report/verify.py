"""Verify a report bundle: integrity (every signature, every MANIFEST hash, nothing
missing or added) and trust (is the signing key one the verifier trusts?).

The two are reported apart, because they prove different things. The bundle's own
``signer.pub`` and ``allowed_signers`` prove *integrity* only: whoever rewrote a bundle can
sign it again with a key of their own and ship that key too. *Trust* comes from
``allowed_signers`` files the verifier controls (`amogui.report.trust`): an explicit
``--allowed-signers FILE``, else the user's default trust file and the team's file next to
the checklist. A bundle is verified only when it is intact AND its key is trusted.

`verify_bundle` is what ``amogui verify DIR`` and the window's Verify dialog run. Every
string a bundle carries (identities, comments) is untrusted: the result holds it through
`amogui.report.trust.inert`, and its sentences are `Text` for any language.
"""

from __future__ import annotations

import contextlib
import json
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from amogui.base.i18n import Text, t, tn
from amogui.report import bundle, sshsig
from amogui.report.trust import (
    TrustedSigner,
    TrustList,
    default_trust_file,
    inert,
    load_trust,
    parse_trust_file,
    trust_files,
)


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
    public_key: Ed25519PublicKey | None = None  # the key every signature must be by
    fingerprint: str = ""
    claimed: str = ""  # the identity the bundle gives itself: untrusted, already inert
    identity: str | None = None  # the identity the verifier asked for (--identity)
    trusted_by: Path | None = None  # the trust file that trusts the key
    trusted_as: str = ""  # the principal that file trusts it as
    trusted_elsewhere: str = ""  # the key is trusted, but not as `identity`: as this
    trust_sources: list[Path] = field(default_factory=list)  # the trust files consulted
    trust_problems: list[str] = field(default_factory=list)  # trust files that were unusable
    one_off: bool = False  # the signed report says its key was made for it alone
    signed: bool = False  # the MANIFEST's signature is good: the key did sign this bundle

    @property
    def intact(self) -> bool:
        """Every signature and hash is good and no file is missing or added."""
        return not self.problems and bool(self.files) and all(f.ok for f in self.files)

    @property
    def trusted(self) -> bool:
        return self.trusted_by is not None

    @property
    def ok(self) -> bool:
        """Verified: intact AND signed by a key the verifier trusts."""
        return self.intact and self.trusted

    @property
    def failures(self) -> list[FileCheck]:
        return [f for f in self.files if not f.ok]

    # -- sentences ------------------------------------------------------------------------
    def integrity_line(self) -> Text:
        if self.intact:
            return t(
                "intact: every file is signed by {fingerprint} and matches MANIFEST (the "
                "bundle's own signer.pub proves only this, not who signed)",
                fingerprint=self.fingerprint,
            )
        count = len(self.failures) + len(self.problems)
        return tn("FAILED: {n} problem", "FAILED: {n} problems", count)

    def trust_line(self) -> Text:
        if self.public_key is None:
            return t("UNTRUSTED: no signature names the key that made it")
        if not self.signed:
            return t(
                "UNTRUSTED: the MANIFEST's signature is missing or bad, so nothing shows who "
                "signed this bundle"
            )
        if self.trusted_by is not None:
            return t(
                "signed by {who} ({fingerprint}), trusted by {file}",
                who=self.trusted_as,
                fingerprint=self.fingerprint,
                file=str(self.trusted_by),
            )
        if self.trusted_elsewhere:
            return t(
                "UNTRUSTED: the key {fingerprint} is trusted as {principal}, not as {identity}",
                fingerprint=self.fingerprint,
                principal=self.trusted_elsewhere,
                identity=inert(self.identity or "", 80),
            )
        claim = self.claimed or t("nobody")
        if self.one_off:
            return t(
                "UNTRUSTED: signed by a one-off key ({fingerprint}) that nobody can have "
                "trusted; the bundle says it is {claimed}",
                fingerprint=self.fingerprint,
                claimed=claim,
            )
        return t(
            "UNTRUSTED: signed by a key you have not trusted ({fingerprint}); the bundle "
            "says it is {claimed}, which any bundle can say of itself",
            fingerprint=self.fingerprint,
            claimed=claim,
        )

    def verdict_line(self) -> Text:
        if self.ok:
            return tn(
                "VERIFIED: {n} file intact, signed by a trusted key",
                "VERIFIED: all {n} files intact, signed by a trusted key",
                len(self.files),
            )
        if self.intact:
            return t("NOT VERIFIED: the files are intact, but the signer is not trusted")
        count = len(self.failures) + len(self.problems)
        return tn("NOT VERIFIED: {n} problem", "NOT VERIFIED: {n} problems", count)

    def trust_hint(self) -> Text | None:
        """How to trust a signer, when none is trusted yet."""
        if self.trusted:
            return None
        return t(
            "To trust a signer, compare the fingerprint with the one the tester published, "
            "then use --allowed-signers FILE, add the line to {default}, or commit an "
            "allowed_signers file next to the checklist.",
            default=str(default_trust_file()),
        )


#: No file of a bundle is larger (attachments are capped at 25 MB when attached).
MAX_FILE = 256 * 1024 * 1024


def _plain_file(path: Path) -> bool:
    """A regular file, not a link, a FIFO or a device: reading one of those could hang,
    never end (/dev/zero) or read something outside the bundle."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE


def _read(path: Path) -> bytes | None:
    if not _plain_file(path):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


# -- whose key ------------------------------------------------------------------------------


def _signing_key(directory: Path, result: VerifyResult) -> None:
    """The key the MANIFEST's signature names; signer.pub and the bundle's allowed_signers
    must hold that same key (else the bundle contradicts itself)."""
    sig = _read(directory / (bundle.MANIFEST + bundle.SIG_SUFFIX))
    if sig is not None:
        with contextlib.suppress(sshsig.SignatureError):  # reported with MANIFEST's check
            result.public_key = sshsig.parse(sig.decode("ascii", "replace")).public_key
    pub_key = _signer_pub(directory, result)
    if result.public_key is None:
        result.public_key = pub_key
    elif pub_key is not None and not _same(pub_key, result.public_key):
        result.problems.append(f"{bundle.SIGNER_PUB} holds another key than the signatures")
    _bundle_allowed_signers(directory, result)
    if result.public_key is not None:
        result.fingerprint = sshsig.fingerprint(result.public_key)


def _same(a: Ed25519PublicKey, b: Ed25519PublicKey) -> bool:
    return sshsig.public_key_blob(a) == sshsig.public_key_blob(b)


def _signer_pub(directory: Path, result: VerifyResult) -> Ed25519PublicKey | None:
    data = _read(directory / bundle.SIGNER_PUB)
    if data is None:
        return None  # a missing file is reported with the MANIFEST's list
    text = data.decode("utf-8", "replace").strip()
    try:
        key = sshsig.parse_public_line(text)
    except sshsig.SignatureError as exc:
        result.problems.append(f"{bundle.SIGNER_PUB} is not an ssh-ed25519 public key: {exc}")
        return None
    parts = text.split(maxsplit=2)
    if len(parts) == 3:
        result.claimed = inert(parts[2], 120)
    return key


def _bundle_allowed_signers(directory: Path, result: VerifyResult) -> None:
    data = _read(directory / bundle.ALLOWED_SIGNERS)
    if data is None or result.public_key is None:
        return
    try:
        signers = parse_trust_file(data.decode("utf-8"))
    except (UnicodeDecodeError, sshsig.SignatureError) as exc:
        result.problems.append(f"the bundle's {bundle.ALLOWED_SIGNERS} is not valid: {inert(exc)}")
        return
    mine = [s for s in signers if _same(s.public_key, result.public_key)]
    if not mine:
        result.problems.append(
            f"the bundle's {bundle.ALLOWED_SIGNERS} does not list the key of its signatures"
        )
    elif not result.claimed:
        result.claimed = inert(mine[0].principals[0], 120)


# -- integrity ------------------------------------------------------------------------------


def _check_signature(directory: Path, name: str, data: bytes, result: VerifyResult) -> str:
    """ "" when the file's signature is good and by the bundle's key, else the problem."""
    sig = _read(directory / (name + bundle.SIG_SUFFIX))
    if sig is None:
        return f"its signature {name}{bundle.SIG_SUFFIX} is missing"
    if result.public_key is None:
        return "no key to check its signature with"
    text = sig.decode("ascii", "replace")
    try:
        parsed = sshsig.parse(text)
        if not _same(parsed.public_key, result.public_key):
            return f"signed by another key ({sshsig.fingerprint(parsed.public_key)})"
        sshsig.verify(data, text, [result.public_key], sshsig.NAMESPACE)
        # Strict: the .sig must be exactly what the signer wrote (ssh-keygen's armor), so a
        # changed byte anywhere in it is caught, even one base64 or whitespace would ignore.
        if sshsig.armor(sshsig.dearmor(text)) != text:
            return f"{name}{bundle.SIG_SUFFIX} was altered (not in the form it was written)"
    except sshsig.SignatureError as exc:
        return f"bad signature: {inert(exc)}"
    return ""


def _manifest(directory: Path, result: VerifyResult) -> dict[str, str]:
    data = _read(directory / bundle.MANIFEST)
    if data is None:
        result.files.append(FileCheck(bundle.MANIFEST, False, "missing"))
        return {}
    problem = _check_signature(directory, bundle.MANIFEST, data, result)
    if problem:
        result.files.append(FileCheck(bundle.MANIFEST, False, problem))
        return {}
    try:
        listed = bundle.parse_manifest(data.decode("utf-8"))
    except (UnicodeDecodeError, bundle.ManifestError) as exc:
        result.files.append(FileCheck(bundle.MANIFEST, False, str(exc)))
        return {}
    result.files.append(FileCheck(bundle.MANIFEST, True))
    result.signed = True
    return listed


def _check_listed(directory: Path, name: str, digest: str, result: VerifyResult) -> None:
    path = directory / name
    data = _read(path)
    if data is None:
        why = "missing (listed in MANIFEST)"
        if path.is_symlink() or path.exists():
            why = "not a plain file (a link, a folder or a device)"
        result.files.append(FileCheck(name, False, why))
        return
    if bundle.sha256(data) != digest:
        result.files.append(FileCheck(name, False, "changed: its SHA-256 differs from MANIFEST"))
        return
    problem = _check_signature(directory, name, data, result)
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
        result.files.append(FileCheck(inert(path.name, 120), False, why))


def _integrity(directory: Path, result: VerifyResult) -> None:
    listed = _manifest(directory, result)
    if not listed:
        if not result.failures:
            result.problems.append("MANIFEST lists no file")
        return
    for name, digest in listed.items():
        _check_listed(directory, name, digest, result)
    _check_added(directory, listed, result)


# -- trust ------------------------------------------------------------------------------------


def _trust(result: VerifyResult, trust: TrustList) -> None:
    result.trust_sources = list(trust.sources)
    result.trust_problems = list(trust.problems)
    if result.public_key is None or not result.signed:
        return  # a key that signed nothing here is trusted for nothing
    found = trust.find(result.public_key, sshsig.NAMESPACE, result.identity)
    if found is None:
        for entry in trust.out_of_date(result.public_key):
            result.trust_problems.append(_out_of_date(entry))
        elsewhere = trust.holds(result.public_key) if result.identity else None
        if elsewhere is not None:
            result.trusted_elsewhere = ",".join(elsewhere.signer.principals)
        return
    result.trusted_by = found.source
    result.trusted_as = _trusted_name(found.signer, result)


def _out_of_date(entry: TrustedSigner) -> str:
    """Why a trust file's entry for the signing key does not count now."""
    signer = entry.signer
    after, before = signer.valid_after, signer.valid_before
    window = " and ".join(
        part
        for part in (
            f"valid after {after:%Y-%m-%d %H:%M %Z}" if after else "",
            f"valid before {before:%Y-%m-%d %H:%M %Z}" if before else "",
        )
        if part
    )
    who = ",".join(signer.principals)
    return f"the trust file {entry.source} trusts this key as {who} only {window}, not now"


def _trusted_name(signer: sshsig.AllowedSigner, result: VerifyResult) -> str:
    """Who the trust file says the signer is: the asked identity, else a plain principal;
    a pattern (``*@team``) names the bundle's claim only when the claim matches it."""
    if result.identity:
        return result.identity
    plain = [p for p in signer.principals if not any(c in p for c in "*?")]
    if plain:
        return plain[0]
    if result.claimed and signer.matches_identity(result.claimed):
        return result.claimed
    return signer.principals[0]


def _one_off(directory: Path, result: VerifyResult) -> None:
    """What the (intact) report says of its key; shown, never relied on for trust."""
    data = _read(directory / bundle.REPORT_JSON)
    if data is None:
        return
    try:
        signing = json.loads(data).get("signing", {})
    except (ValueError, AttributeError):
        return
    result.one_off = isinstance(signing, dict) and signing.get("one_off") is True


def verify_bundle(
    directory: Path,
    allowed_signers: Path | None = None,
    identity: str | None = None,
    *,
    checklist_source: str | None = None,
    trust: TrustList | None = None,
) -> VerifyResult:
    """Check a bundle folder; raise BundleError only when it is not a folder at all.

    Trust: ``trust`` when given, else ``allowed_signers`` alone when given, else the
    user's default trust file and the team file next to ``checklist_source``. With
    ``identity`` the key must be trusted as that identity (``ssh-keygen -Y verify -I``).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BundleError(t("{folder} is not a folder", folder=str(directory)))
    if trust is None:
        trust = load_trust(trust_files(allowed_signers, checklist_source))
    result = VerifyResult(directory, identity=identity or None)
    _signing_key(directory, result)
    _integrity(directory, result)
    _trust(result, trust)
    if result.intact:
        _one_off(directory, result)
    return result
