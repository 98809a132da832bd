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
`catalogue(lang)`, `set_language`, `current` and `language_from_env` come from
`amogui.base.catalogues` (see there: which language is current, where compiled
catalogues come from) and are part of this module's interface.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Which language is current and where catalogues come from live with the catalogues (a
# module the window loads before its first paint without this one); they are part of
# this module's interface all the same.
from amogui.base.catalogues import (
    DOMAIN,
    LANGUAGE_VARIABLES,
    SOURCE,
    SOURCE_LANGUAGE,
    Catalogue,
    catalogue,
    current,
    language_code,
    language_from_env,
    set_language,
    set_loader,
)

__all__ = [
    "DOMAIN",
    "LANGUAGE_VARIABLES",
    "N_",
    "SOURCE",
    "SOURCE_LANGUAGE",
    "Catalogue",
    "Text",
    "catalogue",
    "current",
    "from_json",
    "gettext_",
    "join",
    "language_code",
    "language_from_env",
    "render",
    "set_language",
    "set_loader",
    "t",
    "text_of",
    "tn",
    "to_json",
]


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


def gettext_(msgid: str) -> str:
    """Translate a plain string now, in the current language (front-end output)."""
    return current().gettext(msgid)


_ = gettext_
