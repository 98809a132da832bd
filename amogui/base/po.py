"""gettext catalogues on disk: read a ``.po`` source, write the ``.mo`` that
`gettext.GNUTranslations` reads.

The standard library reads compiled catalogues but cannot compile them, and amogui must
not need Babel or GNU gettext at run time (a checkout compiles its catalogues on demand,
the wheel and the frozen app at build time). A catalogue is our own file, but it is still
parsed as untrusted text: anything that is not PO syntax raises `POError` with the line,
never something else.

Standard library only: the wheel's build step loads this file by its path, before amogui
is importable.
"""

from __future__ import annotations

import re
import struct

MO_MAGIC = 0x950412DE
CONTEXT_SEPARATOR = "\x04"  # between msgctxt and msgid in a compiled key (GNU convention)


class POError(ValueError):
    """The text is not a readable PO catalogue; the message names the line."""


class Entry:
    """One message of a catalogue (the header is the entry whose msgid is empty).

    A plain class, not a dataclass: a checkout compiles its catalogue on the way to the
    window's first paint, before anything else needs the dataclasses module."""

    __slots__ = ("context", "fuzzy", "msgid", "msgid_plural", "msgstr")

    def __init__(self) -> None:
        self.msgid = ""
        self.msgid_plural: str | None = None
        self.msgstr: dict[int, str] = {}  # index 0 for a singular entry
        self.context: str | None = None
        self.fuzzy = False

    def __repr__(self) -> str:
        return f"Entry({self.context!r}, {self.msgid!r}, {self.msgstr!r}, fuzzy={self.fuzzy})"

    @property
    def translated(self) -> bool:
        """Every form has a translation (a plural needs them all)."""
        return bool(self.msgstr) and all(self.msgstr.values())


_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b"}
_ESCAPE = re.compile(r"\\(.)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(\".*)")


def _unquote(text: str, lineno: int) -> str:
    body = text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in body and "\\" not in body:
        return body  # most strings: nothing to unescape (a compile at start-up reads 1600)
    match = _STRING.fullmatch(text)
    if match is None:
        raise POError(f"line {lineno}: {text[:40]!r} is not one string in double quotes")
    body = match.group(1)

    def unescape(match: re.Match[str]) -> str:
        char = match.group(1)
        if char not in _ESCAPES:
            raise POError(f"line {lineno}: unknown escape \\{char}")
        return _ESCAPES[char]

    return _ESCAPE.sub(unescape, body)


