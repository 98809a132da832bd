"""Dates, numbers, durations and plural counts in Ukrainian and English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale

from amogui.ui import i18n
from amogui.ui import locale_format as fmt
from tests.ui.translations_support import catalogues, translations

__all__ = ["catalogues", "translations"]  # fixtures used here

UK = QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine)
EN = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
MOMENT = "2026-11-27T09:55:03.123+00:00"


def local(iso: str) -> datetime:
    """The moment in the machine's time zone, as the formatter shows it."""
    return datetime.fromisoformat(iso).astimezone()


@pytest.fixture
def uk(translations: i18n.Translations) -> None:
    translations.apply("uk")


@pytest.fixture
def en(translations: i18n.Translations) -> None:
    translations.apply("en")


# -- dates -------------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Qt spaces with no-break spaces (thousands in Ukrainian, "AM" in English)."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_short_datetime_follows_the_locale() -> None:
    moment = local(MOMENT)
    hour12 = moment.strftime("%I").lstrip("0")
    assert fmt.format_datetime(MOMENT, locale=UK) == moment.strftime("%d.%m.%y %H:%M")
    assert plain(fmt.format_datetime(MOMENT, locale=EN)) == (
        f"{moment.month}/{moment.day}/{moment.strftime('%y')} {hour12}:{moment.strftime('%M %p')}"
    )


def test_long_datetime_names_the_month_in_the_language() -> None:
    assert "листопада 2026" in fmt.format_datetime(MOMENT, long=True, locale=UK)
    assert "November 27, 2026" in fmt.format_datetime(MOMENT, long=True, locale=EN)
    # the zone name of Qt's long format is left out: the time is local
    assert "час" not in fmt.format_datetime(MOMENT, long=True, locale=UK).split("р.")[-1]


def test_time_with_seconds() -> None:
    moment = local(MOMENT)
    assert fmt.format_time(MOMENT, seconds=True, locale=UK) == moment.strftime("%H:%M:%S")
    english = plain(fmt.format_time(MOMENT, seconds=True, locale=EN))
    assert english.endswith(moment.strftime(":%M:%S %p"))


def test_naive_times_are_utc_and_datetimes_work_too() -> None:
    naive = datetime(2026, 11, 27, 9, 55, 3)
    aware = naive.replace(tzinfo=UTC)
    assert fmt.format_datetime(naive, locale=UK) == fmt.format_datetime(aware, locale=UK)
    assert fmt.format_date(aware, locale=UK) == local(aware.isoformat()).strftime("%d.%m.%y")


@pytest.mark.parametrize("bad", ["garbage", "2026-13-45T99:00", "", "1e400"])
def test_unreadable_dates_are_shown_as_they_are(bad: str) -> None:
    assert fmt.format_datetime(bad, locale=UK) == bad
    assert fmt.format_time(bad, locale=EN) == bad
    assert fmt.format_date(bad, locale=EN) == bad


def test_no_date_is_a_dash() -> None:
    assert fmt.format_datetime(None) == fmt.NO_VALUE


@given(st.text(max_size=40))
def test_any_text_as_a_date_never_raises(text: str) -> None:
    assert isinstance(fmt.format_datetime(text, locale=UK), str)


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "uk_text", "en_text"),
    [
        (12345, None, "12 345", "12,345"),
        (12345.5, None, "12 345,5", "12,345.5"),
        (1234.0, None, "1 234", "1,234"),
        (2.125, 2, "2,13", "2.13"),
        (0.1, 3, "0,100", "0.100"),
        (-7, None, "-7", "-7"),
    ],
)
def test_numbers(value: float, decimals: int | None, uk_text: str, en_text: str) -> None:
    assert plain(fmt.format_number(value, decimals, locale=UK)) == uk_text
    assert fmt.format_number(value, decimals, locale=EN) == en_text


def test_numbers_that_are_not_finite() -> None:
    assert fmt.format_number(float("nan"), locale=UK) == "nan"
    assert fmt.format_duration(float("inf")) == fmt.NO_VALUE


# -- durations ---------------------------------------------------------------------------------

