"""The language read before the window is built: the saved one, or "" on any doubt."""

from __future__ import annotations

from pathlib import Path

import pytest

from amogui.settings.language import saved_language, settings_path
from amogui.settings.store import Settings, SettingsStore


def test_reads_the_language_the_settings_store_saved() -> None:
    SettingsStore().save(Settings(language="uk"))
    assert settings_path() == SettingsStore().path
    assert saved_language() == "uk"


def test_no_settings_file_means_the_system_language() -> None:
    assert not settings_path().exists()
    assert saved_language() == ""


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '{"language": 42}',
        '{"language": "../../etc"}',
        '{"language": "uk\\nINJECTED"}',
        "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
    ],
)
def test_anything_doubtful_means_the_system_language(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="latin-1")
    assert saved_language(path) == ""


def test_a_damaged_file_is_left_for_the_settings_store_to_report(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    saved_language(path)
    assert path.read_text(encoding="utf-8") == "{not json"  # not moved aside here
    store = SettingsStore(path)
    assert store.warnings and "not valid JSON" in str(store.warnings[0])
