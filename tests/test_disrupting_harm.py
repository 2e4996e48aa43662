"""Disrupting Harm estimates: values against the tables as read, the guard, the figure and the factsheet line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.catalog import Catalog
from analysis.measures import Measures, NotComparableError
from analysis.validate import validate_package
from tests.conftest import read_rows, write_rows

# Nature 2026, article s41586-026-10525-4, Table 1, as read on 2026-12-06 (stored copy of
# https://preview-www.nature.com/articles/s41586-026-10525-4/tables/1), one line per row as printed:
# country, % among internet-using 12-17, % online, % of all children (uncertainty), number affected (range),
# child population aged 12-17.
TABLE_1_AS_READ = """\
Cambodia | 14.7 | 81.0 | 11.9 (9.9–14.1) | 215,962 (179,843–256,539) | 1,819,679
Ethiopia | 18.6 | 25.0 | 4.6 (3.5–6.1) | 775,526 (581,437–1,018,510) | 16,680,781
Indonesia | 6.6 | 92.0 | 6.1 (4.6–7.9) | 1,665,769 (1,250,027–2,150,872) | 27,231,704
Kenya | 21.7 | 67.0 | 14.5 (12.4–16.8) | 1,096,163 (932,413–1,269,843) | 7,539,254
Malaysia | 10.2 | 94.0 | 9.6 (7.6–12.0) | 306,234 (241,236–380,807) | 3,178,610
Mozambique | 25.9 | 56.0 | 14.5 (12.3–17.0) | 634,331 (536,934–744,858) | 4,381,428
Namibia | 20.0 | 81.0 | 16.2 (13.6–18.9) | 47,686 (40,172–55,612) | 294,899
The Philippines | 28.6 | 95.0 | 27.1 (23.1–30.6) | 3,580,485 (3,043,351–4,035,759) | 13,190,360
Tanzania | 7.7 | 67.0 | 5.2 (4.0–6.7) | 456,274 (353,053–589,653) | 8,813,838
Thailand | 17.0 | 92.0 | 15.6 (13.0–18.2) | 769,133 (642,336–896,437) | 4,922,710
Uganda | 27.7 | 40.0 | 11.1 (9.1–13.3) | 755,632 (623,496–907,413) | 6,819,466
Vietnam | 5.5 | 89.0 | 4.9 (3.6–6.5) | 410,438 (300,307–548,994) | 8,421,996
"""
ISO3 = {"Cambodia": "KHM", "Ethiopia": "ETH", "Indonesia": "IDN", "Kenya": "KEN", "Malaysia": "MYS",
        "Mozambique": "MOZ", "Namibia": "NAM", "The Philippines": "PHL", "Tanzania": "TZA", "Thailand": "THA",
        "Uganda": "UGA", "Vietnam": "VNM"}
NATURE = "dh_tfcsea_internet_users"
CLEAR = "dh_ocsea_clear_examples"


def _parse(line: str) -> dict[str, object]:
    def number(text: str) -> float:
        return float(text.replace(",", ""))

    def with_range(cell: str) -> tuple[float, float, float]:
        value, bounds = cell.split(" (")
        low, high = bounds.rstrip(")").split("–")
        return number(value), number(low), number(high)

    name, users, online, all_children, affected, population = (c.strip() for c in line.split("|"))
    pct, pct_low, pct_high = with_range(all_children)
    count, count_low, count_high = with_range(affected)
    return {"area": ISO3[name], "name": name, "internet_users_value_pct": number(users),
            "internet_use_pct": number(online), "all_children_pct": pct, "all_children_low_pct": pct_low,
            "all_children_high_pct": pct_high, "children_affected": count, "children_affected_low": count_low,
            "children_affected_high": count_high, "child_population": number(population)}


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    catalog = Catalog()
    return {name: catalog.load(name, validate=False)
            for name in ("exploitation_estimates", "indicators", "sources", "survey_estimates")}


@pytest.fixture(scope="module")
def nature(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = frames["exploitation_estimates"]
    return rows[rows["indicator_id"] == NATURE].set_index("area")


def test_every_value_matches_table_1_as_read(nature: pd.DataFrame) -> None:
    expected = [_parse(line) for line in TABLE_1_AS_READ.splitlines()]
    assert sorted(nature.index) == sorted(row["area"] for row in expected)  # twelve countries, no South Africa
    for row in expected:
        got = nature.loc[row["area"]]
        for column, value in row.items():
            if column not in ("area", "name"):
                assert float(got[column]) == value, (row["name"], column)
        assert got["locator"] == f"Table 1, row '{row['name']}'"
        assert got["survey_years"] == "2020-2021"
        assert got["source_id"] == "nature_2026_tfcsea_table1"


def test_published_columns_agree_with_each_other_within_rounding(nature: pd.DataFrame) -> None:
    """All children = internet users x share online; number affected = share of all children x population."""
    for area, row in nature.iterrows():
        product = row["internet_users_value_pct"] * row["internet_use_pct"] / 100
        assert abs(product - row["all_children_pct"]) <= 0.1, area  # each input rounded to 0.1
        scaled = row["child_population"] * row["all_children_pct"] / 100
        assert abs(scaled - row["children_affected"]) <= row["child_population"] * 0.05 / 100, area


def test_disrupting_harm_releases_as_read(frames: dict[str, pd.DataFrame]) -> None:
    """ECPAT's releases: Cambodia 11% and about 160,000; the Philippines 20%, 96% online, two million; Viet Nam 1%."""
    rows = frames["exploitation_estimates"]
    clear = rows[rows["indicator_id"] == CLEAR].set_index("area")
    assert clear.loc["KHM", "internet_users_value_pct"] == 11
    assert clear.loc["KHM", "children_affected"] == 160000
    assert clear.loc["PHL", "internet_users_value_pct"] == 20
    assert clear.loc["PHL", "internet_use_pct"] == 96
    assert clear.loc["PHL", "children_affected"] == 2000000
    assert clear.loc["VNM", "internet_users_value_pct"] == 1
    nature = rows[rows["indicator_id"] == NATURE].set_index("area")
    for area in ("KHM", "PHL", "VNM"):  # the wider Nature measure is higher wherever both were read
        assert nature.loc[area, "internet_users_value_pct"] > clear.loc[area, "internet_users_value_pct"]
        assert "Checked against ECPAT" in nature.loc[area, "note"]
    kinds = frames["sources"].set_index("source_id")
    assert kinds.loc["nature_2026_tfcsea_table1", "publisher"] == "Nature (Springer Nature)"
    assert set(kinds.loc[clear["source_id"], "publisher"]) == {"ECPAT International"}


