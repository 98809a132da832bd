"""Runs one start-up target and prints "SHOWN_IDLE" once its first window is shown and
the event loop has gone idle, then exits at once. Used by `startup.py` for both sides of
the comparison, so both pay the same probe overhead.

`amogui-ready` waits instead until amogui is ready to test (checklist shown, profiles
and keychain read, the sandbox of the default profile started) and prints "READY".

    python bench/startup_probe.py bare|amogui|amogui-ready
"""

from __future__ import annotations

import os
import runpy
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import Namespace

    from PySide6.QtWidgets import QApplication

    from amogui.ui.main_window import MainWindow


def _install_ready_probe() -> None:
    import amogui.ui.app as app_module

    finish_start = app_module.finish_start

    async def finished(
        app: QApplication, window: MainWindow, args: Namespace, started: float | None = None
    ) -> None:
        await finish_start(app, window, args, started)
        print("READY", flush=True)
        os._exit(0)

    app_module.finish_start = finished


def _install_probe() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    def idle() -> None:
        print("SHOWN_IDLE", flush=True)
        os._exit(0)  # skip teardown: only the way up is measured

    def wrap(name: str) -> None:
        original = getattr(QWidget, name)

        def shown(self: QWidget) -> None:
            original(self)
            if self.isWindow():
                # A zero timer fires once the events queued so far (paint, layout) are done.
                QTimer.singleShot(0, idle)

        setattr(QWidget, name, shown)

    for name in ("show", "showMaximized", "showNormal", "showFullScreen"):
        wrap(name)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1000, 700)
    window.show()
    app.exec()


def main() -> int:
    target = sys.argv[1] if len(sys.argv) > 1 else "bare"
    if target == "amogui-ready":
        _install_ready_probe()
    else:
        _install_probe()
    if target == "bare":
        bare()
    else:
        sys.argv = ["amogui"]  # as a tester starts it: default log levels and profile
        runpy.run_module("amogui", run_name="__main__", alter_sys=True)
    print("EXITED_WITHOUT_WINDOW", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
