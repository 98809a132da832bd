"""Files a tester attaches to a step (a screenshot of the consent page, of the app after
the deep link): copied next to the run, hashed, and later signed into the report bundle.

The copy is the evidence: the original may change or go after attaching. Names are made
safe for every file system and for the bundle's MANIFEST (``[A-Za-z0-9._-]``), numbered so
two files of the same name never collide. Nothing here touches Qt; the window calls
`add_attachment` off the GUI thread.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from amogui.base import paths
from amogui.base.files import atomic_write
from amogui.run.state import Run

MAX_BYTES = 25 * 1024 * 1024  # a few screenshots, not a screen recording
MAX_NAME = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class AttachmentError(Exception):
    """A file that cannot be attached, with one sentence saying why."""


def attachments_dir(run_id: str) -> Path:
    # A run id read from a run file is not trusted to be a plain name.
    return paths.data_dir() / "attachments" / safe_name(run_id)


def safe_name(name: str) -> str:
    """A file name of ``[A-Za-z0-9._-]`` only, its extension kept: "знімок 1.png" -> "1.png"."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:MAX_NAME] or "file"
    ext = _UNSAFE.sub("", ext)[:10]
    return f"{stem}.{ext}" if ext else stem


def _read(source: Path) -> bytes:
    try:
        info = source.stat()
    except OSError as exc:
        raise AttachmentError(f"cannot read {source}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise AttachmentError(f"{source} is not a file")
    if info.st_size > MAX_BYTES:
        raise AttachmentError(
            f"{source.name} is {info.st_size // (1024 * 1024)} MB; attachments are limited "
            f"to {MAX_BYTES // (1024 * 1024)} MB"
        )
    try:
        with source.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AttachmentError(f"cannot read {source}: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:  # it grew while being read
        raise AttachmentError(f"{source.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def next_name(run: Run, source_name: str, reserved: set[str] | frozenset[str] = frozenset()) -> str:
    """The kept copy's name: numbered after the run's attachments and any `reserved` (names
    of copies still being made), so two attachments never share one."""
    taken = {a.get("name", "") for a in run.attachments} | set(reserved)
    number = len(run.attachments) + len(reserved) + 1
    name = f"{number:02d}-{safe_name(source_name)}"
    while name in taken:
        number += 1
        name = f"{number:02d}-{safe_name(source_name)}"
    return name


def add_attachment(run: Run, step_id: str, source: Path, name: str | None = None) -> dict[str, str]:
    """Copy `source` next to the run (as `name`, else `next_name`) and describe it; the
    caller appends the description to ``run.attachments`` on its own thread and saves."""
    data = _read(source)
    name = safe_name(name) if name else next_name(run, source.name)
    target = attachments_dir(run.run_id) / name
    if target.exists():
        raise AttachmentError(f"an attachment named {name} exists already")
    try:
        atomic_write(target, data)
    except OSError as exc:
        why = exc.strerror or exc
        raise AttachmentError(f"cannot keep a copy of {source.name}: {why}") from exc
    return {
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "path": str(target),
        "step": step_id,
        "original": source.name,
    }


def read_attachment(entry: dict[str, str]) -> bytes | None:
    """The kept copy's bytes when they are still what was attached; None when the copy is
    gone or changed (the report then says so instead of signing something else)."""
    try:
        data = Path(entry.get("path", "")).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == entry.get("sha256") else None


def discard_copy(run_id: str, entry: dict[str, str]) -> bool:
    """Delete the kept copy of a removed attachment; only ever inside the run's own
    attachments folder (a run file is not trusted to name a path). True when deleted."""
    folder = attachments_dir(run_id).resolve()
    try:
        path = Path(entry.get("path", "")).resolve()
    except (OSError, RuntimeError):
        return False
    if path.parent != folder:
        return False
    try:
        path.unlink()
    except OSError:
        return False
    return True
