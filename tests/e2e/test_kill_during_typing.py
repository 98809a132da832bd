"""kill -9 while a tester types without a pause: what was typed a second ago is on disk.

The window runs in a subprocess and types into the step's notes one character every
30 ms, never pausing. The parent kills it with SIGKILL after a few seconds and reads the
saved run: the note must be a non-empty prefix of what was typed. (A save that waits for
a pause in the typing, restarted by every keystroke, had saved nothing at all.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from amogui.run.store import RunStore

TYPIST = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from amogui.checklist import load_bundled
from amogui.run.store import RunStore
from amogui.service.service import Service
from amogui.ui.main_window import MainWindow

app = QApplication([])
service = Service(RunStore())
service.checklist = load_bundled()
window = MainWindow(service)
window.show()
step = window.checklist.steps()[0].id
window.select_step(step)
window.panel.note_edit.setFocus()
text = sys.argv[1]
typed = [0]

def type_one():
    if typed[0] < len(text):
        QTest.keyClicks(window.panel.note_edit, text[typed[0]])
        typed[0] += 1
        print(typed[0], flush=True)

print(json.dumps({"run_id": window.run.run_id, "step": step}), flush=True)
timer = QTimer()
timer.timeout.connect(type_one)
timer.start(30)
app.exec()
"""

TEXT = "the callback answered 404 and the app showed nothing; " * 20


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_9_while_typing_loses_at_most_the_last_second(isolated_home: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    proc = subprocess.Popen(
        [sys.executable, "-c", TYPIST, TEXT],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        start = json.loads(proc.stdout.readline())
        typed = 0
        for line in proc.stdout:
            typed = int(line)
            if typed >= 120:  # several seconds of typing without a pause
                break
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert typed >= 120, "the window never typed"
    saved = RunStore().load(start["run_id"]).record(start["step"]).note
    assert saved, "nothing typed was saved before the kill"
    assert TEXT.startswith(saved) and len(saved) <= typed
