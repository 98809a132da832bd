from __future__ import annotations

import subprocess
import sys
import textwrap

# run_until_complete on a second qasync loop must not run inside the pytest-qt session
# (it would upset the session's own loop for every later test), so run_async is exercised
# in a fresh interpreter.
SCRIPT = textwrap.dedent(
    """
    import asyncio, os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, QTimer
    from amogui.desktop.eventloop import run_async
    from amogui.desktop.ipc import IPCServer, server_name, send_url

    async def main():
        # a Qt timer and an asyncio sleep both progress on the same loop
        fired = asyncio.get_running_loop().create_future()
        QTimer.singleShot(10, lambda: fired.set_result("qt"))
        await asyncio.sleep(0.01)
        server = IPCServer(server_name("evloop-%d" % os.getpid()))
        server.listen()
        got = asyncio.get_running_loop().create_future()
        server.url_received.connect(lambda url, via: got.done() or got.set_result((url, via)))
        sent = asyncio.get_running_loop().run_in_executor(
            None, lambda: send_url("foryoure://amo-crm/callback?code=1&state=2", name=server.name)
        )
        result = await asyncio.wait_for(got, 5)
        ok = await sent
        server.shutdown()
        return (await fired, result, ok)

    print(run_async(main))
    assert QCoreApplication.instance() is not None
    print(run_async(lambda: asyncio.sleep(0, "again")))
    """
)


def test_run_async_serves_qt_and_asyncio() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "('qt', ('foryoure://amo-crm/callback?code=1&state=2', 'argv'), True)"
    assert lines[1] == "again"
