"""Page layout: the same places for title, subtitle, note and source line on every figure."""

from __future__ import annotations

import functools
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis import paths
from analysis.plotting import palette
from analysis.plotting.fonts import char_advance_in, line_width_in

if TYPE_CHECKING:
    from collections.abc import Iterator

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox


@dataclass(frozen=True)
class Size:
    """An output size. Type is set in points, so the pixel size of text follows the dpi: the social and slide
    sizes are drawn on a small page at a high dpi, which makes their text large relative to the image."""

    name: str
    label: str
    width_in: float
    height_in: float
    dpi: int
    min_text_px: float  # no text on the image may be smaller (font size in pixels)
    formats: tuple[str, ...]
    grows: bool = False  # figures with many rows may make the page taller (fixed-pixel sizes never grow)

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width_in * self.dpi), round(self.height_in * self.dpi)


SOCIAL_DPI = 240
SIZES: dict[str, Size] = {
    "report": Size("report", "Report page (7 x 4.6 in)", 7.0, 4.6, 200, 18.0, ("png", "svg", "pdf"), grows=True),
    "slide": Size("slide", "Slide 16:9 (1920 x 1080)", 1920 / SOCIAL_DPI, 1080 / SOCIAL_DPI, SOCIAL_DPI, 22.0,
                  ("png",)),
    "square": Size("square", "Social square (1080 x 1080)", 1080 / SOCIAL_DPI, 1080 / SOCIAL_DPI, SOCIAL_DPI, 22.0,
                   ("png",)),
    "story": Size("story", "Story (1080 x 1920)", 1080 / SOCIAL_DPI, 1920 / SOCIAL_DPI, SOCIAL_DPI, 22.0, ("png",)),
}

MARGIN_IN = 0.28
CAVEAT_GID = "caveat"  # the caveat's lines carry the ids caveat-0, caveat-1, ... (in the SVG as well)
TITLE_PT, SUBTITLE_PT, FOOT_PT = 13.0, 9.5, 7.5
LINE_GAP = 1.35
# A title that would take more than a fifth of the page's height is set a size smaller instead of squeezing the
# plot (four lines on a square or a slide: long Spanish, French and Portuguese findings; a story page has room).
MAX_TITLE_SHARE, SMALL_TITLE_PT = 0.2, 11.0
WRAP_MEASURE_BAND = 0.025  # a line whose summed advances come within 2.5% of the width is measured as drawn


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the duration of a block."""
    import matplotlib as mpl

    from analysis.plotting.fonts import pin_fonts

    pin_fonts()
    with mpl.rc_context(_house_rc()):
        yield


@functools.cache
def _house_rc() -> dict[str, object]:
    """The house style file's settings, read once per process (as plt.style.context would apply them)."""
    import matplotlib as mpl

    return dict(mpl.rc_params_from_file(str(paths.STYLE_FILE), use_default_template=False))


