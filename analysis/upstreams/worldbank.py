"""World Bank Indicators API v2 (JSON): population denominators by country and year."""

from __future__ import annotations

import json
import re

import pandas as pd

from analysis.countries import iso3_codes
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
                    require_complete: bool = True) -> pd.DataFrame:
    """Rows for the population resource; every page of the response must be present."""
    pages = _pages(content, origin)
    got = sorted(int(p[0]["page"]) for p in pages)
    total_pages = int(pages[0][0]["pages"])
    if require_complete and got != list(range(1, total_pages + 1)):
        raise UpstreamFormatError(f"{origin}: incomplete response: pages {got} of {total_pages}; "
                                  "fetch every page (or a larger per_page)")
    known = iso3_codes()
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
