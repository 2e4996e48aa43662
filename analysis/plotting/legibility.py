"""Legibility checks on a drawn figure: no text below the size's minimum, cut off, overlapping or missing glyphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from analysis.plotting.layout import Size

EDGE_TOLERANCE_PX = 1.0


class IllegibleFigureError(ValueError):
    """A figure whose text would be too small, or cut off, at one output size."""


def drawn_texts(fig: Figure, dpi: float) -> tuple[list[tuple[str, float, object]], tuple[float, float]]:
    """Every text the renderer actually draws (tick labels outside the view are not drawn): its string, font
    size in points and window extent; and the canvas size in pixels."""
    artists, renderer = _drawn_text_artists(fig, dpi)
    texts = [(t.get_text(), t.get_fontsize(), t.get_window_extent(renderer)) for t in artists]
    return texts, (fig.bbox.width, fig.bbox.height)


def _drawn_text_artists(fig: Figure, dpi: float, pixels: bool = True) -> tuple[list[Text], object]:
    """Draw the figure on its Agg canvas at ``dpi``: the visible, non-blank texts drawn (each once, in drawing
    order) and the renderer. Without ``pixels`` (a page saved only as PDF) the drawing places everything but paints
    nothing. (Texts recorded while drawing the PDF would not do: legends and offset boxes are placed at draw time,
    for the PDF's 72 dpi.)"""
    from matplotlib.text import Text

    from analysis.plotting.canvas import agg_renderer

    fig.set_dpi(dpi)
    renderer = agg_renderer(fig)
    drawn: list[Text] = []
    original = Text.draw

    def recording(self: Text, renderer: object) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)

    Text.draw = recording
    try:
        if pixels:
            fig.draw(renderer)
        else:
            fig.draw_without_rendering()
    finally:
        Text.draw = original
    return list(dict.fromkeys(drawn)), renderer


def missing_glyphs(text: Text) -> list[str]:
    """Characters of a drawn text that its font has no glyph for (drawn as empty boxes); formulas are set by
    mathtext in its own fonts and are not checked."""
    from pathlib import Path

    from matplotlib import cbook
    from matplotlib.font_manager import findfont

    from analysis.plotting.fonts import is_bundled, undrawable

    content = text.get_text()
    if text.get_usetex() or (text.get_parse_math() and cbook.is_math_text(content)):
        return []
    font = findfont(text.get_fontproperties())
    if not is_bundled(font):
        return []  # pin_fonts() keeps only the bundled faces; any other font is not ours to judge
    return undrawable(content, Path(font).name)


def text_problems(fig: Figure, size: Size, pixels: bool = True) -> list[str]:
    """Why the figure is not legible at this size (empty when it is); ``pixels=False`` when no image is made of
    this drawing (the check then lays the figure out without painting it)."""
    artists, renderer = _drawn_text_artists(fig, size.dpi, pixels)
    texts = [(t.get_text(), t.get_fontsize(), t.get_window_extent(renderer)) for t in artists]
    width, height = fig.bbox.width, fig.bbox.height
    problems = []
    for artist in artists:
        missing = missing_glyphs(artist)
        if missing:
            problems.append(f"text {artist.get_text().replace(chr(10), ' ')[:60]!r} has characters the font cannot "
                            f"draw ({' '.join(missing)}: empty boxes on the image)")
    for text, points, box in texts:
        px = points * size.dpi / 72
        label = text.replace("\n", " ")[:60]
        if px < size.min_text_px - 1e-6:
            problems.append(f"text {label!r} is {px:.1f} px high, below the {size.min_text_px:g} px minimum")
        if box is not None and (box.x0 < -EDGE_TOLERANCE_PX or box.y0 < -EDGE_TOLERANCE_PX
                                or box.x1 > width + EDGE_TOLERANCE_PX or box.y1 > height + EDGE_TOLERANCE_PX):
            problems.append(f"text {label!r} runs off the page")
    boxes = [(text, box) for text, _points, box in texts if box is not None]
    for i, j in overlapping_pairs([box for _text, box in boxes]):
        text, other = boxes[i][0], boxes[j][0]
        problems.append(f"texts {text.replace(chr(10), ' ')[:40]!r} and {other.replace(chr(10), ' ')[:40]!r} overlap")
    return list(dict.fromkeys(problems))


OVERLAP_TOLERANCE_PX = 2.0


def overlapping_pairs(boxes: list[object]) -> list[tuple[int, int]]:
    """Index pairs (i < j, in order) of text boxes that overlap by more than a couple of pixels in both
    directions; all pairs at once (a table or a long axis draws hundreds of texts)."""
    import numpy as np

    if len(boxes) < 2:
        return []
    x0, y0, x1, y1 = np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes], dtype=float).T
    width = np.minimum.outer(x1, x1) - np.maximum.outer(x0, x0)
    height = np.minimum.outer(y1, y1) - np.maximum.outer(y0, y0)
    both = np.triu((width > OVERLAP_TOLERANCE_PX) & (height > OVERLAP_TOLERANCE_PX), k=1)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(both), strict=True)]


def require_legible(fig: Figure, size: Size, figure_id: str, lang: str, pixels: bool = True) -> None:
    problems = text_problems(fig, size, pixels)
    if problems:
        listed = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise IllegibleFigureError(
            f"figure '{figure_id}' at size '{size.name}' in '{lang}' is not legible: {listed}. Shorten the text, "
            "reduce the rows, or leave this size out of the recipe's sizes (with the reason).")
