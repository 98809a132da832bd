"""The checklist as a Qt tree: parts, scenarios, sub-steps, review groups, problems, criteria.

The model holds no state of its own beyond the items: statuses come from the `Run`,
and `refresh()` repaints the icons after a verdict or a check result changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from amogui.checklist.model import Checklist, Problem, Section, Step, StepKind
from amogui.checks.verdicts import criterion_verdict, step_status
from amogui.run.state import Run, Status
from amogui.ui.icons import dot_icon, status_icon
from amogui.ui.status_text import decision_name

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

PROBLEMS_NODE = "problems"
CRITERIA_NODE = "criteria"


class NodeKind(StrEnum):
    SECTION = "section"
    STEP = "step"
    PROBLEM = "problem"
    CRITERION = "criterion"
    GROUP = "group"  # the "problems" and "criteria" headers


# The calls below spell out QCoreApplication.translate("ChecklistModel", ...): the
# extraction (tools/update-translations) only finds literal tr()/translate() calls.
@dataclass(frozen=True)
class Progress:
    total: int
    decided: int
    failed: int
    blocked: int

    def text(self) -> str:
        out = QCoreApplication.translate("ChecklistModel", "{decided} of {total} decided").format(
            decided=self.decided, total=self.total
        )
        if self.failed:
            out += QCoreApplication.translate("ChecklistModel", ", {n} failed").format(
                n=self.failed
            )
        if self.blocked:
            out += QCoreApplication.translate("ChecklistModel", ", {n} blocked").format(
                n=self.blocked
            )
        return out


def progress(checklist: Checklist, run: Run) -> Progress:
    statuses = [step_status(run, s.id) for s in checklist.decidable_steps()]
    return Progress(
        total=len(statuses),
        decided=sum(1 for s in statuses if s.decided),
        failed=statuses.count(Status.FAILED),
        blocked=statuses.count(Status.BLOCKED),
    )


def problem_label(problem: Problem) -> str:
    """ "Проблема 1: ..." as the checklist wrote it."""
    return problem.heading or QCoreApplication.translate(
        "ChecklistModel", "Problem {n}: {title}"
    ).format(n=problem.number, title=problem.title)


def step_label(step: Step) -> str:
    """The checklist's own words: data is shown as written, never translated."""
    if step.heading:
        return step.heading
    if step.number and step.kind is StepKind.SUBSTEP:
        return QCoreApplication.translate("ChecklistModel", "Step {n}: {title}").format(
            n=step.number.split(".")[-1], title=step.title
        )
    if step.number:
        return f"{step.number}. {step.title}"
    return step.title


