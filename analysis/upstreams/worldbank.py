"""World Bank Indicators API v2 (JSON): population denominators by country and year."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import pandas as pd

from analysis.countries import USER_ASSIGNED_ISO3, iso3_codes
from analysis.upstreams.base import SourceRecord, Upstream, UpstreamFormatError

API = "https://api.worldbank.org/v2/country/all/indicator"
COLUMNS = ["indicator_id", "iso3", "year", "value", "source_id", "locator", "note"]


def _pages(content: bytes, origin: str) -> list[list]:
    """The response as a list of pages ([envelope, rows]); a single page is accepted too."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise UpstreamFormatError(f"{origin}: not JSON ({err}); the API answered with an error page?") from None
    if isinstance(data, list) and data and isinstance(data[0], dict) and "message" in data[0]:
        messages = "; ".join(f"{m.get('id')} {m.get('key')}: {m.get('value')}" for m in data[0]["message"])
        raise UpstreamFormatError(f"{origin}: the World Bank API refused the request ({messages})")
    pages = data if data and isinstance(data[0], list) else [data]
    for page in pages:
        if not (isinstance(page, list) and len(page) == 2 and isinstance(page[0], dict) and "pages" in page[0]):
            raise UpstreamFormatError(f"{origin}: not a World Bank v2 response ([envelope, rows])")
    return pages


