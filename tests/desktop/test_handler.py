from __future__ import annotations

import configparser
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent

from amogui.desktop import handler
from amogui.desktop.handler import (
    HandlerError,
    MemoryRegistry,
    get_default_line,
    quote_exec_arg,
    set_default_line,
)

ROOT = Path(__file__).resolve().parents[2]
needs_xdg = pytest.mark.skipif(
    not (shutil.which("xdg-mime") and shutil.which("update-desktop-database")),
    reason="xdg-utils and desktop-file-utils are not installed",
)


def _unquote_exec(line: str) -> list[str]:
    """Desktop Entry Exec parsing, as a launcher does it (string unescape, then quotes)."""
    line = line.replace("\\\\", "\\")
    args, cur, i, quoted, started = [], [], 0, False, False
    while i < len(line):
        c = line[i]
        if quoted:
            if c == "\\" and i + 1 < len(line):
                i += 1
                cur.append(line[i])
            elif c == '"':
                quoted = False
            else:
                cur.append(c)
        elif c == '"':
            quoted = started = True
        elif c == " ":
            if started:
                args.append("".join(cur))
            cur, started = [], False
        else:
            cur.append(c)
            started = True
        i += 1
    if started:
        args.append("".join(cur))
    return [a.replace("%%", "%") for a in args]


@pytest.mark.parametrize(
    "arg", ["/usr/bin/python3", "/opt/my apps/py", 'we"ird', "back\\slash", "dollar$", "50%", ""]
)
def test_exec_quoting_round_trips(arg: str) -> None:
    assert _unquote_exec(quote_exec_arg(arg)) == [arg]


def test_desktop_entry_content() -> None:
    text = handler.desktop_entry("foryoure", ["/opt/a b/python", "-m", "amogui", "open-url", "--"])
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    entry = parser["Desktop Entry"]
    assert entry["MimeType"] == "x-scheme-handler/foryoure;"
    assert entry["Exec"] == '"/opt/a b/python" -m amogui open-url -- %u'
    assert entry["NoDisplay"] == "true"


