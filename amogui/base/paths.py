"""Where amogui keeps its files (platformdirs; XDG variables are honoured on Linux)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

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
    path.mkdir(parents=True, exist_ok=True)
    return path
