"""Turn a checklist's bytes into text, and say what was done to get there.

Checklists travel through chat apps, mail clients and editors, so they arrive as:

- UTF-8, with or without a BOM (the normal case);
- UTF-16 (Windows "Unicode" saves), with a BOM or without one;
- a Cyrillic single-byte code page (cp1251, KOI8-U) from old Windows/Unix tools;
- *mojibake*: UTF-8 that some tool once decoded as Mac Roman, cp1252, latin-1 or cp1251
  and saved again as UTF-8 (``‚úÖ –ß–µ–∫–ª–∏—Å—Ç`` instead of ``✅ Чеклист``), sometimes
  more than once.

Mojibake is repaired by re-encoding with the codec that caused it and decoding as UTF-8.
Each candidate codec is tried on every line; the candidate that removes the most
mojibake markers (a UTF-8 lead byte's glyph followed by a continuation byte's glyph in
that codec) wins; layers are peeled while a candidate wins. Clean text is never
touched: a line's repair must decode as strict UTF-8, remove markers and produce no
control or unassigned characters; a layer must cover most of the document's non-ASCII
text (or remove a clear amount of mojibake); and the repaired document must read more
like writing (words of one script and sane case) than the input.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

MAX_LAYERS = 3  # mojibake on mojibake on mojibake is the most anyone has seen


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # how the bytes were read: "utf-8", "utf-8-sig", "utf-16-le", "cp1251", ...
    repair: str | None = None  # a sentence when mojibake was repaired, else None


@dataclass(frozen=True)
class _Codec:
    """A single-byte codec as a plain byte <-> char table ("sloppy": no undefined bytes)."""

    name: str  # Python codec name
    label: str  # what a human calls it
    decode_table: str  # 256 chars

    @property
    def encode_table(self) -> dict[int, int]:
        return _encode_table(self.name)

    def encode(self, text: str) -> bytes | None:
        table = self.encode_table
        out = bytearray()
        for char in text:
            byte = table.get(ord(char))
            if byte is None:
                return None
            out.append(byte)
        return bytes(out)


def _sloppy_table(name: str) -> str:
    """The codec's 256 glyphs; bytes it leaves undefined map to the latin-1 char.

    Tools that mis-decode UTF-8 as cp1252 usually keep undefined bytes (0x81, 0x8D, 0x8F,
    0x90, 0x9D) as U+0081 etc., and Cyrillic UTF-8 is full of them (``Н`` is D0 9D).
    """
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode(name))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


@cache
def _codec(name: str, label: str) -> _Codec:
    return _Codec(name, label, _sloppy_table(name))


@cache
def _encode_table(name: str) -> dict[int, int]:
    table = _sloppy_table(name)
    return {ord(char): byte for byte, char in enumerate(table)}


# Order matters on ties: the simplest explanation first.
MOJIBAKE_CODECS: tuple[tuple[str, str], ...] = (
    ("latin-1", "latin-1"),
    ("cp1252", "cp1252"),
    ("mac_roman", "Mac Roman"),
    ("cp1251", "cp1251"),
)


@cache
def _marker_pattern(name: str) -> re.Pattern[str]:
    """Glyph of a UTF-8 lead byte (C2-F4) followed by glyphs of continuation bytes (80-BF)."""
    table = _codec(name, name).decode_table
    leads = "".join(sorted(set(table[0xC2:0xF5])))
    conts = "".join(sorted(set(table[0x80:0xC0])))
    return re.compile(f"[{re.escape(leads)}][{re.escape(conts)}]")


def _markers(text: str, codec_name: str) -> int:
    return len(_marker_pattern(codec_name).findall(text))


def mojibake_markers(text: str) -> int:
    """How many mojibake-looking character pairs the text holds, over all known codecs.

    Clean Cyrillic scores too (cp1251 glyph pairs such as "Ві" are common), so this is a
    measure to compare a text with its repair, not a verdict on its own.
    """
    return sum(_markers(text, name) for name, _ in MOJIBAKE_CODECS)


def _plausible(text: str) -> bool:
    """No control, private-use or unassigned characters (a wrong repair makes those).

    C1 controls (U+0080-U+009F) and Mac Roman's Apple logo (U+F8FF, byte F0, the lead
    byte of every emoji) pass: a middle layer of double mojibake holds them, and the
    next layer turns them back into letters.
    """
    for char in text:
        if char in "\t\r\n\uf8ff" or "\x80" <= char <= "\x9f":
            continue
        if unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs"):
            return False
    return True


@dataclass
class _Attempt:
    codec: _Codec
    text: str
    lines_fixed: int
    chars_fixed: int  # non-ASCII characters on the repaired lines
    markers_removed: int
    best_line: int  # the most markers one line lost


def _repair_line(line: str, codec: _Codec) -> str | None:
    if line.isascii():
        return None
    raw = codec.encode(line)
    if raw is None:
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if fixed == line or not _plausible(fixed):
        return None
    # Judged with this codec's markers only: peeling one layer of double mojibake
    # leaves the other layer's markers in place.
    if _markers(fixed, codec.name) >= _markers(line, codec.name):
        return None
    return fixed


def _attempt(text: str, codec: _Codec) -> _Attempt:
    # Split on "\n" only: str.splitlines() would also split on U+0085 and friends,
    # which are themselves mojibake of UTF-8 continuation bytes.
    lines = text.split("\n")
    fixed_count = fixed_chars = removed = best_line = 0
    out = []
    for line in lines:
        fixed = _repair_line(line, codec)
        if fixed is None:
            out.append(line)
            continue
        fixed_count += 1
        fixed_chars += _non_ascii(line)
        gain = _markers(line, codec.name) - _markers(fixed, codec.name)
        removed += gain
        best_line = max(best_line, gain)
        out.append(fixed)
    return _Attempt(codec, "\n".join(out), fixed_count, fixed_chars, removed, best_line)


def _non_ascii(text: str) -> int:
    return sum(1 for char in text if char > "\x7f")


def _convincing(attempt: _Attempt, non_ascii_chars: int) -> bool:
    # Clean Cyrillic can round-trip through cp1251 by accident on a very short line
    # ("Ві" is valid UTF-8 for "³"). A real mojibake document repairs on lines that
    # hold most of its non-ASCII text, or loses a lot of markers; a stray accident
    # does neither. Any real mojibake word loses two markers or more on its line,
    # while accidents are two-letter words; a document of those is too short to call.
    if attempt.markers_removed < 3 or attempt.best_line < 2:
        return False
    return attempt.chars_fixed * 2 >= non_ascii_chars or attempt.markers_removed >= 12


def _best_repair(text: str) -> _Attempt | None:
    non_ascii = _non_ascii(text)
    if non_ascii == 0:
        return None
    best: _Attempt | None = None
    for name, label in MOJIBAKE_CODECS:
        attempt = _attempt(text, _codec(name, label))
        if not _convincing(attempt, non_ascii):
            continue
        if best is None or attempt.markers_removed > best.markers_removed:
            best = attempt
    return best


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo up to MAX_LAYERS of mojibake; returns the text and a sentence (None: untouched)."""
    stages: list[tuple[str, _Attempt]] = []  # (text the layer was peeled from, the attempt)
    current = text
    for _ in range(MAX_LAYERS):
        attempt = _best_repair(current)
        if attempt is None:
            break
        stages.append((current, attempt))
        current = attempt.text
    if not stages:
        return text, None
    # A middle layer of double mojibake reads no better than the outer one, so judge
    # whole chains: keep the one that reads most like writing, and only if it reads
    # better than the input ("Ні Ні Ні" is valid UTF-8 for "ͳ ͳ ͳ" through cp1251).
    scores = [_text_score(attempt.text) for _, attempt in stages]
    best = max(range(len(stages)), key=lambda i: scores[i])
    if scores[best] <= _text_score(text):
        return text, None
    chosen = stages[: best + 1]
    first_input, first = chosen[0]
    lines = sum(1 for line in first_input.split("\n") if not line.isascii())
    partial = (first.lines_fixed, lines) if first.lines_fixed < lines else None
    labels = [attempt.codec.label for _, attempt in chosen]
    return chosen[-1][1].text, _repair_sentence(labels, partial)


