"""Seed data: pipelines and stages shaped like amoCRM's, and deterministic leads."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

WON, LOST = 142, 143  # amoCRM's fixed status ids, shared by every pipeline


@dataclass(frozen=True)
class Stage:
    id: int
    name: str
    sort: int
    color: str
    type: int  # amoCRM: 1 "unsorted", 0 ordinary (won and lost are 0 too)
    lead_status: str  # the backend's status for leads in this stage
    weight: int  # relative share of the seeded leads; 0 leaves the stage empty on purpose


@dataclass(frozen=True)
class Pipeline:
    id: int
    name: str
    sort: int
    is_main: bool
    stages: tuple[Stage, ...]


PIPELINES: tuple[Pipeline, ...] = (
    Pipeline(
        7845123,
        "Основна воронка",
        1,
        True,
        (
            Stage(62011234, "Неразібране", 10, "#c1c1c1", 1, "NEW", 4),
            Stage(62011235, "Новий лід", 20, "#99ccff", 0, "NEW", 12),
            Stage(62011236, "Перший контакт", 30, "#ffff99", 0, "IN_PROGRESS", 10),
            Stage(62011237, "Перегляд об'єкта", 40, "#ffcc66", 0, "IN_PROGRESS", 8),
            Stage(62011238, "Переговори", 50, "#ff9966", 0, "QUALIFIED", 6),
            Stage(62011239, "Бронювання", 60, "#ccff66", 0, "QUALIFIED", 4),
            Stage(WON, "Успішно реалізовано", 10000, "#ccff66", 0, "CLOSED_WON", 5),
            Stage(LOST, "Закрито і не реалізовано", 11000, "#d5d8db", 0, "CLOSED_LOST", 6),
        ),
    ),
    Pipeline(
        7845967,
        "Оренда",
        2,
        False,
        (
            Stage(62019871, "Неразібране", 10, "#c1c1c1", 1, "NEW", 2),
            Stage(62019872, "Нова заявка", 20, "#99ccff", 0, "NEW", 5),
            Stage(62019873, "Показ", 30, "#ffcc66", 0, "IN_PROGRESS", 3),
            Stage(62019874, "Договір", 40, "#ccff66", 0, "QUALIFIED", 0),
            Stage(WON, "Успішно реалізовано", 10000, "#ccff66", 0, "CLOSED_WON", 2),
            Stage(LOST, "Закрито і не реалізовано", 11000, "#d5d8db", 0, "CLOSED_LOST", 3),
        ),
    ),
)

LEAD_STATUSES = ("NEW", "IN_PROGRESS", "QUALIFIED", "CLOSED_WON", "CLOSED_LOST")
RESPONSIBLE_USERS = (10234567, 10234568, 10234591)
FIRST_AMO_LEAD_ID = 24100001
_EPOCH = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
_SPAN = 300 * 24 * 3600  # seeded leads were created over about ten months

_FIRST = ("Олена", "Андрій", "Марія", "Тарас", "Ірина", "Дмитро", "Софія", "Максим", "Юлія")
_LAST = ("Бондар", "Мельник", "Ткаченко", "Кравець", "Олійник", "Лисенко", "Гнатюк", "Руденко")
_LATIN = ("olena", "andrii", "maria", "taras", "iryna", "dmytro", "sofiia", "maksym", "yuliia")


def _uuid4(bits: int) -> str:
    """A version-4 UUID string from 128 random bits (cheaper than uuid.UUID per lead)."""
    bits = (bits & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def lead_rows(count: int, seed: int) -> Iterator[tuple[object, ...]]:
    """`count` leads as rows for the `leads` table, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - deterministic test data, not security
    pairs = [(p, s) for p in PIPELINES for s in p.stages]
    cumulative = list(itertools.accumulate(s.weight for _, s in pairs))
    # Seeding 50,000 leads must take about a second: draw plain numbers, no datetimes.
    rand, randrange, getrandbits = rng.random, rng.randrange, rng.getrandbits
    top, last_index = cumulative[-1], len(pairs) - 1
    epoch = _EPOCH.timestamp()
    prefixes = (50, 63, 67, 68, 73, 93, 97)
    for index in range(count):
        pipeline, stage = pairs[min(bisect.bisect(cumulative, rand() * top), last_index)]
        first = randrange(len(_FIRST))
        created = epoch + randrange(_SPAN)
        yield (
            index + 1,
            _uuid4(getrandbits(128)),
            f"{_FIRST[first]} {_LAST[randrange(len(_LAST))]}",
            f"+380{prefixes[randrange(len(prefixes))]}{randrange(10**7):07d}",
            f"{_LATIN[first]}.{index + 1}@example.com",
            stage.lead_status,
            randrange(40, 900) * 1000,
            FIRST_AMO_LEAD_ID + index,
            pipeline.id,
            stage.id,
            RESPONSIBLE_USERS[randrange(len(RESPONSIBLE_USERS))],
            created,
            created + randrange(30 * 24 * 3600),
        )


def iso(timestamp: float) -> str:
    """The backend's timestamp format (TypeORM: ISO 8601 with milliseconds, UTC)."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
