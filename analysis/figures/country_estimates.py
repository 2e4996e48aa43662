"""Selecting one comparable set of country estimates and giving each its 95% interval."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.countries import country
from analysis.i18n import country_name
from analysis.measures import Comparability, Measures
from analysis.stats.proportions import wilson_interval

if TYPE_CHECKING:
    import pandas as pd

INTERVAL_PUBLISHED = "published 95% CI"
INTERVAL_WILSON = "Wilson 95% CI from n"
INTERVAL_NONE = "no interval (n not published)"


def area_label(area: str) -> str:
    """A country's short name in the current language; sub-national samples are named as the survey names them."""
    return country_name(area)


def with_intervals(rows: pd.DataFrame) -> pd.DataFrame:
    """Add ci_low/ci_high: the published interval when there is one, else Wilson's from n, else none."""
    import numpy as np
    import pandas as pd

    low, high, kind = [], [], []
    for row in rows.itertuples(index=False):
        if pd.notna(row.ci_low_pct) and pd.notna(row.ci_high_pct):  # both published
            low.append(float(row.ci_low_pct))
            high.append(float(row.ci_high_pct))
            kind.append(INTERVAL_PUBLISHED)
        elif pd.notna(row.n) and row.n > 0:
            lo, hi = wilson_interval(float(row.value_pct), float(row.n))
            low.append(round(lo, 4))
            high.append(round(hi, 4))
            kind.append(INTERVAL_WILSON)
        else:
            low.append(np.nan)
            high.append(np.nan)
            kind.append(INTERVAL_NONE)
    return rows.assign(ci_low=low, ci_high=high, interval=kind)


def select_countries(frames: Mapping[str, pd.DataFrame], indicator_id: str, year: int, *,
                     sex: str = "total", age: str = "all", purpose: str = "one country ranking",
                     ) -> tuple[pd.DataFrame, Comparability]:
    """The country (and sub-national) estimates of one indicator, year, sex and age, guarded.

    Returns rows with area, label, M49 region, value and interval, and the comparability result.
    """
    estimates = frames["survey_estimates"]
    rows = estimates[(estimates["indicator_id"] == indicator_id) & (estimates["year"] == year)
                     & (estimates["sex"] == sex) & (estimates["age"] == age)
                     & (estimates["area"] != "average")]
    if rows.empty:
        raise ValueError(f"survey_estimates.csv has no rows for {indicator_id}, {year}, {sex}, age {age}")
    comparability = Measures(frames["indicators"]).require_comparable_estimates(
        rows, purpose=purpose, uniform=("age", "sex", "year"))
    rows = with_intervals(rows)
    rows = rows.assign(
        label=[area_label(a) for a in rows["area"]],
        region=[country(a).m49_region for a in rows["area"]],
    )
    columns = ["indicator_id", "area", "label", "region", "year", "sex", "age", "value_pct", "ci_low",
               "ci_high", "interval", "n", "source_id", "locator"]
    return rows[columns].sort_values(["value_pct", "label"]).reset_index(drop=True), comparability


def survey_average(frames: Mapping[str, pd.DataFrame], indicator_id: str, year: int, *,
                   sex: str = "total", age: str = "all") -> pd.DataFrame:
    """The survey's own published cross-country average row(s), if any."""
    estimates = frames["survey_estimates"]
    return estimates[(estimates["indicator_id"] == indicator_id) & (estimates["year"] == year)
                     & (estimates["sex"] == sex) & (estimates["age"] == age)
                     & (estimates["area"] == "average")]