@pytest.mark.parametrize("other", ["hbsc_cyberbullied", "unicef_bullied_13_15_30d", "yrbs_electronically_bullied",
                                   CLEAR])
def test_guard_refuses_disrupting_harm_beside_another_measure(frames: dict[str, pd.DataFrame], other: str) -> None:
    measures = Measures(frames["indicators"])
    with pytest.raises(NotComparableError, match="cannot put"):
        measures.require_comparable([NATURE, other], purpose="one ranking")


def test_guard_spells_out_why_disrupting_harm_is_not_hbsc(frames: dict[str, pd.DataFrame]) -> None:
    result = Measures(frames["indicators"]).compare([NATURE, "hbsc_cyberbullied"])
    text = result.note()
    assert "age range differs (12-17 vs 11-15)" in text
    assert "recall period differs (past year vs past couple of months)" in text
    assert Measures(frames["indicators"])[NATURE].comparability_group == "dh_tfcsea_12_17_past_year"


def test_validation_refuses_an_interval_that_misses_its_estimate(package_copy: Path) -> None:
    path = package_copy.parent / "exploitation_estimates.csv"
    header, rows = read_rows(path)
    line = next(i for i, row in enumerate(rows) if row["area"] == "KEN" and row["indicator_id"] == NATURE)
    rows[line]["children_affected_high"] = "1069843"  # a digit swapped: below the estimate 1,096,163
    write_rows(path, header, rows)
    problems = [str(p) for p in validate_package(package_copy)]
    assert any("exploitation_estimates.csv" in p and f"row {line + 2}" in p and "children_affected" in p
               and "does not contain the estimate" in p for p in problems), problems


