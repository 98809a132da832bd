"""Export the signed report bundle (``amogui run --report DIR`` and Export in the window).

`export_bundle` builds the one report model, writes every file atomically (a crash
leaves the old file or the new one, never half), writes a MANIFEST with every file's
SHA-256, and then signs each file (``<file>.sig``, SSHSIG, namespace
``amogui-report@foryou``).

The PDF is drawn by a renderer the front end passes in (``pdf=``): Qt's, in
`amogui.report.pdf`, is an adapter this Qt-free module never imports. Everything else is
plain Python and may run on any thread. When the PDF cannot be made, the rest of the
bundle is still written and VERIFY.txt says why.
"""

from __future__ import annotations

import json
import logging
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

from amogui.base.files import SHARED_FILE, atomic_write
from amogui.base.redact import REDACTOR
from amogui.checklist.model import Checklist
from amogui.report import bundle, sshsig
from amogui.report.har import to_har
from amogui.report.html_report import render_html
from amogui.report.junit import render_junit
from amogui.report.keys import SigningKey
from amogui.report.model import Report, build_report, scrub
from amogui.run.attachments import read_attachment
from amogui.run.state import Run

log = logging.getLogger(__name__)

DEFAULT_IDENTITY = "amogui-report"
_PRINCIPAL = re.compile(r"^[^\s,\"'*?!]+$")

PdfRenderer = Callable[[Report, bytes], bytes]


class ExportError(Exception):
    """The bundle cannot be written, with one sentence saying why."""


def signer_identity(run: Run, key: SigningKey) -> str:
    """The principal in allowed_signers: the tester's email, else the key's comment."""
    for candidate in (run.tester.email.strip(), key.comment.strip()):
        if candidate and _PRINCIPAL.match(candidate):
            return candidate
    return DEFAULT_IDENTITY


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def verify_text(report: Report, key: SigningKey, identity: str, names: list[str], note: str) -> str:
    ns = sshsig.NAMESPACE
    q_id = shlex.quote(identity)
    one = f"ssh-keygen -Y verify -f allowed_signers -I {q_id} -n {ns} -s FILE.sig < FILE"
    each = "\n".join(
        f"   ssh-keygen -Y verify -f allowed_signers -I {q_id} -n {ns} -s {n}.sig < {n}"
        for n in names
    )
    loop = (
        f"   for f in {' '.join(names)}; do\n"
        f'     ssh-keygen -Y verify -f allowed_signers -I {q_id} -n {ns} -s "$f.sig" < "$f" '
        '|| echo "FAILED: $f"\n'
        "   done"
    )
    lines = [
        f"amogui report bundle {report['report_id']}",
        "",
        f"Signed by:    {identity}",
        f"Key:          {key.public_line('')}",
        f"Fingerprint:  {key.fingerprint}",
        f"Namespace:    {ns}",
        "",
        "Every file of this folder has an SSH signature next to it (FILE.sig), and MANIFEST",
        "lists every file with its SHA-256. To check that nothing was changed after signing:",
        "",
        "1. Make sure the fingerprint above is the one the tester published (team wiki, chat,",
        "   their profile). signer.pub and allowed_signers travel with the bundle, so on their",
        "   own they only prove the files were not changed by anyone without that key.",
        "   Show the fingerprint:   ssh-keygen -l -f signer.pub",
        "   A trusted allowed_signers file of your own can replace the one in this folder.",
        "",
        "2. Verify each signature (OpenSSH 8.1 or later); each prints 'Good \"...\" signature':",
        f"   {one}",
        each,
        "   or all at once in a POSIX shell:",
        loop,
        "",
        "3. Check that no file is missing, added or changed:",
        "   sha256sum -c MANIFEST",
        "",
        "4. Or let amogui do all of the above:",
        "   amogui verify .                       (keys from this folder)",
        "   amogui verify . --allowed-signers FILE (keys you trust)",
        "",
        "report.json is the master record; report.pdf carries a copy as an embedded file",
        "(pdfdetach -list report.pdf). No secret (tokens, codes, passwords) is in any file:",
        "see the Redaction section of the report.",
    ]
    if note:
        lines += ["", f"Note: {REDACTOR.text(note)}"]
    return "\n".join(lines) + "\n"


