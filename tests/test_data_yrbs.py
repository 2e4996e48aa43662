"""Spot checks of the YRBS values against the publications they were read in (locator in each)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.catalog import load
from analysis.figures.cyberbullying import consecutive_runs, gap_data

# (indicator, year, sex, value, source_id, where it stands in that source)
PUBLISHED = [
    ("yrbs_electronically_bullied", 2011, "total", 16.2, "hrsa_chusa2012_bullying",
     "Child Health USA 2012, Bullying, narrative para. 4: 'one in six (16.2 percent)'"),
    ("yrbs_bullied_on_school_property", 2013, "female", 23.7, "hrsa_chusa2014_bullying",
     "Child Health USA 2014, Bullying, para. 3: '23.7 versus 15.6 percent'"),
    ("yrbs_electronically_bullied", 2017, "male", 9.9, "drugpolicyfacts_mmwr_ss6708",
     "MMWR SS-67-8 results text (Suppl. Table 28) as quoted: 'female (19.7%) than male (9.9%)'"),
    ("yrbs_bullied_on_school_property", 2019, "total", 19.5, "cdc_mmwr_suppl6901_basile",
     "MMWR Suppl 69(1):28-37, abstract: '19.5% reported bullying on school property'"),
    ("yrbs_electronically_bullied", 2021, "total", 15.9, "cdc_mmwr_suppl7201_clayton",
     "MMWR Suppl 72(1):66-74, abstract: '15.9% reported electronic bullying victimization'"),
]


@pytest.fixture(scope="module")
def estimates() -> pd.DataFrame:
    return load("survey_estimates")


@pytest.mark.parametrize(("indicator", "year", "sex", "value", "source_id", "locator"), PUBLISHED)
def test_value_matches_publication(estimates: pd.DataFrame, indicator: str, year: int, sex: str,
                                   value: float, source_id: str, locator: str) -> None:
    row = estimates[(estimates["indicator_id"] == indicator) & (estimates["year"] == year)
                    & (estimates["sex"] == sex)]
    assert len(row) == 1, locator
    assert row["value_pct"].iloc[0] == value, locator
    assert row["source_id"].iloc[0] == source_id


# 95% CIs as printed in the MMWR Supplement tables: (indicator, year, sex, value, low, high)
PUBLISHED_CI = [
    ("yrbs_bullied_on_school_property", 2019, "total", 19.5, 18.2, 20.9),   # Suppl 69(1), Table 2, 'Total'
    ("yrbs_electronically_bullied", 2019, "male", 10.9, 9.6, 12.4),         # Suppl 69(1), Table 2, 'Male'
    ("yrbs_electronically_bullied", 2021, "female", 20.5, 19.3, 21.7),      # Suppl 72(1), Table 3, 'Female'
    ("yrbs_electronically_bullied", 2023, "total", 16.3, 14.2, 18.5),       # Suppl 73(4), Table 2, overall
]


@pytest.mark.parametrize(("indicator", "year", "sex", "value", "low", "high"), PUBLISHED_CI)
def test_published_intervals_are_kept(estimates: pd.DataFrame, indicator: str, year: int, sex: str, value: float,
                                      low: float, high: float) -> None:
    row = estimates[(estimates["indicator_id"] == indicator) & (estimates["year"] == year)
                    & (estimates["sex"] == sex)].iloc[0]
    assert (row["value_pct"], row["ci_low_pct"], row["ci_high_pct"]) == (value, low, high)


def test_every_row_has_a_locator_and_intervals_only_from_cdc_tables(estimates: pd.DataFrame) -> None:
    assert estimates["locator"].notna().all()
    yrbs = estimates[estimates["indicator_id"].str.startswith("yrbs_")]
    with_ci = yrbs.dropna(subset=["ci_low_pct", "ci_high_pct"])
    assert set(with_ci["source_id"]) == {"cdc_mmwr_suppl6901_basile", "cdc_mmwr_suppl7201_clayton",
                                         "cdc_mmwr_suppl7304_2023"}
    assert with_ci["locator"].str.startswith("Table").all()
    assert ((with_ci["ci_low_pct"] < with_ci["value_pct"]) & (with_ci["value_pct"] < with_ci["ci_high_pct"])).all()
    assert set(yrbs.loc[yrbs["ci_low_pct"].isna(), "year"]) <= {2011, 2013, 2015, 2017}


def test_sex_gap_is_female_minus_male() -> None:
    gaps = gap_data({"survey_estimates": load("survey_estimates")}).set_index(["indicator_id", "year"])
    # 2013 electronic bullying: 21.0% of girls vs 8.5% of boys (HRSA, Child Health USA 2014).
    assert gaps.loc[("yrbs_electronically_bullied", 2013), "gap_pp"] == pytest.approx(12.5)
    assert pd.isna(gaps.loc[("yrbs_electronically_bullied", 2013), "gap_ci_low_pp"])
    # 2019 at school: 23.6 (21.8-25.5) vs 15.4 (14.0-16.9); SEs from the CI widths / 3.92, combined as independent.
    se = ((25.5 - 21.8) / 3.92) ** 2 + ((16.9 - 14.0) / 3.92) ** 2
    row = gaps.loc[("yrbs_bullied_on_school_property", 2019)]
    assert row["gap_pp"] == pytest.approx(8.2)
    assert (row["gap_ci_low_pp"], row["gap_ci_high_pp"]) == pytest.approx((8.2 - 1.96 * se ** 0.5,
                                                                            8.2 + 1.96 * se ** 0.5), abs=1e-3)


def test_runs_break_at_missing_cycles_and_wording_change() -> None:
    assert consecutive_runs([2011, 2013, 2017, 2019, 2021], 2017) == [[2011, 2013], [2017, 2019, 2021]]
    assert consecutive_runs([2011, 2013, 2015, 2017], 2017) == [[2011, 2013, 2015], [2017]]
    assert consecutive_runs([2011, 2013, 2015, 2017], None) == [[2011, 2013, 2015, 2017]]
