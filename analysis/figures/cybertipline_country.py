"""One country's CyberTipline reports by year: the factsheet panel, drawn for Argentina in the gallery."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.factsheet_reports import CAVEAT, RESOURCE, country_reports, draw_reports, reports_line
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.i18n import _, country_name

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

EXAMPLE = "ARG"


def panel_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return country_reports(frames, EXAMPLE)


def panel_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    draw_reports(axes[0], data, fontsize=8.5)


def panel_alt(data: pd.DataFrame) -> str:
    return _("Bar chart of CyberTipline reports located in {country} by year: {values}.",
             country=country_name(EXAMPLE), values=reports_line(data))


register(Recipe(
    id="cybertipline-argentina",
    topic="online exploitation",
    title="CyberTipline reports located in Argentina, 2019-2024",
    subtitle="Reports to NCMEC whose upload IP address was located in Argentina, by year; from 2024 split into "
             "referrals and informational reports",
    caption=joined_caption("Values as NCMEC published them in its yearly tables by country, read in a third party's "
                           "transcription: 2019-2023 checked against NCMEC's own tables, 2024 not.",
                           "The factsheet of every country shows the same panel for its own reports."),
    note=CAVEAT,  # on the image, in one line: reports are not prevalence; 2024 bundling is a break
    datasets=(RESOURCE,),
    prepare=panel_data,
    draw=panel_draw,
    alt_text=panel_alt,
))
