"""Checklists of other shapes and languages, and Markdown the parser does not understand."""

from __future__ import annotations

from pathlib import Path

import pytest

from amogui.checklist import Checklist, parse_bytes, parse_text
from amogui.checklist.model import StepKind

ENGLISH = """\
Intro text before any title.

# ✅ Integration checklist

## Prerequisites

- [x] Redirect URI registered
- [ ] Webhook configured

## Test steps

Run these in order.

### 1. Check status

**In the mobile app:**
1. Open the CRM page

**Expected result:**
- Status shows

**API test:**
```sh
curl https://admin.foryou-realestate.com/api/amo-crm/status -H "Authorization: Bearer YOUR_TOKEN"
```

**Expected response:**
```json
{"success": true
```

### Scenario 2: Connect

#### Step 1: Start
1. Tap connect

#### Step 2 - Approve
1. Approve

### Extra checks

- something

```python
print("hi")
```

| a | b |
|---|---|
| 1 | 2 |

<div>html</div>

> **Note:** quoted notes count as notes

## Troubleshooting

### Problem 1 - Callback 404

**Symptoms:**
- 404

**Solution:** register the route

### Something else

Just text.

## Glossary

Some words.

## Success criteria

- ✔️ Works
- ☑ Fast
"""


@pytest.fixture(scope="module")
def english() -> Checklist:
    return parse_text(ENGLISH, "en.md")


def test_english_parts_are_recognised_by_keywords(english: Checklist) -> None:
    assert [s.id for s in english.sections] == [
        "part.intro",
        "part.setup",
        "part.scenarios",
        "part.problems",
        "part.glossary",
        "part.criteria",
    ]
    assert english.title == "Integration checklist"
    assert english.sections[0].text == ["Intro text before any title."]
    assert english.sections[2].text == ["Run these in order."]
    assert english.sections[4].text == ["Some words."]


def test_english_scenarios_substeps_and_api_test(english: Checklist) -> None:
    s1 = english.step("s1")
    assert s1 is not None
    assert (s1.title, s1.context, s1.actions, s1.expected) == (
        "Check status",
        ["In the mobile app:"],
        ["Open the CRM page"],
        ["Status shows"],
    )
    [api] = s1.api_tests
    assert api.lang == "sh"
    assert api.expected_json == '{"success": true'
    s2 = english.step("s2")
    assert s2 is not None
    assert [(c.id, c.title) for c in s2.children] == [("s2.k1", "Start"), ("s2.k2", "Approve")]


def test_unnumbered_scenario_and_leftovers_are_kept_with_warnings(english: Checklist) -> None:
    extra = english.step("scenarios.extra-checks")
    assert extra is not None
    assert extra.kind is StepKind.SCENARIO
    assert extra.number is None
    assert extra.actions == ["something"]
    assert extra.notes == [
        'print("hi")',
        "a | b",
        "1 | 2",
        "<div>html</div>",
        "quoted notes count as notes",
    ]
    warnings = "\n".join(english.warnings)
    for expected in (
        "line 28: the expected response is not valid JSON",
        "line 40: the scenario 'Extra checks' has no number",
        "line 44: a code block outside an API test was kept as a note",
        "line 48: a table was kept as plain notes",
        "line 52: raw HTML was kept as plain text",
        "line 65: a problem without a number was numbered 2",
        "line 69: the part 'Glossary' is of a kind amogui does not know",
    ):
        assert expected in warnings


def test_english_problems_and_criteria(english: Checklist) -> None:
    first, second = english.problems
    assert (first.id, first.title, first.symptoms, first.solutions) == (
        "problem.1",
        "Callback 404",
        ["404"],
        ["register the route"],
    )
    assert (second.id, second.title, second.solutions) == (
        "problem.2",
        "Something else",
        ["Just text."],
    )
    assert [(c.id, c.text) for c in english.criteria] == [
        ("criterion.1", "Works"),
        ("criterion.2", "Fast"),
    ]


def test_parts_without_keywords_are_recognised_by_shape() -> None:
    text = """\
# Title

## Alpha

- [x] configured

## Beta

### 1️⃣ First

1. do

## Gamma

### Проблема 1: Broken

**Симптоми:**
- bad

## Delta

### Group

**Файл:** `src/x.ts`

- [ ] reviewed

## Epsilon

1. ✅ everything works
"""
    checklist = parse_text(text)
    assert [s.id for s in checklist.sections] == [
        "part.setup",
        "part.scenarios",
        "part.problems",
        "part.review",
        "part.criteria",
    ]
    review = checklist.step("review.group")
    assert review is not None and review.file == "src/x.ts"
    assert [c.text for c in checklist.criteria] == ["everything works"]
    assert checklist.warnings == []