def _repair_sentence(layers: list[str], partial: tuple[int, int] | None) -> str:
    # The innermost mis-decoding is the last one undone.
    if len(layers) == 1:
        what = f"UTF-8 mis-decoded as {layers[0]}"
    else:
        chain = ", then as ".join(reversed(layers))
        what = f"UTF-8 mis-decoded {len(layers)} times (as {chain})"
    if partial is None:
        return f"{what}; repaired"
    return f"{what}; repaired on {partial[0]} of {partial[1]} lines with non-ASCII text"


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _from_bom(data: bytes) -> tuple[str, str] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :] if name != "utf-8-sig" else data
            return body.decode(name, errors="replace"), name
    return None


def _text_score(text: str) -> float:
    """How much the text looks like human writing: letters in words of one script and
    sane case, whitespace and punctuation score; controls, symbols soup and mixed-script
    or mixed-case words cost."""
    if not text:
        return 0.0
    score = 0.0
    for word in re.findall(r"\w+", text):
        score += len(word) if _good_word(word) else -len(word)
    for chunk in text.split():
        score -= _interleaved(chunk)
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\r\n":
            continue
        if category in ("Cc", "Co", "Cn", "Cs") or char == "\ufffd":
            score -= 4
        elif category == "So" and 0x2500 <= ord(char) < 0x2600:
            score -= 2  # box drawing and blocks: KOI8 read as something else
    return score / len(text)


