"""The bundled files are found the same way in a checkout and in an installed copy (a
wheel or the frozen app, which both carry them as amogui/resources)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import amogui
from amogui.base.resources import resource, resources_dir
from amogui.checklist import BUNDLED_NAME, load_bundled

REPO = Path(amogui.__file__).resolve().parents[1]


def test_a_checkout_reads_the_top_level_folder() -> None:
    assert resources_dir() == REPO / "resources"
    assert resource("checklists", BUNDLED_NAME).is_file()
    assert resource("icons", "amogui.svg").is_file()
    assert (resources_dir() / "translations").is_dir()
    assert load_bundled().decidable_steps()


def test_an_installed_copy_reads_its_own(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "amogui", site / "amogui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "resources", site / "amogui" / "resources")
    assert resources_dir(site / "amogui") == site / "amogui" / "resources"
    probe = "from amogui.checklist import load_bundled; print(load_bundled().title)"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            probe + "; from amogui.base.resources import resources_dir; print(resources_dir())",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    title, found = done.stdout.strip().splitlines()
    assert title == load_bundled().title
    assert Path(found) == site / "amogui" / "resources"
