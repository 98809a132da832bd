"""The one Qt adapter: the service's events reach the window on the GUI thread, whatever
thread they happened on."""

from __future__ import annotations

import threading
from typing import Any

from amogui.run.store import RunStore
from amogui.service.events import Notice, SaveFailed
from amogui.service.service import Service
from amogui.ui.service_events import ServiceEvents


def test_events_from_a_worker_thread_arrive_on_the_gui_thread(qtbot: Any) -> None:
    service = Service(RunStore())
    adapter = ServiceEvents(service)
    seen: list[tuple[object, str]] = []
    adapter.happened.connect(lambda e: seen.append((e, threading.current_thread().name)))
    service.emit(Notice("at once"))
    assert seen == [(Notice("at once"), threading.main_thread().name)]  # same thread: direct
    worker = threading.Thread(target=service.emit, args=(SaveFailed("r1", "disk full"),))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen[1] == (SaveFailed("r1", "disk full"), threading.main_thread().name)
    adapter.detach()
    service.emit(Notice("after"))
    assert len(seen) == 2
    service.close()
    adapter.deleteLater()


def test_a_failed_save_is_told_in_the_window(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    threading.Thread(target=window.service.emit, args=(SaveFailed("r1", "No space left"),)).start()
    qtbot.waitUntil(lambda: "No space left" in window.message_bar.text(), timeout=5000)
    assert window.message_bar.level == "error"
