"""Translatable text for the Qt-free core: sentences made now, rendered in a language later.

The core (checks, the sandbox, the report, the headless runner) never knows which
language its sentences end up in: the window may switch from Ukrainian to English after a
run, a report may be written in either. So a sentence is a `Text`: its English template
(the gettext msgid) and its parameters, rendered only when shown::

    t("the callback answered HTTP {status}", status=404)
    t("{label}: {problem}", label=t("without a code"), problem=...)   # nested
    join("; ", failures)                                              # a list of Texts
    tn("{n} lead", "{n} leads", n)                                    # plural forms

``str(text)`` is the English sentence (logs, tests, the stable JSON field). A `Text`
serialises to ``{"t": msgid, "p": {...}}`` and back, so a saved run re-renders in any
language; a plain string in a saved run stays a plain string (data is never translated).

Catalogues are gettext's (stdlib): one per language, for the core and the window alike
(the window's ``tr()`` is served from the same catalogue by `amogui.ui.i18n`). `t`, `tn`
and `N_` are the keywords the extraction (``tools/update-translations``) looks for.
`catalogue(lang)` loads a language's compiled catalogue on first use
(`amogui.base.catalogues` knows where it comes from); `set_language` picks the one
`render` uses by default: the window's language, or for ``amogui run`` the one
`language_from_env` reads from the shell.
"""

from __future__ import annotations

import gettext
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

DOMAIN = "amogui"
SOURCE_LANGUAGE = "en"
_lock = threading.RLock()  # a catalogue loads once, whichever thread asks first


class _Missing(gettext.NullTranslations):
    """The last fallback of a loaded catalogue: answers `MISSING` instead of the source
    text, so a lookup can tell "not translated" from "translated to the same text"."""

    def gettext(self, message: str) -> str:
        return MISSING

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return MISSING

    def pgettext(self, context: str, message: str) -> str:
        return MISSING

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return MISSING


MISSING = "\0missing"  # compared by identity: no translation is this very object


class Catalogue:
    """One language's translations, loaded on first use.

    English is the source language: its sentences are the msgids, so its catalogue only
    ever supplies plural forms (the window's ``%n lead(s)``); singular lookups in English
    answer at once and never load it.
    """

    def __init__(
        self,
        language: str,
        translations: gettext.NullTranslations | None = None,
        load: Callable[[str], gettext.NullTranslations | None] | None = None,
    ) -> None:
        self.language = language
        self.failed = False  # a catalogue was wanted and could not be loaded
        self._load = load
        self._t: gettext.NullTranslations | None = None
        if translations is not None:
            self._install(translations)
        elif load is None:
            self._install(gettext.NullTranslations())

    def _install(self, translations: gettext.NullTranslations) -> None:
        translations.add_fallback(_Missing())
        self._t = translations

    def _translations(self) -> gettext.NullTranslations:
        if self._t is None:
            with _lock:
                if self._t is None:
                    loaded = self._load(self.language) if self._load is not None else None
                    self.failed = loaded is None
                    self._install(loaded if loaded is not None else gettext.NullTranslations())
        assert self._t is not None
        return self._t

    def load(self) -> bool:
        """Load now (not on first use); False when there is no usable catalogue."""
        self._translations()
        return not self.failed

    @property
    def is_source(self) -> bool:
        return self.language == SOURCE_LANGUAGE

    def lookup(self, msgid: str, context: str | None = None) -> str | None:
        """The translation of `msgid`, or None when the catalogue has none."""
        if self.is_source:
            return None
        t = self._translations()
        found = t.pgettext(context, msgid) if context else t.gettext(msgid)
        return None if found is MISSING else found

    def lookup_plural(
        self, singular: str, plural: str, n: int, context: str | None = None
    ) -> str | None:
        """The form for `n` of a plural message, or None when the catalogue has none."""
        t = self._translations()
        if context:
            found = t.npgettext(context, singular, plural, n)
        else:
            found = t.ngettext(singular, plural, n)
        return None if found is MISSING else found

    def gettext(self, msgid: str) -> str:
        found = self.lookup(msgid)
        return msgid if found is None else found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self.lookup_plural(singular, plural, n)
        if found is None:  # the source language's rule
            return singular if n == 1 else plural
        return found


SOURCE = Catalogue(SOURCE_LANGUAGE, gettext.NullTranslations())


