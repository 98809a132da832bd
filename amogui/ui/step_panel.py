"""The right-hand panel: everything about one step, and the tester's verdict on it."""

from __future__ import annotations

import html
import json
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from amogui.base.i18n import render
from amogui.checklist.model import ApiTest, Checklist, Criterion, Problem, Section, Step
from amogui.checks.verdicts import criterion_verdict, step_status
from amogui.run.state import CheckResult, Diagnosis, Run, Status
from amogui.ui.checklist_model import step_label
from amogui.ui.core_text import core_text
from amogui.ui.icons import COLOURS, status_icon
from amogui.ui.status_text import verdict_verb

# Verdict buttons, their shortcuts (also shown in the menus) and object names for tests.
VERDICTS: tuple[tuple[Status, str, str], ...] = (
    (Status.PASSED, "Pass", "Ctrl+1"),
    (Status.FAILED, "Fail", "Ctrl+2"),
    (Status.BLOCKED, "Blocked", "Ctrl+3"),
    (Status.SKIPPED, "Skip", "Ctrl+4"),
)
CLEAR_SHORTCUT = "Ctrl+0"


def pretty_json(text: str) -> str:
    """Expected JSON, indented; text that is not JSON (often with comments) stays as written."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except ValueError:
        return text.strip()


def _esc(text: object) -> str:
    """HTML-escaped text; a core `Text` is rendered in the current language first."""
    return html.escape(render(text)).replace("`", "")


_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def _inline(text: str) -> str:
    """The checklist's inline Markdown (`code`, **bold**) as escaped rich text."""
    out = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text))
    return _BOLD.sub(lambda m: f"<b>{m.group(1)}</b>", out).replace("`", "")


def _plain(text: str) -> str:
    """The same text without its Markdown marks, for plain-text widgets (check boxes)."""
    return _BOLD.sub(lambda m: m.group(1), text).replace("`", "")


def _list_html(items: list[str], ordered: bool) -> str:
    tag = "ol" if ordered else "ul"
    rows = "".join(f"<li>{_inline(i)}</li>" for i in items)
    return f"<{tag} style='margin-left:-18px'>{rows}</{tag}>"


