"""Dates, numbers, durations and counts as the current UI language writes them.

Everything formats with ``QLocale()`` (the default that `amogui.ui.i18n` sets for the UI
language) unless a locale is passed. Unit names and plural forms come from the translation
catalogue (context "Format"), so "2 min 5 s" reads "2 хв 5 с" in Ukrainian and
"%n lead(s)" takes the right one of Ukrainian's three plural forms.

Values may come from a saved run on disk: a date that cannot be read is shown as it is,
never raised.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

NO_VALUE = "—"


def _locale(locale: QLocale | None) -> QLocale:
    return locale if locale is not None else QLocale()


# -- dates and times ---------------------------------------------------------------------------


def to_qdatetime(value: datetime | str | None) -> QDateTime | None:
    """A local-time QDateTime for a datetime or an ISO 8601 text; None when unreadable.

    A time without a zone is taken as UTC, as amogui writes every timestamp."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        millis = math.floor(value.timestamp() * 1000)
    except (OverflowError, OSError, ValueError):
        return None
    return QDateTime.fromMSecsSinceEpoch(millis, QTimeZone.systemTimeZone())


def format_datetime(
    value: datetime | str | None,
    *,
    long: bool = False,
    locale: QLocale | None = None,
) -> str:
    """Date and time in local time, e.g. "27.11.26 09:55" (uk) or "11/27/26 9:55 AM" (en).

    `long` spells the date out: "пʼятниця, 27 листопада 2026 р. 09:55"."""
    moment = to_qdatetime(value)
    if moment is None:
        return NO_VALUE if value is None else str(value)
    loc = _locale(locale)
    if long:
        # The long date-time format ends in a zone name as long as the date; local time it is.
        date = loc.toString(moment.date(), QLocale.FormatType.LongFormat)
        return f"{date} {loc.toString(moment.time(), QLocale.FormatType.ShortFormat)}"
    return loc.toString(moment, QLocale.FormatType.ShortFormat)


def format_date(value: datetime | str | None, *, locale: QLocale | None = None) -> str:
    moment = to_qdatetime(value)
    if moment is None:
        return NO_VALUE if value is None else str(value)
    return _locale(locale).toString(moment.date(), QLocale.FormatType.ShortFormat)


def format_time(
    value: datetime | str | None,
    *,
    seconds: bool = False,
    locale: QLocale | None = None,
) -> str:
    """Time of day; with `seconds` the long form ("09:55:03" / "9:55:03 AM")."""
    moment = to_qdatetime(value)
    if moment is None:
        return NO_VALUE if value is None else str(value)
    loc = _locale(locale)
    if seconds:
        # The long time format adds a zone name; the short one plus seconds is what people read.
        fmt = loc.timeFormat(QLocale.FormatType.ShortFormat)
        if ":ss" not in fmt:
            fmt = fmt.replace("mm", "mm:ss", 1)
        return loc.toString(moment.time(), fmt)
    return loc.toString(moment.time(), QLocale.FormatType.ShortFormat)


# -- numbers -----------------------------------------------------------------------------------


def format_number(
    value: float, decimals: int | None = None, *, locale: QLocale | None = None
) -> str:
    """A number with the language's separators: "12 345,5" (uk), "12,345.5" (en).

    Without `decimals`, whole numbers show none and others as few as they need (at most 2).
    """
    loc = _locale(locale)
    if isinstance(value, int) and decimals is None:
        return loc.toString(value)
    if not math.isfinite(value):
        return str(value)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
        text = loc.toString(float(value), "f", decimals)
        return _trim_zeros(text, loc) if decimals else text
    return loc.toString(float(value), "f", decimals)


def _trim_zeros(text: str, loc: QLocale) -> str:
    point = loc.decimalPoint()
    if point not in text:
        return text
    return text.rstrip(loc.zeroDigit()).rstrip(point)


def format_bytes(size: int, *, locale: QLocale | None = None) -> str:
    """A size in bytes for people: "532 bytes", "1.2 KiB" (or "1,2 КіБ")."""
    loc = _locale(locale)
    if size < 1024:
        return QCoreApplication.translate("Format", "%Ln byte(s)", None, size)
    return loc.formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeIecFormat)


# -- durations ---------------------------------------------------------------------------------


def _unit(name: str, amount: str) -> str:
    # One string per unit so each language picks its own abbreviation and spacing.
    texts = {
        "ms": QCoreApplication.translate("Format", "{n} ms"),
        "s": QCoreApplication.translate("Format", "{n} s"),
        "min": QCoreApplication.translate("Format", "{n} min"),
        "h": QCoreApplication.translate("Format", "{n} h"),
        "d": QCoreApplication.translate("Format", "{n} d"),
    }
    return texts[name].format(n=amount)


def format_duration(seconds: float, *, locale: QLocale | None = None) -> str:
    """A duration in at most two units: "350 ms", "4,2 s", "2 min 5 s", "1 h 3 min", "2 d 4 h"."""
    loc = _locale(locale)
    if not math.isfinite(seconds):
        return NO_VALUE
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 1:
        return sign + _unit("ms", loc.toString(round(seconds * 1000)))
    if seconds < 10:
        tenths = math.floor(seconds * 10) / 10
        return sign + _unit("s", format_number(tenths, 1 if tenths % 1 else 0, locale=loc))
    whole = math.floor(seconds)
    parts = _split(whole)
    return sign + " ".join(_unit(name, loc.toString(amount)) for name, amount in parts)


def _split(whole: int) -> list[tuple[str, int]]:
    """The two largest units of a duration in whole seconds (the second omitted when 0)."""
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    units = [("d", days), ("h", hours), ("min", minutes), ("s", secs)]
    first = next(i for i, (_, amount) in enumerate(units) if amount or i == len(units) - 1)
    shown = [units[first]]
    if first + 1 < len(units) and units[first + 1][1]:
        shown.append(units[first + 1])
    return shown


def format_millis(millis: float, *, locale: QLocale | None = None) -> str:
    """A request's duration given in milliseconds."""
    return format_duration(millis / 1000, locale=locale)


# -- counts ------------------------------------------------------------------------------------


def count_leads(n: int) -> str:
    return QCoreApplication.translate("Format", "%Ln lead(s)", None, n)


def count_steps(n: int) -> str:
    return QCoreApplication.translate("Format", "%Ln step(s)", None, n)


def count_checks(n: int) -> str:
    return QCoreApplication.translate("Format", "%Ln check(s)", None, n)


def count_requests(n: int) -> str:
    return QCoreApplication.translate("Format", "%Ln request(s)", None, n)


def count_pages(n: int) -> str:
    return QCoreApplication.translate("Format", "%Ln page(s)", None, n)


def count_runs(n: int) -> str:
    return QCoreApplication.translate("Format", "%Ln run(s)", None, n)


def progress(done: int, total: int, *, locale: QLocale | None = None) -> str:
    """ "3 of 12 steps" / "3 з 12 кроків" (the plural follows the total)."""
    return QCoreApplication.translate("Format", "{done} of %Ln step(s)", None, total).format(
        done=_locale(locale).toString(done)
    )
