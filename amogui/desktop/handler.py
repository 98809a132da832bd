"""Register amogui as the OS handler of the profile's deep link scheme (``foryoure://``).

- Linux: a ``.desktop`` file in ``$XDG_DATA_HOME/applications`` with
  ``MimeType=x-scheme-handler/<scheme>;``, then ``xdg-mime default`` and
  ``update-desktop-database``. Uninstall removes exactly what install added: it puts back
  the ``mimeapps.list`` lines install changed (so a previous default returns) and deletes
  the files and directories install created. What install changed is kept in
  ``$XDG_DATA_HOME/amogui/url-handler-<scheme>.json``.
- Windows: ``HKCU\\Software\\Classes\\<scheme>`` (no admin rights), behind the small
  `Registry` interface so what it would write is tested anywhere.
- macOS: the bundle's ``CFBundleURLTypes`` (`info_plist_fragment`; the build puts it in
  Info.plist) and a ``QEvent.FileOpen`` filter (`install_file_open_filter`).

The command the OS runs is ``<python> -m amogui open-url -- <url>``: the ``--`` marks
where the untrusted argument starts, so a URL can never be read as an option. The
interpreter's path is quoted only when the Desktop Entry spec requires it: xdg-open's
generic fallback (no desktop environment, as under Xvfb) splits Exec on spaces and keeps
quotes, so an interpreter path with a space works with gio/KDE but not there.
"""

from __future__ import annotations

import contextlib
import json
import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from amogui.base.deeplinks import DEFAULT_SCHEME
from amogui.base.files import SHARED_FILE, atomic_write_text

BUNDLE_URL_NAME = "io.github.foryou.amogui"
DEFAULT_SECTION = "Default Applications"
TOOL_TIMEOUT = 30.0


class HandlerError(Exception):
    """Installing or removing the handler failed; the message is one sentence."""


def handler_argv(python: str | None = None) -> list[str]:
    """The command before the URL: ``<python> -m amogui open-url --``."""
    return [python or sys.executable, "-m", "amogui", "open-url", "--"]


# -- Linux ------------------------------------------------------------------------------------

_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def quote_exec_arg(arg: str) -> str:
    """Quote one argument for a Desktop Entry ``Exec`` key.

    The spec's two layers: an argument with a reserved character is put in double
    quotes, inside which ``"``, `````, ``$`` and ``\\`` get a backslash; then, since Exec
    is a string value, every backslash is doubled. A literal ``%`` becomes ``%%``.
    """
    arg = arg.replace("%", "%%")
    if arg and not (_EXEC_RESERVED & set(arg)):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return ('"' + inner + '"').replace("\\", "\\\\")


def desktop_file_name(scheme: str) -> str:
    suffix = "" if scheme == DEFAULT_SCHEME else f"-{scheme}"
    return f"amogui-url-handler{suffix}.desktop"


def desktop_entry(scheme: str, argv: list[str] | None = None) -> str:
    argv = argv or handler_argv()
    exec_line = " ".join(quote_exec_arg(a) for a in argv) + " %u"
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.0\n"
        "Name=amogui URL handler\n"
        f"Comment=Hands {scheme}:// deep links to amogui\n"
        f"Exec={exec_line}\n"
        f"MimeType=x-scheme-handler/{scheme};\n"
        "NoDisplay=true\n"
        "Terminal=false\n"
        "StartupNotify=false\n"
    )


def mime_type(scheme: str) -> str:
    return f"x-scheme-handler/{scheme}"


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME")
    return Path(value) if value else Path.home() / ".local" / "share"


def config_home() -> Path:
    value = os.environ.get("XDG_CONFIG_HOME")
    return Path(value) if value else Path.home() / ".config"


def applications_dir() -> Path:
    return data_home() / "applications"


def mimeapps_candidates() -> list[Path]:
    """Files where xdg-mime may record a default (desktop-specific ones first)."""
    desktops = [d.lower() for d in os.environ.get("XDG_CURRENT_DESKTOP", "").split(":") if d]
    files = [config_home() / f"{d}-mimeapps.list" for d in desktops]
    return [*files, config_home() / "mimeapps.list", applications_dir() / "mimeapps.list"]


