"""The right-hand panel: the page of whatever is selected in the checklist tree.

A step's page shows what to do and expect, the checklist's API tests, the review ticks, the
automatic checks with their evidence, and the tester's verdict. The problems, a problem,
the criteria, a criterion and a part each have a page of their own; only a step, and a
criterion that no machine can judge, have verdict buttons, so a verdict always lands on
the node that is shown.

Links on a page (an evidence id, a check, a step, a problem) are amogui's own
(``exchange:x0009``, ``check:oauth.callback``, ``step:s2.k3``, ``problem:problem.1``,
``criterion:criterion.6``): the panel hands them on through `link_activated`.
"""

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
from amogui.checks.registry import BY_ID, checks_for_step
from amogui.checks.verdicts import criterion_verdict, step_status
from amogui.run.state import CheckResult, Run, Status
from amogui.ui import evidence
from amogui.ui.appearance import set_tone
from amogui.ui.checklist_model import problem_label, step_label
from amogui.ui.core_text import core_text
from amogui.ui.evidence import esc, link
from amogui.ui.flow_layout import FlowLayout
from amogui.ui.icons import COLOURS, status_icon
from amogui.ui.status_text import decision_name, status_name, verdict_verb

# Verdict buttons, their shortcuts (also shown in the menus) and object names for tests.
VERDICTS: tuple[tuple[Status, str, str], ...] = (
    (Status.PASSED, "Pass", "Ctrl+1"),
    (Status.FAILED, "Fail", "Ctrl+2"),
    (Status.BLOCKED, "Blocked", "Ctrl+3"),
    (Status.SKIPPED, "Skip", "Ctrl+4"),
)
CLEAR_SHORTCUT = "Ctrl+0"
CODE_LINES_MAX = 14  # a code box taller than this scrolls