# Inside a word, between letters: apostrophes ("пʼять", "don’t") and joiners are writing.
_IN_WORD = frozenset("'ʼ’`-_.\u200d\u00ad")


def _interleaved(chunk: str) -> int:
    """Letters on both sides of a non-ASCII symbol within one run of non-space text
    ("–ü–µ—Ä–µ" is Mac Roman mojibake of "Пере"); real writing keeps its dashes and
    emoji between words. Returns how many such symbols the chunk holds."""
    count = 0
    for i in range(1, len(chunk) - 1):
        char = chunk[i]
        if char.isascii() or char.isalnum() or char in _IN_WORD:
            continue
        if unicodedata.category(char).startswith("M"):
            continue  # combining marks belong to their letter
        if chunk[i - 1].isalpha() and chunk[i + 1].isalpha():
            count += 1
    return count


@cache
def _script(char: str) -> str:
    if char.isascii():
        return "latin" if char.isalpha() else "other"
    name = unicodedata.name(char, "")
    return name.split(" ")[0].lower() if char.isalpha() else "other"


def _good_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return True
    if len({_script(c) for c in letters}) > 1:
        return False
    # "Word", "word", "WORD"; not "wOrD" (a wrong code page swaps cases)
    tail = letters[1:]
    return all(c.islower() for c in tail) or all(c.isupper() for c in tail)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: text has NUL high bytes (ASCII) or a constant high byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    best: tuple[float, str] | None = None
    for name, high in (("utf-16-le", odd), ("utf-16-be", even)):
        share = sum(1 for b in high if b in (0x00, 0x04)) / len(high)
        if share < 0.5:
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        score = _text_score(text)
        if best is None or score > best[0]:
            best = (score, name)
    return best[1] if best else None


SINGLE_BYTE_CANDIDATES: tuple[str, ...] = ("cp1251", "koi8-u", "cp1252")


def _single_byte(data: bytes) -> tuple[str, str]:
    best: tuple[float, str, str] | None = None
    for name in SINGLE_BYTE_CANDIDATES:
        text = data.decode(name, errors="replace")
        score = _text_score(text)
        if best is None or score > best[0]:
            best = (score, text, name)
    assert best is not None
    return best[1], best[2]


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a truncated or spliced file), not another code page."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    return good > 0 and bad * 20 <= good


def decode(data: bytes) -> Decoded:
    """Decode a checklist file's bytes; never raises."""
    found = _from_bom(data)
    if found is not None:
        text, name = found
        return _finish(text, name)
    if b"\x00" in data:
        name16 = _looks_utf16(data)
        if name16 is not None:
            return _finish(data.decode(name16, errors="replace"), name16)
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # A truncated or spliced file: keep the UTF-8 and still undo any mojibake.
        text, sentence = repair_mojibake(data.decode("utf-8", errors="replace"))
        replaced = "invalid UTF-8 bytes replaced with U+FFFD"
        return Decoded(text, "utf-8", f"{sentence}; {replaced}" if sentence else replaced)
    text, name = _single_byte(data)
    return _finish(text, name)


def _finish(text: str, encoding: str) -> Decoded:
    repaired, sentence = repair_mojibake(text)
    return Decoded(repaired, encoding, sentence)
