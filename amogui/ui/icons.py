"""Status icons drawn with QPainter: no binary assets to ship or theme."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from amogui.run.state import Status

# Colours chosen to stay readable on light and dark palettes.
COLOURS: dict[Status, str] = {
    Status.PASSED: "#2e9d57",
    Status.FAILED: "#d64545",
    Status.BLOCKED: "#d98a1c",
    Status.SKIPPED: "#7b8794",
    Status.NOT_RUN: "#a0a7b0",
}


def colour(status: Status) -> QColor:
    return QColor(COLOURS[status])


def _glyph(painter: QPainter, status: Status, size: float) -> None:
    """The mark inside the disc, so colour is never the only cue."""
    pen = QPen(QColor("white"), size * 0.12)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = size
    if status is Status.PASSED:
        path = QPainterPath(QPointF(s * 0.28, s * 0.52))
        path.lineTo(s * 0.44, s * 0.68)
        path.lineTo(s * 0.72, s * 0.34)
        painter.drawPath(path)
    elif status is Status.FAILED:
        painter.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67))
        painter.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67))
    elif status is Status.BLOCKED:
        painter.drawLine(QPointF(s * 0.3, s * 0.5), QPointF(s * 0.7, s * 0.5))
    elif status is Status.SKIPPED:
        path = QPainterPath(QPointF(s * 0.36, s * 0.3))
        path.lineTo(s * 0.6, s * 0.5)
        path.lineTo(s * 0.36, s * 0.7)
        painter.drawPath(path)


@cache
def status_icon(status: Status, size: int = 32) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(size * 0.1, size * 0.1, size * 0.8, size * 0.8)
    if status is Status.NOT_RUN:
        # An empty ring: nothing decided yet.
        painter.setPen(QPen(colour(status), size * 0.1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(status))
        painter.drawEllipse(rect)
        _glyph(painter, status, size)
    painter.end()
    return QIcon(pixmap)


@cache
def dot_icon(hex_colour: str, size: int = 32) -> QIcon:
    """A small filled dot: section headers, problems, manual-verdict markers."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(hex_colour))
    painter.drawRoundedRect(QRectF(size * 0.2, size * 0.2, size * 0.6, size * 0.6), 4, 4)
    painter.end()
    return QIcon(pixmap)
