"""English words left in a translated figure: text that bypassed the message catalog or an undecided citation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from analysis.i18n import CATALOG, catalog, territory_names

WORD = re.compile(r"[^\W\d_]{2,}")
URL = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|gov|uk|ke|am|by|blog)\b")  # addresses stay


class UntranslatedTextError(ValueError):
    """A figure in another language draws words that the catalog writes only in English."""


def words(text: str) -> set[str]:
    """The words of a text (two letters or more, case-folded), web addresses left out."""
    return {w.casefold() for w in WORD.findall(URL.sub(" ", text))}


@cache
def column_words(lang: str) -> frozenset[str]:
    """Every word the message catalog writes in the language."""
    return frozenset(w for entry in catalog().values() for w in words(entry[lang]))


@cache
def place_words(lang: str) -> frozenset[str]:
    """Every country and territory name in the language (CLDR), which may look English ('Canada', 'Malta')."""
    return frozenset(w for name in territory_names(lang).values() for w in words(name))


def english_leftovers(texts: Iterable[str], lang: str, decided_citations: Iterable[str] = ()) -> set[str]:
    """Words in the texts that the catalog writes in English but never in ``lang``. Citations the citation catalog
    decided on (translated, or kept as the publication names itself) are allowed."""
    english_only = column_words("en") - column_words(lang) - place_words(lang)
    allowed = {w for text in decided_citations for w in words(text)}
    return {w for text in texts for w in words(text) if w in english_only and w not in allowed}


def require_translated(texts: Iterable[str], lang: str, citations: dict[str, bool], what: str) -> None:
    """Raise when a figure in ``lang`` (not English) draws English words; ``citations`` as recorded while drawing
    (text shown -> whether the citation catalog decided it)."""
    if lang == "en":
        return
    decided = {text for text, known in citations.items() if known}
    left = english_leftovers(texts, lang, decided)
    if left:
        undecided = sorted(text for text, known in citations.items() if not known and words(text) & left)
        hint = (f"; citations without a row (add them to analysis/i18n/citations.csv): {undecided}" if undecided
                else f"; translate the text that holds them in {CATALOG.name}")
        raise UntranslatedTextError(f"{what} in {lang!r} draws English words {sorted(left)}{hint}")


def figure_texts(figure: object) -> list[str]:
    """Every text on a matplotlib figure: titles, notes, source line, legends, annotations and tick labels."""
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    for ax in figure.axes:
        texts += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels())]
    return [t for t in texts if t.strip()]
