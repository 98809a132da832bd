"""Markdown checklist -> `Checklist` (see model.py for the shape and the id scheme).

The document is read as markdown-it blocks (blocks.py). ``#`` is the title, every
``##`` opens a *part*; a part's kind (setup, scenarios, backend review, problems, logs,
criteria) comes from keywords in its title (Ukrainian, Russian, English) and, failing
that, from its shape. Inside a part, ``###`` headings open steps; inside a step, a
bold ``**Крок N: ...**`` opens a sub-step and bold labels (``**Очікуваний результат:**``,
``**API тест:**``, ...) say what the next list or code block is.

Nothing here raises on any input: what is not understood is kept as notes where
possible and listed in ``Checklist.warnings`` with its line number.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from amogui.checklist import curl
from amogui.checklist.blocks import Block, Inline, Item, parse_blocks
from amogui.checklist.encoding import decode
from amogui.checklist.model import (
    ApiTest,
    Checklist,
    Criterion,
    Problem,
    ReviewItem,
    Section,
    Step,
    StepKind,
)
from amogui.checklist.text import (
    label_key,
    leading_number,
    problem_number,
    slug,
    strip_decor,
    substep_number,
)


class PartKind(StrEnum):
    SETUP = "setup"
    SCENARIOS = "scenarios"
    REVIEW = "review"
    PROBLEMS = "problems"
    LOGS = "logs"
    CRITERIA = "criteria"
    OTHER = "other"


# Checked in this order: "Критерії успішного тестування" names testing but is criteria.
_PART_KEYWORDS: tuple[tuple[PartKind, re.Pattern[str]], ...] = (
    (PartKind.PROBLEMS, re.compile(r"проблем|problem|troubleshoot|неполад|неисправ")),
    (PartKind.CRITERIA, re.compile(r"критер|criteri|definition of done|acceptance|приймання")),
    (PartKind.LOGS, re.compile(r"\bлог(и|ів|ах|ы|ов)?\b|\blogs?\b|logging|діагност|диагност")),
    (
        PartKind.REVIEW,
        re.compile(r"(перевір|провер|review|check|inspect).*(backend|бекенд|код|code|server)"),
    ),
    (
        PartKind.SETUP,
        re.compile(r"налаштован|настроен|set ?up|configured|prerequisit|передумов|конфігур"),
    ),
    (PartKind.SCENARIOS, re.compile(r"крок|шаг|тестуван|тестир|сценар|step|scenario|test")),
)

_STEP_KIND = {
    PartKind.SETUP: StepKind.SETUP,
    PartKind.SCENARIOS: StepKind.SCENARIO,
    PartKind.REVIEW: StepKind.REVIEW,
    PartKind.LOGS: StepKind.LOGS,
}

_EXPECTED = {
    "очікуваний результат", "очікувані результати", "очікується", "результат",
    "ожидаемый результат", "ожидаемые результаты", "expected result", "expected results",
    "expected", "expected outcome", "result",
}  # fmt: skip
_API = {
    "api тест", "api тести", "api-тест", "тест api", "api test", "api tests", "api",
    "api запит", "запит", "запрос", "request", "api request", "curl", "приклад запиту",
}  # fmt: skip
_RESPONSE = {
    "очікувана відповідь", "очікувані відповіді", "відповідь", "ожидаемый ответ", "ответ",
    "expected response", "expected answer", "response", "expected json",
}  # fmt: skip
_FILE = {"файл", "файли", "file", "files", "файлы"}
_SYMPTOMS = {"симптоми", "симптомы", "symptoms", "symptom", "ознаки", "признаки"}
_SOLUTIONS = {"рішення", "решение", "solution", "solutions", "fix", "виправлення", "що робити"}
_NOTE = re.compile(r"^(примітк|примечан|note|увага|внимание|важливо|важно|warning|important|tip)")
_SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh", "curl", "shell-session"}
_CRITERION_MARK = re.compile(r"^(?:\s|[✅✔☑✓🟢️]|\[[ xX]\])+")


class _Ids:
    """Hands out unique ids in document order; a repeated id gets "-2", "-3", ..."""

    def __init__(self, warn: Callable[[int, str], None]) -> None:
        self._taken: set[str] = set()
        self._warn = warn

    def take(self, wanted: str, line: int) -> str:
        candidate = wanted
        n = 2
        while candidate in self._taken:
            candidate = f"{wanted}-{n}"
            n += 1
        if candidate != wanted:
            self._warn(line, f"the id {wanted!r} is used twice; this one became {candidate!r}")
        self._taken.add(candidate)
        return candidate


@dataclass
class _Part:
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _Group:
    """A ``###`` heading and its blocks (heading None: the blocks before the first one)."""

    heading: Block | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def line(self) -> int:
        if self.heading is not None:
            return self.heading.line
        return self.blocks[0].line if self.blocks else 0


