"""World choropleths (Equal Earth): the map, its key numbers and its legend, laid out to fill the frame at any size."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis.plotting import palette

if TYPE_CHECKING:
    from matplotlib.axes import Axes

NO_DATA_STYLE = {"facecolor": "white", "hatch": "//////", "edgecolor": "#8c8c8c"}
SEA = "#F3F6F9"
BORDER = "white"
# Shapes smaller than this (unit-sphere area; about 4,000 km2) are also marked with a dot, so that small island
# and European states are visible at every output size.
DOT_AREA = 1e-4
VALUE_PT, TEXT_PT, LEGEND_PT = 14.0, 7.5, 7.5
LINE = 1.35  # line height, in ems
GAP_IN = 0.14  # between the map and its panel, and between the panel's blocks
FOOTER_GAP_IN = 0.12  # a map has no tick labels: it may come this close to the note and source lines
SIDE_WIDTHS_IN = (1.7, 2.0, 2.3, 2.6, 2.9, 3.2)  # widths tried for a panel beside the map
MIN_COLUMN_IN = 1.45  # the least width of a legend column when the panel lies under the map
HANDLE_IN = 0.36  # a legend swatch and the space after it
MAX_SCALE = 1.3  # type in a panel under the map may grow this much to use a tall frame's height
LAND_MARGIN = 0.03  # around the land's extent, in the projection's units
# Report pages grow by this factor, so that the map spans the page's width with its key numbers and legend under it.
MAP_HEIGHT_FACTOR = 1.4
# The sizes a world map is offered at, and why the square is left out.
MAP_SIZES = ("report", "slide", "story")
MAP_SIZE_NOTE = ("The map is 2.3 times as wide as it is tall: in the square frame, under the title and above the "
                 "boundary note, it would fill half the width once its key numbers and legend are placed, so the "
                 "story frame (the map across its width, the numbers and legend under it) is offered instead.")


@dataclass(frozen=True)
class KeyNumber:
    """A number printed large beside the map, with a short line saying what it counts."""

    value: str
    text: str


@dataclass(frozen=True)
class Category:
    """A legend entry: its label and colour (None: no data, drawn hatched)."""

    label: str
    colour: str | None


@lru_cache(maxsize=1)
def map_extent() -> tuple[float, float, float, float]:
    """x0, x1, y0, y1 of the map: the whole width of the sphere, and the latitudes that hold land (Antarctica is
    left out of the shapes, so the empty polar caps are not drawn)."""
    import numpy as np

    from analysis.maps.projection import outline
    from analysis.maps.world import world_shapes

    ys = np.concatenate([ring[:, 1] for shape in world_shapes().values() for ring in shape.rings])
    edge = outline()
    return (float(edge[:, 0].min()) - LAND_MARGIN, float(edge[:, 0].max()) + LAND_MARGIN,
            float(ys.min()) - LAND_MARGIN, float(ys.max()) + LAND_MARGIN)


def map_ratio() -> float:
    """Width over height of the drawn map."""
    x0, x1, y0, y1 = map_extent()
    return (x1 - x0) / (y1 - y0)


def _lines(text: str, width_in: float, pt: float) -> list[str]:
    """Text wrapped to a width, estimating DejaVu Sans at about 0.56 em a character."""
    return textwrap.wrap(text, max(10, int(width_in * 72 / (pt * 0.56)))) or [""]


@dataclass(frozen=True)
class Panel:
    """The key numbers and the legend, beside the map or under it: the numbers stacked or side by side, the legend
    in ``ncols`` columns, their type scaled by ``scale``."""

    beside: bool
    width_in: float
    ncols: int
    numbers_in_row: bool
    scale: float = 1.0

    def number_width(self, count: int) -> float:
        return self.width_in / max(count, 1) - GAP_IN if self.numbers_in_row else self.width_in

    def number_height(self, number: KeyNumber, count: int) -> float:
        lines = _lines(number.text, self.number_width(count), TEXT_PT * self.scale)
        return (VALUE_PT * 1.2 + len(lines) * TEXT_PT * LINE) * self.scale / 72

    def numbers_height(self, numbers: Sequence[KeyNumber]) -> float:
        if not numbers:
            return 0.0
        heights = [self.number_height(n, len(numbers)) + GAP_IN for n in numbers]
        return max(heights) if self.numbers_in_row else sum(heights)

    def legend_height(self, categories: Sequence[Category], title: str) -> float:
        pt = LEGEND_PT * self.scale
        rows = math.ceil(len(categories) / self.ncols)
        lines = [len(self.label_lines(c.label)) for c in categories]
        by_row = [max(lines[r::rows]) for r in range(rows)]  # a legend fills its columns one after the other
        # As matplotlib draws it (measured): the title, then each row of entries with its spacing.
        title_lines = len(_lines(title, self.width_in, pt))
        return pt / 72 * (1.01 + LINE * (title_lines - 1) + sum(1.61 + 1.41 * (n - 1) for n in by_row))

    def label_lines(self, label: str) -> list[str]:
        return _lines(label, self.width_in / self.ncols - HANDLE_IN * self.scale, LEGEND_PT * self.scale)

    def height(self, categories: Sequence[Category], title: str, numbers: Sequence[KeyNumber]) -> float:
        return self.numbers_height(numbers) + self.legend_height(categories, title)


@dataclass(frozen=True)
class Layout:
    """The map's size (inches) and its panel."""

    map_in: tuple[float, float]
    panel: Panel
    fits: bool


