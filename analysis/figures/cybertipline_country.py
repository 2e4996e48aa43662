"""One country's CyberTipline reports by year: the factsheet panel, drawn for Argentina in the gallery."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.factsheet_reports import CAVEAT, RESOURCE, country_reports, draw_reports, reports_line
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.findings import by_direction
from analysis.i18n import _, country_name, integer
from analysis.measures import comparable_runs

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

EXAMPLE = "ARG"


def panel_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The country's reports, each flagged when read only in a third party's transcription (drawn hollow)."""
    from analysis.published_values import quoted_by_others

    rows = country_reports(frames, EXAMPLE)
    return rows.assign(quoted=quoted_by_others(rows["source_id"], frames["sources"]))


def panel_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    draw_reports(axes[0], data, fontsize=8.5)


def panel_alt(data: pd.DataFrame) -> str:
    return _("Bar chart of CyberTipline reports located in {country} by year: {values}.",
             country=country_name(EXAMPLE), values=reports_line(data))


def panel_finding(data: pd.DataFrame) -> str:
    """The title: the country's reports in the first and last years of its first comparable run (before 2024)."""
    run = comparable_runs(sorted(data["year"].unique()))[0]
    totals = data[data["year"].isin(run) & (data["report_kind"] == "all")].sort_values("year")
    first, last = totals.iloc[0], totals.iloc[-1]
    return by_direction(first["reports"], last["reports"],
                        rose="CyberTipline reports located in {country} rose from {first} in {start} to {last} in "
                             "{end}",
                        fell="CyberTipline reports located in {country} fell from {first} in {start} to {last} in "
                             "{end}",
                        country=country_name(EXAMPLE), first=integer(first["reports"]), start=int(first["year"]),
                        last=integer(last["reports"]), end=int(last["year"]))


register(Recipe(
    id="cybertipline-argentina",
    topic="online exploitation",
    title="CyberTipline reports located in Argentina, 2019-2024",
    finding=panel_finding,
    subtitle="Reports to NCMEC whose upload IP address was located in Argentina, by year; from 2024 split into "
             "referrals and informational reports",
    caption=joined_caption("Values as NCMEC published them in its yearly tables by country, read in a third party's "
                           "transcription: 2019-2023 checked against NCMEC's own tables, 2024 not.",
                           "The factsheet of every country shows the same panel for its own reports."),
    caveat=CAVEAT,  # reports are not prevalence; 2024 bundling is a break
    datasets=(RESOURCE, "sources"),
    prepare=panel_data,
    draw=panel_draw,
    alt_text=panel_alt,
))
