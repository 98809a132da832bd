"""The window end to end: every check run from the window against an in-process sandbox.

The "browser" here walks the sandbox's consent page as the built-in stand-in browser does
(Allow, follow the redirect to the backend callback, read the deep link);
the deep link then travels the real way, through the single-instance IPC socket that
`amogui open-url` uses, into the waiting flow.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from amogui.checklist import load_bundled
from amogui.checks.registry import CHECK_IDS
from amogui.checks.verdicts import step_status
from amogui.desktop.ipc import IPCServer, send_url, server_name
from amogui.run.state import Status
from amogui.run.store import RunStore
from amogui.service.service import Service
from amogui.settings.profiles import SANDBOX_PROFILE
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui.main_window import MainWindow
from tests.oauth.consent import allow_and_follow


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = qasync.QEventLoop(qapp, already_running=True)
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="e2e-to-thread")
    event_loop.set_default_executor(executor)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    asyncio.set_event_loop(None)
    executor.shutdown(wait=True)
    # qasync marked it as the thread's running loop; a later asyncio.run() would refuse.
    asyncio.events._set_running_loop(None)


def wait(qtbot: Any, loop: asyncio.AbstractEventLoop, coro: Any, timeout: int = 60_000) -> Any:
    future = asyncio.ensure_future(coro, loop=loop)
    qtbot.waitUntil(future.done, timeout=timeout)
    return future.result()


@pytest.fixture
def sandbox_window(
    qtbot: Any, loop: asyncio.AbstractEventLoop
) -> Iterator[tuple[MainWindow, IPCServer]]:
    session = Service(
        RunStore(), checklist=load_bundled(), profiles=ProfileStore(), secrets=SecretStore()
    )
    assert wait(qtbot, loop, session.target.activate(SANDBOX_PROFILE, fresh_sandbox=True))
    window = MainWindow(session)
    qtbot.addWidget(window)
    name = server_name(f"e2e-{uuid.uuid4().hex[:10]}")  # never another test run's
    server = IPCServer(name, parent=window)
    server.url_received.connect(window.deliver_deeplink)
    server.listen()
    tasks: set[asyncio.Task[None]] = set()

    async def follow(url: str) -> None:
        link = await allow_and_follow(url, session.target.profile.deeplink_prefix)
        if link is not None:  # what `amogui open-url LINK` does
            await asyncio.to_thread(send_url, link, "argv", 5.0, name=name)

    def open_url(url: str) -> None:
        task = asyncio.ensure_future(follow(url))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    window.checks.browser_override = open_url
    window.checks.deeplink_timeout = 20
    yield window, server
    server.shutdown()
    window.close()  # stops the sandbox too


def test_run_all_checks_from_the_window(
    sandbox_window: tuple[MainWindow, IPCServer],
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    window, _server = sandbox_window
    window.set_verdict("s4", Status.BLOCKED)  # a manual verdict set before the run
    task = window.checks.start(None)
    assert task is not None
    qtbot.waitUntil(task.done, timeout=90_000)
    results = task.result()

    assert set(results) == set(CHECK_IDS)
    failed = {cid: r.summary for cid, r in results.items() if r.status is not Status.PASSED}
    assert failed == {}
    run = window.run
    assert step_status(run, "s1") is Status.PASSED
    assert step_status(run, "s2.k4") is Status.PASSED
    assert step_status(run, "s4") is Status.BLOCKED and run.is_manual("s4")  # the manual one wins
    assert "decided" in window.progress_label.text()
    # The deep link came through the IPC socket and is in the timeline.
    assert any(e.kind == "deeplink" and e.via == "argv" for e in run.timeline)
    # Every exchange is in the log panel; curl and HAR stay redacted.
    assert len(window.log_panel.exchanges) == len(run.exchanges) > 10
    token = window.service.target.token("A")
    assert token
    window.log_panel.select(next(x.id for x in run.exchanges if x.check_id == "status.before"))
    redacted = window.log_panel.curl_text()
    real = window.log_panel.curl_text(real_token=True)
    assert redacted and token not in redacted
    assert real and token in real
    har = tmp_path / "requests.har"
    assert wait(qtbot, loop, window.log_panel.export_har(har))
    text = har.read_text(encoding="utf-8")
    assert json.loads(text)["log"]["version"] == "1.2"
    assert token not in text
    # The saved run holds no token either.
    window.service.flush()
    saved = RunStore().path(run.run_id).read_text(encoding="utf-8")
    assert token not in saved
