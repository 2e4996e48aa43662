"""UNICEF SDMX-CSV and World Bank v2 refreshers, on responses recorded from the real APIs."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from analysis import cli, refresh
from analysis.upstreams import unicef, worldbank
from analysis.upstreams.base import UpstreamFormatError
from analysis.validate import validate_package
from tests.conftest import read_rows, write_rows

FIXTURES = Path(__file__).parent / "fixtures" / "upstreams"
SDMX_CSV = FIXTURES / "unicef-sdmx-csv-cme-bra-2020.csv"
WB_PAGE = FIXTURES / "worldbank-v2-page1of4.json"
WB_ERROR = FIXTURES / "worldbank-v2-error120.json"


def test_sdmx_csv_keeps_country_sex_rows_with_bounds() -> None:
    rows = unicef.parse_sdmx_csv(SDMX_CSV.read_bytes(), "recorded", {"CME_MRY0T4": "u5mr"}, "test_source")
    # The response has 8 rows: F, M and _T by wealth quintile; only the wealth total is one country-year-sex.
    assert sorted(rows["sex"]) == ["female", "male", "total"]
    female = rows.set_index("sex").loc["female"]
    assert (female["value_pct"], female["ci_low_pct"], female["ci_high_pct"]) == (
        13.1817699535802, 12.1070752264054, 14.3687725554605)
    assert rows.set_index("sex").loc["total", "value_pct"] == 14.8718958055686
    assert set(rows["area"]) == {"BRA"} and set(rows["year"]) == {2020}
    assert female["locator"] == "SDMX CME_MRY0T4, REF_AREA=BRA, SEX=F, TIME_PERIOD=2020"
    assert female["note"] == "UNICEF data source: UN_IGME."


def test_sdmx_csv_errors_name_the_line() -> None:
    text = SDMX_CSV.read_text(encoding="utf-8")
    with pytest.raises(UpstreamFormatError, match="indicator 'CME_MRY0T4' was not requested"):
        unicef.parse_bullying(SDMX_CSV.read_bytes(), "recorded")
    broken = text.replace(",2020,13.1817699535802,", ",2020,n/a,")
    with pytest.raises(UpstreamFormatError, match=r"recorded, line 2, column 'OBS_VALUE': 'n/a' is not a number"):
        unicef.parse_sdmx_csv(broken.encode(), "recorded", {"CME_MRY0T4": "u5mr"}, "s")
    with pytest.raises(UpstreamFormatError, match="columns REF_AREA, INDICATOR, SEX, TIME_PERIOD, OBS_VALUE"):
        unicef.parse_sdmx_csv(b'{"data": []}', "recorded", {"CME_MRY0T4": "u5mr"}, "s")


def test_world_bank_page_rows_and_incomplete_response() -> None:
    with pytest.raises(UpstreamFormatError, match=r"incomplete response: pages \[1\] of 4"):
        worldbank.parse_indicator(WB_PAGE.read_bytes(), "recorded", "NY.GDP.MKTP.CD", "s")
    rows = worldbank.parse_indicator(WB_PAGE.read_bytes(), "recorded", "NY.GDP.MKTP.CD", "s", require_complete=False)
    assert rows[["iso3", "year", "value"]].values.tolist() == [["JPN", 2019, 5081769542379.77],
                                                               ["JPN", 2018, 4954806619995.19]]
    with pytest.raises(UpstreamFormatError, match="indicator NY.GDP.MKTP.CD, expected SP.POP.0014.TO"):
        worldbank.parse_indicator(WB_PAGE.read_bytes(), "recorded", "SP.POP.0014.TO", "s", require_complete=False)


def test_world_bank_error_message_is_reported() -> None:
    with pytest.raises(UpstreamFormatError, match="refused the request \\(120 Invalid value: The provided parameter"):
        worldbank.parse_child_population(WB_ERROR.read_bytes(), "recorded")
    with pytest.raises(UpstreamFormatError, match="not JSON"):
        worldbank.parse_child_population(b"<html>Request Error</html>", "recorded")


def test_first_refresh_adds_the_source_row_and_the_values(package_copy: Path) -> None:
    base = package_copy.parent
    header, indicators = read_rows(base / "indicators.csv")
    indicators.append(dict(indicators[-1], indicator_id="test_u5mr", comparability_group="test_u5mr"))
    write_rows(base / "indicators.csv", header, indicators)
    upstream = replace(unicef.BULLYING, parse=lambda content, origin: unicef.parse_sdmx_csv(
        content, origin, {"CME_MRY0T4": "test_u5mr"}, unicef.BULLYING_SOURCE))
    content = SDMX_CSV.read_bytes()
    result = refresh.refresh(upstream, content, "recorded", package_path=package_copy)
    assert len(result.diff.added) == 3 and validate_package(package_copy) == []
    sources = {r["source_id"]: r for r in csv.DictReader((base / "sources.csv").open(encoding="utf-8"))}
    added = sources[unicef.BULLYING_SOURCE]
    assert added["url"] == unicef.BULLYING.url and added["sha256"] == hashlib.sha256(content).hexdigest()
    assert added["publisher"].startswith("UNICEF")


@pytest.mark.parametrize("name", sorted(refresh.upstreams()))
def test_every_upstream_fails_fast_offline_and_changes_nothing(name: str, package_copy: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    unreachable = replace(refresh.upstreams()[name], url="http://127.0.0.1:9/offline")
    monkeypatch.setattr(refresh, "upstreams", lambda: {name: unreachable})
    before = {p: p.read_bytes() for p in package_copy.parent.parent.rglob("*") if p.is_file()}
    assert cli.main(["--data", str(package_copy), "fetch", name]) == 3
    after = {p: p.read_bytes() for p in package_copy.parent.parent.rglob("*") if p.is_file()}
    assert after == before
