"""``amogui verify DIR [--allowed-signers FILE] [--identity EMAIL]``: check a signed bundle.

Exit 0 only when every signature and every MANIFEST hash is good, no file is missing or
added, AND the signer's key is trusted (by FILE, else by the user's default trust file or
the team's file next to ``--checklist``); 1 otherwise (a bad file, or an untrusted
signer); 2 for usage errors. Every line printed is inert: a bundle's own text cannot
move the cursor, clear the screen or add lines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from amogui.base import argtypes

# An allowed_signers file lists a few keys; a larger one is a mistake (or a FIFO).
MAX_SIGNERS_BYTES = 1024 * 1024

DESCRIPTION = (
    "Verify a signed amogui report bundle: every signature and hash, and whether the "
    "signer is one you trust."
)
EPILOG = """\
Trust comes from allowed_signers files you control (the OpenSSH format, as for git's
gpg.ssh.allowedSignersFile): --allowed-signers FILE alone when given, else your default
trust file (the "allowed_signers" file in amogui's config folder; the window's Verify can
add a signer to it) and a team file "allowed_signers" next to the checklist (--checklist).
The bundle's own signer.pub and allowed_signers prove only that nothing changed after
signing: a bundle signed by a key you have not trusted is reported UNTRUSTED.

exit status: 0 intact and signed by a trusted key, 1 a file failed or the signer is not
trusted, 2 usage error"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory", metavar="DIR", type=argtypes.existing_dir, help="the report bundle folder"
    )
    parser.add_argument(
        "--allowed-signers",
        metavar="FILE",
        type=lambda value: Path(
            argtypes.regular_file(MAX_SIGNERS_BYTES, "allowed signers file")(value)
        ),
        help="an allowed_signers file of keys you trust (only this file counts)",
    )
    parser.add_argument(
        "--identity",
        metavar="EMAIL",
        type=argtypes.text(what="The identity"),
        help="require the key to be trusted as this identity (ssh-keygen -Y verify -I)",
    )
    parser.add_argument(
        "--checklist",
        metavar="FILE",
        type=Path,  # only its folder counts: the file itself need not be there
        help="the checklist in use: an allowed_signers file next to it is trusted too",
    )


def _out(text: object) -> None:
    from amogui.base.i18n import render
    from amogui.report.trust import inert

    # Everything printed is made inert: file names, problems and identities come from
    # the bundle, and ESC sequences in them must not hide or fake a line.
    print(inert(render(text), 2000))


def run(args: argparse.Namespace) -> int:
    from amogui.report.verify import BundleError, verify_bundle

    allowed: Path | None = args.allowed_signers
    if allowed is not None and not allowed.is_file():
        print(f"amogui verify: {allowed} is not a file", file=sys.stderr)
        return 2
    source = str(args.checklist) if args.checklist else None
    try:
        result = verify_bundle(args.directory, allowed, args.identity, checklist_source=source)
    except BundleError as exc:
        print(f"amogui verify: {exc}", file=sys.stderr)
        return 2
    _out(f"Bundle {result.directory}")
    for check in result.files:
        line = f"  {'OK' if check.ok else 'FAILED':<7}{check.name}"
        _out(f"{line}: {check.problem}" if check.problem else line)
    for problem in result.problems:
        _out(f"  FAILED {problem}")
    _out(f"Integrity: {_render(result.integrity_line())}")
    _out(f"Trust:     {_render(result.trust_line())}")
    consulted = ", ".join(str(p) for p in result.trust_sources) or "none"
    _out(f"           (trust files read: {consulted})")
    for problem in result.trust_problems:
        _out(f"           {problem}")
    hint = result.trust_hint()
    if hint is not None and result.intact:
        _out(f"           {_render(hint)}")
    _out(f"Result:    {_render(result.verdict_line())}")
    return 0 if result.ok else 1


def _render(text: object) -> str:
    from amogui.base.i18n import render

    return render(text)