def plan(width_in: float, height_in: float, categories: Sequence[Category], title: str,
         numbers: Sequence[KeyNumber]) -> Layout:
    """The layout that draws the largest map with its panel beside it or under it; under it, type grows to use
    a tall frame's spare height."""
    ratio = map_ratio()
    options = []
    for side in SIDE_WIDTHS_IN:
        for ncols in (1, 2):
            for in_row in (False, True):
                if (ncols > 1 or in_row) and side / 2 < MIN_COLUMN_IN:
                    continue
                panel = Panel(True, side, ncols, in_row)
                map_width = min(width_in - side - GAP_IN, height_in * ratio)
                height = panel.height(categories, title, numbers)
                options.append((height - height_in, map_width, -height, panel))
    for ncols in range(1, len(categories) + 1):
        if ncols > 1 and width_in / ncols < MIN_COLUMN_IN:
            break
        panel = Panel(False, width_in, ncols, True)
        height = panel.height(categories, title, numbers)
        map_width = min(width_in, (height_in - height - GAP_IN) * ratio)
        options.append((-1.0 if map_width > 0 else 1.0, map_width, -height, panel))
    # The largest map; among equals (a map as wide as the frame), the most compact panel.
    fitting = [option[1:] + (option[0],) for option in options if option[0] <= 0]
    if fitting:
        map_width, _height, panel, overflow = max(fitting, key=lambda o: (round(o[0], 3), o[1]))
    else:
        overflow, map_width, _height, panel = min(options, key=lambda o: o[0])
    if not panel.beside:
        for step in range(int(round((MAX_SCALE - 1) / 0.05)), 0, -1):
            grown = Panel(False, width_in, panel.ncols, True, 1 + 0.05 * step)
            if map_width / ratio + GAP_IN + grown.height(categories, title, numbers) <= height_in:
                panel = grown
                break
    return Layout((map_width, map_width / ratio), panel, overflow <= 0)


def draw_world_map(ax: Axes, fills: Mapping[str, str | None], dots: Mapping[str, str],
                   categories: Sequence[Category], title: str, numbers: Sequence[KeyNumber] = ()) -> list[Axes]:
    """Draw the shapes of ``fills`` (shape key -> colour, None for no data), a dot on each small shape of ``dots``,
    and beside or under the map its key numbers and legend. Returns the map's axes and the panel's."""
    from matplotlib.patches import Polygon

    from analysis.maps.projection import outline
    from analysis.plotting.layout import MARGIN_IN

    fig = ax.figure
    spec = ax.get_subplotspec().get_gridspec()
    footer_top = getattr(fig, "footer_top_in", None)
    room = {"left": MARGIN_IN / fig.get_figwidth()}  # no tick labels: the map may use the full width ...
    if footer_top is not None:  # ... and come down to the footer
        room["bottom"] = (footer_top + FOOTER_GAP_IN) / fig.get_figheight()
    spec.update(**room)
    ax.set_position(ax.get_subplotspec().get_position(fig))
    box = ax.get_position()
    width_in, height_in = box.width * fig.get_figwidth(), box.height * fig.get_figheight()
    layout = plan(width_in, height_in, categories, title, numbers)
    cell = ax.get_subplotspec()
    ax.remove()
    if layout.panel.beside:
        side = layout.panel.width_in
        grid = cell.subgridspec(1, 3, wspace=0, width_ratios=[width_in - side - GAP_IN, GAP_IN, side])
        map_ax, panel_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 2])
    else:
        map_height = layout.map_in[1]
        grid = cell.subgridspec(3, 1, hspace=0, height_ratios=[map_height, GAP_IN,
                                                                max(height_in - map_height - GAP_IN, 0.01)])
        map_ax, panel_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[2, 0])

    sphere = Polygon(outline(), closed=True, facecolor=SEA, edgecolor=palette.RULE, linewidth=0.5, zorder=0)
    map_ax.add_patch(sphere)
    _shapes(map_ax, fills, dots, sphere)
    x0, x1, y0, y1 = map_extent()
    map_ax.set_xlim(x0, x1)
    map_ax.set_ylim(y0, y1)
    map_ax.set_aspect("equal")
    map_ax.set_anchor("C" if layout.panel.beside else "N")
    for drawn in (map_ax, panel_ax):
        drawn.axis("off")
        drawn.set_xticks([])
        drawn.set_yticks([])  # no tick labels for the axis checks to read either
    panel_height = panel_ax.get_position().height * fig.get_figheight()
    content = layout.panel.height(categories, title, numbers)
    top = max(0.0, (panel_height - content) / 2)  # centred in the room beside or under the map
    _panel(panel_ax, layout.panel, categories, title, numbers, top)
    return [map_ax, panel_ax]