def get_default_line(text: str, mime: str) -> str | None:
    """The value of `mime` in the ``[Default Applications]`` section of a mimeapps.list."""
    section = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1]
        elif section == DEFAULT_SECTION and "=" in stripped:
            key, _, value = stripped.partition("=")
            if key.strip() == mime:
                return value.strip()
    return None


def set_default_line(text: str, mime: str, value: str | None) -> str:
    """`text` with `mime`'s default set to `value` (None removes the line)."""
    out: list[str] = []
    section = None
    done = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            if section == DEFAULT_SECTION and not done and value is not None:
                out.append(f"{mime}={value}")
                done = True
            section = stripped[1:-1]
        elif section == DEFAULT_SECTION and stripped.partition("=")[0].strip() == mime:
            if value is not None and not done:
                out.append(f"{mime}={value}")
            done = True
            continue
        out.append(line)
    if not done and value is not None:
        if section != DEFAULT_SECTION:
            out.append(f"[{DEFAULT_SECTION}]")
        out.append(f"{mime}={value}")
    return "\n".join(out) + "\n" if out else ""


@dataclass
class MimeappsChange:
    path: str
    existed: bool
    previous: str | None  # the line's value before install (None: no line)


@dataclass
class InstallState:
    """What install changed, so uninstall undoes exactly that."""

    scheme: str
    desktop_file: str
    exec_argv: list[str]
    previous_default: str | None
    created_apps_dir: bool
    created_cache: bool
    mimeapps: list[MimeappsChange] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InstallState:
        changes = [MimeappsChange(**c) for c in data.get("mimeapps", [])]
        return cls(**{**data, "mimeapps": changes})


def state_path(scheme: str) -> Path:
    return data_home() / "amogui" / f"url-handler-{scheme}.json"


