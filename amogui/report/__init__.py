"""The signed report bundle: report model, writers, SSH signatures, signing key, trust.

Public API (import the submodules; this package imports nothing heavy):

- `amogui.report.export.export_bundle(run, checklist, out_dir, signer, *, profile_name=None,
  base_url=None, environment=None, pdf=None, tester=None, language="en") -> list[Path]`:
  write and sign the bundle; ``signer`` is a `SigningKey` or `keys.choose_signer`'s choice;
  `pdf` is the front end's renderer (`amogui.report.pdf.render_pdf`, Qt), None: no PDF.
- `amogui.report.keys.choose_signer(explicit=None, *, settings=None, env=None,
  passphrase=None, one_off_when_unusable=True) -> SignerChoice`: which key signs
  (``--signing-key``, ``AMOGUI_SIGNING_KEY`` + ``_PASSPHRASE``, the settings, amogui's own
  key); also `amogui_key()`, `load_key_file(path, passphrase)`, `key_file_fingerprint`.
- `amogui.report.verify.verify_bundle(dir, allowed_signers=None, identity=None, *,
  checklist_source=None) -> VerifyResult`: integrity and trust, reported apart.
- `amogui.report.trust`: trust files (`default_trust_file`, `team_trust_file`),
  `trust_signer(principal, key)`, `inert(text)` for anything a bundle says.
- `amogui.report.sshsig.sign(data, private_key, namespace)` / `verify(...)`; the report
  namespace is `sshsig.NAMESPACE` = ``amogui-report@foryou``.
- `amogui.report.har.to_har(exchanges) -> dict` (HAR 1.2), also for the log panel export.
- `amogui.report.model.build_report(run, checklist, ..., tester=None, language="en") -> dict`
  (report.json's data), `choose_language(explicit)`, `collect_environment(browser, handler)`.
"""