def _wrap(text: str, font_pt: float, width_in: float, bold: bool = False) -> list[str]:
    """Wrap text to the width as a typesetter would: each line takes as many words as fit, measured in the pinned
    DejaVu Sans (Bold) at the size it is drawn. Lines break at spaces only: never inside "child-safety-stats" or
    "high-school", nor at a no-break space (French "\u00a0:", "EE.\u00a0UU.", "16,3\u00a0%"). A single word wider
    than the width keeps a line of its own."""
    if not text:
        return []

    def advance(chars: str) -> float:
        return sum(char_advance_in(c, font_pt, bold) for c in chars)

    def too_wide(candidate: str, estimate: float) -> bool:
        # The summed advances (no kerning, no side bearings) decide clear cases; a line within WRAP_MEASURE_BAND of
        # the width is measured as drawn. On every catalogue line over 2 in, the estimate errs by at most 1.3%.
        if abs(estimate - width_in) > WRAP_MEASURE_BAND * width_in:
            return estimate > width_in
        return line_width_in(candidate, font_pt, bold) > width_in

    space = advance(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_in = "", 0.0
        for word in (w for w in paragraph.split(" ") if w):
            word_in = advance(word)
            if not line:
                line, line_in = word, word_in
            elif too_wide(f"{line} {word}", line_in + space + word_in):
                lines.append(line)
                line, line_in = word, word_in
            else:
                line, line_in = f"{line} {word}", line_in + space + word_in
        lines.append(line)
    return lines


def title_lines(title: str, width_in: float, page_height_in: float) -> tuple[list[str], float]:
    """The title's lines and their size: TITLE_PT, or SMALL_TITLE_PT when at TITLE_PT they would take more than
    MAX_TITLE_SHARE of the page's height."""
    lines = _wrap(title, TITLE_PT, width_in, bold=True)
    if len(lines) * TITLE_PT * LINE_GAP / 72 <= MAX_TITLE_SHARE * page_height_in:
        return lines, TITLE_PT
    return _wrap(title, SMALL_TITLE_PT, width_in, bold=True), SMALL_TITLE_PT


def reserve_label_width(ax: Axes, labels: list[str], fontsize: float) -> None:
    """Move the axes' left edge so that y tick labels of this length fit inside the page margin."""
    fig = ax.figure
    width_in = fig.get_figwidth()
    needed_in = MARGIN_IN + max((len(label) for label in labels), default=0) * fontsize * 0.6 / 72 + 0.12
    spec = ax.get_subplotspec().get_gridspec()
    left = spec.left if spec.left is not None else fig.subplotpars.left  # a plain pyplot grid leaves it unset
    if needed_in / width_in > left:
        spec.update(left=needed_in / width_in)
        ax.set_position(ax.get_subplotspec().get_position(fig))


def wrap_axis_labels(fig: Figure) -> None:
    """Wrap axis labels longer than their room (long labels, narrow social sizes, longer languages)."""
    for ax in fig.axes:
        box = ax.get_position()
        centre_in = (box.x0 + box.x1) / 2 * fig.get_figwidth()
        widths = {ax.xaxis: 2 * min(centre_in - MARGIN_IN, fig.get_figwidth() - MARGIN_IN - centre_in),
                  ax.yaxis: box.height * fig.get_figheight()}
        for axis, width_in in widths.items():
            label = axis.get_label()
            text = label.get_text()
            if not text or "\n" in text:
                continue
            chars = max(12, int(width_in * 72 / (label.get_fontsize() * 0.6)))
            if len(text) > chars:
                label.set_text("\n".join(textwrap.wrap(text, chars)))


FOOTER_GAP_IN = 0.1


def clear_footer(fig: Figure) -> list[Bbox] | None:
    """Raise the axes when their tick labels and axis labels would run into the note and source lines. Returns the
    axes' tight boxes when it left them where they were (still true, for keep_left_labels_on_page), else None."""
    from analysis.plotting.canvas import agg_renderer

    footer_top = getattr(fig, "footer_top_in", None)
    if footer_top is None or not fig.axes:
        return None
    renderer = agg_renderer(fig)
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes]
    bottom = min(box.y0 for box in boxes) / fig.dpi
    shortfall = footer_top + FOOTER_GAP_IN - bottom
    if shortfall <= 0:
        return boxes
    grids = {ax.get_subplotspec().get_topmost_subplotspec().get_gridspec() for ax in fig.axes
             if ax.get_subplotspec() is not None}
    for grid in grids:
        grid.update(bottom=grid.bottom + shortfall / fig.get_figheight())
    for ax in fig.axes:
        if ax.get_subplotspec() is not None:
            ax.set_position(ax.get_subplotspec().get_position(fig))
    wrap_axis_labels(fig)  # the axes are now shorter: a y label that fitted before may not
    return None


def keep_left_labels_on_page(fig: Figure, boxes: list[Bbox] | None = None) -> None:
    """Move the axes right when a y label, wrapped onto more lines for shorter axes (a longer title, a caveat in the
    footer), would start off the page; labels already on the page are left where they are. ``boxes``: the axes'
    tight boxes if already measured on the figure as it is (clear_footer's)."""
    from analysis.plotting.canvas import agg_renderer

    if not fig.axes:
        return
    if boxes is None:
        renderer = agg_renderer(fig)
        boxes = [ax.get_tightbbox(renderer) for ax in fig.axes]
    left = min(box.x0 for box in boxes) / fig.dpi
    if left >= 0:
        return
    grids = {ax.get_subplotspec().get_topmost_subplotspec().get_gridspec() for ax in fig.axes
             if ax.get_subplotspec() is not None}
    for grid in grids:
        grid.update(left=grid.left + (MARGIN_IN - left) / fig.get_figwidth())
    for ax in fig.axes:
        if ax.get_subplotspec() is not None:
            ax.set_position(ax.get_subplotspec().get_position(fig))
    wrap_axis_labels(fig)  # the x labels' room follows the axes' centre