def test_keycap_ten_and_plain_numbers() -> None:
    checklist = parse_text("# T\n\n## Кроки\n\n### 🔟 Ten\n\n### 7) Seven\n\n### Тест 8 — Eight\n")
    assert [(s.id, s.title) for s in checklist.steps()] == [
        ("s10", "Ten"),
        ("s7", "Seven"),
        ("s8", "Eight"),
    ]


def test_expected_response_without_curl_is_a_note() -> None:
    text = "# T\n\n## Кроки тестування\n\n### 1️⃣ A\n\n**Очікувана відповідь:**\n```json\n{}\n```\n"
    checklist = parse_text(text)
    step = checklist.step("s1")
    assert step is not None
    assert step.api_tests == [] and step.notes == ["{}"]
    assert checklist.warnings == [
        "line 8: an expected response without an API test before it was kept as a note"
    ]


def test_curl_inside_a_list_item_is_still_an_api_test() -> None:
    text = "# T\n\n## Кроки\n\n### 1️⃣ A\n\n1. Run:\n   ```bash\n   curl http://x/y\n   ```\n"
    step = parse_text(text).step("s1")
    assert step is not None
    assert step.actions == ["Run:"]
    assert [t.curl for t in step.api_tests] == ["curl http://x/y"]


def test_second_title_becomes_a_part() -> None:
    checklist = parse_text("# One\n\n# Two\n\n- [ ] a\n")
    assert checklist.title == "One"
    assert [s.title for s in checklist.sections] == ["Two"]
    assert "line 3: a second '#' title was read as a part ('##')" in checklist.warnings


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("", "no Markdown headings found"),
        ("just a paragraph\n", "no Markdown headings found"),
        ("## Part only\n\n- a\n", "has no '# title' heading"),
        ("```\nunclosed fence\n", "no Markdown headings found"),
    ],
)
def test_degenerate_documents_open_with_a_warning(text: str, warning: str) -> None:
    checklist = parse_text(text, "/tmp/some-list.uk.md")
    assert checklist.title == "some-list"
    assert any(warning in w for w in checklist.warnings)


def test_binary_junk_opens_with_a_warning() -> None:
    junk = bytes(range(256)) * 8
    checklist = parse_bytes(junk, "junk.bin")
    assert checklist.warnings[0] == "line 1: the file does not look like text"
    assert len(checklist.sha256) == 64


def test_truncated_seed_parses_at_any_line(uk_text: str) -> None:
    full_ids = {s.id for s in parse_text(uk_text).steps()}
    lines = uk_text.split("\n")
    for n in range(0, len(lines), 5):
        checklist = parse_text("\n".join(lines[:n]))
        assert {s.id for s in checklist.steps()} <= full_ids


def test_truncated_raw_bytes_parse_and_still_repair(raw_bytes: bytes) -> None:
    for n in range(0, len(raw_bytes), 1499):
        checklist = parse_bytes(raw_bytes[:n], "raw.md")
        assert isinstance(checklist.title, str)
    cut = parse_bytes(raw_bytes[: len(raw_bytes) // 2 + 1], "raw.md")
    assert cut.title == "Чеклист тестування AMO CRM після налаштування URL"
    assert cut.repair is not None and cut.repair.startswith("UTF-8 mis-decoded as Mac Roman")


def test_crlf_line_endings(uk_text: str) -> None:
    crlf = parse_text(uk_text.replace("\n", "\r\n"))
    lf = parse_text(uk_text)
    assert [s.id for s in crlf.steps()] == [s.id for s in lf.steps()]
    assert crlf.step("s3") == lf.step("s3")


def test_source_name_falls_back_for_windows_paths(tmp_path: Path) -> None:
    assert parse_text("", "C:\\lists\\my-list.md").title == "my-list"


def test_an_api_test_that_cannot_be_run_is_reported() -> None:
    text = "# T\n\n## Кроки\n\n### 1️⃣ A\n\n**API тест:**\n```bash\ncurl -F a=b http://h/x\n```\n"
    checklist = parse_text(text)
    step = checklist.step("s1")
    assert step is not None and len(step.api_tests) == 1
    assert checklist.warnings == [
        "line 8: the API test cannot be run: The curl option -F is not supported."
    ]
