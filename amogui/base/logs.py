"""The application log: std logging to a rotating file and stderr, always redacted.

Every line that amogui's handlers write is the record's *final* text (message with
its ``%`` arguments, exception traceback and stack) passed through
`REDACTOR.text`, so a secret that was registered, or that merely looks like a JWT or
a ``Bearer`` credential, never reaches the log however it was logged.

Nothing logged can forge a line or drive a terminal: in the message every control
character (``\n``, ``\r``, ESC, the other C0 and C1 codes, DEL) is written as a visible
escape (``\n``, ``\x1b``); a traceback keeps its line breaks, but each of its lines is
indented, so only a record's first line starts at the left margin.

The log file is private: created 0600 (an older one is tightened), in a 0700 folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from amogui.base import paths

LOG_NAME = "amogui.log"
MAX_HELD = 10_000  # records kept while the log file is deferred (see `defer_file`)
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Marks the handlers this module installed, so a second call replaces none and adds none.
_MARK = "_amogui_handler"

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


# C0 controls, DEL and C1 controls (a tab in a traceback becomes spaces).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
TRACE_INDENT = "  "


def escape_controls(text: str) -> str:
    """`text` with every control character as a visible escape (``\\n``, ``\\x1b``)."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def _escape_block(text: str) -> str:
    """A multi-line block (a traceback): line breaks kept, every line indented, and any
    other control character escaped, so no line of it can pass for a record of its own."""
    lines = text.split("\n")
    return "\n".join(TRACE_INDENT + escape_controls(line.replace("\t", "    ")) for line in lines)


class RedactingFormatter(logging.Formatter):
    """A formatter whose every output (and cached traceback text) is redacted and has its
    control characters escaped (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        msg, args = record.msg, record.args
        record.msg, record.args = escape_controls(_redact(record.getMessage())), None
        if record.exc_info:
            # Another handler (pytest's, say) may have cached the raw traceback text:
            # make ours from the exception itself. It stays cached, clean, for the others.
            record.exc_text = None
        elif record.exc_text:
            record.exc_text = _escape_block(_redact(record.exc_text))
        try:
            return _redact(super().format(record))
        finally:
            record.msg, record.args = msg, args

    def formatException(self, ei: _ExcInfo) -> str:
        # logging caches this text on the record (exc_text) for other handlers: keep it clean.
        return _escape_block(_redact(super().formatException(ei)))

    def formatStack(self, stack_info: str) -> str:
        return _escape_block(_redact(super().formatStack(stack_info)))


def _redact(text: str) -> str:
    # Imported on first use: the window's start-up does not wait for the redactor.
    from amogui.base.redact import REDACTOR

    return REDACTOR.text(text)


def private_file_handler(path: Path, max_bytes: int, backups: int) -> logging.Handler:
    """A rotating log file that only its owner can read: each file (the first and each
    one a rotation starts) is opened 0600, and one an older amogui left 0644 is tightened.
    (logging.handlers loads only here: the window's first paint does not wait for it.)"""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> Any:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.baseFilename, flags, 0o600)
            if hasattr(os, "fchmod"):
                with contextlib.suppress(OSError):
                    os.fchmod(fd, 0o600)
            return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    return PrivateRotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )


class _Held(logging.Handler):
    """Keeps records until the log file is opened (`open_deferred_file`), or writes them
    there itself when it is closed first (an exit before the file was opened)."""

    def __init__(self, level: int, max_bytes: int, backups: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < MAX_HELD:
            self.records.append(record)

    def write_out(self) -> Path | None:
        """Open the log file (unless it is open) and write the records held into it."""
        records, self.records = self.records, []
        root = logging.getLogger()
        if _handler(root, "file") is None:
            _install_file(root, self.max_bytes, self.backups, self.level)
        handler = _handler(root, "file")
        if handler is None:
            return None
        for record in records:
            handler.handle(record)
        return log_file_path()

    def close(self) -> None:
        if self.records:
            self.write_out()
        super().close()


def log_file_path() -> Path:
    return paths.log_dir() / LOG_NAME


def setup_logging(
    level: str | int | None = "INFO",
    *,
    to_file: bool = True,
    stderr_level: str | int | None = None,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
    defer_file: bool = False,
) -> Path | None:
    """Configure the root logger; returns the log file, or None when there is none.

    Idempotent: a second call adjusts the level (and adds the file handler if it was
    missing) but never adds a second handler of a kind. `stderr_level` keeps the
    terminal quieter than the file (the headless runner prints its own progress there).
    `defer_file` keeps the records in memory until `open_deferred_file` (the window opens
    its log file once it is on screen).
    """
    root = logging.getLogger()
    root.setLevel(_level(level))
    # httpx logs every request line with its full URL at INFO; our checks record their
    # own (redacted) evidence, so keep those lines out unless debugging.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(
            logging.DEBUG if _level(level) <= logging.DEBUG else logging.WARNING
        )
    if not defer_file:  # the window puts it off until it shows (open_deferred_file)
        _load_redactor()
    installed = {getattr(h, _MARK) for h in root.handlers if hasattr(h, _MARK)}
    # A windowed app on Windows (pythonw) has no stderr at all.
    if "stderr" not in installed and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(_level(stderr_level if stderr_level is not None else level))
        _install(root, stream, "stderr")
    if not to_file:
        return None
    paths.tighten_all()  # folders an older amogui made readable by others
    if "file" in installed:
        return log_file_path()
    if defer_file:
        if "held" not in installed:
            _install(root, _Held(_level(level), max_bytes, backups), "held")
        return None
    return _install_file(root, max_bytes, backups)


def open_deferred_file() -> Path | None:
    """Open the log file `setup_logging(defer_file=True)` put off, writing the records
    kept meanwhile first; the file's path, or None when there is none."""
    _load_redactor()
    root = logging.getLogger()
    held = _handler(root, "held")
    if not isinstance(held, _Held):
        return log_file_path() if _handler(root, "file") is not None else None
    root.removeHandler(held)
    path = held.write_out()
    held.close()
    return path


def _load_redactor() -> None:
    """Import the redactor now, on the thread setting up logging: the formatter imports it
    on first use, and a first import from a server thread racing a Ctrl-C on the main
    thread is best avoided."""
    import amogui.base.redact  # noqa: F401


def _handler(root: logging.Logger, kind: str) -> logging.Handler | None:
    return next((h for h in root.handlers if getattr(h, _MARK, None) == kind), None)


def shutdown_logging() -> None:
    """Remove and close the handlers `setup_logging` added (tests, application exit)."""
    open_deferred_file()  # records still held go to the file before it closes
    root = logging.getLogger()
    for handler in [h for h in root.handlers if hasattr(h, _MARK)]:
        root.removeHandler(handler)
        handler.close()


def _install_file(
    root: logging.Logger, max_bytes: int, backups: int, level: int = logging.NOTSET
) -> Path | None:
    path = log_file_path()
    try:
        paths.ensure(path.parent)
        handler = private_file_handler(path, max_bytes, backups)
    except OSError as exc:
        # No log file is no reason to stop the app: stderr still gets everything.
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setLevel(level)
    _install(root, handler, "file")
    return path


def _install(root: logging.Logger, handler: logging.Handler, kind: str) -> None:
    handler.setFormatter(RedactingFormatter(FORMAT))
    setattr(handler, _MARK, kind)
    root.addHandler(handler)


def _level(level: str | int | None) -> int:
    if level is None:
        return logging.INFO
    if isinstance(level, int):
        return level
    value = logging.getLevelName(level.strip().upper())
    return value if isinstance(value, int) else logging.INFO
