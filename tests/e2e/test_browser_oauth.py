"""The OAuth leg in a real browser: headless Chromium (Debian's package, driven by
Playwright) clicks Allow on the sandbox's consent page and runs the callback page in each
style the backend has used; the custom-scheme navigation it attempts is captured and
handed to the OS handler path (`amogui open-url -- URL`), and amogui's IPC server gets
it with the state of the flow that was started.

Chromium cannot launch an OS handler headless, so the test plays the OS's part: it
captures the attempted ``foryoure://`` navigation (Playwright ``request`` event; CDP
``Page.frameRequestedNavigation`` as a second witness) and runs the handler's command.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from amogui.desktop.ipc import IPCServer, server_name
from amogui.desktop.ipc_client import SUFFIX_ENV
from amogui.oauth.authorize import Consume, FlowRegistry
from amogui.oauth.deeplink import DeepLink, parse_deeplink
from amogui.sandbox import Sandbox, SandboxConfig, profile_for

CHROMIUM = Path("/usr/bin/chromium")
HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
    pytest.mark.skipif(not HAVE_PLAYWRIGHT, reason="needs the playwright Python package"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STEP_TIMEOUT_MS = 15000
CAPTURE_TIMEOUT = 20.0


@dataclass
class Capture:
    requests: list[str] = field(default_factory=list)  # Playwright `request` events
    cdp: list[str] = field(default_factory=list)  # CDP Page.frameRequestedNavigation
    popups: int = 0


def drive_chromium(authorize_url: str, prefix: str, click_button: bool) -> Capture:
    """Runs in a worker thread: Playwright's sync API must not meet a running asyncio loop."""
    from playwright.sync_api import sync_playwright

    capture = Capture()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS, timeout=30000
        )
        try:
            context = browser.new_context()
            context.set_default_timeout(STEP_TIMEOUT_MS)
            context.on(
                "request", lambda r: r.url.startswith(prefix) and capture.requests.append(r.url)
            )
            context.on("page", lambda _page: setattr(capture, "popups", capture.popups + 1))
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Page.enable")
            cdp.on(
                "Page.frameRequestedNavigation",
                lambda e: e["url"].startswith(prefix) and capture.cdp.append(e["url"]),
            )
            page.goto(authorize_url)
            page.click("#allow", no_wait_after=True)
            if click_button:
                page.wait_for_url("**/amo-crm/callback*")
                page.click("button#return", no_wait_after=True)
            deadline = time.monotonic() + CAPTURE_TIMEOUT
            # Events are delivered while Playwright runs a call: wait in small steps.
            while not capture.requests and time.monotonic() < deadline:
                page.wait_for_timeout(100)
        finally:
            browser.close()
    return capture


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig()) as sb:
        yield sb


@pytest.fixture
def ipc(qtbot: QtBot) -> Iterator[tuple[IPCServer, str]]:
    suffix = f"br-{uuid.uuid4().hex[:10]}"
    server = IPCServer(server_name(suffix))
    server.listen()
    yield server, suffix
    server.shutdown()


@pytest.mark.parametrize(
    ("faults", "click_button"),
    [((), False), (("callback-js",), False), (("callback-button",), True)],
    ids=["302", "js-redirect", "button"],
)
def test_chromium_oauth_leg_reaches_amogui(
    qtbot: QtBot,
    sandbox: Sandbox,
    ipc: tuple[IPCServer, str],
    faults: tuple[str, ...],
    click_button: bool,
) -> None:
    server, suffix = ipc
    sandbox.set_faults(faults)
    profile = profile_for(sandbox)
    registry = FlowRegistry()
    flow = registry.start(profile)

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(drive_chromium, flow.url, profile.deeplink_prefix, click_button)
        qtbot.waitUntil(future.done, timeout=120000)
        capture = future.result()
    assert capture.requests, f"Chromium attempted no {profile.deeplink_prefix} navigation"
    url = capture.requests[0]
    if "callback-js" in faults:
        assert url in capture.cdp  # script-initiated: CDP saw the page ask for it too
    if click_button:
        assert capture.popups >= 1  # window.open from the button

    # Play the OS: run the handler's command with the captured URL.
    env = {**os.environ, SUFFIX_ENV: suffix}
    with qtbot.waitSignal(server.url_received, timeout=30000) as blocker:
        proc = subprocess.Popen(
            [sys.executable, "-m", "amogui", "open-url", "--", url],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert blocker.args == [url, "argv"]
    link = parse_deeplink(blocker.args[0], profile)
    assert isinstance(link, DeepLink) and link.code
    assert registry.consume(link.state) is Consume.OK
    sandbox.set_faults(())
