"""The window's checklist tree: the service's checklist and run bound to the tree view, the
selection kept across rebinds, and the selected node shown on the step panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QTreeView

from amogui.ui.checklist_model import ChecklistModel, NodeKind
from amogui.ui.step_panel import StepPanel

if TYPE_CHECKING:
    from amogui.service.service import Service


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
            self.panel.show_section(checklist.sections[0])

    def refresh(self, checks: bool = False) -> None:
        """Statuses changed: repaint the rows that changed and the step page."""
        if self.model is None:
            return
        self.model.refresh()
        self.panel.update_status()
        node = self.current_node()
        if node and node[0] == NodeKind.CRITERION.value:
            self.show(self.tree.currentIndex())
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
        """The node at `index` on the step panel."""
        node = ChecklistModel.node(index)
        if node is None:
            return
        kind, node_id = node
        checklist, run = self.service.checklist, self.service.run
        if kind == NodeKind.STEP.value:
            step = checklist.step(node_id)
            if step is not None:
                self.panel.show_step(checklist, run, step)
        elif kind == NodeKind.PROBLEM.value:
            problem = next((p for p in checklist.problems if p.id == node_id), None)
            if problem is not None:
                self.panel.show_problem(problem)
        elif kind == NodeKind.CRITERION.value:
            criterion = next((c for c in checklist.criteria if c.id == node_id), None)
            if criterion is not None:
                self.panel.show_criterion(checklist, run, criterion)
        elif kind == NodeKind.SECTION.value:
            section = next((s for s in checklist.sections if s.id == node_id), None)
            if section is not None:
                self.panel.show_section(section)
