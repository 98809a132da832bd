from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def ipc_name() -> Iterator[str]:
    """A private IPC server name for one test (never the user's real one)."""
    from PySide6.QtNetwork import QLocalServer

    from amogui.desktop.ipc import server_name

    name = server_name(suffix=f"t-{uuid.uuid4().hex[:12]}")
    yield name
    QLocalServer.removeServer(name)
    Path(name + ".lock").unlink(missing_ok=True)
