"""Direct labels: keep end-of-line labels apart without moving them further than needed; label points by year."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def spread(positions: list[float], min_gap: float) -> list[float]:
    """Nudge positions apart so neighbours are at least ``min_gap`` apart, keeping their order
    and centring each cluster on its original mean."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    clusters: list[list[int]] = []
    for index in order:
        clusters.append([index])
        while len(clusters) > 1:
            upper, lower = clusters[-1], clusters[-2]
            lower_top = _centre(lower, positions) + (len(lower) - 1) * min_gap / 2
            upper_bottom = _centre(upper, positions) - (len(upper) - 1) * min_gap / 2
            if upper_bottom - lower_top >= min_gap:
                break
            clusters[-2:] = [lower + upper]
    result = list(positions)
    for cluster in clusters:
        centre = _centre(cluster, positions)
        start = centre - (len(cluster) - 1) * min_gap / 2
        for rank, index in enumerate(cluster):
            result[index] = start + rank * min_gap
    return result


def _centre(cluster: list[int], positions: list[float]) -> float:
    return sum(positions[i] for i in cluster) / len(cluster)


def label_years(ax: Axes, points: Iterable[tuple[float, float, str]], *, above_pt: float, below_pt: float,
                **text: object) -> None:
    """Label (year, y, text) points above; a point a year after one labelled above is labelled below instead."""
    below, previous_year = False, None
    for year, y, label in points:
        below = previous_year is not None and year - previous_year == 1 and not below
        ax.annotate(label, (year, y), xytext=(0, -below_pt if below else above_pt), textcoords="offset points",
                    ha="center", va="top" if below else "bottom", **text)
        previous_year = year