@dataclass
class _Body:
    """What a step's blocks hold, before it is poured into a Step or a Problem."""

    context: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    api_tests: list[ApiTest] = field(default_factory=list)
    review: list[tuple[str, bool]] = field(default_factory=list)
    file: str | None = None
    notes: list[str] = field(default_factory=list)
    symptoms: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)

    def for_mode(self, mode: str | None) -> list[str] | None:
        """The list a labelled run of text goes to ("Очікуваний результат:" -> expected)."""
        lists = {"expected": self.expected, "symptoms": self.symptoms, "solutions": self.solutions}
        return lists.get(mode or "")

    def has_content(self) -> bool:
        return bool(self.actions or self.expected or self.api_tests or self.review or self.file)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[str] = []
        self.ids = _Ids(self.warn)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"line {line}: {message}" if line > 0 else message)

    # -- document --------------------------------------------------------------

    def parse(self, text: str) -> Checklist:
        blocks = parse_blocks(text)
        footer, blocks = _split_footer(blocks)
        title, parts = self._split_parts(blocks)
        checklist = Checklist(title=title, source=self.source, footer=footer)
        for part in parts:
            self._build_part(part, checklist)
        if not any(b.kind == "heading" for b in blocks):
            self.warn(1, "no Markdown headings found: this does not look like a checklist")
        checklist.warnings = self.warnings
        return checklist

    def _split_parts(self, blocks: list[Block]) -> tuple[str, list[_Part]]:
        title: str | None = None
        parts: list[_Part] = []
        current: _Part | None = None
        for block in blocks:
            if block.kind == "heading" and block.level == 1 and title is None:
                title = strip_decor(block.text.plain)
                continue
            if block.kind == "heading" and block.level <= 2:
                if block.level == 1:
                    self.warn(block.line, "a second '#' title was read as a part ('##')")
                current = _Part(strip_decor(block.text.plain), block.line)
                parts.append(current)
                continue
            if block.kind == "hr":
                continue
            if current is None:
                current = _Part("", block.line)
                parts.append(current)
            current.blocks.append(block)
        if title is None:
            title = _fallback_title(self.source)
            self.warn(1, "the checklist has no '# title' heading; using the file name")
        return title or "Checklist", parts

    # -- parts -----------------------------------------------------------------

    def _build_part(self, part: _Part, checklist: Checklist) -> None:
        kind = self._classify(part)
        part_slug = kind.value if kind is not PartKind.OTHER else _part_slug(part)
        section = Section(self.ids.take(f"part.{part_slug}", part.line), part.title or "")
        checklist.sections.append(section)
        head, groups = _split_groups(part.blocks)
        if kind is PartKind.PROBLEMS:
            checklist.problems_title = checklist.problems_title or section.title
            self._head_text(head, section)
            for group in groups:
                checklist.problems.append(self._problem(group, checklist.problems))
        elif kind is PartKind.CRITERIA:
            checklist.criteria_title = checklist.criteria_title or section.title
            self._criteria(part.blocks, section, checklist.criteria)
        else:
            self._steps_part(kind, part, part_slug, head, groups, section)

    def _classify(self, part: _Part) -> PartKind:
        title = part.title.casefold()
        for kind, pattern in _PART_KEYWORDS:
            if title and pattern.search(title):
                return kind
        kind = _shape(part)
        if kind is PartKind.OTHER and part.title:
            self.warn(
                part.line,
                f"the part {part.title!r} is of a kind amogui does not know; "
                "it is shown as plain steps and text",
            )
        return kind

    def _head_text(self, head: list[Block], section: Section) -> None:
        for block in head:
            if block.kind == "para":
                section.text.append(block.text.md)
            elif block.kind == "list":
                section.text.extend(item.text.md for item in block.items)
            else:
                self._unknown(block, section.text)

    def _steps_part(
        self,
        kind: PartKind,
        part: _Part,
        part_slug: str,
        head: list[Block],
        groups: list[_Group],
        section: Section,
    ) -> None:
        step_kind = _STEP_KIND.get(kind, StepKind.OTHER)
        head_body = self._body(head, problem=False)
        if head_body.has_content():
            # A part that carries its items itself ("Що налаштовано" with its [x] list).
            own_kind = step_kind if kind is not PartKind.SCENARIOS else StepKind.OTHER
            head_line = head[0].line if head else part.line
            step = self._step(part_slug, own_kind, part.title, None, head_line)
            _pour(head_body, step, self.ids, head_line)
            section.steps.append(step)
        else:
            section.text.extend(head_body.context + head_body.notes)
        for group in groups:
            section.steps.append(self._group_step(kind, step_kind, part_slug, group))

    def _group_step(
        self, kind: PartKind, step_kind: StepKind, part_slug: str, group: _Group
    ) -> Step:
        assert group.heading is not None
        heading = group.heading.text.plain
        number: int | None = None
        if kind is PartKind.SCENARIOS:
            number, title = leading_number(heading)
            if number is None:
                self.warn(
                    group.line,
                    f"the scenario {strip_decor(heading)!r} has no number; "
                    "its id comes from its title",
                )
        else:
            title = strip_decor(heading)
        base = f"s{number}" if number is not None else f"{part_slug}.{slug(title)}"
        number_text = str(number) if number is not None else None
        step = self._step(base, step_kind, title, number_text, group.line)
        self._fill_with_substeps(step, group.blocks)
        return step

    def _step(self, base: str, kind: StepKind, title: str, number: str | None, line: int) -> Step:
        return Step(
            id=self.ids.take(base, line), kind=kind, title=title or "(untitled)", number=number
        )

    def _fill_with_substeps(self, step: Step, blocks: list[Block]) -> None:
        own, subs = _split_substeps(blocks)
        _pour(self._body(own, problem=False), step, self.ids, blocks[0].line if blocks else 0)
        for marker, sub_blocks in subs:
            n, title = marker
            child = self._step(
                f"{step.id}.k{n}",
                StepKind.SUBSTEP,
                title,
                f"{step.number}.{n}" if step.number else str(n),
                sub_blocks[0].line,
            )
            child.heading = _substep_heading(sub_blocks[0])
            body = self._body(sub_blocks[1:], problem=False)
            _pour(body, child, self.ids, sub_blocks[0].line)
            step.children.append(child)

    # -- problems and criteria ---------------------------------------------------

    def _problem(self, group: _Group, known: list[Problem]) -> Problem:
        assert group.heading is not None
        number, title = problem_number(group.heading.text.plain)
        if number is None:
            number = max((p.number for p in known), default=0) + 1
            self.warn(group.line, f"a problem without a number was numbered {number}")
        problem = Problem(
            id=self.ids.take(f"problem.{number}", group.line),
            number=number,
            title=title,
            heading=strip_decor(group.heading.text.plain),
        )
        body = self._body(group.blocks, problem=True)
        problem.symptoms = body.symptoms
        problem.solutions = body.solutions
        leftovers = body.context + body.actions + body.expected + body.notes
        if leftovers:
            if not body.solutions and not body.symptoms:
                self.warn(
                    group.line,
                    f"problem {number} has no 'Симптоми:'/'Рішення:' labels; "
                    "its text was kept as solutions",
                )
            problem.solutions = problem.solutions + leftovers
        if body.api_tests:
            problem.solutions.extend(t.curl for t in body.api_tests)
        return problem

    def _criteria(self, blocks: list[Block], section: Section, out: list[Criterion]) -> None:
        for block in blocks:
            if block.kind == "list":
                for item in block.items:
                    self._criterion(item, out)
            elif block.kind == "para":
                section.text.append(block.text.md)
            elif block.kind == "heading":
                section.text.append(block.text.plain)
            else:
                self._unknown(block, section.text)

    def _criterion(self, item: Item, out: list[Criterion]) -> None:
        text = _CRITERION_MARK.sub("", item.text.md).strip()
        if not text:
            return
        number = item.number
        if number is None or any(c.number == number for c in out):
            number = max((c.number for c in out), default=0) + 1
        out.append(Criterion(self.ids.take(f"criterion.{number}", item.line), number, text))

    # -- step bodies ------------------------------------------------------------

    def _body(self, blocks: list[Block], *, problem: bool) -> _Body:
        body = _Body()
        mode: str | None = None
        filled = False  # whether the current label already got its list
        for block in blocks:
            if block.kind == "para":
                mode, filled = self._para(block, body, mode, filled, problem)
            elif block.kind == "list":
                _list_into(block, body, mode)
                filled = True
            elif block.kind == "code":
                self._code(block, body, mode)
                filled = True
            elif block.kind == "heading":
                body.context.append(block.text.plain)
                mode, filled = None, False
            elif block.kind != "hr":
                self._unknown(block, body.notes)
        return body

    def _para(
        self, block: Block, body: _Body, mode: str | None, filled: bool, problem: bool
    ) -> tuple[str | None, bool]:
        text = block.text
        role = _label_role(text.label)
        if role is None:
            target = body.for_mode(mode)
            if target is not None and not filled:
                # "**Очікуваний результат:**" followed by a paragraph instead of bullets
                target.append(text.md)
                return mode, filled
            if text.plain.endswith(":"):
                body.context.append(text.md)
                return None, False
            body.notes.append(text.md)
            return mode, filled
        if role in ("symptoms", "solutions") and not problem:
            # Outside "possible problems" these are just captions.
            body.context.append(_label_line(text))
            return None, False
        return self._labelled(role, text, body, block.line)

    def _labelled(self, role: str, text: Inline, body: _Body, line: int) -> tuple[str | None, bool]:
        rest = text.rest_md
        if role == "note":
            body.notes.append(rest or text.md)
            return None, False
        if role == "file":
            path = text.rest_plain.strip().strip("`").strip()
            if body.file is None and path:
                body.file = path
            elif path:
                body.notes.append(f"{text.label} {rest}")
            return None, False
        if role == "context":
            body.context.append(_label_line(text))
            return None, False
        if role == "api" and text.rest_plain.startswith("curl"):
            body.api_tests.append(ApiTest(curl=text.rest_plain))
            return role, True
        if role == "response" and rest:
            self._attach_response(body, text.rest_plain, line)
            return role, True
        target = body.for_mode(role)
        if target is not None and rest:
            target.append(rest)
        return role, False

    def _code(self, block: Block, body: _Body, mode: str | None) -> None:
        lang = block.lang
        is_json = lang in ("json", "json5", "jsonc") or (
            not lang and block.code.lstrip().startswith(("{", "["))
        )
        is_shell = lang in _SHELL_LANGS or block.code.lstrip().startswith("curl")
        if mode == "response" or (is_json and mode != "api" and not is_shell):
            self._attach_response(body, block.code, block.line)
        elif is_shell or mode == "api":
            body.api_tests.append(ApiTest(curl=block.code, lang=lang or "bash"))
            self._check_curl(block.code, block.line)
        else:
            body.notes.append(block.code)
            self.warn(block.line, "a code block outside an API test was kept as a note")

    def _check_curl(self, code: str, line: int) -> None:
        """Say now, not mid-run, when an API test cannot be sent as written."""
        try:
            curl.parse(code)
        except curl.CurlError as exc:
            self.warn(line, f"the API test cannot be run: {exc}")

    def _attach_response(self, body: _Body, code: str, line: int) -> None:
        pending = next((t for t in reversed(body.api_tests) if t.expected_json is None), None)
        if pending is None:
            body.notes.append(code)
            self.warn(line, "an expected response without an API test before it was kept as a note")
            return
        pending.expected_json = code
        try:
            json.loads(code)
        except ValueError:
            self.warn(line, "the expected response is not valid JSON; it is compared as text")

    def _unknown(self, block: Block, out: list[str]) -> None:
        if block.kind == "table":
            out.extend(block.rows)
            self.warn(block.line, "a table was kept as plain notes")
        elif block.kind == "html":
            out.append(block.code)
            self.warn(block.line, "raw HTML was kept as plain text")
        elif block.kind == "code":
            out.append(block.code)
            self.warn(block.line, "a code block outside a step was kept as text")


