"""report.pdf: renders with poppler, paginates with header/footer, embeds report.json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from amogui.report.model import build_report
from amogui.report.pdf import printable, render_pdf
from tests.report.hostile import png
from tests.report.sample import long_run, sample_checklist, sample_run

POPPLER = all(shutil.which(t) for t in ("pdftoppm", "pdfinfo", "pdftotext", "pdfdetach"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")


def run_tool(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


def pdf_pages(path: Path) -> int:
    info = run_tool("pdfinfo", str(path))
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@needs_poppler
def test_long_run_renders_to_many_pages_with_header_and_footer(qapp: Any, tmp_path: Path) -> None:
    report = build_report(long_run(), sample_checklist())
    attachment = json.dumps(report, ensure_ascii=False).encode()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(report, attachment))
    pages = pdf_pages(pdf)
    assert pages > 3
    text = run_tool("pdftotext", "-layout", str(pdf), "-")
    for n in (1, pages):
        assert f"Page {n} of {pages}" in text
    assert text.count(report["report_id"]) >= pages  # in every footer
    assert "Verdict: FAILED" in text
    assert "Чеклист тестування AMO CRM" in text  # Cyrillic is drawn, not boxes
    run_tool("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p"))
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 2
    assert all(img.stat().st_size > 1000 for img in images)


@needs_poppler
def test_report_json_is_embedded_as_an_attachment(qapp: Any, tmp_path: Path) -> None:
    report = build_report(sample_run(), sample_checklist())
    attachment = json.dumps(report, ensure_ascii=False, indent=2).encode()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(report, attachment))
    assert "report.json" in run_tool("pdfdetach", "-list", str(pdf))
    out = tmp_path / "extracted.json"
    run_tool("pdfdetach", "-save", "1", "-o", str(out), str(pdf))
    assert out.read_bytes() == attachment


def test_pdf_without_attachment_still_renders(qapp: Any) -> None:
    data = render_pdf(build_report(sample_run(), sample_checklist()))
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")


def test_printable_drops_glyphs_the_font_lacks(qapp: Any) -> None:
    assert printable({"t": ["✅ Чеклист 1️⃣ ok"]}) == {"t": ["Чеклист 1 ok"]}


def test_pdf_renders_from_a_plain_worker_thread(qapp: Any, qtlog: Any) -> None:
    report = build_report(sample_run(), sample_checklist())
    out: dict[str, bytes] = {}
    worker = threading.Thread(target=lambda: out.setdefault("pdf", render_pdf(report, b"{}")))
    worker.start()
    worker.join(timeout=120)
    assert out["pdf"].startswith(b"%PDF-")
    assert not [r for r in qtlog.records if "QBasicTimer" in r.message]


def test_headless_process_makes_its_own_offscreen_app(tmp_path: Path) -> None:
    """`amogui run --report` has no window: the PDF step creates an offscreen app itself,
    even with no display and no QT_QPA_PLATFORM."""
    code = (
        "import sys; from tests.report.sample import sample_run, sample_checklist\n"
        "from amogui.report.model import build_report\n"
        "from amogui.report.pdf import render_pdf\n"
        "pdf = render_pdf(build_report(sample_run(), sample_checklist()))\n"
        "sys.stdout.write(str(pdf.startswith(b'%PDF-')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "True"


# -- pictures, summaries, headings ------------------------------------------------------------


def report_with_pictures(tmp_path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    from amogui.report.export import attachment_files
    from amogui.run.attachments import add_attachment

    run = sample_run()
    run.attachments = []
    shot = tmp_path / "consent page.png"
    shot.write_bytes(png(1600, 1000))
    (tmp_path / "notes.txt").write_text("what I saw")
    run.attachments.append(add_attachment(run, "s2.k2", shot))
    run.attachments.append(add_attachment(run, "s2.k3", tmp_path / "notes.txt"))
    attached = attachment_files(run)
    return build_report(run, sample_checklist(), attached=attached), attached


@needs_poppler
def test_a_screenshot_is_shown_in_the_pdf(qapp: Any, tmp_path: Path) -> None:
    report, attached = report_with_pictures(tmp_path)
    assert [a["image"] for a in report["attachments"]] == ["image/png", None]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(report, b"{}", attached))
    images = run_tool("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert len(images) == 1
    width, height = (int(v) for v in images[0].split()[3:5])
    assert (width, height) == (1600, 1000)  # the picture itself, scaled on the page
    text = run_tool("pdftotext", "-layout", str(pdf), "-")
    assert "attachment-01-consent-page.png" in text
    assert "attachment-02-notes.txt" in text  # listed, signed, not drawn


def test_keep_headings_with_content_moves_a_heading_off_a_page_bottom(qapp: Any) -> None:
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from amogui.report.pdf import keep_headings_with_content

    moved_any = False
    for filler in range(0, 40):
        doc = QTextDocument()
        doc.setHtml(
            "<p>filler</p>" * filler
            + "<h2>Open defects</h2><h3>A section</h3>"
            + "<table><tr><td>first row</td></tr><tr><td>second</td></tr></table>"
        )
        page = 300.0
        doc.setPageSize(QSizeF(400, page))
        moved_any |= keep_headings_with_content(doc, page) > 0
        layout = doc.documentLayout()
        block = doc.begin()
        while block.isValid():
            if block.blockFormat().headingLevel():
                after = block.next()
                top = layout.blockBoundingRect(block).top()
                below = layout.blockBoundingRect(after).bottom()
                assert int(top // page) == int((below - 1) // page), (filler, block.text())
            block = block.next()
    assert moved_any  # some filler length put a heading at a page bottom


def test_the_pdf_summarises_bodies_in_one_row_each(qapp: Any, tmp_path: Path) -> None:
    from amogui.report import html_report

    report = build_report(long_run(), sample_checklist())
    markup = html_report.body(report, for_pdf=True)
    assert markup.count("<pre>") == 0  # no full bodies
    assert "requests.har holds every exchange in full" in markup
    full = html_report.body(report)
    assert full.count("<pre>") >= len(report["exchanges"])
