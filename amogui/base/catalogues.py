"""Translation catalogues: one per language, the current one, and where each comes from.

A `Catalogue` is one language's gettext translations, loaded on first use; `catalogue(lang)`
gives it, `set_language` makes it the one `amogui.base.i18n.render` uses by default (the
window's language; for ``amogui run`` the one `language_from_env` reads from the shell).
This module is what the window needs before its first paint; `amogui.base.i18n` (the
core's `Text`) builds on it and re-exports it.

The sources are ``amogui_<lang>.po`` in `translations_dir`. The catalogue read at run
time is a ``.mo`` compiled from exactly that source; its header records the source's key
(`source_key`), so a compiled file never outlives the source it came from:

- the wheel and the frozen app carry ``amogui_<lang>.mo`` beside the ``.po``, compiled at
  build time (``setup.py``, ``packaging/amogui.spec``): used as it is;
- a checkout has no ``.mo`` there (compiled files are never written into the source tree):
  the catalogue is compiled on first use into the user's cache folder, named by the
  source's key, and read from there on every later start until the ``.po`` changes;
- a built app without sources uses its ``.mo`` as it is.

A damaged ``.po`` or ``.mo`` is a warning in the log and no catalogue (English), never an
exception; `Catalogue.failed` tells the caller, who says so where the user sees it.
"""

from __future__ import annotations

import gettext
import io
import logging
import os
import threading
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "amogui"
SOURCE_LANGUAGE = "en"
_lock = threading.RLock()  # a catalogue loads once, whichever thread asks first

SOURCE_KEY_HEADER = "X-Amogui-Source"  # in a .mo: the key of the .po it was compiled from


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


# -- the current language ---------------------------------------------------------------------

_cache: dict[str, Catalogue] = {}
_current = SOURCE
# Finds a language's compiled catalogue; None when there is none (or it is damaged).
_Loader = Callable[[str], gettext.NullTranslations | None]


def _default_loader(language: str) -> gettext.NullTranslations | None:
    return load(language)


_loader: _Loader = _default_loader


def set_loader(loader: _Loader | None) -> None:
    """Where catalogues come from (tests); None is the default, `load`."""
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


# -- compiled catalogues on disk ---------------------------------------------------------------


def translations_dir() -> Path:
    """The folder of the translation sources (and, in a built app, of their compiled
    catalogues). The one place that knows where it is."""
    from amogui.base.resources import resources_dir

    return resources_dir() / "translations"


def source_path(language: str, directory: Path | None = None) -> Path:
    return (directory or translations_dir()) / f"{DOMAIN}_{language}.po"


def source_key(source: bytes) -> str:
    """The key of a source's content: CRC-32 and length. Not a security measure, a cache
    key; zlib is loaded at start-up anyway, hashlib would cost ~5 ms more."""
    return f"{zlib.crc32(source):08x}-{len(source)}"


def cache_dir() -> Path:
    from amogui.base.paths import cache_dir as user_cache

    return user_cache() / "translations"


def load(
    language: str, directory: Path | None = None, cache: Path | None = None
) -> gettext.GNUTranslations | None:
    """The compiled catalogue of `language`, or None (no catalogue, or a damaged one)."""
    po = source_path(language, directory)
    packaged = po.with_suffix(".mo")
    try:
        source = po.read_bytes()
    except FileNotFoundError:
        if packaged.is_file():  # a built app that carries no sources
            return _read_mo(packaged)
        log.info("no %s translation catalogue (%s)", language, po.name)
        return None
    except OSError as exc:
        log.warning("the %s translation could not be read: %s", language, exc)
        return None
    key = source_key(source)
    cached = (cache or cache_dir()) / f"{DOMAIN}_{language}-{key}.mo"
    for candidate in (packaged, cached):
        found = _read_mo(candidate, key)
        if found is not None:
            return found
    return _compile(po, source, cached)


def compile_source(source: bytes) -> bytes:
    """A .po's bytes compiled, its key recorded (raises `amogui.base.po.POError`)."""
    # Imported here: a start with a compiled catalogue at hand never needs the compiler.
    from amogui.base.po import compile_po

    return compile_po(source, {SOURCE_KEY_HEADER: source_key(source)})


def _compile(po: Path, source: bytes, cached: Path) -> gettext.GNUTranslations | None:
    from amogui.base.po import POError

    try:
        data = compile_source(source)
        translations = gettext.GNUTranslations(io.BytesIO(data))
    except (POError, ValueError, OSError) as exc:
        log.warning("%s is damaged (%s); its language shows in English", po.name, exc)
        return None
    _save(cached, data)  # the next start reads it
    return translations


def _read_mo(path: Path, key: str | None = None) -> gettext.GNUTranslations | None:
    """The catalogue in `path` when it is there, readable and (with `key`) compiled from
    that source; else None, with a warning when the file is damaged."""
    try:
        with path.open("rb") as fh:
            translations = gettext.GNUTranslations(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:
        # A cut-off or foreign file fails in many ways (struct, Unicode, plural formula,
        # OSError): all of them mean "compile it again".
        log.warning("the compiled catalogue %s is damaged (%s); not used", path, exc)
        return None
    if key is not None and translations.info().get(SOURCE_KEY_HEADER.lower()) != key:
        return None
    return translations


def _save(path: Path, data: bytes) -> None:
    from amogui.base.files import atomic_write

    try:
        # Not fsynced: a lost cache file is compiled again, and the fsyncs would cost
        # the first paint more than the compilation itself.
        atomic_write(path, data, durable=False)
    except OSError as exc:
        log.info("compiled catalogue not kept (%s): compiled again next time", exc)
        return
    # Older compilations of the same catalogue are dead weight now.
    stem = path.stem.rsplit("-", 2)[0]
    for old in path.parent.glob(f"{stem}-*.mo"):
        if old != path:
            old.unlink(missing_ok=True)


def compile_all(directory: Path, out: Path) -> list[Path]:
    """Compile every ``.po`` of `directory` into `out` (a build step); raises `POError`
    naming the file for a damaged one, since a build must not ship it."""
    from amogui.base.po import POError

    out.mkdir(parents=True, exist_ok=True)
    made = []
    for po in sorted(directory.glob(f"{DOMAIN}_*.po")):
        try:
            data = compile_source(po.read_bytes())
        except POError as exc:
            raise POError(f"{po.name}: {exc}") from None
        target = out / po.with_suffix(".mo").name
        target.write_bytes(data)
        made.append(target)
    return made


def main(argv: list[str] | None = None) -> int:
    """``python -m amogui.base.catalogues OUT``: compile every catalogue into OUT."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m amogui.base.catalogues OUT_DIR", file=sys.stderr)
        return 2
    from amogui.base.po import POError

    try:
        made = compile_all(translations_dir(), Path(args[0]))
    except (POError, OSError) as exc:
        print(f"could not compile the translations: {exc}", file=sys.stderr)
        return 1
    print("\n".join(str(p) for p in made))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
