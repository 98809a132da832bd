"""The request log: where the tester left it, following the newest entry, filters,
colours decided by the check's expectation, evidence links, the real-token copy that asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from amogui.base.redact import REDACTOR
from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Status
from amogui.ui.log_panel import BAD, EXPECTED, PLAIN, LogPanel, detail_text, exchange_tone
from amogui.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2VjcmV0LXNpZ25hdHVyZQ"


def exchange(
    n: int, status: int | None = 200, check: str | None = "status.before", body: str = ""
) -> Exchange:
    return Exchange(
        id=f"x{n:04d}",
        check_id=check,
        method="GET",
        url=f"http://127.0.0.1:4000/api/amo-crm/status?n={n}",
        started_at="2026-01-01T00:00:00Z",
        status=status,
        request_headers=REDACTOR.headers([("Authorization", f"Bearer {TOKEN}")]),
        response_body=body or '{"success":true,"data":{"connected":false}}',
        error=None if status else "Connection refused",
    )


def panel(qtbot: Any) -> LogPanel:
    made = LogPanel(lambda: TOKEN)
    qtbot.addWidget(made)
    return made


def test_the_log_never_opens_itself(make_window: MakeWindow) -> None:
    window = make_window()
    window.show()
    window.log_panel.hide()
    window.add_exchange(exchange(1))
    assert window.log_panel.isHidden()  # hidden it stays
    window.toggle_log()
    window.add_exchange(exchange(2))
    assert not window.log_panel.isHidden()  # and shown it stays too


def test_it_follows_the_newest_entry_unless_scrolled_up(qtbot: Any) -> None:
    log = panel(qtbot)
    log.resize(700, 200)
    log.show()
    qtbot.waitExposed(log)
    for n in range(1, 60):
        log.add_exchange(exchange(n))
    bar = log.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    bar.setValue(0)  # the tester scrolls up to read an old one
    log.add_exchange(exchange(60))
    assert bar.value() == 0
    bar.setValue(bar.maximum())  # back at the bottom: following again
    log.add_exchange(exchange(61))
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())


def test_filters_by_check_status_and_text(qtbot: Any) -> None:
    log = panel(qtbot)
    log.set_exchanges(
        [
            exchange(1),
            exchange(2, 401, "exchange.auth"),
            exchange(3, 500, "leads.load"),
            exchange(4, None, "leads.load"),
            exchange(5, 200, None, body='{"leads": [{"guestName": "Олена"}]}'),
        ]
    )
    assert log.proxy.rowCount() == 5
    log.check_box.setCurrentIndex(log.check_box.findData("leads.load"))
    assert log.proxy.rowCount() == 2
    log.status_box.setCurrentIndex(log.status_box.findData("5xx"))
    assert log.proxy.rowCount() == 1
    assert log.count_label.text().startswith("1 of 5")
    log.clear_filters()
    log.search_edit.setText("олена")
    log._apply_filter()  # what the debounce timer does
    assert log.proxy.rowCount() == 1 and log.current() is None
    log.clear_filters()
    log.check_box.setCurrentIndex(log.check_box.count() - 1)  # requests no check made
    assert log.proxy.rowCount() == 1
    log.clear_filters()
    log.status_box.setCurrentIndex(log.status_box.findData("none"))
    assert log.proxy.rowCount() == 1


def test_a_status_the_check_expected_is_not_an_error(qtbot: Any) -> None:
    refused = exchange(2, 401, "exchange.auth")
    assert exchange_tone(refused, {}) == BAD  # no verdict yet: a 401 looks bad
    passed = CheckResult("exchange.auth", "s2.k4", Status.PASSED, "401", evidence=["x0002"])
    assert exchange_tone(refused, {"exchange.auth": passed}) == EXPECTED
    failed = CheckResult("exchange.auth", "s2.k4", Status.FAILED, "200", evidence=["x0002"])
    assert exchange_tone(refused, {"exchange.auth": failed}) == BAD
    assert exchange_tone(exchange(1), {}) == PLAIN
    assert exchange_tone(exchange(3, None), {"status.before": passed}) == BAD

    log = panel(qtbot)
    log.set_exchanges([exchange(1), refused])
    bad = log.model.item(1, 0).foreground().color()
    log.results = {"exchange.auth": passed}  # the run's results, as the window holds them
    log.result_recorded(passed)
    assert log.model.item(1, 0).foreground().color() != bad
    assert "as exchange.auth expected" in log.model.item(1, 3).toolTip()
    log.status_box.setCurrentIndex(log.status_box.findData("unexpected"))
    assert log.proxy.rowCount() == 0


def test_bodies_are_shown_as_json() -> None:
    x = exchange(1, body='{"data":{"connected":true,"domain":null}}')
    shown = detail_text(x)
    assert '"connected": true' in shown and '"domain": null' in shown


def test_an_evidence_id_opens_the_log_at_that_entry(make_window: MakeWindow) -> None:
    window = make_window()
    window.show()
    for n in range(1, 4):
        window.add_exchange(exchange(n))
    window.log_panel.hide()
    window.log_panel.check_box.setCurrentIndex(window.log_panel.check_box.count() - 1)
    window.open_link("exchange:x0002")
    assert not window.log_panel.isHidden()
    current = window.log_panel.current()
    assert current is not None and current.id == "x0002"  # the filter that hid it is cleared


def test_the_real_token_copy_asks_first_and_says_what_it_copies(qtbot: Any) -> None:
    log = panel(qtbot)
    log.set_exchanges([exchange(1)])
    log.select("x0001")
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    box = log.ask_copy_real()
    assert box is not None and box.isVisible()
    assert "real token" in box.text() and "GET" in box.text()
    assert clipboard.text() == "before"  # nothing yet
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert clipboard.text() == "before"
    box = log.ask_copy_real()
    assert box is not None
    copy = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    copy.click()
    assert TOKEN in clipboard.text()
    log.copy_curl()  # the plain copy stays redacted
    assert TOKEN not in clipboard.text()


def test_docked_beside_the_checklist_the_detail_goes_under_the_requests(
    make_window: MakeWindow, qtbot: Any
) -> None:
    from PySide6.QtCore import Qt

    window = make_window()
    window.resize(1024, 640)
    window.show()
    window.toggle_log()
    log = window.log_panel
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, log)  # the tester moves it
    qtbot.waitUntil(lambda: log.split.orientation() == Qt.Orientation.Vertical)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, log)
    qtbot.waitUntil(lambda: log.split.orientation() == Qt.Orientation.Horizontal)
