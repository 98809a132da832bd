"""The typed checklist model. Qt-free; produced by `amogui.checklist.parser`.

Step ids are derived from the document's structure (never from list positions
that an edit would shift), so saved verdicts survive a re-import:

- scenarios numbered in their heading (``### 2️⃣ ...``)          -> ``s2``
- ``**Крок N: ...**`` sub-steps inside a scenario                   -> ``s2.k3``
- backend review groups (``### Перевірка callback endpoint``)      -> ``review.<slug>``
- single review items inside a group                                -> ``review.<slug>.<n>``
- problems (``### Проблема N: ...``)                               -> ``problem.N``
- success criteria (numbered list)                                  -> ``criterion.N``
- any other heading                                                 -> ``<part-slug>.<slug>``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class StepKind(StrEnum):
    SETUP = "setup"  # "Що налаштовано": [x] items the tester confirms
    SCENARIO = "scenario"  # 1️⃣-5️⃣
    SUBSTEP = "substep"  # Крок 1-4 inside a scenario
    REVIEW = "review"  # "Що перевірити в backend" groups of [ ] items
    LOGS = "logs"  # "Логи для діагностики" groups
    OTHER = "other"  # a heading of a shape we do not know


@dataclass
class ApiTest:
    """A runnable API test written in the checklist: a curl block and its expected JSON."""

    curl: str
    expected_json: str | None = None  # the raw text of the ```json block, if any
    lang: str = "bash"


@dataclass
class ReviewItem:
    id: str
    text: str
    checked_in_source: bool = False  # "[x]" in the Markdown


@dataclass
class Step:
    id: str
    kind: StepKind
    title: str  # heading text without the number emoji, e.g. "Перевірка статусу AMO CRM (до ...)"
    number: str | None = None  # "2", "2.3" for Крок 3 of scenario 2
    context: list[str] = field(default_factory=list)  # e.g. "В мобільному додатку:" paragraphs
    actions: list[str] = field(default_factory=list)  # the numbered list of things to do
    expected: list[str] = field(default_factory=list)  # "Очікуваний результат" bullets
    api_tests: list[ApiTest] = field(default_factory=list)
    review_items: list[ReviewItem] = field(default_factory=list)
    file: str | None = None  # "**Файл:** `...`" of backend review groups
    notes: list[str] = field(default_factory=list)  # "Примітка", other paragraphs
    children: list[Step] = field(default_factory=list)
    heading: str = ""  # as written, e.g. "Крок 3: Callback обробка" (shown as is)

    @property
    def decidable(self) -> bool:
        """A step takes a verdict when it has no sub-steps of its own."""
        return not self.children

    def walk(self) -> list[Step]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Problem:
    """One "Проблема N" block of the checklist's "possible problems" part."""

    id: str  # "problem.1"
    number: int
    title: str
    symptoms: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)
    heading: str = ""  # as written, e.g. "Проблема 1: Callback не перенаправляє на deep link"


@dataclass
class Criterion:
    id: str  # "criterion.1"
    number: int
    text: str


@dataclass
class Section:
    """A ``##`` part of the checklist."""

    id: str
    title: str
    steps: list[Step] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # paragraphs not belonging to a step


@dataclass
class Checklist:
    title: str
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    sha256: str = ""  # of the file's bytes as read
    source: str = ""  # path or resource name
    encoding: str = "utf-8"  # how the bytes were decoded
    repair: str | None = None  # e.g. "UTF-8 mis-decoded as Mac Roman, repaired"
    warnings: list[str] = field(default_factory=list)  # what the parser did not understand
    footer: list[str] = field(default_factory=list)  # e.g. "Останнє оновлення: Січень 2025"
    problems_title: str = ""  # the part's own title, e.g. "Можливі проблеми та рішення"
    criteria_title: str = ""  # e.g. "Критерії успішного тестування"

    def steps(self) -> list[Step]:
        """Every step, depth first, in document order."""
        out: list[Step] = []
        for section in self.sections:
            for step in section.steps:
                out.extend(step.walk())
        return out

    def decidable_steps(self) -> list[Step]:
        return [s for s in self.steps() if s.decidable]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps() if s.id == step_id), None)

    def problem(self, number: int) -> Problem | None:
        return next((p for p in self.problems if p.number == number), None)
