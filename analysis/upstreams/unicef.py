"""UNICEF Data Warehouse, SDMX REST API in SDMX-CSV ('format=csv', labels on): indicator values by country."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from analysis.countries import iso3_codes
from analysis.upstreams.base import SourceRecord, Upstream, UpstreamFormatError

API = "https://sdmx.data.unicef.org/ws/public/sdmxapi/rest/data"
REQUIRED = ("REF_AREA", "INDICATOR", "SEX", "TIME_PERIOD", "OBS_VALUE")
SEXES = {"F": "female", "M": "male", "_T": "total"}
# Disaggregations other than sex: only their total ('_T') is kept, so every row is one country-year-sex.
OTHER_BREAKDOWNS = ("WEALTH_QUINTILE", "RESIDENCE", "AGE", "EDUCATION_LEVEL", "ETHNIC_GROUP", "DISABILITY_STATUS")
COLUMNS = ["indicator_id", "area", "year", "sex", "age", "value_pct", "ci_low_pct", "ci_high_pct", "n",
           "source_id", "locator", "note"]


def _number(text: str, where: str, column: str) -> float | None:
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise UpstreamFormatError(f"{where}, column '{column}': '{text}' is not a number") from None


def parse_sdmx_csv(content: bytes, origin: str, indicators: dict[str, str], source_id: str) -> pd.DataFrame:
    """Rows for survey_estimates from an SDMX-CSV response; ``indicators`` maps UNICEF codes to ours.

    Country rows only (UNICEF's regional aggregates have no ISO3 code); other breakdowns at their total.
    LOWER_BOUND and UPPER_BOUND, when given, are the published uncertainty bounds.
    """
    text = content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise UpstreamFormatError(f"{origin}, line 1: columns {', '.join(missing)} are missing; "
                                  "request format=csv from the SDMX API")
    known = iso3_codes()
    records = []
    for line, row in enumerate(reader, start=2):
        where = f"{origin}, line {line}"
        code = row["INDICATOR"]
        if code not in indicators:
            raise UpstreamFormatError(f"{where}: indicator '{code}' was not requested ({', '.join(indicators)})")
        if row["REF_AREA"] not in known or any(row.get(c, "_T") not in ("_T", "") for c in OTHER_BREAKDOWNS):
            continue
        if row["SEX"] not in SEXES:
            raise UpstreamFormatError(f"{where}, column 'SEX': unknown code '{row['SEX']}'")
        if not re.fullmatch(r"(19|20)\d{2}", row["TIME_PERIOD"]):
            raise UpstreamFormatError(f"{where}, column 'TIME_PERIOD': '{row['TIME_PERIOD']}' is not a year")
        value = _number(row["OBS_VALUE"], where, "OBS_VALUE")
        if value is None:
            continue
        data_source = row.get("DATA_SOURCE", "")
        records.append({
            "indicator_id": indicators[code], "area": row["REF_AREA"], "year": int(row["TIME_PERIOD"]),
            "sex": SEXES[row["SEX"]], "age": "all", "value_pct": value,
            "ci_low_pct": _number(row.get("LOWER_BOUND", ""), where, "LOWER_BOUND"),
            "ci_high_pct": _number(row.get("UPPER_BOUND", ""), where, "UPPER_BOUND"), "n": None,
            "source_id": source_id,
            "locator": f"SDMX {code}, REF_AREA={row['REF_AREA']}, SEX={row['SEX']}, TIME_PERIOD={row['TIME_PERIOD']}",
            "note": f"UNICEF data source: {data_source}." if data_source else None,
        })
    if not records:
        raise UpstreamFormatError(f"{origin}: no country rows for {', '.join(indicators)}")
    return pd.DataFrame.from_records(records, columns=COLUMNS)


BULLYING_CODE = "PT_ST_13-15_BUL_30-DYS"
BULLYING_SOURCE = "unicef_sdmx_pt_bullying"


def parse_bullying(content: bytes, origin: str = "") -> pd.DataFrame:
    return parse_sdmx_csv(content, origin or BULLYING.url, {BULLYING_CODE: "unicef_bullied_13_15_30d"},
                          BULLYING_SOURCE)


BULLYING = Upstream(
    name="unicef-bullying",
    source_id=BULLYING_SOURCE,
    resource="survey_estimates",
    url=f"{API}/UNICEF,GLOBAL_DATAFLOW,1.0/.{BULLYING_CODE}.?format=csv&labels=both",
    key=("indicator_id", "area", "year", "sex", "age", "source_id"),
    value_columns=("value_pct", "ci_low_pct", "ci_high_pct"),
    parse=parse_bullying,
    description="UNICEF Data Warehouse (SDMX): students aged 13-15 bullied in the past 30 days, by country",
    source=SourceRecord(
        publisher="UNICEF, Data and Analytics Section (UNICEF Data Warehouse)",
        title=f"UNICEF Data Warehouse, SDMX API, indicator {BULLYING_CODE}: percentage of students (aged 13-15 "
              "years) who reported being bullied on 1 or more days in the past 30 days",
        short_citation="UNICEF Data Warehouse (SDMX)",
        license="UNICEF terms of use; facts and figures only",
        kind="survey estimate",
        note="Compiled by UNICEF from national school-based surveys; each row's note names the survey.",
    ),
)
