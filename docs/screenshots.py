"""Take the README's screenshots from the real window, under a real X server.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots.py
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots.py \\
        --fault version-4 --name version-4

The window runs every check against a fresh local sandbox (with the given faults), in
Ukrainian unless --lang says otherwise; the consent page's Allow is pressed the way a
tester's browser does, and the deep link comes back the way the OS handler brings it.
Then it is grabbed at 1440x900 and 1024x640 (the step shown is --step, the request log
opened at 1024x640). HOME and the XDG folders point into a temporary folder and the
keychain lives in memory, so nothing of the user's own amogui is read or changed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = ((1440, 900), (1024, 640))


def private_home() -> None:
    home = Path(tempfile.mkdtemp(prefix="amogui-screenshots-"))
    for variable, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        os.environ[variable] = str(home / sub)
    (home / "Documents").mkdir(parents=True)


def memory_keychain() -> None:
    """A keychain that keeps secrets for this process only, as a tester's desktop keychain
    would keep them (a machine without one shows a banner about it in every picture)."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    keyring.set_keyring(MemoryKeyring())


async def allow(url: str, prefix: str) -> str | None:
    """What a tester's browser does on the sandbox's consent page (walked as the built-in
    stand-in browser walks it): Allow, follow the callback, the deep link it leads to."""
    from amogui.oauth.autobrowser import AutobrowserError, follow

    try:
        found = await asyncio.to_thread(follow, url, prefix)
    except AutobrowserError:
        return None
    return found.url


async def settle(app: object, seconds: float = 0.6) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(int(seconds / 0.05)):
        QApplication.processEvents()
        await asyncio.sleep(0.05)


async def shoot(args: argparse.Namespace) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from amogui.checklist import load_bundled
    from amogui.run.store import RunStore
    from amogui.service.service import Service
    from amogui.settings.profiles import SANDBOX_PROFILE
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore
    from amogui.ui.main_window import MainWindow

    app = QApplication.instance()
    profiles = ProfileStore()
    stored = profiles.get(SANDBOX_PROFILE)
    stored.sandbox_faults = list(args.fault)
    profiles.update(stored)
    service = Service(
        RunStore(), checklist=load_bundled(), profiles=profiles, secrets=SecretStore()
    )
    window = MainWindow(service)
    window.targets_are_ready()
    if not await service.target.activate(SANDBOX_PROFILE):
        raise SystemExit("the sandbox did not start")
    pending: set[asyncio.Task[None]] = set()

    async def follow(url: str) -> None:
        link = await allow(url, service.target.profile.deeplink_prefix)
        if link is not None:
            window.deliver_deeplink(link, "ipc")  # as `amogui open-url` hands it over

    def open_url(url: str) -> None:
        task = asyncio.ensure_future(follow(url))
        pending.add(task)
        task.add_done_callback(pending.discard)

    window.checks.browser_override = open_url
    window.checks.deeplink_timeout = 20
    window.resize(*SIZES[0])
    window.show()
    task = window.checks.start(None)
    if task is not None:
        await task
    window.connect_dialog.hide()
    written = []
    for width, height in SIZES:
        window.resize(width, height)
        window.select_step(args.step)
        if (width, height) == SIZES[-1] and args.log:
            evidence = service.run.checks.get(args.log)
            if evidence is not None and evidence.evidence:
                window.show_exchange(evidence.evidence[0])  # what a click on the id does
            else:
                window.toggle_log()
        await settle(app)
        path = args.out / f"{args.name}-{width}x{height}.png"
        window.grab().save(str(path))
        written.append(path)
    window.close()
    await service.target.stop_sandbox()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", action="append", default=[], help="a sandbox switch")
    parser.add_argument("--name", default="full", help="the pictures' name: NAME-WxH.png")
    parser.add_argument("--step", default="s2.k3", help="the step shown (a step id)")
    parser.add_argument("--log", default="", help="a check whose first exchange the log shows")
    parser.add_argument("--lang", default="uk", choices=("uk", "en"))
    parser.add_argument("--out", type=Path, default=HERE / "screenshots")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        parser.error("needs an X server: run it under xvfb-run (see the docstring)")
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    private_home()
    memory_keychain()
    args.out.mkdir(parents=True, exist_ok=True)

    import qasync
    from PySide6.QtWidgets import QApplication

    from amogui.ui import i18n
    from amogui.ui.appearance import follow_system

    app = QApplication(sys.argv[:1])
    app.setApplicationName("amogui")
    i18n.install(app, args.lang)
    follow_system(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        written = loop.run_until_complete(shoot(args))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
