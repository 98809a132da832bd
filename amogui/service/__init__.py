"""The service: one Qt-free session of work that the window and `amogui run` both drive.

- `amogui.service.service.Service` — the checklist, the run and its autosave, the target,
  the checks and deep links, verdicts and progress, attachments, export and verify.
- `amogui.service.events` — what it tells its listeners (frozen dataclasses).
- `amogui.service.target` — profile, users' tokens, the sandbox and its demo users.
- `amogui.service.browser` — which browser opens the authorize URL.
- `amogui.service.signing` — who signs a report, with which key.
- `amogui.service.saver` — the autosave worker.

Importing this package is cheap; import the modules you use.
"""
