"""SaveTimer: at most `delay` after the first unsaved change, whatever comes after it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest

from amogui.base.savetimer import SaveTimer, loop_schedule, thread_schedule


class FakeClock:
    """A Schedule whose timers fire when the test advances the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.timers: list[tuple[float, Callable[[], None]]] = []

    def schedule(self, delay: float, callback: Callable[[], None]) -> Callable[[], None]:
        entry = (self.now + delay, callback)
        self.timers.append(entry)
        return lambda: self.timers.remove(entry) if entry in self.timers else None

    def advance(self, seconds: float) -> None:
        self.now += seconds
        for entry in [t for t in self.timers if t[0] <= self.now]:
            self.timers.remove(entry)
            entry[1]()


def test_continuous_changes_are_saved_within_the_delay() -> None:
    clock, saves, changes = FakeClock(), [], []
    timer = SaveTimer(lambda: saves.append(clock.now), 1.0, clock.schedule)
    for _ in range(12):  # a keystroke every 0.25 s for 3 s, never a pause
        changes.append(clock.now)
        timer.changed()
        clock.advance(0.25)
    # A debounce restarted by each keystroke would have saved nothing yet.
    assert saves == [1.0, 2.0, 3.0]
    for when in changes:
        assert min(s for s in saves if s >= when) - when <= 1.0


def test_one_timer_at_a_time_and_nothing_saved_without_a_change() -> None:
    clock, saves = FakeClock(), []
    timer = SaveTimer(lambda: saves.append(clock.now), 1.0, clock.schedule)
    clock.advance(5)
    assert saves == [] and not timer.pending
    timer.changed()
    timer.changed()
    assert len(clock.timers) == 1 and timer.pending
    clock.advance(1.0)
    assert saves == [6.0] and not timer.pending


def test_flush_and_saved() -> None:
    clock, saves = FakeClock(), []
    timer = SaveTimer(lambda: saves.append(clock.now), 1.0, clock.schedule)
    assert timer.flush() is False
    timer.changed()
    assert timer.flush() is True and saves == [0.0] and clock.timers == []
    timer.changed()
    timer.saved()  # someone saved everything meanwhile
    clock.advance(2)
    assert saves == [0.0] and not timer.pending


def test_the_delay_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        SaveTimer(lambda: None, float("nan"), thread_schedule)
    with pytest.raises(ValueError):
        SaveTimer(lambda: None, 0, thread_schedule)


def test_asyncio_and_thread_schedules() -> None:
    async def on_loop() -> list[str]:
        saves: list[str] = []
        timer = SaveTimer(
            lambda: saves.append("x"), 0.01, loop_schedule(asyncio.get_running_loop())
        )
        timer.changed()
        await asyncio.sleep(0.2)
        return saves

    assert asyncio.run(on_loop()) == ["x"]
    done = threading.Event()
    timer = SaveTimer(done.set, 0.01, thread_schedule)
    timer.changed()
    assert done.wait(5)
