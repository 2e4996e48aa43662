"""The PNG writer and the lean, reused PDF font subsets: what they write decodes to what was drawn."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from analysis.plotting import pdf_fonts
from analysis.plotting.fonts import bundled_font_dir
from analysis.plotting.pdf_fonts import LAYOUT_TABLES, lean_subsets
from analysis.plotting.png import encode_png


def test_png_decodes_to_the_exact_pixels_with_the_dpi() -> None:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)  # noise, odd sizes, partial transparency
    image = Image.open(io.BytesIO(encode_png(pixels, 150, compress_level=3)))
    assert image.mode == "RGBA" and image.size == (53, 37)
    assert np.array_equal(np.asarray(image), pixels)
    assert image.info["dpi"] == pytest.approx((150, 150), abs=0.02)  # stored as whole pixels per metre (5906)
    assert encode_png(pixels, 150) == encode_png(pixels.copy(), 150)  # deterministic


def test_png_of_a_drawn_figure_is_its_canvas() -> None:
    from matplotlib.figure import Figure

    from analysis.plotting.canvas import agg_canvas
    from analysis.render import drawn_png_bytes

    fig = Figure(figsize=(2, 1), dpi=100)
    fig.text(0.1, 0.5, "drawn")
    canvas = agg_canvas(fig)
    canvas.draw()
    decoded = np.asarray(Image.open(io.BytesIO(drawn_png_bytes(fig))))
    assert np.array_equal(decoded, np.asarray(canvas.buffer_rgba()))


def test_png_refuses_what_is_not_an_rgba_image() -> None:
    with pytest.raises(ValueError, match=r"needs an RGBA uint8 image, not float64 of shape \(4, 4, 3\)"):
        encode_png(np.zeros((4, 4, 3)), 100)


def _subset_tables() -> set[str]:
    from fontTools.ttLib import TTFont
    from matplotlib.backends import _backend_pdf_ps
    from matplotlib.font_manager import FontPath

    font = FontPath(str(bundled_font_dir() / "DejaVuSans.ttf"), 0)
    with _backend_pdf_ps.get_glyphs_subset(font, {36, 37, 38}) as result:  # the glyphs of 'A', 'B', 'C'
        return set(TTFont(_backend_pdf_ps.font_as_file(result.font)).keys())


def test_lean_subsets_drop_the_layout_tables_only_inside_the_block() -> None:
    """matplotlib's PDF backend subsets every embedded font with this function: inside the block the kerning and
    substitution tables are left out and the glyph outlines kept; outside it, fontTools' defaults are untouched."""
    plain = _subset_tables()
    assert {"GPOS", "GSUB"} <= plain
    with lean_subsets():
        lean = _subset_tables()
    assert not lean & set(LAYOUT_TABLES)
    assert {"glyf", "cmap", "hmtx", "loca"} <= lean
    assert _subset_tables() == plain
    with pytest.raises(RuntimeError), lean_subsets():
        raise RuntimeError("a failed save")
    assert _subset_tables() == plain  # restored after an error too


def _pdf_of(text: str) -> bytes:
    from matplotlib.figure import Figure

    from analysis.plotting.layout import house_style
    from analysis.render import figure_bytes

    with house_style():  # fonts embedded as TrueType (Type 42) subsets, as in every output
        fig = Figure(figsize=(3, 1))
        fig.text(0.05, 0.5, text)
        fig.text(0.05, 0.2, text.upper(), weight="bold")
        return figure_bytes(fig, "pdf", 100)


def test_a_reused_subset_embeds_the_same_bytes_as_a_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second PDF asking for the same glyphs of the same faces reuses the subsets of the first, and the PDFs
    are byte for byte those made with no reuse at all; other glyphs make subsets of their own."""
    monkeypatch.setattr(pdf_fonts, "_subsets", pdf_fonts.OrderedDict())
    monkeypatch.setattr(pdf_fonts, "MAX_REUSED_SUBSETS", 0)
    fresh = _pdf_of("Reports – 2023 ≥ 10")
    assert not pdf_fonts._subsets
    monkeypatch.setattr(pdf_fonts, "MAX_REUSED_SUBSETS", 512)
    first = _pdf_of("Reports – 2023 ≥ 10")
    made = dict(pdf_fonts._subsets)
    assert len(made) >= 2  # regular and bold faces at least
    second = _pdf_of("Reports – 2023 ≥ 10")
    assert dict(pdf_fonts._subsets) == made  # every subset reused, none made again
    assert fresh == first == second
    other = _pdf_of("Kenya")
    assert other != first and len(pdf_fonts._subsets) > len(made)
