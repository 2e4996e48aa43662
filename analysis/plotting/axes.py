"""Axis helpers shared by figure modules: a percentage axis that fits its room, and years marked as not found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from analysis.i18n import percent_formatter

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MIN_TICK_GAP_IN = 0.36  # room for one percent label ("30 %") per tick


def percent_x_axis(ax: Axes, top: float, label_last: bool = True) -> None:
    """A horizontal percentage axis from 0 past ``top``, in steps of 5, 10, 20, 25 or 50 chosen so that the
    labels fit the axes' width; ``label_last`` False leaves the last tick unlabelled (panels side by side)."""
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    steps = (5, 10, 20, 25, 50) if top <= 30 else (10, 20, 25, 50)
    for step in steps:
        limit = step * (int(top // step) + 1)
        if width_in / (limit / step + 1) >= MIN_TICK_GAP_IN:
            break
    ax.set_xlim(0, limit)
    ax.set_xticks(range(0, limit + 1 if label_last else limit, step))
    ax.xaxis.set_major_formatter(percent_formatter())
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)


def mark_missing_years(ax: Axes, present: Iterable[float], first: int, last: int, y: float = 0) -> None:
    """Write 'not found' at each year from first to last without a value: a gap is shown, never bridged."""
    from analysis.i18n import _
    from analysis.plotting import palette

    for missing in sorted(set(range(first, last + 1)) - {int(v) for v in present}):
        ax.text(missing, y, _("not found"), rotation=90, ha="center", va="bottom", fontsize=7, color=palette.MUTED)
