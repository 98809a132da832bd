"""Step ids come from the structure, so verdicts survive edits of unrelated parts."""

from __future__ import annotations

import re

from amogui.checklist import Checklist, parse_text


def all_ids(checklist: Checklist) -> dict[str, str]:
    """id -> title (or text) of everything that carries an id."""
    out: dict[str, str] = {}
    for section in checklist.sections:
        out[section.id] = section.title
    for step in checklist.steps():
        out[step.id] = step.title
        for item in step.review_items:
            out[item.id] = item.text
    for problem in checklist.problems:
        out[problem.id] = problem.title
    for criterion in checklist.criteria:
        out[criterion.id] = criterion.text
    return out


def split_scenarios(text: str) -> tuple[str, list[str], str]:
    """The text before the first scenario, the scenario blocks, and the rest."""
    start = text.index("### 1️⃣")
    end = text.index("## 🔍")
    blocks = re.split(r"(?=^### )", text[start:end], flags=re.MULTILINE)
    return text[:start], [b for b in blocks if b], text[end:]


def test_inserting_a_part_keeps_every_id(uk_text: str) -> None:
    before = all_ids(parse_text(uk_text))
    extra = (
        "## 🧪 Додаткові перевірки\n\n### Перевірка webhook\n\n1. Надішліть webhook\n\n"
        "**Очікуваний результат:**\n- 200 OK\n\n---\n\n"
    )
    edited = uk_text.replace(
        "## 🔍 Що перевірити в backend", extra + "## 🔍 Що перевірити в backend"
    )
    after = all_ids(parse_text(edited))
    assert before.items() <= after.items()
    assert set(after) - set(before) == {
        "part.dodatkovi-perevirky",
        "dodatkovi-perevirky.perevirka-webhook",
    }


def test_reordering_scenarios_keeps_ids(uk_text: str) -> None:
    head, scenarios, rest = split_scenarios(uk_text)
    assert len(scenarios) == 5
    shuffled = [scenarios[2], scenarios[4], scenarios[0], scenarios[3], scenarios[1]]
    edited = head + "".join(shuffled) + rest
    original, reordered = parse_text(uk_text), parse_text(edited)
    assert all_ids(reordered) == all_ids(original)
    assert [s.id for s in reordered.sections[1].steps] == ["s3", "s5", "s1", "s4", "s2"]
    for step in original.steps():
        moved = reordered.step(step.id)
        assert moved is not None
        assert (moved.actions, moved.expected) == (step.actions, step.expected)


def test_reordering_parts_keeps_ids(uk_text: str) -> None:
    parts = re.split(r"(?=^## )", uk_text, flags=re.MULTILINE)
    title, body = parts[0], parts[1:]
    edited = title + "".join(reversed(body))
    assert all_ids(parse_text(edited)) == all_ids(parse_text(uk_text))


def test_changing_step_text_keeps_ids(uk_text: str) -> None:
    edited = (
        uk_text.replace("Backend обмінює `code` на токени", "Backend НЕ обмінює `code` сам")
        .replace("Приймає `code` та `state`", "Приймає `code`, `state` та `referer`")
        .replace("Немає помилок 404 або 500", "Немає помилок 4xx чи 5xx")
        .replace("Leads завантажуються після підключення", "Leads видно після підключення")
    )
    before, after = all_ids(parse_text(uk_text)), all_ids(parse_text(edited))
    assert set(after) == set(before)
    assert after["review.perevirka-callback-endpoint.1"].startswith("Приймає `code`, `state`")
    assert after["criterion.5"] == "Leads видно після підключення"


def test_adding_and_dropping_scenarios_and_parts(uk_text: str) -> None:
    head, scenarios, rest = split_scenarios(uk_text)
    sixth = "### 6️⃣ Тестування webhook відключення\n\n1. Видаліть інтеграцію\n\n---\n\n"
    edited = head + "".join(scenarios[1:]) + sixth + rest
    logs_start = edited.index("## 📝")
    logs_end = edited.index("## ✅")
    edited = edited[:logs_start] + edited[logs_end:]
    before, after = all_ids(parse_text(uk_text)), all_ids(parse_text(edited))
    dropped = {"s1", "part.logs", "logs.backend-lohy", "logs.mobilnyi-dodatok-lohy"}
    assert set(before) - set(after) == dropped
    assert set(after) - set(before) == {"s6"}
    assert all(after[key] == value for key, value in before.items() if key not in dropped)


def test_renaming_a_part_title_keeps_ids_of_known_kinds(uk_text: str) -> None:
    edited = uk_text.replace("## 📋 Кроки тестування", "## 📋 Сценарії тестування").replace(
        "## ⚠️ Можливі проблеми та рішення", "## ⚠️ Troubleshooting: problems"
    )
    assert set(all_ids(parse_text(edited))) == set(all_ids(parse_text(uk_text)))


def test_duplicates_are_disambiguated_in_document_order() -> None:
    text = (
        "# T\n\n## Кроки тестування\n\n### 2️⃣ Перший\n\n1. a\n\n### 2️⃣ Другий\n\n1. b\n\n"
        "**Крок 1: x**\n1. c\n\n**Крок 1: y**\n1. d\n\n"
        "## Що перевірити в backend\n\n### Група\n- [ ] a\n\n### Група\n- [ ] b\n"
    )
    checklist = parse_text(text)
    assert [s.id for s in checklist.steps()] == [
        "s2",
        "s2-2",
        "s2-2.k1",
        "s2-2.k1-2",
        "review.hrupa",
        "review.hrupa-2",
    ]
    assert checklist.step("review.hrupa-2") is not None
    assert [i.id for i in checklist.steps()[-1].review_items] == ["review.hrupa-2.1"]
    assert sum("is used twice" in w for w in checklist.warnings) == 3
    assert checklist.warnings[0].startswith("line 9: ")
    assert parse_text(text) == checklist  # deterministic
