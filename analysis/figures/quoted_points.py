"""Dot charts of published values by year: filled where read in the publisher's text, hollow where quoted by others."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D


def plot_quoted(ax: Axes, rows: pd.DataFrame, y: str, *, colour: str, marker: str = "o", size: float = 6.5,
                edge: float = 1.5) -> None:
    """Points of rows by year, never joined; hollow where the row's 'quoted' flag is set."""
    for quoted, part in rows.groupby("quoted"):
        ax.plot(part["year"], part[y], marker=marker, linestyle="none", color=colour, markersize=size,
                markerfacecolor="white" if quoted else colour, markeredgewidth=edge)


def label_years(ax: Axes, points: Iterable[tuple[float, float, str]], *, above_pt: float, below_pt: float,
                **text: object) -> None:
    """Label (year, y, text) points above; a point a year after one labelled above is labelled below instead."""
    below, previous_year = False, None
    for year, y, label in points:
        below = previous_year is not None and year - previous_year == 1 and not below
        ax.annotate(label, (year, y), xytext=(0, -below_pt if below else above_pt), textcoords="offset points",
                    ha="center", va="top" if below else "bottom", **text)
        previous_year = year


def quoted_handles(colour: str, *, marker: str = "o", size: float = 6.5, edge: float = 1.5) -> list[Line2D]:
    """Legend handles for a filled point and a hollow one, in that order."""
    from matplotlib.lines import Line2D

    return [Line2D([], [], marker=marker, linestyle="none", color=colour, markersize=size),
            Line2D([], [], marker=marker, linestyle="none", color=colour, markerfacecolor="white", markersize=size,
                   markeredgewidth=edge)]
