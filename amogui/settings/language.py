"""The UI language saved in ``settings.json``, read before the window is built.

The window's language must be known before its first widget, and the whole settings
store (profiles, validation, redaction) is too much to load before the window shows;
`SettingsStore` loads and checks the same file a moment later.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from amogui.base import paths

SETTINGS_FILE = "settings.json"
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}([_-][A-Za-z]{2,4})?")


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def saved_language(path: Path | None = None) -> str:
    """The saved language code, or "" (follow the system) when none can be read."""
    try:
        data = json.loads((path or settings_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""  # SettingsStore reports a damaged file; here the system language will do
    value = data.get("language") if isinstance(data, dict) else None
    return value if isinstance(value, str) and LANGUAGE_PATTERN.fullmatch(value) else ""
