"""report.html: one self-contained page (inline CSS, no scripts, no external resources).

The same markup feeds the PDF (`amogui.report.pdf`): Qt's rich-text engine reads a
subset of HTML/CSS (tables, inline styles, ``bgcolor``; no flex, grid or div borders),
so the layout is tables and every status is a coloured cell *with a text label*, never
colour alone. Every value is escaped; a Content-Security-Policy forbids scripts and
remote loads even if a future change let markup through.
"""

from __future__ import annotations

import html
from typing import Any

from amogui.report.model import STATUSES, Report, format_duration
from amogui.run.state import OWN_NOTE_PREFIX

# status -> (label, text colour, background); print-friendly pastel backgrounds.
STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    "passed": ("PASSED", "#0b5d1e", "#dcefe0"),
    "failed": ("FAILED", "#8a1111", "#f8dcdc"),
    "blocked": ("BLOCKED", "#7a4a00", "#fbe8c8"),
    "skipped": ("SKIPPED", "#44474e", "#e6e7ea"),
    "not-run": ("NOT RUN", "#44474e", "#f1f1f3"),
    "incomplete": ("INCOMPLETE", "#7a4a00", "#fbe8c8"),
}
TABLE = '<table width="100%" cellspacing="0" cellpadding="4">'
BODY_CAP = 3000  # characters of a body shown in HTML/PDF; requests.har has the rest
# Qt drops a heading's top margin after a table; a small empty paragraph keeps the gap.
SPACER = '<p style="font-size:4pt; margin:0;">&nbsp;</p>'
NOT_RECORDED = '<span class="muted">not recorded</span>'

