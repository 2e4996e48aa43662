"""NCMEC CyberTipline reports by country, from the diaphanous transcription of NCMEC's yearly tables (CSV)."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from analysis.countries import UnknownCountryError, to_iso3
from analysis.upstreams.base import SourceRecord, Upstream, UpstreamFormatError

SOURCE_ID = "diaphanous_ncmec_reports_by_country"
COMMIT = "e054bfb3eb9e934dab655c513c5e4bc8b41f5f77"
URL = f"https://raw.githubusercontent.com/apparebit/diaphanous/{COMMIT}/data/ocse-reports-per-country.csv"
COLUMNS = ["iso3", "jurisdiction", "year", "report_kind", "reports", "value_status", "source_id", "locator", "note"]
# Column of the transcription -> (year, report kind). From 2024 NCMEC splits its table into referrals and
# informational reports (reports without enough detail for law enforcement to act on).
YEAR_COLUMN = re.compile(r"(20\d{2})([ri]?)")
KINDS = {"": "all", "r": "referral", "i": "informational"}
# Rows of NCMEC's tables that are not a jurisdiction, and why they are left out.
NOT_JURISDICTIONS = {
    "No Country Listed": "reports without a usable location (no IP address, proxies); NCMEC's own bucket",
    "Europe": "a region, not a jurisdiction (3 reports in 2022)",
    "Netherlands Antilles": "dissolved in 2010; no current ISO 3166-1 code (at most 10 reports a year)",
}
MIN_SHARE_OF_PREVIOUS_YEAR = 0.9  # a year listing fewer jurisdictions than this share of the year before stops
DASHED = "NCMEC's table prints '-' for this row; the transcription has 0."
# Years whose values were not compared with NCMEC's own table (docs/curation/cybertipline_countries/checks.csv).
UNCHECKED = {2024: "Not compared with NCMEC's own 2024 table (not read); the 2024 rows add up to more than NCMEC's "
                   "2024 total (see the checks file)."}


class IncompleteYearError(UpstreamFormatError):
    """A year lists far fewer jurisdictions than the year before: a truncated table, not a real change."""


def _count(text: str, where: str) -> int:
    if not re.fullmatch(r"\d{1,3}(,\d{3})*|\d+", text):
        raise UpstreamFormatError(f"{where}: '{text}' is not a count (digits with optional thousands commas)")
    return int(text.replace(",", ""))


def parse(content: bytes, origin: str = URL) -> pd.DataFrame:
    """One row per jurisdiction, year and report kind; stops on unmapped names or a year that lost jurisdictions."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UpstreamFormatError(f"{origin}: not UTF-8 text ({err})") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if not header or header[0] != "country":
        raise UpstreamFormatError(f"{origin}, line 1: expected a header starting with 'country', got {header[:3]}")
    columns = {i: YEAR_COLUMN.fullmatch(name) for i, name in enumerate(header)}
    columns = {i: (int(m.group(1)), KINDS[m.group(2)]) for i, m in columns.items() if m}
    if not columns:
        raise UpstreamFormatError(f"{origin}, line 1: no year columns (2019, ..., 2024r, 2024i) in {header}")
    records, unmapped = [], []
    for line, row in enumerate(reader, start=2):
        if not row or not row[0].strip():
            continue
        name = row[0].strip()
        if name in NOT_JURISDICTIONS:
            continue
        try:
            iso3 = to_iso3(name)
        except UnknownCountryError:
            unmapped.append(f"line {line}: {name!r}")
            continue
        stated = row[header.index("iso3")] if "iso3" in header else ""
        if stated not in ("", iso3):
            raise UpstreamFormatError(f"{origin}, line {line}: {name!r} maps to {iso3} but the file says {stated}; "
                                      "add the name to NAME_ALIASES in analysis.countries")
        for i, (year, kind) in columns.items():
            cell = row[i].strip() if i < len(row) else ""
            if not cell:
                continue  # NCMEC did not list the jurisdiction that year
            reports = _count(cell, f"{origin}, line {line}, column {header[i]}")
            records.append({"iso3": iso3, "jurisdiction": name, "year": year, "report_kind": kind,
                            "reports": reports, "value_status": "exact", "source_id": SOURCE_ID,
                            "locator": f"row '{name}', column {header[i]}",
                            "note": DASHED if reports == 0 else UNCHECKED.get(year)})
    if unmapped:
        raise UpstreamFormatError(f"{origin}: {len(unmapped)} jurisdiction name(s) do not map to an ISO3 code: "
                                  + "; ".join(unmapped) + ". Add each to NAME_ALIASES in analysis.countries "
                                  "(or to NOT_JURISDICTIONS here, with the reason).")
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    require_complete_years(frame, origin)
    return frame


def require_complete_years(frame: pd.DataFrame, origin: str) -> None:
    """Stop when a year lists fewer than 90% of the jurisdictions the year before listed."""
    listed = frame.groupby("year")["jurisdiction"].nunique().sort_index()
    for (before, previous), (year, count) in zip(listed.items(), list(listed.items())[1:], strict=False):
        if count < MIN_SHARE_OF_PREVIOUS_YEAR * previous:
            raise IncompleteYearError(
                f"{origin}: {year} lists {count} jurisdictions, {before} listed {previous} (less than "
                f"{MIN_SHARE_OF_PREVIOUS_YEAR:.0%}); the table looks truncated. Nothing was changed: check the "
                f"upstream file's {year} column(s).")


UPSTREAM = Upstream(
    name="ncmec-cybertipline-countries",
    source_id=SOURCE_ID,
    resource="cybertipline_countries",
    url=URL,
    key=("iso3", "jurisdiction", "year", "report_kind"),
    value_columns=("reports",),
    parse=parse,
    description="NCMEC CyberTipline reports by country 2019-2024 (third-party transcription of NCMEC's tables)",
    source=SourceRecord(
        publisher="R. Grimm, apparebit/diaphanous (GitHub), transcribing NCMEC's CyberTipline reports by country",
        title=f"data/ocse-reports-per-country.csv (commit {COMMIT[:7]})",
        short_citation="NCMEC CyberTipline reports by country, as transcribed in apparebit/diaphanous",
        license="publisher's terms; figures cited as facts",
        kind="secondary citation",
    ),
)