def _label_role(label: str | None) -> str | None:
    if label is None:
        return None
    key = label_key(label)
    if key in _EXPECTED:
        return "expected"
    if key in _API:
        return "api"
    if key in _RESPONSE:
        return "response"
    if key in _FILE:
        return "file"
    if key in _SYMPTOMS:
        return "symptoms"
    if key in _SOLUTIONS:
        return "solutions"
    if _NOTE.match(key):
        return "note"
    return "context"


def _label_line(text: Inline) -> str:
    label = text.label or ""
    return f"{label} {text.rest_md}".strip()


def _list_into(block: Block, body: _Body, mode: str | None) -> None:
    items = block.items
    tasks = [i for i in items if i.checked is not None]
    if tasks and len(tasks) * 2 >= len(items):
        body.review.extend((i.text.md, bool(i.checked)) for i in items)
        return
    texts = [i.text.md for i in items if i.text.md]
    target = body.for_mode(mode)
    (body.actions if target is None else target).extend(texts)


def _pour(body: _Body, step: Step, ids: _Ids, line: int) -> None:
    step.context.extend(body.context)
    step.actions.extend(body.actions)
    step.expected.extend(body.expected + body.symptoms + body.solutions)
    step.api_tests.extend(body.api_tests)
    step.notes.extend(body.notes)
    if body.file and step.file is None:
        step.file = body.file
    for n, (text, checked) in enumerate(body.review, start=len(step.review_items) + 1):
        step.review_items.append(ReviewItem(ids.take(f"{step.id}.{n}", line), text, checked))


