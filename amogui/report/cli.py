"""``amogui verify DIR [--allowed-signers FILE]``: check a signed report bundle.

Exit 0 when every signature and every MANIFEST hash is good and no file is missing or
added, 1 otherwise, 2 for usage errors (no such folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from amogui.base import argtypes

# An allowed_signers file lists a few keys; a larger one is a mistake (or a FIFO).
MAX_SIGNERS_BYTES = 1024 * 1024

DESCRIPTION = "Verify a signed amogui report bundle: every signature and every listed hash."
EPILOG = """\
Without --allowed-signers the bundle's own allowed_signers is used: compare the printed
fingerprint with the one the tester published. ssh-keygen can check the same bundle:
see VERIFY.txt inside it.

exit status: 0 all good, 1 a file failed, 2 usage error"""


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
        help="an allowed_signers file of keys you trust (default: the bundle's own)",
    )


def run(args: argparse.Namespace) -> int:
    from amogui.report.verify import BundleError, verify_bundle

    allowed: Path | None = args.allowed_signers
    if allowed is not None and not allowed.is_file():
        print(f"amogui verify: {allowed} is not a file", file=sys.stderr)
        return 2
    try:
        result = verify_bundle(args.directory, allowed)
    except BundleError as exc:
        print(f"amogui verify: {exc}", file=sys.stderr)
        return 2
    print(f"Bundle {result.directory}")
    for check in result.files:
        line = f"  {'OK' if check.ok else 'FAILED':<7}{check.name}"
        print(f"{line}: {check.problem}" if check.problem else line)
    for problem in result.problems:
        print(f"  FAILED {problem}")
    if result.fingerprint:
        print(f"Signer: {result.identity or '(no identity)'} {result.fingerprint}")
    print(f"Trust:  {result.trust}")
    if result.ok:
        print(f"Result: all {len(result.files)} files verified")
        return 0
    failed = len(result.failures) + len(result.problems)
    print(f"Result: FAILED ({failed} problem{'s' if failed != 1 else ''})")
    return 1