def _run_tool(
    argv: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if shutil.which(argv[0]) is None:
        raise HandlerError(
            f"{argv[0]} is not installed (Debian: apt install xdg-utils desktop-file-utils)."
        )
    try:
        return subprocess.run(
            argv, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False, env=env
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HandlerError(f"{argv[0]} failed: {exc}.") from exc


def query_default(scheme: str) -> str | None:
    """What ``xdg-mime query default x-scheme-handler/<scheme>`` says (None: nothing)."""
    proc = _run_tool(["xdg-mime", "query", "default", mime_type(scheme)])
    value = proc.stdout.strip()
    return value or None if proc.returncode == 0 else None


def _snapshot_mimeapps(mime: str) -> dict[Path, tuple[bool, str | None]]:
    snap = {}
    for path in mimeapps_candidates():
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        snap[path] = (path.is_file(), get_default_line(text, mime))
    return snap


def install_linux(scheme: str = DEFAULT_SCHEME, argv: list[str] | None = None) -> InstallState:
    """Write the .desktop file, make it the default for the scheme, refresh the cache."""
    argv = argv or handler_argv()
    apps = applications_dir()
    name = desktop_file_name(scheme)
    old = _load_state(scheme)
    before = _snapshot_mimeapps(mime_type(scheme))
    previous = old.previous_default if old else query_default(scheme)
    state = InstallState(
        scheme=scheme,
        desktop_file=name,
        exec_argv=argv,
        previous_default=None if previous == name else previous,
        created_apps_dir=old.created_apps_dir if old else not apps.exists(),
        created_cache=old.created_cache if old else not (apps / "mimeinfo.cache").exists(),
    )
    apps.mkdir(parents=True, exist_ok=True)
    _write_atomic(apps / name, desktop_entry(scheme, argv))
    proc = _run_tool(["xdg-mime", "default", name, mime_type(scheme)])
    if proc.returncode != 0:
        raise HandlerError(f"xdg-mime default failed: {proc.stderr.strip() or proc.returncode}.")
    _run_tool(["update-desktop-database", str(apps)])
    state.mimeapps = _mimeapps_changes(before, mime_type(scheme), old)
    _write_atomic(state_path(scheme), json.dumps(asdict(state), indent=2))
    return state


def _mimeapps_changes(
    before: dict[Path, tuple[bool, str | None]], mime: str, old: InstallState | None
) -> list[MimeappsChange]:
    # A re-install keeps the first install's "before", or uninstall would restore ours.
    if old is not None:
        known = {c.path for c in old.mimeapps}
        changes = list(old.mimeapps)
    else:
        known, changes = set(), []
    for path, (existed, value) in before.items():
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        now = get_default_line(text, mime)
        if str(path) not in known and (now != value or path.is_file() != existed):
            changes.append(MimeappsChange(str(path), existed, value))
    return changes


def _load_state(scheme: str) -> InstallState | None:
    path = state_path(scheme)
    try:
        return InstallState.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _write_atomic(path: Path, text: str) -> None:
    # The desktop reads .desktop files and mimeapps.list as the user: ordinary modes.
    atomic_write_text(path, text, mode=SHARED_FILE)


def uninstall_linux(scheme: str = DEFAULT_SCHEME) -> list[str]:
    """Undo `install_linux`; returns what was done, one sentence each."""
    state = _load_state(scheme)
    apps = applications_dir()
    name = state.desktop_file if state else desktop_file_name(scheme)
    done = []
    if (apps / name).exists():
        (apps / name).unlink()
        done.append(f"Removed {apps / name}.")
    for change in state.mimeapps if state else []:
        done += _restore_mimeapps(change, mime_type(scheme), name)
    if state is None:
        done += _drop_our_lines(mime_type(scheme), name)
    if apps.is_dir():
        _run_tool(["update-desktop-database", str(apps)])
        done += _remove_created(apps, state)
    state_path(scheme).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # only when nothing else of amogui's is there
        state_path(scheme).parent.rmdir()
    return done or ["Nothing to remove: the handler was not installed."]


def _restore_mimeapps(change: MimeappsChange, mime: str, ours: str) -> list[str]:
    path = Path(change.path)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    if get_default_line(text, mime) != ours:
        return []  # someone chose another handler since: leave their choice alone
    new = set_default_line(text, mime, change.previous)
    if not change.existed and not _has_entries(new):
        path.unlink()
        return [f"Removed {path}, which install had created."]
    _write_atomic(path, new)
    what = f"restored {change.previous}" if change.previous else "removed amogui's default"
    return [f"In {path}: {what}."]


def _drop_our_lines(mime: str, ours: str) -> list[str]:
    """Without a state file (an older install): remove lines that name our file."""
    done = []
    for path in mimeapps_candidates():
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if get_default_line(text, mime) == ours:
                _write_atomic(path, set_default_line(text, mime, None))
                done.append(f"In {path}: removed amogui's default.")
    return done


def _has_entries(text: str) -> bool:
    return any("=" in line and not line.lstrip().startswith("#") for line in text.splitlines())


def _remove_created(apps: Path, state: InstallState | None) -> list[str]:
    done = []
    cache = apps / "mimeinfo.cache"
    others = [p for p in apps.iterdir() if p.suffix == ".desktop"]
    if state is not None and state.created_cache and cache.exists() and not others:
        cache.unlink()
        done.append(f"Removed {cache}, which install had created.")
    if state is not None and state.created_apps_dir and not any(apps.iterdir()):
        apps.rmdir()
        done.append(f"Removed the empty {apps}.")
    return done


@dataclass
class HandlerStatus:
    platform: str
    scheme: str
    desktop_file: str
    installed: bool  # our .desktop file exists
    default: str | None  # what xdg-mime says handles the scheme
    exec_line: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def registered(self) -> bool:
        return self.installed and self.default == Path(self.desktop_file).name and not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "registered": self.registered}


def status_linux(scheme: str = DEFAULT_SCHEME) -> HandlerStatus:
    path = applications_dir() / desktop_file_name(scheme)
    problems = []
    exec_line = ""
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("Exec="):
                exec_line = line[5:]
        interpreter = _first_exec_arg(exec_line)
        if interpreter and not os.access(interpreter, os.X_OK):
            problems.append(
                f"The handler's interpreter {interpreter} is missing or not executable."
            )
    try:
        default = query_default(scheme)
    except HandlerError as exc:
        default = None
        problems.append(str(exc))
    if path.is_file() and default not in (None, path.name):
        problems.append(f"{default} handles {scheme}:// instead of amogui.")
    return HandlerStatus("linux", scheme, str(path), path.is_file(), default, exec_line, problems)


def _first_exec_arg(exec_line: str) -> str:
    line = exec_line.replace("\\\\", "\\")
    if line.startswith('"'):
        out, i = [], 1
        while i < len(line) and line[i] != '"':
            if line[i] == "\\" and i + 1 < len(line):
                i += 1
            out.append(line[i])
            i += 1
        return "".join(out)
    return line.split(" ", 1)[0]


# -- Windows ----------------------------------------------------------------------------------

CLASSES_KEY = "Software\\Classes"


@dataclass(frozen=True)
class RegValue:
    key: str  # under HKEY_CURRENT_USER
    name: str  # "" is the key's default value
    value: str


class Registry(Protocol):
    def set_value(self, key: str, name: str, value: str) -> None: ...
    def get_value(self, key: str, name: str) -> str | None: ...
    def delete_tree(self, key: str) -> None: ...


class MemoryRegistry:
    """A registry in a dict: what the Windows code would write, testable anywhere."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def set_value(self, key: str, name: str, value: str) -> None:
        self.values[(key.lower(), name)] = value

    def get_value(self, key: str, name: str) -> str | None:
        return self.values.get((key.lower(), name))

    def delete_tree(self, key: str) -> None:
        low = key.lower()
        self.values = {
            k: v for k, v in self.values.items() if k[0] != low and not k[0].startswith(low + "\\")
        }


class WinRegistry:  # pragma: no cover - needs Windows
    """HKEY_CURRENT_USER through `winreg`."""

    def __init__(self) -> None:
        import winreg

        self.winreg: Any = winreg  # typed as Any: mypy on Linux sees an empty module

    def set_value(self, key: str, name: str, value: str) -> None:
        with self.winreg.CreateKey(self.winreg.HKEY_CURRENT_USER, key) as handle:
            self.winreg.SetValueEx(handle, name, 0, self.winreg.REG_SZ, value)

    def get_value(self, key: str, name: str) -> str | None:
        try:
            with self.winreg.OpenKey(self.winreg.HKEY_CURRENT_USER, key) as handle:
                return str(self.winreg.QueryValueEx(handle, name)[0])
        except OSError:
            return None

    def delete_tree(self, key: str) -> None:
        try:
            with self.winreg.OpenKey(self.winreg.HKEY_CURRENT_USER, key) as handle:
                while True:
                    try:
                        child = self.winreg.EnumKey(handle, 0)
                    except OSError:
                        break
                    self.delete_tree(f"{key}\\{child}")
            self.winreg.DeleteKey(self.winreg.HKEY_CURRENT_USER, key)
        except FileNotFoundError:
            pass


def windows_interpreter(python: str | None = None) -> str:
    """pythonw.exe next to python.exe when there is one: no console window flashes."""
    python = python or sys.executable
    if python.lower().endswith("python.exe"):
        candidate = python[: -len("python.exe")] + "pythonw.exe"
        if os.path.exists(candidate):
            return candidate
    return python


def windows_command(argv: list[str]) -> str:
    """The ``shell\\open\\command`` value: every part quoted, the URL as ``"%1"``."""
    quoted = [f'"{a}"' if (" " in a or not a) else a for a in argv]
    quoted[0] = f'"{argv[0]}"'
    return " ".join([*quoted, '"%1"'])


def windows_entries(scheme: str = DEFAULT_SCHEME, argv: list[str] | None = None) -> list[RegValue]:
    argv = argv or handler_argv(windows_interpreter())
    base = f"{CLASSES_KEY}\\{scheme}"
    return [
        RegValue(base, "", f"URL:{scheme}"),
        RegValue(base, "URL Protocol", ""),
        RegValue(f"{base}\\shell\\open\\command", "", windows_command(argv)),
    ]


def install_windows(
    registry: Registry, scheme: str = DEFAULT_SCHEME, argv: list[str] | None = None
) -> list[RegValue]:
    entries = windows_entries(scheme, argv)
    for entry in entries:
        registry.set_value(entry.key, entry.name, entry.value)
    return entries


def uninstall_windows(registry: Registry, scheme: str = DEFAULT_SCHEME) -> bool:
    """Remove the scheme's key if its command is amogui's; False when it is someone else's."""
    base = f"{CLASSES_KEY}\\{scheme}"
    command = registry.get_value(f"{base}\\shell\\open\\command", "")
    if command is None:
        return False
    if " -m amogui open-url -- " not in command:
        raise HandlerError(f"{scheme}:// is registered to another program; it was left alone.")
    registry.delete_tree(base)
    return True


def reg_file(entries: list[RegValue]) -> str:
    """A ``.reg`` file with the entries (for reference and for installers)."""
    lines = ["Windows Registry Editor Version 5.00", ""]
    current = None
    for entry in entries:
        if entry.key != current:
            if current is not None:
                lines.append("")
            lines.append(f"[HKEY_CURRENT_USER\\{entry.key}]")
            current = entry.key
        name = "@" if entry.name == "" else _reg_string(entry.name)
        lines.append(f"{name}={_reg_string(entry.value)}")
    return "\r\n".join(lines) + "\r\n"


def _reg_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- macOS ------------------------------------------------------------------------------------


def url_types(scheme: str = DEFAULT_SCHEME) -> list[dict[str, Any]]:
    """The ``CFBundleURLTypes`` value (also what PyInstaller's ``info_plist`` takes)."""
    return [
        {
            "CFBundleURLName": BUNDLE_URL_NAME,
            "CFBundleTypeRole": "Viewer",
            "CFBundleURLSchemes": [scheme],
        }
    ]


def info_plist_fragment(scheme: str = DEFAULT_SCHEME) -> str:
    """The ``<key>CFBundleURLTypes</key><array>...</array>`` lines to put in Info.plist."""
    document = plistlib.dumps({"CFBundleURLTypes": url_types(scheme)}, sort_keys=True).decode()
    lines = document.splitlines()
    start = lines.index("<dict>") + 1
    end = len(lines) - 1 - lines[::-1].index("</dict>")
    return "\n".join(lines[start:end]) + "\n"


def install_file_open_filter(app: Any, callback: Callable[[str], object]) -> Any:
    """Deliver macOS ``QEvent.FileOpen`` URLs to `callback`; install before ``exec()``.

    Returns the filter object: keep a reference (it is also parented to `app`).
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QFileOpenEvent

    class FileOpenFilter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen:
                url = cast(QFileOpenEvent, event).url()  # the type says which event it is
                if url.isValid() and not url.isLocalFile():
                    # The encoded form: toString() would percent-decode the query.
                    callback(bytes(url.toEncoded().data()).decode("ascii", "replace"))
                    return True
            return False

    event_filter = FileOpenFilter(app)
    app.installEventFilter(event_filter)
    return event_filter


# -- reference files in packaging/ ------------------------------------------------------------

REFERENCE_WINDOWS_PYTHON = "C:\\Program Files\\amogui\\pythonw.exe"


def reference_reg_file(scheme: str = DEFAULT_SCHEME) -> str:
    """``packaging/windows/amogui-url-handler.reg``: what install writes, for an install
    whose interpreter is `REFERENCE_WINDOWS_PYTHON` (the real path is the user's)."""
    return reg_file(windows_entries(scheme, handler_argv(REFERENCE_WINDOWS_PYTHON)))