class ChecklistModel(QStandardItemModel):
    def __init__(self, checklist: Checklist, run: Run) -> None:
        super().__init__()
        self.checklist = checklist
        self.run = run
        self._items: dict[str, QStandardItem] = {}
        # What each status item shows now: refresh() touches only the rows that change, so
        # a check result repaints one or two rows, not the whole tree (bench/stall.py).
        self._shown: dict[str, tuple[Status, bool]] = {}
        self.setHorizontalHeaderLabels([QCoreApplication.translate("ChecklistModel", "Checklist")])
        self._build()
        self.refresh()

    # -- building -----------------------------------------------------------------------
    def _build(self) -> None:
        """The parts in the order the checklist has them: the problems and the criteria
        sit where their own part sits in the source (at the end when it has none)."""
        root = self.invisibleRootItem()
        groups = {PROBLEMS_NODE: self._problems_group, CRITERIA_NODE: self._criteria_group}
        for section in self.checklist.sections:
            group = self._group_of(section)
            if group is not None:
                built = groups.pop(group)()
                if built is not None:
                    root.appendRow(built)
                continue
            if not section.steps and not section.text:
                continue
            item = self._item(section.title, NodeKind.SECTION, section.id, bold=True)
            root.appendRow(item)
            for step in section.steps:
                item.appendRow(self._step_item(step))
        for make in groups.values():  # a checklist built without those parts' headings
            built = make()
            if built is not None:
                root.appendRow(built)

    def _group_of(self, section: Section) -> str | None:
        """PROBLEMS_NODE or CRITERIA_NODE when `section` is that part of the checklist."""
        checklist = self.checklist
        if checklist.problems and section.title and section.title == checklist.problems_title:
            return PROBLEMS_NODE
        if checklist.criteria and section.title and section.title == checklist.criteria_title:
            return CRITERIA_NODE
        return None

    def _problems_group(self) -> QStandardItem | None:
        if not self.checklist.problems:
            return None
        title = self.checklist.problems_title or QCoreApplication.translate(
            "ChecklistModel", "Possible problems"
        )
        group = self._item(title, NodeKind.GROUP, PROBLEMS_NODE, bold=True)
        for problem in self.checklist.problems:
            child = self._item(problem_label(problem), NodeKind.PROBLEM, problem.id)
            child.setIcon(dot_icon("#d98a1c"))
            group.appendRow(child)
        return group

    def _criteria_group(self) -> QStandardItem | None:
        if not self.checklist.criteria:
            return None
        title = self.checklist.criteria_title or QCoreApplication.translate(
            "ChecklistModel", "Success criteria"
        )
        group = self._item(title, NodeKind.GROUP, CRITERIA_NODE, bold=True)
        for criterion in self.checklist.criteria:
            label = f"{criterion.number}. {criterion.text}"
            group.appendRow(self._item(label, NodeKind.CRITERION, criterion.id))
        return group

    def _step_item(self, step: Step) -> QStandardItem:
        item = self._item(step_label(step), NodeKind.STEP, step.id)
        for child in step.children:
            item.appendRow(self._step_item(child))
        return item

    def _item(self, text: str, kind: NodeKind, node_id: str, bold: bool = False) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(kind.value, KIND_ROLE)
        item.setData(node_id, ID_ROLE)
        item.setToolTip(text)
        if bold:
            font = QFont()
            font.setBold(True)
            item.setFont(font)
        self._items[node_id] = item
        return item

    # -- statuses ---------------------------------------------------------------------------
    def node_status(self, step: Step) -> Status:
        """A leaf shows its verdict; a parent the worst of its children."""
        if step.decidable:
            return step_status(self.run, step.id)
        statuses = [self.node_status(c) for c in step.children]
        for status in (Status.FAILED, Status.BLOCKED, Status.NOT_RUN):
            if status in statuses:
                return status
        return Status.PASSED if Status.PASSED in statuses else Status.SKIPPED

    def refresh(self) -> None:
        for step in self.checklist.steps():
            item = self._items.get(step.id)
            if item is None:
                continue
            status = self.node_status(step)
            manual = step.decidable and self.run.is_manual(step.id)
            if self._shown.get(step.id) == (status, manual):
                continue
            self._shown[step.id] = (status, manual)
            item.setIcon(status_icon(status))
            font = item.font()
            font.setItalic(False)
            item.setFont(font)
            suffix = QCoreApplication.translate("ChecklistModel", " (manual)") if manual else ""
            item.setToolTip(f"{step_label(step)}\n{decision_name(status)}{suffix}")
        for criterion in self.checklist.criteria:
            item = self._items.get(criterion.id)
            verdict = criterion_verdict(self.run, criterion, self.checklist)
            shown = (verdict.status, verdict.manual)
            if item is not None and self._shown.get(criterion.id) != shown:
                self._shown[criterion.id] = shown
                item.setIcon(status_icon(verdict.status))

    # -- look-ups -----------------------------------------------------------------------------
    def shown_status(self, node_id: str) -> Status | None:
        """The status the tree shows now for a step or a criterion (None: none shown)."""
        shown = self._shown.get(node_id)
        return shown[0] if shown is not None else None

    def index_of(self, node_id: str) -> QModelIndex:
        item = self._items.get(node_id)
        return item.index() if item is not None else QModelIndex()

    @staticmethod
    def node(index: QModelIndex | QPersistentModelIndex) -> tuple[str, str] | None:
        if not index.isValid():
            return None
        return str(index.data(KIND_ROLE)), str(index.data(ID_ROLE))

    def decidable_order(self) -> list[str]:
        return [s.id for s in self.checklist.decidable_steps()]
