"""Autosave and resume: every change is written atomically to the user data dir.

Layout: ``<data>/runs/<run_id>.json`` and ``<data>/runs/current`` (the id of the run
the window resumes). A write goes to a temp file in the same folder, is flushed and
fsynced, then renamed over the old file, so a crash leaves the old or the new run,
never half of one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amogui.base import paths
from amogui.base.files import atomic_write
from amogui.base.redact import REDACTOR
from amogui.run.state import Run

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    run_id: str
    started_at: str
    checklist_name: str
    profile: str
    path: Path


def redacted(data: dict[str, Any]) -> dict[str, Any]:
    """A run's data with what the tester typed (actual results, notes) redacted: a token
    pasted into a note never reaches the disk. Everything else was redacted when recorded."""
    for record in data.get("steps", {}).values():
        for name in ("actual", "note"):
            if isinstance(record.get(name), str):
                record[name] = REDACTOR.text(record[name])
    return data


class RunStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or paths.data_dir() / "runs"

    def path(self, run_id: str) -> Path:
        return self.root / f"{run_id}.json"

    def save(self, run: Run) -> Path:
        target = self.path(run.run_id)
        body = json.dumps(redacted(run.to_dict()), ensure_ascii=False, indent=1).encode()
        atomic_write(target, body)
        return target

    def load(self, run_id: str) -> Run:
        data = json.loads(self.path(run_id).read_text(encoding="utf-8"))
        return Run.from_dict(data)

    def set_current(self, run_id: str) -> None:
        atomic_write(self.root / "current", run_id.encode())

    def current(self) -> Run | None:
        """The run to resume, or None. A damaged file is kept aside, never deleted."""
        marker = self.root / "current"
        try:
            run_id = marker.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        try:
            return self.load(run_id)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("could not resume run %s: %s", run_id, exc)
            return None

    def list(self) -> list[RunSummary]:
        out: list[RunSummary] = []
        for file in sorted(self.root.glob("*.json")):
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            out.append(
                RunSummary(
                    run_id=str(data.get("run_id", file.stem)),
                    started_at=str(data.get("started_at", "")),
                    checklist_name=str(data.get("checklist_name", "")),
                    profile=str(data.get("profile", "")),
                    path=file,
                )
            )
        return sorted(out, key=lambda s: s.started_at, reverse=True)
