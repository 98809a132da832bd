"""The OAuth checks: the leg ends as soon as its outcome is known, a foreign state does not
use up the wait, only a code of this flow becomes a secret, and the callback probes tell the
true reason (the real backend's percent-encoded error link is valid)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import respx

from amogui.backend.client import BackendClient, Recorder
from amogui.base.redact import REDACTOR
from amogui.checks.context import RunContext
from amogui.checks.runner import Runner
from amogui.oauth.browser import Launch, open_in_browser
from amogui.run.state import CheckResult, Run, Status
from amogui.sandbox import Sandbox

from .conftest import ThreadLaunch, drive


def command(line: str) -> Callable[[str, RunContext], Launch]:
    """A real browser command, started as `amogui run --browser` starts it."""
    started: list[Launch] = []

    def open_url(url: str, ctx: RunContext) -> Launch:
        launch = open_in_browser(url, line)
        started.append(launch)
        return launch

    open_url.started = started  # type: ignore[attr-defined]
    return open_url


def test_a_browser_command_that_fails_fails_authorize_url_at_once(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    out = drive(make_sandbox(), browser=command("sh -c 'exit 3'"), timeout=300.0)
    authorize = out.results["oauth.authorize-url"]
    assert authorize.status is Status.FAILED
    assert "exited with code 3" in str(authorize.summary)
    deeplink = out.results["oauth.deeplink"]
    assert deeplink.status is Status.FAILED
    assert str(deeplink.summary) == (
        "no deep link reached amogui: the browser command exited with code 3 before a deep "
        "link came back"
    )
    assert out.status("exchange.code") is Status.BLOCKED
    assert "browser-exited" in [t.kind for t in out.run.timeline]


def test_a_browser_command_that_cannot_start(make_sandbox: Callable[..., Sandbox]) -> None:
    def missing(url: str, ctx: RunContext) -> Launch:
        return open_in_browser(url, "/nonexistent/browser")

    out = drive(make_sandbox(), browser=missing)
    authorize = out.results["oauth.authorize-url"]
    assert authorize.status is Status.FAILED
    assert "could not be opened" in str(authorize.summary)
    assert out.status("oauth.deeplink") is Status.BLOCKED
    assert "could not be started" in out.summary("oauth.deeplink")


def test_a_browser_that_exits_at_once_with_0_has_done_its_job(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    """Like xdg-open handing the URL to a running browser: the wait goes on."""

    def hand_over(url: str, ctx: RunContext) -> Any:
        launch = open_in_browser(url, "true")
        launch.wait(10)
        inbox, prefix = ctx.inbox, ctx.profile.deeplink_prefix
        ThreadLaunch(url, inbox, prefix)  # the "real" browser, unwatched
        return launch

    out = drive(make_sandbox(), browser=hand_over)
    assert out.status("oauth.authorize-url") is Status.PASSED
    assert out.failed() == set()


def test_callback_404_ends_the_leg_in_seconds(make_sandbox: Callable[..., Sandbox]) -> None:
    """With the autobrowser (it exits 1: no deep link) and with a browser that never tells
    (it keeps running): the callback probe finds the route missing and the leg ends."""
    for browser in ("autobrowser", command("sh -c 'sleep 20'")):
        out = drive(make_sandbox("callback-404"), browser=browser, timeout=300.0)
        deeplink = out.results["oauth.deeplink"]
        assert deeplink.status is Status.FAILED
        assert str(deeplink.summary) == (
            "no deep link can come back: the callback answers 404 to a probe: its route is missing"
        )
        assert deeplink.diagnosis is not None and deeplink.diagnosis.problem_id == "problem.3"
        assert deeplink.evidence == out.results["oauth.callback"].evidence
        assert out.status("oauth.authorize-url") is Status.PASSED  # the browser did its job
        for launch in getattr(browser, "started", []):
            assert launch.process is not None
            launch.process.kill()
            launch.wait(10)


def test_a_foreign_state_is_a_mismatch_and_the_wait_goes_on(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    """A pasted link of another flow is said and refused; the flow's own link still counts,
    and only its code becomes a secret."""
    REDACTOR.clear()
    foreign = "foryoure://amo-crm/callback?code=foreign-code-123&state=someone-elses"

    def paste_then_consent(url: str, ctx: RunContext) -> ThreadLaunch:
        ctx.inbox.deliver(foreign, "paste")
        return ThreadLaunch(url, ctx.inbox, ctx.profile.deeplink_prefix)

    out = drive(make_sandbox(), browser=paste_then_consent)
    assert out.failed() == set()
    assert out.summary("oauth.deeplink") == (
        "the deep link arrived via the built-in browser with a code and the same state"
    )
    mismatch = [t for t in out.run.timeline if t.kind == "state-mismatch"]
    assert len(mismatch) == 1 and mismatch[0].via == "paste"
    assert str(mismatch[0].detail).startswith("State mismatch:")
    assert "foreign-code-123" not in str(mismatch[0].detail)  # redacted by name
    assert "foreign-code-123" in REDACTOR.text("foreign-code-123")  # never registered
    assert any(e.kind == "state-mismatch" for e in out.leg())  # told to the window at once


def test_only_the_flows_code_is_registered(make_sandbox: Callable[..., Sandbox]) -> None:
    REDACTOR.clear()
    seen: list[str] = []

    class Spy(ThreadLaunch):
        def __init__(self, url: str, ctx: RunContext) -> None:
            inbox = ctx.inbox
            original = inbox.deliver

            def deliver(link: str, via: str = "paste") -> None:
                seen.append(link)
                original(link, via)

            inbox.deliver = deliver  # type: ignore[method-assign]
            super().__init__(url, inbox, ctx.profile.deeplink_prefix)

    out = drive(make_sandbox(), browser=Spy)
    assert out.status("oauth.deeplink") is Status.PASSED
    code = httpx.URL(seen[0]).params["code"]
    assert REDACTOR.text(f"x {code} y") == "x [REDACTED] y"


def test_a_deep_link_without_state_is_judged_and_ends_the_leg(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    def stateless(url: str, ctx: RunContext) -> None:
        ctx.inbox.deliver("foryoure://amo-crm/callback?error=access_denied", "paste")

    out = drive(make_sandbox(), browser=stateless, timeout=300.0)
    assert out.status("oauth.deeplink") is Status.FAILED
    assert "consent was denied" in out.summary("oauth.deeplink")


# -- the callback probes against the real backend's answers -------------------------------

BASE = "http://backend.test"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJlLWE"
ERROR_LINK = "foryoure://amo-crm/callback?error=Failed%20to%20exchange%20authorization%20code"


def error_page(link: str) -> str:
    # Versions 3-5: a 200 page whose button opens the link.
    return (
        "<!DOCTYPE html><html><body><h1>AMO CRM</h1>"
        f"<button onclick=\"window.open('{link}', '_self')\">Повернутися</button>"
        "</body></html>"
    )


def self_exchanging_callback(request: httpx.Request) -> httpx.Response:
    """The callback of versions 3-5: a code (any code) is exchanged at amoCRM here."""
    params = request.url.params
    if "code" not in params:
        error = params.get("error", "missing_code")
        return httpx.Response(
            302, headers={"location": f"foryoure://amo-crm/callback?error={error}"}
        )
    return httpx.Response(200, html=error_page(ERROR_LINK))


def probe(only: list[str]) -> dict[str, CheckResult]:
    async def scenario() -> dict[str, CheckResult]:
        from amogui.settings.profiles import Profile

        async with BackendClient(Profile("t", BASE), Recorder()) as client:
            ctx = RunContext(profile=client.profile, client=client, run=Run(), token_a=TOKEN)
            return await Runner(ctx).run(only)

    return asyncio.run(scenario())


@respx.mock
def test_the_real_error_link_passes_callback_errors() -> None:
    respx.get(f"{BASE}/api/amo-crm/callback").mock(side_effect=self_exchanging_callback)
    got = probe(["callback.errors"])["callback.errors"]
    assert got.status is Status.PASSED, got.summary
    assert str(got.variation) == "the error deep links carry no state"
    assert "with a made-up code: button -> foryoure://amo-crm/callback?error=Failed" in str(
        got.actual
    )


@respx.mock
def test_oauth_callback_gives_the_true_reason() -> None:
    respx.get(f"{BASE}/api/amo-crm/callback").mock(side_effect=self_exchanging_callback)
    got = probe(["oauth.callback"])["oauth.callback"]
    assert got.status is Status.FAILED
    assert str(got.summary).startswith(
        'the callback did not pass the code on but answered error="Failed to exchange '
        'authorization code": it exchanges the code itself'
    )
    assert "not valid" not in str(got.summary)
    assert got.evidence


@respx.mock
def test_a_link_the_parser_refuses_still_gets_the_true_reason() -> None:
    def callback(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            302, headers={"location": "foryoure://amo-crm/callback?error=x&error=y"}
        )

    respx.get(f"{BASE}/api/amo-crm/callback").mock(side_effect=callback)
    got = probe(["oauth.callback"])["oauth.callback"]
    summary = str(got.summary)
    assert "it exchanges the code itself" in summary
    assert "the callback's deep link is not valid: The deep link repeats the parameter" in summary


class GivesUp:
    """A browser command that exits with `code` a moment after it started."""

    how = "a browser"

    def __init__(self, code: int, after: float = 0.2) -> None:
        import time

        self.code, self.at = code, time.monotonic() + after

    def wait(self, timeout: float | None = None) -> int | None:
        import time

        return self.code if time.monotonic() >= self.at else None


@respx.mock
def test_a_browser_that_gives_up_on_a_failing_callback_blames_the_callback() -> None:
    respx.get(f"{BASE}/api/amo-crm/callback").respond(500, text="Internal Server Error")

    async def scenario() -> dict[str, CheckResult]:
        from amogui.settings.profiles import Profile

        async with BackendClient(Profile("t", BASE), Recorder()) as client:
            ctx = RunContext(profile=client.profile, client=client, run=Run(), token_a=TOKEN)
            ctx.browser = lambda url: GivesUp(1)
            ctx.deeplink_timeout = 300
            return await Runner(ctx).run(["oauth.callback", "oauth.deeplink"])

    got = asyncio.run(scenario())
    assert got["oauth.authorize-url"].status is Status.PASSED  # the browser did its part
    deeplink = got["oauth.deeplink"]
    assert deeplink.status is Status.FAILED
    assert str(deeplink.summary) == (
        "no deep link can come back: the callback leads nowhere for a probe either: the "
        "callback answered HTTP 500"
    )
    assert deeplink.evidence == got["oauth.callback"].evidence


def test_a_browser_that_gives_up_alone_fails_authorize_url() -> None:
    async def scenario() -> dict[str, CheckResult]:
        from amogui.settings.profiles import Profile

        async with BackendClient(Profile("t", BASE), Recorder()) as client:
            ctx = RunContext(profile=client.profile, client=client, run=Run(), token_a=TOKEN)
            ctx.browser = lambda url: GivesUp(4)
            ctx.deeplink_timeout = 300
            return await Runner(ctx).run(["oauth.deeplink"])

    got = asyncio.run(scenario())
    assert got["oauth.authorize-url"].status is Status.FAILED
    assert "exited with code 4" in str(got["oauth.authorize-url"].summary)
    assert got["oauth.deeplink"].status is Status.FAILED


def test_the_built_in_browser_refusing_the_url_says_why_and_judges_no_callback(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    """The stand-in browser visits loopback addresses only: it refuses an authorize URL
    elsewhere before any request. The tester reads its sentence on oauth.authorize-url,
    and oauth.deeplink is blocked, not a callback defect (no callback was reached)."""

    def elsewhere(url: str, ctx: RunContext) -> Launch:
        away = url.replace("127.0.0.1", "amocrm.example.com", 1)
        return open_in_browser(away, "auto", deliver=ctx.inbox.deliver)

    out = drive(make_sandbox(), browser=elsewhere, timeout=60.0)
    authorize = out.results["oauth.authorize-url"]
    assert authorize.status is Status.FAILED
    assert str(authorize.summary).startswith("the built-in browser gave up: The autobrowser only")
    deeplink = out.results["oauth.deeplink"]
    assert deeplink.status is Status.BLOCKED and deeplink.diagnosis is None
    assert "did not visit the authorize URL" in str(deeplink.summary)
    assert out.status("exchange.code") is Status.BLOCKED
    assert "did not visit the authorize URL" in out.summary("exchange.code")


def test_a_built_in_browser_walk_that_went_wrong_is_told_in_its_own_words(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    """A walk that could not be completed (here: nothing listens where the consent page
    should be): no deep link came back, and the sentence says what the browser met."""
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]

    def nowhere(url: str, ctx: RunContext) -> Launch:
        parts = url.split("/", 3)
        return open_in_browser(
            f"http://127.0.0.1:{port}/{parts[3]}", "auto", deliver=ctx.inbox.deliver
        )

    out = drive(make_sandbox(), browser=nowhere, timeout=60.0)
    assert str(out.results["oauth.authorize-url"].summary).startswith(
        "the built-in browser gave up: "
    )
    deeplink = out.results["oauth.deeplink"]
    assert deeplink.status is Status.FAILED
    assert str(deeplink.summary).startswith("no deep link reached amogui: the built-in browser")
