"""Where a language's compiled gettext catalogue comes from.

The sources are ``amogui_<lang>.po`` in `translations_dir`. The catalogue read at run
time is a ``.mo`` compiled from exactly that source; its header records the source's key
(`source_key`), so a compiled file never outlives the source it came from:

- the wheel and the frozen app carry ``amogui_<lang>.mo`` beside the ``.po``, compiled at
  build time (``setup.py``, ``packaging/build``): used as it is;
- a checkout has no ``.mo`` there (compiled files are never written into the source tree):
  the catalogue is compiled on first use into the user's cache folder, named by the
  source's key, and read from there on every later start until the ``.po`` changes;
- a built app without sources uses its ``.mo`` as it is.

A damaged ``.po`` or ``.mo`` is a warning in the log and no catalogue (English), never an
exception: the caller (`amogui.base.i18n.Catalogue`) says so where the user sees it.
"""

from __future__ import annotations

import gettext
import io
import logging
import threading
import zlib
from pathlib import Path

from amogui.base.i18n import DOMAIN

log = logging.getLogger(__name__)

SOURCE_KEY_HEADER = "X-Amogui-Source"  # in a .mo: the key of the .po it was compiled from

LANGUAGES = ("en", "uk")  # every language that has a catalogue

_writers: list[threading.Thread] = []


def translations_dir() -> Path:
    """The folder of the translation sources (and, in a built app, of their compiled
    catalogues). The one place that knows where it is."""
    return Path(__file__).resolve().parent.parent / "resources" / "translations"


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
    # The next start reads the compiled file; writing it (fsynced) is disk work that
    # the GUI thread, on its way to the first paint, does not wait for.
    writer = threading.Thread(target=_save, args=(cached, data), name="catalogue-cache")
    _writers.append(writer)
    writer.start()
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
        atomic_write(path, data)
    except OSError as exc:
        log.info("compiled catalogue not kept (%s): compiled again next time", exc)
        return
    # Older compilations of the same catalogue are dead weight now.
    stem = path.stem.rsplit("-", 2)[0]
    for old in path.parent.glob(f"{stem}-*.mo"):
        if old != path:
            old.unlink(missing_ok=True)


def wait_for_cache() -> None:
    """Let compiled catalogues still being written reach the disk (tests, tools)."""
    while _writers:
        _writers.pop().join()


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
