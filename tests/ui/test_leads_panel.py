"""The Leads tab against a fake backend on httpx's MockTransport, on a qasync loop."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator

import httpx
import pytest
import qasync  # QT_API=pyside6 (conftest), and pytest-qt has loaded PySide6
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from amogui.backend.client import BackendClient
from amogui.settings.profiles import Profile
from amogui.ui.leads import LeadsPanel
from amogui.ui.leads_model import COLUMNS

PIPELINES = {
    "data": [
        {
            "id": 1,
            "name": "Продажі",
            "isMain": True,
            "stages": [
                {"id": 11, "pipelineId": 1, "name": "Нова", "sort": 1, "type": 0},
                {"id": 12, "pipelineId": 1, "name": "В роботі", "sort": 2, "type": 0},
                {"id": 13, "pipelineId": 1, "name": "Порожня", "sort": 3, "type": 0},
            ],
        }
    ],
    "count": 1,
}


class FakeBackend:
    """Pipelines and paged leads; pages after the first can be held back by a gate."""

    def __init__(self, total: int, limit: int = 100, empty_as_204: bool = False) -> None:
        self.total, self.limit, self.empty_as_204 = total, limit, empty_as_204
        self.gate: asyncio.Event | None = None
        self.pages_asked: list[int] = []

    def lead(self, i: int) -> dict[str, object]:
        stage = 11 if i % 3 else 12
        return {
            "id": i,
            "guestName": f"Гість {i}",
            "guestPhone": "+380500000000",
            "guestEmail": f"g{i}@example.test",
            "status": "NEW",
            "price": i * 10,
            "amoLeadId": 5000 + i,
            "pipelineId": 1,
            "stageId": stage,
            "responsibleUserId": None,
            "createdAt": "2026-01-01T00:00:00Z",
            "updatedAt": "2026-01-01T00:00:00Z",
        }

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/amo-crm/pipelines":
            return httpx.Response(200, json=PIPELINES)
        page = int(request.url.params.get("page", "1"))
        self.pages_asked.append(page)
        if page > 1 and self.gate is not None:
            await self.gate.wait()
        if self.total == 0 and self.empty_as_204:
            return httpx.Response(204)
        start = (page - 1) * self.limit
        items = [self.lead(i + 1) for i in range(start, min(start + self.limit, self.total))]
        body = {
            "data": items,
            "total": self.total,
            "page": page,
            "limit": self.limit,
            "totalPages": -(-self.total // self.limit),
        }
        return httpx.Response(200, content=json.dumps(body).encode(), headers=JSON)


JSON = {"content-type": "application/json"}


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    asyncio.set_event_loop(None)


def make_client(backend: FakeBackend) -> BackendClient:
    profile = Profile(name="test", base_url="http://backend.test", rate_limit=0, concurrency=4)
    return BackendClient(profile, transport=httpx.MockTransport(backend))


def run(loop: asyncio.AbstractEventLoop, qtbot: object, coro: object) -> asyncio.Future[None]:
    future = asyncio.ensure_future(coro, loop=loop)  # type: ignore[arg-type]
    qtbot.waitUntil(future.done, timeout=30_000)  # type: ignore[attr-defined]
    return future


def test_loads_every_page_and_fills_pickers(qtbot: object, loop: asyncio.AbstractEventLoop) -> None:
    backend = FakeBackend(total=1234)
    client = make_client(backend)
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    progress: list[int] = []
    panel.progress.valueChanged.connect(progress.append)
    run(loop, qtbot, panel.load(client, "jwt-token")).result()
    run(loop, qtbot, client.aclose())

    assert panel.model.rowCount() == 1234
    assert sorted(set(backend.pages_asked)) == list(range(1, 14))
    assert progress and max(progress) >= 13
    assert panel.progress.isHidden() and panel.cancel_button.isHidden()
    stages = [panel.stage_box.itemText(i) for i in range(panel.stage_box.count())]
    n = QLocale().toString(1234)  # the status line and pickers use the user's locale
    assert stages == [f"All stages ({n})", "Нова (823)", "В роботі (411)", "Порожня (0)"]
    assert panel.empty_stages() == ["13"]
    status = panel.status_label.text()
    assert status.startswith(f"Leads: {n}; loaded in ") and "1 stage(s) empty" in status


def test_stage_picker_and_search_filter_the_table(
    qtbot: object, loop: asyncio.AbstractEventLoop
) -> None:
    client = make_client(FakeBackend(total=300))
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    run(loop, qtbot, panel.load(client, "jwt-token"))
    run(loop, qtbot, client.aclose())

    assert panel.select_stage("12")
    assert panel.model.rowCount() == 100
    assert panel.select_stage("13")
    assert panel.model.rowCount() == 0
    assert not panel.select_stage("999")
    panel.stage_box.setCurrentIndex(0)
    panel.search_box.setText("гість 299")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)  # type: ignore[attr-defined]
    assert panel.model.lead_at(0).id == "299"  # type: ignore[union-attr]


def test_cancel_keeps_pages_already_loaded(qtbot: object, loop: asyncio.AbstractEventLoop) -> None:
    backend = FakeBackend(total=2000)
    backend.gate = asyncio.Event()
    client = make_client(backend)
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    future = asyncio.ensure_future(panel.load(client, "jwt-token"), loop=loop)
    qtbot.waitUntil(lambda: len(backend.pages_asked) >= 2)  # type: ignore[attr-defined]
    assert panel.is_loading() and panel.cancel_button.isVisible() is not None
    panel.cancel_button.click()
    backend.gate.set()
    qtbot.waitUntil(future.done, timeout=30_000)  # type: ignore[attr-defined]
    run(loop, qtbot, client.aclose())

    assert not panel.is_loading()
    assert panel.result is not None and panel.result.cancelled
    # Page 1 and the pages in flight when Cancel was pressed, never all 20.
    assert 100 <= panel.model.rowCount() < 2000
    assert len(set(backend.pages_asked)) < 20
    assert "cancelled" in panel.status_label.text()


@pytest.mark.parametrize("empty_as_204", [True, False])
def test_no_leads_at_all(
    qtbot: object, loop: asyncio.AbstractEventLoop, empty_as_204: bool
) -> None:
    client = make_client(FakeBackend(total=0, empty_as_204=empty_as_204))
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    run(loop, qtbot, panel.load(client, "jwt-token"))
    run(loop, qtbot, client.aclose())

    assert panel.model.rowCount() == 0
    assert panel.problems == []
    assert panel.empty_stages() == ["11", "12", "13"]
    assert "3 stage(s) empty" in panel.status_label.text()


def test_backend_errors_become_one_line_problems(
    qtbot: object, loop: asyncio.AbstractEventLoop
) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text="<html>oops</html>", headers={"content-type": "text/html"})

    profile = Profile(name="test", base_url="http://backend.test", rate_limit=0)
    client = BackendClient(profile, transport=httpx.MockTransport(broken))
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    run(loop, qtbot, panel.load(client, "jwt-token")).result()
    run(loop, qtbot, client.aclose())

    assert panel.model.rowCount() == 0
    assert len(panel.problems) == 2  # pipelines and leads page 1
    assert "problem" in panel.status_label.text()
    assert "\n" not in panel.status_label.text()


def test_load_button_follows_the_source(qtbot: object, loop: asyncio.AbstractEventLoop) -> None:
    backend = FakeBackend(total=50)
    client = make_client(backend)
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    assert not panel.reload_button.isEnabled()
    panel.set_source(client, "jwt-token")
    assert panel.reload_button.isEnabled()
    panel.reload_button.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 50 and not panel.is_loading())  # type: ignore[attr-defined]
    run(loop, qtbot, client.aclose())
    panel.set_source(None, None)
    assert not panel.reload_button.isEnabled()


class LoopbackServer:
    """The fake backend over real HTTP on 127.0.0.1, served by the GUI loop itself."""

    def __init__(self, backend: FakeBackend) -> None:
        self.backend = backend
        self.server: asyncio.Server | None = None
        self.url = ""

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            target = head.split(" ", 2)[1]
            reply = await self.backend(httpx.Request("GET", "http://x" + target))
            body = reply.content
            status = f"HTTP/1.1 {reply.status_code} X\r\n"
            headers = f"Content-Length: {len(body)}\r\nConnection: close\r\n"
            if body:
                headers += "Content-Type: application/json\r\n"
            writer.write(status.encode() + headers.encode() + b"\r\n" + body)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def test_pages_load_on_a_worker_thread_with_exchanges_recorded(
    qtbot: object, loop: asyncio.AbstractEventLoop
) -> None:
    backend = FakeBackend(total=950)
    server = LoopbackServer(backend)
    run(loop, qtbot, server.start())
    profile = Profile(name="test", base_url=server.url, rate_limit=0, concurrency=4)
    client = BackendClient(profile)  # httpx's own transport: paging goes to a thread
    seen_on: list[str] = []
    client.recorder.on_exchange = lambda _x: seen_on.append(threading.current_thread().name)
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    assert panel.in_thread(client)
    run(loop, qtbot, panel.load(client, "jwt-token")).result()
    qtbot.waitUntil(lambda: len(client.recorder.exchanges) == 11)  # type: ignore[attr-defined]
    run(loop, qtbot, client.aclose())
    run(loop, qtbot, server.stop())

    assert panel.model.rowCount() == 950
    assert panel.problems == []
    ids = [x.id for x in client.recorder.exchanges]
    assert len(set(ids)) == 11  # pipelines + 10 pages, numbered by one recorder
    # The recorder's callback always runs on the GUI thread.
    assert set(seen_on) == {threading.current_thread().name}


def test_cancel_reaches_the_worker_thread(qtbot: object, loop: asyncio.AbstractEventLoop) -> None:
    backend = FakeBackend(total=3000)
    backend.gate = asyncio.Event()
    server = LoopbackServer(backend)
    run(loop, qtbot, server.start())
    client = BackendClient(Profile(name="t", base_url=server.url, rate_limit=0, concurrency=2))
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    future = asyncio.ensure_future(panel.load(client, "jwt-token"), loop=loop)
    qtbot.waitUntil(lambda: len(backend.pages_asked) >= 2)  # type: ignore[attr-defined]
    panel.cancel()
    backend.gate.set()
    qtbot.waitUntil(future.done, timeout=30_000)  # type: ignore[attr-defined]
    run(loop, qtbot, client.aclose())
    run(loop, qtbot, server.stop())

    assert panel.result is not None and panel.result.cancelled
    assert 100 <= panel.model.rowCount() < 3000
    assert len(set(backend.pages_asked)) < 30


TWO_PIPELINES = {
    "success": True,
    "data": [
        {
            "id": 1,
            "name": "Продаж",
            "isMain": True,
            "stages": [
                {"id": 11, "pipelineId": 1, "name": "Нова", "sort": 10},
                {"id": 142, "pipelineId": 1, "name": "Успішно", "sort": 20},
            ],
        },
        {
            "id": 2,
            "name": "Оренда",
            "isMain": False,
            "stages": [
                {"id": 21, "pipelineId": 2, "name": "Нова", "sort": 10},
                {"id": 142, "pipelineId": 2, "name": "Успішно", "sort": 20},
            ],
        },
    ],
}


class TwoPipelines(FakeBackend):
    """300 leads: 100 per stage 11 and 21, and 50 in each pipeline's "won" stage 142."""

    pipelines_fail = False

    def lead(self, i: int) -> dict[str, object]:
        pipeline, stage = [(1, 11), (2, 21), (1, 142), (2, 142), (1, 11), (2, 21)][i % 6]
        return {**super().lead(i), "pipelineId": pipeline, "stageId": stage}

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/amo-crm/pipelines":
            if self.pipelines_fail:
                return httpx.Response(500, json={"message": "Internal error"})
            return httpx.Response(200, json=TWO_PIPELINES)
        return await super().__call__(request)


