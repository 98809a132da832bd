"""amogui's folders: made private, and tightened when an older amogui left them open."""

from __future__ import annotations

import stat
from pathlib import Path

from amogui.base import paths


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_ensure_makes_private_folders_up_to_the_app_folder() -> None:
    runs = paths.ensure(paths.data_dir() / "runs")
    assert mode(runs) == 0o700 and mode(paths.data_dir()) == 0o700


def test_ensure_and_tighten_all_tighten_only_our_folders() -> None:
    data = paths.data_dir()
    data.mkdir(parents=True)
    data.chmod(0o755)
    data.parent.chmod(0o755)  # ~/.local/share: not ours to change
    paths.tighten_all()
    assert mode(data) == 0o700 and mode(data.parent) == 0o755
    (data / "runs").mkdir()
    (data / "runs").chmod(0o777)
    paths.ensure(data / "runs")
    assert mode(data / "runs") == 0o700 and mode(data.parent) == 0o755


def test_tighten_leaves_links_and_missing_folders_alone(tmp_path: Path) -> None:
    target = tmp_path / "shared"
    target.mkdir(mode=0o755)
    target.chmod(0o755)
    link = tmp_path / "link"
    link.symlink_to(target)
    paths.tighten(link)
    paths.tighten(tmp_path / "missing")
    assert mode(target) == 0o755
