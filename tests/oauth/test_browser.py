from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from amogui.oauth import browser
from amogui.oauth.browser import BrowserError, browser_argv, open_in_browser

URL = "https://www.amocrm.ru/oauth?client_id=c&state=s&mode=popup"


def test_argv_appends_or_substitutes() -> None:
    assert browser_argv("firefox --new-window", URL) == ["firefox", "--new-window", URL]
    assert browser_argv("'my browser' --url=%s --x", URL) == ["my browser", f"--url={URL}", "--x"]


def test_argv_errors() -> None:
    with pytest.raises(BrowserError, match="empty"):
        browser_argv("  ", URL)
    with pytest.raises(BrowserError, match="shell line"):
        browser_argv("'unclosed", URL)


def test_only_http_urls() -> None:
    with pytest.raises(BrowserError, match="http"):
        open_in_browser("file:///etc/passwd", "true")
    with pytest.raises(BrowserError, match="whitespace"):
        open_in_browser("https://x/ a", "true")


def _recorder(tmp_path: Path) -> tuple[str, Path]:
    out = tmp_path / "argv.json"
    script = tmp_path / "rec.py"
    script.write_text(
        f"import json, sys\nopen({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    return f"{sys.executable} {script}", out


def test_command_gets_url_as_one_argument(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path)
    url = URL + "&x=$(touch%20pwned);'\""
    launch = open_in_browser(url, command)
    assert launch.wait(20) == 0
    assert json.loads(out.read_text()) == [url]
    assert not (tmp_path / "pwned").exists()


def test_browser_env_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    command, out = _recorder(tmp_path)
    monkeypatch.setenv("BROWSER", command + " --flag %s")
    assert open_in_browser(URL).wait(20) == 0
    assert json.loads(out.read_text()) == ["--flag", URL]


def test_missing_command_is_a_clear_error() -> None:
    with pytest.raises(BrowserError, match="could not start"):
        open_in_browser(URL, "/nonexistent/browser")


def test_system_opener_hook() -> None:
    seen: list[str] = []
    browser.set_system_opener(lambda u: seen.append(u) or True)
    try:
        launch = open_in_browser(URL)
        assert launch.how == "system" and seen == [URL] and launch.wait(0) is None
        browser.set_system_opener(lambda u: False)
        with pytest.raises(BrowserError, match="refused"):
            open_in_browser(URL)
    finally:
        browser.set_system_opener(None)


def test_auto_is_the_built_in_browser_in_this_process() -> None:
    from amogui.oauth.authorize import FlowRegistry
    from amogui.sandbox import Sandbox, SandboxConfig, profile_for

    with Sandbox(SandboxConfig()) as sandbox:
        profile = profile_for(sandbox)
        flow = FlowRegistry().start(profile)
        got: list[tuple[str, str]] = []
        ended: list[browser.Launch] = []
        launch = open_in_browser(
            flow.url,
            "auto",
            deliver=lambda url, via: got.append((url, via)),
            prefix=profile.deeplink_prefix,
            on_done=ended.append,
        )
        assert launch.wait(30) == 0 and launch.error is None and launch.how == "auto"
    assert ended == [launch] and got and got[0][1] == "autobrowser"
    assert f"state={flow.state}" in got[0][0]


def test_auto_failures_are_one_sentence() -> None:
    with pytest.raises(BrowserError, match="not understood"):
        open_in_browser(URL, "auto --no-such-option")
    launch = open_in_browser(URL, "auto", deliver=lambda url, via: None)
    assert launch.wait(30) == 2  # amoCRM itself: the stand-in browser never goes there
    assert launch.error is not None and "only visits loopback" in launch.error
