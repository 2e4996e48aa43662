"""HBSC Data Browser export (data.csv): cyberbullying victimisation by country, survey year, age and sex."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from analysis.countries import UnknownCountryError, to_iso3
from analysis.upstreams.base import Upstream, UpstreamFormatError

URL = "https://data-browser.hbsc.org/wp-content/uploads/csvs/data.csv"
SOURCE_ID = "hbsc_data_browser"
# HBSC_id in the export -> indicator_id in indicators.csv
MEASURES = {"cbeenbullied_once": "hbsc_cyberbullied"}
HEADER = ("HBSC_id", "Country", "Survey_year", "Age_group", "Girl", "Boy", "sig_gender", "sort_gender",
          "Age_group_total", "Measure_type")
# Samples the HBSC reports separately, and its own averages. Belgium's two samples are its language
# communities; they carry the ISO 3166-2 code of the region that holds most of each community.
AREAS = {
    "England": "GB-ENG", "Scotland": "GB-SCT", "Wales": "GB-WLS",
    "Belgium (Flemish)": "BE-VLG", "Belgium (French)": "BE-WAL",
    "HBSC AVERAGE (GENDER)": "average", "HBSC AVERAGE (TOTAL)": "average",
}
NOTES = {
    "Belgium (Flemish)": "Flemish community sample, coded with the Flemish Region's ISO 3166-2 code.",
    "Belgium (French)": "French community sample, coded with the Walloon Region's ISO 3166-2 code.",
    "HBSC AVERAGE (GENDER)": "HBSC cross-national average for this sex.",
}
COLUMNS = ["indicator_id", "area", "year", "sex", "age", "value_pct", "ci_low_pct", "ci_high_pct", "n",
           "source_id", "locator", "note"]


def area_code(name: str, where: str) -> str:
    if name in AREAS:
        return AREAS[name]
    try:
        return to_iso3(name)
    except UnknownCountryError as err:
        raise UpstreamFormatError(f"{where}: {err}; add it to AREAS in analysis/upstreams/hbsc.py") from None


def _number(text: str, where: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UpstreamFormatError(f"{where}, column '{column}': '{text}' is not a number") from None
    if not 0 <= value <= 100:
        raise UpstreamFormatError(f"{where}, column '{column}': {value} is not a percentage")
    return value


def parse(content: bytes, origin: str = URL) -> pd.DataFrame:
    """Rows for survey_estimates from the Data Browser export; only the measures in MEASURES are kept.

    Girl and Boy columns are the published percentages by sex; HBSC AVERAGE (TOTAL) rows give the
    cross-national average for both sexes in Age_group_total. The undocumented sort_gender column
    (a chart sort key) is not read.
    """
    text = content.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header[: len(HEADER)]) != HEADER:
        raise UpstreamFormatError(f"{origin}, line 1: expected the header {','.join(HEADER)}; "
                                  "the HBSC export format has changed, update analysis/upstreams/hbsc.py")
    records = []
    for line_no, cells in enumerate(reader, start=2):
        if not cells or cells[0] not in MEASURES:
            continue
        where = f"{origin}, line {line_no}"
        row = dict(zip(HEADER, cells[: len(HEADER)], strict=False))
        age = re.fullmatch(r"(\d{2})-year-olds", row["Age_group"])
        if not age:
            raise UpstreamFormatError(f"{where}, column 'Age_group': '{row['Age_group']}' is not 'NN-year-olds'")
        if not re.fullmatch(r"(19|20)\d{2}", row["Survey_year"]):
            raise UpstreamFormatError(f"{where}, column 'Survey_year': '{row['Survey_year']}' is not a year")
        area = area_code(row["Country"], where)
        base = {"indicator_id": MEASURES[row["HBSC_id"]], "area": area, "year": int(row["Survey_year"]),
                "age": age.group(1), "ci_low_pct": None, "ci_high_pct": None, "n": None,
                "source_id": SOURCE_ID}
        locator = f"data.csv, {row['HBSC_id']}, {row['Country']}, {row['Survey_year']}, {row['Age_group']}"
        published_as = NOTES.get(row["Country"], "")
        if row["Country"] == "HBSC AVERAGE (TOTAL)":
            records.append(base | {"sex": "total", "locator": f"{locator}, column Age_group_total",
                                   "value_pct": _number(row["Age_group_total"], where, "Age_group_total"),
                                   "note": "HBSC cross-national average, both sexes."})
            continue
        for column, sex in (("Girl", "female"), ("Boy", "male")):
            if row[column] == "":
                continue
            records.append(base | {"sex": sex, "locator": f"{locator}, column {column}",
                                   "value_pct": _number(row[column], where, column), "note": published_as})
    if not records:
        raise UpstreamFormatError(f"{origin}: no rows for {', '.join(MEASURES)}; is this the HBSC export?")
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["note"] = frame["note"].replace("", None)
    return frame


UPSTREAM = Upstream(
    name="hbsc",
    source_id=SOURCE_ID,
    resource="survey_estimates",
    url=URL,
    key=("indicator_id", "area", "year", "sex", "age", "source_id"),
    value_columns=("value_pct", "ci_low_pct", "ci_high_pct", "n"),
    parse=parse,
    description="HBSC Data Browser export: cyberbullying victimisation by country, year, age and sex",
)
