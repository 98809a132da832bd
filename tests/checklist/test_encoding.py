"""Decoding: BOMs, UTF-16, Cyrillic code pages, and mojibake repair that leaves clean text alone."""

from __future__ import annotations

import codecs
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amogui.checklist.encoding import decode, repair_mojibake

from .conftest import SKIP_NO_SEED, exported_seed, mojibake

MOJIBAKE_CODECS = {
    "latin-1": "latin-1",
    "cp1252": "cp1252",
    "mac_roman": "Mac Roman",
    "cp1251": "cp1251",
}

WORDS = [
    "Чеклист", "тестування", "підключення", "Перевірте", "статус", "Ні", "Так", "Ві", "Рі",
    "ґанок", "їжак", "є", "checklist", "status", "Café", "crème", "naïve", "Straße", "für",
    "Ærø", "señor", "—", "«лапки»", "№5", "✅", "🎯", "1️⃣", "`code`", "**Крок 1:**", "- [x]",
]  # fmt: skip


def test_raw_form_is_mac_roman_mojibake(raw_bytes: bytes) -> None:
    assert raw_bytes.decode("utf-8").startswith("# ‚úÖ –ß–µ–∫–ª–∏—Å—Ç")


def test_raw_seed_decodes_to_bundled_text(raw_bytes: bytes, uk_text: str) -> None:
    decoded = decode(raw_bytes)
    assert decoded.text == uk_text
    assert decoded.encoding == "utf-8"
    assert decoded.repair == "UTF-8 mis-decoded as Mac Roman; repaired"


def test_exported_seed_decodes_to_bundled_text(uk_text: str) -> None:
    seed = exported_seed()
    if seed is None:
        pytest.skip(SKIP_NO_SEED)
    assert decode(seed.read_bytes()).text == uk_text


def test_bundled_text_is_clean(uk_text: str) -> None:
    decoded = decode(uk_text.encode("utf-8"))
    assert decoded == decoded.__class__(uk_text, "utf-8", None)


@pytest.mark.parametrize("codec", list(MOJIBAKE_CODECS))
def test_single_layer_mojibake_is_repaired(codec: str, uk_text: str) -> None:
    decoded = decode(mojibake(uk_text, codec).encode("utf-8"))
    assert decoded.text == uk_text
    assert decoded.repair == f"UTF-8 mis-decoded as {MOJIBAKE_CODECS[codec]}; repaired"


@pytest.mark.parametrize(("inner", "outer"), list(itertools.product(MOJIBAKE_CODECS, repeat=2)))
def test_double_mojibake_round_trips_are_repaired(inner: str, outer: str, uk_text: str) -> None:
    twice = mojibake(mojibake(uk_text, inner), outer)
    decoded = decode(twice.encode("utf-8"))
    assert decoded.text == uk_text
    assert decoded.repair is not None
    assert decoded.repair.startswith("UTF-8 mis-decoded 2 times")
    assert f"(as {MOJIBAKE_CODECS[inner]}, then as {MOJIBAKE_CODECS[outer]})" in decoded.repair


def test_latin_text_mojibake_is_repaired() -> None:
    text = "Café crème brûlée — naïve façade, Straße für Ærø\n" * 3
    for codec in MOJIBAKE_CODECS:
        assert decode(mojibake(text, codec).encode("utf-8")).text == text


def test_mixed_document_repairs_only_the_broken_lines(uk_text: str) -> None:
    lines = uk_text.split("\n")
    half = len(lines) // 3
    mixed = "\n".join(lines[:half] + [mojibake(line, "cp1252") for line in lines[half:]])
    decoded = decode(mixed.encode("utf-8"))
    assert decoded.text == uk_text
    assert decoded.repair is not None
    assert "repaired on" in decoded.repair  # says that part of the text needed nothing


@pytest.mark.parametrize(
    "text",
    [
        "Hello, world",
        "Ві",
        "Мі\nВі\nНі",
        "- Ні\nдобрий день",
        "Café crème",
        "Ã© is how mojibake looks, written on purpose in one line of a clean Ukrainian text: "
        "Перевірте статус підключення",
        "",
    ],
)
def test_clean_text_is_never_repaired(text: str) -> None:
    decoded = decode(text.encode("utf-8"))
    assert decoded.text == text
    assert decoded.repair is None


