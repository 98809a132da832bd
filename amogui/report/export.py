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
import shlex
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from amogui.base.files import SHARED_FILE, atomic_write
from amogui.base.i18n import Catalogue, Text, catalogue, render, t
from amogui.base.redact import REDACTOR
from amogui.checklist.model import Checklist
from amogui.report import bundle, sshsig
from amogui.report.har import to_har
from amogui.report.html_report import render_html
from amogui.report.junit import render_junit
from amogui.report.keys import SignerChoice, SigningKey
from amogui.report.model import Report, build_report, scrub
from amogui.report.trust import principal_problem
from amogui.run.attachments import read_attachment
from amogui.run.state import Run
from amogui.settings.identity import Identity

log = logging.getLogger(__name__)

DEFAULT_IDENTITY = "amogui-report"

#: Makes report.pdf from the report, report.json's bytes (embedded) and the attachments.
PdfRenderer = Callable[[Report, bytes, Mapping[str, bytes]], bytes]


class ExportError(Exception):
    """The bundle cannot be written, with one sentence saying why."""


def signer_identity(tester_email: str, key: SigningKey) -> str:
    """The principal in allowed_signers: the tester's e-mail, else the key's comment,
    when either is a plain identity (`amogui.report.trust.principal_problem`)."""
    for candidate in (tester_email.strip(), key.comment.strip()):
        if candidate and principal_problem(candidate) is None:
            return candidate
    return DEFAULT_IDENTITY


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- VERIFY.txt ------------------------------------------------------------------------------

# Run in the bundle's folder, any POSIX shell: every file that MANIFEST does not list
# (itself and the signatures of listed files aside). `sha256sum -c` cannot see these.
ADDED_FILES_LOOP = """\
   for f in * .[!.]* ..?*; do
     [ -e "$f" ] || continue
     case "$f" in MANIFEST|MANIFEST.sig) continue ;; esac
     cut -c67- MANIFEST | grep -qxF -- "${f%.sig}" || echo "ADDED: $f"
   done"""


def _keygen(identity: str, allowed: str, signature: str) -> str:
    ns = sshsig.NAMESPACE
    return f"ssh-keygen -Y verify -f {allowed} -I {shlex.quote(identity)} -n {ns} -s {signature}"


TRUSTED = '"$TRUSTED"'  # the verifier's own allowed_signers, a shell variable they set

# VERIFY.txt is a list of parts: a Text is a paragraph (translated, wrapped), a str a line
# kept exactly as written (commands, blank lines).
_Part = Text | str


def verify_text(
    report: Report, key: SigningKey, identity: str, names: list[str], note: Text | None = None
) -> str:
    """VERIFY.txt: how anyone checks the bundle with OpenSSH and coreutils alone, in the
    report's language. The tests run every command in it as written."""
    cat = catalogue(str(report.get("language") or "en"))
    parts = [
        *_verify_head(report, key, identity, cat),
        *_verify_trust(key, identity),
        *_verify_integrity(identity, names),
        *_verify_tail(names, note),
    ]
    out: list[str] = []
    for part in parts:
        out += _wrap(render(part, cat)) if isinstance(part, Text) else [part]
    return "\n".join(out) + "\n"


def _verify_head(report: Report, key: SigningKey, identity: str, cat: Catalogue) -> list[_Part]:
    def field(label: Text, value: str) -> str:
        return f"{render(label, cat):<14}{value}"

    parts: list[_Part] = [
        t("amogui report bundle {id}", id=report["report_id"]),
        "",
        field(t("Signed as:"), identity),
        field(t("Key:"), key.public_line("")),
        field(t("Fingerprint:"), key.fingerprint),
        field(t("Namespace:"), sshsig.NAMESPACE),
    ]
    signing = report.get("signing", {})
    if signing.get("one_off"):
        reason = signing.get("one_off_reason") or t("no lasting key could be used")
        parts += ["", one_off_statement(reason)]
    return parts


def one_off_statement(reason: object) -> Text:
    return t(
        "ONE-OFF KEY: this bundle was signed with a key made for it alone ({why}). Nobody "
        "can have published or trusted its fingerprint: the signatures prove that no file "
        "changed after signing, not who signed.",
        why=reason,
    )


def _verify_trust(key: SigningKey, identity: str) -> list[_Part]:
    ns, fingerprint = sshsig.NAMESPACE, key.fingerprint
    good = f'Good "{ns}" signature for {identity} with ED25519 key {fingerprint}'
    trusted = _keygen(identity, TRUSTED, bundle.REPORT_JSON + bundle.SIG_SUFFIX)
    return [
        "",
        t("WHO SIGNED IT (trust)"),
        "",
        t(
            "signer.pub and allowed_signers travel with this bundle. Whoever changes a file "
            "can sign the whole bundle again with a key of their own and replace both, so on "
            "their own they prove only that nothing changed after signing, not who signed. "
            "Check the signatures against an allowed_signers file that YOU keep (your team's "
            "file next to the checklist, or your own), listing the fingerprint the tester "
            "published. In this folder:"
        ),
        "",
        "   ssh-keygen -l -f signer.pub",
        "   TRUSTED=path/to/your/allowed_signers",
        f"   {trusted} < {bundle.REPORT_JSON}",
        "",
        t(
            "The first command shows the fingerprint: compare it with the published one. The "
            "last prints the line below only when your file trusts this key as {identity}:",
            identity=identity,
        ),
        f"   {good}",
        t("amogui does the same, and says UNTRUSTED for a key you have not trusted:"),
        f'   amogui verify . --allowed-signers "$TRUSTED" --identity {shlex.quote(identity)}',
        "   amogui verify .",
        t("(without --allowed-signers: your default trust file and the team's file)"),
    ]


