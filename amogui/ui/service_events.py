"""The one Qt adapter of the service: its events, re-emitted as a Qt signal.

The service calls its listeners on the thread where something happened (the autosave
worker tells `Saved`/`SaveFailed` from its own thread). `happened` is emitted there and Qt
queues it to the receivers' thread, so every slot of the window runs on the GUI thread; an
event from the GUI thread itself is delivered at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from amogui.service.service import Service


class ServiceEvents(QObject):
    happened = Signal(object)  # an amogui.service.events event

    def __init__(self, service: Service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._unsubscribe = service.subscribe(self.happened.emit)

    def detach(self) -> None:
        """Stop listening (the window is going away)."""
        self._unsubscribe()
