"""Qt stays out of the core: only ui/ and desktop/ may import widgets (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import amogui

ROOT = Path(amogui.__file__).parent
QT_ALLOWED = {"ui", "desktop"}
# Non-widget Qt modules allowed in the core, by package: PDF output needs QtGui.
PARTIAL = {"report": {"PySide6.QtGui", "PySide6.QtCore"}}


def qt_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(("PySide6", "qasync"))}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "PySide6":
                found |= {f"PySide6.{a.name}" for a in node.names}
            elif node.module.startswith(("PySide6", "qasync")):
                found.add(node.module)
    return found


def test_no_widgets_outside_ui_and_desktop() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        package = path.relative_to(ROOT).parts[0]
        if package in QT_ALLOWED:
            continue
        imports = qt_imports(path)
        allowed = PARTIAL.get(package, set())
        bad = {i for i in imports if i not in allowed}
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_rule_catches_a_widget_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6.QtWidgets import QWidget\nfrom PySide6 import QtCore\n")
    assert qt_imports(sample) == {"PySide6.QtWidgets", "PySide6.QtCore"}
