"""The qasync loop `amogui.desktop.eventloop` runs (and the window runs) must let the
interpreter exit cleanly.

PySide6 6.12 on Python 3.11 aborts at interpreter exit ("bool_dealloc", exit 134) once a
qasync loop has served a few dozen socket events. The dependency markers in
pyproject.toml avoid that combination; this test proves the installed one exits cleanly.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from PySide6.QtCore import QCoreApplication
    import qasync, httpx

    async def handle(reader, writer):
        while True:
            line = await reader.readline()
            if line in (b"\\r\\n", b"\\n", b""):
                break
        writer.write(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")
        await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                reply = await client.get(f"http://127.0.0.1:{port}/")
                assert reply.text == "ok"
        server.close()
        await server.wait_closed()
        return 0

    app = QCoreApplication(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code = loop.run_until_complete(main())
    print("done")
    sys.exit(code)
    """
)


def test_hundreds_of_requests_on_qasync_then_a_clean_exit() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "done"
