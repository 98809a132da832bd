"""The client's limits per host, observed where they matter: at a loopback server.

The in-flight bound is read off the server (requests it holds unanswered); the politeness
budget runs on a clock the test moves by hand, so what arrives when is exact, not timed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from amogui.backend.client import (
    HOST_GATES,
    MAX_429_RETRIES,
    BackendClient,
    HostGates,
    Recorder,
    Reply,
    retry_after,
)
from amogui.settings.profiles import Profile
from tests.backend.loopback import FakeClock, Loopback, Request, answer, serving, until


def profile(url: str, **fields: Any) -> Profile:
    return Profile(name="t", base_url=url, **{"rate_limit": 0.0, **fields})


def test_no_more_requests_in_flight_per_host_than_the_profile_allows() -> None:
    async def scenario() -> tuple[Loopback, list[Reply]]:
        release = asyncio.Queue[None]()

        async def held(request: Request, writer: asyncio.StreamWriter) -> None:
            await release.get()
            await answer(writer, body=b'{"ok": true}')

        async with (
            serving(held) as server,
            BackendClient(profile(server.url, concurrency=3)) as client,
        ):
            tasks = [asyncio.create_task(client.get(f"/r{n}")) for n in range(8)]
            gate = client.host_gate(server.url)
            # Three held at the server, five waiting in the client: nothing else can
            # arrive until one is answered.
            await until(lambda: server.pending == 3 and gate.waiting == 5)
            assert len(server.requests) == 3
            for answered in range(1, 6):
                release.put_nowait(None)
                await until(lambda n=answered: len(server.requests) == 3 + n)
                assert server.pending == 3
            for _ in range(3):
                release.put_nowait(None)
            replies = await asyncio.gather(*tasks)
        return server, list(replies)

    server, replies = asyncio.run(scenario())
    assert all(r.ok for r in replies)
    assert server.peak == 3 and len(server.requests) == 8


def test_one_host_does_not_use_up_another_hosts_slots() -> None:
    async def scenario() -> list[Reply]:
        hold = asyncio.Event()

        async def held(request: Request, writer: asyncio.StreamWriter) -> None:
            await hold.wait()
            await answer(writer)

        async def quick(request: Request, writer: asyncio.StreamWriter) -> None:
            await answer(writer)

        async with (
            serving(held) as slow,
            serving(quick) as fast,
            BackendClient(profile(slow.url, concurrency=1)) as client,
        ):
            stuck = asyncio.create_task(client.get("/wait"))
            await until(lambda: slow.pending == 1)
            other = await client.get(f"{fast.url}/now")  # not queued behind /wait
            hold.set()
            return [await stuck, other]

    assert all(r.ok for r in asyncio.run(scenario()))


def test_clients_on_two_threads_share_one_in_flight_bound_per_host() -> None:
    """The Leads tab pages on a worker thread with a loop and a client of its own while the
    checks run on the GUI thread's: the host still sees no more than the profile allows."""

    async def scenario() -> tuple[Loopback, list[Reply], list[Reply]]:
        release = asyncio.Queue[None]()

        async def held(request: Request, writer: asyncio.StreamWriter) -> None:
            await release.get()
            await answer(writer)

        async with serving(held) as server:
            same = profile(server.url, concurrency=2)
            elsewhere: list[Reply] = []

            async def worker_loop() -> None:
                async with BackendClient(same) as worker:
                    elsewhere.extend(
                        await asyncio.gather(*(worker.get(f"/w{n}") for n in range(3)))
                    )

            thread = threading.Thread(target=lambda: asyncio.run(worker_loop()))
            async with BackendClient(same) as client:
                here = [asyncio.create_task(client.get(f"/c{n}")) for n in range(3)]
                thread.start()
                gate = client.host_gate(server.url)
                assert gate is HOST_GATES.gate(server.url.split("//")[1], 2, 0.0)
                # Two held at the server, four waiting in the clients of both loops.
                await until(lambda: server.pending == 2 and gate.waiting == 4)
                for answered in range(1, 7):
                    release.put_nowait(None)
                    await until(lambda n=answered: len(server.requests) == min(6, 2 + n))
                    assert server.pending <= 2
                mine = list(await asyncio.gather(*here))
                await asyncio.to_thread(thread.join)
        return server, mine, elsewhere

    server, mine, elsewhere = asyncio.run(scenario())
    assert all(r.ok for r in mine + elsewhere) and len(mine + elsewhere) == 6
    assert server.peak == 2


