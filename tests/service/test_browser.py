"""The browser of the OAuth leg: one choice for both front ends."""

from __future__ import annotations

from amogui.service.browser import NO_BROWSER, SYSTEM, choose_browser


def test_the_command_wins_then_browser_variable_then_the_desktop() -> None:
    env = {"BROWSER": "firefox", "DISPLAY": ":0"}
    assert choose_browser("chromium %s", env=env).command == "chromium %s"
    assert choose_browser(None, env=env).command == "firefox"
    assert choose_browser(None, env={"DISPLAY": ":0"}, platform="linux").command == SYSTEM


def test_without_a_display_there_is_no_browser_and_it_says_why() -> None:
    choice = choose_browser(None, env={}, platform="linux")
    assert not choice.available and choice.reason == NO_BROWSER
    assert choice.opener() is None
    assert choose_browser(None, env={}, platform="darwin").command == SYSTEM
    assert choose_browser(None, env={"WAYLAND_DISPLAY": "w-0"}, platform="linux").available


def test_a_window_always_has_the_desktop_browser() -> None:
    assert choose_browser(None, env={}, platform="linux", desktop=True).command == SYSTEM


def test_the_opener_runs_the_command_with_the_url(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sys

    out = tmp_path / "opened"
    script = f"import sys; open({str(out)!r}, 'w').write(sys.argv[1])"
    command = f"{sys.executable} -c {script!r} %s"
    opener = choose_browser(command, env={}).opener()
    assert opener is not None
    opener("https://example.org/oauth?x=1")
    import time

    for _ in range(100):
        if out.exists() and out.read_text():
            break
        time.sleep(0.05)
    assert out.read_text() == "https://example.org/oauth?x=1"
