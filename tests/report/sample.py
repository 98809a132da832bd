"""A realistic checklist and run, built by hand (the parser lands separately).

The run's exchanges carry known secrets in every place a real one travels (headers,
URLs, JSON bodies, deep links); the secrets are registered with the redactor and the
exchanges are recorded through it, as the real HTTP client does.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from urllib.parse import quote

from amogui.base.redact import REDACTOR
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
from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Diagnosis, Run, Status, Tester, TimelineEvent


@dataclass(frozen=True)
class Secrets:
    jwt_a: str = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImExYjJjM2Q0IiwiZW1haWwiOiJhQGZvcnlvdS50ZXN0"
        "Iiwicm9sZSI6IkFETUlOIn0.q7mK1d0Yc7v4cV6n8y2pR0xW5tQe9LhB3sZ1uA4jF8g"
    )
    jwt_b: str = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImU1ZjZnN2g4IiwiZW1haWwiOiJiQGZvcnlvdS50ZXN0"
        "Iiwicm9sZSI6IkJST0tFUiJ9.Zx3vB7nM2kQ9wE4rT6yU8iO0pA1sD5fG7hJ9kL2zX4c"
    )
    code: str = "def50200a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccdd"
    access_token: str = "at-9Qm3Xr7Kp2Lw8Vn4Tz6Bc1Hd5Jf0Gs"
    refresh_token: str = "rt-4Nb8Mv2Cx6Zq1Wa9Se3Rd7Tf5Yg0Uh"
    password: str = "Pa55-word-for-user-A!"
    client_secret: str = "cs-Hk3Lm9Pq2Rs7Tu4Vw8Xy1Za6Bc5De0"

    def all(self) -> list[str]:
        return [
            self.jwt_a,
            self.jwt_b,
            self.code,
            self.access_token,
            self.refresh_token,
            self.password,
            self.client_secret,
        ]

    def forms(self) -> set[str]:
        """Every form a test looks for: raw, URL-encoded and base64 (padded or not)."""
        out: set[str] = set()
        for s in self.all():
            raw = s.encode()
            out |= {s, quote(s, safe=""), base64.b64encode(raw).decode().rstrip("=")}
            out.add(base64.urlsafe_b64encode(raw).decode().rstrip("="))
        return out


SECRETS = Secrets()


def register_secrets() -> None:
    for s in SECRETS.all():
        REDACTOR.add_secret(s)


def step(sid: str, kind: StepKind, title: str, number: str | None = None, **kw: object) -> Step:
    return Step(id=sid, kind=kind, title=title, number=number, **kw)  # type: ignore[arg-type]


def sample_checklist() -> Checklist:
    scenario2 = step(
        "s2",
        StepKind.SCENARIO,
        "Тестування OAuth flow (підключення AMO CRM)",
        "2",
        children=[
            step(
                "s2.k1",
                StepKind.SUBSTEP,
                "Ініціація OAuth",
                "2.1",
                expected=["Відкривається браузер з формою авторизації AMO CRM"],
            ),
            step(
                "s2.k2",
                StepKind.SUBSTEP,
                "Авторизація в AMO CRM",
                "2.2",
                expected=["Сторінка згоди показує назву інтеграції"],
            ),
            step(
                "s2.k3",
                StepKind.SUBSTEP,
                "Callback обробка",
                "2.3",
                expected=[
                    "Backend перенаправляє на foryoure://amo-crm/callback?code=...&state=..."
                ],
            ),
            step(
                "s2.k4",
                StepKind.SUBSTEP,
                "Обмін коду на токени",
                "2.4",
                expected=["POST /api/amo-crm/exchange-code повертає success: true"],
                api_tests=[ApiTest(curl='curl -X POST .../exchange-code -d \'{"code":"..."}\'')],
            ),
        ],
    )
    steps = [
        step(
            "s1",
            StepKind.SCENARIO,
            "Перевірка статусу AMO CRM (до підключення)",
            "1",
            expected=["Статус: connected: false", "Немає помилок 404 або 500"],
        ),
        scenario2,
        step(
            "s3",
            StepKind.SCENARIO,
            "Перевірка статусу AMO CRM (після підключення)",
            "3",
            expected=["connected: true", "hasTokens: true", "domain: reforyou.amocrm.ru"],
        ),
        step(
            "s4",
            StepKind.SCENARIO,
            "Тестування відключення AMO CRM",
            "4",
            expected=["Статус змінюється на connected: false"],
        ),
        step(
            "s5",
            StepKind.SCENARIO,
            "Тестування завантаження leads",
            "5",
            expected=["Leads завантажуються", "Фільтри по стадіях працюють"],
        ),
    ]
    review = step(
        "review.callback",
        StepKind.REVIEW,
        "Перевірка callback endpoint",
        file="admin-panel-backend/src/routes/amo-crm.routes.ts",
        review_items=[
            ReviewItem("review.callback.1", "Callback перенаправляє на deep link"),
            ReviewItem("review.callback.2", "Code і state передаються в deep link"),
        ],
    )
    return Checklist(
        title="✅ Чеклист тестування AMO CRM після налаштування URL",
        sections=[
            Section("testing", "📋 Кроки тестування", steps=steps),
            Section("backend", "🔍 Що перевірити в backend", steps=[review]),
        ],
        problems=[
            Problem(
                "problem.1",
                1,
                "Callback не перенаправляє на deep link",
                ["Браузер показує JSON"],
                ["Перевірити redirect у callback"],
            ),
            Problem(
                "problem.2",
                2,
                "Токени зберігаються глобально (не для користувача)",
                ["Всі користувачі бачать connected: true"],
                ["Зберігати user_id"],
            ),
        ],
        criteria=[
            Criterion("criterion.1", 1, "OAuth flow працює від початку до кінця"),
            Criterion("criterion.2", 2, "Токени зберігаються для конкретного користувача"),
            Criterion("criterion.3", 3, "Статус AMO CRM оновлюється коректно"),
            Criterion("criterion.4", 4, "Відключення AMO CRM працює"),
            Criterion("criterion.5", 5, "Leads завантажуються після підключення"),
            Criterion("criterion.6", 6, "Немає помилок в консолі"),
        ],
        sha256="3f" * 32,
        source="bundled:amo-crm-testing-checklist.uk.md",
    )


def _exchange(
    n: int, check: str, method: str, url: str, status: int | None, **kw: object
) -> Exchange:
    """Record an exchange the way the HTTP client does: through the redactor."""
    req_headers = [("Authorization", f"Bearer {SECRETS.jwt_a}"), ("Accept", "application/json")]
    resp_headers = [("Content-Type", "application/json; charset=utf-8")]
    if "location" in kw:
        resp_headers.append(("Location", str(kw.pop("location"))))
    req_body = str(kw.pop("request_body", ""))
    resp_body = str(kw.pop("response_body", ""))
    return Exchange(
        id=f"x{n:04d}",
        check_id=check,
        method=method,
        url=REDACTOR.url(url),
        started_at=f"2026-11-27T09:{10 + n // 60:02d}:{n % 60:02d}.000+00:00",
        duration_ms=12.5 + n,
        status=status,
        request_headers=REDACTOR.headers(req_headers),
        request_body=REDACTOR.body(req_body, "application/json"),
        response_headers=REDACTOR.headers(resp_headers),
        response_body=REDACTOR.body(resp_body, "application/json"),
        response_size=len(resp_body),
        error=kw.pop("error", None),  # type: ignore[arg-type]
    )


def sample_exchanges(base: str, leads_pages: int = 3) -> list[Exchange]:
    s = SECRETS
    xs = [
        _exchange(
            1,
            "status.before",
            "GET",
            f"{base}/api/amo-crm/status",
            200,
            response_body=json.dumps({"success": True, "data": {"connected": False}}),
        ),
        _exchange(
            2,
            "oauth.callback",
            "GET",
            f"{base}/api/amo-crm/callback?code={s.code}&state=st-123&referer=reforyou.amocrm.ru",
            302,
            location=f"foryoure://amo-crm/callback?code={s.code}&state=st-123",
        ),
        _exchange(
            3,
            "exchange.code",
            "POST",
            f"{base}/api/amo-crm/exchange-code",
            200,
            request_body=json.dumps({"code": s.code}),
            response_body=json.dumps(
                {"success": True, "message": "AMO CRM successfully connected", "data": None}
            ),
        ),
        _exchange(
            4,
            "exchange.auth",
            "POST",
            f"{base}/api/amo-crm/exchange-code",
            403,
            request_body=json.dumps({"code": s.code}),
            response_body=json.dumps({"message": "Invalid token: jwt expired"}),
        ),
        _exchange(
            5,
            "status.after",
            "GET",
            f"{base}/api/amo-crm/status",
            200,
            response_body=json.dumps(
                {
                    "success": True,
                    "data": {
                        "connected": True,
                        "hasTokens": True,
                        "domain": "reforyou.amocrm.ru",
                        "accountId": "31920194",
                        "accessToken": s.access_token,
                        "refresh_token": s.refresh_token,
                    },
                }
            ),
        ),
        _exchange(
            6,
            "isolation.user-b",
            "GET",
            f"{base}/api/amo-crm/status",
            200,
            response_body=json.dumps({"success": True, "data": {"connected": True}}),
        ),
        _exchange(
            7,
            None,
            "POST",
            f"{base}/api/auth/login",
            200,  # type: ignore[arg-type]
            request_body=json.dumps({"email": "a@foryou.test", "password": s.password}),
            response_body=json.dumps({"success": True, "data": {"token": s.jwt_a}}),
        ),
        _exchange(
            8,
            "disconnect",
            "POST",
            f"{base}/api/amo-crm/disconnect",
            None,
            error="the backend did not answer within 20 seconds",
        ),
    ]
    for page in range(1, leads_pages + 1):
        leads = [
            {
                "id": f"lead-{page}-{i}",
                "guestName": f"Гість {page}.{i}",
                "status": "NEW",
                "price": 1000 * i,
                "amoLeadId": 100000 + i,
                "pipelineId": 1,
                "stageId": 142,
            }
            for i in range(12)
        ]
        xs.append(
            _exchange(
                8 + page,
                "leads.load",
                "GET",
                f"{base}/api/v1/leads?page={page}&limit=100",
                200,
                response_body=json.dumps(
                    {
                        "data": leads,
                        "total": 12 * leads_pages,
                        "page": page,
                        "totalPages": leads_pages,
                    },
                    ensure_ascii=False,
                ),
            )
        )
    return xs


def _check(
    cid: str, step_id: str, status: Status, summary: str, evidence: list[str], **kw: object
) -> CheckResult:
    return CheckResult(
        check_id=cid,
        step_id=step_id,
        status=status,
        summary=summary,
        evidence=evidence,
        duration_ms=42.0,
        **kw,
    )  # type: ignore[arg-type]


def sample_run(leads_pages: int = 3, base: str = "http://127.0.0.1:8765") -> Run:
    register_secrets()
    s = SECRETS
    run = Run(
        run_id="r0a1b2c3d4e5",
        checklist_name="✅ Чеклист тестування AMO CRM після налаштування URL",
        checklist_sha256="3f" * 32,
        profile="Local sandbox",
        base_url=base,
        tester=Tester("Олена Тестер", "tester@example.com", "QA engineer"),
        started_at="2026-11-27T09:10:00.000+00:00",
        finished_at="2026-11-27T09:24:31.500+00:00",
    )
    run.exchanges = sample_exchanges(base, leads_pages)
    ok, failed, blocked = Status.PASSED, Status.FAILED, Status.BLOCKED
    for result in [
        _check(
            "status.before",
            "s1",
            ok,
            "status answered 200, connected: false",
            ["x0001"],
            expected="200 {connected:false}",
            actual="200 {connected:false}",
        ),
        _check("oauth.authorize-url", "s2.k1", ok, "client_id, state and mode are present", []),
        _check(
            "oauth.callback",
            "s2.k3",
            ok,
            "302 to the deep link with code and state",
            ["x0002"],
            variation="state is not checked by the backend",
        ),
        _check("oauth.deeplink", "s2.k3", ok, "deep link arrived through the OS handler (ipc)", []),
        _check("exchange.code", "s2.k4", ok, "exchange-code answered success", ["x0003"]),
        _check(
            "exchange.auth",
            "s2.k4",
            ok,
            "no JWT: 401; bad JWT: 403",
            ["x0004"],
            variation="a bad JWT gives 403 where the checklist expects 401",
        ),
        _check(
            "status.after",
            "s3",
            ok,
            "connected, hasTokens, domain and accountId present",
            ["x0005"],
            actual=f"connected with token {s.access_token}",
        ),
        _check(
            "isolation.user-b",
            "s3",
            failed,
            "user B sees user A's connection",
            ["x0006"],
            expected="connected: false for user B",
            actual="connected: true for user B",
            diagnosis=Diagnosis(
                "problem.2",
                "Токени зберігаються глобально (не для користувача)",
                ["Всі користувачі бачать connected: true"],
                ["Зберігати user_id"],
            ),
        ),
        _check(
            "leads.load",
            "s5",
            ok,
            f"{12 * leads_pages} leads on {leads_pages} pages",
            [f"x{8 + p:04d}" for p in range(1, leads_pages + 1)],
        ),
        _check("leads.filter", "s5", ok, "every stage filter returned only its stage", []),
        _check("disconnect", "s4", blocked, "disconnect did not answer", ["x0008"]),
        _check("status.after-disconnect", "s4", blocked, "blocked by disconnect", []),
        _check("callback.errors", "s2.k3", ok, "no code: error deep link; never 404", []),
    ]:
        run.add_check(result)
    run.set_manual("s2.k2", Status.PASSED)
    run.record("s2.k2").actual = "Consent page showed 'ForYou CRM' and the account picker"
    run.record("s2.k2").note = f"Code seen in the address bar: {s.code}"
    run.record("review.callback").review = {"review.callback.1": True}
    run.timeline = [
        TimelineEvent(
            "2026-11-27T09:11:00.000+00:00",
            "authorize-url",
            "https://www.amocrm.ru/oauth?client_id=2912780f&state=st-123&mode=popup",
        ),
        TimelineEvent("2026-11-27T09:11:01.000+00:00", "browser-opened", "xdg-open", "system"),
        TimelineEvent(
            "2026-11-27T09:11:40.000+00:00",
            "callback",
            REDACTOR.text(f"302 Location: foryoure://amo-crm/callback?code={s.code}&state=st-123"),
            "302",
        ),
        TimelineEvent(
            "2026-11-27T09:11:41.000+00:00",
            "deeplink",
            REDACTOR.url(f"foryoure://amo-crm/callback?code={s.code}&state=st-123"),
            "ipc",
        ),
    ]
    run.attachments = [{"name": "consent-page.png", "sha256": "ab" * 32, "path": "/tmp/x.png"}]
    run.environment = {"browser": "chromium 131 (xdg-open)", "handler": "registered (xdg-mime)"}
    return run


def long_run() -> Run:
    """A run with many leads pages, so the PDF spans many pages."""
    return sample_run(leads_pages=25)


def hostile_run() -> Run:
    """The sample run with a check whose words are markup and control characters."""
    run = sample_run()
    run.add_check(
        CheckResult(
            "status.before",
            "s1",
            Status.FAILED,
            '<script>alert(1)</script><img src="https://evil.example/x.png">',
            actual="\x00\x1b[31mred\x07",
        )
    )
    return run
