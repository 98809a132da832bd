"""Translatable core text (amogui.base.i18n): rendered late, in any language, JSON-safe."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from typing import ClassVar

import pytest

from amogui.base import i18n
from amogui.base.i18n import Text, from_json, join, render, t, tn, to_json


class _Uk(gettext.NullTranslations):
    TABLE: ClassVar[dict[str, str]] = {
        "the callback answered HTTP {status}": "callback відповів HTTP {status}",
        "without a code": "без коду",
        "{label}: {problem}": "{label}: {problem}",
    }

    def gettext(self, message: str) -> str:
        return self.TABLE.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return "{n} лід" if n == 1 else "{n} лідів"


@pytest.fixture
def ukrainian() -> Iterator[i18n.Catalogue]:
    i18n.set_loader(lambda lang: _Uk() if lang == "uk" else None)
    try:
        yield i18n.catalogue("uk")
    finally:
        i18n.set_loader(None)
        i18n.set_language("en")


def test_text_renders_in_english_by_default_and_in_a_catalogue(
    ukrainian: i18n.Catalogue,
) -> None:
    text = t(
        "{label}: {problem}",
        label=t("without a code"),
        problem=t("the callback answered HTTP {status}", status=404),
    )
    assert str(text) == "without a code: the callback answered HTTP 404"
    assert text.render(ukrainian) == "без коду: callback відповів HTTP 404"


def test_plural_and_join(ukrainian: i18n.Catalogue) -> None:
    assert str(tn("{n} lead", "{n} leads", 3)) == "3 leads"
    assert tn("{n} lead", "{n} leads", 1).render(ukrainian) == "1 лід"
    joined = join("; ", [t("without a code"), "raw data"])
    assert joined.render(ukrainian) == "без коду; raw data"


def test_a_translation_naming_a_missing_parameter_falls_back(
    ukrainian: i18n.Catalogue,
) -> None:
    class _Bad(_Uk):
        def gettext(self, message: str) -> str:
            return "зламано {nothing}"

    bad_catalogue = i18n.Catalogue("uk", _Bad())
    text = t("the callback answered HTTP {status}", status=1)
    assert text.render(bad_catalogue) == "the callback answered HTTP 1"
    bad = Text("the callback answered HTTP {status}", {"status": 1})
    assert bad.render(ukrainian) == "callback відповів HTTP 1"


def test_json_round_trip_keeps_the_sentence_translatable(ukrainian: i18n.Catalogue) -> None:
    text = join(", ", [t("the callback answered HTTP {status}", status=500), "x"])
    again = from_json(to_json(text))
    assert isinstance(again, Text) and again == text
    assert again.render(ukrainian) == "callback відповів HTTP 500, x"
    assert from_json("plain data") == "plain data"
    assert render(None) == "" and render(2.0) == "2"


def test_current_language(ukrainian: i18n.Catalogue) -> None:
    i18n.set_language("uk_UA")
    assert render(t("without a code")) == "без коду"
    assert i18n.gettext_("without a code") == "без коду"
    i18n.set_language("en")
    assert render(t("without a code")) == "without a code"


# -- catalogues --------------------------------------------------------------------------------


@pytest.fixture
def default_catalogues() -> Iterator[None]:
    """The real catalogues (compiled into this test's cache), English afterwards."""
    i18n.set_loader(None)
    yield
    i18n.set_language("en")


def test_the_real_catalogue_renders_core_text_in_ukrainian(default_catalogues: None) -> None:
    text = t("{label}: {value}", label=t("Checklist"), value=3)
    assert text.render(i18n.catalogue("uk")) == "Чеклист: 3"
    assert text.render(i18n.catalogue("uk_UA.UTF-8")) == "Чеклист: 3"
    assert text.render(i18n.catalogue("en")) == "Checklist: 3"
    assert i18n.catalogue("uk").lookup_plural("%Ln lead(s)", "%Ln lead(s)", 5) == "%Ln лідів"


def test_a_catalogue_that_cannot_load_renders_english_and_says_so() -> None:
    i18n.set_loader(lambda language: None)
    try:
        uk = i18n.set_language("uk")
        assert render(t("without a code")) == "without a code"
        assert not uk.load() and uk.failed
    finally:
        i18n.set_loader(None)
        i18n.set_language("en")


def test_set_loader_refreshes_the_current_language(ukrainian: i18n.Catalogue) -> None:
    i18n.set_language("uk")
    assert render(t("without a code")) == "без коду"
    i18n.set_loader(lambda language: None)
    assert i18n.current().language == "uk"
    assert render(t("without a code")) == "without a code"
