"""Where amogui keeps its files (platformdirs; XDG variables are honoured on Linux).

Every folder amogui makes for itself is private (0700, missing parents too), and its own
folders are tightened to 0700 when an older amogui left them readable by others: runs,
settings and the log name targets and users.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import platformdirs

from amogui.base.files import PRIVATE_DIR, private_dir

APP = "amogui"


def data_dir() -> Path:
    """Runs, generated signing keys' public halves, the sandbox database."""
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """Profiles and settings (never secrets)."""
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """What can be made again at any time (compiled translation catalogues)."""
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def runtime_dir() -> Path:
    """Short-lived sockets; falls back to the cache dir where XDG_RUNTIME_DIR is unset."""
    try:
        return Path(platformdirs.user_runtime_dir(APP, appauthor=False))
    except Exception:  # pragma: no cover - platformdirs raises on odd platforms only
        return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def ensure(path: Path) -> Path:
    """`path` as a private folder: missing parts made 0700, amogui's own folders on the
    way (up to the one named ``amogui``) tightened to 0700. OSError if it cannot be made."""
    private_dir(path)
    for folder in [path, *path.parents]:
        tighten(folder)
        if folder.name == APP:
            break
    return path


def tighten(folder: Path) -> None:
    """Make one of our folders 0700 if it is wider (never someone else's, never a link)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        info = folder.lstat()
        if (
            stat.S_ISDIR(info.st_mode)
            and info.st_uid == os.getuid()
            and stat.S_IMODE(info.st_mode) & 0o077
        ):
            os.chmod(folder, PRIVATE_DIR)


def tighten_all() -> None:
    """amogui's own folders (data, config, log) that exist, tightened to 0700: called once
    per start, so a folder an older amogui made 0755 does not stay readable."""
    for folder in {data_dir(), config_dir(), log_dir()}:
        for part in [folder, *folder.parents]:
            if not part.exists():
                break
            tighten(part)
            if part.name == APP:
                break
