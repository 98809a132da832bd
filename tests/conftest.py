"""Test isolation for the whole suite.

- Qt runs offscreen (tests that need a real X server start their own Xvfb).
- HOME and every XDG directory point into the test's temp dir: nothing touches the
  real home directory.
- keyring gets an in-memory backend: nothing touches a real keychain.
- Sockets may only connect to loopback: no test reaches the network.
- Process-wide state is reset after each test: the redactor's secrets, the limits per host.
- A test that leaves a top-level widget alive fails (a leak that would slow or upset the
  tests after it).
- Tests never write into ``amogui/`` or ``resources/``: byte code goes to
  ``build/pycache`` (for this process and every child, by ``PYTHONPYCACHEPREFIX``),
  compiled catalogues to the test's HOME cache; the session fails if either tree
  changed (files added, changed or removed) while the tests ran.
- ``--no-qt`` (with ``-p no:pytest-qt``) runs the suite as on a machine without PySide6
  and qasync: importing them fails, and every test that needs them is skipped, saying so.
  CI runs the core tests that way; they must pass.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import ipaddress
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_API", "pyside6")
os.environ.pop("BROWSER", None)

import keyring
import pytest
from keyring.backend import KeyringBackend

# Before amogui is imported (only fixtures import it, later): its byte code, and every
# child process's, goes to build/, never beside the sources.
ROOT = Path(__file__).resolve().parent.parent
PYCACHE = ROOT / "build" / "pycache"
sys.pycache_prefix = str(PYCACHE)
os.environ["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
# The trees the tests must leave as they found them.
SOURCE_TREES = (ROOT / "amogui", ROOT / "resources")

# -- running without Qt ----------------------------------------------------------------------
QT_PACKAGES = ("PySide6", "qasync", "shiboken6", "pytestqt")
QT_FIXTURES = {"qapp", "qtbot", "qapp_args", "qapp_cls", "qtlog", "qtmodeltester", "loop"}
# pytest-qt's settings in pyproject.toml, declared here when the plugin is off (--no-qt),
# so --strict-config does not refuse them.
QT_INI = {
    "qt_api": "string",
    "qt_no_exception_capture": "bool",
    "qt_default_raising": "bool",
    "qt_qapp_name": "string",
    "qt_log_level_fail": "string",
    "qt_log_ignore": "linelist",
    "qt_log": "bool",
}


class QtBlocker(importlib.abc.MetaPathFinder):
    """Makes `import PySide6` (and qasync) fail as on a machine without them."""

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname.split(".")[0] in QT_PACKAGES:
            raise ModuleNotFoundError(f"No module named {fullname!r} (Qt is blocked: --no-qt)")


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    parser.addoption(
        "--no-qt",
        action="store_true",
        help="run as without PySide6 and qasync (use with -p no:pytest-qt); tests that "
        "need them are skipped",
    )
    if not pluginmanager.has_plugin("pytest-qt"):
        for name, kind in QT_INI.items():
            parser.addini(name, "pytest-qt's (not loaded)", type=kind)  # type: ignore[arg-type]


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--no-qt"):
        return
    if config.pluginmanager.has_plugin("pytest-qt"):
        raise pytest.UsageError("--no-qt needs -p no:pytest-qt (the plugin imports Qt)")
    loaded = [m for m in sys.modules if m.split(".")[0] in QT_PACKAGES]
    if loaded:
        raise pytest.UsageError(f"--no-qt: Qt was imported before the tests: {loaded[:3]}")
    sys.meta_path.insert(0, QtBlocker())


# -- the source trees stay as they were -------------------------------------------------------
Snapshot = dict[str, tuple[int, int]]
_TREES = pytest.StashKey[Snapshot]()


def tree_snapshot(roots: tuple[Path, ...] = SOURCE_TREES, base: Path = ROOT) -> Snapshot:
    """Every file below `roots` (byte code and compiled catalogues included): its size and
    modification time, by path."""
    found: Snapshot = {}
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                with contextlib.suppress(FileNotFoundError):  # removed while walking
                    info = os.stat(path)
                    found[os.path.relpath(path, base)] = (info.st_size, info.st_mtime_ns)
    return found


def tree_changes(before: Snapshot, after: Snapshot) -> list[str]:
    """What differs, one line per file: "added x", "changed x", "removed x"."""
    lines = [f"added {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"removed {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"changed {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return lines


def pytest_sessionstart(session: pytest.Session) -> None:
    session.stash[_TREES] = tree_snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.stash.get(_TREES, None)
    if before is None:
        return
    changes = tree_changes(before, tree_snapshot())
    if not changes:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    text = "the tests wrote into amogui/ or resources/:\n  " + "\n  ".join(changes[:20])
    if reporter is not None:
        reporter.write("\n")
        reporter.write_sep("=", "source trees changed", red=True)
        reporter.write_line(text)
    else:
        print(text, file=sys.stderr)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Any:
    """Under --no-qt, a test module that cannot import Qt is skipped, not an error."""
    report = yield
    if report.failed and collector.config.getoption("--no-qt"):
        text = str(report.longrepr)
        if "Qt is blocked: --no-qt" in text:
            report.outcome = "skipped"
            report.longrepr = (str(collector.path), 0, "Skipped: needs Qt (--no-qt)")
    return report


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--no-qt"):
        return
    skip = pytest.mark.skip(reason="needs Qt (--no-qt)")
    for item in items:
        if QT_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("qt"):
            item.add_marker(skip)


# -- top-level widgets left behind -----------------------------------------------------------
def _top_level_widgets() -> dict[int, Any]:
    """Live top-level widgets by their C++ address ({} when no QApplication exists)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return {}
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return {}
    # Widgets closed with deleteLater() go now, as they would on the next loop turn.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    widgets = QApplication.topLevelWidgets()
    return {shiboken6.getCppPointer(w)[0]: w for w in widgets if shiboken6.isValid(w)}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    item.stash[_BEFORE] = set(_top_level_widgets())
    return (yield)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Any:
    """Fail a test that leaves top-level widgets alive (after pytest-qt closed the ones
    given to qtbot); they are deleted, so the next test starts clean."""
    result = yield
    before = item.stash.get(_BEFORE, set())
    leaked = {k: w for k, w in _top_level_widgets().items() if k not in before}
    if leaked:
        names = sorted(f"{type(w).__name__}({w.objectName()!r})" for w in leaked.values())
        for widget in leaked.values():
            widget.close()
            widget.deleteLater()
        _top_level_widgets()
        pytest.fail(f"the test left top-level widgets alive: {', '.join(names)}")
    return result