def split_axes(ax: Axes, nrows: int, ncols: int, **grid_kw: float) -> list[Axes]:
    """Replace one axes by a grid of axes in the same place (for small multiples)."""
    fig = ax.figure
    spec = ax.get_subplotspec().subgridspec(nrows, ncols, **grid_kw)
    ax.remove()
    return [fig.add_subplot(spec[r, c]) for r in range(nrows) for c in range(ncols)]


def stack_axes(ax: Axes, title_lines: list[int], title_pt: float, gap_in: float) -> list[Axes]:
    """Replace one axes by panels stacked in its place, each below empty room for its title of so many lines.

    The room is part of the grid (an empty row above each panel), so it survives any later move of the grid.
    """
    fig = ax.figure
    height_in = ax.get_position().height * fig.get_figheight()
    rooms = [gap_in + lines * title_pt * LINE_GAP / 72 for lines in title_lines]
    panel_in = (height_in - sum(rooms)) / len(title_lines)
    ratios = [part for room in rooms for part in (room, panel_in)]
    spec = ax.get_subplotspec().subgridspec(2 * len(title_lines), 1, hspace=0, height_ratios=ratios)
    ax.remove()
    return [fig.add_subplot(spec[2 * i + 1, 0]) for i in range(len(title_lines))]


def page(size: Size, title: str, subtitle: str, source_line: str, note: str = "",
         nrows: int = 1, ncols: int = 1, *, caveat: str = "", **grid_kw: float) -> tuple[Figure, list[Axes]]:
    """A figure with the house header and footer, and a grid of axes between them. The footer reads: note, caveat
    (in ink, so that it is read: a limit without which the figure could mislead), source line."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi)
    text_width = size.width_in - 2 * MARGIN_IN
    y_in = size.height_in - MARGIN_IN

    def put(lines: list[str], pt: float, y: float, **kw: object) -> float:
        for line in lines:
            y -= pt * LINE_GAP / 72
            fig.text(MARGIN_IN / size.width_in, y / size.height_in, line, fontsize=pt,
                     va="baseline", ha="left", **kw)
        return y

    lines, title_pt = title_lines(title, text_width, size.height_in)
    y_in = put(lines, title_pt, y_in, weight="bold", color=palette.INK)
    y_in = put(_wrap(subtitle, SUBTITLE_PT, text_width), SUBTITLE_PT, y_in - 0.02,
               color=palette.MUTED)
    top_in = y_in - 0.22

    note_lines, caveat_lines = _wrap(note, FOOT_PT, text_width), _wrap(caveat, FOOT_PT, text_width)
    foot = note_lines + caveat_lines + _wrap(source_line, FOOT_PT, text_width)
    foot_height = len(foot) * FOOT_PT * LINE_GAP / 72
    y_foot = MARGIN_IN + foot_height
    footer_top = y_foot + FOOT_PT * LINE_GAP / 72 * 0.25
    y_in = put(note_lines, FOOT_PT, footer_top, color=palette.MUTED)
    y_in = put(caveat_lines, FOOT_PT, y_in, color=palette.INK)
    for index, text in enumerate(fig.texts[len(fig.texts) - len(caveat_lines):]):
        text.set_gid(f"{CAVEAT_GID}-{index}")  # an id in the SVG too
    put(foot[len(note_lines) + len(caveat_lines):], FOOT_PT, y_in, color=palette.MUTED)
    bottom_in = y_foot + 0.42
    fig.footer_top_in = footer_top  # read by clear_footer()

    grid = fig.add_gridspec(
        nrows, ncols,
        left=(MARGIN_IN + 0.5) / size.width_in,
        right=1 - MARGIN_IN / size.width_in,
        top=top_in / size.height_in,
        bottom=bottom_in / size.height_in,
        **grid_kw,
    )
    axes = [fig.add_subplot(grid[r, c]) for r in range(nrows) for c in range(ncols)]
    return fig, axes
