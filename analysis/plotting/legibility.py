"""Legibility checks on a drawn figure: no text below the size's minimum, none cut off at the page edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from analysis.plotting.layout import Size

EDGE_TOLERANCE_PX = 1.0


class IllegibleFigureError(ValueError):
    """A figure whose text would be too small, or cut off, at one output size."""


def drawn_texts(fig: Figure, dpi: float) -> tuple[list[tuple[str, float, object]], tuple[float, float]]:
    """Every text the renderer actually draws (tick labels outside the view are not drawn): its string, font
    size in points and window extent; and the canvas size in pixels."""
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
        fig.draw(renderer)
    finally:
        Text.draw = original
    texts = [(t.get_text(), t.get_fontsize(), t.get_window_extent(renderer)) for t in dict.fromkeys(drawn)]
    return texts, (fig.bbox.width, fig.bbox.height)


def text_problems(fig: Figure, size: Size) -> list[str]:
    """Why the figure is not legible at this size (empty when it is)."""
    texts, (width, height) = drawn_texts(fig, size.dpi)
    problems = []
    for text, points, box in texts:
        px = points * size.dpi / 72
        label = text.replace("\n", " ")[:60]
        if px < size.min_text_px - 1e-6:
            problems.append(f"text {label!r} is {px:.1f} px high, below the {size.min_text_px:g} px minimum")
        if box is not None and (box.x0 < -EDGE_TOLERANCE_PX or box.y0 < -EDGE_TOLERANCE_PX
                                or box.x1 > width + EDGE_TOLERANCE_PX or box.y1 > height + EDGE_TOLERANCE_PX):
            problems.append(f"text {label!r} runs off the page")
    boxes = [(text, box) for text, _points, box in texts if box is not None]
    for i, (text, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            if _overlap(box, other_box):
                problems.append(f"texts {text.replace(chr(10), ' ')[:40]!r} and {other.replace(chr(10), ' ')[:40]!r} "
                                "overlap")
    return list(dict.fromkeys(problems))


OVERLAP_TOLERANCE_PX = 2.0


def _overlap(a: object, b: object) -> bool:
    """Whether two text boxes overlap by more than a couple of pixels in both directions."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width > OVERLAP_TOLERANCE_PX and height > OVERLAP_TOLERANCE_PX


def require_legible(fig: Figure, size: Size, figure_id: str, lang: str) -> None:
    problems = text_problems(fig, size)
    if problems:
        listed = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise IllegibleFigureError(
            f"figure '{figure_id}' at size '{size.name}' in '{lang}' is not legible: {listed}. Shorten the text, "
            "reduce the rows, or leave this size out of the recipe's sizes (with the reason).")