def _shapes(ax: Axes, fills: Mapping[str, str | None], dots: Mapping[str, str], sphere: object) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    from analysis.maps.projection import ring_area
    from analysis.maps.world import world_shapes

    shapes = world_shapes()
    for key, colour in fills.items():
        path = Path.make_compound_path(*(Path(ring, closed=True) for ring in shapes[key].rings))
        style = NO_DATA_STYLE if colour is None else {"facecolor": colour, "edgecolor": BORDER}
        # add_artist, not add_patch: add_patch walks every Bezier segment of the outline to widen the data
        # limits (seconds per map), and the map sets its limits itself (map_extent)
        ax.add_artist(PathPatch(path, linewidth=0.25, zorder=1, **style)).set_clip_path(sphere)
    for key, colour in dots.items():
        largest = max(shapes[key].rings, key=lambda ring: abs(ring_area(ring)))
        ax.plot(largest[:, 0].mean(), largest[:, 1].mean(), marker="o", markersize=3.2, color=colour,
                markeredgecolor=palette.INK, markeredgewidth=0.3, zorder=2, linestyle="none")


def _panel(ax: Axes, panel: Panel, categories: Sequence[Category], title: str, numbers: Sequence[KeyNumber],
           top_in: float) -> None:
    """The key numbers (each large, its line under it) and the legend, from ``top_in`` below the panel's top."""
    from matplotlib.patches import Patch
    from matplotlib.transforms import ScaledTranslation

    fig = ax.figure

    def at(left_in: float, depth_in: float) -> object:
        return ax.transAxes + ScaledTranslation(left_in, -depth_in, fig.dpi_scale_trans)

    depth = top_in
    width = panel.number_width(len(numbers))
    for index, number in enumerate(numbers):
        left, y = (index * (width + GAP_IN), top_in) if panel.numbers_in_row else (0.0, depth)
        ax.text(0, 1, number.value, transform=at(left, y), fontsize=VALUE_PT * panel.scale, weight="bold",
                color=palette.INK, va="top", ha="left")
        ax.text(0, 1, "\n".join(_lines(number.text, width, TEXT_PT * panel.scale)),
                transform=at(left, y + VALUE_PT * 1.2 * panel.scale / 72), fontsize=TEXT_PT * panel.scale,
                color=palette.INK, va="top", ha="left", linespacing=LINE)
        depth += panel.number_height(number, len(numbers)) + GAP_IN
    handles = [Patch(label="\n".join(panel.label_lines(c.label)), linewidth=0.4,
                     **(NO_DATA_STYLE if c.colour is None else {"facecolor": c.colour, "edgecolor": palette.RULE}))
               for c in categories]
    pt = LEGEND_PT * panel.scale
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 1),
              bbox_transform=at(0, top_in + panel.numbers_height(numbers)), borderaxespad=0, borderpad=0,
              ncols=panel.ncols, fontsize=pt, frameon=False, handlelength=1.4, columnspacing=1.0,
              title="\n".join(_lines(title, panel.width_in, pt)), title_fontsize=pt, alignment="left",
              labelspacing=0.6)
