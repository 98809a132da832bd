"""Hand a deep link to a window that is not running yet.

When ``amogui open-url URL`` finds no running amogui, it starts one. The URL may carry
an amoCRM code (a credential), so it never goes on the new process's command line
(visible to every user in ``ps``): it is written to an owner-only file in the socket
directory, and only that file's path travels, in the ``AMOGUI_STARTUP_URL_FILE``
environment variable. The window calls `take_startup_url` once at start: it reads and
deletes the file.

Claiming the file is atomic (a rename), so when ``amogui open-url`` gives up waiting for
the window to take it and forwards the URL over IPC itself, exactly one of the two
delivers it.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from amogui.desktop.ipc_client import socket_dir

ENV = "AMOGUI_STARTUP_URL_FILE"
MAX_BYTES = 16 * 1024


def write_startup_url(url: str) -> Path:
    """An owner-only file holding `url`; its path is what the new process receives."""
    fd, name = tempfile.mkstemp(prefix="open-url-", suffix=".txt", dir=socket_dir())
    with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: mode 0600
        handle.write(url)
    return Path(name)


def claim(path: Path) -> str | None:
    """Take the URL out of `path`: of all the processes that try, exactly one gets it."""
    taken = path.with_name(f"{path.name}.taken-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.rename(path, taken)  # atomic: a second claimer finds no file
    except OSError:
        return None
    try:
        with taken.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        taken.unlink(missing_ok=True)
    if len(data) > MAX_BYTES:
        return None
    text = data.decode("utf-8", errors="replace").strip()
    return text or None


def take_startup_url(environ: dict[str, str] | None = None) -> str | None:
    """The URL a previous ``amogui open-url`` left for this process, or None.

    Call it once at start, right after the IPC server listens. Only files inside our
    own socket directory are read (the variable is untrusted too), and a file there is
    removed whatever it holds.
    """
    env = os.environ if environ is None else environ
    value = env.pop(ENV, None)
    if not value:
        return None
    path = Path(value)
    try:
        if path.is_symlink() or path.resolve().parent != socket_dir().resolve():
            return None
    except OSError:
        return None
    return claim(path)
