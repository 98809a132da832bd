"""Autosave off the GUI thread, without ever losing the last change.

The window takes a snapshot of the run (``Run.to_dict()``, cheap, on the GUI thread so
it is consistent) and hands it to one worker thread, which serialises and writes it
atomically with `RunStore`. Several snapshots of one run queued behind a slow disk
collapse into the newest. `flush()` waits until everything queued is on disk; `close()`
flushes and stops the worker (the window calls it when it closes).
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from amogui.base.files import atomic_write
from amogui.run.state import Run
from amogui.run.store import RunStore

log = logging.getLogger(__name__)

_STOP = object()


class Autosaver(QObject):
    # Emitted from the worker thread; Qt queues it to the receiver's (GUI) thread.
    failed = Signal(str)
    saved = Signal(str)

    def __init__(self, store: RunStore) -> None:
        super().__init__()
        self.store = store
        self._queue: queue.Queue[object] = queue.Queue()
        self._latest: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="amogui-autosave", daemon=True)
        self._thread.start()
        self._closed = False

    def save(self, run: Run) -> None:
        if self._closed:
            # After close nothing may be dropped: write synchronously.
            self._write(run.run_id, run.to_dict())
            return
        with self._lock:
            self._latest[run.run_id] = run.to_dict()
        self._queue.put(("save", run.run_id))

    def set_current(self, run_id: str) -> None:
        if self._closed:
            self.store.set_current(run_id)
            return
        self._queue.put(("current", run_id))

    def flush(self) -> None:
        self._queue.join()

    def close(self) -> None:
        if self._closed:
            return
        self._queue.put(_STOP)
        self._thread.join()
        self._closed = True

    # -- worker ----------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is _STOP:
                    return
                assert isinstance(item, tuple)
                kind, run_id = item
                if kind == "current":
                    self._safely(lambda rid=run_id: self.store.set_current(rid))
                    continue
                with self._lock:
                    data = self._latest.pop(run_id, None)
                if data is not None:  # None: a newer snapshot was already written
                    self._write(run_id, data)
            finally:
                self._queue.task_done()

    def _write(self, run_id: str, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False, indent=1).encode()
        if self._safely(lambda: atomic_write(self.store.path(run_id), body)):
            self.saved.emit(run_id)

    def _safely(self, action: Any) -> bool:
        try:
            action()
        except OSError as exc:
            log.warning("autosave failed: %s", exc)
            text = QCoreApplication.translate("Autosaver", "Could not save the run: {err}.")
            self.failed.emit(text.format(err=exc.strerror or exc))
            return False
        return True