def _prepare(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        existing = {p.name for p in out_dir.iterdir()}
    except OSError as exc:
        raise ExportError(f"cannot use {out_dir} for the report: {exc.strerror or exc}") from exc
    foreign = sorted(n for n in existing if not bundle.is_bundle_name(n))
    if foreign:
        raise ExportError(
            f"{out_dir} holds other files ({', '.join(foreign[:3])}); choose an empty folder"
        )


def _contents(
    run: Run, report: Report, pdf: PdfRenderer | None, attached: dict[str, bytes]
) -> tuple[dict[str, bytes], str]:
    """The report files' bytes, then the attachments', and a note when the PDF could not
    be made."""
    report_json = _json_bytes(report)
    files = {
        bundle.REPORT_JSON: report_json,
        bundle.REPORT_HTML: render_html(report).encode("utf-8"),
        bundle.JUNIT_XML: render_junit(report),
        bundle.REQUESTS_HAR: _json_bytes(scrub(to_har(run.exchanges, report["report_id"]))),
    }
    note = ""
    if pdf is not None:
        try:
            files[bundle.REPORT_PDF] = pdf(report, report_json)
        except Exception as exc:  # the rest of the bundle must not be lost over the PDF
            log.warning("report.pdf could not be made: %s", exc)
            note = f"report.pdf could not be made ({exc}); the other files are complete."
    ordered = {n: files[n] for n in bundle.CONTENT_FILES if n in files}
    ordered.update(attached)
    return ordered, note


def attachment_files(run: Run) -> dict[str, bytes]:
    """Bundle name -> bytes of each attachment still as it was attached (the report says
    which ones are missing)."""
    files = {}
    for entry in run.attachments:
        data = read_attachment(entry)
        if data is not None:
            files[bundle.attachment_file(entry)] = data
    return files


def export_bundle(
    run: Run,
    checklist: Checklist,
    out_dir: Path,
    signer: SigningKey,
    *,
    profile_name: str | None = None,
    base_url: str | None = None,
    environment: dict[str, str] | None = None,
    pdf: PdfRenderer | None = None,
) -> list[Path]:
    """Write and sign the bundle in ``out_dir``; return every file written, in order.

    ``out_dir`` must be empty or hold an earlier bundle (which is replaced). ``pdf`` draws
    report.pdf from the report and report.json's bytes (the front ends pass
    `amogui.report.pdf.render_pdf`); None leaves the PDF out.
    """
    out_dir = Path(out_dir)
    _prepare(out_dir)
    identity = signer_identity(run, signer)
    signing = {
        "identity": identity,
        "fingerprint": signer.fingerprint,
        "key_type": sshsig.KEY_TYPE,
        "namespace": sshsig.NAMESPACE,
    }
    attached = attachment_files(run)  # each kept copy read (and checked) once
    report = build_report(
        run,
        checklist,
        profile_name=profile_name,
        base_url=base_url,
        environment=environment,
        signer=signing,
        attached=attached.keys(),
    )
    files, note = _contents(run, report, pdf, attached)
    names = [*files, bundle.VERIFY_TXT, bundle.SIGNER_PUB, bundle.ALLOWED_SIGNERS, bundle.MANIFEST]
    files[bundle.VERIFY_TXT] = verify_text(report, signer, identity, names, note).encode()
    files[bundle.SIGNER_PUB] = (signer.public_line(identity) + "\n").encode()
    allowed = sshsig.AllowedSigner((identity,), signer.public_key, (sshsig.NAMESPACE,))
    files[bundle.ALLOWED_SIGNERS] = (allowed.line() + "\n").encode()
    files[bundle.MANIFEST] = bundle.manifest_text(files).encode()
    return _write_and_sign(out_dir, files, signer)


def _write_and_sign(out_dir: Path, files: dict[str, bytes], signer: SigningKey) -> list[Path]:
    written: list[Path] = []
    try:
        for name, data in files.items():
            atomic_write(out_dir / name, data, mode=SHARED_FILE)
            written.append(out_dir / name)
        for name, data in files.items():
            sig = out_dir / (name + bundle.SIG_SUFFIX)
            atomic_write(sig, signer.sign(data).encode("ascii"), mode=SHARED_FILE)
            written.append(sig)
        # An earlier bundle's files that this one does not have (e.g. its PDF) must go,
        # or verification would report them as added.
        keep = {p.name for p in written}
        for stale in {p.name for p in out_dir.iterdir() if bundle.is_bundle_name(p.name)} - keep:
            (out_dir / stale).unlink(missing_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write the report to {out_dir}: {exc.strerror or exc}") from exc
    return written
