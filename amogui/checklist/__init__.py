"""The checklist engine: Markdown checklist -> typed model (model.py), Qt-free.

load_checklist(path)      a file on disk                                  (loaders.py)
parse_bytes(data, source) bytes from anywhere (repairs mojibake, records SHA-256)
load_bundled()            the AMO CRM checklist shipped with amogui       (loaders.py)
load_source(source)       what Checklist.source names: a path or "bundled:<name>"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amogui.checklist.loaders import (
    BUNDLED_NAME,
    BUNDLED_SOURCE,
    MAX_BYTES,
    ChecklistError,
    check_text,
    load_bundled,
    load_checklist,
    load_source,
)
from amogui.checklist.model import Checklist

if TYPE_CHECKING:
    from amogui.checklist.parser import parse_bytes, parse_text


def __getattr__(name: str) -> Any:
    # The parser (and markdown-it) load on first use: the CLI and the window's
    # start-up import this package without parsing anything yet.
    if name in ("parse_bytes", "parse_text"):
        from amogui.checklist import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BUNDLED_NAME",
    "BUNDLED_SOURCE",
    "MAX_BYTES",
    "Checklist",
    "ChecklistError",
    "check_text",
    "load_bundled",
    "load_checklist",
    "load_source",
    "parse_bytes",
    "parse_text",
]
