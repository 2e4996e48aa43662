"""Rates per 100,000 children or inhabitants: a count over the population it can be divided by, or an error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PER = 100_000
# Child-population indicators in population.csv and the age group of count_series they match.
DENOMINATORS = {"US_PEP_RESPOP_0017": "under 18"}
# Whole-population indicators: a count per 100,000 inhabitants (any ages counted), never "per child".
INHABITANTS = {"SP.POP.TOTL": "World Bank total population"}


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
    if population_id in INHABITANTS:
        counts = frames["counts"]
        counts = counts[counts["series_id"] == series_id].rename(columns={"value": "count"})
        if meta["period"] != "calendar year":
            raise RateDefinitionError(f"'{series_id}' is a count per {meta['period']}: the population is for "
                                      "calendar years")
        rates = per_100k_inhabitants(counts, frames["population"], what=f"'{series_id}'", indicator=population_id)
        rates.insert(0, "series_id", series_id)
        return rates
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


def per_100k_inhabitants(counts: pd.DataFrame, population: pd.DataFrame, *, what: str,
                         indicator: str = "SP.POP.TOTL") -> pd.DataFrame:
    """Count, population and rate per 100,000 inhabitants for each (area, year) of `counts`.

    `counts` has columns area (ISO3 country), year, count, source_id, locator (value_status optional).
    Refused, naming what is wrong: a population indicator that is not the whole population, an area that
    is not a country (the world, a region), and any count whose area has no population of that same year
    (another year's population is never used).
    """
    import pandas as pd

    from analysis.countries import USER_ASSIGNED_ISO3, iso3_codes

    if indicator not in INHABITANTS:
        raise RateDefinitionError(f"'{indicator}' is not a whole-population indicator; per 100,000 inhabitants "
                                  f"needs one of: {', '.join(INHABITANTS)}")
    missing_columns = {"area", "year", "count", "source_id", "locator"} - set(counts.columns)
    if missing_columns:
        raise RateDefinitionError(f"{what}: the counts lack column(s) {', '.join(sorted(missing_columns))}")
    not_countries = sorted(set(counts["area"].astype(str)) - iso3_codes() - set(USER_ASSIGNED_ISO3))
    if not_countries:
        raise RateDefinitionError(f"{what}: {', '.join(not_countries)} is not a country (ISO 3166 alpha-3): a count "
                                  "for the world or a region has no national population to divide by")
    population = population[population["indicator_id"] == indicator]
    have = set(zip(population["iso3"], population["year"].astype(int), strict=True))
    lacking = sorted({(a, int(y)) for a, y in zip(counts["area"], counts["year"], strict=True)} - have)
    if lacking:
        listed = ", ".join(f"{a} {y}" for a, y in lacking[:12]) + (" ..." if len(lacking) > 12 else "")
        raise RateDefinitionError(f"{what}: no {indicator} population for {listed}; a rate needs the population of "
                                  "the same country and year (add it to population.csv or leave those counts out)")
    joined = counts.merge(population, left_on=["area", "year"], right_on=["iso3", "year"],
                          suffixes=("", "_population"))
    joined = joined.rename(columns={"value": "population"})
    joined["rate_per_100k"] = joined["count"] / joined["population"] * PER
    joined["source_id"] = joined["source_id"] + ";" + joined["source_id_population"]
    joined["locator"] = joined["locator"] + "; " + joined["locator_population"]
    if "value_status" not in joined.columns:
        joined["value_status"] = pd.NA
    return joined[["area", "year", "count", "value_status", "population", "rate_per_100k", "source_id",
                   "locator"]].sort_values(["area", "year"]).reset_index(drop=True)
