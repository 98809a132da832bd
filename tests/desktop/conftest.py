from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest


@pytest.fixture
def ipc_name() -> Iterator[str]:
    """A private IPC server name for one test (never the user's real one)."""
    from PySide6.QtNetwork import QLocalServer

    from amogui.desktop.ipc import server_name

    name = server_name(suffix=f"t-{uuid.uuid4().hex[:12]}")
    yield name
    QLocalServer.removeServer(name)


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """`amogui.cli.main` configures the root logger; undo it so later tests see no change."""
    import logging

    root = logging.getLogger()
    level, before = root.level, list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