def pretty_json(text: str) -> str:
    """Expected JSON, indented; text that is not JSON (often with comments) stays as written."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except ValueError:
        return text.strip()


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


def failures_pointing_to(run: Run, problem_id: str) -> list[CheckResult]:
    """The check results of this run whose diagnosis is that problem."""
    return [
        r
        for r in run.checks.values()
        if r.diagnosis is not None and r.diagnosis.problem_id == problem_id
    ]


class StepPanel(QScrollArea):
    verdict_requested = Signal(str, object)  # step or criterion id, Status | None
    text_edited = Signal(str, str, str)  # step id, "actual" | "note", text
    review_toggled = Signal(str, str, bool)  # step id, review item id, ticked
    api_test_requested = Signal(str, int)  # step id, index of the API test
    step_checks_requested = Signal(str)  # step id
    attach_requested = Signal(str)  # step id: the tester wants to attach a file
    attachment_removed = Signal(str, str)  # step id, attachment name
    link_activated = Signal(str)  # "exchange:x0009", "check:...", "step:...", "problem:..."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.step: Step | None = None
        self.criterion: Criterion | None = None  # shown with verdict buttons
        self.page = ""  # what is shown: "step", "problem", "problems", "criterion", ...
        self.run: Run | None = None
        self.checklist: Checklist | None = None
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.verdict_buttons: dict[Status, QPushButton] = {}
        self.review_boxes: dict[str, QCheckBox] = {}
        self.api_buttons: list[QPushButton] = []
        self.api_results: list[QVBoxLayout] = []
        self.actual_edit = QPlainTextEdit()
        self.note_edit = QPlainTextEdit()
        self.actual_prompt = QLabel()
        self.status_label = QLabel()
        self.checks_box = QVBoxLayout()
        self.attachments_box = QVBoxLayout()
        self._build_empty()

    # -- pages ------------------------------------------------------------------------------
    def show_step(self, checklist: Checklist, run: Run, step: Step) -> None:
        body, layout = self._page("step", checklist, run)
        self.step = step
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
            self._add_verdict(layout, step.id)
            self._add_texts(layout, step, run)
        else:
            self._add_children(layout, step, run)
        layout.addStretch(1)
        self.setWidget(body)
        self.update_status()

    def show_problem(self, checklist: Checklist, run: Run, problem: Problem) -> None:
        body, layout = self._page("problem", checklist, run)
        label = self.tr("Problem {n}").format(n=problem.number)
        layout.addWidget(self._title(problem.title, label))
        self._section(layout, self.tr("Symptoms"), _list_html(problem.symptoms, False))
        self._section(layout, self.tr("Solution"), _list_html(problem.solutions, True))
        layout.addWidget(self._heading(self.tr("Failures that point to it")))
        failures = failures_pointing_to(run, problem.id)
        if not failures:
            layout.addWidget(self._hint(self.tr("No check of this run points to this problem.")))
        for result in failures:
            layout.addWidget(self._check_row(result.check_id, result.status, result.summary))
        layout.addStretch(1)
        self.setWidget(body)

    def show_problems(self, checklist: Checklist, run: Run) -> None:
        """The "possible problems" part: every problem, with the failures pointing to it."""
        body, layout = self._page("problems", checklist, run)
        title = checklist.problems_title or self.tr("Possible problems")
        layout.addWidget(self._title(title, self.tr("Part")))
        for problem in checklist.problems:
            count = len(failures_pointing_to(run, problem.id))
            text = link(f"problem:{problem.id}", esc(problem_label(problem)))
            if count:
                text += " — " + esc(self.tr("%n failure(s) of this run", "", count))
            layout.addWidget(self._status_row(Status.FAILED if count else None, text))
        layout.addStretch(1)
        self.setWidget(body)

    def show_criterion(self, checklist: Checklist, run: Run, criterion: Criterion) -> None:
        body, layout = self._page("criterion", checklist, run)
        layout.addWidget(self._title(criterion.text, self.tr("Success criterion")))
        verdict = criterion_verdict(run, criterion, checklist)
        layout.addWidget(
            self._status_row(verdict.status, self._criterion_text(checklist, run, criterion))
        )
        if verdict.basis:
            layout.addWidget(self._heading(self.tr("It rests on")))
            for check_id in verdict.basis:
                layout.addWidget(self._basis_row(checklist, run, check_id))
            for step_id in verdict.steps:  # reviews whose failure fails it
                step = checklist.step(step_id)
                if step is not None:
                    layout.addWidget(self._step_row(run, step))
        if not verdict.basis:
            # No machine can judge it: the tester does, here.
            self.criterion = criterion
            self._add_verdict(layout, criterion.id)
            self.update_status()
        layout.addStretch(1)
        self.setWidget(body)

    def show_criteria(self, checklist: Checklist, run: Run) -> None:
        """The success criteria: each with its status, as links to its page."""
        body, layout = self._page("criteria", checklist, run)
        title = checklist.criteria_title or self.tr("Success criteria")
        layout.addWidget(self._title(title, self.tr("Part")))
        for criterion in checklist.criteria:
            status = criterion_verdict(run, criterion, checklist).status
            text = link(f"criterion:{criterion.id}", esc(f"{criterion.number}. {criterion.text}"))
            text += " — " + esc(decision_name(status))
            layout.addWidget(self._status_row(status, text))
        layout.addStretch(1)
        self.setWidget(body)

    def show_section(self, checklist: Checklist, run: Run, section: Section) -> None:
        body, layout = self._page("section", checklist, run)
        layout.addWidget(self._title(section.title, self.tr("Part")))
        if section.text:
            self._section(layout, "", "<br>".join(_inline(t) for t in section.text))
        for step in section.steps:
            layout.addWidget(self._step_row(run, step))
        layout.addStretch(1)
        self.setWidget(body)

    # -- updates ----------------------------------------------------------------------------
    def update_status(self) -> None:
        """Repaint the verdict buttons, the status line and the actual-result prompt."""
        if self.run is None:
            return
        if self.criterion is not None:
            record = self.run.steps.get(self.criterion.id)
            chosen = record.manual if record is not None else None
            for value, button in self.verdict_buttons.items():
                button.setChecked(value is chosen)
            return
        if self.step is None:
            return
        status = step_status(self.run, self.step.id)
        manual = self.run.is_manual(self.step.id)
        for value, button in self.verdict_buttons.items():
            button.setChecked(manual and value is status)
        if not self.step.decidable:
            text = self.tr("Decide its sub-steps.")
        elif manual:
            text = self.tr("{status} - manual verdict").format(status=status_name(status))
        elif status.decided:
            text = self.tr("{status} - from the automatic checks").format(
                status=status_name(status)
            )
        else:
            text = self.tr("Not decided yet")
        self.status_label.setText(text)
        sheet = f"color: {COLOURS[status]}; font-weight: 600;"
        if self.status_label.styleSheet() != sheet:  # re-polishing costs ~12 ms a time
            self.status_label.setStyleSheet(sheet)
        self._update_actual_prompt()

    def update_checks(self) -> None:
        """Rebuild only the checks block (results arrive while the tester may be typing)."""
        if self.step is None or self.run is None or not self.step.decidable:
            return
        _clear_layout(self.checks_box)
        specs = checks_for_step(self.step.id)
        results = {c.check_id: c for c in self.run.checks_for(self.step.id)}
        api_results = {cid: r for cid, r in results.items() if cid.startswith("api-test:")}
        for cid in api_results:
            results.pop(cid)
        self._update_api_results(api_results)
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

    def focused_verdict(self) -> Status | None:
        """The verdict button that has the keyboard focus, if one has."""
        return next((s for s, b in self.verdict_buttons.items() if b.hasFocus()), None)

    def focus_verdict(self, status: Status | None) -> None:
        button = self.verdict_buttons.get(status) if status is not None else None
        if button is not None:
            button.setFocus()

    def set_texts(self, actual: str, note: str) -> None:
        for edit, text in ((self.actual_edit, actual), (self.note_edit, note)):
            if edit.toPlainText() != text:
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)
        self._update_actual_prompt()

    # -- building blocks --------------------------------------------------------------------------
    def _build_empty(self) -> None:
        body, layout = self._page("", None, None)
        layout.addWidget(self._hint(self.tr("Select a step in the checklist on the left.")))
        layout.addStretch(1)
        self.setWidget(body)

    def _page(
        self, page: str, checklist: Checklist | None, run: Run | None
    ) -> tuple[QWidget, QVBoxLayout]:
        """A fresh page: nothing of the previous one (its buttons above all) survives."""
        self.page, self.checklist, self.run = page, checklist, run
        self.step = None
        self.criterion = None
        body = QWidget()
        body.setObjectName("stepBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        self.verdict_buttons = {}
        self.review_boxes = {}
        self.api_buttons = []
        self.api_results = []
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
        title.setTextFormat(Qt.TextFormat.PlainText)
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

    def _hint(self, text: str) -> QLabel:
        hint = QLabel(text)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        return hint

    def _rich(self, text: str) -> QLabel:
        """A rich-text label whose links come to `link_activated` (and are reachable with
        Tab and Enter)."""
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)  # never guessed: a table stays a table
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setOpenExternalLinks(False)
        label.linkActivated.connect(self.link_activated.emit)
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
            self._section(layout, "", "<br>".join(_inline(t) for t in step.context))
        if step.file:
            self._section(layout, self.tr("File"), f"<code>{html.escape(step.file)}</code>")
        if step.actions:
            self._section(layout, self.tr("Actions"), _list_html(step.actions, True))
        if step.expected:
            self._section(layout, self.tr("Expected result"), _list_html(step.expected, False))
        for number, test in enumerate(step.api_tests):
            self._add_api_test(layout, step, number, test)
        if step.notes:
            self._section(layout, self.tr("Notes"), "<br>".join(_inline(t) for t in step.notes))

    def _code(self, text: str) -> QPlainTextEdit:
        """A code box as tall as its lines (up to CODE_LINES_MAX), so a two-line curl
        shows whole, without a scroll bar."""
        edit = QPlainTextEdit(text)
        edit.setObjectName("code")
        edit.setReadOnly(True)
        edit.setFont(self._mono)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        edit.setTabChangesFocus(True)
        lines = min(text.count("\n") + 1, CODE_LINES_MAX)
        if lines < CODE_LINES_MAX:
            edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        margins = edit.contentsMargins()
        frame = 2 * edit.document().documentMargin() + margins.top() + margins.bottom()
        # Room for a horizontal scroll bar: a long line scrolls sideways, never hides a line.
        bar = edit.horizontalScrollBar().sizeHint().height()
        height = edit.fontMetrics().lineSpacing() * lines + frame + bar + 14
        edit.setFixedHeight(int(height))
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
            self.tr(
                "Send this request with the profile's base URL and user A's token (Ctrl+R); "
                "the answer is for you to judge, it changes no verdict"
            )
        )
        button.clicked.connect(lambda: self.api_test_requested.emit(step.id, number))
        self.api_buttons.append(button)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        answer = QVBoxLayout()  # the answer, once the test ran (see update_checks)
        self.api_results.append(answer)
        layout.addLayout(answer)

    def _update_api_results(self, results: dict[str, CheckResult]) -> None:
        """Each API test's answer under its own test: what differs first, values as JSON."""
        if self.step is None:
            return
        from amogui.checks.api_tests import check_id

        for number, box in enumerate(self.api_results):
            _clear_layout(box)
            result = results.get(check_id(self.step, number))
            if result is not None:
                box.addWidget(self._api_answer(result))

    def _api_answer(self, result: CheckResult) -> QWidget:
        frame = QFrame()
        frame.setObjectName("checkCard")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 8, 10, 8)
        text = f"<b>{esc(self.tr('The answer'))}</b> - {esc(result.summary)}"
        layout.addWidget(self._status_row(result.status, text))
        layout.addWidget(
            self._hint(
                self.tr(
                    "For you to judge: the answer changes no verdict until you press one of "
                    "the verdict buttons."
                )
            )
        )
        details = evidence.check_details(result)
        if details:
            layout.addWidget(self._rich("<br>".join(details)))
        return frame

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

    def _add_children(self, layout: QVBoxLayout, step: Step, run: Run) -> None:
        layout.addWidget(self._heading(self.tr("Sub-steps")))
        for child in step.children:
            layout.addWidget(self._step_row(run, child))

    def _add_verdict(self, layout: QVBoxLayout, node_id: str) -> None:
        layout.addWidget(self._heading(self.tr("Verdict")))
        box = QWidget()
        box.setObjectName("verdictRow")
        row = FlowLayout(box)  # wraps in a narrow panel rather than scrolling sideways
        group = QButtonGroup(self)
        group.setExclusive(False)  # clicking the checked one again clears the verdict
        for status, _name, shortcut in VERDICTS:
            name = verdict_verb(status)
            button = QPushButton(status_icon(status), name)
            button.setObjectName(f"verdict_{status.value}")
            button.setCheckable(True)
            hint = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(self.tr("Mark this step {name} ({key})").format(name=name, key=hint))
            button.clicked.connect(lambda on, s=status: self._on_verdict(node_id, s, on))
            group.addButton(button)
            self.verdict_buttons[status] = button
            row.addWidget(button)
        clear = QPushButton(self.tr("Clear verdict"))
        clear.setObjectName("verdict_clear")
        clear.setToolTip(self.tr("Back to the automatic result ({key})").format(key=CLEAR_SHORTCUT))
        clear.clicked.connect(lambda: self.verdict_requested.emit(node_id, None))
        row.addWidget(clear)
        layout.addWidget(box)

    def _add_texts(self, layout: QVBoxLayout, step: Step, run: Run) -> None:
        rec = run.steps.get(step.id)
        self.actual_edit = self._text_field(layout, self.tr("&Actual result"), "actual")
        self.actual_prompt = QLabel(
            self.tr("Failed: write what you saw here; it goes into the report with the verdict.")
        )
        self.actual_prompt.setObjectName("actualPrompt")
        self.actual_prompt.setWordWrap(True)
        set_tone(self.actual_prompt, "bad")
        self.actual_prompt.hide()
        layout.insertWidget(layout.indexOf(self.actual_edit), self.actual_prompt)
        self.note_edit = self._text_field(layout, self.tr("&Notes"), "note")
        self.set_texts(rec.actual if rec else "", rec.note if rec else "")
        self.attachments_box = QVBoxLayout()
        layout.addLayout(self.attachments_box)
        self.update_attachments()

    def _update_actual_prompt(self) -> None:
        """Failed with nothing in "Actual result": ask for it, inline (the verdict stands)."""
        if self.step is None or self.run is None or not self.step.decidable:
            return
        rec = self.run.steps.get(self.step.id)
        failed = rec is not None and rec.manual is Status.FAILED
        empty = not self.actual_edit.toPlainText().strip()
        try:
            self.actual_prompt.setVisible(failed and empty)
        except RuntimeError:  # a page being replaced
            return

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
            self.tr(
                "Keep a screenshot or a file with this step; it is signed into the report "
                "(Ctrl+Shift+A)"
            )
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
        edit.setAccessibleName(caption.replace("&", ""))
        edit.setTabChangesFocus(True)  # Tab moves on, as in any form; the keyboard never traps
        label.setBuddy(edit)  # Alt+<the marked letter> reaches the field
        edit.setPlaceholderText(
            self.tr("What happened (kept with the verdict)")
            if field == "actual"
            else self.tr("Anything worth remembering")
        )
        edit.setFixedHeight(72)
        edit.textChanged.connect(lambda: self._emit_text(field, edit))
        layout.addWidget(edit)
        return edit

    def _emit_text(self, field: str, edit: QPlainTextEdit) -> None:
        if self.step is not None:
            self.text_edited.emit(self.step.id, field, edit.toPlainText())
            if field == "actual":
                self._update_actual_prompt()

    def _on_verdict(self, node_id: str, status: Status, on: bool) -> None:
        self.verdict_requested.emit(node_id, status if on else None)

    def _criterion_text(self, checklist: Checklist, run: Run, criterion: Criterion) -> str:
        verdict = criterion_verdict(run, criterion, checklist)
        if verdict.manual:
            return self.tr("{status} - your verdict").format(status=status_name(verdict.status))
        if not verdict.basis:
            return self.tr("Open: no check can judge this; your verdict decides it.")
        return {
            Status.PASSED: self.tr("Met: every check it rests on passed."),
            Status.FAILED: self.tr("Not met: a check it rests on failed."),
            Status.BLOCKED: self.tr("Not met yet: a check it rests on is blocked."),
        }.get(verdict.status, self.tr("Open: some checks it rests on have not passed yet."))

    def _status_row(self, status: Status | None, text: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        icon = QLabel()
        icon.setFixedWidth(20)
        if status is not None:
            icon.setPixmap(status_icon(status).pixmap(18, 18))
            icon.setAccessibleName(status_name(status))
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._rich(text), 1)
        return row

    def _check_row(self, check_id: str, status: Status, summary: object) -> QWidget:
        """A check with its status and summary, the id a link to its step's page."""
        text = f"{link(f'check:{check_id}', f'<b>{esc(check_id)}</b>')} - {esc(summary)}"
        return self._status_row(status, text)

    def _basis_row(self, checklist: Checklist, run: Run, check_id: str) -> QWidget:
        result = run.checks.get(check_id)
        status = result.status if result is not None else Status.NOT_RUN
        text = link(f"check:{check_id}", f"<b>{esc(check_id)}</b>")
        text += " — " + esc(status_name(status))
        spec = BY_ID.get(check_id)
        step = checklist.step(spec.step_id) if spec is not None else None
        if step is not None:
            step_text = link(f"step:{step.id}", esc(step_label(step)))
            text += " · " + esc(self.tr("step {step}")).format(step=step_text)
            verdict = step_status(run, step.id)
            if run.is_manual(step.id):
                text += (
                    " ("
                    + esc(self.tr("your verdict: {status}")).format(
                        status=esc(status_name(verdict))
                    )
                    + ")"
                )
        return self._status_row(status, text)

    def _step_row(self, run: Run, step: Step) -> QWidget:
        status = step_status(run, step.id) if step.decidable else None
        text = link(f"step:{step.id}", esc(step_label(step)))
        if status is not None:
            text += " — " + esc(decision_name(status))
        return self._status_row(status, text)

    def _check_widget(self, check_id: str, proves: str, result: CheckResult | None) -> QWidget:
        frame = QFrame()
        frame.setObjectName("checkCard")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 8, 10, 8)
        status = result.status if result else Status.NOT_RUN
        summary: object = result.summary if result else self.tr("Not run yet")
        layout.addWidget(self._status_row(status, f"<b>{esc(check_id)}</b> - {esc(summary)}"))
        if proves:
            hint = self._hint(self.tr("Proves: {text}").format(text=core_text(render(proves))))
            layout.addWidget(hint)
        if result is not None:
            details = evidence.check_details(result)
            if details:
                layout.addWidget(self._rich("<br>".join(details)))
        return frame


def _clear_layout(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
