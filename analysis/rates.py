"""Rates per 100,000 children: an official count over the child population it can be divided by, or an error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PER = 100_000
# Child-population indicators in population.csv and the age group of count_series they match.
DENOMINATORS = {"US_PEP_RESPOP_0017": "under 18"}


class RateDefinitionError(ValueError):
    """A count and a population that do not describe the same children (age, area), so no rate."""


def rate_per_100k(frames: Mapping[str, pd.DataFrame], series_id: str, population_id: str) -> pd.DataFrame:
    """Count, population and rate for every year that has both; refuses a count whose ages or area differ.

    The rate is of what the series counts (records, reports): a child counted twice is counted twice.
    """
    series = frames["count_series"].set_index("series_id")
    if series_id not in series.index:
        raise RateDefinitionError(f"no series '{series_id}' in count_series.csv")
    meta = series.loc[series_id]
    band = DENOMINATORS.get(population_id)
    if band is None:
        raise RateDefinitionError(f"'{population_id}' is not a child-population indicator with a known age band; "
                                  f"known: {', '.join(DENOMINATORS)}")
    if meta["age_group"] != band:
        raise RateDefinitionError(f"'{series_id}' counts {meta['age_group']}, but '{population_id}' is the population "
                                  f"{band}: a rate would divide one age group by another")
    if meta["unit"] not in ("records", "reports", "offences", "persons", "calls", "cases") or \
            meta["period"] != "calendar year":
        raise RateDefinitionError(f"'{series_id}' is a {meta['unit']} per {meta['period']}, not a yearly count")
    counts = frames["counts"]
    counts = counts[counts["series_id"] == series_id]
    population = frames["population"]
    population = population[population["indicator_id"] == population_id]
    areas = set(counts["area"]) - set(population["iso3"])
    if areas:
        raise RateDefinitionError(f"no {population_id} population for {', '.join(sorted(areas))}")
    joined = counts.merge(population, left_on=["area", "year"], right_on=["iso3", "year"],
                          suffixes=("", "_population"))
    joined = joined.rename(columns={"value": "count", "value_population": "population"})
    joined["rate_per_100k"] = joined["count"] / joined["population"] * PER
    joined["source_id"] = joined["source_id"] + ";" + joined["source_id_population"]
    joined["locator"] = joined["locator"] + "; " + joined["locator_population"]
    return joined[["series_id", "area", "year", "count", "value_status", "population", "rate_per_100k",
                   "source_id", "locator"]].sort_values("year").reset_index(drop=True)