def test_another_profiles_numbers_get_a_gate_of_their_own() -> None:
    gates = HostGates()
    one = gates.gate("API.example:443", 4, 5.0)
    assert gates.gate("api.example:443", 4, 5.0) is one  # host names ignore case
    assert gates.gate("api.example:443", 1, 5.0) is not one
    assert gates.gate("api.example:443", 4, 0.0) is not one
    assert gates.gate("api.example:443", 4, float("nan")) is gates.gate("api.example:443", 4, 0)


def test_a_cancelled_wait_gives_its_slot_back() -> None:
    async def scenario() -> list[Reply]:
        release = asyncio.Event()

        async def held(request: Request, writer: asyncio.StreamWriter) -> None:
            await release.wait()
            await answer(writer)

        async with (
            serving(held) as server,
            BackendClient(profile(server.url, concurrency=1)) as client,
        ):
            first = asyncio.create_task(client.get("/first"))
            await until(lambda: server.pending == 1)
            doomed = asyncio.create_task(client.get("/never"))
            gate = client.host_gate(server.url)
            await until(lambda: gate.waiting == 1)
            doomed.cancel()
            await asyncio.gather(doomed, return_exceptions=True)
            release.set()
            # The slot the cancelled request waited for goes to the next one.
            return [await first, await client.get("/next")]

    assert all(r.ok for r in asyncio.run(scenario()))


def test_the_politeness_budget_spaces_requests_on_the_clock() -> None:
    async def scenario() -> list[float]:
        clock = FakeClock()
        arrivals: list[float] = []

        async def note(request: Request, writer: asyncio.StreamWriter) -> None:
            arrivals.append(clock.now())
            await answer(writer)

        async with serving(note) as server:
            client = BackendClient(profile(server.url, rate_limit=2.0, concurrency=10), clock=clock)
            async with client:
                tasks = [asyncio.create_task(client.get(f"/r{n}")) for n in range(5)]
                for sent in range(1, 6):
                    # `sent` have arrived and the rest sleep until their turn: a steady state.
                    await until(lambda s=sent: len(arrivals) == s and clock.sleepers == 5 - s)
                    await clock.advance(0.5)
                replies = await asyncio.gather(*tasks)
        assert all(r.ok for r in replies)
        return arrivals

    assert asyncio.run(scenario()) == [0.0, 0.5, 1.0, 1.5, 2.0]


def test_two_clients_of_a_profile_share_one_budget() -> None:
    """The Leads tab's client and the checks' client: together, never faster than the
    profile's requests per second."""

    async def scenario() -> list[float]:
        clock = FakeClock()
        gates = HostGates(clock)
        arrivals: list[float] = []

        async def note(request: Request, writer: asyncio.StreamWriter) -> None:
            arrivals.append(clock.now())
            await answer(writer)

        async with serving(note) as server:
            same = profile(server.url, rate_limit=2.0, concurrency=10)
            async with (
                BackendClient(same, gates=gates) as leads,
                BackendClient(same, gates=gates) as checks,
            ):
                tasks = [
                    asyncio.create_task(client.get(f"/r{n}"))
                    for n in range(2)
                    for client in (leads, checks)
                ]
                for sent in range(1, 5):
                    await until(lambda s=sent: len(arrivals) == s and clock.sleepers == 4 - s)
                    await clock.advance(0.5)
                replies = await asyncio.gather(*tasks)
        assert all(r.ok for r in replies)
        return arrivals

    assert asyncio.run(scenario()) == [0.0, 0.5, 1.0, 1.5]


