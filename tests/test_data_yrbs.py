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


def test_every_row_has_a_locator_and_no_unpublished_interval(estimates: pd.DataFrame) -> None:
    assert estimates["locator"].notna().all()
    # No interval was readable in these sources: none may appear without a new source.
    yrbs = estimates[estimates["indicator_id"].str.startswith("yrbs_")]
    assert yrbs[["ci_low_pct", "ci_high_pct"]].isna().all().all()


def test_sex_gap_is_female_minus_male() -> None:
    gaps = gap_data({"survey_estimates": load("survey_estimates")}).set_index(["indicator_id", "year"])
    # 2013 electronic bullying: 21.0% of girls vs 8.5% of boys (HRSA, Child Health USA 2014).
    assert gaps.loc[("yrbs_electronically_bullied", 2013), "gap_pp"] == pytest.approx(12.5)
    assert pd.isna(gaps.loc[("yrbs_electronically_bullied", 2013), "gap_ci_low_pp"])


def test_runs_break_at_missing_cycles_and_wording_change() -> None:
    assert consecutive_runs([2011, 2013, 2017, 2019, 2021], 2017) == [[2011, 2013], [2017, 2019, 2021]]
    assert consecutive_runs([2011, 2013, 2015, 2017], 2017) == [[2011, 2013, 2015], [2017]]
    assert consecutive_runs([2011, 2013, 2015, 2017], None) == [[2011, 2013, 2015, 2017]]
