"""Report export: the signed bundle (JSON, HTML, PDF, JUnit, HAR, signatures) of a run
holding 1,000 HTTP exchanges.

    python bench/export.py --exchanges 1000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import NotAvailable, run_figure


def fake_exchanges(count: int) -> list[Any]:
    from amogui.run.exchange import Exchange

    body = json.dumps(
        {"data": [{"id": i, "guestName": f"Гість {i}", "status": "NEW"} for i in range(20)]}
    )
    return [
        Exchange(
            id=f"x{i + 1:04d}",
            check_id="leads.load",
            method="GET",
            url=f"https://admin.example.test/api/v1/leads?page={i + 1}&limit=100",
            started_at="2026-01-01T10:00:00.000+00:00",
            duration_ms=120.0,
            status=200,
            request_headers=[("authorization", "Bearer [redacted]"), ("accept", "*/*")],
            response_headers=[("content-type", "application/json")],
            response_body=body,
            response_size=len(body),
        )
        for i in range(count)
    ]


def measure(exchanges: int, with_pdf: bool) -> dict[str, Any]:
    try:
        from amogui.checklist import load_bundled
        from amogui.report.export import export_bundle
        from amogui.report.keys import generate
        from amogui.run.state import Run
    except ImportError as exc:
        raise NotAvailable(f"report export has not landed ({exc})") from exc
    if with_pdf:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - PDF needs it
    checklist = load_bundled()
    run = Run(checklist_name=checklist.title if hasattr(checklist, "title") else "checklist")
    run.exchanges = fake_exchanges(exchanges)
    signer = generate()
    options: dict[str, Any] = {}
    if with_pdf:
        from amogui.report.pdf import render_pdf

        options["pdf"] = render_pdf
    with tempfile.TemporaryDirectory(prefix="amogui-bench-") as out:
        started = time.perf_counter()
        files = export_bundle(run, checklist, Path(out) / "bundle", signer, **options)
        elapsed = time.perf_counter() - started
        size = sum(f.stat().st_size for f in files)
    return {
        f"export_{exchanges}_s": round(elapsed, 3),
        f"export_{exchanges}_files": len(files),
        f"export_{exchanges}_mb": round(size / 1e6, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exchanges", type=int, default=1000)
    parser.add_argument("--no-pdf", action="store_true", help="leave the PDF out")
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    return run_figure(measure, args.exchanges, not args.no_pdf)


if __name__ == "__main__":
    sys.exit(main())
