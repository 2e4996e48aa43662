"""Checks that read what was drawn: tick labels that say their tick's value, labels that do not run together,
and no legend series hidden under another."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

MATH_POWER = re.compile(r"^\$?(?:\\mathdefault\{)?(?P<base>10)\^\{?(?P<exp>[\-\u2212]?\d+)\}?\}?\$?$")
NUMBER = re.compile(r"^(?P<sign>[+\-]?)(?P<digits>\d+(?:\.(?P<decimals>\d+))?)(?P<suffix>%|k|M|B|bn)?$")
SUFFIX_SCALE = {None: 1.0, "%": 1.0, "k": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9}
# A label may state its value in another unit than the axis: percent of a 0-1 axis, thousands, millions.
UNIT_SCALES = (1.0, 0.01, 1e3, 1e6, 1e9)
MIN_GAP_EM = 0.3  # the least space between neighbouring tick labels, in ems of their font
SERIES_RADIUS_PX = 3  # how near a plotted point a series must show a pixel of its own (beyond its marker's size)
VISIBLE_DIFFERENCE = 80  # of 255, in some colour channel: less is the anti-aliased edge of what lies on top


class AxisCheckError(ValueError):
    """A drawn axis or legend that would mislead a reader."""


def parse_tick_label(text: str, lang: str) -> tuple[float, int] | None:
    """The number a tick label states and how many decimals it shows; None for a label that is not a number."""
    cleaned = re.sub(r"\s", "", text).replace("\u2212", "-")
    power = MATH_POWER.match(cleaned)
    if power:
        return 10.0 ** int(power["exp"].replace("\u2212", "-")), 0
    cleaned = cleaned.replace("$", "").replace("\\mathdefault{", "").rstrip("}")
    grouping, decimal = (",", ".") if lang == "en" else (".", ",")
    cleaned = cleaned.replace(grouping, "").replace(decimal, ".")
    match = NUMBER.match(cleaned)
    if not match:
        return None
    value = float(match["digits"]) * SUFFIX_SCALE[match["suffix"]] * (-1 if match["sign"] == "-" else 1)
    return value, len(match["decimals"] or "")


def label_matches(value: float, decimals: int, loc: float) -> bool:
    """Whether a label showing ``value`` to ``decimals`` places can stand for a tick at ``loc``: the tick's
    value rounds to the label in some unit, and not by a half (a tick at 2.5 labelled "2" or "3" is wrong)."""
    for scale in UNIT_SCALES:
        tolerance = 0.5 * 10.0 ** -decimals * scale
        if abs(value * scale - loc) < tolerance * (1 - 1e-9):
            return True
    return False


def _checked_formatter(axis: Axis) -> bool:
    from matplotlib.ticker import FixedFormatter, NullFormatter

    return not isinstance(axis.get_major_formatter(), FixedFormatter | NullFormatter)


def _drawn_labels(axis: Axis, name: str) -> list[tuple[float, str]]:
    """(tick value, label) of every tick label the renderer draws on this axis."""
    position = 0 if name == "x" else 1
    return [(float(t.get_position()[position]), t.get_text()) for t in axis.get_ticklabels()
            if t.get_visible() and t.get_text().strip()]


def _is_value_axis(pairs: list[tuple[float, float, int]]) -> bool:
    """Whether an axis's numeric labels state the ticks' values (in some unit), rather than name categories
    placed at 0, 1, 2 ... or dates kept as day numbers: most labels lie within one tick spacing of their tick."""
    locs = sorted(loc for loc, _value, _decimals in pairs)
    spacing = min((b - a for a, b in zip(locs, locs[1:], strict=False) if b > a), default=1.0)
    near = sum(any(abs(value * scale - loc) <= spacing * max(scale, 1.0) for scale in UNIT_SCALES)
               for loc, value, _decimals in pairs)
    return near * 2 > len(pairs)


def tick_label_problems(fig: Figure, lang: str) -> list[str]:
    """Every numeric tick label (from a value formatter) that does not say its tick's value."""
    problems = []
    for index, ax in enumerate(fig.axes):
        if not ax.axison:
            continue
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible() or not _checked_formatter(axis):
                continue
            parsed = [(loc, text, parse_tick_label(text, lang)) for loc, text in _drawn_labels(axis, name)]
            numeric = [(loc, number[0], number[1]) for loc, _text, number in parsed if number is not None]
            if not numeric or not _is_value_axis(numeric):
                continue
            first_at: dict[str, float] = {}
            for loc, text, number in parsed:
                if number is None:
                    continue
                if not label_matches(*number, loc):
                    problems.append(f"axes {index + 1}, {name} axis: the tick at {loc:g} is labelled {text!r}")
                elif text in first_at and first_at[text] != loc:  # rounding that makes ticks alike: "0", "0", "0"
                    problems.append(f"axes {index + 1}, {name} axis: the ticks at {first_at[text]:g} and {loc:g} "
                                    f"are both labelled {text!r}")
                first_at.setdefault(text, loc)
    return problems


