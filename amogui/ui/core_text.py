"""Core texts shown in the window, translated: what each sandbox fault does, amogui's own
notes, what each check proves. The core declares and marks each of them once (``N_`` in
`amogui.sandbox.faults`, `amogui.checks.diagnose`, `amogui.checks.registry`) and hands
them over as their English text; the window looks that text up in the same catalogue."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def core_text(text: str) -> str:
    """The translation of a core text, or the text itself when the catalogue has none."""
    return QCoreApplication.translate("CoreText", text)


def fault_tip(name: str) -> str:
    """A sandbox switch for the header's tooltip: its name, what it does and whether it is
    a defect or a harmless variation, translated."""
    from amogui.sandbox.faults import FAULT_TABLE, describe

    if name not in FAULT_TABLE:
        return name
    return f"{name}: {describe(name, core_text)}"
