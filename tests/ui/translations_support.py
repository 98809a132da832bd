"""Fixtures for the language tests: catalogues compiled into a temp dir, and a UI that is
back in English (and the default locale restored) after every test that switched it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from amogui.ui import i18n


@pytest.fixture(scope="session")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's .ts files compiled in a temp dir (the source tree is left alone)."""
    if i18n.find_lrelease() is None:
        pytest.skip("pyside6-lrelease is not installed")
    directory = tmp_path_factory.mktemp("translations")
    for ts in i18n.TRANSLATIONS_DIR.glob("*.ts"):
        shutil.copy(ts, directory / ts.name)
    compiled = i18n.ensure_compiled(directory)
    assert sorted(p.name for p in compiled) == ["amogui_en.qm", "amogui_uk.qm"]
    return directory


@pytest.fixture
def translations(qapp: QApplication, catalogues: Path) -> Iterator[i18n.Translations]:
    """A `Translations` on the test's app; English and the old default locale afterwards."""
    previous = QLocale()
    made = i18n.Translations(qapp, catalogues)
    yield made
    made.apply("en")
    made._remove()
    QLocale.setDefault(previous)
    made.deleteLater()
