"""Reading .po catalogues and writing the .mo files the standard library's gettext reads."""

from __future__ import annotations

import gettext
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amogui.base.po import POError, compile_po, read_po

CATALOGUE = r"""# A translator's comment
msgid ""
msgstr ""
"Language: uk\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"Content-Type: text/plain; charset=ISO-8859-1\n"

#: amogui/ui/main_window.py
#, python-brace-format
msgid "Step {n}: {title}"
msgstr "Крок {n}: {title}"

msgid ""
"two lines, \"quoted\",\n"
"a tab\tand a backslash \\"
msgstr ""
"два рядки, \"у лапках\",\n"
"табуляція\tі зворотна риска \\"

msgctxt "route"
msgid "Log in"
msgstr "Вхід"
msgid "Log in"
msgstr "Увійти"

msgid "%n lead(s)"
msgid_plural "%n lead(s)"
msgstr[0] "%n лід"
msgstr[1] "%n ліди"
msgstr[2] "%n лідів"

#, fuzzy, python-format
msgid "Pass"
msgstr "Не пройдено"

msgid "Not translated yet"
msgstr ""

msgid "{n} step"
msgid_plural "{n} steps"
msgstr[0] "{n} крок"
msgstr[1] ""
msgstr[2] ""

#~ msgid "Gone"
#~ msgstr "Зникло"
"""


def compiled(source: str) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(compile_po(source.encode("utf-8"))))


def test_read_po_reads_every_part_of_an_entry() -> None:
    entries = read_po(CATALOGUE)
    assert [e.msgid for e in entries][:3] == ["", "Step {n}: {title}", entries[2].msgid]
    assert entries[2].msgid == 'two lines, "quoted",\na tab\tand a backslash \\'
    route = next(e for e in entries if e.context == "route")
    assert (route.msgid, route.msgstr) == ("Log in", {0: "Вхід"})
    plural = next(e for e in entries if e.msgid_plural)
    assert plural.msgstr == {0: "%n лід", 1: "%n ліди", 2: "%n лідів"}
    assert next(e for e in entries if e.msgid == "Pass").fuzzy
    assert "Gone" not in [e.msgid for e in entries]  # obsolete


def test_the_compiled_catalogue_translates_what_is_finished_only() -> None:
    t = compiled(CATALOGUE)
    assert t.gettext("Step {n}: {title}") == "Крок {n}: {title}"
    assert t.gettext('two lines, "quoted",\na tab\tand a backslash \\') == (
        'два рядки, "у лапках",\nтабуляція\tі зворотна риска \\'
    )
    assert t.gettext("Log in") == "Увійти"
    assert t.pgettext("route", "Log in") == "Вхід"
    assert [t.ngettext("%n lead(s)", "%n lead(s)", n) for n in (1, 2, 5, 21)] == [
        "%n лід",
        "%n ліди",
        "%n лідів",
        "%n лід",
    ]
    assert t.gettext("Pass") == "Pass"  # fuzzy: left out
    assert t.gettext("Not translated yet") == "Not translated yet"
    assert t.ngettext("{n} step", "{n} steps", 2) == "{n} steps"  # half translated: left out
    assert t.gettext("Gone") == "Gone"


def test_the_header_declares_utf8_and_takes_extra_fields() -> None:
    data = compile_po(CATALOGUE.encode("utf-8"), {"X-Amogui-Source": "abc-1"})
    info = gettext.GNUTranslations(io.BytesIO(data)).info()
    assert info["content-type"] == "text/plain; charset=UTF-8"  # what we write, whatever it said
    assert info["x-amogui-source"] == "abc-1"
    assert info["language"] == "uk"


def test_a_catalogue_without_a_header_compiles() -> None:
    t = compiled('msgid "Pass"\nmsgstr "Пройдено"\n')
    assert t.gettext("Pass") == "Пройдено"
    assert t.ngettext("a", "b", 2) == "b"  # English rule without Plural-Forms


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('msgid "Pass"\nmsgstr "Пройдено\n', "line 2"),  # a string cut off
        ('msgid "Pass"\nmsgstr "a \\q b"\n', "line 2"),  # unknown escape
        ('msgid "a" "b"\nmsgstr "c"\n', "line 1"),  # two strings on one line
        ('msgstr "no msgid"\n', "line 1"),
        ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', "line 2"),
        ('msgid "a"\n\n', "line 2"),  # no msgstr
        ('msgid "a"\nmsgstr[0] "b"\n', "line 2"),  # msgstr[N] without a plural
        ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', "line 3"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n', "line 5"),
        ('"a continuation of nothing"\n', "line 1"),
        ("<?xml version='1.0'?>\n", "line 1"),
    ],
)
def test_anything_but_po_syntax_is_a_po_error_naming_the_line(text: str, where: str) -> None:
    with pytest.raises(POError, match=where):
        read_po(text)


def test_bytes_that_are_not_utf8_are_a_po_error() -> None:
    with pytest.raises(POError, match="not UTF-8"):
        compile_po(b'msgid "a"\nmsgstr "\xff"\n')


# Any text a sentence may hold: quotes, backslashes, tabs, newlines, Cyrillic, emoji.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    | st.sampled_from(['"', "\\", "\t", "\n", "\r", "\u2028", "\x0b", "\x85"]),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.none() | texts, texts), st.tuples(texts, st.booleans()), max_size=8
    )
)
def test_what_babel_writes_reads_back_the_same(
    messages: dict[tuple[str | None, str], tuple[str, bool]],
) -> None:
    """Babel (the tool that writes our .po files) and this reader agree on every string."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="uk", fuzzy=False)
    for (context, msgid), (msgstr, fuzzy) in messages.items():
        catalog.add(msgid, msgstr, context=context, flags=["fuzzy"] if fuzzy else [])
    out = io.BytesIO()
    write_po(out, catalog, width=30)  # narrow: long strings are split over lines
    t = gettext.GNUTranslations(io.BytesIO(compile_po(out.getvalue())))
    for (context, msgid), (msgstr, fuzzy) in messages.items():
        expected = msgid if fuzzy else msgstr
        got = t.pgettext(context, msgid) if context is not None else t.gettext(msgid)
        assert got == expected
