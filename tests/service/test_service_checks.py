"""Checks, deep links and the report, driven through the service against a real sandbox."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx

from amogui.checks.registry import CHECK_IDS
from amogui.oauth.extract import find_deeplink
from amogui.run.state import Status
from amogui.service.events import (
    ChecksDone,
    ChecksRunning,
    DeepLinkReceived,
    DeepLinkRejected,
    ExchangeRecorded,
    FlowEvent,
    Problem,
    ResultRecorded,
)
from amogui.service.service import Service
from amogui.settings.profiles import SANDBOX_PROFILE, Profile
from tests.service.conftest import Heard, run_async


async def consent(service: Service, url: str) -> None:
    """A browser: Allow on the consent page, follow to the callback, hand the link over."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    form = {**{k: query.get(k, "") for k in ("client_id", "state", "mode")}, "decision": "allow"}
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as web:
        answer = await web.post(f"{parts.scheme}://{parts.netloc}{parts.path}", data=form)
        page = await web.get(answer.headers["location"])
    prefix = service.target.profile.deeplink_prefix
    found = find_deeplink(page.status_code, page.headers.multi_items(), page.text, prefix)
    assert found is not None
    service.deliver_deeplink("foryoure://elsewhere/x?code=1", "test-browser")  # refused
    service.deliver_deeplink(found.url, "test-browser")


def test_a_full_run_passes_and_exports_a_bundle_that_verifies(
    service: Service, heard: Heard, tmp_path: Path
) -> None:
    tasks: set[asyncio.Task[None]] = set()

    def browser(url: str) -> None:
        tasks.add(asyncio.get_running_loop().create_task(consent(service, url)))

    async def go() -> object:
        await service.target.use_sandbox(Profile(SANDBOX_PROFILE, base_url="", sandbox=True))
        service.new_run({"mode": "test"})
        service.browser_override = browser
        service.deeplink_timeout = 20
        try:
            results = await service.run_checks()
            await asyncio.gather(*tasks)
            outcome = await service.export_report(tmp_path / "bundle", pdf=None)
            verified = await service.verify_report(tmp_path / "bundle")
        finally:
            await service.target.stop_sandbox()
        return results, outcome, verified

    results, outcome, verified = run_async(go())  # type: ignore[misc]
    assert {cid: r.status for cid, r in results.items()} == dict.fromkeys(CHECK_IDS, Status.PASSED)
    assert [e.running for e in heard.of(ChecksRunning)] == [True, False]
    assert heard.of(ChecksDone)[0].counts == {"passed": len(CHECK_IDS)}
    assert {e.result.check_id for e in heard.of(ResultRecorded)} == set(CHECK_IDS)
    assert len(heard.of(ExchangeRecorded)) == len(service.run.exchanges) > 0
    assert any(e.kind == "check-started" for e in heard.of(FlowEvent))
    assert [e.via for e in heard.of(DeepLinkRejected)] == ["test-browser"]
    assert heard.of(DeepLinkReceived)[0].via == "test-browser"
    names = {p.name for p in outcome.written}
    assert {"report.json", "report.html", "junit.xml", "report.json.sig"} <= names
    assert "report.pdf" not in names  # no renderer was given
    # intact, but nobody trusted amogui's key yet: not verified until someone does
    assert verified.intact and not verified.trusted and not verified.ok
    from amogui.report.trust import trust_signer
    from amogui.report.verify import verify_bundle

    assert outcome.signer.one_off is False
    trust_signer("tester@example.com", outcome.signer.key.public_key)
    assert verify_bundle(tmp_path / "bundle").ok
    service.flush()
    saved = service.store.load(service.run.run_id)
    assert set(saved.checks) == set(CHECK_IDS)
    assert saved.environment == {"mode": "test", "browser": service.browser.described}


def test_without_a_target_the_checks_do_not_start(service: Service, heard: Heard) -> None:
    service.new_run()
    assert run_async(service.run_checks()) == {}
    assert "No target yet" in str(heard.of(Problem)[0].text)


def test_without_a_browser_the_oauth_leg_is_skipped_with_the_reason(
    service: Service, heard: Heard
) -> None:
    from amogui.service.browser import choose_browser

    service.browser = choose_browser(None, env={}, platform="linux")

    async def go() -> object:
        await service.target.use_sandbox(Profile(SANDBOX_PROFILE, base_url="", sandbox=True))
        service.new_run()
        try:
            return await service.run_checks(["exchange.code"])
        finally:
            await service.target.stop_sandbox()

    results = run_async(go())
    assert results["oauth.authorize-url"].status is not Status.FAILED  # type: ignore[index]
    assert results["exchange.code"].status is Status.SKIPPED  # type: ignore[index]
    assert "no browser command" in str(results["exchange.code"].summary)  # type: ignore[index]


def test_a_profile_that_refuses_production_probes_skips_them(service: Service) -> None:
    """A real backend's profile answered "no": the probes that make the backend call
    amoCRM are skipped, with the reason; the sandbox always allows them."""
    from dataclasses import replace

    async def go() -> dict[str, object]:
        sandbox_profile = await service.target.use_sandbox(
            Profile(SANDBOX_PROFILE, base_url="", sandbox=True)
        )
        tokens = dict(service.target.tokens)
        try:
            real = replace(sandbox_profile, name="real", sandbox=False, production_probes=False)
            service.target.point_at(real, tokens)
            service.new_run({"mode": "test"})
            refused = await service.run_checks(["callback.errors"])
            service.target.point_at(replace(real, production_probes=None), tokens)
            service.new_run({"mode": "test"})
            not_asked = await service.run_checks(["callback.errors"])
        finally:
            await service.target.stop_sandbox()
        return {"refused": refused["callback.errors"], "not_asked": not_asked["callback.errors"]}

    got = run_async(go())
    refused, not_asked = got["refused"], got["not_asked"]
    assert refused.status is Status.SKIPPED  # type: ignore[attr-defined]
    assert "amoCRM's token endpoint" in str(refused.summary)  # type: ignore[attr-defined]
    assert not_asked.status is Status.PASSED  # type: ignore[attr-defined]
