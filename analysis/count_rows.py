"""Rows of official count series with their definitions, as the missing-children and activity figures plot them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ROW_COLUMNS = ("series_id", "area", "year", "value", "value_status", "unit", "age_group", "period", "measure",
               "source_id", "locator")


def series_rows(frames: Mapping[str, pd.DataFrame], series: tuple[str, ...]) -> pd.DataFrame:
    """The counts of the given series, by series and year, with each series' unit, ages, period and measure."""
    counts = frames["counts"]
    definitions = frames["count_series"].set_index("series_id")
    rows = counts[counts["series_id"].isin(series)].sort_values(["series_id", "year"]).copy()
    for column in ("unit", "age_group", "period", "measure"):
        rows[column] = rows["series_id"].map(definitions[column])
    return rows[list(ROW_COLUMNS)].reset_index(drop=True)


def values_by_year(rows: pd.DataFrame, fmt: Callable[[float], str]) -> str:
    """'2014: 466,949, 2015: ...' for an alt text."""
    return ", ".join(f"{int(r.year)}: {fmt(r.value)}" for r in rows.itertuples())


def with_quality(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Count rows with each value's ``precision`` and whether it was ``quoted`` only by others: how it is drawn."""
    from analysis.published_values import precision, quoted_by_others

    return rows.assign(precision=[precision(s, u) for s, u in zip(rows["value_status"], rows["unit"], strict=True)],
                       quoted=quoted_by_others(rows["source_id"], sources))
