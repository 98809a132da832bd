"""report.pdf with Qt: `QTextDocument` laid out page by page onto a `QPdfWriter`.

Each page is drawn with a `QPainter`: the document's slice for that page, then a header
(title, report id, verdict) and a footer (generated at, "page N of M"). report.json is
embedded as a PDF file attachment (``QPdfWriter.addFileAttachment``, Qt 6.8+), so the PDF
alone carries the master record; ``pdfdetach -list report.pdf`` shows it.

A PDF is read on paper, so it is shorter than the HTML page: each HTTP exchange is one
row (status, content type, size, the first lines of the body; requests.har has them in
full), pictures the tester attached are shown scaled to the page, and a heading never
stays alone at the bottom of a page (Qt's rich text ignores ``page-break-after: avoid``,
so `keep_headings_with_content` moves such a heading to the next page itself).

Threads: Qt needs a `QGuiApplication` (fonts). `ensure_gui_app` makes an offscreen one
when none exists, which is only allowed on the main thread (a headless ``amogui run``).
With an application already running (the window) `render_pdf` may be called from any
worker thread: QTextDocument, QPdfWriter and QPainter on a QPdfWriter work outside the
GUI thread; from a plain Python thread the work is moved to a short-lived QThread.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QThread,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from amogui.base.i18n import catalogue, render, t
from amogui.report import html_report
from amogui.report.model import Report

DPI = 300
MARGIN_MM = 16.0
HEADER_MM = 12.0
FOOTER_MM = 10.0
IMAGE_HEIGHT_SHARE = 0.55  # a picture takes at most this share of a page's height
KEEP_LINES = 2  # a heading needs this many lines of what follows on its page

# Qt's rich text reads a CSS subset: no max-width, no word-break; fonts named explicitly.
QT_CSS = """
body { font-family: 'DejaVu Sans'; font-size: 8.5pt; color: #1d1f23; }
h1 { font-size: 16pt; }
h2 { font-size: 12pt; color: #1b2a4a; margin-top: 14px; }
h3 { font-size: 9.5pt; margin-top: 10px; }
h4 { font-size: 9pt; margin-top: 8px; }
table { border-collapse: collapse; border-color: #c7cad1; border-style: solid; }
th { background-color: #eef0f4; font-weight: bold; border: 1px solid #c7cad1; }
td { border: 1px solid #c7cad1; }
td.k { background-color: #f7f8fa; font-weight: bold; }
pre { font-family: 'DejaVu Sans Mono'; font-size: 6.5pt; background-color: #f7f8fa;
      white-space: pre-wrap; }
.mono { font-family: 'DejaVu Sans Mono'; font-size: 7pt; }
.muted { color: #5b6070; }
.small { font-size: 7.5pt; }
"""

_app: QGuiApplication | None = None  # an application made here lives as long as the process


class PdfError(Exception):
    """The PDF could not be made (no GUI application possible on this thread)."""


def ensure_gui_app() -> QGuiApplication:
    global _app
    app = QGuiApplication.instance()
    if app is not None:
        # instance() is typed as the base class; the window's QApplication and the one
        # made below are both QGuiApplications.
        return cast(QGuiApplication, app)
    if threading.current_thread() is not threading.main_thread():
        raise PdfError("the PDF needs a Qt application, which only the main thread can create")
    # Offscreen: a headless run on a machine with no display must not abort.
    made = QGuiApplication(["amogui", "-platform", "offscreen"])
    _app = made
    return made


def printable(value: Any, metrics: QFontMetrics | None = None) -> Any:
    """The report with characters the PDF font cannot draw removed (emoji would print as boxes)."""
    fm = metrics or QFontMetrics(QFont("DejaVu Sans"))
    if isinstance(value, dict):
        return {k: printable(v, fm) for k, v in value.items()}
    if isinstance(value, list):
        return [printable(v, fm) for v in value]
    if isinstance(value, str):
        return "".join(ch for ch in value if _drawable(ch, fm)).strip()
    return value


_INVISIBLE = {0xFE0F, 0xFE0E, 0x200D, 0x20E3}


def _drawable(ch: str, fm: QFontMetrics) -> bool:
    cp = ord(ch)
    if cp in _INVISIBLE:
        return False
    return cp < 0x2000 or fm.inFontUcs4(cp)


def _mm(mm: float) -> float:
    return mm / 25.4 * DPI


def _document(
    report: Report,
    writer: QPdfWriter,
    width: float,
    height: float,
    attached: Mapping[str, bytes] | None = None,
) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(QFont("DejaVu Sans", 8))
    option = QTextOption()
    # Long URLs and tokens have no spaces: let them wrap anywhere rather than overflow.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setDefaultStyleSheet(QT_CSS)
    doc.setDocumentMargin(0)
    images = _images(doc, report, attached, writer, width, height)
    markup = html_report.body(printable(report), images=images, for_pdf=True)
    doc.setHtml(f"<html><body>{markup}</body></html>")
    doc.setPageSize(QSizeF(width, height))
    keep_headings_with_content(doc, height)
    return doc


def _images(
    doc: QTextDocument,
    report: Report,
    attached: Mapping[str, bytes] | None,
    writer: QPdfWriter,
    width: float,
    height: float,
) -> dict[str, html_report.Image]:
    """The pictures among the attachments, as document resources sized to fit the page.

    Sizes are in the document's CSS pixels (96 per inch); Qt scales them to the writer's
    resolution when it lays the page out."""
    scale = writer.logicalDpiX() / 96.0
    max_w, max_h = width / scale, height * IMAGE_HEIGHT_SHARE / scale
    out: dict[str, html_report.Image] = {}
    for entry in report.get("attachments", []):
        name, data = str(entry.get("file")), (attached or {}).get(str(entry.get("file")))
        if not entry.get("image") or not data:
            continue
        image = QImage.fromData(data)
        if image.isNull():
            continue  # not a picture Qt can read after all: listed, not shown
        ratio = min(1.0, max_w / image.width(), max_h / image.height())
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        out[name] = html_report.Image(
            name, max(1, int(image.width() * ratio)), max(1, int(image.height() * ratio))
        )
    return out


def keep_headings_with_content(doc: QTextDocument, page_height: float) -> int:
    """Move every heading that would end a page to the next one, with the headings right
    before it (a section title and its first step's); returns how many were moved."""
    layout = doc.documentLayout()
    moved = 0
    block = doc.begin()
    while block.isValid():
        following = block.next()
        if block.blockFormat().headingLevel() and following.isValid():
            top = layout.blockBoundingRect(block).top()
            after = layout.blockBoundingRect(following)
            needed = after.top() + min(after.height(), _line_height(following) * KEEP_LINES)
            if int(top // page_height) != int((needed - 1) // page_height):
                first = _first_of_heading_run(block)
                if _break_before(first):
                    moved += 1
        block = following
    return moved


def _line_height(block: QTextBlock) -> float:
    lines = block.layout().lineCount()
    if lines:
        return block.layout().lineAt(0).height()
    return QFontMetrics(block.charFormat().font()).height()


def _first_of_heading_run(block: QTextBlock) -> QTextBlock:
    previous = block.previous()
    while previous.isValid() and previous.blockFormat().headingLevel():
        block, previous = previous, previous.previous()
    return block


def _break_before(block: QTextBlock) -> bool:
    fmt = block.blockFormat()
    policy = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    if fmt.pageBreakPolicy() & policy:
        return False
    fmt.setPageBreakPolicy(policy)
    QTextCursor(block).setBlockFormat(fmt)
    return True


def _chrome(
    painter: QPainter, report: Report, page: int, pages: int, page_w: float, page_h: float
) -> None:
    """Header and footer of one page."""
    left, right = _mm(MARGIN_MM), page_w - _mm(MARGIN_MM)
    painter.save()
    painter.setPen(QPen(QColor("#8a8f9c"), 2))
    top_line = _mm(MARGIN_MM) + _mm(HEADER_MM) - _mm(4)
    bottom_line = page_h - _mm(MARGIN_MM) - _mm(FOOTER_MM) + _mm(3)
    painter.drawLine(int(left), int(top_line), int(right), int(top_line))
    painter.drawLine(int(left), int(bottom_line), int(right), int(bottom_line))
    painter.setFont(QFont("DejaVu Sans", 7))
    painter.setPen(QColor("#3b3f4a"))
    head = QRectF(left, _mm(MARGIN_MM), right - left, _mm(HEADER_MM) - _mm(5))
    align_l = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
    align_r = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
    cat = catalogue(str(report.get("language") or "en"))
    name = printable(str(report["checklist"]["name"]))
    painter.drawText(head, align_l, f"{report['title']} · {name}"[:110])
    verdict = html_report.STATUS_STYLE.get(str(report["verdict"]), (str(report["verdict"]),))[0]
    painter.drawText(
        head, align_r, render(t("Verdict: {verdict}", verdict=t(verdict.upper())), cat)
    )
    foot = QRectF(left, bottom_line + _mm(1), right - left, _mm(FOOTER_MM) - _mm(3))
    align_lt = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    align_rt = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
    signed = t("Report {id} · signed, see VERIFY.txt", id=report["report_id"])
    painter.drawText(foot, align_lt, render(signed, cat))
    painter.drawText(
        foot, align_rt, render(t("Page {page} of {pages}", page=page, pages=pages), cat)
    )
    painter.restore()


class _RenderThread(QThread):
    """Runs the rendering on a Qt thread (one with an event dispatcher)."""

    def __init__(
        self, report: Report, attachment: bytes | None, attached: Mapping[str, bytes] | None
    ) -> None:
        super().__init__()
        self.report, self.attachment, self.attached = report, attachment, attached
        self.result: bytes = b""
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = _render(self.report, self.attachment, self.attached)
        except BaseException as exc:  # handed back to the calling thread
            self.error = exc


def render_pdf(
    report: Report, attachment: bytes | None = None, attached: Mapping[str, bytes] | None = None
) -> bytes:
    """The PDF's bytes; ``attachment`` (report.json) is embedded when given; ``attached``
    (bundle file name -> bytes) supplies the pictures to show.

    Callable from any thread once a Qt application exists. A plain Python thread (an
    asyncio executor) has no Qt event dispatcher, which Qt's text layout expects, so the
    work then runs on a short-lived QThread while the caller waits.
    """
    ensure_gui_app()
    if QAbstractEventDispatcher.instance() is not None:
        return _render(report, attachment, attached)
    worker = _RenderThread(report, attachment, attached)
    worker.start()
    worker.wait()
    if worker.error is not None:
        raise worker.error
    return worker.result


def _render(
    report: Report, attachment: bytes | None, attached: Mapping[str, bytes] | None = None
) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(f"{report['title']} {report['report_id']}")
    writer.setCreator("amogui")
    writer.setAuthor(str(report["tester"].get("name") or "amogui"))
    if attachment is not None:
        writer.addFileAttachment("report.json", QByteArray(attachment), "application/json")
    page_w, page_h = float(writer.width()), float(writer.height())
    body_w = page_w - 2 * _mm(MARGIN_MM)
    body_h = page_h - 2 * _mm(MARGIN_MM) - _mm(HEADER_MM) - _mm(FOOTER_MM)
    doc = _document(report, writer, body_w, body_h, attached)
    pages = doc.pageCount()
    painter = QPainter(writer)
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _draw_page(painter, doc, index, body_w, body_h)
            _chrome(painter, report, index + 1, pages, page_w, page_h)
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def _draw_page(
    painter: QPainter, doc: QTextDocument, index: int, width: float, height: float
) -> None:
    painter.save()
    painter.translate(_mm(MARGIN_MM), _mm(MARGIN_MM) + _mm(HEADER_MM) - index * height)
    clip = QRectF(0, index * height, width, height)
    painter.setClipRect(clip)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = clip
    doc.documentLayout().draw(painter, context)
    painter.restore()
