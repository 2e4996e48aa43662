"""World Bank total population (SP.POP.TOTL) 2019-2024: the parser, the shipped values, and rates that refuse
a denominator of another year or area."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths, refresh
from analysis.catalog import Catalog
from analysis.rates import RateDefinitionError, per_100k_inhabitants, rate_per_100k
from analysis.upstreams import worldbank
from analysis.upstreams.base import UpstreamFormatError

FIXTURE = Path(__file__).parent / "fixtures" / "upstreams" / "worldbank-sp-pop-totl-long-extract.csv"
WB_PAGE = Path(__file__).parent / "fixtures" / "upstreams" / "worldbank-v2-page1of4.json"
COPY_SHA256 = "7d2dd6a17f5ed7916de1f89a9c116791e64d207f2e2f6ce47c57e1ab46f0088a"


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return Catalog().load_many(["counts", "count_series", "population"])


def population_rows() -> list[dict[str, str]]:
    with open(paths.DATASETS / "population.csv", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["indicator_id"] == "SP.POP.TOTL"]


def test_the_long_csv_keeps_countries_and_kosovo_of_the_years_asked() -> None:
    rows = worldbank.parse_total_population(FIXTURE.read_bytes(), "fixture")
    values = {(r.iso3, r.year): r.value for r in rows.itertuples()}
    # Whole lines of datasets/population data/population.csv at 425fc447 (the fixture's README names them).
    assert values[("ARG", 2019)] == 44973465 and values[("ARG", 2024)] == 45696159
    assert values[("USA", 2024)] == 340110988
    assert values[("BHS", 2023)] == 399440  # a quoted name ("Bahamas, The") is read whole
    assert values[("XKX", 2023)] == 1682668  # Kosovo, the World Bank's XKX
    assert ("ARG", 2018) not in values  # outside 2019-2024
    assert not {"WLD", "CHI"} & set(rows["iso3"])  # an aggregate and a code that is not a country
    assert set(rows["source_id"]) == {"worldbank_sp_pop_totl"}
    assert rows.set_index(["iso3", "year"]).loc[("ARG", 2023), "locator"] == "row 'Argentina' (ARG), Year 2023"


def test_the_long_csv_errors_name_line_and_column() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    with pytest.raises(UpstreamFormatError, match=r"x\.csv: line 1: header .*expected"):
        worldbank.parse_total_population(text.replace("Country Code", "Code").encode(), "x.csv")
    with pytest.raises(UpstreamFormatError, match=r"line 3, column Year: '20X9' is not a year"):
        worldbank.parse_total_population(text.replace("ARG,2019,", "ARG,20X9,").encode(), "x.csv")
    with pytest.raises(UpstreamFormatError, match=r"line 3, column Value: 'n/a' is not a number"):
        worldbank.parse_total_population(text.replace("2019,44973465", "2019,n/a").encode(), "x.csv")


def test_the_api_json_goes_through_the_same_parser() -> None:
    # The recorded API response is one page of four: refused as incomplete, as for the child population.
    with pytest.raises(UpstreamFormatError, match=r"incomplete response: pages \[1\] of 4"):
        worldbank.parse_total_population(WB_PAGE.read_bytes(), "recorded")

    def row(iso3: str, year: int, value: int) -> dict:
        return {"indicator": {"id": "SP.POP.TOTL", "value": "Population, total"}, "countryiso3code": iso3,
                "date": str(year), "value": value, "obs_status": ""}

    # A one-page response in the API's layout, with values of the copy read for the package.
    body = [{"page": 1, "pages": 1, "per_page": 20000, "total": 4},
            [row("ARG", 2023, 45538401), row("ARG", 2018, 44654882), row("WLD", 2023, 8064057930),
             row("XKX", 2023, 1682668)]]
    rows = worldbank.parse_total_population(json.dumps(body).encode(), "api")
    assert sorted(zip(rows["iso3"], rows["year"], rows["value"], strict=True)) == [
        ("ARG", 2023, 45538401), ("XKX", 2023, 1682668)]
    from analysis.refresh_safety import media_of

    upstreams = refresh.upstreams()
    assert upstreams["wb-population"].parse is upstreams["wb-population-copy"].parse is \
        worldbank.parse_total_population
    # The API answers JSON; the copy is the long CSV: each download is checked as its own kind of text.
    assert (media_of(upstreams["wb-population"]), media_of(upstreams["wb-population-copy"])) == ("json", "csv")


def test_the_shipped_values_are_the_copy_for_every_country_and_year() -> None:
    rows = population_rows()
    shipped = {(r["iso3"], int(r["year"])): float(r["value"]) for r in rows}
    parsed = worldbank.parse_total_population(FIXTURE.read_bytes(), "fixture")
    for r in parsed.itertuples():
        assert shipped[(r.iso3, r.year)] == r.value
    years = {}
    for iso3, year in shipped:
        years.setdefault(iso3, set()).add(year)
    assert len(years) == 216 and all(y == set(range(2019, 2025)) for y in years.values())
    with open(paths.DATASETS / "sources.csv", encoding="utf-8") as handle:
        sources = {r["source_id"]: r for r in csv.DictReader(handle)}
    source = sources["worldbank_sp_pop_totl"]
    assert source["sha256"] == COPY_SHA256 and "425fc447a53a26c767a15a7de60c4cc2478a0595" in source["url"]


def test_reports_per_100k_inhabitants_divides_by_the_same_country_and_year(frames: dict) -> None:
    counts = pd.DataFrame({"area": ["ARG"], "year": [2023], "count": [134880], "source_id": ["s"],
                           "locator": ["l"]})
    rate = per_100k_inhabitants(counts, frames["population"], what="test")
    assert rate.loc[0, "rate_per_100k"] == pytest.approx(134880 / 45538401 * 100_000)
    assert rate.loc[0, "source_id"] == "s;worldbank_sp_pop_totl"
    searches = rate_per_100k(frames, "rnipme_missing_child_searches", "SP.POP.TOTL").set_index("year")
    assert searches.loc[2023, "rate_per_100k"] == pytest.approx(3115 / 45538401 * 100_000)


def test_rates_refuse_another_year_another_area_or_a_child_population(frames: dict) -> None:
    population = frames["population"]
    later = pd.DataFrame({"area": ["ARG", "ARG"], "year": [2024, 2025], "count": [1, 1], "source_id": ["s"] * 2,
                          "locator": ["l"] * 2})
    with pytest.raises(RateDefinitionError, match="no SP.POP.TOTL population for ARG 2025; a rate needs the "
                                                  "population of the same country and year"):
        per_100k_inhabitants(later, population, what="test")
    world = later.assign(area="WLD", year=2023)
    with pytest.raises(RateDefinitionError, match="WLD is not a country"):
        per_100k_inhabitants(world, population, what="test")
    with pytest.raises(RateDefinitionError, match="not a whole-population indicator"):
        per_100k_inhabitants(later, population, what="test", indicator="SP.POP.0014.TO")
    # Count series: Canada's reports start in 2018, a year without a population row: refused, not matched to 2019.
    with pytest.raises(RateDefinitionError, match="no SP.POP.TOTL population for CAN 2018"):
        rate_per_100k(frames, "rcmp_missing_child_reports", "SP.POP.TOTL")
    with pytest.raises(RateDefinitionError, match="WLD is not a country"):
        rate_per_100k(frames, "ncmec_cybertipline_reports", "SP.POP.TOTL")
    with pytest.raises(RateDefinitionError, match="is a count per financial year .*: the population is for "
                                                  "calendar years"):
        rate_per_100k(frames, "nca_missing_child_incidents_ew", "SP.POP.TOTL")
    with pytest.raises(RateDefinitionError, match="GB-EAW is not a country"):  # a part of one has no WB figure
        per_100k_inhabitants(later.assign(area="GB-EAW", year=2023), population, what="test")