def crowded_label_problems(fig: Figure) -> list[str]:
    """Neighbouring x tick labels that touch or run together (e.g. years printed as one long number); labels
    stacked on a y axis are covered by the legibility check's overlap rule."""
    renderer = fig.canvas.get_renderer()
    problems = []
    for index, ax in enumerate(fig.axes):
        for name, axis in (("x", ax.xaxis),):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text().strip()]
            boxes = sorted(((t.get_window_extent(renderer), t) for t in labels),
                           key=lambda item: (item[0].x0 if name == "x" else item[0].y0))
            for (box, text), (next_box, next_text) in zip(boxes, boxes[1:], strict=False):
                em = text.get_fontsize() * fig.dpi / 72
                gap = next_box.x0 - box.x1 if name == "x" else next_box.y0 - box.y1
                vertical_overlap = min(box.y1, next_box.y1) - max(box.y0, next_box.y0)
                horizontal_overlap = min(box.x1, next_box.x1) - max(box.x0, next_box.x0)
                crossing = vertical_overlap > 0 if name == "x" else horizontal_overlap > 0
                if crossing and gap < MIN_GAP_EM * em:
                    problems.append(f"axes {index + 1}, {name} axis: labels {text.get_text()!r} and "
                                    f"{next_text.get_text()!r} run together")
    return problems


def _series_points(artist: object) -> list[tuple[float, float]]:
    """Display coordinates of the points an artist plots (line vertices, scatter offsets, band corners)."""
    import numpy as np
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D

    if isinstance(artist, Line2D):
        xy = np.asarray(artist.get_xydata(), dtype=float)
        points = artist.get_transform().transform(xy) if len(xy) else xy
    elif isinstance(artist, Collection):  # markers (scatter); shapes without offsets (maps, bands) are left out
        offsets = np.asarray(artist.get_offsets(), dtype=float)
        if not len(offsets) or (len(offsets) == 1 and not offsets.any()):
            return []
        points = artist.get_offset_transform().transform(offsets)
    else:
        return []
    return [(float(x), float(y)) for x, y in points if math.isfinite(x) and math.isfinite(y)]


def _marker_px(artist: object, dpi: float) -> float:
    """The width of an artist's markers in pixels (0 for a line without markers)."""
    import numpy as np
    from matplotlib.lines import Line2D

    if isinstance(artist, Line2D):
        return artist.get_markersize() * dpi / 72 if artist.get_marker() not in (None, "None", "", " ") else 0.0
    sizes = getattr(artist, "get_sizes", lambda: np.array([]))()
    return float(np.sqrt(np.max(sizes))) * dpi / 72 if len(sizes) else 0.0  # scatter sizes are points squared


def hidden_series_problems(fig: Figure, drawn: bool = False) -> list[str]:
    """Legend series that show no pixel of their own near one of their points (drawn under another series).
    ``drawn``: the figure's Agg canvas already holds its drawing (as the legibility check leaves it), which is then
    the baseline instead of a new drawing. The canvas is left holding the whole figure's pixels."""
    import numpy as np

    from analysis.plotting.canvas import agg_canvas

    canvas = agg_canvas(fig)
    if not drawn:
        canvas.draw()
    original = np.asarray(canvas.buffer_rgba()).copy()
    base = original.astype(np.int16)
    height, width = base.shape[:2]
    problems = []
    for index, ax in enumerate(fig.axes):
        window = ax.get_window_extent()
        for artist in [*ax.lines, *ax.collections]:
            label = artist.get_label()
            if not artist.get_visible() or not label or label.startswith("_"):
                continue
            points = [(x, y) for x, y in _series_points(artist)
                      if window.x0 - 1 <= x <= window.x1 + 1 and window.y0 - 1 <= y <= window.y1 + 1]
            if not points:
                continue
            artist.set_visible(False)
            canvas.draw()
            without = np.asarray(canvas.buffer_rgba()).astype(np.int16)
            artist.set_visible(True)
            own = np.abs(without - base).max(axis=2) > VISIBLE_DIFFERENCE
            hidden = []
            r = SERIES_RADIUS_PX + int(round(_marker_px(artist, fig.dpi) / 2))
            for x, y in points:
                column, row = int(round(x)), int(round(height - y))
                rows, columns = slice(max(row - r, 0), row + r + 1), slice(max(column - r, 0), column + r + 1)
                if not own[rows, columns].any():
                    hidden.append((x, y))
            if hidden:
                problems.append(f"axes {index + 1}: the series {label!r} is hidden under another at "
                                f"{len(hidden)} of its {len(points)} points")
    np.copyto(np.asarray(canvas.buffer_rgba()), original)  # the whole figure again, without a third drawing
    return problems


def require_truthful_axes(fig: Figure, figure_id: str, size: str, lang: str, series: bool = False) -> None:
    """Refuse a figure whose tick labels misstate their ticks or run together, or (``series``) whose legend
    series hide under one another. Call after the figure has been drawn once (the legibility check draws it)."""
    problems = tick_label_problems(fig, lang) + crowded_label_problems(fig)
    if series:
        problems += hidden_series_problems(fig, drawn=True)
    if problems:
        listed = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise AxisCheckError(f"figure '{figure_id}' at size '{size}' in '{lang}' would mislead: {listed}")
