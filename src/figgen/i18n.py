"""The article's languages: every sentence figgen writes, in English and in Spanish.

The English templates stay where they are used, one dict per module (`figgen.explore.TEXT`,
`figgen.player.PLAYER_TEXT`, the claims' variants, the figures' captions, alt texts and drawn
words, ...); each module registers its dict here under a name with `table`. The Spanish
templates are all in one catalogue, `figgen.es.CATALOGUE` ({table name: {key: template}}).
`tr(name, key)` is the template in the language of the page being filled (`using`), so the
modules' code is the same for every edition.

A Spanish page needs every key of every table: `check_complete("es")` (called when a Spanish
page is filled, and by the tests) stops the build with one line naming the first key the
catalogue lacks. Numbers keep the decimal point in every language: a value is formatted the
same way in both editions (the copyable values must paste into numpy, and the figures with
only math are shared).
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath

from figgen.config import ConfigError

LANGUAGES: tuple[str, ...] = ("en", "es")  # the editions, the default first
DEFAULT = LANGUAGES[0]

# The modules that register tables: check_complete imports them all, so a table that the page
# being filled happens not to use is still checked.
TABLE_MODULES: tuple[str, ...] = (
    "figgen.article", "figgen.claims", "figgen.figures", "figgen.explain", "figgen.explore", "figgen.facts",
    "figgen.player", "figgen.prose", "figgen.schema", "figgen.site", "figgen.train", "figgen.figures.diagrams", "figgen.figures.equations",
    "figgen.animate",
)

_TABLES: dict[str, dict[str, str]] = {}  # table name -> {key: English template}
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("figgen_language", default=DEFAULT)
_READ: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("figgen_tables_read", default=None)


class MissingTranslation(ConfigError):
    """A template has no translation in the page's language: one line naming its key."""


def table(name: str, english: dict[str, str]) -> dict[str, str]:
    """Register `english` ({key: template}) as table `name` (or add to it) and return it."""
    _TABLES.setdefault(name, {}).update(english)
    return english


def localized(name: str, english: dict[str, str]) -> "Localized":
    """Register `english` as table `name` and return it read in the current language."""
    table(name, english)
    return Localized(name)


def language() -> str:
    """The language of the page being filled ("en" outside `using`)."""
    return _LANGUAGE.get()


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Fill, draw and write in `lang` inside the block."""
    if lang not in LANGUAGES:
        raise ConfigError(f"language {lang!r} is not valid: expected one of {', '.join(LANGUAGES)}")
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


# The catalogue of each language other than the default: figgen.<lang>. Imported by name, so
# the cache keys of what every module importing this one makes (training runs, the English
# figures) do not hold the catalogues; the outputs that write another language name it in
# their `loads` (CATALOGUES): a translation edit remakes those alone.
CATALOGUES: tuple[str, ...] = tuple(f"figgen.{lang}" for lang in LANGUAGES[1:])


def _catalogue(lang: str) -> Mapping[str, Mapping[str, str]]:
    return importlib.import_module(f"figgen.{lang}").CATALOGUE


def tr(name: str, key: str, lang: str | None = None) -> str:
    """The template `key` of table `name` in `lang` (by default the current language)."""
    lang = lang or language()
    english = _TABLES[name][key]
    if lang == DEFAULT:
        return english
    try:
        return _catalogue(lang)[name][key]
    except KeyError:
        raise MissingTranslation(
            f"no {lang!r} translation of {name}:{key} (figgen/{lang}.py, CATALOGUE[{name!r}][{key!r}]); "
            f"the English is {english!r}") from None


class Localized(Mapping[str, str]):
    """A registered table read in the current language: ``TEXT = localized("explore")``
    reads like the English dict did."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getitem__(self, key: str) -> str:
        if key not in _TABLES[self.name]:
            raise KeyError(key)
        read = _READ.get()
        if read is not None:
            read.add(self.name)
        return tr(self.name, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_TABLES[self.name])

    def __len__(self) -> int:
        return len(_TABLES[self.name])


@contextlib.contextmanager
def reading() -> Iterator[set[str]]:
    """The names of the tables read (through `localized` views) inside the block: a figure
    drawn inside it that reads none of the figures' word tables draws no words."""
    read: set[str] = set()
    token = _READ.set(read)
    try:
        yield read
    finally:
        _READ.reset(token)


def tables() -> dict[str, dict[str, str]]:
    """Every registered table, after importing every module that registers one."""
    for module in TABLE_MODULES:
        importlib.import_module(module)
    return _TABLES


def missing(lang: str) -> list[str]:
    """The keys ("table:key") that `lang`'s catalogue lacks, in table order."""
    if lang == DEFAULT:
        return []
    catalogue = _catalogue(lang)
    return [f"{name}:{key}" for name, english in tables().items() for key in english
            if key not in catalogue.get(name, {})]


def check_complete(lang: str) -> None:
    """Raise MissingTranslation naming the first key `lang`'s catalogue lacks."""
    absent = missing(lang)
    if absent:
        name, key = absent[0].split(":", 1)
        tr(name, key, lang)  # raises, naming it


def page_language(src_uri: str) -> str:
    """The language of a page from its file name: "index.es.md" -> "es", "index.md" -> "en"
    (mkdocs-static-i18n's suffix structure)."""
    suffixes = PurePosixPath(src_uri).suffixes
    return suffixes[-2].lstrip(".") if len(suffixes) >= 2 and suffixes[-2].lstrip(".") in LANGUAGES else DEFAULT


def variant_stem(stem: str, lang: str) -> str:
    """The file stem of a figure's drawing in `lang`: "overview" in English, "overview-es" in
    Spanish. Not "overview.es": mkdocs-static-i18n would take a ".es." file for the Spanish copy
    of another and move it under es/."""
    return stem if lang == DEFAULT else f"{stem}-{lang}"