def _split_groups(blocks: list[Block]) -> tuple[list[Block], list[_Group]]:
    head: list[Block] = []
    groups: list[_Group] = []
    for block in blocks:
        if block.kind == "heading" and block.level == 3:
            groups.append(_Group(block))
        elif groups:
            groups[-1].blocks.append(block)
        else:
            head.append(block)
    return head, groups


def _substep_marker(block: Block) -> tuple[int, str] | None:
    if block.kind == "para" and block.text.label:
        found = substep_number(block.text.label)
        if found is not None:
            n, title = found
            return n, title or strip_decor(block.text.rest_plain)
    if block.kind == "heading" and block.level >= 4:
        return substep_number(strip_decor(block.text.plain))
    return None


def _split_substeps(
    blocks: list[Block],
) -> tuple[list[Block], list[tuple[tuple[int, str], list[Block]]]]:
    own: list[Block] = []
    subs: list[tuple[tuple[int, str], list[Block]]] = []
    for block in blocks:
        marker = _substep_marker(block)
        if marker is not None:
            subs.append((marker, [block]))
        elif subs:
            subs[-1][1].append(block)
        else:
            own.append(block)
    return own, subs


def _split_footer(blocks: list[Block]) -> tuple[list[str], list[Block]]:
    """Short paragraphs after the document's last rule ("Останнє оновлення: ...")."""
    last_hr = max((i for i, b in enumerate(blocks) if b.kind == "hr"), default=-1)
    if last_hr < 0:
        return [], blocks
    tail = blocks[last_hr + 1 :]
    if not tail or len(tail) > 3 or any(b.kind != "para" for b in tail):
        return [], blocks
    return [b.text.plain for b in tail], blocks[:last_hr]


