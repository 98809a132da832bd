"""The bundle's layout and its manifest: shared by export and verification."""

from __future__ import annotations

import hashlib
import re

from amogui.run.attachments import safe_name

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
JUNIT_XML = "junit.xml"
REQUESTS_HAR = "requests.har"
VERIFY_TXT = "VERIFY.txt"
SIGNER_PUB = "signer.pub"
ALLOWED_SIGNERS = "allowed_signers"
MANIFEST = "MANIFEST"
SIG_SUFFIX = ".sig"

#: Every file a bundle may hold (each also has a ``.sig``), in the order they are listed.
CONTENT_FILES = (
    REPORT_JSON,
    REPORT_HTML,
    REPORT_PDF,
    JUNIT_XML,
    REQUESTS_HAR,
    VERIFY_TXT,
    SIGNER_PUB,
    ALLOWED_SIGNERS,
)
ALL_FILES = (*CONTENT_FILES, MANIFEST)
KNOWN_NAMES = frozenset(ALL_FILES) | {n + SIG_SUFFIX for n in ALL_FILES}

#: Files the tester attached to steps: ``attachment-<n>-<safe name>`` (each with a ``.sig``).
ATTACHMENT_PREFIX = "attachment-"

_NAME = r"[A-Za-z0-9._-]+"  # a plain file name: no paths, nothing outside the folder
_LINE = re.compile(rf"^([0-9a-f]{{64}}) [ *]({_NAME})$")
_PLAIN = re.compile(_NAME)


def attachment_file(entry: dict[str, str]) -> str:
    """The bundle's file name for an attachment of the run: ``attachment-<its name>``."""
    return ATTACHMENT_PREFIX + safe_name(str(entry.get("name", "")))


def is_bundle_name(name: str) -> bool:
    """A file an exported bundle may hold: its fixed files, attachments, their signatures."""
    if name in KNOWN_NAMES:
        return True
    base = name.removesuffix(SIG_SUFFIX)
    return base.startswith(ATTACHMENT_PREFIX) and _PLAIN.fullmatch(base) is not None


class ManifestError(ValueError):
    """A MANIFEST line that is not ``<sha256>  <file name>``."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(files: dict[str, bytes]) -> str:
    """``sha256sum`` format, so ``sha256sum -c MANIFEST`` checks the bundle too."""
    return "".join(f"{sha256(data)}  {name}\n" for name, data in files.items())


def parse_manifest(text: str) -> dict[str, str]:
    """File name -> SHA-256. Names are plain file names: no paths, nothing outside the folder."""
    out: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None or match.group(2) in (".", ".."):
            raise ManifestError(f"MANIFEST line {number} is not '<sha256>  <file name>'")
        if match.group(2) in out:
            raise ManifestError(f"MANIFEST lists {match.group(2)} twice")
        out[match.group(2)] = match.group(1)
    return out
