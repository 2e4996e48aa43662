"""Key facts on CyberTipline reports: the worldwide total, and the reports located in each country."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.facts.model import WORLD, KeyFact, Omission, Outcome
from analysis.factsheet_reports import RESOURCE, country_reports
from analysis.i18n import _, country_name, integer, number

if TYPE_CHECKING:
    import pandas as pd

FACT_ID = "cybertipline-reports"
WORLD_SERIES = "ncmec_cybertipline_reports"
# A year's country table counts as checked when NCMEC's own table of that year is in sources.csv (tier a or b):
# the package's rows are a transcription, compared value by value with those tables (docs/curation).
PUBLISHER_TABLE = "ncmec_cybertipline_by_country_{year}"
TOTAL_POPULATION = "SP.POP.TOTL"
LIMIT = ("Reports count what platforms detected and where uploads were located (by IP address), not how many "
         "children were abused.")
WORLD_LIMIT = ("A worldwide count: reports from platforms about uploads anywhere in the world, not a count of "
               "children or of US cases; from 2024 similar reports are bundled, so counts fall.")


def checked_years(frames: Mapping[str, pd.DataFrame]) -> list[int]:
    """Years whose country table was checked against NCMEC's own table (that table is a source)."""
    sources = set(frames["sources"]["source_id"])
    years = sorted(int(y) for y in frames[RESOURCE]["year"].unique())
    return [y for y in years if PUBLISHER_TABLE.format(year=y) in sources]


def world_facts(frames: Mapping[str, pd.DataFrame]) -> list[Outcome]:
    """The CyberTipline's worldwide total in the latest year read in NCMEC's own report (not a transcription)."""
    counts = frames["counts"]
    rows = counts[(counts["series_id"] == WORLD_SERIES) & (counts["area"] == WORLD)]
    sources = frames["sources"].set_index("source_id")
    primary = rows[rows["source_id"].map(sources["kind"]) != "secondary citation"]
    if primary.empty:
        return [Omission(FACT_ID, WORLD, f"counts.csv has no {WORLD_SERIES} row read in NCMEC's own report")]
    row = primary.sort_values("year").iloc[-1]
    return [KeyFact(
        fact_id=FACT_ID, area=WORLD, topic="online exploitation", value=float(row["value"]),
        number=integer(row["value"]),
        sentence=_("reports of suspected child sexual exploitation reached NCMEC's CyberTipline from around the "
                   "world in {year}.", year=int(row["year"])),
        limit=_(WORLD_LIMIT),
        definition=_("CyberTipline reports received in the calendar year, from platforms and the public, about "
                     "content and activity anywhere in the world."),
        year=int(row["year"]), source_ids=(str(row["source_id"]),), locators=(str(row["locator"]),))]


def _per_100k(frames: Mapping[str, pd.DataFrame], iso3: str, year: int, reports: float) -> float | None:
    population = frames["population"]
    found = population[(population["indicator_id"] == TOTAL_POPULATION) & (population["iso3"] == iso3)
                       & (population["year"] == year)]
    return None if found.empty else 1e5 * reports / float(found["value"].iloc[0])


def country_facts(frames: Mapping[str, pd.DataFrame], iso3: str) -> list[Outcome]:
    """Reports located in the country in the latest year checked against NCMEC's own table."""
    years = checked_years(frames)
    rows = country_reports(frames, iso3)
    rows = rows[rows["year"].isin(years) & (rows["report_kind"] == "all")]
    if rows.empty:
        return [Omission(FACT_ID, iso3, "no CyberTipline reports located in it in a year checked against NCMEC's "
                                        "own table")]
    row = rows.sort_values("year").iloc[-1]
    year = int(row["year"])
    rate = _per_100k(frames, iso3, year, float(row["reports"]))
    rate_words = (_("{rate} per 100,000 inhabitants", rate=number(rate, 0 if rate >= 100 else 1)) if rate is not None
                  else _("no population figure for the year"))
    return [KeyFact(
        fact_id=FACT_ID, area=iso3, topic="online exploitation", value=float(row["reports"]),
        number=integer(row["reports"]),
        sentence=_("CyberTipline reports in {year} concerned uploads located in {country} ({rate}).", year=year,
                   country=country_name(iso3), rate=rate_words),
        limit=_(LIMIT),
        definition=_("Reports NCMEC received from platforms and the public, placed in a country by the upload's IP "
                     "address; NCMEC's table for the year."),
        year=year, source_ids=(PUBLISHER_TABLE.format(year=year), *str(row["source_id"]).split(";")),
        locators=(str(row["locator"]),))]
