"""One light stylesheet: calm surfaces, clear hierarchy, readable monospace blocks."""

from __future__ import annotations

STYLESHEET = """
QMainWindow, #stepBody { background: #fbfcfd; }
#header { background: #1f2a37; }
#header QLabel { color: #e6edf3; }
#checklistTitle { font-size: 15px; font-weight: 600; }
#progressLabel { color: #9fb3c8; font-size: 12px; }
#targetLabel { color: #9fb3c8; font-size: 12px; }
#checklistTree { border: none; border-right: 1px solid #e1e5ea; background: #f4f6f8;
    font-size: 13px; }
#checklistTree::item { padding: 3px 2px; }
#checklistTree::item:selected { background: #dbe8f7; color: #10243a; }
#kicker { color: #6b7785; font-size: 11px; font-weight: 600; letter-spacing: 1px; }
#stepTitle { font-size: 19px; font-weight: 600; color: #14202e; }
#sectionHeading { font-size: 12px; font-weight: 700; color: #3c4a5a; margin-top: 8px;
    text-transform: uppercase; }
#caption { color: #4a5868; font-weight: 600; }
#hint { color: #6b7785; }
QPlainTextEdit#code { background: #0f1720; color: #d6e2ee; border-radius: 6px;
    padding: 6px; border: none; }
QPlainTextEdit#actualEdit, QPlainTextEdit#noteEdit { background: white;
    border: 1px solid #d5dbe2; border-radius: 6px; }
#checkCard { background: white; border: 1px solid #e1e5ea; border-radius: 8px; }
QPushButton { padding: 5px 12px; border-radius: 5px; border: 1px solid #c9d1da;
    background: white; }
QPushButton:hover { background: #eef3f8; }
QPushButton:checked { background: #1f6feb; color: white; border-color: #1f6feb; }
QPushButton#verdict_failed:checked { background: #d64545; border-color: #d64545; }
QPushButton#verdict_passed:checked { background: #2e9d57; border-color: #2e9d57; }
QPushButton#verdict_blocked:checked { background: #d98a1c; border-color: #d98a1c; }
QPushButton#verdict_skipped:checked { background: #7b8794; border-color: #7b8794; }
QStatusBar { background: #eef1f4; color: #3c4a5a; }
"""
