"""A full run of the real checks against the sandbox, exported as a signed bundle.

The run uses the check tests' driver (a real sandbox, a browser stand-in that consents
and follows the callback). Afterwards every secret the sandbox knows (both users' JWTs,
the amoCRM codes, the access and refresh tokens, the sandbox's signing secrets) is
looked for, raw, URL-encoded and base64, in every file of the bundle.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

from amogui.checklist import load_bundled
from amogui.report import bundle, keys, sshsig
from amogui.report.export import export_bundle
from amogui.report.pdf import render_pdf
from amogui.report.trust import trust_signer
from amogui.report.verify import verify_bundle
from amogui.sandbox import Sandbox
from tests.checks.conftest import drive, make_sandbox
from tests.report.conftest import keygen_verify, ssh_keygen

__all__ = ["make_sandbox", "ssh_keygen"]  # fixtures shared with the check and report tests


def forms(secret: str) -> set[bytes]:
    raw = secret.encode()
    out = {secret, quote(secret, safe=""), base64.b64encode(raw).decode().rstrip("=")}
    out.add(base64.urlsafe_b64encode(raw).decode().rstrip("="))
    return {f.encode() for f in out if len(f) >= 8}


def sandbox_secrets(sandbox: Sandbox) -> set[str]:
    runtime = sandbox.runtime
    store = runtime.store
    found = {sandbox.token_for(u.email) for u in sandbox.users[:2]}
    found |= {runtime.jwt_secret, runtime.amo_secret}
    found |= {str(r["code"]) for r in store._all("SELECT code FROM amo_codes")}
    found |= {str(r["token"]) for r in store._all("SELECT token FROM amo_grants")}
    return found


def test_sandbox_run_exports_a_bundle_that_verifies_and_leaks_nothing(
    qapp: Any, tmp_path: Path, make_sandbox: Callable[..., Sandbox], ssh_keygen: str
) -> None:
    sandbox = make_sandbox("global-tokens")
    # On its own thread: a Qt test before this one may leave its qasync loop marked as
    # running on the main thread, and asyncio.run refuses to start inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        outcome = pool.submit(drive, sandbox).result(timeout=300)
    secrets = sandbox_secrets(sandbox)
    assert len(secrets) >= 6  # two JWTs, two sandbox secrets, a code, an access token...
    run = outcome.run
    run.finished_at = "2099-01-01T00:00:00+00:00"
    run.tester.email = "tester@example.com"
    key = keys.keychain_key()
    out = tmp_path / "bundle"
    export_bundle(run, load_bundled(), out, key, pdf=render_pdf)

    result = verify_bundle(out)
    assert result.intact and not result.trusted  # nobody has trusted this key yet
    trust_signer("tester@example.com", key.public_key)
    assert verify_bundle(out).ok
    for name in bundle.ALL_FILES:
        done = keygen_verify(
            ssh_keygen,
            out / bundle.ALLOWED_SIGNERS,
            "tester@example.com",
            sshsig.NAMESPACE,
            out / (name + ".sig"),
            out / name,
        )
        assert done.returncode == 0, (name, done.stderr)

    files = {p.name: p.read_bytes() for p in out.iterdir()}
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(
            ["pdftotext", str(out / "report.pdf"), "-"], capture_output=True, check=True, timeout=60
        )
        files["report.pdf (text)"] = pdf_text.stdout
    looked_for = set().union(*(forms(s) for s in secrets))
    for name, data in files.items():
        leaked = [f for f in looked_for if f in data]
        assert not leaked, f"{name} holds a secret"
    report = files["report.json"].decode()
    assert '"verdict": "failed"' in report  # global tokens: isolation fails
    assert "problem.2" in report
    if shutil.which("pdfinfo") and shutil.which("pdftotext"):
        assert_a_short_pdf_that_opens_with_the_defects(out / "report.pdf")


def assert_a_short_pdf_that_opens_with_the_defects(pdf: Path) -> None:
    """A whole sandbox run reads in a few pages (the bodies are summarised; requests.har
    has them), and the open defects are on the first page, right after the verdict."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(x.split()[-1] for x in info.stdout.splitlines() if x.startswith("Pages:")))
    assert pages <= 10, pages
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "Open defects" in first and "isolation.user-b" in first
