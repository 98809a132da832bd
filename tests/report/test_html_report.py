"""report.html, junit.xml and requests.har: shape, escaping, uniqueness."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from amogui.report.har import to_har
from amogui.report.html_report import render_html
from amogui.report.junit import render_junit
from amogui.report.model import build_report
from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Status
from tests.report.sample import SECRETS, sample_checklist, sample_run


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


def hostile_run():  # type: ignore[no-untyped-def]
    run = sample_run()
    run.add_check(
        CheckResult(
            "status.before",
            "s1",
            Status.FAILED,
            '<script>alert(1)</script><img src="https://evil.example/x.png">',
            actual="\x00\x1b[31mred\x07",
        )
    )
    return run


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


def test_junit_parses_with_unique_names_and_right_elements() -> None:
    xml = render_junit(build_report(hostile_run(), sample_checklist()))
    root = ET.fromstring(xml)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["amogui.checks", "amogui.steps"]
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == len(set(names))
    checks = {c.get("name"): c for c in suites[0].findall("testcase")}
    assert len(checks) == 13
    assert checks["isolation.user-b"].find("failure") is not None
    skipped = checks["disconnect"].find("skipped")
    assert skipped is not None and skipped.get("message", "").startswith("blocked")
    assert checks["leads.load"].find("failure") is None
    assert checks["leads.load"].find("system-out") is not None
    assert suites[0].get("tests") == "13"
    assert root.get("failures") == str(sum(int(s.get("failures", "0")) for s in suites))
    manual = {c.get("name"): c for c in suites[1].findall("testcase")}
    assert any(n and n.startswith("step s2.k2:") for n in manual)


def test_har_has_the_1_2_shape() -> None:
    run = sample_run()
    har = to_har(run.exchanges)
    json.dumps(har)  # serialisable
    log = har["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "amogui"
    assert len(log["entries"]) == len(run.exchanges)
    for entry in log["entries"]:
        assert {"startedDateTime", "time", "request", "response", "cache", "timings"} <= set(entry)
        req, resp = entry["request"], entry["response"]
        assert {"method", "url", "httpVersion", "cookies", "headers", "queryString"} <= set(req)
        assert {"headersSize", "bodySize"} <= set(req)
        assert {"status", "statusText", "httpVersion", "cookies", "headers", "content"} <= set(resp)
        assert {"redirectURL", "headersSize", "bodySize"} <= set(resp)
        assert {"size", "mimeType"} <= set(resp["content"])
        assert all(set(h) == {"name", "value"} for h in req["headers"] + resp["headers"])
    by_id = {e["_id"]: e for e in log["entries"]}
    callback = by_id["x0002"]
    assert {"name": "code", "value": "[REDACTED]"} in callback["request"]["queryString"]
    assert callback["response"]["redirectURL"].startswith("foryoure://amo-crm/callback?")
    failed = by_id["x0008"]
    assert failed["response"]["status"] == 0 and "_error" in failed
    assert by_id["x0003"]["request"]["postData"]["mimeType"] == "application/json"
    text = json.dumps(har)
    assert not any(form in text for form in SECRETS.forms())


def test_har_redacts_an_exchange_that_was_recorded_raw() -> None:
    raw = Exchange(
        "x1",
        None,
        "GET",
        f"http://127.0.0.1/cb?code={SECRETS.code}",
        "2026-01-01T00:00:00+00:00",
        status=599,
        request_headers=[("Authorization", f"Bearer {SECRETS.jwt_a}")],
        response_body=json.dumps({"refresh_token": SECRETS.refresh_token}),
    )
    from tests.report.sample import register_secrets

    register_secrets()
    text = json.dumps(to_har([raw]))
    assert not any(form in text for form in SECRETS.forms())
    assert to_har([raw])["log"]["entries"][0]["response"]["statusText"] == ""


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
