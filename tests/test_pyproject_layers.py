"""The layers hold: import-linter's contracts in pyproject.toml (the same check
`./dev.sh test` runs before pytest), and the check itself notices a broken rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert tool is not None, "import-linter is one of the test tools (pip install -e .[test])"
    return subprocess.run(
        [tool, "--no-cache", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_contracts_are_kept() -> None:
    done = lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_a_broken_rule_is_noticed(tmp_path: Path) -> None:
    # The window imports the service: a contract forbidding that must break.
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "amogui"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "planted"\ntype = "forbidden"\n'
        'source_modules = ["amogui.ui.main_window"]\n'
        'forbidden_modules = ["amogui.service"]\n',
        encoding="utf-8",
    )
    done = lint_imports("--config", str(config))
    assert done.returncode == 1, done.stdout
    assert "BROKEN" in done.stdout and "amogui.ui.main_window" in done.stdout
