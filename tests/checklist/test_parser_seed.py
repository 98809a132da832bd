"""The raw seed (UTF-8 once read as Mac Roman) parses into the bundled checklist: its parts,
scenarios, steps, success criteria and problems."""

from __future__ import annotations

import hashlib
import json

import pytest

from amogui.checklist import Checklist, parse_bytes
from amogui.checklist.model import StepKind

from .conftest import SKIP_NO_SEED, exported_seed


@pytest.fixture(scope="module")
def seed(raw_bytes: bytes) -> Checklist:
    return parse_bytes(raw_bytes, "amo-crm-testing-checklist.raw.md")


def test_title_encoding_and_hash(seed: Checklist, raw_bytes: bytes) -> None:
    assert seed.title == "Чеклист тестування AMO CRM після налаштування URL"
    assert seed.repair == "UTF-8 mis-decoded as Mac Roman; repaired"
    assert seed.encoding == "utf-8"
    assert seed.sha256 == hashlib.sha256(raw_bytes).hexdigest()
    assert seed.source == "amo-crm-testing-checklist.raw.md"
    assert seed.warnings == []
    assert seed.footer == ["Останнє оновлення: Січень 2025"]


def test_parts(seed: Checklist) -> None:
    assert [(s.id, s.title) for s in seed.sections] == [
        ("part.setup", "Що налаштовано"),
        ("part.scenarios", "Кроки тестування"),
        ("part.review", "Що перевірити в backend"),
        ("part.problems", "Можливі проблеми та рішення"),
        ("part.logs", "Логи для діагностики"),
        ("part.criteria", "Критерії успішного тестування"),
    ]


def test_five_scenarios(seed: Checklist) -> None:
    scenarios = seed.sections[1].steps
    assert [(s.id, s.kind, s.number) for s in scenarios] == [
        (f"s{n}", StepKind.SCENARIO, str(n)) for n in range(1, 6)
    ]
    assert scenarios[0].title == "Перевірка статусу AMO CRM (до підключення)"
    assert scenarios[4].title == "Тестування завантаження leads"
    s1 = scenarios[0]
    assert s1.context == ["В мобільному додатку:"]
    assert s1.actions == [
        "Відкрийте CRM сторінку",
        'Перевірте, чи відображається статус "Не підключено" або "Підключено"',
        "Перевірте, чи немає помилок в консолі",
    ]
    assert s1.expected == ["Статус відображається коректно", "Немає помилок 404 або 500"]


def test_scenario_two_has_four_substeps(seed: Checklist) -> None:
    s2 = seed.step("s2")
    assert s2 is not None
    assert not s2.decidable
    assert [(c.id, c.kind, c.number, c.title) for c in s2.children] == [
        ("s2.k1", StepKind.SUBSTEP, "2.1", "Запуск авторизації"),
        ("s2.k2", StepKind.SUBSTEP, "2.2", "Авторизація в AMO CRM"),
        ("s2.k3", StepKind.SUBSTEP, "2.3", "Callback обробка"),
        ("s2.k4", StepKind.SUBSTEP, "2.4", "Обробка в мобільному додатку"),
    ]
    k3 = s2.children[2]
    assert (
        k3.actions[2] == "Backend перенаправляє на deep link `foryoure://amo-crm/callback?code=...`"
    )
    assert len(k3.expected) == 4
    assert k3.expected[-1] == "Мобільний додаток отримує callback"


def test_api_tests_pair_curl_with_expected_json(seed: Checklist) -> None:
    s3, s4 = seed.step("s3"), seed.step("s4")
    assert s3 is not None and s4 is not None
    [status] = s3.api_tests
    assert status.lang == "bash"
    assert status.curl == (
        "curl -X GET https://admin.foryou-realestate.com/api/amo-crm/status \\\n"
        '  -H "Authorization: Bearer <user_jwt_token>"'
    )
    assert json.loads(status.expected_json or "") == {
        "success": True,
        "data": {
            "connected": True,
            "hasTokens": True,
            "domain": "reforyou.amocrm.ru",
            "accountId": "31920194",
        },
    }
    [disconnect] = s4.api_tests
    assert disconnect.curl.startswith("curl -X POST https://admin.foryou-realestate.com/api/")
    assert json.loads(disconnect.expected_json or "") == {
        "success": True,
        "message": "AMO CRM disconnected",
    }
    assert sum(len(s.api_tests) for s in seed.steps()) == 2


def test_setup_step_holds_the_checked_items(seed: Checklist) -> None:
    [setup] = seed.sections[0].steps
    assert (setup.id, setup.kind, setup.title) == ("setup", StepKind.SETUP, "Що налаштовано")
    assert [(i.id, i.checked_in_source) for i in setup.review_items] == [
        ("setup.1", True),
        ("setup.2", True),
    ]
    assert setup.review_items[0].text == (
        "Redirect URI в AMO CRM: `https://admin.foryou-realestate.com/api/amo-crm/callback`"
    )


