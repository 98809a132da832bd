"""report.html: one self-contained page (inline CSS, no scripts, no external resources).

The same markup feeds the PDF (`amogui.report.pdf`): Qt's rich-text engine reads a
subset of HTML/CSS (tables, inline styles, ``bgcolor``; no flex, grid or div borders),
so the layout is tables and every status is a coloured cell *with a text label*, never
colour alone. Every value is escaped; a Content-Security-Policy forbids scripts and
remote loads even if a future change let markup through (images are ``data:`` only).

The order serves a reader: the verdict, then the open defects, then the summary and the
results, the steps, and the evidence last. Every label is amogui's own `Text`, rendered in
the report's language (``report["language"]``); the checklist's text is shown as written.

Attachments that are pictures (PNG, JPEG, GIF, known by their bytes) are shown: embedded
as ``data:`` URIs in the HTML, as document resources in the PDF. Any other attachment is
linked by its file name in the bundle; all of them are signed.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from amogui.base.i18n import N_, catalogue, render, t
from amogui.report.model import STATUSES, Report, report_duration
from amogui.run.state import OWN_NOTE_PREFIX

# status -> (label, text colour, background); print-friendly pastel backgrounds.
STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    "passed": (N_("PASSED"), "#0b5d1e", "#dcefe0"),
    "failed": (N_("FAILED"), "#8a1111", "#f8dcdc"),
    "blocked": (N_("BLOCKED"), "#7a4a00", "#fbe8c8"),
    "skipped": (N_("SKIPPED"), "#44474e", "#e6e7ea"),
    "not-run": (N_("NOT RUN"), "#44474e", "#f1f1f3"),
    "incomplete": (N_("INCOMPLETE"), "#7a4a00", "#fbe8c8"),
}
TABLE = '<table width="100%" cellspacing="0" cellpadding="4">'
BODY_CAP = 3000  # characters of a body shown in the HTML; requests.har has the rest
SUMMARY_LINES = 3  # lines of a body the PDF shows
SUMMARY_WIDTH = 110  # characters per line of those
# Qt drops a heading's top margin after a table; a small empty paragraph keeps the gap.
SPACER = '<p style="font-size:4pt; margin:0;">&nbsp;</p>'

CSS = """
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 10pt;
       color: #1d1f23; margin: 24px auto; max-width: 1100px; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 4px 0; }
