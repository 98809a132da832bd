"""Start the benchmark backend (`fake_backend.py`) in a child process; stop it after."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from common import BENCH, child_env

if TYPE_CHECKING:
    from amogui.settings.profiles import Profile

BENCH_TOKEN = "bench-jwt-not-a-secret"  # noqa: S105 - the fake backend checks no token


@contextmanager
def backend(leads: int, delay: float = 0.0) -> Iterator[str]:
    """Yield the base URL of a fake backend serving `leads` leads, each answer `delay` late."""
    proc = subprocess.Popen(
        [
            sys.executable,
            str(BENCH / "fake_backend.py"),
            "--leads",
            str(leads),
            "--delay",
            str(delay),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.startswith("READY "):
            raise RuntimeError(f"the benchmark backend did not start: {line!r}")
        yield line.split(" ", 1)[1]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def profile(base_url: str, concurrency: int = 4, rate: float = 0.0) -> Profile:
    from amogui.settings.profiles import Profile

    return Profile(
        name="bench", base_url=base_url, rate_limit=rate, concurrency=concurrency, timeout=60.0
    )