def _shape(part: _Part) -> PartKind:
    """A part's kind from what it holds, for titles without a known keyword."""
    headings = [b for b in part.blocks if b.kind == "heading" and b.level == 3]
    items = [i for b in part.blocks if b.kind == "list" for i in b.items]
    tasks = [i for i in items if i.checked is not None]
    if any(_is_problem_heading(h) for h in headings):
        return PartKind.PROBLEMS
    if any(leading_number(h.text.plain)[0] is not None for h in headings):
        return PartKind.SCENARIOS
    if headings and tasks:
        return PartKind.REVIEW
    if not headings and tasks and len(tasks) == len(items):
        return PartKind.SETUP
    if not headings and items and all(_CRITERION_MARK.match(i.text.md) for i in items):
        return PartKind.CRITERIA
    return PartKind.OTHER


def _is_problem_heading(block: Block) -> bool:
    return bool(re.match(r"^\W*(проблема|problem|issue)", block.text.plain, re.IGNORECASE))


def _part_slug(part: _Part) -> str:
    return slug(part.title) if part.title else "intro"


def _fallback_title(source: str) -> str:
    name = re.split(r"[\\/:]", source)[-1] if source else ""
    return re.sub(r"(\.[A-Za-z]{1,3})*\.(md|markdown|txt)$", "", name) or "Checklist"


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\r\n\f"))
    return bad * 20 > len(text)


def parse_text(text: str, source: str = "") -> Checklist:
    """Parse checklist Markdown; never raises."""
    parser = _Parser(source)
    try:
        checklist = parser.parse(text)
    except (RecursionError, MemoryError, ValueError, IndexError, KeyError, TypeError) as exc:
        # A safety net for the window: a parser bug must not take the tester's run down.
        checklist = Checklist(title=_fallback_title(source) or "Checklist", source=source)
        checklist.warnings = [
            *parser.warnings,
            f"the checklist could not be parsed ({type(exc).__name__}); it is shown empty",
        ]
    if _looks_binary(text):
        checklist.warnings.insert(0, "line 1: the file does not look like text")
    return checklist


def parse_bytes(data: bytes, source: str = "") -> Checklist:
    """Decode (repairing mojibake), parse, and record the bytes' SHA-256."""
    decoded = decode(data)
    checklist = parse_text(decoded.text, source)
    checklist.sha256 = hashlib.sha256(data).hexdigest()
    checklist.encoding = decoded.encoding
    checklist.repair = decoded.repair
    return checklist


def _substep_heading(block: Block) -> str:
    """The sub-step's own words ("Крок 3: Callback обробка"), without the bold marks."""
    text = block.text
    if text.label:
        return strip_decor(f"{text.label} {text.rest_md}".strip())
    return strip_decor(text.plain)
