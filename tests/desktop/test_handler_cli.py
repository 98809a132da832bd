from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from amogui.cli import main

pytestmark = pytest.mark.skipif(
    not (shutil.which("xdg-mime") and shutil.which("update-desktop-database")),
    reason="xdg-utils and desktop-file-utils are not installed",
)


def test_install_status_uninstall(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["handler", "status"]) == 1
    assert "registered:   no" in capsys.readouterr().out
    assert main(["handler", "install"]) == 0
    assert "amogui-url-handler.desktop" in capsys.readouterr().out
    assert main(["handler", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["registered"] is True and status["default"] == "amogui-url-handler.desktop"
    assert main(["handler", "uninstall"]) == 0
    assert "Removed" in capsys.readouterr().out
    assert not (isolated_home / ".local/share/applications/amogui-url-handler.desktop").exists()


def test_scheme_option_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["handler", "install", "--scheme", "my app"]) == 2
    assert "not a URL scheme" in capsys.readouterr().err
    assert main(["handler", "status", "--profile", "No Such Profile"]) == 2
    assert "No Such Profile" in capsys.readouterr().err
    assert main(["handler", "install", "--scheme", "other"]) == 0
    assert main(["handler", "uninstall", "--scheme", "other"]) == 0