DURATIONS = [
    (0.35, "350 мс", "350 ms"),
    (4.25, "4,2 с", "4.2 s"),
    (5, "5 с", "5 s"),
    (59.9, "59 с", "59 s"),
    (125, "2 хв 5 с", "2 min 5 s"),
    (3600, "1 год", "1 h"),
    (3780, "1 год 3 хв", "1 h 3 min"),
    (90000, "1 дн 1 год", "1 d 1 h"),
    (-125, "-2 хв 5 с", "-2 min 5 s"),
]


@pytest.mark.parametrize(("seconds", "uk_text", "_en"), DURATIONS)
def test_durations_in_ukrainian(uk: None, seconds: float, uk_text: str, _en: str) -> None:
    assert fmt.format_duration(seconds) == uk_text


@pytest.mark.parametrize(("seconds", "_uk", "en_text"), DURATIONS)
def test_durations_in_english(en: None, seconds: float, _uk: str, en_text: str) -> None:
    assert fmt.format_duration(seconds) == en_text


def test_millis(uk: None) -> None:
    assert fmt.format_millis(125_000) == "2 хв 5 с"


@given(st.floats(min_value=-1e9, max_value=1e9))
def test_any_duration_has_at_most_two_units(seconds: float) -> None:
    text = fmt.format_duration(seconds, locale=EN)
    assert 1 <= len(text.lstrip("-").split(" ")) // 2 <= 2


# -- counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 лідів"),
        (1, "1 лід"),
        (2, "2 ліди"),
        (4, "4 ліди"),
        (5, "5 лідів"),
        (11, "11 лідів"),
        (14, "14 лідів"),
        (21, "21 лід"),
        (22, "22 ліди"),
        (25, "25 лідів"),
        (111, "111 лідів"),
    ],
)
def test_ukrainian_has_three_plural_forms(uk: None, n: int, text: str) -> None:
    assert fmt.count_leads(n) == text


def test_english_plurals(en: None) -> None:
    assert [fmt.count_leads(n) for n in (0, 1, 2)] == ["0 leads", "1 lead", "2 leads"]
    assert fmt.count_steps(1) == "1 step"
    assert fmt.count_checks(3) == "3 checks"
    assert fmt.count_requests(1) == "1 request"
    assert fmt.count_pages(2) == "2 pages"
    assert fmt.count_runs(1) == "1 run"


def test_counts_use_the_locales_digit_grouping(uk: None) -> None:
    assert plain(fmt.count_leads(12345)) == "12 345 лідів"
    assert fmt.progress(3, 21) == "3 з 21 кроку"
    assert fmt.progress(3, 12) == "3 з 12 кроків"


def test_progress_in_english(en: None) -> None:
    assert fmt.progress(1, 1) == "1 of 1 step"
    assert fmt.progress(1234, 12345) == "1,234 of 12,345 steps"


def test_bytes(uk: None) -> None:
    assert fmt.format_bytes(3) == "3 байти"
    assert fmt.format_bytes(1300).startswith("1,3")


def test_leads_table_writes_dates_and_prices_in_the_language(uk: None) -> None:
    from types import SimpleNamespace

    from PySide6.QtCore import Qt

    from amogui.ui.leads_model import ATTRS, LeadsTableModel

    lead = SimpleNamespace(
        id=7,
        guest_name="Олена",
        guest_phone="+380",
        guest_email="o@example.test",
        status="NEW",
        price=12345.5,
        amo_lead_id=99,
        pipeline_id=1,
        stage_id=2,
        created_at=MOMENT,
    )
    model = LeadsTableModel()
    model.set_leads([lead])

    def cell(attr: str) -> str:
        return str(model.index(0, ATTRS.index(attr)).data(Qt.ItemDataRole.DisplayRole))

    assert cell("created_at") == fmt.format_datetime(MOMENT)
    assert plain(cell("price")) == "12 345,5"
    assert cell("id") == "7"  # ids are not numbers to read: no separators
    assert model.headerData(ATTRS.index("price"), Qt.Orientation.Horizontal) == "Ціна"
