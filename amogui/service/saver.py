"""Autosave on a worker thread, without ever losing the last change.

The caller takes a snapshot of the run (``Run.to_dict()``: cheap, and consistent because it
is taken on the caller's thread) and hands it to one worker thread, which serialises it and
writes it atomically (`amogui.base.files.atomic_write`, through `RunStore`). Several
snapshots of one run queued behind a slow disk collapse into the newest. `flush()` waits
until everything queued is on disk; `close()` flushes and stops the worker; a save after
`close()` is written at once on the caller's thread, so nothing is dropped.

Qt-free: the outcome is told through two callbacks, called on the worker thread.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from amogui.base.files import atomic_write
from amogui.run.state import Run
from amogui.run.store import RunStore

log = logging.getLogger(__name__)

_STOP = object()


class Saver:
    def __init__(
        self,
        store: RunStore,
        on_saved: Callable[[str], None] | None = None,
        on_failed: Callable[[str, str], None] | None = None,  # run id, why
    ) -> None:
        self.store = store
        self.on_saved = on_saved
        self.on_failed = on_failed
        self._queue: queue.Queue[object] = queue.Queue()
        self._latest: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="amogui-autosave", daemon=True)
        self._thread.start()

    @property
    def closed(self) -> bool:
        return self._closed

    def save(self, run: Run) -> None:
        if self._closed:
            self._write(run.run_id, run.to_dict())
            return
        with self._lock:
            self._latest[run.run_id] = run.to_dict()
        self._queue.put(("save", run.run_id))

    def set_current(self, run_id: str) -> None:
        if self._closed:
            self._safely(run_id, partial(self.store.set_current, run_id))
            return
        self._queue.put(("current", run_id))

    def flush(self) -> None:
        """Block until everything queued so far is written (call it off the GUI thread)."""
        if not self._closed:
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
                    self._safely(run_id, partial(self.store.set_current, run_id))
                    continue
                with self._lock:
                    data = self._latest.pop(run_id, None)
                if data is not None:  # None: a newer snapshot was already written
                    self._write(run_id, data)
            finally:
                self._queue.task_done()

    def _write(self, run_id: str, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False, indent=1).encode()
        written = self._safely(run_id, lambda: atomic_write(self.store.path(run_id), body))
        if written and self.on_saved is not None:
            self.on_saved(run_id)

    def _safely(self, run_id: str, action: Callable[[], object]) -> bool:
        try:
            action()
        except OSError as exc:
            log.warning("autosave failed: %s", exc)
            if self.on_failed is not None:
                self.on_failed(run_id, str(exc.strerror or exc))
            return False
        return True
