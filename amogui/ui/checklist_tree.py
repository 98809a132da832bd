"""The window's checklist tree: the service's checklist and run bound to the tree view, the
selection kept across rebinds, and the selected node shown on the step panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from amogui.ui.checklist_model import CRITERIA_NODE, PROBLEMS_NODE, ChecklistModel, NodeKind
from amogui.ui.step_panel import StepPanel

if TYPE_CHECKING:
    from amogui.service.service import Service


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their title needs at the tree's width: a narrow tree (a small
    screen, the splitter pulled left) wraps a long title onto a second line instead of
    cutting it off."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        width = self.view.viewport().width() - self.view.indentation() * (_depth(index) + 1)
        opt.rect = QRect(0, 0, max(60, width), 10_000)  # the style wraps within this width
        style = self.view.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), self.view)


def _depth(index: QModelIndex | QPersistentModelIndex) -> int:
    depth, parent = 0, index.parent()
    while parent.isValid():
        depth, parent = depth + 1, parent.parent()
    return depth


def wrap_titles(tree: QTreeView) -> None:
    """Long titles wrap (rows grow) rather than being cut; the rows are laid out again
    whenever the tree's width changes."""
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tree.setItemDelegate(WrappingDelegate(tree))
    header = tree.header()
    header.setStretchLastSection(True)
    header.sectionResized.connect(lambda *_: tree.doItemsLayout())


class ChecklistTree:
    def __init__(
        self,
        tree: QTreeView,
        panel: StepPanel,
        service: Service,
        leaving: Callable[[], None],  # called before the selection moves on (saves a note)
    ) -> None:
        self.tree = tree
        self.panel = panel
        self.service = service
        self.leaving = leaving
        self.model: ChecklistModel | None = None
        wrap_titles(tree)

    def bind(self, select_first: bool = False) -> None:
        """A new model of the service's checklist and run; the selected node stays selected
        when it is still there, else (with `select_first`) the first decidable step is."""
        current = self.current_node()
        checklist = self.service.checklist
        self.model = ChecklistModel(checklist, self.service.run)
        self.tree.setModel(self.model)
        self.tree.expandAll()
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        target = current[1] if current else None
        index = self.model.index_of(target) if target else QModelIndex()
        if not index.isValid() and select_first:
            order = self.model.decidable_order()
            index = self.model.index_of(order[0]) if order else QModelIndex()
        if index.isValid():
            self.select_node(index)
        elif checklist.sections:
            self.panel.show_section(checklist, self.service.run, checklist.sections[0])

    def refresh(self, checks: bool = False) -> None:
        """Statuses changed: repaint the rows that changed and the step page."""
        if self.model is None:
            return
        self.model.refresh()
        self.panel.update_status()
        node = self.current_node()
        if node and node[0] != NodeKind.STEP.value:
            # The other pages list statuses: built again, the focus kept on its button.
            focused = self.panel.focused_verdict()
            self.show(self.tree.currentIndex())
            self.panel.focus_verdict(focused)
        if checks:
            self.panel.update_checks()

    def decidable_order(self) -> list[str]:
        return self.model.decidable_order() if self.model is not None else []

    # -- selection ------------------------------------------------------------------------------
    def current_node(self) -> tuple[str, str] | None:
        if self.tree.model() is None:
            return None
        return ChecklistModel.node(self.tree.currentIndex())

    def current_step_id(self) -> str | None:
        node = self.current_node()
        if node and node[0] == NodeKind.STEP.value:
            step = self.service.checklist.step(node[1])
            return step.id if step and step.decidable else None
        return None

    def current_verdict_id(self) -> str | None:
        """What a verdict shortcut decides: the selected step, or the selected criterion
        when only the tester can judge it; None for anything else."""
        step_id = self.current_step_id()
        if step_id is not None:
            return step_id
        node = self.current_node()
        if node and node[0] == NodeKind.CRITERION.value:
            from amogui.checks.verdicts import criterion_basis

            checklist = self.service.checklist
            criterion = next((c for c in checklist.criteria if c.id == node[1]), None)
            if criterion is not None and not criterion_basis(criterion.text, checklist).checks:
                return criterion.id
        return None

    def select_node(self, index: QModelIndex) -> None:
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.tree.scrollTo(index)

    def select_step(self, step_id: str) -> bool:
        if self.model is None:
            return False
        index = self.model.index_of(step_id)
        if index.isValid():
            self.select_node(index)
        return index.isValid()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.leaving()
        self.show(current)

    def show(self, index: QModelIndex) -> None:
        """The node at `index` on the step panel: each kind of node has its own page, so
        nothing of the previous page (its verdict buttons above all) stays on screen."""
        node = ChecklistModel.node(index)
        if node is None:
            return
        kind, node_id = node
        checklist, run, panel = self.service.checklist, self.service.run, self.panel
        step = checklist.step(node_id) if kind == NodeKind.STEP.value else None
        problem = next((p for p in checklist.problems if p.id == node_id), None)
        criterion = next((c for c in checklist.criteria if c.id == node_id), None)
        section = next((s for s in checklist.sections if s.id == node_id), None)
        if step is not None:
            panel.show_step(checklist, run, step)
        elif kind == NodeKind.PROBLEM.value and problem is not None:
            panel.show_problem(checklist, run, problem)
        elif kind == NodeKind.CRITERION.value and criterion is not None:
            panel.show_criterion(checklist, run, criterion)
        elif kind == NodeKind.SECTION.value and section is not None:
            panel.show_section(checklist, run, section)
        elif kind == NodeKind.GROUP.value and node_id == PROBLEMS_NODE:
            panel.show_problems(checklist, run)
        elif kind == NodeKind.GROUP.value and node_id == CRITERIA_NODE:
            panel.show_criteria(checklist, run)
