"""Rates per 100,000 children: the arithmetic, the age-and-area guard, and the trend with an exposure."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from analysis.catalog import Catalog
from analysis.figures.registry import all_recipes
from analysis.rates import RateDefinitionError, rate_per_100k
from analysis.stats.counts import count_trend


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return Catalog().load_many(["counts", "count_series", "population", "sources"])


def test_rate_is_the_count_over_the_under_18_population(frames: dict[str, pd.DataFrame]) -> None:
    rates = rate_per_100k(frames, "ncic_entries_under18", "US_PEP_RESPOP_0017").set_index("year")
    # 2014: 466,949 NCIC entries under 18 (NCMEC key facts); 73,563,723 residents aged 0-17 (Census, Vintage 2019).
    assert rates.loc[2014, "rate_per_100k"] == pytest.approx(466949 / 73563723 * 100_000)
    assert 2023 not in rates.index  # no verified count that year: no rate either
    assert rates["source_id"].str.contains("census_pep_v20").all()


def test_the_population_rows_are_the_sum_of_their_single_ages() -> None:
    with open(Catalog().path("population"), encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["indicator_id"] == "US_PEP_RESPOP_0017"]
    assert [int(r["year"]) for r in rows] == list(range(2013, 2025))
    for row in rows:
        parts = row["note"].split(": ", 1)[1].split(". ")[0].split("+")
        assert len(parts) == 18 and sum(int(p) for p in parts) == int(row["value"])
    assert next(int(r["value"]) for r in rows if r["year"] == "2019") == 328239523 - 255200373  # total minus 18+


def test_a_rate_needs_the_same_ages_and_a_yearly_count(frames: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(RateDefinitionError, match="'ncic_entries_all' counts all ages, but 'US_PEP_RESPOP_0017' is "
                                                  "the population under 18"):
        rate_per_100k(frames, "ncic_entries_all", "US_PEP_RESPOP_0017")
    with pytest.raises(RateDefinitionError, match="not a yearly count"):
        rate_per_100k(frames, "ncic_active_under18", "US_PEP_RESPOP_0017")
    with pytest.raises(RateDefinitionError, match="no US_PEP_RESPOP_0017 population for CAN"):
        rate_per_100k(frames, "rcmp_missing_child_reports", "US_PEP_RESPOP_0017")
    with pytest.raises(RateDefinitionError, match="not a child-population indicator"):
        rate_per_100k(frames, "ncic_entries_under18", "SP.POP.0014.TO")


def test_exposure_turns_a_count_trend_into_a_rate_trend() -> None:
    years = list(range(2015, 2021))
    growth = [math.exp(0.05 * (y - 2015)) for y in years]
    counts = [round(100_000 * g) for g in growth]
    # Counts that grow exactly with the population: the count trend is exp(0.05) a year, the rate trend is flat.
    assert count_trend(years, counts, "poisson").rate_ratio == pytest.approx(math.exp(0.05), rel=1e-5)
    assert count_trend(years, counts, "poisson", exposure=growth).rate_ratio == pytest.approx(1.0, abs=1e-5)
    # A constant exposure changes the level, never the trend.
    flat = count_trend(years, counts, "negative binomial")
    scaled = count_trend(years, counts, "negative binomial", exposure=[7.0e7] * len(years))
    assert scaled.rate_ratio == pytest.approx(flat.rate_ratio, rel=1e-9)
    with pytest.raises(ValueError, match="one positive value per year"):
        count_trend(years, counts, exposure=[1.0] * (len(years) - 1))


def test_rate_figure_plots_the_rates_and_states_the_fitted_trend(frames: dict[str, pd.DataFrame]) -> None:
    from analysis.i18n import language

    recipe = all_recipes()["ncic-missing-children-rate"]
    data = recipe.prepare(frames)
    expected = rate_per_100k(frames, "ncic_entries_under18", "US_PEP_RESPOP_0017")
    assert data["rate_per_100k"].tolist() == expected["rate_per_100k"].tolist()
    trend = count_trend(expected["year"], expected["count"], exposure=expected["population"])
    with language("en"):
        caption = recipe.caption_for(data)
    assert f"rate ratio {trend.rate_ratio:.3f}" in caption and "with the child population as exposure" in caption
    assert "not the share of children who went missing" in caption
