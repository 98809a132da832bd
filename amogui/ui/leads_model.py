"""The leads table model: fast at 50,000 rows.

The leads stay in one plain list; everything the view needs is precomputed once per load:

- a stage -> row indices map (and pipeline -> row indices), so switching the stage filter
  is a model reset over an index list that already exists;
- one lower-cased search string per row, so a text search is a substring scan;
- sort keys per column, built on the first sort by that column and kept.

`data()` does O(1) work: one index lookup, one attribute read, one format.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from amogui.ui.locale_format import format_datetime, format_number

_Index = QModelIndex | QPersistentModelIndex
BUILD_CHUNK = 5000  # rows indexed between two yields to the event loop


class LeadLike(Protocol):
    """The fields of `amogui.backend.api.Lead` this model reads."""

    id: Any
    guest_name: Any
    guest_phone: Any
    guest_email: Any
    status: Any
    price: Any
    amo_lead_id: Any
    pipeline_id: Any
    stage_id: Any
    created_at: Any


@dataclass(frozen=True, slots=True)
class Column:
    attr: str  # attribute of the lead ("stage" shows the stage name)
    title: Any  # untranslated header (marked for extraction); translated in headerData
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", QT_TRANSLATE_NOOP("LeadsTableModel", "ID"), numeric=True),
    Column("guest_name", QT_TRANSLATE_NOOP("LeadsTableModel", "Guest")),
    Column("guest_phone", QT_TRANSLATE_NOOP("LeadsTableModel", "Phone")),
    Column("guest_email", QT_TRANSLATE_NOOP("LeadsTableModel", "Email")),
    Column("status", QT_TRANSLATE_NOOP("LeadsTableModel", "Status")),
    Column("stage", QT_TRANSLATE_NOOP("LeadsTableModel", "Stage")),
    Column("price", QT_TRANSLATE_NOOP("LeadsTableModel", "Price"), numeric=True),
    Column("amo_lead_id", QT_TRANSLATE_NOOP("LeadsTableModel", "amoCRM lead"), numeric=True),
    Column("created_at", QT_TRANSLATE_NOOP("LeadsTableModel", "Created")),
)
ATTRS = tuple(c.attr for c in COLUMNS)
NUMERIC = tuple(c.numeric for c in COLUMNS)
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
SEARCHED = ("id", "guest_name", "guest_phone", "guest_email", "status", "amo_lead_id")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _numeric_key(value: Any) -> tuple[int, float, str]:
    # Numbers first in order, then anything that is not a number, then empty cells.
    if value is None or value == "":
        return (2, 0.0, "")
    try:
        return (0, float(value), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(value))


class LeadIndex:
    """Everything precomputed about one list of leads; Qt-free, built in chunks."""

    def __init__(self) -> None:
        self.leads: list[LeadLike] = []
        self.search: list[str] = []
        self.by_stage: dict[Any, list[int]] = {}
        self.by_pipeline: dict[Any, list[int]] = {}
        self.all_rows: list[int] = []

    def build(self, leads: Sequence[LeadLike], chunk: int = BUILD_CHUNK) -> Iterator[int]:
        """Index `leads`; yields the number of rows done after each chunk."""
        self.leads = list(leads)
        self.search, self.by_stage, self.by_pipeline = [], {}, {}
        self.all_rows = list(range(len(self.leads)))
        for start in range(0, len(self.leads), chunk):
            for row in range(start, min(start + chunk, len(self.leads))):
                self._add(row, self.leads[row])
            yield min(start + chunk, len(self.leads))

    def _add(self, row: int, lead: LeadLike) -> None:
        self.search.append(" ".join(_text(getattr(lead, a, None)) for a in SEARCHED).lower())
        self.by_stage.setdefault(getattr(lead, "stage_id", None), []).append(row)
        self.by_pipeline.setdefault(getattr(lead, "pipeline_id", None), []).append(row)

    def rows_for(self, pipeline_id: Any = None, stage_id: Any = None) -> list[int]:
        if stage_id is not None:
            rows = self.by_stage.get(stage_id, [])
            if pipeline_id is None:
                return rows
            return [r for r in rows if self.leads[r].pipeline_id == pipeline_id]
        if pipeline_id is not None:
            return self.by_pipeline.get(pipeline_id, [])
        return self.all_rows


class LeadsTableModel(QAbstractTableModel):
    """A read-only table over a list of leads, with stage filter, search and sort."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._index = LeadIndex()
        self._visible: list[int] = []
        self._stage_names: dict[Any, str] = {}
        self._pipeline_id: Any = None
        self._stage_id: Any = None
        self._needle = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._sort_keys: dict[int, list[Any]] = {}
        self._dates: dict[str, str] = {}  # raw createdAt -> shown text
        self._prices: dict[float, str] = {}

    # -- loading ---------------------------------------------------------------------------

    def set_leads(
        self, leads: Sequence[LeadLike], stage_names: dict[Any, str] | None = None
    ) -> None:
        """Replace the leads in one go (for small lists and tests)."""
        index = LeadIndex()
        for _ in index.build(leads):
            pass
        self.set_index(index, stage_names)

    def set_index(self, index: LeadIndex, stage_names: dict[Any, str] | None = None) -> None:
        """Show an index built elsewhere (the panel builds it in chunks between yields)."""
        self.beginResetModel()
        self._index = index
        self._stage_names = dict(stage_names or {})
        self._sort_keys = {}
        self._visible = self._compute_visible()
        self.endResetModel()

    def set_stage_names(self, stage_names: dict[Any, str]) -> None:
        self._stage_names = dict(stage_names)
        self._sort_keys.pop(self._column_of("stage"), None)
        if self._visible:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._visible) - 1, len(COLUMNS) - 1)
            )

    # -- filters -----------------------------------------------------------------------------

    def set_filter(self, pipeline_id: Any = None, stage_id: Any = None) -> None:
        """Show only one pipeline and/or one stage (None: all)."""
        self._pipeline_id, self._stage_id = pipeline_id, stage_id
        self._reset_visible()

    def set_search(self, text: str) -> None:
        needle = text.strip().lower()
        if needle != self._needle:
            self._needle = needle
            self._reset_visible()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._visible = self._sorted(self._visible)
        self.layoutChanged.emit()

    def _reset_visible(self) -> None:
        self.beginResetModel()
        self._visible = self._compute_visible()
        self.endResetModel()

    def _compute_visible(self) -> list[int]:
        rows = self._index.rows_for(self._pipeline_id, self._stage_id)
        if self._needle:
            search, needle = self._index.search, self._needle
            rows = [r for r in rows if needle in search[r]]
        if self._sort is not None:
            return self._sorted(rows)
        return rows  # shared with the index: never mutated in place

    def _sorted(self, rows: list[int]) -> list[int]:
        if self._sort is None:
            return rows
        column, order = self._sort
        keys = self._keys(column)
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=keys.__getitem__, reverse=descending)

    def _keys(self, column: int) -> list[Any]:
        keys = self._sort_keys.get(column)
        if keys is None:
            col = COLUMNS[column]
            leads = self._index.leads
            if col.attr == "stage":
                names = self._stage_names
                keys = [
                    (names.get(lead.stage_id, _text(lead.stage_id)) or "").lower() for lead in leads
                ]
            elif col.numeric:
                keys = [_numeric_key(getattr(lead, col.attr, None)) for lead in leads]
            else:
                keys = [_text(getattr(lead, col.attr, None)).lower() for lead in leads]
            self._sort_keys[column] = keys
        return keys

    # -- figures -----------------------------------------------------------------------------

    def total(self) -> int:
        return len(self._index.leads)

    def stage_counts(self) -> dict[Any, int]:
        """Leads per stage id, over all loaded leads (not only the visible ones)."""
        return {stage: len(rows) for stage, rows in self._index.by_stage.items()}

    def pipeline_counts(self) -> dict[Any, int]:
        return {p: len(rows) for p, rows in self._index.by_pipeline.items()}

    def lead_at(self, row: int) -> LeadLike | None:
        if 0 <= row < len(self._visible):
            return self._index.leads[self._visible[row]]
        return None

    def visible_rows(self) -> list[int]:
        """Indices (into the loaded list) of the rows shown, in display order."""
        return list(self._visible)

    # -- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        # Called for every role of every painted cell: plain int compares, no enum lookups.
        if role == DISPLAY:
            row = index.row()
            if not 0 <= row < len(self._visible):  # -1: an invalid index
                return None
            attr = ATTRS[index.column()]
            lead = self._index.leads[self._visible[row]]
            if attr == "stage":
                stage = getattr(lead, "stage_id", None)
                return self._stage_names.get(stage, _text(stage))
            value = getattr(lead, attr, None)
            if attr == "created_at":
                return self._date_text(value)
            if attr == "price" and isinstance(value, (int, float)) and not isinstance(value, bool):
                return self._price_text(value)
            return _text(value)
        if role == ALIGNMENT:
            return RIGHT if index.column() >= 0 and NUMERIC[index.column()] else None
        return None

    def _date_text(self, value: Any) -> str:
        """A lead's creation time in local time and the UI language (cached: painting asks
        for the same cells again and again)."""
        key = _text(value)
        text = self._dates.get(key)
        if text is None:
            text = format_datetime(key) if key else ""
            self._dates[key] = text
        return text

    def _price_text(self, value: float) -> str:
        """A price with the language's separators, "12 345,5" (cached like dates)."""
        text = self._prices.get(value)
        if text is None:
            text = self._prices[value] = format_number(value)
        return text

    def relabel(self) -> None:
        """The language changed: dates and numbers are written anew."""
        self._dates = {}
        self._prices = {}
        if self._visible:
            last = self.index(len(self._visible) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self.tr(str(COLUMNS[section].title))
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def _column_of(self, attr: str) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.attr == attr)
