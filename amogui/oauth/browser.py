"""Open the authorize URL in a browser: a command (``--browser CMD`` / ``$BROWSER``) or
the desktop's own browser.

The command follows git's and gh's ``$BROWSER`` convention: it is split like a shell
line (`shlex`); every ``%s`` is replaced by the URL, or, when there is none, the URL is
appended as the last argument. The URL always travels as one argv element and never
through a shell, so nothing in it is interpreted.

``auto`` (with options: ``auto --cacert FILE``) names the built-in stand-in browser
(`amogui.oauth.autobrowser`): it runs in a thread of this process, clicks Allow on a
sandbox's consent page and hands the deep link to `deliver` (the run's inbox) or, without
one, over IPC. It needs no ``python`` on PATH, so it works in the frozen app too.

The desktop's browser is opened through a hook: the Qt front ends register
``QDesktopServices.openUrl`` with `set_system_opener` (Qt stays out of this package);
without one, the platform's opener command is used (xdg-open, open, explorer).
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from amogui.base.redact import REDACTOR

log = logging.getLogger(__name__)

SystemOpener = Callable[[str], bool]
_system_opener: SystemOpener | None = None


class BrowserError(Exception):
    """The browser could not be started; the message is one sentence."""


def set_system_opener(opener: SystemOpener | None) -> None:
    """Register how to open the desktop's browser (``QDesktopServices.openUrl``)."""
    global _system_opener
    _system_opener = opener


@dataclass
class Launch:
    how: str  # "system", "auto" or the command as typed (redacted)
    argv: list[str] = field(default_factory=list, repr=False)
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _done: threading.Event = field(default_factory=threading.Event, repr=False)
    code: int | None = None  # the built-in browser's outcome (0 handed over)
    error: str | None = None  # and its sentence when it failed
    builtin: bool = False

    def wait(self, timeout: float | None = None) -> int | None:
        """The exit code once the command (or the built-in browser) ended; None while it
        runs, or when there is no command (the desktop's browser)."""
        if self.process is None and not self.builtin:
            return None
        self._done.wait(timeout)
        return self.process.returncode if self.process is not None else self.code

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def watchable(self) -> bool:
        """Whether `wait` can tell when it ended: a command, or the built-in browser."""
        return self.process is not None or self.builtin


def browser_argv(command: str, url: str) -> list[str]:
    """The argv for a ``$BROWSER``-style command and a URL."""
    try:
        parts = shlex.split(command)
    except ValueError as exc:
        raise BrowserError(
            f"The browser command cannot be split like a shell line: {exc}."
        ) from exc
    if not parts:
        raise BrowserError("The browser command is empty.")
    if any("%s" in p for p in parts):
        return [p.replace("%s", url) for p in parts]
    return [*parts, url]


def check_url(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise BrowserError(f"Only http(s) URLs are opened in a browser, not {scheme or 'this'!r}.")
    if any(c.isspace() or ord(c) < 0x20 for c in url):
        raise BrowserError("The URL contains whitespace or control characters.")


Deliver = Callable[[str, str], None]  # (deep link, via)


def open_in_browser(
    url: str,
    command: str | None = None,
    *,
    deliver: Deliver | None = None,
    prefix: str | None = None,
    on_done: Callable[[Launch], None] | None = None,
) -> Launch:
    """Open `url` with `command`, else ``$BROWSER``, else the desktop's browser.

    For the built-in ``auto`` browser, `deliver` receives the deep link in this process
    (else it goes over IPC), `prefix` is the profile's deep-link prefix, and `on_done`
    is called (from its thread) once it ended, with `Launch.code` and `Launch.error` set.
    """
    check_url(url)
    command = command if command is not None else os.environ.get("BROWSER") or None
    from amogui.oauth.autobrowser import is_builtin

    if command and is_builtin(command):
        return _run_builtin(command, url, deliver, prefix, on_done)
    if command:
        return _run_command(command, url)
    if _system_opener is not None:
        if not _system_opener(url):
            raise BrowserError("The desktop refused to open the browser.")
        return Launch("system")
    return _run_command(shlex.join(_platform_opener()), url, how="system")


def _platform_opener() -> list[str]:
    if sys.platform == "darwin":
        return ["open"]
    if sys.platform == "win32":
        return ["explorer"]
    return ["xdg-open"]


def _run_command(command: str, url: str, how: str | None = None) -> Launch:
    argv = browser_argv(command, url)
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # the browser outlives a cancelled run
        )
    except OSError as exc:
        raise BrowserError(
            f"The browser command {argv[0]!r} could not start: {exc.strerror}."
        ) from exc
    launch = Launch(how or str(REDACTOR.text(command)), argv, process)
    # Reap the process in the background: a browser may run for hours, and an
    # unreaped Popen warns (ResourceWarning) when it is collected.
    threading.Thread(target=_reap, args=(launch,), daemon=True, name="browser-reaper").start()
    return launch


def _run_builtin(
    command: str,
    url: str,
    deliver: Deliver | None,
    prefix: str | None,
    on_done: Callable[[Launch], None] | None,
) -> Launch:
    from amogui.oauth import autobrowser

    try:
        options = autobrowser.builtin_options(command, prefix)
    except autobrowser.AutobrowserError as exc:
        raise BrowserError(str(exc)) from exc
    launch = Launch("auto", builtin=True)

    def walk() -> None:
        outcome = autobrowser.run(url, options, deliver)
        launch.code = outcome.code
        launch.error = None if outcome.code == 0 else outcome.sentence
        if outcome.code:  # said by on_done where there is one; the log keeps it anyway
            log.log(
                logging.INFO if on_done else logging.WARNING,
                "the built-in browser failed: %s",
                outcome.sentence,
            )
        launch._done.set()
        if on_done is not None:
            on_done(launch)

    # A thread, not the event loop: the walk is a few blocking loopback requests.
    threading.Thread(target=walk, daemon=True, name="amogui-autobrowser").start()
    return launch


def _reap(launch: Launch) -> None:
    assert launch.process is not None
    code = launch.process.wait()
    if code:
        log.warning("browser command %s exited with %s", launch.how, code)
    launch._done.set()
