from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from amogui.base import paths
from amogui.base.logs import log_file_path, open_deferred_file, setup_logging, shutdown_logging
from amogui.base.redact import REDACTOR

SECRET = "s3cret-amo-refresh-token-1234"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6NDJ9.dW5yZWdpc3RlcmVkLXNpZw"


def flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def log_text() -> str:
    flush()
    return log_file_path().read_text(encoding="utf-8")


def test_log_file_lives_in_the_user_log_dir() -> None:
    path = setup_logging()
    assert path == log_file_path() == paths.log_dir() / "amogui.log"
    assert str(path).startswith(os.environ["HOME"])
    logging.getLogger("amogui.test").info("hello %s", "world")
    assert "INFO    amogui.test: hello world" in log_text()


def test_secret_in_args_fstring_and_traceback_never_reaches_the_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    REDACTOR.add_secret(SECRET)
    setup_logging("DEBUG")
    log = logging.getLogger("amogui.test")
    log.info("token via args: %s", SECRET)
    log.debug(f"token via f-string: {SECRET}")
    log.warning("dict arg: %(t)s", {"t": SECRET})
    try:
        raise RuntimeError(f"exchange failed for refresh_token={SECRET}")
    except RuntimeError:
        log.exception("exchange failed")
    log.error("with stack", stack_info=True, extra={"note": SECRET})
    log.info("unregistered jwt %s", JWT)
    text = log_text()
    assert SECRET not in text
    assert JWT not in text
    assert "RuntimeError" in text and "Traceback" in text
    # args, f-string, dict, the exception's message, the unregistered JWT (the traceback's
    # source line shows the placeholder `{SECRET}`, which is kept as written)
    assert text.count("[REDACTED]") >= 5
    assert SECRET not in capsys.readouterr().err


def test_setup_is_idempotent() -> None:
    setup_logging()
    before = list(logging.getLogger().handlers)
    setup_logging("DEBUG")
    setup_logging("DEBUG", to_file=False)
    assert logging.getLogger().handlers == before
    assert logging.getLogger().level == logging.DEBUG
    logging.getLogger("amogui.test").info("once")
    assert log_text().count("once") == 1


def test_file_handler_added_later_when_first_call_had_none() -> None:
    assert setup_logging(to_file=False) is None
    count = len(logging.getLogger().handlers)
    assert setup_logging() == log_file_path()
    assert len(logging.getLogger().handlers) == count + 1


def test_unknown_level_falls_back_to_info() -> None:
    setup_logging("LOUD", to_file=False)
    assert logging.getLogger().level == logging.INFO
    setup_logging(logging.WARNING, to_file=False)
    assert logging.getLogger().level == logging.WARNING


def test_the_file_rotates_and_keeps_three_backups() -> None:
    setup_logging(max_bytes=2000, backups=3)
    log = logging.getLogger("amogui.test")
    for index in range(400):
        log.info("line %04d %s", index, "x" * 40)
    flush()
    folder = log_file_path().parent
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["amogui.log", "amogui.log.1", "amogui.log.2", "amogui.log.3"]
    assert all((folder / n).stat().st_size <= 2000 for n in names)
    assert "line 0399" in log_text()


def test_unwritable_log_dir_does_not_stop_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    blocker = paths.log_dir()
    while blocker.parent != Path(os.environ["XDG_STATE_HOME"]):
        blocker = blocker.parent
    blocker.write_text("not a folder")
    assert setup_logging() is None
    logging.getLogger("amogui.test").warning("still logging")
    err = capsys.readouterr().err
    assert "cannot write the log file" in err
    assert "still logging" in err


def test_no_stderr_means_file_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", None)
    assert setup_logging() == log_file_path()
    logging.getLogger("amogui.test").warning("file only")
    assert "file only" in log_text()


# -- the window's deferred log file ------------------------------------------------------------


