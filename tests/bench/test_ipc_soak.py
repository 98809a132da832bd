"""The IPC soak runs at a tiny size and every outcome it checks holds (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.skipif(sys.platform != "linux", reason="the soak counts descriptors in /proc")
def test_the_soak_runs_tiny_and_every_outcome_holds() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "ipc_soak.py"), "--tiny"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert figures["outcome"] == "pass"
    assert figures["flood_max_clients"] <= figures["cap"]
    assert figures["fd_accept_failures"] > 0 and figures["fd_saves_failed"] == 0
    assert "messages/s" in proc.stderr and "FAIL" not in proc.stderr
