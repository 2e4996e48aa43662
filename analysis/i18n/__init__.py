"""Figure text in English, Spanish, Brazilian Portuguese and French: a message catalog and locale formatting."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "es", "pt", "fr")
# The Portuguese is Brazilian: the code stays "pt" in file names and on the command line; readers see its name and
# the BCP 47 tag (an HTML lang attribute) say so.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "pt": "Português (Brasil)", "fr": "Français"}
LANGUAGE_TAGS = {"en": "en", "es": "es", "pt": "pt-BR", "fr": "fr"}
CATALOG = Path(__file__).resolve().parent / "messages.csv"
MINUS = "\u2212"
_FIELD = re.compile(r"{(\w*)(?:[:!][^}]*)?}")

_current: ContextVar[str] = ContextVar("language", default="en")


class MissingTranslationError(LookupError):
    """Figure text with no entry in the message catalog, or an entry with a language left blank."""


class UnknownLanguageError(ValueError):
    """A language code the toolkit does not translate into."""


def language_tag(lang: str) -> str:
    """The BCP 47 tag of a language code, for HTML and PDF metadata ('pt' -> 'pt-BR')."""
    return LANGUAGE_TAGS[check_language(lang)]


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UnknownLanguageError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Translate and format every figure text drawn inside the block in ``lang``."""
    token = _current.set(check_language(lang))
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str:
    return _current.get()


def fields(text: str) -> set[str]:
    """The named placeholders of a message."""
    return {m.group(1) for m in _FIELD.finditer(text)}


def read_catalog(path: Path) -> dict[str, dict[str, str]]:
    """English text -> {language: translation}, from a CSV with one column per language (English is the key)."""
    messages: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            key = row["en"]
            if key in messages:
                raise ValueError(f"{path.name}, row {row_number}: the English text {key!r} appears twice")
            messages[key] = {lang: row[lang] or "" for lang in LANGUAGES}
    return messages


@cache
def catalog() -> dict[str, dict[str, str]]:
    """English message -> {language: translation}, read from messages.csv."""
    return read_catalog(CATALOG)


@dataclass
class Recording:
    """What was looked up in the catalog while recording, and what was missing (text, language)."""

    misses: list[tuple[str, str]] = field(default_factory=list)
    looked_up: set[str] = field(default_factory=set)
    # Citations of publications and laws (analysis.i18n.citations): the text shown, and whether the citation
    # catalog decided it (a translation, or a deliberate "kept as published")
    citations: dict[str, bool] = field(default_factory=dict)
    lenient: bool = True  # record a miss and go on (a test listing every miss); False: a miss raises as in production


_recording: ContextVar[Recording | None] = ContextVar("recording", default=None)


@contextmanager
def recording(lenient: bool = True) -> Iterator[Recording]:
    """Inside the block lookups and citations are recorded. Lenient (for tests), a missing translation is recorded
    and its English text used, so that everything can be rendered and every miss listed at once; strict (the build,
    which records the citations a figure draws to check them), a miss raises as it always does outside a block."""
    token = _recording.set(Recording(lenient=lenient))
    try:
        yield _recording.get()
    finally:
        _recording.reset(token)


def active_recording() -> Recording | None:
    return _recording.get()


def translate(text: str, lang: str | None = None) -> str:
    """The catalog's translation of an English message; a missing one raises instead of falling back."""
    lang = lang or current()
    entry = catalog().get(text)
    record = _recording.get()
    if record is not None:
        record.looked_up.add(text)
    if entry is None or not entry[lang]:
        if record is not None and record.lenient:
            record.misses.append((text, lang))
            return text
        if entry is None:
            raise MissingTranslationError(
                f"no entry for {text!r} in {CATALOG}; add a row with its en, es, pt and fr text")
        raise MissingTranslationError(f"{CATALOG.name}: the {lang!r} column is blank for {text!r}; translate it")
    return entry[lang]


def _(text: str, **values: object) -> str:
    """Translate ``text`` into the current language and fill its named placeholders; where a placeholder's value
    starts with an article right after a preposition, the two contract as the language requires (French "partie
    à {treaty}" with "le protocole..." gives "partie au protocole...")."""
    translated = translate(text)
    if not values:
        return translated
    rules = CONTRACTIONS.get(current())
    if not rules:
        return translated.format(**values)
    import string

    out = ""
    for literal, name, spec, conversion in string.Formatter().parse(translated):
        out += literal
        if name is None:
            continue
        value = format(values[name] if conversion is None else
                       {"r": repr, "s": str, "a": ascii}[conversion](values[name]), spec or "")
        out, value = _contract(out, value, rules)
        out += value
    return out