def test_stages_are_grouped_by_pipeline_and_the_count_follows_the_filter(
    qtbot: object, loop: asyncio.AbstractEventLoop
) -> None:
    client = make_client(TwoPipelines(total=300))
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    run(loop, qtbot, panel.load(client, "jwt-token")).result()
    run(loop, qtbot, client.aclose())

    items = [panel.stage_box.itemText(i) for i in range(panel.stage_box.count())]
    named = [text for text in items if text]  # separators between the pipelines are empty
    assert named == [
        "All stages (300)",
        "Продаж › Нова (100)",
        "Продаж › Успішно (50)",
        "Оренда › Нова (100)",
        "Оренда › Успішно (50)",
    ]
    assert panel.status_label.text().startswith("Leads: 300;")
    # "won" (142) of the second pipeline only, though both pipelines have a stage 142
    panel.stage_box.setCurrentIndex(items.index("Оренда › Успішно (50)"))
    assert panel.model.rowCount() == 50
    assert {panel.model.lead_at(r).pipeline_id for r in range(50)} == {"2"}  # type: ignore[union-attr]
    assert panel.status_label.text().startswith("Leads: 50 of 300;")
    panel.search_box.setText("гість 11")
    panel._apply_search()  # what the debounce timer does
    assert panel.status_label.text().startswith(f"Leads: {panel.model.rowCount()} of 300;")
    panel.pipeline_box.setCurrentIndex(1)  # one pipeline: its stages without the prefix
    stages = [panel.stage_box.itemText(i) for i in range(panel.stage_box.count())]
    assert stages == ["All stages (150)", "Нова (100)", "Успішно (50)"]


def test_failed_pipelines_show_stage_numbers_in_words(
    qtbot: object, loop: asyncio.AbstractEventLoop
) -> None:
    backend = TwoPipelines(total=60)
    backend.pipelines_fail = True
    client = make_client(backend)
    panel = LeadsPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    run(loop, qtbot, panel.load(client, "jwt-token")).result()
    run(loop, qtbot, client.aclose())

    assert panel.model.rowCount() == 60
    column = next(i for i, c in enumerate(COLUMNS) if c.attr == "stage")
    shown = {panel.model.index(r, column).data() for r in range(60)}
    assert shown == {"stage 11", "stage 21", "stage 142"}  # never a bare id
    status = panel.status_label.text()
    assert "the pipelines could not be loaded, so stages are shown by their number" in status
    assert panel.minimumSizeHint().width() < 800  # the long line wraps: a small window fits