@settings(database=None, max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([" ", "\n", ", "]))
def test_clean_text_from_real_words_is_untouched(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert repair_mojibake(text) == (text, None)


@settings(database=None, max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.sampled_from(list(MOJIBAKE_CODECS)),
    st.sampled_from(["Перевірте", "тестування", "naïve façade crème brûlée"]),
)
def test_mojibake_of_real_words_comes_back(words: list[str], codec: str, anchor: str) -> None:
    # One word with several non-ASCII letters: shorter texts are too short to call
    # (a lone "є" may as well be "Ñ\x94" written on purpose).
    text = " ".join([*words, anchor])
    repaired, sentence = repair_mojibake(mojibake(text, codec))
    assert repaired == text
    assert sentence is not None


@pytest.mark.parametrize("codec", list(MOJIBAKE_CODECS))
def test_a_line_of_dashes_and_emoji_with_one_word_is_repaired(codec: str) -> None:
    # Found by the property above: the mojibake's letters between its symbols once
    # scored as more word-like than the few words of the repaired line.
    text = "— — — — ✅ Перевірте"
    repaired, sentence = repair_mojibake(mojibake(text, codec))
    assert repaired == text and sentence is not None


@pytest.mark.parametrize("codec", ["cp1251", "koi8-u"])
def test_cyrillic_code_pages_are_read(codec: str) -> None:
    text = "# Чеклист тестування\n\n1. Відкрийте сторінку CRM\n2. Перевірте статус Підключено\n"
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == codec
    assert decoded.repair is None


def test_cp1252_western_text_is_read() -> None:
    text = "# Checklist\n\nCafé crème — façade, naïve résumé\n"
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_utf16_with_bom(encoding: str, bom: bytes, uk_text: str) -> None:
    decoded = decode(bom + uk_text.encode(encoding))
    assert (decoded.text, decoded.encoding, decoded.repair) == (uk_text, encoding, None)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(encoding: str, uk_text: str) -> None:
    decoded = decode(uk_text.encode(encoding))
    assert (decoded.text, decoded.encoding) == (uk_text, encoding)


def test_utf16_of_mojibake_is_read_and_repaired(raw_bytes: bytes, uk_text: str) -> None:
    data = codecs.BOM_UTF16_LE + raw_bytes.decode("utf-8").encode("utf-16-le")
    decoded = decode(data)
    assert decoded.text == uk_text
    assert decoded.encoding == "utf-16-le"
    assert decoded.repair == "UTF-8 mis-decoded as Mac Roman; repaired"


def test_utf8_bom(uk_text: str) -> None:
    decoded = decode(codecs.BOM_UTF8 + uk_text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.repair) == (uk_text, "utf-8-sig", None)


def test_utf32_bom() -> None:
    decoded = decode(codecs.BOM_UTF32_LE + "# Чеклист\n".encode("utf-32-le"))
    assert (decoded.text, decoded.encoding) == ("# Чеклист\n", "utf-32-le")


def test_utf8_with_a_few_broken_bytes_is_still_utf8(uk_text: str) -> None:
    data = uk_text.encode("utf-8")
    cut = data.index(b"\n", 100)
    data = data[:cut] + b"\xff" + data[cut:]
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 1
    assert decoded.repair == "invalid UTF-8 bytes replaced with U+FFFD"


def test_truncated_utf8_in_the_middle_of_a_letter(uk_text: str) -> None:
    data = uk_text.encode("utf-8")[:-1]
    decoded = decode(data[: len(data) // 2 + 1])
    assert decoded.encoding == "utf-8"


@settings(database=None, max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_without_raising(data: bytes) -> None:
    decoded = decode(data)
    assert isinstance(decoded.text, str)


def test_bundled_resource_matches_the_exported_repaired_seed(uk_text: str) -> None:
    seed = exported_seed()
    if seed is None:
        pytest.skip(SKIP_NO_SEED)
    assert seed.with_name("amo-crm-testing-checklist.uk.md").read_text(encoding="utf-8") == uk_text
