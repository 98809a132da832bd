"""The leads table model at 50,000 rows: filters, sorting, search and counts."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QModelIndex, Qt

from amogui.backend.api import Lead
from amogui.ui.leads_model import COLUMNS, LeadIndex, LeadsTableModel

STAGES = {"s1": "Нова заявка", "s2": "Переговори", "s3": "Успішно", "s4": "Порожня"}
PIPE_OF = {"s1": "p1", "s2": "p1", "s3": "p2", "s4": "p2"}


def make_leads(n: int, seed: int = 7) -> list[Lead]:
    rng = random.Random(seed)
    leads = []
    for i in range(n):
        stage = rng.choice(["s1", "s2", "s3"])  # s4 stays empty on purpose
        leads.append(
            Lead(
                id=str(i + 1),
                guest_name=f"Guest {rng.randrange(10_000):04d}",
                status=rng.choice(["NEW", "IN_PROGRESS", "CLOSED_WON"]),
                price=rng.choice([None, float(rng.randrange(1, 10**6))]),
                pipeline_id=PIPE_OF[stage],
                stage_id=stage,
                amo_lead_id=str(900_000 + i),
                created_at=f"2026-01-{rng.randrange(1, 29):02d}T10:00:00Z",
            )
        )
    return leads


@pytest.fixture(scope="module")
def big() -> list[Lead]:
    return make_leads(50_000)


@pytest.fixture
def model(qapp: object, big: list[Lead]) -> LeadsTableModel:
    m = LeadsTableModel()
    m.set_leads(big, STAGES)
    return m


def column(attr: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.attr == attr)


def cell(model: LeadsTableModel, row: int, attr: str) -> object:
    return model.data(model.index(row, column(attr)))


def test_all_rows_shown_and_counts_add_up(model: LeadsTableModel, big: list[Lead]) -> None:
    assert model.rowCount() == 50_000
    counts = model.stage_counts()
    assert sum(counts.values()) == 50_000
    for stage in ("s1", "s2", "s3"):
        assert counts[stage] == sum(1 for lead in big if lead.stage_id == stage)
    assert "s4" not in counts
    assert sum(model.pipeline_counts().values()) == 50_000


def test_stage_filter_shows_only_that_stage(model: LeadsTableModel) -> None:
    counts = model.stage_counts()
    for stage in ("s1", "s2", "s3"):
        model.set_filter(None, stage)
        assert model.rowCount() == counts[stage]
        assert {model.lead_at(r).stage_id for r in range(model.rowCount())} == {stage}  # type: ignore[union-attr]
    model.set_filter(None, "s4")
    assert model.rowCount() == 0
    model.set_filter(None, None)
    assert model.rowCount() == 50_000


def test_pipeline_and_stage_filters_combine(model: LeadsTableModel) -> None:
    model.set_filter("p1", None)
    assert model.rowCount() == model.stage_counts()["s1"] + model.stage_counts()["s2"]
    model.set_filter("p2", "s1")  # a stage of another pipeline: nothing
    assert model.rowCount() == 0
    model.set_filter("p1", "s2")
    assert model.rowCount() == model.stage_counts()["s2"]


def test_filter_switch_resets_the_view(model: LeadsTableModel, qtbot: object) -> None:
    resets = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_filter(None, "s2")
    assert resets == [model.stage_counts()["s2"]]


def test_sort_numeric_and_text_both_ways(model: LeadsTableModel) -> None:
    model.set_filter(None, "s1")
    model.sort(column("id"), Qt.SortOrder.DescendingOrder)
    ids = [int(str(cell(model, r, "id"))) for r in range(model.rowCount())]
    assert ids == sorted(ids, reverse=True)
    model.sort(column("guest_name"), Qt.SortOrder.AscendingOrder)
    names = [str(cell(model, r, "guest_name")) for r in range(model.rowCount())]
    assert names == sorted(names, key=str.lower)
    # Sorting survives a filter switch.
    model.set_filter(None, "s3")
    names = [str(cell(model, r, "guest_name")) for r in range(model.rowCount())]
    assert names == sorted(names, key=str.lower)
    assert {model.lead_at(r).stage_id for r in range(model.rowCount())} == {"s3"}  # type: ignore[union-attr]


def test_sort_puts_missing_prices_last(model: LeadsTableModel) -> None:
    model.sort(column("price"), Qt.SortOrder.AscendingOrder)
    prices = [model.lead_at(r).price for r in range(model.rowCount())]  # type: ignore[union-attr]
    known = [p for p in prices if p is not None]
    assert known == sorted(known)
    assert prices[len(known) :] == [None] * (len(prices) - len(known))


def test_search_is_case_insensitive_and_combines_with_stage(
    model: LeadsTableModel, big: list[Lead]
) -> None:
    model.set_search("  GUEST 0042 ")
    expected = [lead for lead in big if lead.guest_name == "Guest 0042"]
    assert model.rowCount() == len(expected) > 0
    model.set_filter(None, "s2")
    assert model.rowCount() == sum(1 for lead in expected if lead.stage_id == "s2")
    model.set_search("900123")  # amoCRM lead id
    model.set_filter(None, None)
    assert [model.lead_at(r).id for r in range(model.rowCount())] == ["124"]  # type: ignore[union-attr]
    model.set_search("no such guest")
    assert model.rowCount() == 0


def test_data_formats_cells_and_stage_names(qapp: object) -> None:
    model = LeadsTableModel()
    model.set_leads(
        [Lead(id="1", guest_name=None, price=1500.0, stage_id="s1"), Lead(id="2", stage_id="zz")],
        STAGES,
    )
    assert cell(model, 0, "price") == "1500"
    assert cell(model, 0, "guest_name") == ""
    assert cell(model, 0, "stage") == "Нова заявка"
    assert cell(model, 1, "stage") == "stage zz"  # unknown stage: said so, with its id
    assert model.data(model.index(5, 0)) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "ID"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(QModelIndex()) == len(COLUMNS)


def test_index_builds_in_chunks(big: list[Lead]) -> None:
    index = LeadIndex()
    steps = list(index.build(big, chunk=20_000))
    assert steps == [20_000, 40_000, 50_000]
    assert len(index.search) == 50_000
    assert index.rows_for(None, None) == list(range(50_000))


def test_empty_list(qapp: object) -> None:
    model = LeadsTableModel()
    model.set_leads([])
    assert model.rowCount() == 0
    assert model.stage_counts() == {}
    model.sort(0)
    model.set_search("x")
    assert model.rowCount() == 0