def test_validation_refuses_an_unknown_indicator(package_copy: Path) -> None:
    path = package_copy.parent / "exploitation_estimates.csv"
    header, rows = read_rows(path)
    rows[0]["indicator_id"] = "dh_unknown"
    write_rows(path, header, rows)
    problems = [str(p) for p in validate_package(package_copy)]
    assert any("'dh_unknown' is not a known indicator_id" in p for p in problems), problems


def test_chart_data_one_measure_sorted_with_the_titles_finding(frames: dict[str, pd.DataFrame]) -> None:
    from analysis.figures.online_exploitation import above_quarter, dh_alt, dh_caption, dh_data
    from analysis.figures.registry import all_recipes
    from analysis.i18n import language

    with language("en"):
        data = dh_data(frames)
        caption, alt = dh_caption(data), dh_alt(data)
    assert set(data["indicator_id"]) == {NATURE}
    assert list(data["area"])[-1] == "PHL" and list(data["area"])[0] == "VNM"  # drawn bottom up
    quarter = above_quarter(data)
    with language("en"):
        title = all_recipes()["disrupting-harm-online-exploitation"].title_for(data)
    assert (len(quarter), len(data)) == (3, 12)
    assert title.startswith("In 3 of 12 countries, more than one in four")
    assert sorted(quarter["area"]) == ["MOZ", "PHL", "UGA"]
    assert "Philippines: 28.6% of internet-using children, 27.1% of all children, an estimated 3,580,485" in alt
    assert "2020-2021" in caption and "12 countries" in caption and "not a count of cases" in caption


def test_chart_refuses_mixed_survey_periods(frames: dict[str, pd.DataFrame]) -> None:
    from analysis.online_exploitation import country_estimates

    changed = dict(frames)
    rows = frames["exploitation_estimates"].copy()
    rows.loc[rows.index[0], "survey_years"] = "2023"
    changed["exploitation_estimates"] = rows
    with pytest.raises(ValueError, match="mixes survey years"):
        country_estimates(changed)


def test_figure_draws_bars_from_zero_with_the_caveat_on_the_image() -> None:
    from analysis.figures.registry import all_recipes
    from analysis.i18n import language
    from analysis.plotting.layout import SIZES, house_style
    from analysis.render import draw

    recipe = all_recipes()["disrupting-harm-online-exploitation"]
    assert recipe.topic == "online exploitation" and "square" not in recipe.sizes and recipe.size_note
    with language("es"), house_style():
        drawn = draw(recipe, Catalog(), SIZES["report"])
    texts = [t.get_text() for t in drawn.figure.texts]
    assert any("de 12 a 17 años que usan internet; último año" in t for t in texts)
    assert any("Nature (2026)" in t and "ECPAT, INTERPOL, UNICEF" in t for t in texts)
    left, right = drawn.figure.axes[:2]
    assert left.get_xlim()[0] == 0 and right.get_xlim()[0] == 0
    widths = sorted(round(p.get_width(), 4) for p in left.patches)
    assert widths == sorted(drawn.data["internet_users_value_pct"].round(4))
    assert "28,6\u00a0%" in [t.get_text() for t in left.texts]


def test_factsheet_line_for_a_surveyed_country_and_none_elsewhere(frames: dict[str, pd.DataFrame]) -> None:
    from analysis.i18n import language
    from analysis.online_exploitation import factsheet_rows, factsheet_sentence

    kenya = factsheet_rows("KEN", frames)
    assert len(kenya) == 1
    with language("en"):
        sentence = factsheet_sentence(next(kenya.itertuples(index=False)))
    assert sentence.startswith("21.7% of internet-using children aged 12-17")
    assert "past year (Disrupting Harm survey, 2020-2021)" in sentence
    assert "an estimated 1,096,163 children (932,413 to 1,269,843)" in sentence
    assert factsheet_rows("ARG", frames).empty
    assert factsheet_rows("ZAF", frames).empty  # surveyed by Disrupting Harm but not in the table read
