"""Page layout: the same places for title, subtitle, note and source line on every figure."""

from __future__ import annotations

import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis import paths
from analysis.plotting import palette

if TYPE_CHECKING:
    from collections.abc import Iterator

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Size:
    """An output size: inches and dots per inch for the PNG."""

    name: str
    width_in: float
    height_in: float
    dpi: int
    scale: float = 1.0  # multiplies every font size


SIZES: dict[str, Size] = {
    "report": Size("report", 7.0, 4.6, 200),
}

MARGIN_IN = 0.28
TITLE_PT, SUBTITLE_PT, FOOT_PT = 13.0, 9.5, 7.5
LINE_GAP = 1.35


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the duration of a block."""
    import matplotlib.pyplot as plt

    with plt.style.context(str(paths.STYLE_FILE)):
        yield


def _wrap(text: str, font_pt: float, width_in: float) -> list[str]:
    """Wrap text to the width, estimating DejaVu Sans at ~0.55 em per character."""
    if not text:
        return []
    chars = max(20, int(width_in * 72 / (font_pt * 0.55)))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, chars) or [""])
    return lines


def reserve_label_width(ax: Axes, labels: list[str], fontsize: float) -> None:
    """Move the axes' left edge so that y tick labels of this length fit inside the page margin."""
    fig = ax.figure
    width_in = fig.get_figwidth()
    needed_in = MARGIN_IN + max((len(label) for label in labels), default=0) * fontsize * 0.6 / 72 + 0.12
    spec = ax.get_subplotspec().get_gridspec()
    if needed_in / width_in > spec.left:
        spec.update(left=needed_in / width_in)
        ax.set_position(ax.get_subplotspec().get_position(fig))


def split_axes(ax: Axes, nrows: int, ncols: int, **grid_kw: float) -> list[Axes]:
    """Replace one axes by a grid of axes in the same place (for small multiples)."""
    fig = ax.figure
    spec = ax.get_subplotspec().subgridspec(nrows, ncols, **grid_kw)
    ax.remove()
    return [fig.add_subplot(spec[r, c]) for r in range(nrows) for c in range(ncols)]


def page(size: Size, title: str, subtitle: str, source_line: str, note: str = "",
         nrows: int = 1, ncols: int = 1, **grid_kw: float) -> tuple[Figure, list[Axes]]:
    """A figure with the house header and footer, and a grid of axes between them."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi)
    s = size.scale
    text_width = size.width_in - 2 * MARGIN_IN
    y_in = size.height_in - MARGIN_IN

    def put(lines: list[str], pt: float, y: float, **kw: object) -> float:
        for line in lines:
            y -= pt * s * LINE_GAP / 72
            fig.text(MARGIN_IN / size.width_in, y / size.height_in, line, fontsize=pt * s,
                     va="baseline", ha="left", **kw)
        return y

    y_in = put(_wrap(title, TITLE_PT * s, text_width), TITLE_PT, y_in, weight="bold",
               color=palette.INK)
    y_in = put(_wrap(subtitle, SUBTITLE_PT * s, text_width), SUBTITLE_PT, y_in - 0.02,
               color=palette.MUTED)
    top_in = y_in - 0.22 * s

    foot = _wrap(note, FOOT_PT * s, text_width) + _wrap(source_line, FOOT_PT * s, text_width)
    foot_height = len(foot) * FOOT_PT * s * LINE_GAP / 72
    y_foot = MARGIN_IN + foot_height
    put(foot, FOOT_PT, y_foot + FOOT_PT * s * LINE_GAP / 72 * 0.25, color=palette.MUTED)
    bottom_in = y_foot + 0.42 * s

    grid = fig.add_gridspec(
        nrows, ncols,
        left=(MARGIN_IN + 0.5 * s) / size.width_in,
        right=1 - MARGIN_IN / size.width_in,
        top=top_in / size.height_in,
        bottom=bottom_in / size.height_in,
        **grid_kw,
    )
    axes = [fig.add_subplot(grid[r, c]) for r in range(nrows) for c in range(ncols)]
    return fig, axes
