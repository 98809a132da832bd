"""report.html: self-contained, everything escaped, a status is a word and not colour
alone, amogui's own diagnosis notes named as such, screenshots embedded and other files
linked."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from amogui.report.html_report import Writer, render_html
from amogui.report.model import build_report
from amogui.run.state import CheckResult, Status
from tests.report.sample import hostile_run, sample_checklist, sample_run


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> Collector:
    parser = Collector()
    parser.feed(text)
    parser.close()
    return parser


def test_html_is_self_contained_and_escapes_everything() -> None:
    html_text = render_html(build_report(hostile_run(), sample_checklist()))
    parsed = parse_html(html_text)
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    assert not {"link", "iframe", "object", "embed"} & set(parsed.tags)
    # No attribute loads anything: no src, no remote href, no event handler.
    for name, value in parsed.attrs:
        assert not (name == "src" and not (value or "").startswith("data:image/"))
        assert not name.startswith("on")
        assert not (name == "href" and value and "://" in value)
    assert "<script>alert(1)</script>" in "".join(parsed.text)  # shown as text
    assert "default-src 'none'" in html_text


def test_html_status_has_a_text_label_not_colour_alone() -> None:
    parsed = parse_html(render_html(build_report(sample_run(), sample_checklist())))
    text = " ".join(parsed.text)
    for label in ("PASSED", "FAILED", "BLOCKED", "NOT RUN"):
        assert label in text
    assert "Success criteria" in text and "Sign-off" in text and "Redaction" in text


def test_html_says_which_diagnosis_is_amogui_own_note() -> None:
    from amogui.checks.diagnose import diagnose

    run = sample_run()
    run.add_check(
        CheckResult(
            "status.before",
            "s1",
            Status.FAILED,
            "status answered HTTP 500",
            diagnosis=diagnose(sample_checklist(), "server-error"),
        )
    )
    text = " ".join(parse_html(render_html(build_report(run, sample_checklist()))).text)
    assert "amogui:server-error: The backend fails with a server error" in text
    assert "amogui's note: the checklist has no entry for this" in text


def test_a_screenshot_is_shown_in_the_html_and_other_files_are_linked(tmp_path: Path) -> None:
    import base64

    from amogui.report.export import attachment_files
    from amogui.run.attachments import add_attachment
    from tests.report.hostile import png

    run = sample_run()
    run.attachments = []
    shot = tmp_path / "app after the link.png"
    picture = png(320, 200)
    shot.write_bytes(picture)
    disguised = tmp_path / "evil.png"  # an SVG with a script, named like a picture
    disguised.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    run.attachments.append(add_attachment(run, "s2.k3", shot))
    run.attachments.append(add_attachment(run, "s2.k3", disguised))
    attached = attachment_files(run)
    html_text = render_html(build_report(run, sample_checklist(), attached=attached), attached)
    parsed = parse_html(html_text)
    sources = [v for n, v in parsed.attrs if n == "src"]
    assert len(sources) == 1 and sources[0] is not None
    assert sources[0].startswith("data:image/png;base64,")
    assert base64.b64decode(sources[0].split(",", 1)[1]) == picture
    assert "img-src data:" in html_text and "default-src 'none'" in html_text
    assert ("href", "attachment-02-evil.png") in parsed.attrs  # linked, never embedded
    assert "script" not in parsed.tags


def test_a_ukrainian_report_translates_amogui_own_note_and_who_decided() -> None:
    """amogui's own words follow the report's language; a criterion's basis names who
    decided it and lists each check once."""
    from amogui.checks.diagnose import diagnose

    run = sample_run()
    run.add_check(
        CheckResult(
            "status.before",
            "s1",
            Status.FAILED,
            "status answered HTTP 500",
            diagnosis=diagnose(sample_checklist(), "server-error"),
        )
    )
    report = build_report(run, sample_checklist(), language="uk")
    text = " ".join(parse_html(render_html(report)).text)
    assert "amogui:server-error: Бекенд падає з помилкою сервера" in text
    assert "The backend fails with a server error" not in text
    assert "automatic:" not in text and "за автоматичними перевірками" in text
    writer = Writer(report)
    for criterion in report["criteria"]:
        cell = writer.basis(criterion)
        named = re.findall(r"[\w.-]+", cell)
        assert all(named.count(check) == 1 for check in criterion["basis"]), cell
