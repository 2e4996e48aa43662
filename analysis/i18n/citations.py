"""Citations of publications and laws in the reader's language: the project's own words translated, titles kept."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from analysis.i18n import active_recording, current, read_catalog

# Short citations, publisher names and law names as the data package writes them (sources.csv short_citation, the
# publisher part of it, grooming_laws.csv law), each with its wording in every language: the words this project adds
# ("as quoted by", "press release", a date, a gloss of a law's name) are translated; a publication's or a law's own
# name stays as published. A row whose translation equals the English records that decision.
CITATIONS = Path(__file__).resolve().parent / "citations.csv"


@cache
def citation_catalog() -> dict[str, dict[str, str]]:
    return read_catalog(CITATIONS)


def citation(text: str, lang: str | None = None) -> str:
    """A citation in the language: the catalog's wording where it has a row, otherwise as the data writes it (a
    citation is never refused, since a publication's own name reads in any language). The completeness test
    (tests/test_translations_complete.py) lists every drawn citation without a row that still has English words."""
    lang = lang or current()
    entry = citation_catalog().get(text)
    shown = entry[lang] if entry is not None and entry[lang] else text
    record = active_recording()
    if record is not None:
        record.citations[shown] = record.citations.get(shown, False) or entry is not None
    return shown