@dataclass(frozen=True, slots=True)
class Text:
    """A sentence whose template is translated when it is rendered."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None  # with `count`: ngettext's plural msgid
    count: int | None = None
    parts: tuple[Any, ...] | None = None  # a join: msgid is then the separator, untranslated

    def render(self, catalogue: Catalogue | None = None) -> str:
        cat = catalogue or current()
        if self.parts is not None:
            return self.msgid.join(render(p, cat) for p in self.parts)
        if self.plural is not None and self.count is not None:
            template = cat.ngettext(self.msgid, self.plural, self.count)
        else:
            template = cat.gettext(self.msgid)
        values = {k: render(v, cat) for k, v in self.params.items()}
        if self.count is not None:
            values.setdefault("n", str(self.count))
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation that names a parameter the source lacks must not hide the
            # sentence: fall back to the source language's template.
            return self.msgid.format(**values)

    def __str__(self) -> str:
        return self.render(SOURCE)

    def __bool__(self) -> bool:
        return bool(self.msgid) or bool(self.parts)

    def to_json(self) -> dict[str, Any]:
        if self.parts is not None:
            return {"join": self.msgid, "parts": [to_json(p) for p in self.parts]}
        out: dict[str, Any] = {"t": self.msgid}
        if self.params:
            out["p"] = {k: to_json(v) for k, v in self.params.items()}
        if self.plural is not None:
            out["pl"], out["n"] = self.plural, self.count
        return out


def t(msgid: str, /, **params: Any) -> Text:
    """A translatable sentence; ``{name}`` placeholders take `params` (rendered too)."""
    return Text(msgid, params)


def tn(singular: str, plural: str, n: int, /, **params: Any) -> Text:
    """A sentence with plural forms chosen by `n` (``{n}`` in the template)."""
    return Text(singular, params, plural=plural, count=int(n))


def join(separator: str, parts: Iterable[Any]) -> Text:
    """Texts (or strings) joined by a separator that is not translated."""
    return Text(separator, parts=tuple(parts))


def N_(msgid: str) -> str:
    """Mark a string for extraction only; translate it later with `gettext_`."""
    return msgid


def render(value: Any, catalogue: Catalogue | None = None) -> str:
    """Any value as text in the catalogue's language (None is "")."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.render(catalogue)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_json(value: Any) -> Any:
    return value.to_json() if isinstance(value, Text) else value


def from_json(data: Any) -> Any:
    """The inverse of `to_json`: dicts shaped like a Text become one, the rest stays."""
    if isinstance(data, dict):
        if "t" in data and isinstance(data["t"], str):
            params = data.get("p") or {}
            return Text(
                data["t"],
                {str(k): from_json(v) for k, v in params.items()}
                if isinstance(params, dict)
                else {},
                plural=data.get("pl") if isinstance(data.get("pl"), str) else None,
                count=data.get("n") if isinstance(data.get("n"), int) else None,
            )
        if "join" in data and isinstance(data.get("parts"), list):
            return Text(str(data["join"]), parts=tuple(from_json(p) for p in data["parts"]))
    return data


def text_of(value: Any) -> Text:
    """`value` as a Text: a Text as it is, anything else as untranslated data."""
    if isinstance(value, Text):
        return value
    return Text("{value}", {"value": "" if value is None else str(value)})


# -- catalogues ---------------------------------------------------------------------------

_cache: dict[str, Catalogue] = {}
_current = SOURCE
# Finds a language's compiled catalogue; None when there is none (or it is damaged).
_Loader = Callable[[str], gettext.NullTranslations | None]


def _default_loader(language: str) -> gettext.NullTranslations | None:
    # Imported on first use: most core modules import this one, few render a sentence.
    from amogui.base.catalogues import load

    return load(language)


_loader: _Loader = _default_loader


def set_loader(loader: _Loader | None) -> None:
    """Where catalogues come from (tests); None is the default, `amogui.base.catalogues`."""
    global _loader, _current
    with _lock:
        _loader = loader or _default_loader
        _cache.clear()
    if _current is not SOURCE:
        _current = catalogue(_current.language)


def language_code(language: str) -> str:
    """The language part of a locale name ("uk_UA.UTF-8", "uk-UA", "UK" are "uk");
    "", "C" and "POSIX" are the source language."""
    code = language.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0]
    code = code.lower()
    return SOURCE_LANGUAGE if code in ("", "c", "posix") else code


def catalogue(language: str) -> Catalogue:
    """The catalogue of `language` ("uk", "en", "uk_UA"), loaded on first use; one that
    cannot be loaded renders the source language (and says so in `Catalogue.failed`)."""
    language = language_code(language or SOURCE_LANGUAGE)
    with _lock:
        found = _cache.get(language)
        if found is None:
            found = Catalogue(language, load=_loader)
            _cache[language] = found
        return found


def set_language(language: str) -> Catalogue:
    """Make `language` the one `_` and `Text.render()` use by default."""
    global _current
    _current = catalogue(language)
    return _current


def current() -> Catalogue:
    return _current


LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The output language a shell asks for, as gettext reads it: the first of LANGUAGE
    (a colon list: its first entry), LC_ALL, LC_MESSAGES and LANG that is set. "uk..."
    gives "uk", anything else (unset, "C", another language) English."""
    env = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        value = env.get(name, "")
        if name == "LANGUAGE":
            value = next((part for part in value.split(":") if part.strip()), "")
        if value.strip():
            return "uk" if language_code(value) == "uk" else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def gettext_(msgid: str) -> str:
    """Translate a plain string now, in the current language (front-end output)."""
    return _current.gettext(msgid)


_ = gettext_