def test_deferred_file_keeps_early_records_and_writes_them_first() -> None:
    assert setup_logging(defer_file=True) is None
    logging.getLogger("amogui.test").info("before the window showed")
    assert not log_file_path().exists()  # nothing touched the disk yet
    assert open_deferred_file() == log_file_path()
    logging.getLogger("amogui.test").info("after")
    text = log_text()
    assert text.index("before the window showed") < text.index("after")
    assert open_deferred_file() == log_file_path()  # a second call changes nothing
    assert (
        sum(getattr(h, "_amogui_handler", "") == "file" for h in logging.getLogger().handlers) == 1
    )


def test_deferred_records_are_redacted_and_kept_at_the_file_level() -> None:
    REDACTOR.add_secret(SECRET)
    setup_logging("INFO", defer_file=True)
    log = logging.getLogger("amogui.test")
    log.debug("debug is below the file's level")
    log.info("early token %s", SECRET)
    open_deferred_file()
    text = log_text()
    assert "early token [REDACTED]" in text
    assert SECRET not in text and "debug is below" not in text


def test_records_held_are_not_lost_when_the_app_stops_before_the_file_opens() -> None:
    setup_logging(defer_file=True)
    logging.getLogger("amogui.test").warning("start-up failed early")
    shutdown_logging()
    assert "start-up failed early" in log_file_path().read_text(encoding="utf-8")
    assert not [h for h in logging.getLogger().handlers if hasattr(h, "_amogui_handler")]


# -- files only the user can read -----------------------------------------------------------


def test_the_log_file_is_private_and_so_are_its_folders() -> None:
    import stat

    setup_logging(max_bytes=500, backups=2)
    for index in range(40):  # rotation opens new files: each one private too
        logging.getLogger("amogui.test").info("line %d %s", index, "x" * 40)
    flush()
    folder = log_file_path().parent
    for file in folder.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    for part in (folder, folder.parent):  # .../amogui/log and .../amogui
        assert stat.S_IMODE(part.stat().st_mode) == 0o700, part


def test_an_older_readable_log_and_folder_are_tightened() -> None:
    import stat

    folder = log_file_path().parent
    folder.mkdir(parents=True)
    for part in (folder, folder.parent):
        part.chmod(0o755)
    log_file_path().write_text("from an older amogui\n", encoding="utf-8")
    log_file_path().chmod(0o644)
    setup_logging()
    logging.getLogger("amogui.test").info("hello")
    assert stat.S_IMODE(log_file_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == stat.S_IMODE(folder.parent.stat().st_mode)
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert "from an older amogui" in log_text()


# -- nothing logged forges a line ----------------------------------------------------------


FORGED = "x\n2026-01-01 00:00:00,000 INFO    amogui.ipc: deep link accepted\r\x1b[2J\x9b\x00\x7f"


def test_control_characters_in_a_message_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("INFO", stderr_level="INFO")
    logging.getLogger("amogui.test").info("url %s", FORGED)
    logging.getLogger("amogui.test").info(FORGED)  # in the message itself, not an argument
    text = log_text()
    err = capsys.readouterr().err
    for out in (text, err):
        lines = out.splitlines()
        assert len(lines) == 2  # one line per record: no forged second line
        assert not any(line.startswith("2026-01-01") for line in lines)
        for bad in ("\r", "\x1b", "\x9b", "\x00", "\x7f"):
            assert bad not in out
        assert "\\n2026-01-01" in out and "\\x1b[2J" in out and "\\x9b" in out


def test_a_traceback_keeps_its_lines_but_none_passes_for_a_record() -> None:
    setup_logging()
    try:
        raise ValueError(f"bad link {FORGED}")
    except ValueError:
        logging.getLogger("amogui.test").exception("handling failed")
    lines = log_text().splitlines()
    assert lines[0].endswith("handling failed")
    assert len(lines) > 2 and all(line.startswith("  ") for line in lines[1:])
    assert any("Traceback" in line for line in lines) and "\x1b" not in "".join(lines)