h2 { font-size: 13pt; margin: 22px 0 6px 0; border-bottom: 1px solid #c7cad1; }
h3 { font-size: 11pt; margin: 16px 0 4px 0; }
h4 { font-size: 10pt; margin: 12px 0 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px 0; }
th, td { border: 1px solid #c7cad1; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef0f4; font-weight: bold; }
td.k { width: 22%; background: #f7f8fa; font-weight: bold; }
pre { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 8pt; white-space: pre-wrap;
      word-break: break-all; background: #f7f8fa; border: 1px solid #e0e2e7; padding: 4px;
      margin: 2px 0; }
img.shot { max-width: 100%; border: 1px solid #c7cad1; }
.mono { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 8.5pt; }
.muted { color: #5b6070; }
.small { font-size: 8.5pt; }
.warn { color: #7a4a00; font-weight: bold; }
@media print { body { margin: 0; max-width: none; } h2, h3, h4 { page-break-after: avoid; } }
"""


@dataclass(frozen=True)
class Image:
    """How an attachment picture is shown: its ``src`` and, for the PDF, its size."""

    src: str
    width: int | None = None
    height: int | None = None


def data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def esc(value: Any) -> str:
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def kv_table(rows: list[tuple[str, str]]) -> str:
    """``rows`` of (escaped label, ready-made cell content)."""
    # The width attribute, not CSS: Qt's rich text ignores CSS widths on cells.
    body = "".join(f'<tr><td class="k" width="24%">{k}</td><td>{v}</td></tr>' for k, v in rows)
    return f"{TABLE}{body}</table>"


def table(head: list[str], rows: list[list[str]]) -> str:
    """``head`` holds escaped labels; ``rows`` ready-made cells ("<td>...</td>")."""
    th = "".join(f"<th>{h}</th>" for h in head)
    tr = "".join(f"<tr>{''.join(r)}</tr>" for r in rows)
    return f"{TABLE}<thead><tr>{th}</tr></thead>{tr}</table>"


def td(value: Any, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{esc(value)}</td>"


def lines(items: list[str]) -> str:
    return "<br/>".join(esc(i) for i in items)


def capped(text: str, cap: int = BODY_CAP) -> str:
    if len(text) <= cap:
        return text
    return text[:cap] + f"\n... ({len(text) - cap} more characters in requests.har)"


def first_lines(text: str, count: int = SUMMARY_LINES, width: int = SUMMARY_WIDTH) -> list[str]:
    """The start of a body, a few short lines: what the PDF shows of it."""
    out: list[str] = []
    for line in text.strip().splitlines():
        if len(out) == count:
            break
        line = line.rstrip()
        if line:
            out.append(line if len(line) <= width else line[: width - 1] + "…")
    return out


class Writer:
    """Renders one report: labels in its language, pictures as given."""

    def __init__(
        self, report: Report, images: Mapping[str, Image] | None = None, *, for_pdf: bool = False
    ) -> None:
        self.r = report
        self.cat = catalogue(str(report.get("language") or "en"))
        self.images = dict(images or {})
        self.for_pdf = for_pdf

    # -- small pieces -----------------------------------------------------------------
    def t(self, msgid: str, **params: Any) -> str:
        """amogui's own text in the report's language, escaped. (Named ``t`` so message
        extraction finds its literal msgids like those of `amogui.base.i18n.t`.)"""
        return esc(render(t(msgid, **params), self.cat))

    def plain(self, text: Any) -> str:
        """A Text rendered in the report's language, not escaped."""
        return render(text, self.cat)

    def label(self, status: str) -> str:
        name = STATUS_STYLE[status][0] if status in STATUS_STYLE else status.upper()
        return render(t(name), self.cat) if status in STATUS_STYLE else name

    def badge(self, status: str) -> str:
        _, fg, bg = STATUS_STYLE.get(status, ("", "#1d1f23", "#ffffff"))
        return (
            f'<span style="color:{fg}; background-color:{bg}; font-weight:bold;">'
            f"&nbsp;{esc(self.label(status))}&nbsp;</span>"
        )

    def status_cell(self, status: str) -> str:
        _, fg, bg = STATUS_STYLE.get(status, ("", "#1d1f23", "#ffffff"))
        return (
            f'<td bgcolor="{bg}" style="background-color:{bg}; color:{fg}; font-weight:bold; '
            f'white-space:nowrap;">{esc(self.label(status))}</td>'
        )

    def not_recorded(self) -> str:
        return f'<span class="muted">{self.t("not recorded")}</span>'

    def mono(self, value: Any) -> str:
        return f'<span class="mono">{esc(value)}</span>' if value else self.not_recorded()

    def h2(self, title: str) -> str:
        return f"<h2>{title}</h2>"

    # -- sections -----------------------------------------------------------------------
    def header(self) -> str:
        r = self.r
        return (
            f"<h1>{esc(r['title'])}</h1>"
            f'<p class="muted">'
            f"{self.t('Report {id} · generated {at}', id=r['report_id'], at=r['generated_at'])}"
            f"</p>"
            f'<table cellspacing="0" cellpadding="6"><tr>'
            f'<td class="k">{self.t("Overall verdict")}</td>'
            f"{self.status_cell(r['verdict'])}<td>{esc(r['verdict_reason'])}</td></tr></table>"
        )

    def tester(self) -> str:
        t_ = self.r["tester"]
        if not (t_["name"] or t_["email"]):
            return f'<span class="warn">{self.t("not given")}</span>'
        who = t_["name"] or ""
        if t_["email"]:
            who = f"{who} <{t_['email']}>".strip()
        if t_["role"]:
            who += f", {t_['role']}"
        return esc(who)

    def summary(self) -> str:
        r, c = self.r, self.r["checklist"]
        rows = [
            (self.t("Checklist"), esc(c["name"])),
            (self.t("Checklist SHA-256"), self.mono(c["sha256"])),
            (self.t("Profile"), esc(r["profile"]["name"]) or self.not_recorded()),
            (self.t("Backend base URL"), self.mono(r["profile"]["base_url"])),
            (self.t("Tester"), self.tester()),
            (self.t("Signed by"), self.signer_cell()),
            (self.t("Run"), f'<span class="mono">{esc(r["run_id"])}</span>'),
            (self.t("Started"), esc(r["started_at"])),
            (self.t("Finished"), esc(r["finished_at"]) or self.t("not finished")),
            (self.t("Duration"), esc(report_duration(r["duration_s"]))),
        ]
        if c.get("repair"):
            rows.append((self.t("Checklist encoding"), esc(c["repair"])))
        env = [(self.t("Environment: {name}", name=k), esc(v)) for k, v in r["environment"].items()]
        return self.h2(self.t("Summary")) + kv_table(rows + env)

    def signer_cell(self) -> str:
        sig = self.r.get("signing") or {}
        if not sig:
            return self.t("not signed")
        out = (
            f"{esc(sig.get('identity', ''))} "
            f'<span class="mono">{esc(sig.get("fingerprint", ""))}</span>'
        )
        if sig.get("one_off"):
            out += f'<br/><span class="warn">{self.one_off()}</span>'
        return out

    def one_off(self) -> str:
        sig = self.r.get("signing") or {}
        return self.t(
            "One-off key: made for this report alone ({why}). Nobody can have trusted its "
            "fingerprint: the signatures prove the files were not changed, not who signed.",
            why=sig.get("one_off_reason") or render(t("no lasting key could be used"), self.cat),
        )

    def counts_table(self) -> str:
        head = ["", *[esc(self.label(s)) for s in STATUSES], self.t("TOTAL")]
        rows = []
        for name, title in (("checks", N_("Checks")), ("steps", N_("Steps"))):
            c = self.r["counts"][name]
            rows.append(
                [
                    f"<th>{esc(self.plain(t(title)))}</th>",
                    *[td(c[s]) for s in STATUSES],
                    td(c["total"]),
                ]
            )
        return self.h2(self.t("Results")) + table(head, rows)

    def criteria(self) -> str:
        if not self.r["criteria"]:
            return ""
        rows = [
            [
                td(c["number"]),
                td(c["text"]),
                self.status_cell(c["status"]),
                f'<td class="small">{self.basis(c)}</td>',
            ]
            for c in self.r["criteria"]
        ]
        head = ["#", self.t("Criterion"), self.t("Status"), self.t("Basis")]
        return self.h2(self.t("Success criteria")) + table(head, rows)

    def source(self, source: str) -> str:
        """Who decided a verdict, in words (escaped)."""
        names = {
            "automatic": N_("from the automatic checks"),
            "manual": N_("the tester's verdict"),
            "none": N_("not decided yet"),
        }
        return self.t(names[source]) if source in names else esc(source)

    def basis(self, c: dict[str, Any]) -> str:
        """A criterion's basis: who decided, the rule in words, and the checks it rests on
        unless the rule already names them."""
        rule = self.plain(c["rule"]) if c["rule"] else ""
        out = self.source(c["verdict_source"]) + (f": {esc(rule)}" if rule else "")
        named = set(re.findall(r"[\w.-]+", rule))
        missing = [b for b in c["basis"] if b not in named]
        return out + (f"<br/>{esc(', '.join(missing))}" if missing else "")

    def diagnosis(self, d: dict[str, Any] | None) -> str:
        if not d:
            return ""
        out = f"<b>{esc(d['problem'])}: {esc(self.plain(d['title']))}</b>"
        if str(d["problem"]).startswith(OWN_NOTE_PREFIX):
            out += " " + self.t("(amogui's note: the checklist has no entry for this)")
        for key, label in (("symptoms", N_("Symptoms:")), ("solutions", N_("Solutions:"))):
            if d[key]:
                words = "; ".join(self.plain(x) for x in d[key])
                out += f"<br/>{self.t(label)} " + esc(words)
        return out

    def defects(self) -> str:
        if not self.r["defects"]:
            return self.h2(self.t("Open defects")) + f"<p>{self.t('None.')}</p>"
        rows = [
            [
                td(d["id"]),
                td(d["check"] or d["step"], "mono"),
                f"<td>{self.defect_text(d)}</td>",
                f'<td class="small">{self.diagnosis(d["diagnosis"])}</td>',
                td(", ".join(d["evidence"]), "mono"),
            ]
            for d in self.r["defects"]
        ]
        head = [
            self.t("ID"),
            self.t("Check"),
            self.t("Defect"),
            self.t("Diagnosis (checklist's problems)"),
            self.t("Evidence"),
        ]
        return self.h2(self.t("Open defects")) + table(head, rows)

    def defect_text(self, d: dict[str, Any]) -> str:
        out = esc(d["summary"])
        if d["expected"]:
            out += f"<br/><i>{self.t('Expected:')}</i> {esc(d['expected'])}"
        if d["actual"]:
            out += f"<br/><i>{self.t('Actual:')}</i> {esc(d['actual'])}"
        return out

    def deviation_list(self) -> str:
        if not self.r["deviations"]:
            return self.h2(self.t("Accepted deviations")) + f"<p>{self.t('None.')}</p>"
        rows = [
            [td(d["check"], "mono"), td(d["step"], "mono"), td(d["text"])]
            for d in self.r["deviations"]
        ]
        head = [self.t("Check"), self.t("Step"), self.t("Deviation")]
        return self.h2(self.t("Accepted deviations")) + table(head, rows)

    def step_block(self, s: dict[str, Any]) -> str:
        number = f"{s['number']} " if s["number"] else ""
        parent = f'<span class="muted">{esc(s["parent"])} &rsaquo; </span>' if s["parent"] else ""
        source = self.source(s["verdict_source"])
        if s["verdict_source"] == "manual":
            source += "; " + self.t("automatic: {status}", status=s["automatic_status"])
        status = f"{self.badge(s['status'])} <span class='small muted'>({source})</span>"
        rows = [(self.t("Status"), status)]
        if s["expected"]:
            rows.append((self.t("Expected"), lines(s["expected"])))
        rows.append((self.t("Actual"), esc(s["actual"]) or self.not_recorded()))
        if s["note"]:
            rows.append((self.t("Note"), esc(s["note"])))
        if s["review"]:
            ticks = [("[x] " if i["ticked"] else "[ ] ") + i["text"] for i in s["review"]]
            rows.append((self.t("Review items"), lines(ticks)))
        shots = self.step_attachments(s["id"])
        if shots:
            rows.append((self.t("Attachments"), shots))
        sid = f"<span class='small muted mono'>{esc(s['id'])}</span>"
        out = f"<h4>{parent}{esc(number)}{esc(s['title'])} {sid}</h4>" + kv_table(rows)
        if s["checks"]:
            out += self.check_table(s["checks"])
        return out + SPACER

    def check_table(self, checks: list[dict[str, Any]]) -> str:
        deviation = self.t("Deviation:")
        rows = [
            [
                td(c["id"], "mono"),
                self.status_cell(c["status"]),
                f"<td>{esc(c['summary'])}"
                + (f"<br/><i>{deviation}</i> {esc(c['variation'])}" if c["variation"] else "")
                + (f"<br/>{self.diagnosis(c['diagnosis'])}" if c["diagnosis"] else "")
                + "</td>",
                td(", ".join(c["evidence"]), "mono"),
            ]
            for c in checks
        ]
        head = [self.t("Check"), self.t("Status"), self.t("Summary"), self.t("Evidence")]
        return table(head, rows)

    def step_attachments(self, step_id: str) -> str:
        found = [a for a in self.r["attachments"] if a.get("step") == step_id and a.get("file")]
        return ", ".join(f'<span class="mono">{esc(a["file"])}</span>' for a in found)

    def steps(self) -> str:
        out = [self.h2(self.t("Steps"))]
        section = None
        for s in self.r["steps"]:
            if s["section"] and s["section"] != section:
                section = s["section"]
                out.append(f"<h3>{esc(section)}</h3>")
            out.append(self.step_block(s))
        return "".join(out)

    def footer(self) -> str:
        """The checklist's own closing lines (e.g. when it was last updated), as written."""
        footer = self.r["checklist"].get("footer") or []
        if not footer:
            return ""
        return (
            f'<p class="small muted">{self.t("From the checklist:")}</p>'
            f'<p class="small">{lines(footer)}</p>'
        )

    def timeline(self) -> str:
        if not self.r["timeline"]:
            return self.h2(self.t("OAuth timeline")) + f"<p>{self.t('No events recorded.')}</p>"
        rows = [
            [td(e["at"], "mono"), td(e["kind"]), td(e["via"] or ""), td(e["detail"], "mono")]
            for e in self.r["timeline"]
        ]
        head = [self.t("Time"), self.t("Event"), self.t("Via"), self.t("Detail")]
        return self.h2(self.t("OAuth timeline")) + table(head, rows)

    def attachments(self) -> str:
        items = self.r["attachments"]
        if not items:
            return self.h2(self.t("Attachments")) + f"<p>{self.t('None.')}</p>"
        missing = self.plain(t("missing: the copy kept with the run is gone or changed"))
        rows = [
            [
                td(a["name"]),
                td(a.get("step") or ""),
                td(a["sha256"], "mono"),
                td(a.get("file") or missing),
            ]
            for a in items
        ]
        head = [self.t("Name"), self.t("Step"), self.t("SHA-256"), self.t("In this bundle as")]
        out = self.h2(self.t("Attachments")) + table(head, rows)
        return out + "".join(self.picture(a) for a in items if a.get("file"))

    def picture(self, a: dict[str, Any]) -> str:
        """A picture attachment shown (its caption names the signed file); another file
        linked by its name in the bundle."""
        name = str(a["file"])
        image = self.images.get(name)
        caption = f'<p class="small"><b>{esc(name)}</b> ({esc(a.get("step") or "-")})</p>'
        if image is None or not a.get("image"):
            if self.for_pdf:
                return ""
            return f'<p class="small"><a href="{esc(name)}">{esc(name)}</a></p>'
        size = ""
        if image.width and image.height:
            size = f' width="{image.width}" height="{image.height}"'
        alt = esc(a.get("original") or name)
        return f'{caption}<p><img class="shot" src="{esc(image.src)}" alt="{alt}"{size}/></p>'

    def redaction(self) -> str:
        red = self.r["redaction"]
        items = "".join(f"<li>{esc(k)}</li>" for k in red["kinds"])
        return self.h2(self.t("Redaction")) + f"<p>{esc(red['how'])}</p><ul>{items}</ul>"

    def signoff(self) -> str:
        sig = self.r["signing"]
        if not sig:
            return self.h2(self.t("Sign-off")) + f"<p>{self.t('This report is not signed.')}</p>"
        rows = [
            (self.t("Signed by"), esc(sig.get("identity", ""))),
            (self.t("Tester"), self.tester()),
            (self.t("Key fingerprint"), self.mono(sig.get("fingerprint", ""))),
            (self.t("Key type"), esc(sig.get("key_type", "ssh-ed25519"))),
            (self.t("Signature namespace"), self.mono(sig.get("namespace", ""))),
            (
                self.t("How to verify"),
                self.t(
                    "amogui verify DIR --allowed-signers FILE, or ssh-keygen -Y verify "
                    "as VERIFY.txt shows: only an allowed_signers file you trust proves who signed"
                ),
            ),
        ]
        if sig.get("one_off"):
            rows.append((self.t("Key"), f'<span class="warn">{self.one_off()}</span>'))
        return self.h2(self.t("Sign-off")) + kv_table(rows)

    # -- evidence ---------------------------------------------------------------------
    def exchange_block(self, x: dict[str, Any]) -> str:
        status = x["status"] if x["status"] is not None else self.plain(t("no response"))
        title = f"{x['id']} {x['method']} {x['url']} -> {status}"
        parts = [f'<h3 class="mono">{esc(title)}</h3>']
        meta = self.t(
            "check {check} · {at} · {ms} ms",
            check=x["check_id"] or "manual",
            at=x["started_at"],
            ms=f"{x['duration_ms']:.0f}",
        )
        if x["error"]:
            meta += " · " + self.t("error: {error}", error=x["error"])
        parts.append(f'<p class="small muted">{meta}</p>')
        request = _headers(x["request_headers"])
        if x["request_body"]:
            request += "\n\n" + capped(x["request_body"])
        parts.append(f"<pre>{esc(request) or self.t('(no request headers recorded)')}</pre>")
        if x["status"] is not None:
            response = _headers(x["response_headers"])
            if x["response_body"]:
                response += "\n\n" + capped(x["response_body"])
            if x["response_truncated"]:
                response += "\n" + self.plain(
                    t("... (body capped when recorded; {n} bytes read)", n=x["response_size"])
                )
            parts.append(f"<pre>{esc(response)}</pre>")
        return "".join(parts)

    def exchange_row(self, x: dict[str, Any]) -> list[str]:
        """One exchange as the PDF summarises it: status line, content type, size and the
        first lines of the body; the whole exchange is in requests.har."""
        status = x["status"] if x["status"] is not None else self.plain(t("no response"))
        ctype = _header(x["response_headers"], "content-type") or "-"
        size = x.get("response_size") or len((x.get("response_body") or "").encode())
        head = f"{x['method']} {x['url']}"
        body = first_lines(x.get("response_body") or "")
        detail = esc(head)
        if x["error"]:
            detail += "<br/>" + self.t("error: {error}", error=x["error"])
        if body:
            detail += f'<br/><span class="mono">{lines(body)}</span>'
        return [
            td(x["id"], "mono"),
            td(x["check_id"] or "manual", "mono"),
            f'<td class="small">{detail}</td>',
            td(status),
            td(f"{ctype}, {size} B", "small"),
        ]

    def evidence(self) -> str:
        title = self.h2(self.t("Evidence: HTTP exchanges"))
        if not self.r["exchanges"]:
            return title + f"<p>{self.t('None recorded.')}</p>"
        if self.for_pdf:
            note = self.t(
                "Each exchange with its status, content type, size and the first lines of its "
                "body; requests.har holds every exchange in full (redacted)."
            )
            head = [
                self.t("ID"),
                self.t("Check"),
                self.t("Request and the start of the answer"),
                self.t("Status"),
                self.t("Content"),
            ]
            rows = [self.exchange_row(x) for x in self.r["exchanges"]]
            return title + f'<p class="small">{note}</p>' + table(head, rows)
        rows = [
            [
                td(x["id"], "mono"),
                td(x["check_id"] or "manual", "mono"),
                td(f"{x['method']} {x['url']}", "mono"),
                td(x["status"] if x["status"] is not None else self.plain(t("no response"))),
                td(f"{x['duration_ms']:.0f} ms"),
            ]
            for x in self.r["exchanges"]
        ]
        head = [self.t("ID"), self.t("Check"), self.t("Request"), self.t("Status"), self.t("Time")]
        out = title + table(head, rows)
        return out + "".join(self.exchange_block(x) for x in self.r["exchanges"])

    def body(self, *, with_evidence: bool = True) -> str:
        parts = [
            self.header(),
            self.defects(),
            self.summary(),
            self.counts_table(),
            self.criteria(),
            self.deviation_list(),
            self.steps(),
            self.footer(),
            self.timeline(),
            self.attachments(),
            self.signoff(),
            self.redaction(),
        ]
        if with_evidence:
            parts.append(self.evidence())
        return "\n".join(p for p in parts if p)


def _headers(items: list[list[str]]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in items)


def _header(items: list[list[str]], name: str) -> str:
    return next((v for k, v in items if str(k).lower() == name), "")


def html_images(report: Report, attached: Mapping[str, bytes] | None) -> dict[str, Image]:
    """The report's picture attachments as ``data:`` URIs for the HTML page."""
    out: dict[str, Image] = {}
    for a in report.get("attachments", []):
        data = (attached or {}).get(str(a.get("file")))
        if a.get("image") and data:
            out[str(a["file"])] = Image(data_uri(str(a["image"]), data))
    return out


def body(
    r: Report,
    *,
    with_evidence: bool = True,
    images: Mapping[str, Image] | None = None,
    for_pdf: bool = False,
) -> str:
    return Writer(r, images, for_pdf=for_pdf).body(with_evidence=with_evidence)


def render_html(r: Report, attached: Mapping[str, bytes] | None = None) -> str:
    """The complete, self-contained report.html; ``attached`` holds the bundle's
    attachments (file name -> bytes) so pictures can be shown."""
    writer = Writer(r, html_images(r, attached))
    lang = esc(r.get("language") or "en")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8"/>'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>"
        f"<title>{esc(r['title'])} {esc(r['report_id'])}</title>"
        f"<style>{CSS}</style></head>\n<body>\n{writer.body()}\n</body></html>\n"
    )
