"""Save at most N seconds after the first unsaved change: typing is never lost for long.

A debounce that waits for a pause in typing restarts on every keystroke, so a tester who
types without pausing has nothing saved at all until they stop; a crash then loses all
of it. `SaveTimer` arms one timer at the *first* change and lets later changes ride
along: whatever was typed is on disk at most `delay` seconds after it was typed, however
fast the typing. `flush` saves at once (the window calls it when focus moves and when it
closes); `saved` tells it that something else saved everything meanwhile.

Qt-free: the timer comes from a `Schedule` hook, ``(delay, callback) -> cancel``; a
single-shot QTimer in the window, `loop_schedule` for asyncio code, `thread_schedule`
for code with no loop at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # asyncio is not loaded for the window's first paint
    import asyncio

Cancel = Callable[[], None]
Schedule = Callable[[float, Callable[[], None]], Cancel]


class SaveTimer:
    """Calls `save` at most `delay` seconds after the first change since the last save."""

    def __init__(self, save: Callable[[], None], delay: float, schedule: Schedule) -> None:
        if not delay > 0:
            raise ValueError("the save delay must be a positive number of seconds")
        self._save = save
        self.delay = delay
        self._schedule = schedule
        self._cancel: Cancel | None = None
        self._dirty = False

    @property
    def pending(self) -> bool:
        """Whether a change waits to be saved."""
        return self._dirty

    def changed(self) -> None:
        """Something changed: save it within `delay` (a later change does not postpone it)."""
        self._dirty = True
        if self._cancel is None:
            self._cancel = self._schedule(self.delay, self._due)

    def flush(self) -> bool:
        """Save now if a change waits; True when it saved."""
        self._stop()
        if not self._dirty:
            return False
        self._dirty = False
        self._save()
        return True

    def saved(self) -> None:
        """Everything was saved by other means: nothing is pending any more."""
        self._dirty = False
        self._stop()

    def _due(self) -> None:
        self._cancel = None
        if self._dirty:
            self.flush()

    def _stop(self) -> None:
        cancel, self._cancel = self._cancel, None
        if cancel is not None:
            cancel()


def loop_schedule(loop: asyncio.AbstractEventLoop) -> Schedule:
    """A `Schedule` on an asyncio loop (call it on the loop's thread)."""

    def schedule(delay: float, callback: Callable[[], None]) -> Cancel:
        return loop.call_later(delay, callback).cancel

    return schedule


def thread_schedule(delay: float, callback: Callable[[], None]) -> Cancel:
    """A `Schedule` on a timer thread (the callback runs on that thread)."""
    timer = threading.Timer(delay, callback)
    timer.daemon = True
    timer.start()
    return timer.cancel