_BEFORE = pytest.StashKey[set[int]]()


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    for sub in ("", ".config", ".local/share", ".cache", ".local/state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    for name in ("AMOGUI_TOKEN_A", "AMOGUI_TOKEN_B", "AMOGUI_LOGIN_A", "AMOGUI_LOGIN_B"):
        monkeypatch.delenv(name, raising=False)
    for name in ("AMOGUI_SIGNING_KEY", "AMOGUI_SIGNING_KEY_PASSPHRASE", "AMOGUI_TESTER"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def clean_redactor() -> Iterator[None]:
    from amogui.base.redact import REDACTOR

    yield
    REDACTOR.clear()


@pytest.fixture(autouse=True)
def fresh_host_gates() -> Iterator[None]:
    """Every test starts with the limits per host a fresh process has (what a 429 taught
    one test about a host does not slow the next)."""
    yield
    client = sys.modules.get("amogui.backend.client")
    if client is not None:
        client.HOST_GATES.clear()


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    """In-process CLI calls set up logging into the test's HOME; undo it after each test:
    every handler the test added is removed and closed, and the root level comes back."""
    import logging

    root = logging.getLogger()
    level, before = root.level, list(root.handlers)
    yield
    from amogui.base.logs import shutdown_logging

    shutdown_logging()
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _allowed(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths: local by definition
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _allowed(address):
        raise ConnectionRefusedError(f"tests may only reach loopback, not {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _allowed(address):
        raise ConnectionRefusedError(f"tests may only reach loopback, not {address!r}")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