def parse_indicator(content: bytes, origin: str, indicator: str, source_id: str,
                    require_complete: bool = True, extra_codes: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Rows for the population resource; every page of the response must be present."""
    pages = _pages(content, origin)
    got = sorted(int(p[0]["page"]) for p in pages)
    total_pages = int(pages[0][0]["pages"])
    if require_complete and got != list(range(1, total_pages + 1)):
        raise UpstreamFormatError(f"{origin}: incomplete response: pages {got} of {total_pages}; "
                                  "fetch every page (or a larger per_page)")
    known = iso3_codes() | extra_codes
    records = []
    for page in pages:
        for number, row in enumerate(page[1] or [], start=1):
            where = f"{origin}, page {page[0]['page']}, row {number}"
            if row["indicator"]["id"] != indicator:
                raise UpstreamFormatError(f"{where}: indicator {row['indicator']['id']}, expected {indicator}")
            iso3 = row.get("countryiso3code") or ""
            if iso3 not in known or row["value"] is None:
                continue  # aggregates (regions, income groups) and years without a value
            if not re.fullmatch(r"(19|20)\d{2}", str(row["date"])):
                raise UpstreamFormatError(f"{where}: date '{row['date']}' is not a year")
            records.append({"indicator_id": indicator, "iso3": iso3, "year": int(row["date"]),
                            "value": float(row["value"]), "source_id": source_id,
                            "locator": f"{indicator}, {iso3}, {row['date']}",
                            "note": f"obs_status {row['obs_status']}" if row.get("obs_status") else None})
    if not records:
        raise UpstreamFormatError(f"{origin}: no country values for {indicator}")
    return pd.DataFrame.from_records(records, columns=COLUMNS)


LONG_CSV_HEADER = ["Country Name", "Country Code", "Year", "Value"]
USER_ASSIGNED_CODES = frozenset(USER_ASSIGNED_ISO3)  # Kosovo (XKX): a World Bank economy that sources list apart


def parse_long_csv(content: bytes, origin: str, indicator: str, source_id: str,
                   years: range | None = None, locator_prefix: str = "") -> pd.DataFrame:
    """Rows for the population resource from the bulk file reshaped to one row per country and year.

    The layout (Country Name, Country Code, Year, Value) is the World Bank bulk CSV pivoted long,
    values unchanged, as kept by the `datasets/population` repository; aggregates are left out, Kosovo (XKX)
    is kept.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UpstreamFormatError(f"{origin}: not UTF-8 text ({err})") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if header != LONG_CSV_HEADER:
        raise UpstreamFormatError(f"{origin}: line 1: header {header}, expected {LONG_CSV_HEADER}")
    known = iso3_codes() | USER_ASSIGNED_CODES
    records = []
    for line, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(LONG_CSV_HEADER):
            raise UpstreamFormatError(f"{origin}: line {line}: {len(row)} fields, expected {len(LONG_CSV_HEADER)}")
        name, iso3, year, value = row
        if iso3 not in known or value.strip() == "":
            continue  # aggregates (regions, income groups) and years without a value
        if not re.fullmatch(r"(19|20)\d{2}", year):
            raise UpstreamFormatError(f"{origin}: line {line}, column Year: '{year}' is not a year")
        if years is not None and int(year) not in years:
            continue
        try:
            number = float(value)
        except ValueError:
            raise UpstreamFormatError(f"{origin}: line {line}, column Value: '{value}' is not a number") from None
        records.append({"indicator_id": indicator, "iso3": iso3, "year": int(year), "value": number,
                        "source_id": source_id,
                        "locator": f"{locator_prefix}row '{name}' ({iso3}), Year {year}", "note": None})
    if not records:
        raise UpstreamFormatError(f"{origin}: no country values for {indicator}")
    return pd.DataFrame.from_records(records, columns=COLUMNS)


CHILD_POPULATION = "SP.POP.0014.TO"
CHILD_POPULATION_SOURCE = "worldbank_sp_pop_0014_to"


def parse_child_population(content: bytes, origin: str = "") -> pd.DataFrame:
    return parse_indicator(content, origin or CHILD_POP.url, CHILD_POPULATION, CHILD_POPULATION_SOURCE)


CHILD_POP = Upstream(
    name="wb-child-population",
    source_id=CHILD_POPULATION_SOURCE,
    resource="population",
    url=f"{API}/{CHILD_POPULATION}?format=json&per_page=20000&date=2000:2030",
    key=("indicator_id", "iso3", "year"),
    value_columns=("value",),
    parse=parse_child_population,
    description="World Bank WDI: population aged 0-14 by country and year (denominator for rates)",
    source=SourceRecord(
        publisher="World Bank, World Development Indicators",
        title="Population ages 0-14, total (SP.POP.0014.TO)",
        short_citation="World Bank WDI, SP.POP.0014.TO",
        license="CC BY 4.0",
        kind="modelled estimate",
        note="Ages 0-14, not 0-17: a denominator for rates per child under 15 only.",
    ),
)


TOTAL_POPULATION = "SP.POP.TOTL"
TOTAL_POPULATION_SOURCE = "worldbank_sp_pop_totl"
TOTAL_POPULATION_YEARS = range(2019, 2025)


def parse_total_population(content: bytes, origin: str = "") -> pd.DataFrame:
    """Total population 2019-2024 from the API's JSON, or from the long CSV copy (`--from FILE`)."""
    origin = origin or TOTAL_POP.url
    if content.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"["):
        rows = parse_indicator(content, origin, TOTAL_POPULATION, TOTAL_POPULATION_SOURCE,
                               extra_codes=USER_ASSIGNED_CODES)
        return rows[rows["year"].isin(TOTAL_POPULATION_YEARS)].reset_index(drop=True)
    return parse_long_csv(content, origin, TOTAL_POPULATION, TOTAL_POPULATION_SOURCE, TOTAL_POPULATION_YEARS)


TOTAL_POP = Upstream(
    name="wb-population",
    source_id=TOTAL_POPULATION_SOURCE,
    resource="population",
    url=f"{API}/{TOTAL_POPULATION}?format=json&per_page=20000&date=2019:2024",
    key=("indicator_id", "iso3", "year"),
    value_columns=("value",),
    parse=parse_total_population,
    description="World Bank WDI: total population by country, 2019-2024 (denominator for reports per 100,000)",
    source=SourceRecord(
        publisher="World Bank, World Development Indicators",
        title="Population, total (SP.POP.TOTL)",
        short_citation="World Bank WDI, SP.POP.TOTL",
        license="CC BY 4.0",
        kind="modelled estimate",
        note="All ages, mid-year estimates: a denominator for rates per inhabitant.",
    ),
)


# The same figures in the layout of the copy the package was first read from (the World Bank's bulk CSV, one row per
# country and year, values unchanged): `fetch wb-population-copy` (or `--from` a download of it).
TOTAL_POP_COPY = replace(
    TOTAL_POP,
    name="wb-population-copy",
    url="https://raw.githubusercontent.com/datasets/population/main/data/population.csv",
    description="World Bank WDI total population, 2019-2024, from the datasets/population copy of the bulk CSV",
)