def test_no_budget_means_no_waiting() -> None:
    async def scenario() -> int:
        clock = FakeClock()

        async def quick(request: Request, writer: asyncio.StreamWriter) -> None:
            await answer(writer)

        async with (
            serving(quick) as server,
            BackendClient(profile(server.url, concurrency=4), clock=clock) as client,
        ):
            replies = await asyncio.gather(*(client.get(f"/r{n}") for n in range(6)))
        assert all(r.ok for r in replies)
        return len(server.requests)

    assert asyncio.run(scenario()) == 6  # the clock never moved


def test_429_waits_for_retry_after_and_asks_again(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> tuple[Reply, Recorder, float]:
        clock = FakeClock()
        seen: list[float] = []

        async def busy_twice(request: Request, writer: asyncio.StreamWriter) -> None:
            seen.append(clock.now())
            if len(seen) <= 2:
                await answer(writer, 429, b'{"message": "slow down"}', {"Retry-After": "3"})
            else:
                await answer(writer, 200, b'{"ok": true}')

        async with serving(busy_twice) as server:
            recorder = Recorder()
            client = BackendClient(profile(server.url), recorder, clock=clock)
            async with client:
                task = asyncio.create_task(client.get("/leads", check_id="leads.load"))
                for asked in (1, 2):
                    await until(lambda n=asked: len(seen) == n and clock.sleepers == 1)
                    await clock.advance(3)
                reply = await task
                rate = client.host_gate(server.url).rate
        assert seen == [0.0, 3.0, 6.0]  # each retry after the server's Retry-After
        return reply, recorder, rate

    with caplog.at_level(logging.INFO, logger="amogui.backend.client"):
        reply, recorder, rate = asyncio.run(scenario())
    assert reply.ok and reply.json()[0] == {"ok": True}
    assert [r.status for r in reply.throttled] == [429, 429]
    # Every answer is evidence, the 429s too, with the check that made them.
    assert [x.status for x in recorder.exchanges] == [429, 429, 200]
    assert {x.check_id for x in recorder.exchanges} == {"leads.load"}
    assert rate > 0  # the host now has a budget, though the profile set none
    assert "answered 429" in caplog.text


def test_429_without_end_is_the_answer_after_a_bounded_number_of_tries() -> None:
    async def scenario() -> tuple[Reply, int]:
        clock = FakeClock()

        async def always_busy(request: Request, writer: asyncio.StreamWriter) -> None:
            await answer(writer, 429, b'{"message": "Too many requests"}', {"Retry-After": "0"})

        async with (
            serving(always_busy) as server,
            BackendClient(profile(server.url), clock=clock) as client,
        ):
            task = asyncio.create_task(client.get("/x"))
            while True:  # the lowered budget spaces the tries on the clock
                await until(lambda: task.done() or clock.sleepers == 1)
                if task.done():
                    break
                asked = len(server.requests)
                await clock.advance(1.0)
                await until(lambda n=asked: task.done() or len(server.requests) > n)
            return task.result(), len(server.requests)

    reply, asked = asyncio.run(scenario())
    assert asked == 1 + MAX_429_RETRIES
    assert reply.status == 429 and reply.error is None and not reply.ok
    assert len(reply.throttled) == MAX_429_RETRIES


def test_a_retry_after_too_long_to_wait_is_not_waited_for() -> None:
    async def scenario() -> tuple[Reply, int]:
        async def come_back_tomorrow(request: Request, writer: asyncio.StreamWriter) -> None:
            await answer(writer, 429, b"{}", {"Retry-After": "86400"})

        async with (
            serving(come_back_tomorrow) as server,
            BackendClient(profile(server.url)) as client,
        ):
            return await client.get("/x"), len(server.requests)

    reply, asked = asyncio.run(scenario())
    assert (reply.status, asked, reply.throttled) == (429, 1, [])


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after(httpx.Headers({"Retry-After": "7"})) == 7.0
    assert retry_after(httpx.Headers({"Retry-After": later}), now=now.timestamp()) == 90.0
    assert retry_after(httpx.Headers({"Retry-After": "soon"})) is None
    assert retry_after(httpx.Headers({"Retry-After": "-1"})) is None
    assert retry_after(httpx.Headers({"Retry-After": "nan"})) is None
    assert retry_after(httpx.Headers()) is None
