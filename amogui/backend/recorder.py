"""The run's list of recorded exchanges. Light on purpose (no httpx): the window
creates one at start-up, before any network code is loaded."""

from __future__ import annotations

import threading
from collections.abc import Callable

from amogui.run.exchange import Exchange

__all__ = ["Recorder"]


class Recorder:
    """Collects the redacted exchanges of a run, in order; thread-safe."""

    def __init__(self, on_exchange: Callable[[Exchange], None] | None = None) -> None:
        self.exchanges: list[Exchange] = []
        self.on_exchange = on_exchange
        self._lock = threading.Lock()
        self._count = 0

    def next_id(self) -> str:
        with self._lock:
            self._count += 1
            return f"x{self._count:04d}"

    def add(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)
        if self.on_exchange is not None:
            self.on_exchange(exchange)

    def start_after(self, existing: list[Exchange]) -> None:
        """Continue numbering after the exchanges of a resumed run."""
        with self._lock:
            numbers = [int(x.id[1:]) for x in existing if x.id[1:].isdigit()]
            self._count = max(numbers, default=0)
