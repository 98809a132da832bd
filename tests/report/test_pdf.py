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