class StepPanel(QScrollArea):
    verdict_requested = Signal(str, object)  # step id, Status | None
    text_edited = Signal(str, str, str)  # step id, "actual" | "note", text
    review_toggled = Signal(str, str, bool)  # step id, review item id, ticked
    api_test_requested = Signal(str, int)  # step id, index of the API test
    step_checks_requested = Signal(str)  # step id
    attach_requested = Signal(str)  # step id: the tester wants to attach a file
    attachment_removed = Signal(str, str)  # step id, attachment name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.step: Step | None = None
        self.run: Run | None = None
        self.checklist: Checklist | None = None
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.verdict_buttons: dict[Status, QPushButton] = {}
        self.review_boxes: dict[str, QCheckBox] = {}
        self.api_buttons: list[QPushButton] = []
        self.actual_edit = QPlainTextEdit()
        self.note_edit = QPlainTextEdit()
        self.status_label = QLabel()
        self.checks_box = QVBoxLayout()
        self.attachments_box = QVBoxLayout()
        self._build_empty()

    # -- public -----------------------------------------------------------------------------
    def show_step(self, checklist: Checklist, run: Run, step: Step) -> None:
        self.checklist, self.run, self.step = checklist, run, step
        body, layout = self._page()
        layout.addWidget(self._title(step_label(step), self._kind_text(step)))
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLine")
        layout.addWidget(self.status_label)
        self._add_content(layout, step)
        if step.decidable:
            self._add_review(layout, step, run)
            # The evidence comes before the verdict: read what the machine saw, then decide.
            self.checks_box = QVBoxLayout()
            layout.addLayout(self.checks_box)
            self.update_checks()
            self._add_verdict(layout, step, run)
        layout.addStretch(1)
        self.setWidget(body)
        self.update_status()

    def show_problem(self, problem: Problem) -> None:
        self.step = None
        body, layout = self._page()
        label = self.tr("Problem {n}").format(n=problem.number)
        layout.addWidget(self._title(problem.title, label))
        self._section(layout, self.tr("Symptoms"), _list_html(problem.symptoms, False))
        self._section(layout, self.tr("Solution"), _list_html(problem.solutions, True))
        layout.addStretch(1)
        self.setWidget(body)

    def show_criterion(self, checklist: Checklist, run: Run, criterion: Criterion) -> None:
        self.step = None
        body, layout = self._page()
        layout.addWidget(self._title(criterion.text, self.tr("Success criterion")))
        verdict = criterion_verdict(run, criterion, checklist)
        status = verdict.status
        if not verdict.basis and not verdict.manual:
            text = self.tr("Open: no check can judge this; it needs your verdict.")
        else:
            text = {
                Status.PASSED: self.tr("Met: every check it rests on passed."),
                Status.FAILED: self.tr("Not met: a check it rests on failed."),
                Status.BLOCKED: self.tr("Not met yet: a check it rests on is blocked."),
            }.get(status, self.tr("Open: some checks it rests on have not passed yet."))
        layout.addWidget(self._status_row(status, text))
        basis = ", ".join(verdict.basis) or "-"
        note = QLabel(self.tr("Rests on: {checks}").format(checks=basis))
        note.setObjectName("hint")
        layout.addWidget(note)
        layout.addStretch(1)
        self.setWidget(body)

    def show_section(self, section: Section) -> None:
        self.step = None
        body, layout = self._page()
        layout.addWidget(self._title(section.title, self.tr("Part")))
        if section.text:
            self._section(layout, "", "<br>".join(_esc(t) for t in section.text))
        layout.addStretch(1)
        self.setWidget(body)

    def update_status(self) -> None:
        """Repaint the verdict buttons and status line from the run."""
        if self.step is None or self.run is None:
            return
        status = step_status(self.run, self.step.id)
        manual = self.run.is_manual(self.step.id)
        for value, button in self.verdict_buttons.items():
            button.setChecked(manual and value is status)
        if not self.step.decidable:
            text = self.tr("Decide its sub-steps.")
        elif manual:
            text = self.tr("{status} - manual verdict").format(status=self._status_name(status))
        elif status.decided:
            text = self.tr("{status} - from the automatic checks").format(
                status=self._status_name(status)
            )
        else:
            text = self.tr("Not decided yet")
        self.status_label.setText(text)
        sheet = f"color: {COLOURS[status]}; font-weight: 600;"
        if self.status_label.styleSheet() != sheet:  # re-polishing costs ~12 ms a time
            self.status_label.setStyleSheet(sheet)

    def update_checks(self) -> None:
        """Rebuild only the checks block (results arrive while the tester may be typing)."""
        if self.step is None or self.run is None or not self.step.decidable:
            return
        _clear_layout(self.checks_box)
        from amogui.checks.registry import checks_for_step

        specs = checks_for_step(self.step.id)
        results = {c.check_id: c for c in self.run.checks_for(self.step.id)}
        if not specs and not results:
            return
        self.checks_box.addWidget(self._heading(self.tr("Automatic checks")))
        for spec in specs:
            result = results.pop(spec.id, None)
            self.checks_box.addWidget(self._check_widget(spec.id, spec.proves, result))
        for result in results.values():
            self.checks_box.addWidget(self._check_widget(result.check_id, "", result))
        if specs:
            button = QPushButton(self.tr("Run this step's checks"))
            button.setObjectName("runStepChecks")
            button.setToolTip(self.tr("Run the automatic checks of this step (Shift+F5)"))
            step_id = self.step.id
            button.clicked.connect(lambda: self.step_checks_requested.emit(step_id))
            self.checks_box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_texts(self, actual: str, note: str) -> None:
        for edit, text in ((self.actual_edit, actual), (self.note_edit, note)):
            if edit.toPlainText() != text:
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)

    # -- building blocks --------------------------------------------------------------------------
    def _build_empty(self) -> None:
        body, layout = self._page()
        hint = QLabel(self.tr("Select a step in the checklist on the left."))
        hint.setObjectName("hint")
        layout.addWidget(hint)
        layout.addStretch(1)
        self.setWidget(body)

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        body = QWidget()
        body.setObjectName("stepBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        self.verdict_buttons = {}
        self.review_boxes = {}
        self.api_buttons = []
        return body, layout

    def _title(self, text: str, kicker: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        small = QLabel(kicker.upper())
        small.setObjectName("kicker")
        title = QLabel(text)
        title.setObjectName("stepTitle")
        title.setWordWrap(True)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(small)
        layout.addWidget(title)
        return box

    def _kind_text(self, step: Step) -> str:
        names = {
            "setup": self.tr("Set-up"),
            "scenario": self.tr("Scenario"),
            "substep": self.tr("Sub-step"),
            "review": self.tr("Backend review"),
            "logs": self.tr("Logs"),
        }
        return names.get(step.kind.value, self.tr("Step"))

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionHeading")
        return label

    def _section(self, layout: QVBoxLayout, heading: str, rich: str) -> None:
        if heading:
            layout.addWidget(self._heading(heading))
        label = QLabel(rich)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)

    def _add_content(self, layout: QVBoxLayout, step: Step) -> None:
        if step.context:
            self._section(layout, "", "<br>".join(_esc(t) for t in step.context))
        if step.file:
            self._section(layout, self.tr("File"), f"<code>{_esc(step.file)}</code>")
        if step.actions:
            self._section(layout, self.tr("Actions"), _list_html(step.actions, True))
        if step.expected:
            self._section(layout, self.tr("Expected result"), _list_html(step.expected, False))
        for number, test in enumerate(step.api_tests):
            self._add_api_test(layout, step, number, test)
        if step.notes:
            self._section(layout, self.tr("Notes"), "<br>".join(_esc(t) for t in step.notes))

    def _code(self, text: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(text)
        edit.setObjectName("code")
        edit.setReadOnly(True)
        edit.setFont(self._mono)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        lines = max(2, min(text.count("\n") + 1, 14))
        height = edit.fontMetrics().lineSpacing() * lines + 18
        edit.setFixedHeight(height)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return edit

    def _add_api_test(self, layout: QVBoxLayout, step: Step, number: int, test: ApiTest) -> None:
        layout.addWidget(self._heading(self.tr("API test")))
        layout.addWidget(self._code(test.curl.strip()))
        if test.expected_json:
            caption = QLabel(self.tr("Expected response"))
            caption.setObjectName("caption")
            layout.addWidget(caption)
            layout.addWidget(self._code(pretty_json(test.expected_json)))
        button = QPushButton(self.tr("Run API test"))
        button.setObjectName(f"runApiTest{number}")
        button.setToolTip(
            self.tr("Send this request with the profile's base URL and user A's token")
        )
        button.clicked.connect(lambda: self.api_test_requested.emit(step.id, number))
        self.api_buttons.append(button)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def _add_review(self, layout: QVBoxLayout, step: Step, run: Run) -> None:
        if not step.review_items:
            return
        layout.addWidget(self._heading(self.tr("Review")))
        ticks = run.steps[step.id].review if step.id in run.steps else {}
        for item in step.review_items:
            box = QCheckBox(_plain(item.text))
            box.setChecked(ticks.get(item.id, False))
            box.toggled.connect(
                lambda on, item_id=item.id: self.review_toggled.emit(step.id, item_id, on)
            )
            self.review_boxes[item.id] = box
            layout.addWidget(box)

    def _add_verdict(self, layout: QVBoxLayout, step: Step, run: Run) -> None:
        layout.addWidget(self._heading(self.tr("Verdict")))
        row = QHBoxLayout()
        group = QButtonGroup(self)
        group.setExclusive(False)  # clicking the checked one again clears the verdict
        for status, _name, shortcut in VERDICTS:
            name = verdict_verb(status)
            button = QPushButton(status_icon(status), name)
            button.setObjectName(f"verdict_{status.value}")
            button.setCheckable(True)
            hint = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(self.tr("Mark this step {name} ({key})").format(name=name, key=hint))
            button.clicked.connect(lambda on, s=status: self._on_verdict(s, on))
            group.addButton(button)
            self.verdict_buttons[status] = button
            row.addWidget(button)
        clear = QPushButton(self.tr("Clear verdict"))
        clear.setObjectName("verdict_clear")
        clear.setToolTip(self.tr("Back to the automatic result ({key})").format(key=CLEAR_SHORTCUT))
        clear.clicked.connect(lambda: self.verdict_requested.emit(step.id, None))
        row.addWidget(clear)
        row.addStretch(1)
        layout.addLayout(row)
        rec = run.steps.get(step.id)
        self.actual_edit = self._text_field(layout, self.tr("Actual result"), "actual")
        self.note_edit = self._text_field(layout, self.tr("Notes"), "note")
        self.set_texts(rec.actual if rec else "", rec.note if rec else "")
        self.attachments_box = QVBoxLayout()
        layout.addLayout(self.attachments_box)
        self.update_attachments()

    def update_attachments(self) -> None:
        """The files attached to this step, and the button to attach one more."""
        if self.step is None or self.run is None or not self.step.decidable:
            return
        _clear_layout(self.attachments_box)
        caption = QLabel(self.tr("Attachments"))
        caption.setObjectName("caption")
        self.attachments_box.addWidget(caption)
        step_id = self.step.id
        for entry in self.run.attachments:
            if entry.get("step") == step_id:
                self.attachments_box.addWidget(self._attachment_row(step_id, entry))
        button = QPushButton(self.tr("Attach a file..."))
        button.setObjectName("attachFile")
        button.setToolTip(
            self.tr("Keep a screenshot or a file with this step; it is signed into the report")
        )
        button.clicked.connect(lambda: self.attach_requested.emit(step_id))
        self.attachments_box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def _attachment_row(self, step_id: str, entry: dict[str, str]) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        name = entry.get("name", "")
        label = QLabel(f"{entry.get('original') or name}  ({name})")
        label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        label.setObjectName("attachment")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName("removeAttachment")
        remove.setToolTip(self.tr("Take {name} off this step").format(name=name))
        remove.setAccessibleName(self.tr("Remove {name}").format(name=name))
        remove.clicked.connect(lambda: self.attachment_removed.emit(step_id, name))
        line.addWidget(label, 1)
        line.addWidget(remove)
        return row

    def _text_field(self, layout: QVBoxLayout, caption: str, field: str) -> QPlainTextEdit:
        label = QLabel(caption)
        label.setObjectName("caption")
        layout.addWidget(label)
        edit = QPlainTextEdit()
        edit.setObjectName(f"{field}Edit")
        edit.setAccessibleName(caption)
        edit.setTabChangesFocus(True)  # Tab moves on, as in any form; the keyboard never traps
        label.setBuddy(edit)
        edit.setPlaceholderText(
            self.tr("What happened (kept with the verdict)")
            if field == "actual"
            else self.tr("Anything worth remembering")
        )
        edit.setFixedHeight(72)
        edit.setTabChangesFocus(True)
        edit.textChanged.connect(lambda: self._emit_text(field, edit))
        layout.addWidget(edit)
        return edit

    def _emit_text(self, field: str, edit: QPlainTextEdit) -> None:
        if self.step is not None:
            self.text_edited.emit(self.step.id, field, edit.toPlainText())

    def _on_verdict(self, status: Status, on: bool) -> None:
        if self.step is not None:
            self.verdict_requested.emit(self.step.id, status if on else None)

    def _status_name(self, status: Status) -> str:
        return {
            Status.PASSED: self.tr("Passed"),
            Status.FAILED: self.tr("Failed"),
            Status.BLOCKED: self.tr("Blocked"),
            Status.SKIPPED: self.tr("Skipped"),
            Status.NOT_RUN: self.tr("Not run"),
        }[status]

    def _status_row(self, status: Status, text: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        icon = QLabel()
        icon.setPixmap(status_icon(status).pixmap(18, 18))
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(icon)
        layout.addWidget(label, 1)
        return row

    def _check_widget(self, check_id: str, proves: str, result: CheckResult | None) -> QWidget:
        frame = QFrame()
        frame.setObjectName("checkCard")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 8, 10, 8)
        status = result.status if result else Status.NOT_RUN
        summary = result.summary if result else self.tr("Not run yet")
        layout.addWidget(self._status_row(status, f"<b>{_esc(check_id)}</b> - {_esc(summary)}"))
        if proves:
            hint = QLabel(self.tr("Proves: {text}").format(text=core_text(proves)))
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        if result is not None:
            self._check_details(layout, result)
        return frame

    def _check_details(self, layout: QVBoxLayout, result: CheckResult) -> None:
        lines: list[str] = []
        if result.expected or result.actual:
            lines.append(
                self.tr("Expected: {e}<br>Actual: {a}").format(
                    e=_esc(result.expected), a=_esc(result.actual)
                )
            )
        rows = result.details.get("comparison") if isinstance(result.details, dict) else None
        if isinstance(rows, list) and rows:
            lines.append(self._comparison_table(rows))
        if result.variation:
            lines.append(self.tr("Accepted variation: {v}").format(v=_esc(result.variation)))
        if result.diagnosis is not None:
            lines.append(self._diagnosis_html(result.diagnosis))
        if result.evidence:
            lines.append(
                self.tr("Evidence: {ids} (see the request log)").format(
                    ids=", ".join(_esc(e) for e in result.evidence)
                )
            )
        if lines:
            label = QLabel("<br>".join(lines))
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)

    def _diagnosis_html(self, diag: Diagnosis) -> str:
        if diag.is_own_note:
            # amogui's words, not the checklist's: said so, and translated like core texts.
            head = self.tr("<b>amogui's note</b>, not in the checklist ({title})").format(
                title=_esc(core_text(diag.title))
            )
            symptoms = [core_text(t) for t in diag.symptoms]
            solutions = [core_text(t) for t in diag.solutions]
        else:
            head = self.tr("<b>Diagnosis</b> ({title})").format(title=_esc(diag.title))
            symptoms, solutions = diag.symptoms, diag.solutions
        return (
            head
            + _list_html(symptoms, False)
            + self.tr("<b>Solution</b>")
            + _list_html(solutions, True)
        )

    def _comparison_table(self, rows: list[object], limit: int = 40) -> str:
        """The checklist's expected JSON and the answer side by side, key by key."""
        head = "".join(
            f"<th align='left'>{_esc(h)}</th>"
            for h in (self.tr("Key"), self.tr("Expected"), self.tr("Actual"), self.tr("Verdict"))
        )
        body = []
        for row in rows[:limit]:
            if not isinstance(row, dict):
                continue
            cells = (row.get("path"), row.get("expected"), row.get("actual"), row.get("verdict"))
            body.append("<tr>" + "".join(f"<td>{_esc(str(c or ''))}</td>" for c in cells) + "</tr>")
        more = len(rows) - limit
        tail = self.tr("<br>... and {n} more keys").format(n=more) if more > 0 else ""
        return (
            "<table cellspacing='0' cellpadding='3' border='1'>"
            f"<tr>{head}</tr>{''.join(body)}</table>{tail}"
        )


def _clear_layout(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
