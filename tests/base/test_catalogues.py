"""Where compiled catalogues come from: the build's, the user cache's (compiled on demand,
keyed by the source's content), never a stale or damaged one."""

from __future__ import annotations

import gettext
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from amogui.base import catalogues
from amogui.base.catalogues import SOURCE_KEY_HEADER, compile_source, load, source_key
from amogui.base.po import POError

UK = 'msgid "Pass"\nmsgstr "Пройдено"\n'
UK_CHANGED = 'msgid "Pass"\nmsgstr "Успішно"\n'


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / "amogui_uk.po").write_text(UK, encoding="utf-8")
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def compilations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Every compilation, counted."""
    made: list[bytes] = []

    def counting(source: bytes) -> bytes:
        made.append(source)
        return compile_source(source)

    monkeypatch.setattr(catalogues, "compile_source", counting)
    yield made


def loaded(sources: Path, cache: Path) -> str:
    found = load("uk", sources, cache)
    return found.gettext("Pass") if found is not None else "(none)"


def test_a_checkout_compiles_once_into_the_cache_and_reads_it_after(
    sources: Path, cache: Path, compilations: list[bytes]
) -> None:
    assert loaded(sources, cache) == "Пройдено"
    key = source_key(UK.encode("utf-8"))
    assert [p.name for p in cache.iterdir()] == [f"amogui_uk-{key}.mo"]
    assert loaded(sources, cache) == "Пройдено"
    assert len(compilations) == 1  # the second start read the cache
    assert not list(sources.glob("*.mo"))  # nothing compiled into the sources


def test_a_changed_source_is_compiled_again_and_the_old_file_goes(
    sources: Path, cache: Path, compilations: list[bytes]
) -> None:
    loaded(sources, cache)
    (sources / "amogui_uk.po").write_text(UK_CHANGED, encoding="utf-8")
    assert loaded(sources, cache) == "Успішно"
    assert len(compilations) == 2
    key = source_key(UK_CHANGED.encode("utf-8"))
    assert [p.name for p in cache.iterdir()] == [f"amogui_uk-{key}.mo"]


def test_the_key_is_the_content_not_the_time(
    sources: Path, cache: Path, compilations: list[bytes]
) -> None:
    loaded(sources, cache)
    os.utime(sources / "amogui_uk.po", (1, 1))  # a checkout of the same file
    assert loaded(sources, cache) == "Пройдено"
    assert len(compilations) == 1


@pytest.mark.parametrize("damage", [b"", b"\xde\x12\x04\x95 cut", b"not a catalogue at all"])
def test_a_damaged_cached_file_is_compiled_again(
    sources: Path,
    cache: Path,
    compilations: list[bytes],
    damage: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    loaded(sources, cache)
    (cached,) = cache.iterdir()
    cached.write_bytes(damage)
    assert loaded(sources, cache) == "Пройдено"
    assert len(compilations) == 2
    assert "is damaged" in caplog.text
    assert cached.read_bytes() != damage  # replaced by a good one


def test_a_build_uses_its_compiled_catalogue_and_writes_no_cache(
    sources: Path, cache: Path, compilations: list[bytes]
) -> None:
    (sources / "amogui_uk.mo").write_bytes(compile_source(UK.encode("utf-8")))
    assert loaded(sources, cache) == "Пройдено"
    assert compilations == []
    assert not cache.exists()


def test_a_compiled_catalogue_of_another_source_is_not_used(
    sources: Path, cache: Path, compilations: list[bytes]
) -> None:
    (sources / "amogui_uk.mo").write_bytes(compile_source(UK_CHANGED.encode("utf-8")))
    assert loaded(sources, cache) == "Пройдено"  # the .po wins: the .mo is stale
    assert len(compilations) == 1


def test_a_build_without_sources_uses_its_compiled_catalogue(sources: Path, cache: Path) -> None:
    (sources / "amogui_uk.mo").write_bytes(compile_source(UK.encode("utf-8")))
    (sources / "amogui_uk.po").unlink()
    assert loaded(sources, cache) == "Пройдено"


def test_a_damaged_build_catalogue_without_sources_is_a_warning_and_none(
    sources: Path, cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = compile_source(UK.encode("utf-8"))
    (sources / "amogui_uk.mo").write_bytes(good[: len(good) // 2])  # cut off
    (sources / "amogui_uk.po").unlink()
    assert load("uk", sources, cache) is None
    assert "amogui_uk.mo is damaged" in caplog.text


def test_no_catalogue_is_none(sources: Path, cache: Path) -> None:
    assert load("fr", sources, cache) is None


def test_a_damaged_source_is_a_warning_and_none(
    sources: Path, cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (sources / "amogui_uk.po").write_text('msgid "Pass"\nmsgstr "cut', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load("uk", sources, cache) is None
    assert "amogui_uk.po is damaged (line 2" in caplog.text


def test_a_cache_that_cannot_be_written_still_gives_the_catalogue(
    sources: Path, tmp_path: Path, compilations: list[bytes]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert loaded(sources, blocker / "cache") == "Пройдено"
    assert loaded(sources, blocker / "cache") == "Пройдено"
    assert len(compilations) == 2  # compiled in memory each time


def test_the_default_cache_is_in_the_users_cache_folder(isolated_home: Path) -> None:
    assert catalogues.cache_dir() == isolated_home / ".cache" / "amogui" / "translations"


def test_the_project_has_its_catalogues() -> None:
    names = sorted(p.name for p in catalogues.translations_dir().glob("*.po"))
    assert names == ["amogui_en.po", "amogui_uk.po"]


def test_compile_all_writes_each_catalogue_with_its_key(sources: Path, tmp_path: Path) -> None:
    import gettext

    made = catalogues.compile_all(sources, tmp_path / "out")
    assert [p.name for p in made] == ["amogui_uk.mo"]
    with made[0].open("rb") as fh:
        info = gettext.GNUTranslations(fh).info()
    assert info[SOURCE_KEY_HEADER.lower()] == source_key(UK.encode("utf-8"))


def test_compile_all_refuses_a_damaged_source_by_name(sources: Path, tmp_path: Path) -> None:
    (sources / "amogui_en.po").write_text("garbage\n", encoding="utf-8")
    with pytest.raises(POError, match=r"amogui_en\.po: line 1"):
        catalogues.compile_all(sources, tmp_path / "out")


def test_the_command_compiles_the_projects_catalogues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert catalogues.main([str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["amogui_en.mo", "amogui_uk.mo"]
    assert catalogues.main([]) == 2
    assert "usage" in capsys.readouterr().err


# -- catalogues and the current language -------------------------------------------------------


class _Table(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return {"without a code": "без коду"}.get(message, message)


def test_a_catalogue_loads_once_and_only_when_used() -> None:
    asked: list[str] = []

    def loader(language: str) -> gettext.NullTranslations | None:
        asked.append(language)
        return _Table()

    catalogues.set_loader(loader)
    try:
        uk = catalogues.catalogue("uk")
        assert asked == []  # not yet
        assert uk.gettext("without a code") == "без коду"
        assert catalogues.catalogue("uk").gettext("without a code") == "без коду"
        assert asked == ["uk"]
    finally:
        catalogues.set_loader(None)


def test_english_loads_its_catalogue_for_plurals_only() -> None:
    asked: list[str] = []

    def loader(language: str) -> gettext.NullTranslations | None:
        asked.append(language)
        return None

    catalogues.set_loader(loader)
    try:
        en = catalogues.catalogue("en")
        assert en.lookup("Checklist") is None  # the source: nothing to load
        assert en.gettext("Checklist") == "Checklist"
        assert asked == []
        assert en.ngettext("{n} lead", "{n} leads", 2) == "{n} leads"
        assert asked == ["en"]
        assert not en.load() and en.failed
    finally:
        catalogues.set_loader(None)


def test_lookup_tells_missing_from_translated_to_the_same_text() -> None:
    class Same(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            if message == "OK":
                return "OK"
            return super().gettext(message)

    catalogue = catalogues.Catalogue("uk", Same())
    assert catalogue.lookup("OK") == "OK"
    assert catalogue.lookup("Anything else") is None
    assert catalogue.gettext("Anything else") == "Anything else"
    assert catalogue.lookup_plural("a", "b", 2) is None
    assert catalogue.ngettext("{n} lead", "{n} leads", 1) == "{n} lead"


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({}, "en"),
        ({"LANG": "uk_UA.UTF-8"}, "uk"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "uk_UA.UTF-8"}, "uk"),
        ({"LC_MESSAGES": "uk_UA.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL wins
        ({"LC_ALL": "uk_UA", "LANGUAGE": "en_GB:uk"}, "en"),  # LANGUAGE first, its first entry
        ({"LANGUAGE": ":uk:en", "LANG": "C"}, "uk"),
        ({"LANGUAGE": "", "LANG": "uk"}, "uk"),  # empty counts as unset
        ({"LANG": "UK-ua"}, "uk"),
        ({"LANG": "ukr"}, "en"),
    ],
)
def test_language_from_env(env: dict[str, str], language: str) -> None:
    assert catalogues.language_from_env(env) == language


def test_language_from_env_reads_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in catalogues.LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")
    assert catalogues.language_from_env() == "uk"
