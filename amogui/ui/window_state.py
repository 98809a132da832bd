"""Window geometry, dock layout and splitter positions, remembered between starts.

Kept in ``config_dir()/window.ini`` (QSettings, INI format, written atomically by Qt, 0600).
The file is only a convenience: anything unreadable in it, or a config folder that cannot
be made or written (read-only, full, a file in its place), is logged and ignored; the
window opens at its default size, never an error.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget

from amogui.base import paths

log = logging.getLogger(__name__)

FILE_NAME = "window.ini"
VERSION = 1  # dock/toolbar layout version for saveState/restoreState


def state_file() -> Path:
    return paths.config_dir() / FILE_NAME


def _settings(path: Path | None) -> QSettings | None:
    """The layout file, or None when its folder cannot be made (logged once here)."""
    target = path or state_file()
    try:
        paths.ensure(target.parent)
    except OSError as exc:
        log.warning("the window layout cannot be kept in %s: %s", target.parent, exc.strerror)
        return None
    return QSettings(str(target), QSettings.Format.IniFormat)


def _key(window: QMainWindow) -> str:
    return window.objectName() or type(window).__name__


def _splitters(window: QMainWindow) -> dict[str, QSplitter]:
    """The window's splitters by name; unnamed ones by their place in construction order."""
    found: dict[str, QSplitter] = {}
    for i, splitter in enumerate(window.findChildren(QSplitter)):
        found[splitter.objectName() or f"splitter{i}"] = splitter
    return found


def _tabs(window: QMainWindow) -> dict[str, QTabWidget]:
    return {t.objectName(): t for t in window.findChildren(QTabWidget) if t.objectName()}


def save_window(window: QMainWindow, path: Path | None = None) -> bool:
    """Remember the window's geometry, docks, splitters and current tabs; False on failure."""
    settings = _settings(path)
    if settings is None:
        return False
    settings.beginGroup(_key(window))
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState(VERSION))
    for name, splitter in _splitters(window).items():
        settings.setValue(f"splitters/{name}", splitter.saveState())
    for name, tabs in _tabs(window).items():
        settings.setValue(f"tabs/{name}", tabs.currentIndex())
    settings.endGroup()
    settings.sync()
    if settings.status() != QSettings.Status.NoError:
        log.warning("could not save the window layout to %s", settings.fileName())
        return False
    with contextlib.suppress(OSError):  # QSettings writes 0644; the layout is ours alone
        os.chmod(settings.fileName(), 0o600)
    return True


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def _readable(path: Path | None) -> QSettings | None:
    settings = _settings(path)
    if settings is None:
        return None
    if settings.status() != QSettings.Status.NoError:
        log.warning("the window layout in %s cannot be read; using defaults", settings.fileName())
        return None
    return settings


def restore_geometry(window: QMainWindow, path: Path | None = None) -> bool:
    """Only the size and place (before the window shows); True when one was applied."""
    settings = _readable(path)
    if settings is None:
        return False
    geometry = _bytes(settings, f"{_key(window)}/geometry")
    return geometry is not None and window.restoreGeometry(geometry)


def restore_window(window: QMainWindow, path: Path | None = None, geometry: bool = True) -> bool:
    """Put the window back as it was left; True when a saved geometry was applied.

    `geometry` False leaves the size and place alone (`restore_geometry` did it)."""
    settings = _readable(path)
    if settings is None:
        return False
    settings.beginGroup(_key(window))
    saved = _bytes(settings, "geometry") if geometry else None
    restored = saved is not None and window.restoreGeometry(saved)
    state = _bytes(settings, "state")
    if state is not None:
        window.restoreState(state, VERSION)
    for name, splitter in _splitters(window).items():
        sizes = _bytes(settings, f"splitters/{name}")
        if sizes is not None:
            splitter.restoreState(sizes)
    for name, tabs in _tabs(window).items():
        index = _int(settings.value(f"tabs/{name}"))
        if index is not None and 0 <= index < tabs.count():
            tabs.setCurrentIndex(index)
    settings.endGroup()
    return restored


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None
