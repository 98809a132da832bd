"""Bundles an attacker makes: a real bundle edited and re-signed with another key, every
file the verifier could read from the bundle replaced consistently (signer.pub,
allowed_signers, MANIFEST, VERIFY.txt and every signature)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from amogui.report import bundle, keys, sshsig

Files = dict[str, bytes]


def pass_every_check(files: Files) -> Files:
    """report.json with every failed check turned into a pass."""
    report = json.loads(files[bundle.REPORT_JSON])
    for step in report["steps"]:
        for check in step["checks"]:
            if check["status"] == "failed":
                check["status"] = "passed"
    report["verdict"] = "passed"
    report["defects"] = []
    files[bundle.REPORT_JSON] = json.dumps(report, ensure_ascii=False).encode()
    return files


def resign(
    folder: Path,
    key: keys.SigningKey,
    identity: str,
    edit: Callable[[Files], Files] = pass_every_check,
    *,
    principal: str | None = None,
) -> None:
    """Edit the bundle's files and sign all of them again with `key`, naming `identity`
    in signer.pub and `principal` (default: `identity`) in allowed_signers."""
    files = {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if not p.name.endswith(bundle.SIG_SUFFIX) and p.name != bundle.MANIFEST
    }
    files = edit(files)
    files[bundle.SIGNER_PUB] = (key.public_line(identity) + "\n").encode()
    allowed = sshsig.AllowedSigner(
        (principal if principal is not None else identity,), key.public_key, (sshsig.NAMESPACE,)
    )
    files[bundle.ALLOWED_SIGNERS] = (allowed.line() + "\n").encode()
    files[bundle.VERIFY_TXT] = b"Everything is fine. Good signatures everywhere.\n"
    files[bundle.MANIFEST] = bundle.manifest_text(files).encode()
    for path in folder.iterdir():
        path.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)
        (folder / (name + bundle.SIG_SUFFIX)).write_text(key.sign(data), encoding="ascii")


def png(width: int, height: int, rgb: tuple[int, int, int] = (59, 125, 216)) -> bytes:
    """A real PNG of one colour, made without Qt (the core's tests run without it)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )
