"""Small text helpers for checklist ids and titles: slugs, decoration, numbers."""

from __future__ import annotations

import re
import unicodedata

# Ukrainian national transliteration (2010), plus the Russian letters it lacks, so ids
# stay readable ASCII: "Перевірка callback endpoint" -> "perevirka-callback-endpoint".
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "ъ": "", "ы": "y", "э": "e", "ё": "e", "'": "", "’": "", "ʼ": "",
}  # fmt: skip

MAX_SLUG = 48

# Leading and trailing decoration: emoji, variation selectors, keycap marks, spaces.
_DECOR_CATEGORIES = frozenset({"So", "Sk", "Mn", "Me", "Cf", "Zs", "Cs", "Co"})


def slug(text: str) -> str:
    """An ASCII id fragment for a title; "untitled" when nothing readable is left."""
    out = []
    for char in text.lower():
        if char in _TRANSLIT:
            out.append(_TRANSLIT[char])
        else:
            out.append(unicodedata.normalize("NFKD", char))
    ascii_text = "".join(out).encode("ascii", "ignore").decode()
    result = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(result) > MAX_SLUG:
        cut = result[:MAX_SLUG]
        result = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return result or "untitled"


def strip_decor(text: str) -> str:
    """Drop emoji and other decoration around a title: "🎯 Що налаштовано" -> "Що налаштовано"."""
    start, end = 0, len(text)
    while start < end and _is_decor(text[start]):
        start += 1
    while end > start and _is_decor(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_decor(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _DECOR_CATEGORIES


_KEYCAP = re.compile(r"^\s*(\d{1,3})\ufe0f?\u20e3\s*")
_KEYCAP_TEN = "\U0001f51f"  # 🔟
_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.):\-–—]\s*")
_WORD_NUMBERED = re.compile(
    r"^\s*(?:сценарій|сценарий|scenario|тест|test|кейс|case|крок|step|шаг|етап|stage)"
    r"\s*(?:№|#|no\.?)?\s*(\d{1,3})\b\s*[.):\-–—]?\s*",
    re.IGNORECASE,
)


def leading_number(title: str) -> tuple[int | None, str]:
    """The number a heading starts with (keycap emoji, "3.", "Сценарій 3:") and the rest."""
    text = title.strip()
    if text.startswith(_KEYCAP_TEN):
        return 10, strip_decor(text[1:])
    for pattern in (_KEYCAP, _WORD_NUMBERED, _NUMBERED):
        match = pattern.match(text)
        if match:
            return int(match.group(1)), strip_decor(text[match.end() :])
    return None, strip_decor(text)


_SUBSTEP = re.compile(
    r"^\s*(?:крок|step|шаг|етап|stage)\s*(?:№|#)?\s*(\d{1,3})\b\s*(?:[.):\-–—]\s*)?(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def substep_number(label: str) -> tuple[int, str] | None:
    """ "Крок 3: Callback обробка" -> (3, "Callback обробка"); None for other labels."""
    match = _SUBSTEP.match(label)
    if not match:
        return None
    return int(match.group(1)), match.group(2).strip().rstrip(":").strip()


_PROBLEM = re.compile(
    r"^\s*(?:проблема|problem|issue|помилка|ошибка|error)\s*(?:№|#)?\s*(\d{1,3})\b"
    r"\s*(?:[.):\-–—]\s*)?(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def problem_number(title: str) -> tuple[int | None, str]:
    match = _PROBLEM.match(strip_decor(title))
    if match:
        return int(match.group(1)), match.group(2).strip()
    return leading_number(title)


def label_key(label: str) -> str:
    """Normalise a bold label for matching: "Очікуваний результат:" -> "очікуваний результат"."""
    return re.sub(r"\s+", " ", label.strip().rstrip(":：").strip()).casefold()
