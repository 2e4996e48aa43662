"""Lean font subsets in PDFs: the OpenType layout tables (kerning, ligatures) are left out of embedded fonts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# A PDF places every glyph itself, so a viewer never shapes text with these tables; subsetting them (DejaVu's
# kerning table is large) was most of the time of writing a factsheet.
LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern"]


@contextmanager
def lean_subsets() -> Iterator[None]:
    """While PDFs are written in this block, fontTools' subsetter (which matplotlib's PDF backend uses for every
    embedded font) drops the layout tables. The glyphs, their outlines and the text a reader can copy are kept."""
    from fontTools import subset

    saved = subset.Options._drop_tables_default
    subset.Options._drop_tables_default = [*saved, *(t for t in LAYOUT_TABLES if t not in saved)]
    try:
        yield
    finally:
        subset.Options._drop_tables_default = saved