CSS = """
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 10pt;
       color: #1d1f23; margin: 24px auto; max-width: 1100px; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 4px 0; }
h2 { font-size: 13pt; margin: 22px 0 6px 0; border-bottom: 1px solid #c7cad1; }
h3 { font-size: 11pt; margin: 14px 0 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px 0; }
th, td { border: 1px solid #c7cad1; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef0f4; font-weight: bold; }
td.k { width: 22%; background: #f7f8fa; font-weight: bold; }
pre { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 8pt; white-space: pre-wrap;
      word-break: break-all; background: #f7f8fa; border: 1px solid #e0e2e7; padding: 4px;
      margin: 2px 0; }
.mono { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 8.5pt; }
.muted { color: #5b6070; }
.small { font-size: 8.5pt; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def esc(value: Any) -> str:
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def badge(status: str) -> str:
    label, fg, bg = STATUS_STYLE.get(status, (status.upper(), "#1d1f23", "#ffffff"))
    return (
        f'<span style="color:{fg}; background-color:{bg}; font-weight:bold;">'
        f"&nbsp;{esc(label)}&nbsp;</span>"
    )


def status_cell(status: str) -> str:
    label, fg, bg = STATUS_STYLE.get(status, (status.upper(), "#1d1f23", "#ffffff"))
    return (
        f'<td bgcolor="{bg}" style="background-color:{bg}; color:{fg}; font-weight:bold; '
        f'white-space:nowrap;">{esc(label)}</td>'
    )


def kv_table(rows: list[tuple[str, str]]) -> str:
    # The width attribute, not CSS: Qt's rich text ignores CSS widths on cells.
    body = "".join(f'<tr><td class="k" width="24%">{esc(k)}</td><td>{v}</td></tr>' for k, v in rows)
    return f"{TABLE}{body}</table>"


def table(head: list[str], rows: list[list[str]]) -> str:
    """``rows`` hold ready-made cells: "<td>...</td>" strings (escaped by the caller)."""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    tr = "".join(f"<tr>{''.join(r)}</tr>" for r in rows)
    return f"{TABLE}<thead><tr>{th}</tr></thead>{tr}</table>"


def td(value: Any, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{esc(value)}</td>"


def lines(items: list[str]) -> str:
    return "<br/>".join(esc(i) for i in items)


def capped(text: str) -> str:
    if len(text) <= BODY_CAP:
        return text
    return text[:BODY_CAP] + f"\n... ({len(text) - BODY_CAP} more characters in requests.har)"


# -- sections ----------------------------------------------------------------------------
def header(r: Report) -> str:
    verdict = r["verdict"]
    return (
        f"<h1>{esc(r['title'])}</h1>"
        f'<p class="muted">Report {esc(r["report_id"])} &middot; generated {esc(r["generated_at"])}'
        f"</p>"
        f'<table cellspacing="0" cellpadding="6"><tr><td class="k">Overall verdict</td>'
        f"{status_cell(verdict)}<td>{esc(r['verdict_reason'])}</td></tr></table>"
    )


def _mono(value: Any) -> str:
    return f'<span class="mono">{esc(value)}</span>' if value else NOT_RECORDED


def summary(r: Report) -> str:
    t = r["tester"]
    who = t["name"] or "not given"
    if t["email"]:
        who += f" <{t['email']}>"
    if t["role"]:
        who += f", {t['role']}"
    c = r["checklist"]
    rows = [
        ("Checklist", esc(c["name"])),
        ("Checklist SHA-256", _mono(c["sha256"])),
        ("Profile", esc(r["profile"]["name"]) or NOT_RECORDED),
        ("Backend base URL", _mono(r["profile"]["base_url"])),
        ("Tester", esc(who)),
        ("Run", f'<span class="mono">{esc(r["run_id"])}</span>'),
        ("Started", esc(r["started_at"])),
        ("Finished", esc(r["finished_at"] or "not finished")),
        ("Duration", esc(format_duration(r["duration_s"]))),
    ]
    if c.get("repair"):
        rows.append(("Checklist encoding", esc(c["repair"])))
    env = [(f"Environment: {k}", esc(v)) for k, v in r["environment"].items()]
    return "<h2>Summary</h2>" + kv_table(rows + env)


def counts_table(r: Report) -> str:
    head = ["", *[STATUS_STYLE[s][0] for s in STATUSES], "TOTAL"]
    rows = []
    for name in ("checks", "steps"):
        c = r["counts"][name]
        rows.append(
            [f"<th>{esc(name.title())}</th>", *[td(c[s]) for s in STATUSES], td(c["total"])]
        )
    return "<h2>Results</h2>" + table(head, rows)


def criteria(r: Report) -> str:
    if not r["criteria"]:
        return ""
    rows = [
        [
            td(c["number"]),
            td(c["text"]),
            status_cell(c["status"]),
            f'<td class="small">{esc(c["verdict_source"])}: {esc(c["rule"])}'
            f"{'<br/>' + esc(', '.join(c['basis'])) if c['basis'] else ''}</td>",
        ]
        for c in r["criteria"]
    ]
    return "<h2>Success criteria</h2>" + table(["#", "Criterion", "Status", "Basis"], rows)


def _diagnosis(d: dict[str, Any] | None) -> str:
    if not d:
        return ""
    out = f"<b>{esc(d['problem'])}: {esc(d['title'])}</b>"
    if str(d["problem"]).startswith(OWN_NOTE_PREFIX):
        out += " (amogui's note: the checklist has no entry for this)"
    if d["symptoms"]:
        out += "<br/>Symptoms: " + esc("; ".join(d["symptoms"]))
    if d["solutions"]:
        out += "<br/>Solutions: " + esc("; ".join(d["solutions"]))
    return out


def defects(r: Report) -> str:
    if not r["defects"]:
        return "<h2>Open defects</h2><p>None.</p>"
    rows = [
        [
            td(d["id"]),
            td(d["check"] or d["step"], "mono"),
            f"<td>{esc(d['summary'])}"
            + (f"<br/><i>Expected:</i> {esc(d['expected'])}" if d["expected"] else "")
            + (f"<br/><i>Actual:</i> {esc(d['actual'])}" if d["actual"] else "")
            + "</td>",
            f'<td class="small">{_diagnosis(d["diagnosis"])}</td>',
            td(", ".join(d["evidence"]), "mono"),
        ]
        for d in r["defects"]
    ]
    head = ["ID", "Check", "Defect", "Diagnosis (checklist's problems)", "Evidence"]
    return "<h2>Open defects</h2>" + table(head, rows)


def deviation_list(r: Report) -> str:
    if not r["deviations"]:
        return "<h2>Accepted deviations</h2><p>None.</p>"
    rows = [[td(d["check"], "mono"), td(d["step"], "mono"), td(d["text"])] for d in r["deviations"]]
    return "<h2>Accepted deviations</h2>" + table(["Check", "Step", "Deviation"], rows)


def step_block(s: dict[str, Any]) -> str:
    number = f"{s['number']} " if s["number"] else ""
    parent = f'<span class="muted">{esc(s["parent"])} &rsaquo; </span>' if s["parent"] else ""
    source = esc(s["verdict_source"])
    if s["verdict_source"] == "manual":
        source += f"; automatic: {esc(s['automatic_status'])}"
    rows = [("Status", f"{badge(s['status'])} <span class='small muted'>({source})</span>")]
    if s["expected"]:
        rows.append(("Expected", lines(s["expected"])))
    rows.append(("Actual", esc(s["actual"]) or NOT_RECORDED))
    if s["note"]:
        rows.append(("Note", esc(s["note"])))
    if s["review"]:
        ticks = [("[x] " if i["ticked"] else "[ ] ") + i["text"] for i in s["review"]]
        rows.append(("Review items", lines(ticks)))
    sid = f"<span class='small muted mono'>{esc(s['id'])}</span>"
    out = f"<h3>{parent}{esc(number)}{esc(s['title'])} {sid}</h3>"
    out += kv_table(rows)
    if s["checks"]:
        check_rows = [
            [
                td(c["id"], "mono"),
                status_cell(c["status"]),
                f"<td>{esc(c['summary'])}"
                + (f"<br/><i>Deviation:</i> {esc(c['variation'])}" if c["variation"] else "")
                + (f"<br/>{_diagnosis(c['diagnosis'])}" if c["diagnosis"] else "")
                + "</td>",
                td(", ".join(c["evidence"]), "mono"),
            ]
            for c in s["checks"]
        ]
        out += table(["Check", "Status", "Summary", "Evidence"], check_rows)
    return out + SPACER


def steps(r: Report) -> str:
    out = ['<h2 style="page-break-before: always;">Steps</h2>']
    section = None
    for s in r["steps"]:
        if s["section"] and s["section"] != section:
            section = s["section"]
            out.append(f'<p class="muted"><b>{esc(section)}</b></p>')
        out.append(step_block(s))
    return "".join(out)


def _headers(items: list[list[str]]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in items)


def exchange_block(x: dict[str, Any]) -> str:
    status = x["status"] if x["status"] is not None else "no response"
    title = f"{x['id']} {x['method']} {x['url']} -> {status}"
    parts = [f'<h3 class="mono">{esc(title)}</h3>']
    check = esc(x["check_id"] or "manual")
    meta = f"check {check} &middot; {esc(x['started_at'])} &middot; {x['duration_ms']:.0f} ms"
    if x["error"]:
        meta += f" &middot; error: {esc(x['error'])}"
    parts.append(f'<p class="small muted">{meta}</p>')
    request = _headers(x["request_headers"])
    if x["request_body"]:
        request += "\n\n" + capped(x["request_body"])
    parts.append(f"<pre>{esc(request) or '(no request headers recorded)'}</pre>")
    if x["status"] is not None:
        response = _headers(x["response_headers"])
        if x["response_body"]:
            response += "\n\n" + capped(x["response_body"])
        if x["response_truncated"]:
            response += f"\n... (body capped when recorded; {x['response_size']} bytes read)"
        parts.append(f"<pre>{esc(response)}</pre>")
    return "".join(parts)


def evidence(r: Report) -> str:
    if not r["exchanges"]:
        return "<h2>Evidence: HTTP exchanges</h2><p>None recorded.</p>"
    rows = [
        [
            td(x["id"], "mono"),
            td(x["check_id"] or "manual", "mono"),
            td(f"{x['method']} {x['url']}", "mono"),
            td(x["status"] if x["status"] is not None else "no response"),
            td(f"{x['duration_ms']:.0f} ms"),
        ]
        for x in r["exchanges"]
    ]
    out = '<h2 style="page-break-before: always;">Evidence: HTTP exchanges</h2>'
    out += table(["ID", "Check", "Request", "Status", "Time"], rows)
    return out + "".join(exchange_block(x) for x in r["exchanges"])


def timeline(r: Report) -> str:
    if not r["timeline"]:
        return "<h2>OAuth timeline</h2><p>No events recorded.</p>"
    rows = [
        [td(t["at"], "mono"), td(t["kind"]), td(t["via"] or ""), td(t["detail"], "mono")]
        for t in r["timeline"]
    ]
    return "<h2>OAuth timeline</h2>" + table(["Time", "Event", "Via", "Detail"], rows)


def attachments(r: Report) -> str:
    if not r["attachments"]:
        return "<h2>Attachments</h2><p>None.</p>"
    rows = [
        [
            td(a["name"]),
            td(a.get("step") or ""),
            td(a["sha256"], "mono"),
            td(a.get("file") or "missing: the copy kept with the run is gone or changed"),
        ]
        for a in r["attachments"]
    ]
    return "<h2>Attachments</h2>" + table(["Name", "Step", "SHA-256", "In this bundle as"], rows)


def redaction(r: Report) -> str:
    red = r["redaction"]
    items = "".join(f"<li>{esc(k)}</li>" for k in red["kinds"])
    return f"<h2>Redaction</h2><p>{esc(red['how'])}</p><ul>{items}</ul>"


def signoff(r: Report) -> str:
    sig = r["signing"]
    if not sig:
        return "<h2>Sign-off</h2><p>This report is not signed.</p>"
    rows = [
        ("Signed by", esc(sig.get("identity", ""))),
        ("Key fingerprint", f'<span class="mono">{esc(sig.get("fingerprint", ""))}</span>'),
        ("Key type", esc(sig.get("key_type", "ssh-ed25519"))),
        ("Signature namespace", f'<span class="mono">{esc(sig.get("namespace", ""))}</span>'),
        (
            "How to verify",
            esc("amogui verify <this folder>, or ssh-keygen -Y verify as VERIFY.txt shows"),
        ),
    ]
    return "<h2>Sign-off</h2>" + kv_table(rows)


def body(r: Report, *, with_evidence: bool = True) -> str:
    parts = [
        header(r),
        summary(r),
        counts_table(r),
        criteria(r),
        defects(r),
        deviation_list(r),
        signoff(r),
        steps(r),
        timeline(r),
        attachments(r),
        redaction(r),
    ]
    if with_evidence:
        parts.append(evidence(r))
    return "\n".join(parts)


def render_html(r: Report) -> str:
    """The complete, self-contained report.html."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8"/>'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\"/>"
        f"<title>{esc(r['title'])} {esc(r['report_id'])}</title>"
        f"<style>{CSS}</style></head>\n<body>\n{body(r)}\n</body></html>\n"
    )
