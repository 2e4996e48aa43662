"""How a value is known, drawn the same way in every figure: filled where read in its publisher's own text, hollow
where only quoted by others; a mark above it when the publisher gave it rounded (≈) or as a bound (≥, ≤)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from analysis.plotting import palette
from analysis.published_values import LOWER, ROUNDED, UPPER

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

GLYPHS = {ROUNDED: "\u2248", LOWER: "\u2265", UPPER: "\u2264"}  # ≈ ≥ ≤
GLYPH_PT = 9.0
HOLLOW_EDGE = 1.5  # line width of a hollow mark's outline, points
# Legend labels (catalog keys): the marks themselves are the handles.
PRIMARY_LABEL = "read in {publisher}'s own text"
SECONDARY_LABEL = "{publisher}'s figure as quoted by others"
PRIMARY_ANY = "read in the publisher's text"
SECONDARY_ANY = "quoted by others"
PRECISION_LABELS = {ROUNDED: "rounded", LOWER: "at least (lower bound)", UPPER: "at most (upper bound)"}


def point_style(colour: str, quoted: bool, *, marker: str = "o", size: float = 6.5,
                edge: float = HOLLOW_EDGE) -> dict[str, object]:
    """Keyword arguments of ax.plot for one point: filled, or hollow where quoted by others."""
    return {"marker": marker, "linestyle": "none", "color": colour, "markersize": size, "markeredgewidth": edge,
            "markerfacecolor": "white" if quoted else colour}


def bar_style(colour: str, quoted: bool) -> dict[str, object]:
    """Keyword arguments of ax.bar for one bar: solid, or a white bar outlined where quoted by others."""
    if quoted:
        return {"facecolor": "white", "edgecolor": colour, "linewidth": HOLLOW_EDGE}
    return {"color": colour}


def plot_points(ax: Axes, x: Sequence[float], y: Sequence[float], quoted: Sequence[bool], colour: str, *,
                marker: str = "o", size: float = 6.5, edge: float = HOLLOW_EDGE, **line: object) -> None:
    """Points, never joined: filled, or hollow where quoted by others (``line`` for ax.plot, e.g. zorder)."""
    for hollow in (False, True):
        keep = [i for i, q in enumerate(quoted) if bool(q) == hollow]
        if keep:
            ax.plot([x[i] for i in keep], [y[i] for i in keep], **point_style(colour, hollow, marker=marker,
                                                                              size=size, edge=edge), **line)


def plot_bars(ax: Axes, x: Sequence[float], heights: Sequence[float], quoted: Sequence[bool], colour: str,
              **bar: object) -> None:
    """Bars: solid, or outlined where quoted by others (``bar`` for ax.bar, e.g. width)."""
    for hollow in (False, True):
        keep = [i for i, q in enumerate(quoted) if bool(q) == hollow]
        if keep:
            ax.bar([x[i] for i in keep], [heights[i] for i in keep], **bar_style(colour, hollow), **bar)


def mark_precision(ax: Axes, points: Iterable[tuple[float, float, str]], colour: str, *,
                   above_pt: float = 1.5) -> None:
    """The mark of each (x, y, precision) that is not exact, just above y (a bar's top, or a point's marker
    when ``above_pt`` clears it)."""
    for x, y, kind in points:
        if kind in GLYPHS:
            ax.annotate(GLYPHS[kind], (x, y), xytext=(0, above_pt), textcoords="offset points", ha="center",
                        va="bottom", fontsize=GLYPH_PT, color=colour)


def glyph_room_pt(kind: str) -> float:
    """How far above its value a label must start to clear the mark of its precision (points)."""
    return GLYPH_PT * 1.2 if kind in GLYPHS else 0.0


def legend_entries(quoted: Iterable[bool], precisions: Iterable[str], *, publisher: str | None = None,
                   bars: bool = False, colour: str = palette.MUTED) -> tuple[list[Artist], list[str]]:
    """Handles and labels (translated) for the kinds of values a figure draws: hollow when some are quoted by
    others (and filled beside it when others are not), then one entry for each precision mark that appears. Empty
    when every value is exact and read in its publisher's text."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from analysis.i18n import _

    handles: list[Artist] = []
    labels: list[str] = []
    flags = [bool(q) for q in quoted]
    shown = [hollow for hollow in (False, True) if any(flags) and hollow in flags]  # filled alone needs no entry
    for hollow in shown:
        handles.append(Patch(**bar_style(colour, hollow)) if bars else Line2D([], [], **point_style(colour, hollow)))
        if publisher:
            labels.append(_(SECONDARY_LABEL if hollow else PRIMARY_LABEL, publisher=publisher))
        else:
            labels.append(_(SECONDARY_ANY if hollow else PRIMARY_ANY))
    kinds = set(precisions)
    for kind in (ROUNDED, LOWER, UPPER):
        if kind in kinds:
            handles.append(Line2D([], [], linestyle="none", marker=f"${GLYPHS[kind]}$", markersize=GLYPH_PT,
                                  color=colour, markeredgewidth=0))
            labels.append(_(PRECISION_LABELS[kind]))
    return handles, labels