class _Reader:
    """A line-by-line state machine over the PO grammar."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.entry = Entry()
        self.started = False  # the current entry has a keyword line
        self.field: tuple[str, int] | None = None  # ("msgstr", 2): where strings go on
        self.flags: set[str] = set()

    def finish(self, lineno: int) -> None:
        if self.started:
            entry = self.entry
            if not entry.msgstr:
                raise POError(f"line {lineno}: the entry for {entry.msgid!r} has no msgstr")
            if entry.msgid_plural is None and set(entry.msgstr) != {0}:
                raise POError(f"line {lineno}: {entry.msgid!r} has msgstr[N] but no plural")
            if entry.msgid_plural is not None and set(entry.msgstr) != set(
                range(len(entry.msgstr))
            ):
                raise POError(f"line {lineno}: the plural forms of {entry.msgid!r} have gaps")
            entry.fuzzy = "fuzzy" in self.flags
            self.entries.append(entry)
        self.entry, self.started, self.field, self.flags = Entry(), False, None, set()

    def keyword(self, name: str, index: str | None, value: str, lineno: int) -> None:
        if name in ("msgctxt", "msgid") and self.entry.msgstr:
            self.finish(lineno)  # a new entry without a blank line before it
        entry = self.entry
        if name == "msgid" and self.field not in (None, ("msgctxt", 0)):
            raise POError(f"line {lineno}: msgid where a msgstr was expected")
        self.started = True
        if name == "msgctxt":
            entry.context = value
            self.field = ("msgctxt", 0)
        elif name == "msgid":
            entry.msgid = value
            self.field = ("msgid", 0)
        elif name == "msgid_plural":
            entry.msgid_plural = value
            self.field = ("msgid_plural", 0)
        else:
            if self.field is None or self.field[0] == "msgctxt":
                raise POError(f"line {lineno}: msgstr without a msgid before it")
            number = int(index) if index is not None else 0
            if (index is None) != (entry.msgid_plural is None):
                raise POError(f"line {lineno}: msgstr does not match the entry's plural")
            entry.msgstr[number] = value
            self.field = ("msgstr", number)

    def more(self, value: str, lineno: int) -> None:
        if self.field is None:
            raise POError(f"line {lineno}: a string continues nothing")
        name, index = self.field
        entry = self.entry
        if name == "msgctxt":
            entry.context = (entry.context or "") + value
        elif name == "msgid":
            entry.msgid += value
        elif name == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            entry.msgstr[index] += value


def read_po(text: str) -> list[Entry]:
    """The entries of a PO catalogue, the header (empty msgid) included; obsolete (``#~``)
    entries are left out. Raises `POError` for anything that is not PO syntax."""
    reader = _Reader()
    lineno = 0
    # Lines end at "\n" only: splitlines() would also split at a U+2028 inside a string.
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(" \t\r")
        if not line:
            reader.finish(lineno)
        elif line.startswith("#"):
            if reader.entry.msgstr:
                reader.finish(lineno)  # a comment after a msgstr belongs to the next entry
            if line.startswith("#,"):
                reader.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith('"'):
            reader.more(_unquote(line, lineno), lineno)
        else:
            match = _KEYWORD.fullmatch(line)
            if match is None:
                raise POError(f"line {lineno}: {line[:40]!r} is not PO syntax")
            name, index, value = match.groups()
            name = "msgstr" if name.startswith("msgstr") else name
            reader.keyword(name, index, _unquote(value, lineno), lineno)
    reader.finish(lineno + 1)
    return reader.entries


def _header(entries: list[Entry], extra: dict[str, str]) -> str:
    """The catalogue's header with UTF-8 declared (what we write) and `extra` fields."""
    found = next((e for e in entries if e.msgid == "" and e.context is None), None)
    replaced = tuple(f"{name.lower()}:" for name in ("Content-Type", *extra))
    lines = [
        line
        for line in (found.msgstr.get(0, "") if found else "").split("\n")
        if line.strip() and not line.lower().startswith(replaced)
    ]
    lines.append("Content-Type: text/plain; charset=UTF-8")
    lines += [f"{name}: {value}" for name, value in extra.items()]
    return "\n".join(lines) + "\n"


def compiled_pairs(
    entries: list[Entry], headers: dict[str, str] | None = None
) -> dict[bytes, bytes]:
    """The key -> translation table of a .mo: fuzzy and unfinished entries are left out
    (the source text shows instead), contexts and plural forms as GNU gettext joins them.
    `headers` are added to (or replace) the catalogue's header fields."""
    pairs = {b"": _header(entries, headers or {}).encode("utf-8")}
    for entry in entries:
        if entry.msgid == "" or entry.fuzzy or not entry.translated:
            continue
        key = entry.msgid
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
        if entry.context is not None:
            key = entry.context + CONTEXT_SEPARATOR + key
        forms = [entry.msgstr[i] for i in range(len(entry.msgstr))]
        pairs[key.encode("utf-8")] = "\0".join(forms).encode("utf-8")
    return pairs


def write_mo(pairs: dict[bytes, bytes]) -> bytes:
    """The GNU .mo file of a key -> translation table (little-endian, no hash table)."""
    keys = sorted(pairs)
    ids = bytearray()
    strs = bytearray()
    spans = []
    for key in keys:
        spans.append((len(ids), len(key), len(strs), len(pairs[key])))
        ids += key + b"\0"
        strs += pairs[key] + b"\0"
    count = len(keys)
    header_size = 7 * 4
    ids_start = header_size + 16 * count
    strs_start = ids_start + len(ids)
    originals: list[int] = []
    translations: list[int] = []
    for id_offset, id_length, str_offset, str_length in spans:
        originals += [id_length, ids_start + id_offset]
        translations += [str_length, strs_start + str_offset]
    header = struct.pack("<7I", MO_MAGIC, 0, count, header_size, header_size + 8 * count, 0, 0)
    table = struct.pack(f"<{4 * count}I", *originals, *translations)
    return header + table + bytes(ids) + bytes(strs)


def compile_po(source: bytes, headers: dict[str, str] | None = None) -> bytes:
    """A .po file's bytes compiled to a .mo, with `headers` in its header."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise POError(f"byte {exc.start}: the catalogue is not UTF-8") from None
    return write_mo(compiled_pairs(read_po(text), headers))
