"""Fixtures for the language tests: the project's catalogues, and a UI that is back in
English (and the default locale restored) after every test that switched it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from amogui.base.catalogues import translations_dir
from amogui.ui import i18n


@pytest.fixture(scope="session")
def catalogues() -> Path:
    """The folder of the translation sources; a test compiles them on first use into its
    own cache folder (HOME is the test's), as a checkout does."""
    directory = translations_dir()
    assert sorted(p.name for p in directory.glob("*.po")) == ["amogui_en.po", "amogui_uk.po"]
    return directory


@pytest.fixture
def translations(qapp: QApplication, catalogues: Path) -> Iterator[i18n.Translations]:
    """A `Translations` on the test's app; English and the old default locale afterwards."""
    previous = QLocale()
    made = i18n.Translations(qapp)
    yield made
    made.apply("en")
    made._remove()
    QLocale.setDefault(previous)
    made.deleteLater()