@needs_xdg
def test_desktop_file_validates(tmp_path: Path) -> None:
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate is not installed")
    path = tmp_path / "amogui-url-handler.desktop"
    path.write_text(handler.desktop_entry("foryoure"))
    proc = subprocess.run(
        ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mimeapps_editing() -> None:
    mime = "x-scheme-handler/foryoure"
    text = (
        "[Added Associations]\nx=y.desktop;\n\n[Default Applications]\ntext/html=firefox.desktop\n"
    )
    added = set_default_line(text, mime, "a.desktop")
    assert get_default_line(added, mime) == "a.desktop"
    assert get_default_line(added, "text/html") == "firefox.desktop"
    assert "[Added Associations]\nx=y.desktop;" in added
    replaced = set_default_line(added, mime, "b.desktop")
    assert get_default_line(replaced, mime) == "b.desktop" and replaced.count(mime) == 1
    assert set_default_line(replaced, mime, None) == text
    assert get_default_line(set_default_line("", mime, "c.desktop"), mime) == "c.desktop"
    # a key in another section is not the default
    assert get_default_line(f"[Added Associations]\n{mime}=z.desktop\n", mime) is None


def _apps() -> Path:
    return handler.applications_dir()


@needs_xdg
def test_install_status_uninstall_on_a_clean_home(isolated_home: Path) -> None:
    before = sorted(p.relative_to(isolated_home) for p in isolated_home.rglob("*"))
    assert handler.status_linux().installed is False
    state = handler.install_linux()
    desktop = _apps() / "amogui-url-handler.desktop"
    assert desktop.is_file() and state.previous_default is None
    status = handler.status_linux()
    assert status.registered, status
    assert status.exec_line.startswith(quote_exec_arg(sys.executable))
    assert handler.query_default("foryoure") == "amogui-url-handler.desktop"
    mimeapps = isolated_home / ".config" / "mimeapps.list"
    assert get_default_line(mimeapps.read_text(), "x-scheme-handler/foryoure") == desktop.name
    # idempotent
    handler.install_linux()
    done = handler.uninstall_linux()
    assert any("Removed" in d for d in done)
    after = sorted(p.relative_to(isolated_home) for p in isolated_home.rglob("*"))
    assert after == before  # exactly what install added is gone
    assert handler.query_default("foryoure") is None
    assert handler.uninstall_linux() == ["Nothing to remove: the handler was not installed."]


@needs_xdg
def test_uninstall_restores_the_previous_default(isolated_home: Path) -> None:
    apps = _apps()
    apps.mkdir(parents=True, exist_ok=True)
    (apps / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=/bin/true %u\n"
        "MimeType=x-scheme-handler/foryoure;\n"
    )
    mimeapps = isolated_home / ".config" / "mimeapps.list"
    original = (
        "[Default Applications]\nx-scheme-handler/foryoure=other.desktop\ntext/plain=ed.desktop\n"
    )
    mimeapps.write_text(original)
    state = handler.install_linux()
    assert state.previous_default == "other.desktop"
    assert handler.query_default("foryoure") == "amogui-url-handler.desktop"
    handler.uninstall_linux()
    assert mimeapps.read_text() == original
    assert handler.query_default("foryoure") == "other.desktop"
    assert (apps / "other.desktop").exists()


@needs_xdg
def test_uninstall_leaves_a_later_choice_alone(isolated_home: Path) -> None:
    handler.install_linux()
    mimeapps = isolated_home / ".config" / "mimeapps.list"
    mimeapps.write_text("[Default Applications]\nx-scheme-handler/foryoure=mine.desktop\n")
    handler.uninstall_linux()
    assert get_default_line(mimeapps.read_text(), "x-scheme-handler/foryoure") == "mine.desktop"


@needs_xdg
def test_status_reports_problems(isolated_home: Path) -> None:
    handler.install_linux(argv=["/nonexistent/python", "-m", "amogui", "open-url", "--"])
    status = handler.status_linux()
    assert not status.registered
    assert any("interpreter" in p for p in status.problems)
    handler.uninstall_linux()


@needs_xdg
def test_other_scheme_gets_its_own_file() -> None:
    state = handler.install_linux("myapp")
    assert state.desktop_file == "amogui-url-handler-myapp.desktop"
    assert handler.status_linux("myapp").registered
    assert not handler.status_linux("foryoure").installed
    handler.uninstall_linux("myapp")


def test_windows_registry_writes() -> None:
    registry = MemoryRegistry()
    argv = ["C:\\Program Files\\amogui\\pythonw.exe", "-m", "amogui", "open-url", "--"]
    entries = handler.install_windows(registry, "foryoure", argv)
    base = "Software\\Classes\\foryoure"
    assert registry.get_value(base, "") == "URL:foryoure"
    assert registry.get_value(base, "URL Protocol") == ""
    command = registry.get_value(base + "\\shell\\open\\command", "")
    assert command == '"C:\\Program Files\\amogui\\pythonw.exe" -m amogui open-url -- "%1"'
    assert len(entries) == 3
    assert handler.uninstall_windows(registry) is True
    assert registry.values == {}
    assert handler.uninstall_windows(registry) is False


def test_windows_uninstall_leaves_another_program_alone() -> None:
    registry = MemoryRegistry()
    registry.set_value("Software\\Classes\\foryoure\\shell\\open\\command", "", '"x.exe" "%1"')
    with pytest.raises(HandlerError, match="another program"):
        handler.uninstall_windows(registry)
    assert registry.values


def test_reference_reg_file_is_current() -> None:
    path = ROOT / "packaging" / "windows" / "amogui-url-handler.reg"
    assert path.read_bytes().decode() == handler.reference_reg_file()
    assert '"URL Protocol"=""' in handler.reference_reg_file()


def test_info_plist_fragment_is_current_and_valid() -> None:
    fragment = handler.info_plist_fragment()
    path = ROOT / "packaging" / "macos" / "Info.plist.fragment"
    assert path.read_text() == fragment
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        + fragment
        + "</dict>\n</plist>\n"
    )
    data = plistlib.loads(document.encode())
    assert data["CFBundleURLTypes"][0]["CFBundleURLSchemes"] == ["foryoure"]
    assert handler.url_types("x")[0]["CFBundleURLSchemes"] == ["x"]


def test_file_open_filter(qapp: QCoreApplication) -> None:
    seen: list[str] = []
    event_filter = handler.install_file_open_filter(qapp, seen.append)
    try:
        url = "foryoure://amo-crm/callback?code=a%2Bb&state=s"
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl(url)))
        QCoreApplication.sendEvent(qapp, QFileOpenEvent("/tmp/some-file.txt"))
        assert seen == [url]
    finally:
        qapp.removeEventFilter(event_filter)
