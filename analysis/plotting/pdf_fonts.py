"""Lean, reused font subsets in PDFs: no OpenType layout tables, and each distinct subset made once per process."""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, NamedTuple

# A PDF places every glyph itself, so a viewer never shapes text with these tables; subsetting them (DejaVu's
# kerning table is large) was most of the time of writing a factsheet.
LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern"]
# Factsheets and figures keep asking for the same few glyph sets of the same three faces (three in four subsets
# of a factsheet batch repeat one already made), and making a subset parses the whole font each time.
MAX_REUSED_SUBSETS = 512


class SubsetFile(NamedTuple):
    """A subset already written out: the font file's bytes, ready to embed."""

    data: bytes


class ReusedSubset(NamedTuple):
    """What matplotlib's PDF backend reads from a subsetting: the font and the old-to-new glyph numbers."""

    font: SubsetFile
    glyph_index_map: dict[int, int]


_subsets: OrderedDict[tuple[str, int, frozenset[int]], ReusedSubset] = OrderedDict()


def subset_key(fontfile: Any, glyphs: Any) -> tuple[str, int, frozenset[int]]:
    """A subset is known by its font file, the face in it and the glyphs asked for."""
    return str(fontfile), int(getattr(fontfile, "face_index", 0)), frozenset(int(g) for g in glyphs)


@contextmanager
def lean_subsets() -> Iterator[None]:
    """While PDFs are written in this block, fontTools' subsetter (which matplotlib's PDF backend uses for every
    embedded font) drops the layout tables, and a subset this process has already made for the same glyphs of
    the same face is embedded again as the same bytes. The glyphs, their outlines and the text a reader can copy
    are kept; the PDF is byte for byte the one made without reuse (tested)."""
    from fontTools import subset
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    make_subset, save_font = pdf_ps.get_glyphs_subset, pdf_ps.font_as_file

    def reused_subset(fontfile: Any, glyphs: Any) -> AbstractContextManager[ReusedSubset]:
        key = subset_key(fontfile, glyphs)
        reused = _subsets.get(key)
        if reused is None:
            with make_subset(fontfile, set(key[2])) as made:
                reused = ReusedSubset(SubsetFile(save_font(made.font).getvalue()), dict(made.glyph_index_map))
        _subsets[key] = reused
        _subsets.move_to_end(key)
        while len(_subsets) > MAX_REUSED_SUBSETS:
            _subsets.popitem(last=False)
        return nullcontext(reused)

    def subset_as_file(font: Any) -> io.BytesIO:
        return io.BytesIO(font.data) if isinstance(font, SubsetFile) else save_font(font)

    saved = subset.Options._drop_tables_default
    subset.Options._drop_tables_default = [*saved, *(t for t in LAYOUT_TABLES if t not in saved)]
    pdf_ps.get_glyphs_subset, pdf_ps.font_as_file = reused_subset, subset_as_file
    try:
        yield
    finally:
        subset.Options._drop_tables_default = saved
        pdf_ps.get_glyphs_subset, pdf_ps.font_as_file = make_subset, save_font
