"""Which browser opens the authorize URL: one decision for the window and `amogui run`.

In order: the command the tester gave (``--browser CMD``), ``$BROWSER``, the desktop's own
browser. The window always has a desktop; a headless run has one only on macOS, on
Windows, or where a display is set, and otherwise says why the OAuth leg cannot run.
The desktop browser itself is opened through `amogui.oauth.browser` (the window registers
Qt's opener there; without it the platform's opener command is used).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

SYSTEM = ""  # the command that means "the desktop's own browser"
NO_BROWSER = "no browser command (--browser, $BROWSER) and no display for the system browser"


@dataclass(frozen=True, slots=True)
class BrowserChoice:
    command: str | None  # a $BROWSER-style command, SYSTEM, or None (no way to open one)
    reason: str | None = None  # why there is none

    @property
    def available(self) -> bool:
        return self.command is not None

    @property
    def described(self) -> str:
        if self.command is None:
            return "none"
        return self.command or "the system browser"

    @property
    def builtin(self) -> bool:
        """``auto``: the stand-in browser inside amogui (`amogui.oauth.autobrowser`), which
        hands the deep link over in process and needs no IPC channel."""
        from amogui.oauth.autobrowser import is_builtin

        return is_builtin(self.command)

    def opener(
        self,
        deliver: Callable[[str, str], None] | None = None,
        prefix: str | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> Callable[[str], Any] | None:
        """What a `RunContext` opens the authorize URL with; None when there is no way. It
        returns what it started (a `Launch`), which the run watches (a command that exits
        non-zero before a deep link came back ends the OAuth leg). `deliver` (the inbox),
        `prefix` (the profile's deep link) and `on_done` serve the built-in ``auto``
        browser."""
        command = self.command
        if command is None:
            return None

        def open_url(url: str) -> Any:
            from amogui.oauth.browser import open_in_browser

            return open_in_browser(
                url, command or None, deliver=deliver, prefix=prefix, on_done=on_done
            )

        return open_url


def has_desktop(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    return platform in ("darwin", "win32") or bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def choose_browser(
    command: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    desktop: bool | None = None,
) -> BrowserChoice:
    """The browser for the OAuth leg. `desktop` True: a window is open, so the desktop's
    browser is always there; None: decide from the platform and the display."""
    env = os.environ if env is None else env
    if command:
        return BrowserChoice(command)
    if env.get("BROWSER"):
        return BrowserChoice(env["BROWSER"])
    if desktop is None:
        desktop = has_desktop(env, platform)
    if desktop:
        return BrowserChoice(SYSTEM)
    return BrowserChoice(None, NO_BROWSER)
