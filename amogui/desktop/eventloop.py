"""Run a coroutine on a qasync loop, with or without a window.

The headless runner (``amogui run``) waits for the deep link while the IPC server, a Qt
object, must keep serving: both need the Qt event loop, so asyncio runs on top of it
(qasync) exactly as in the window.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def _application(gui: bool) -> Any:
    # PySide6 before qasync: qasync binds to the Qt binding it finds already imported.
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:
        return app
    if gui:
        from PySide6.QtWidgets import QApplication

        return QApplication([])
    os.environ.setdefault("QT_API", "pyside6")
    return QCoreApplication([])


def run_async(coro_factory: Callable[[], Coroutine[Any, Any, T]], *, gui: bool = False) -> T:
    """Create (or reuse) the Qt application and a qasync loop; run the coroutine to the end.

    `coro_factory` is called once the loop exists, so the coroutine's objects (an
    `IPCServer`, an httpx client) are created on it. The loop is closed afterwards.
    """
    app = _application(gui)
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        # qasync is untyped: its result is the coroutine's, a T.
        result: T = loop.run_until_complete(coro_factory())
        return result
    finally:
        loop.close()
        asyncio.set_event_loop(None)
