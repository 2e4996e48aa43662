"""Our World in Data's CSV of the Ending Violence in Childhood report (2017): children 13-15 who were bullied."""

from __future__ import annotations

import csv
import io

import pandas as pd

from analysis.countries import UnknownCountryError, to_iso3
from analysis.upstreams.base import SourceRecord, Upstream, UpstreamFormatError
from analysis.upstreams.sowc import COLUMNS

FOLDER = "datasets/Child violence – Ending Violence in Childhood Report (2017)"
FILE = "Child violence – Ending Violence in Childhood Report (2017).csv"
URL = f"https://github.com/owid/owid-datasets/blob/master/{FOLDER}/{FILE}".replace(" ", "%20")
SOURCE_ID = "owid_evc2017"
INDICATOR_ID = "evc2017_bullied_13_15"
VALUE_COLUMN = "Children (13-15) who reported being bullied"
PERIOD = "GSHS 2003-2013 or HBSC 2009/10"
SURVEY_BASIS = "HBSC 2009/10 or GSHS 2003-2013; the survey of each country is not stated"


def parse(content: bytes, origin: str = URL) -> pd.DataFrame:
    """Rows for bullying_global (both sexes) from OWID's CSV; every unmapped country name is listed at once."""
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    header = next(reader, None) or []
    for required in ("Entity", "Year", VALUE_COLUMN):
        if required not in header:
            raise UpstreamFormatError(f"{origin}, line 1: no column '{required}'; OWID's file has changed, "
                                      "update analysis/upstreams/owid_evc.py")
    entity, year, value_at = header.index("Entity"), header.index("Year"), header.index(VALUE_COLUMN)
    records, unmapped = [], []
    for line, cells in enumerate(reader, start=2):
        if not cells:
            continue
        where = f"{origin}, line {line}, column '{VALUE_COLUMN}'"
        text = cells[value_at].strip() if value_at < len(cells) else ""
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            raise UpstreamFormatError(f"{where}: '{text}' is not a number") from None
        if not 0 <= value <= 100:
            raise UpstreamFormatError(f"{where}: {value} is not a percentage")
        try:
            area = to_iso3(cells[entity])
        except UnknownCountryError:
            unmapped.append(f"'{cells[entity]}' (line {line})")
            continue
        records.append({
            "indicator_id": INDICATOR_ID, "area": area, "sex": "total", "period": PERIOD, "value_pct": value,
            "qualifier": "", "qualifier_note": "", "survey_basis": SURVEY_BASIS, "source_id": SOURCE_ID,
            "locator": f"{FILE}, line {line} (Entity '{cells[entity]}'), column '{VALUE_COLUMN}'",
            "note": f"OWID dates the row {cells[year]}; the report was published in 2017.",
        })
    if unmapped:
        raise UpstreamFormatError(f"{origin}: country names without an ISO3 code: {'; '.join(unmapped)}; "
                                  "add them to analysis.countries")
    if not records:
        raise UpstreamFormatError(f"{origin}: no values in column '{VALUE_COLUMN}'")
    return pd.DataFrame.from_records(records, columns=COLUMNS)


UPSTREAM = Upstream(
    name="evc2017",
    source_id=SOURCE_ID,
    resource="bullying_global",
    url=URL,
    key=("indicator_id", "area", "sex", "source_id"),
    value_columns=("value_pct",),
    parse=parse,
    description="Ending Violence in Childhood report 2017 (OWID's CSV): bullied at 13-15, both sexes",
    source=SourceRecord(
        publisher="Know Violence in Childhood (data as kept by Our World in Data)",
        title="Ending Violence in Childhood: Global Report 2017, children aged 13-15 who reported being bullied "
              "(OWID dataset 'Child violence – Ending Violence in Childhood Report (2017)')",
        short_citation="Know Violence in Childhood 2017, via OWID",
        license="OWID datasets repository terms; facts and figures only",
        kind="secondary citation",
    ),
)
