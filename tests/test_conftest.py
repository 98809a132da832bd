"""The suite's own guard (tests/conftest.py): byte code goes to build/, and a change to the
source trees is noticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PYCACHE, ROOT, tree_changes, tree_snapshot


def test_byte_code_goes_to_the_build_folder_in_this_process_and_its_children() -> None:
    assert sys.pycache_prefix == str(PYCACHE) == os.environ["PYTHONPYCACHEPREFIX"]
    assert PYCACHE.is_relative_to(ROOT / "build")
    child = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.pycache_prefix)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == str(PYCACHE)


def test_a_file_added_changed_or_removed_is_noticed(tmp_path: Path) -> None:
    tree = tmp_path / "amogui"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.py").write_text("a")
    (tree / "sub" / "b.py").write_text("b")
    before = tree_snapshot((tree,), tmp_path)
    assert tree_changes(before, tree_snapshot((tree,), tmp_path)) == []
    (tree / "a.py").write_text("a, longer")
    (tree / "sub" / "b.py").unlink()
    (tree / "sub" / "__pycache__").mkdir()
    (tree / "sub" / "__pycache__" / "b.cpython-312.pyc").write_bytes(b"\0")
    assert tree_changes(before, tree_snapshot((tree,), tmp_path)) == [
        "added amogui/sub/__pycache__/b.cpython-312.pyc",
        "removed amogui/sub/b.py",
        "changed amogui/a.py",
    ]
