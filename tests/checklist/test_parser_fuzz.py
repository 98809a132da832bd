"""The parser never raises and always returns a consistent model, whatever it is fed."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amogui.checklist import Checklist, parse_bytes, parse_text

from .conftest import bundled_text

FRAGMENTS = [
    "# ✅ Чеклист\n", "## 🎯 Що налаштовано\n", "## 📋 Кроки тестування\n",
    "## 🔍 Що перевірити в backend\n", "## ⚠️ Можливі проблеми та рішення\n",
    "## 📝 Логи для діагностики\n", "## ✅ Критерії успішного тестування\n", "## Glossary\n",
    "### 1️⃣ Перевірка\n", "### 2️⃣ OAuth\n", "### 2️⃣ Дубль\n", "### Без номера\n",
    "### Проблема 1: Щось\n", "### Проблема\n", "#### Крок 3: x\n", "##### deep\n",
    "**Крок 1: Запуск**\n", "**Крок 1: Знову**\n", "**Очікуваний результат:**\n",
    "**API тест:**\n", "**Очікувана відповідь:**\n", "**Файл:** `a.ts`\n", "**Файл:**\n",
    "**Симптоми:**\n", "**Рішення:**\n", "**Примітка:** x\n", "**В мобільному додатку:**\n",
    "1. дія\n", "2. ✅ критерій\n", "- пункт\n", "- [ ] перевірка\n", "- [x] готово\n",
    "  - вкладений\n", "```bash\ncurl -X GET http://h/x \\\n  -H \"A: b\"\n```\n",
    "```json\n{\"a\": 1}\n```\n", "```json\n{broken\n```\n", "```\n", "---\n", "\n", "\n\n",
    "> **Note:** q\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "<div>x</div>\n", "    indented\n",
    "**\n", "[link](http://x)\n", "![img](x.png)\n", "\ufeff", "\x00", "\r\n", "text ",
]  # fmt: skip

LINE_WARNING = re.compile(r"^line \d+: ")


def check_consistent(checklist: Checklist) -> None:
    ids = [s.id for s in checklist.sections]
    for step in checklist.steps():
        ids.append(step.id)
        ids.extend(item.id for item in step.review_items)
        assert step.title
        for child in step.children:
            assert child.id.startswith(step.id + ".k")
    ids += [p.id for p in checklist.problems] + [c.id for c in checklist.criteria]
    assert len(ids) == len(set(ids)), ids
    assert all(i and " " not in i for i in ids)
    assert isinstance(checklist.title, str) and checklist.title
    for warning in checklist.warnings:
        assert LINE_WARNING.match(warning), warning
        assert "could not be parsed" not in warning, warning


@settings(database=None, max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_random_markdown_from_checklist_fragments(fragments: list[str]) -> None:
    check_consistent(parse_text("".join(fragments)))


@settings(database=None, max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    check_consistent(parse_text(text))


@settings(database=None, max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_binary_junk(data: bytes) -> None:
    checklist = parse_bytes(data, "junk")
    check_consistent(checklist)
    assert len(checklist.sha256) == 64


@settings(
    database=None, max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_seed_with_random_edits(data: st.DataObject) -> None:
    lines = bundled_text().split("\n")
    for _ in range(data.draw(st.integers(0, 8))):
        action = data.draw(st.sampled_from(["drop", "dup", "insert", "cut"]))
        at = data.draw(st.integers(0, len(lines) - 1))
        if action == "drop":
            del lines[at]
        elif action == "dup":
            lines.insert(at, lines[at])
        elif action == "insert":
            lines.insert(at, data.draw(st.sampled_from(FRAGMENTS)).rstrip("\n"))
        else:
            lines = lines[:at]
        if not lines:
            lines = [""]
    check_consistent(parse_text("\n".join(lines)))


def test_deep_nesting_does_not_crash() -> None:
    check_consistent(parse_text("> " * 500 + "x\n" + "- " * 500 + "y\n" + "[" * 5000))
