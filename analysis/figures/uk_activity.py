"""UK activity measures of online child sexual abuse: hotline reports (IWF) and police-recorded grooming offences."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.count_rows import series_rows, values_by_year, with_quality
from analysis.figures.missing import WIDE_ONLY
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.findings import by_direction
from analysis.i18n import _, financial_year, integer
from analysis.plotting import palette
from analysis.plotting.axes import mark_missing_years
from analysis.plotting.layout import split_axes
from analysis.plotting.value_marks import bar_style, legend_entries, mark_precision, plot_bars

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
    return with_quality(series_rows(frames, tuple(SERIES_STYLE)), frames["sources"])


def _series_bars(ax: Axes, rows: pd.DataFrame, series_id: str, x: pd.Series, width: float) -> object:
    """One series' bars with the marks of how each value is known; returns its legend handle."""
    from matplotlib.patches import Patch

    label, colour = SERIES_STYLE[series_id]
    plot_bars(ax, list(x), list(rows["value"] / 1000), list(rows["quoted"]), colour, width=width)
    mark_precision(ax, zip(x, rows["value"] / 1000, rows["precision"], strict=True), colour)
    return Patch(label="\n".join(textwrap.wrap(_(label), 28)), **bar_style(colour, bool(rows["quoted"].all())))


SERIES_LEGEND_IN = 0.4  # above the panels: each panel's two series side by side, on up to two lines


def _series_legend(ax: Axes, handles: list[object]) -> object:
    """A panel's series in one row above it (inside the panel they would cover bars in the short slide frame)."""
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    chars = max(12, int((width_in / len(handles) - 0.35) * 72 / (7 * 0.55)))
    for handle in handles:
        handle.set_label("\n".join(textwrap.wrap(handle.get_label().replace("\n", " "), chars)))
    return ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.02), ncols=len(handles), fontsize=7,
                     frameon=False, borderaxespad=0, handlelength=1.2, columnspacing=1.0)


def activity_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from matplotlib.transforms import blended_transform_factory

    fig = axes[0].figure
    grid = axes[0].get_subplotspec().get_gridspec()
    top = grid.top if grid.top is not None else fig.subplotpars.top
    grid.update(top=top - SERIES_LEGEND_IN / fig.get_figheight())  # room for the series' legends above the panels
    axes[0].set_position(axes[0].get_subplotspec().get_position(fig))
    left, right = split_axes(axes[0], 1, 2, wspace=0.38)
    iwf = data[data["series_id"].isin([ASSESSED, CONFIRMED])]
    years = list(range(int(iwf["year"].min()), int(iwf["year"].max()) + 1))
    handles = []
    for offset, series_id in ((-0.2, ASSESSED), (0.2, CONFIRMED)):
        rows = data[data["series_id"] == series_id]
        handles.append(_series_bars(left, rows, series_id, rows["year"] + offset, 0.4))
    mark_missing_years(left, iwf["year"], years[0], years[-1], y=4)
    left.axvline(PROACTIVE_FROM - 0.5, color=palette.RULE, linestyle=":", linewidth=1)
    left.set_ylim(0, iwf["value"].max() / 1000 * 1.2)  # room for the marks above the bars
    left.set_xticks(years[::3])
    left.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    left.set_ylabel(_("IWF reports, thousands"))
    _series_legend(left, handles)

    offences = data[data["series_id"].isin([OFFENCES_EW, OFFENCES_UK])]
    span = list(range(int(offences["year"].min()), int(offences["year"].max()) + 1))
    handles = []
    for series_id in (OFFENCES_EW, OFFENCES_UK):  # two scopes: separate colours, never one line
        rows = data[data["series_id"] == series_id]
        handles.append(_series_bars(right, rows, series_id, rows["year"], 0.6))
    mark_missing_years(right, offences["year"], span[0], span[-1], y=0.1)
    right.set_ylim(0, offences["value"].max() / 1000 * 1.25)
    right.set_xticks(span[::2], [financial_year(y) for y in span[::2]])
    right.set_ylabel(_("Offences recorded, thousands"))
    right.add_artist(_series_legend(right, handles))  # kept beside ...
    marks, labels = legend_entries(data["quoted"], data["precision"], bars=True)
    if marks:  # ... how each value is known, under both panels and centred on the page (the page makes room for it)
        height_in = right.get_position().height * right.figure.get_figheight()
        right.legend(marks, labels, loc="upper center", bbox_to_anchor=(0.5, -0.4 / height_in),
                     bbox_transform=blended_transform_factory(right.figure.transFigure, right.transAxes),
                     ncols=len(marks), fontsize=7.5, frameon=False, handlelength=1.2, columnspacing=1.2)
    for ax in (left, right):
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)


def activity_alt(data: pd.DataFrame) -> str:
    parts = [_("Two bar charts of UK activity counts of online child sexual abuse.")]
    for series_id, (label, _colour) in SERIES_STYLE.items():
        rows = data[data["series_id"] == series_id]
        if not rows.empty:
            parts.append(_("{label}: {values}.", label=_(label), values=values_by_year(rows, integer)))
    return " ".join(parts)


def activity_finding(data: pd.DataFrame) -> str:
    """The title: reports the IWF confirmed, first year of proactive searching against the last."""
    confirmed = data[(data["series_id"] == CONFIRMED) & (data["year"] >= PROACTIVE_FROM)].sort_values("year")
    first, last = confirmed.iloc[0], confirmed.iloc[-1]
    return by_direction(first["value"], last["value"],
                        rose="Reports the IWF confirmed as child sexual abuse imagery, hosted anywhere, rose from "
                             "{first} in {start} to {last} in {end}",
                        fell="Reports the IWF confirmed as child sexual abuse imagery, hosted anywhere, fell from "
                             "{first} in {start} to {last} in {end}",
                        first=integer(first["value"]), start=int(first["year"]), last=integer(last["value"]),
                        end=int(last["year"]))


register(Recipe(
    id="uk-online-abuse-activity",
    topic="online exploitation",
    title="Online child sexual abuse: a UK hotline's worldwide reports and UK police counts",
    finding=activity_finding,
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
    caveat="The IWF counts content its UK hotline assessed, hosted anywhere in the world: not abuse in the UK.",
    datasets=("counts", "count_series", "sources"),
    height_factor=1.25,  # two panels, a legend under them and a long footer
    prepare=activity_data,
    draw=activity_draw,
    alt_text=activity_alt,
    sizes=("report", "slide"),
    size_note=WIDE_ONLY,
))