# Preposition + article pairs that the language writes as one word (checked only where a placeholder's value
# begins with the article, so that a pronoun in the catalog's own words is never touched).
CONTRACTIONS: dict[str, dict[tuple[str, str], str]] = {
    "fr": {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"},
    "pt": {("de", "o"): "do", ("de", "a"): "da", ("de", "os"): "dos", ("de", "as"): "das", ("em", "o"): "no",
           ("em", "a"): "na", ("em", "os"): "nos", ("em", "as"): "nas", ("a", "o"): "ao", ("a", "os"): "aos",
           ("a", "a"): "à", ("a", "as"): "às", ("por", "o"): "pelo", ("por", "a"): "pela"},
    "es": {("de", "el"): "del", ("a", "el"): "al"},
}


def _contract(before: str, value: str, rules: dict[tuple[str, str], str]) -> tuple[str, str]:
    """The text before a placeholder and its value, with a final preposition and the value's first word joined."""
    head, _space, rest = value.partition(" ")
    if not rest or not before.endswith(" "):
        return before, value
    words = before[:-1].rsplit(None, 1)
    preposition = words[-1] if words else ""
    joined = rules.get((preposition, head))
    if joined is None:
        return before, value
    return before[: len(before) - len(preposition) - 1] + joined + " ", rest


# --- Locale formatting ------------------------------------------------------------------------

def _babel_locale(lang: str | None = None) -> str:
    return {"en": "en_US", "es": "es_ES", "pt": "pt_BR", "fr": "fr_FR"}[lang or current()]


def number(value: float, digits: int = 1, *, lang: str | None = None) -> str:
    """A decimal number with the locale's separators and exactly ``digits`` decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_babel_locale(lang)).replace("-", MINUS)


def integer(value: float, *, lang: str | None = None) -> str:
    return number(round(value), 0, lang=lang)


def year(value: float) -> str:
    """Years are never grouped (2021, not 2,021)."""
    return str(int(value))


def financial_year(start: int) -> str:
    """'2018/19': an April-to-March year named by the year it starts (as UK statistics write it)."""
    return f"{start}/{(start + 1) % 100:02d}"


def percent(value: float, digits: int = 1, *, lang: str | None = None) -> str:
    """A percentage given in percent units (12.3 -> '12.3%', '12,3 %' in French), per the locale's pattern."""
    from babel import Locale

    locale = Locale.parse(_babel_locale(lang))
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    return pattern.replace("#,##0", number(value, digits, lang=lang))


def percent_formatter(digits: int = 0):
    """A matplotlib tick formatter for percent-unit axes in the current language."""
    from matplotlib.ticker import FuncFormatter

    lang = current()
    return FuncFormatter(lambda value, _pos: percent(value, digits, lang=lang))


def compact_percent(value: float, *, lang: str | None = None) -> str:
    """A percentage with as many decimals as it has (12 -> '12%', 12.5 -> '12.5%')."""
    digits = 0 if float(value).is_integer() else 1 if round(value, 1) == value else 2
    return percent(value, digits, lang=lang)


def signed(value: float, digits: int = 1, *, lang: str | None = None) -> str:
    """A signed number with a true minus sign (+3.1, −2.0); zero is unsigned."""
    if round(value, digits) == 0:
        return number(0, digits, lang=lang)
    text = number(abs(value), digits, lang=lang)
    return ("+" if value > 0 else MINUS) + text


def long_date(value: date, *, lang: str | None = None) -> str:
    from babel.dates import format_date

    return format_date(value, format="long", locale=_babel_locale(lang))


NBSP = "\u00a0"
# French sets a no-break space before the semicolon, as the message catalog does, so a wrapped line never starts with it
SEMICOLONS = {"fr": NBSP + "; "}


def semicolon_list(items: Iterable[str], *, lang: str | None = None) -> str:
    """Items joined by semicolons, spaced as the language writes them ('a; b', French 'a\u00a0; b')."""
    return SEMICOLONS.get(lang or current(), "; ").join(items)


def labelled(label: object, value: object, *, lang: str | None = None) -> str:
    """'2019: 57,372', with the colon spaced as the language writes it (French '2019\u00a0: 57 372')."""
    return f"{label}{NBSP if (lang or current()) == 'fr' else ''}: {value}"


# --- Names --------------------------------------------------------------------------------------

USER_ASSIGNED_ALPHA2 = {"XKX": "XK"}  # Kosovo: user-assigned codes (analysis.countries), named in CLDR as XK


@cache
def territory_names(lang: str) -> dict[str, str]:
    """CLDR's names of countries and territories in the language, by ISO 3166-1 alpha-2 code (read once)."""
    from babel import Locale

    return dict(Locale.parse(_babel_locale(lang)).territories)


def country_name(iso3: str, *, lang: str | None = None) -> str:
    """A country's name in the language (CLDR via Babel); ISO 3166-2 survey samples via the catalog."""
    from analysis.countries import AREA_NAMES, area_name

    lang = lang or current()
    if "-" in iso3 or iso3 in AREA_NAMES:
        return translate(area_name(iso3), lang)
    if lang == "en":
        return area_name(iso3)
    import pycountry

    record = pycountry.countries.get(alpha_3=iso3)
    alpha_2 = record.alpha_2 if record is not None else USER_ASSIGNED_ALPHA2.get(iso3)
    if alpha_2 is None:
        raise MissingTranslationError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code, so it has no name in {lang}")
    name = territory_names(lang).get(alpha_2)
    if not name:
        raise MissingTranslationError(f"Babel has no {lang} name for {iso3}")
    return name


def collation_key(text: object) -> str:
    """Alphabetical order as a reader expects it: case and accents ignored ('États-Unis' among the E's)."""
    if not isinstance(text, str):
        return ""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def sorted_country_names(codes: Iterable[str], *, lang: str | None = None) -> list[str]:
    """Countries' names in the language, in the language's reading order."""
    return sorted((country_name(code, lang=lang) for code in codes), key=collation_key)