def test_three_review_groups(seed: Checklist) -> None:
    groups = seed.sections[2].steps
    assert [(g.id, g.kind, len(g.review_items)) for g in groups] == [
        ("review.perevirka-callback-endpoint", StepKind.REVIEW, 4),
        ("review.perevirka-exchange-code-endpoint", StepKind.REVIEW, 5),
        ("review.perevirka-zberezhennia-tokeniv", StepKind.REVIEW, 4),
    ]
    callback = groups[0]
    assert callback.title == "Перевірка callback endpoint"
    assert callback.file == "admin-panel-backend/src/routes/amo-crm.routes.ts"
    assert callback.context == ["Перевірте, що endpoint:"]
    assert callback.review_items[0].id == "review.perevirka-callback-endpoint.1"
    assert callback.review_items[0].text == "Приймає `code` та `state` з query параметрів"
    assert not any(i.checked_in_source for g in groups for i in g.review_items)
    assert callback.notes == [
        "Якщо `res.redirect()` не працює з deep links, використайте HTML сторінку з "
        "JavaScript redirect (див. `AMO_CRM_CALLBACK_REDIRECT_FIX.md`)"
    ]
    assert groups[2].file == "admin-panel-backend/src/services/amo-crm.service.ts"


def test_four_problems(seed: Checklist) -> None:
    assert [(p.id, p.number) for p in seed.problems] == [(f"problem.{n}", n) for n in (1, 2, 3, 4)]
    first = seed.problems[0]
    assert first.title == "Callback не перенаправляє на deep link"
    assert first.symptoms == [
        "Після авторизації в AMO CRM користувач залишається на сторінці backend",
        "Мобільний додаток не отримує callback",
    ]
    assert first.solutions == [
        "Використайте HTML сторінку з JavaScript redirect замість `res.redirect()`",
        "Див. `AMO_CRM_CALLBACK_REDIRECT_FIX.md`",
    ]
    fourth = seed.problem(4)
    assert fourth is not None
    assert fourth.title == "401 на exchange-code endpoint"
    assert len(fourth.symptoms) == 2 and len(fourth.solutions) == 3
    assert seed.sections[3].steps == []


def test_six_criteria_without_checkmarks(seed: Checklist) -> None:
    assert [(c.id, c.number) for c in seed.criteria] == [(f"criterion.{n}", n) for n in range(1, 7)]
    assert seed.criteria[0].text == "OAuth flow працює від початку до кінця"
    assert seed.criteria[5].text == "Немає помилок в консолі"
    assert not any("✅" in c.text for c in seed.criteria)


def test_log_groups(seed: Checklist) -> None:
    logs = seed.sections[4].steps
    assert [(s.id, s.kind, s.title) for s in logs] == [
        ("logs.backend-lohy", StepKind.LOGS, "Backend логи"),
        ("logs.mobilnyi-dodatok-lohy", StepKind.LOGS, "Мобільний додаток логи"),
    ]
    assert logs[0].context == ["Перевірте логи backend при тестуванні:"]
    assert logs[0].actions[0] == "Отримання callback з `code`"
    assert len(logs[1].actions) == 3


def test_ids_are_unique_and_steps_decidable(seed: Checklist) -> None:
    ids = [s.id for s in seed.steps()]
    ids += [i.id for s in seed.steps() for i in s.review_items]
    ids += [p.id for p in seed.problems] + [c.id for c in seed.criteria]
    ids += [s.id for s in seed.sections]
    assert len(ids) == len(set(ids))
    assert [s.id for s in seed.decidable_steps()] == [
        "setup", "s1", "s2.k1", "s2.k2", "s2.k3", "s2.k4", "s3", "s4", "s5",
        "review.perevirka-callback-endpoint", "review.perevirka-exchange-code-endpoint",
        "review.perevirka-zberezhennia-tokeniv", "logs.backend-lohy", "logs.mobilnyi-dodatok-lohy",
    ]  # fmt: skip


def test_check_ids_point_at_existing_steps(seed: Checklist) -> None:
    from amogui.checks.registry import CHECKS

    for check in CHECKS:
        assert seed.step(check.step_id) is not None, check.id
        for number in check.problems:
            assert seed.problem(number) is not None, check.id


def test_exported_seed_parses_like_the_generated_raw_form(seed: Checklist) -> None:
    path = exported_seed()
    if path is None:
        pytest.skip(SKIP_NO_SEED)
    from amogui.checklist import load_checklist

    shared = load_checklist(path)
    assert shared.sha256 == seed.sha256
    assert [s.id for s in shared.steps()] == [s.id for s in seed.steps()]
    assert shared.repair == seed.repair


def test_bundled_and_raw_parse_alike(seed: Checklist) -> None:
    from amogui.checklist import BUNDLED_SOURCE, load_bundled

    bundled = load_bundled()
    assert bundled.source == BUNDLED_SOURCE
    assert bundled.repair is None
    assert bundled.sha256 != seed.sha256
    bundled.sha256 = seed.sha256
    bundled.source = seed.source
    bundled.repair = seed.repair
    assert bundled == seed
