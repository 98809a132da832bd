"""Walk every text a user can see or hear in a window (labels, buttons, menus, actions, tabs,
headers, tooltips, placeholders, accessible names) and find the ones left in English."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# Names, terms and identifiers that stay as they are in Ukrainian text;
# compared without case ("BACKEND" in a heading set in capitals).
_WHITELIST_TEXT = (
    "amogui AMO CRM amoCRM JWT URL URI HTTP HTTPS JSON HAR curl OAuth API ID id Email "
    "email deep link links callback backend state code mode base64 random userId source "
    "mobile popup Markdown md markdown Bearer Authorization Express HTML JavaScript null "
    "NULL connected hasTokens domain accountId stageId "
    "ForYou Kommo SHA PDF JUnit SSH GET POST v2 v3 v4 v5 "
    # language names are written in themselves
    "English "
    # key names as Qt writes them in shortcuts
    "Shift Ctrl Alt Meta Esc PgUp PgDown Break Pause Del Ins Home End Tab Space Enter Return "
    "Up Down Left Right Backspace KiB MiB"
)
WHITELIST = {w.casefold() for w in _WHITELIST_TEXT.split()}
_DROP = [
    re.compile(r"https?://\S+|\b[a-z][a-z0-9+.-]*://\S*"),  # URLs and deep links
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # email addresses
    re.compile(r"SHA256:\S+"),  # key fingerprints
    re.compile(r"\S*[/\\]\S*"),  # paths, "req/s", "text/html"
    re.compile(r"\b[\w-]+\.[\w.-]+\b"),  # check ids, file and domain names
    re.compile(r"\b\w+_\w+\b"),  # identifiers: client_id, allowed_signers
    re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b"),  # route and fault names: exchange-code
    re.compile(r"--[a-z-]+"),  # command-line options
    re.compile(r"\?[\w=&.]+"),  # query strings: ?success=true&state=...
    re.compile(r"\{[^{}]*\}|%\w+"),  # placeholders, {message: ...} bodies
    re.compile(r"\bF\d{1,2}\b"),  # function keys
    re.compile(r"\b[A-Z]\b"),  # user A, user B, single-letter keys
]
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']+")


def english_words(text: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """The Latin-script words of a text that are not whitelisted names or terms."""
    plain = text
    for pattern in _DROP:
        plain = pattern.sub(" ", plain)
    plain = plain.replace("&", "")  # accelerator marks
    allowed = WHITELIST | {e.casefold() for e in extra}
    return [w for w in _LATIN_WORD.findall(plain) if w.casefold() not in allowed]


def _html_to_text(text: str) -> str:
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # list models hide columnCount: one column
        return 1


def _model_texts(model: QAbstractItemModel | None, where: str) -> Iterator[tuple[str, str]]:
    if model is None:
        return
    horizontal = Qt.Orientation.Horizontal
    for section in range(_columns(model, QModelIndex())):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, horizontal, role)
            if isinstance(value, str):
                yield f"{where} header {section} {role.name}", value
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            for column in range(max(1, _columns(model, parent))):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        yield f"{where} item {row},{column} {role.name}", value
            first = model.index(row, 0, parent)
            if first.isValid() and model.rowCount(first) > 0:
                stack.append(first)


def _common(widget: QWidget, where: str) -> Iterator[tuple[str, str]]:
    for name, value in (
        ("tooltip", widget.toolTip()),
        ("status tip", widget.statusTip()),
        ("what's this", widget.whatsThis()),
        ("accessible name", widget.accessibleName()),
        ("accessible description", widget.accessibleDescription()),
    ):
        if value:
            yield f"{where} {name}", value
    if widget.isWindow() and widget.windowTitle():
        yield f"{where} window title", widget.windowTitle()


def _specific(widget: QWidget, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield where, widget.text()
    elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        yield f"{where} placeholder", widget.placeholderText()
    elif isinstance(widget, QGroupBox):
        yield where, widget.title()
    elif isinstance(widget, QDockWidget):
        yield where, widget.windowTitle()
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"{where} tab {i}", widget.tabText(i)
            yield f"{where} tab tooltip {i}", widget.tabToolTip(i)
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{where} item {i}", widget.itemText(i)
        yield f"{where} placeholder", widget.placeholderText()
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        yield f"{where} suffix", widget.suffix()
        yield f"{where} prefix", widget.prefix()
        yield f"{where} special value", widget.specialValueText()
    elif isinstance(widget, QProgressBar):
        yield f"{where} format", widget.format()
    elif isinstance(widget, QMenu):
        yield where, widget.title()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QComboBox):
        yield from _model_texts(widget.model(), where)
    if isinstance(widget, QAbstractSpinBox):
        return


def _name(widget: QWidget) -> str:
    return (
        f"{type(widget).__name__}#{widget.objectName()}"
        if widget.objectName()
        else type(widget).__name__
    )


def ui_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the root, every child widget and every action."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = _name(widget)
        for place, text in [*_common(widget, where), *_specific(widget, where)]:
            if text:
                found.append((place, _html_to_text(text)))
    for action in root.findChildren(QAction):
        where = f"action {action.objectName() or action.text()!r}"
        for name, value in (
            ("text", action.text()),
            ("tooltip", action.toolTip()),
            ("status tip", action.statusTip()),
            ("icon text", action.iconText()),
        ):
            if value:
                found.append((f"{where} {name}", value))
    return found


def english_leftovers(
    root: QWidget, skip: frozenset[str] = frozenset(), extra: frozenset[str] = frozenset()
) -> list[tuple[str, str, list[str]]]:
    """Texts with English words in them: (where, text, the words)."""
    left = []
    for where, text in ui_texts(root):
        if any(part in where for part in skip):
            continue
        words = english_words(text, extra)
        if words:
            left.append((where, text, words))
    return left