def _verify_integrity(identity: str, names: list[str]) -> list[_Part]:
    loop_names = " ".join(shlex.quote(n) for n in names)
    each = _keygen(identity, TRUSTED, '"$f.sig"')
    return [
        "",
        t("EVERY FILE (integrity)"),
        "",
        t("1. Every signature (each file has FILE.sig next to it):"),
        f"   for f in {loop_names}; do",
        f'     {each} < "$f" || echo "FAILED: $f"',
        "   done",
        t(
            'With -f allowed_signers (the bundle\'s own file) in place of "$TRUSTED" the same '
            "loop proves integrity only."
        ),
        "",
        t("2. No listed file is missing or changed:"),
        "   sha256sum -c MANIFEST",
        "",
        t("3. No file was added (sha256sum -c does not notice added files):"),
        ADDED_FILES_LOOP,
    ]


def _verify_tail(names: list[str], note: Text | None) -> list[_Part]:
    parts: list[_Part] = [
        "",
        t(
            "report.json is the master record. No secret (tokens, codes, passwords) is in "
            "any file: see the Redaction section of the report."
        ),
    ]
    if bundle.REPORT_PDF in names:
        parts.append(
            t(
                "report.pdf carries a copy of report.json as an embedded file "
                "(pdfdetach -list report.pdf)."
            )
        )
    if note:
        parts += ["", t("Note: {note}", note=note)]
    return parts


def _wrap(text: str, width: int = 88) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


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
) -> tuple[dict[str, bytes], Text | None]:
    """The report files' bytes, then the attachments', and a note when the PDF could not
    be made."""
    report_json = _json_bytes(report)
    files = {
        bundle.REPORT_JSON: report_json,
        bundle.REPORT_HTML: render_html(report, attached).encode("utf-8"),
        bundle.JUNIT_XML: render_junit(report),
        bundle.REQUESTS_HAR: _json_bytes(scrub(to_har(run.exchanges, report["report_id"]))),
    }
    note = None
    if pdf is not None:
        try:
            files[bundle.REPORT_PDF] = pdf(report, report_json, attached)
        except Exception as exc:  # the rest of the bundle must not be lost over the PDF
            log.warning("report.pdf could not be made: %s", exc)
            note = t(
                "report.pdf could not be made ({why}); the other files are complete.",
                why=REDACTOR.text(str(exc)),
            )
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
    signer: SigningKey | SignerChoice,
    *,
    profile_name: str | None = None,
    base_url: str | None = None,
    environment: dict[str, str] | None = None,
    pdf: PdfRenderer | None = None,
    tester: Identity | None = None,
    language: str = "en",
) -> list[Path]:
    """Write and sign the bundle in ``out_dir``; return every file written, in order.

    ``signer`` is the key, or `amogui.report.keys.choose_signer`'s choice (which also
    says why a one-off key was used). ``tester`` names who ran the checks (else the run's
    own record). ``language`` is the report's ("uk", "en"). ``out_dir`` must be empty or
    hold an earlier bundle (which is replaced). ``pdf`` draws report.pdf from the report,
    report.json's bytes and the attachments (the front ends pass
    `amogui.report.pdf.render_pdf`); None leaves the PDF out.
    """
    out_dir = Path(out_dir)
    _prepare(out_dir)
    choice = signer if isinstance(signer, SignerChoice) else SignerChoice(signer, "")
    key = choice.key
    email = tester.email if tester else run.tester.email
    identity = signer_identity(email, key)
    signing: dict[str, Any] = {
        "identity": identity,
        "fingerprint": key.fingerprint,
        "key_type": sshsig.KEY_TYPE,
        "namespace": sshsig.NAMESPACE,
        "one_off": choice.one_off,
    }
    if choice.one_off:
        signing["one_off_reason"] = REDACTOR.text(choice.one_off_reason) or None
    attached = attachment_files(run)  # each kept copy read (and checked) once
    report = build_report(
        run,
        checklist,
        profile_name=profile_name,
        base_url=base_url,
        environment=environment,
        signer=signing,
        attached=attached,
        tester=tester,
        language=language,
    )
    files, note = _contents(run, report, pdf, attached)
    names = [*files, bundle.VERIFY_TXT, bundle.SIGNER_PUB, bundle.ALLOWED_SIGNERS, bundle.MANIFEST]
    files[bundle.VERIFY_TXT] = verify_text(report, key, identity, names, note).encode()
    files[bundle.SIGNER_PUB] = (key.public_line(identity) + "\n").encode()
    allowed = sshsig.AllowedSigner((identity,), key.public_key, (sshsig.NAMESPACE,))
    files[bundle.ALLOWED_SIGNERS] = (allowed.line() + "\n").encode()
    files[bundle.MANIFEST] = bundle.manifest_text(files).encode()
    return _write_and_sign(out_dir, files, key)


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
