"""UK activity measures of online child sexual abuse: hotline reports (IWF) and police-recorded grooming offences."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.count_rows import series_rows, values_by_year
from analysis.figures.missing import WIDE_ONLY
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.i18n import _, financial_year, integer
from analysis.plotting import palette
from analysis.plotting.axes import mark_missing_years
from analysis.plotting.layout import split_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

ASSESSED, CONFIRMED = "iwf_reports_assessed", "iwf_reports_confirmed"
OFFENCES_EW, OFFENCES_UK = "nspcc_sexual_communication_ew", "nspcc_sexual_communication_uk"
HOSTED_ANYWHERE = ("The IWF is a UK hotline, but its reports come from anywhere and the content may be hosted "
                   "anywhere in the world: a worldwide count, not a UK one. The UK offence totals are as the NSPCC "
                   "publishes them.")
PROACTIVE_FROM = 2014  # IWF analysts search proactively from April 2014: a break in the series
SERIES_STYLE = {
    ASSESSED: ("Reports assessed", palette.SKY_BLUE),
    CONFIRMED: ("Confirmed as child sexual abuse imagery", palette.BLUE),
    OFFENCES_EW: ("England and Wales (43 forces)", palette.BLUE),
    OFFENCES_UK: ("UK (forces that answered)", palette.VERMILLION),
}


def activity_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return series_rows(frames, tuple(SERIES_STYLE))


def activity_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    left, right = split_axes(axes[0], 1, 2, wspace=0.38)
    iwf = data[data["series_id"].isin([ASSESSED, CONFIRMED])]
    years = list(range(int(iwf["year"].min()), int(iwf["year"].max()) + 1))
    for offset, series_id in ((-0.2, ASSESSED), (0.2, CONFIRMED)):
        rows = data[data["series_id"] == series_id]
        label, colour = SERIES_STYLE[series_id]
        left.bar(rows["year"] + offset, rows["value"] / 1000, width=0.4, color=colour,
                 label="\n".join(textwrap.wrap(_(label), 28)))
    mark_missing_years(left, iwf["year"], years[0], years[-1], y=4)
    left.axvline(PROACTIVE_FROM - 0.5, color=palette.RULE, linestyle=":", linewidth=1)
    left.set_ylim(0, iwf["value"].max() / 1000 * 1.3)
    left.set_xticks(years[::3])
    left.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    left.set_ylabel(_("IWF reports, thousands"))
    left.legend(loc="upper left", fontsize=7, frameon=False)

    offences = data[data["series_id"].isin([OFFENCES_EW, OFFENCES_UK])]
    span = list(range(int(offences["year"].min()), int(offences["year"].max()) + 1))
    for series_id in (OFFENCES_EW, OFFENCES_UK):  # two scopes: separate colours, never one line
        rows = data[data["series_id"] == series_id]
        label, colour = SERIES_STYLE[series_id]
        right.bar(rows["year"], rows["value"] / 1000, width=0.6, color=colour,
                  label="\n".join(textwrap.wrap(_(label), 28)))
    mark_missing_years(right, offences["year"], span[0], span[-1], y=0.1)
    right.set_ylim(0, offences["value"].max() / 1000 * 1.35)
    right.set_xticks(span[::2], [financial_year(y) for y in span[::2]])
    right.set_ylabel(_("Offences recorded, thousands"))
    right.legend(loc="upper left", fontsize=7, frameon=False)
    for ax in (left, right):
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)


def activity_alt(data: pd.DataFrame) -> str:
    parts = [_("Two bar charts of UK activity counts of online child sexual abuse.")]
    for series_id, (label, _colour) in SERIES_STYLE.items():
        rows = data[data["series_id"] == series_id]
        if not rows.empty:
            parts.append(_("{label}: {values}.", label=_(label), values=values_by_year(rows, integer)))
    return " ".join(parts)


register(Recipe(
    id="uk-online-abuse-activity",
    topic="online exploitation",
    title="Online child sexual abuse: a UK hotline's worldwide reports and UK police counts",
    subtitle="Reports to the Internet Watch Foundation hotline by year (content hosted anywhere in the world), and "
             "offences of sexual communication with a child recorded by police by financial year",
    caption=joined_caption(
        HOSTED_ANYWHERE,
        "Both are activity counts, not prevalence: they rise with searching, reporting and recording. IWF "
            "analysts search proactively from April 2014 (dotted line), so earlier years are not comparable; the "
            "content reported may be hosted anywhere. Offences are the NSPCC's counts from Freedom of Information "
            "requests, for England and Wales until 2018/19 and for the UK from 2021/22; the two scopes are not joined."
    ),
    note="IWF calls confirmed reports 'URLs' or 'webpages' in some years (one report is one URL). 2019: preliminary, "
         "rounded. 2016 and 2017 confirmed reports: no IWF figure read.",
    datasets=("counts", "count_series"),
    prepare=activity_data,
    draw=activity_draw,
    alt_text=activity_alt,
    sizes=("report", "slide"),
    size_note=WIDE_ONLY,
))
