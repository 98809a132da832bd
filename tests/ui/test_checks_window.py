"""Checks, deep links and the request log in the window (no network beyond loopback)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from amogui.base.redact import REDACTOR
from amogui.checklist import load_bundled
from amogui.checks.verdicts import step_status
from amogui.run.exchange import Exchange
from amogui.run.state import Status
from amogui.run.store import RunStore
from amogui.service.service import Service
from amogui.settings.profiles import PRODUCTION_PROFILE, SANDBOX_PROFILE
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui import i18n
from amogui.ui.main_window import MainWindow
from tests.ui.conftest import wait
from tests.ui.translations_support import catalogues, translations

MakeWindow = Callable[..., MainWindow]
__all__ = ["catalogues", "translations"]  # fixtures used here


@pytest.fixture
def production(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Service]:
    session = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    wait(qtbot, loop, session.target.activate(PRODUCTION_PROFILE))
    yield session
    session.close()


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("https://evil.example/callback?code=1&state=2", "scheme"),
        ("foryoure://elsewhere/callback?code=1&state=2", ""),
        ("foryoure://amo-crm/callback?code=1&state=2#frag", "fragment"),
        ("", "empty"),
    ],
)
def test_pasted_malformed_link_is_rejected_without_a_request(
    make_window: MakeWindow, production: Service, link: str, reason: str
) -> None:
    window = make_window(service=production)
    dialog = window.connect_dialog
    dialog.paste_edit.setText(link)
    dialog.use_pasted()
    shown = dialog.paste_result.text()
    assert shown.startswith("Rejected: ")
    assert reason in shown
    assert window.checks.inbox.received == []  # nothing reached the flow
    assert window.run.exchanges == []  # and no request was made
    assert window.run.timeline[-1].kind == "deeplink-rejected"


def test_link_from_ipc_is_validated_too(make_window: MakeWindow, production: Service) -> None:
    window = make_window(service=production)
    window.deliver_deeplink("javascript:alert(1)", "ipc")
    assert "refused (ipc)" in window.message_bar.text()
    assert window.checks.inbox.received == []
    flow = production.flows.start(production.target.profile)  # as Ctrl+K does
    window.deliver_deeplink(f"foryoure://amo-crm/callback?code=abc&state={flow.state}", "ipc")
    assert [d.via for d in window.checks.inbox.received] == ["ipc"]


def test_a_link_for_another_run_is_left_alone_without_an_alarm(
    make_window: MakeWindow, production: Service
) -> None:
    window = make_window(service=production)
    production.flows.start(production.target.profile)  # this window waits for its own link
    window.deliver_deeplink("foryoure://amo-crm/callback?code=abc&state=not-ours", "ipc")
    assert "a deep link for another amogui run" in window.statusBar().currentMessage().lower()
    assert window.message_bar.text() == ""  # no alarm
    assert window.checks.inbox.received == [] and window.run.exchanges == []
    # A state-less error link while a flow of ours waits is ours to judge.
    window.deliver_deeplink("foryoure://amo-crm/callback?error=access_denied", "ipc")
    assert [d.via for d in window.checks.inbox.received] == ["ipc"]


def test_pasted_link_of_another_flow_says_state_mismatch_and_the_wait_goes_on(
    make_window: MakeWindow, production: Service
) -> None:
    from amogui.backend.client import BackendClient
    from amogui.checks.context import RunContext
    from amogui.oauth.authorize import FlowRegistry

    window = make_window(service=production)
    profile = production.target.profile
    registry = FlowRegistry()
    flow = registry.start(profile)
    ctx = RunContext(profile=profile, client=BackendClient(profile), run=window.run)
    ctx.registry, ctx.leg.state = registry, flow.state
    production._context = ctx  # checks are running and wait for this flow's deep link
    dialog = window.connect_dialog
    dialog.paste_edit.setText("foryoure://amo-crm/callback?code=abc&state=someone-elses")
    dialog.use_pasted()
    shown = dialog.paste_result.text()
    assert shown.startswith("Rejected: state mismatch: ")
    assert "Проблема" not in shown and "problem" not in shown.lower()
    assert window.checks.inbox.received == []  # not used up: the wait goes on
    assert window.run.timeline[-1].kind == "deeplink-rejected"
    dialog.paste_edit.setText(f"foryoure://amo-crm/callback?code=abc&state={flow.state}")
    dialog.use_pasted()
    assert dialog.paste_result.text().startswith("Accepted")
    assert [d.via for d in window.checks.inbox.received] == ["paste"]
    production._context = None


def test_no_target_means_no_run(make_window: MakeWindow, qtbot: Any, loop: Any) -> None:
    window = make_window()  # no session at all
    assert wait(qtbot, loop, window.checks.run(None)) == {}
    assert "No target" in window.message_bar.text()


def test_log_panel_copies_redacted_and_real_curl(
    make_window: MakeWindow, production: Service
) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2VjcmV0LXNpZ25hdHVyZQ"
    REDACTOR.add_secret(token)
    production.target.set_token("A", token)
    window = make_window(service=production)
    headers = REDACTOR.headers([("Authorization", f"Bearer {token}")])
    window.add_exchange(
        Exchange(
            id="x0001",
            check_id="status.before",
            method="GET",
            url="https://admin.foryou-realestate.com/api/amo-crm/status",
            started_at="2026-01-01T00:00:00Z",
            status=200,
            request_headers=headers,
            response_body='{"success":true}',
        )
    )
    assert not window.log_panel.isHidden()
    assert window.log_panel.select("x0001")
    assert '"success": true' in window.log_panel.detail.toPlainText()
    redacted = window.log_panel.curl_text()
    assert redacted is not None and token not in redacted
    real = window.log_panel.curl_text(real_token=True)
    assert real is not None and token in real


def test_api_test_from_a_step_against_the_sandbox(
    make_window: MakeWindow, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    session = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    try:
        assert wait(qtbot, loop, session.target.activate(SANDBOX_PROFILE))
        window = make_window(load_bundled(), service=session)
        # s4 (disconnect) answers as the checklist expects whether or not A is connected.
        step = window.checklist.step("s4")
        assert step is not None and step.api_tests
        window.select_step("s4")
        assert window.tabs.tabText(1) == "Leads"
        assert window.leads_panel.reload_button.isEnabled()  # pointed at the sandbox
        outcome = wait(qtbot, loop, window.checks.run_api_test("s4", 0))
        assert outcome is not None
        assert outcome.status is Status.PASSED, outcome.summary
        assert outcome.evidence and window.run.exchange(outcome.evidence[0]) is not None
        # The API test shows the answer; the step's verdict waits for its checks or the tester.
        assert step_status(window.run, "s4") is Status.NOT_RUN
        shown = "\n".join(w.text() for w in _labels(window))
        assert "api-test:s4" in shown
        assert "message" in shown and "AMO CRM disconnected" in shown  # side by side
    finally:
        wait(qtbot, loop, session.target.stop_sandbox())


def _labels(window: MainWindow) -> list[Any]:
    from PySide6.QtWidgets import QLabel

    body = window.panel.widget()
    assert body is not None
    return list(body.findChildren(QLabel))


def test_expired_token_is_warned_about_before_a_run(
    make_window: MakeWindow, production: Service
) -> None:
    from tests.ui.test_settings_dialog import make_jwt

    production.target.set_token("A", make_jwt(email="old@example.test", exp_in=-3600))
    window = make_window(service=production)
    window.checks._warn_expired()
    assert window.message_bar.level == "warning"
    assert "User A" in window.message_bar.text()
    assert "expired" in window.message_bar.text()


def test_connect_dialog_shows_url_checks_and_countdown(
    make_window: MakeWindow, production: Service
) -> None:
    window = make_window(service=production)
    dialog = window.connect_dialog
    from amogui.checks.events import CheckStarted, LegEvent

    url = "https://www.amocrm.ru/oauth?client_id=abc&state=s1"
    dialog.on_progress(LegEvent("authorize-url", f"Authorize URL {url}", url=url))
    assert "\u2714 client_id" in dialog.params_label.text()
    assert "\u2718 mode" in dialog.params_label.text()  # missing: shown as a failure
    dialog.on_progress(LegEvent("browser-opened", "the authorize URL was opened in the browser"))
    assert dialog.isVisible()
    assert dialog.countdown.text() == "Waiting for the deep link: 5:00 left"
    dialog._tick()
    assert dialog.countdown.text() == "Waiting for the deep link: 4:59 left"
    dialog.on_progress(CheckStarted("oauth.deeplink"))  # not a hop of the leg: not listed
    link = "foryoure://amo-crm/callback?code=[REDACTED]"
    dialog.on_progress(LegEvent("deeplink-received", f"Deep link {link}", "paste"))
    assert dialog.countdown.text() == "Deep link received."
    assert dialog.timeline.count() == 3


def panel_text(window: MainWindow) -> str:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QLabel

    # The blocks a rebuild replaced are deleted later: let that happen first.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return "\n".join(label.text() for label in window.panel.findChildren(QLabel))


def test_amogui_own_note_is_marked_as_not_the_checklists(
    make_window: MakeWindow, translations: i18n.Translations
) -> None:
    from amogui.checks.diagnose import diagnose
    from amogui.run.state import CheckResult

    window = make_window(load_bundled())
    assert window.select_step("s5")
    note = diagnose(window.checklist, "leads-stage-filter")
    window.apply_check_result(
        CheckResult(
            "leads.filter", "s5", Status.FAILED, "stage 'A' returned 3 of 5", diagnosis=note
        )
    )
    text = panel_text(window)
    assert "amogui's note</b>, not in the checklist" in text
    assert "The leads list does not apply the stage filter" in text
    translations.apply("uk")
    window.panel.update_checks()
    text = panel_text(window)
    assert "Примітка amogui" in text and "не застосовує фільтр за етапом" in text
    assert "The leads list does not apply" not in text
