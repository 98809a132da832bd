"""The signed report bundle: report model, writers, SSH signatures, verification.

Public API (import the submodules; this package imports nothing heavy):

- `amogui.report.export.export_bundle(run, checklist, out_dir, signer, *, profile_name=None,
  base_url=None, environment=None, pdf=None) -> list[Path]`: write and sign the bundle;
  `pdf` is the front end's renderer (`amogui.report.pdf.render_pdf`, Qt), None: no PDF.
- `amogui.report.keys.signing_key(path=None, passphrase=None, *, allow_ephemeral=False)`,
  `load_key_file(path, passphrase)`, `keychain_key()`, `SigningKey.fingerprint`.
- `amogui.report.verify.verify_bundle(dir, allowed_signers=None) -> VerifyResult`.
- `amogui.report.sshsig.sign(data, private_key, namespace)` / `verify(...)`; the report
  namespace is `sshsig.NAMESPACE` = ``amogui-report@foryou``.
- `amogui.report.har.to_har(exchanges) -> dict` (HAR 1.2), also for the log panel export.
- `amogui.report.model.build_report(run, checklist, ...) -> dict` (report.json's data),
  `collect_environment(browser, handler)`.
"""
