"""Missing children and online-exploitation reports: official US counts over time, with their definitions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.count_rows import series_rows, values_by_year, with_quality
from analysis.figures.cyberbullying import consecutive_runs
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.findings import by_direction, count
from analysis.i18n import _, integer, number, percent, percent_formatter
from analysis.plotting import palette
from analysis.plotting.axes import mark_missing_years
from analysis.plotting.layout import reserve_label_width, split_axes
from analysis.plotting.value_marks import (
    bar_style,
    glyph_room_pt,
    legend_entries,
    mark_precision,
    plot_bars,
    plot_points,
)
from analysis.published_values import count_value, precision, quoted_by_others
from analysis.stats.counts import count_trend

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

ENTRIES = "ncic_entries_under18"
ACTIVE_SHARE = "ncic_active_under18_share"
TIPLINE = "ncmec_cybertipline_reports"
ENTICEMENT = "ncmec_online_enticement_reports"
WIDE_ONLY = ("Two panels side by side with their axis labels need a wide page; at square and story sizes the labels "
             "would not fit legibly.")
BUNDLING_YEAR = 2024  # platforms may bundle reports about one incident from this year
WORLDWIDE = ("Worldwide counts: platforms and the public report exploitation anywhere in the world to this US "
             "clearinghouse, so these are not counts for the United States.")


def _panels(axes: list[Axes]) -> list[Axes]:
    """Two panels side by side (the recipes offer wide sizes only)."""
    return split_axes(axes[0], 1, 2, wspace=0.38)


# --- NCIC -------------------------------------------------------------------------------------

def ncic_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return with_quality(series_rows(frames, (ENTRIES, ACTIVE_SHARE)), frames["sources"])


def entries_trend(data: pd.DataFrame):
    entries = data[data["series_id"] == ENTRIES]
    return count_trend(entries["year"], entries["value"])


def ncic_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import numpy as np

    left, right = _panels(axes)
    entries = data[data["series_id"] == ENTRIES]
    years = list(range(int(entries["year"].min()), int(entries["year"].max()) + 1))
    plot_bars(left, list(entries["year"]), list(entries["value"] / 1000), list(entries["quoted"]), palette.BLUE,
              width=0.7)
    trend = entries_trend(data)
    centre = entries["year"].mean()
    log_mean = np.log(entries["value"]).mean()
    fitted = np.exp(log_mean + np.log(trend.rate_ratio) * (np.array(years) - centre))
    fitted *= entries["value"].sum() / np.exp(log_mean + np.log(trend.rate_ratio) * (entries["year"] - centre)).sum()
    left.plot(years, fitted / 1000, color=palette.VERMILLION, linestyle="--", linewidth=1.6,
              label=_("Trend (negative binomial)"))
    mark_missing_years(left, entries["year"], years[0], years[-1], y=8)
    left.set_ylim(0, entries["value"].max() / 1000 * 1.75)  # room for the legend above the bars
    left.set_ylabel(_("Records entered for under-18s, thousands"))
    left.set_xticks(years[::2])
    trend_line = left.get_lines()[-1]
    handles, labels = legend_entries(entries["quoted"], entries["precision"], bars=True, colour=palette.BLUE)
    left.legend([trend_line, *handles], [trend_line.get_label(), *labels], loc="upper right", fontsize=7.5,
                frameon=False)

    share = data[data["series_id"] == ACTIVE_SHARE]
    by_year = share.set_index("year")["value"]
    for run in consecutive_runs([int(y) for y in by_year.index], step=1):  # a missing year is a gap, not a line
        right.plot(run, by_year.loc[run].to_numpy(), color=palette.BLUE)
    plot_points(right, list(share["year"]), list(share["value"]), list(share["quoted"]), palette.BLUE, size=5,
                zorder=3)  # hollow: a value read only where others quote the FBI
    handles, labels = legend_entries(share["quoted"], share["precision"], colour=palette.BLUE)
    if handles:  # the share falls over time: the top right is free
        right.legend(handles, labels, loc="upper right", fontsize=7.5, frameon=False)
    share_years = list(range(int(by_year.index.min()), int(by_year.index.max()) + 1))  # its own span
    mark_missing_years(right, by_year.index, share_years[0], share_years[-1], y=2)
    right.set_ylim(0, max(60, by_year.max() * 1.15))
    right.yaxis.set_major_formatter(percent_formatter(0))
    right.set_ylabel(_("Under-18 share of active records on 31 December"))
    right.set_xticks(share_years[::3] if len(share_years) > 12 else share_years[::2])
    right.set_xlim(share_years[0] - 0.6, share_years[-1] + 0.6)
    for ax in (left, right):
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)


def ncic_caption(data: pd.DataFrame) -> str:
    trend = entries_trend(data)
    entries = data[data["series_id"] == ENTRIES]
    return " ".join([
        _("From {first} to {last}, records entered for missing under-18s changed by {change} a year on average "
          "(rate ratio {rr}, 95% CI {low} to {high}; {method}).", first=int(entries["year"].min()),
          last=int(entries["year"].max()), change=percent(trend.percent_per_year, 1),
          rr=number(trend.rate_ratio, 3), low=number(trend.ci_low, 3), high=number(trend.ci_high, 3),
          method=_(trend.method)),
        _("Entries count reports, not children: a child reported missing three times is entered three times. "
          "Active records are a stock on 31 December that includes long-term cases; they are an activity "
          "measure of the police file, not a prevalence of missing children."),
    ])


def ncic_finding(data: pd.DataFrame) -> str:
    """The title: records entered for under-18s in the last year with one, against the first."""
    entries = data[data["series_id"] == ENTRIES].sort_values("year")
    first, last = entries.iloc[0], entries.iloc[-1]
    return by_direction(first["value"], last["value"],
                        rose="US police entered {last} missing-child records in {end}, up from {first} in {start}",
                        fell="US police entered {last} missing-child records in {end}, down from {first} in {start}",
                        first=integer(first["value"]), start=int(first["year"]), last=integer(last["value"]),
                        end=int(last["year"]))


def ncic_alt(data: pd.DataFrame) -> str:
    entries = data[data["series_id"] == ENTRIES]
    share = data[data["series_id"] == ACTIVE_SHARE]
    return " ".join([
        _("Two charts of US FBI NCIC missing person statistics."),
        _("Records entered for under-18s by year: {values}.", values=values_by_year(entries, integer)),
        _("Under-18 share of active records on 31 December: {values}.", values=values_by_year(share, percent)),
    ])


register(Recipe(
    id="ncic-missing-children",
    topic="missing children",
    title="Missing children in the US police file (FBI NCIC)",
    finding=ncic_finding,
    subtitle="Missing person records entered for under-18s each year, and the under-18 share of the records "
             "still open on 31 December",
    caption=ncic_caption,
    note="Values as published by the FBI, or restated by DOJ, NCMEC or pages quoting the FBI (each row's source "
         "is in the data CSV). Years without a verified value are left out.",
    datasets=("counts", "count_series", "sources"),
    prepare=ncic_data,
    draw=ncic_draw,
    alt_text=ncic_alt,
    sizes=("report", "slide"),
    size_note=WIDE_ONLY,
))


# --- CyberTipline -------------------------------------------------------------------------------

def tipline_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return with_quality(series_rows(frames, (TIPLINE, ENTICEMENT)), frames["sources"])


def tipline_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import textwrap

    import numpy as np
    from matplotlib.ticker import FuncFormatter, NullFormatter

    total = data[data["series_id"] == TIPLINE]
    top_label = integer(10 ** np.ceil(np.log10(total["value"].max() / 1000)))
    reserve_label_width(axes[0], [f"{top_label}MMM"], 8.5)  # MMM: room for the axis label on up to three lines
    left, right = _panels(axes)
    before = total[total["year"] < BUNDLING_YEAR]
    after = total[total["year"] >= BUNDLING_YEAR]
    left.plot(before["year"], before["value"] / 1000, color=palette.BLUE)
    plot_points(left, list(before["year"]), list(before["value"] / 1000), list(before["quoted"]), palette.BLUE,
                size=3.5)
    plot_points(left, list(after["year"]), list(after["value"] / 1000), list(after["quoted"]), palette.VERMILLION,
                size=5, edge=1.6)  # after the break: apart, in another colour; hollow where only quoted by others
    left.set_yscale("log")
    thousands = total["value"] / 1000
    left.set_ylim(10 ** np.floor(np.log10(thousands.min())), 10 ** np.ceil(np.log10(thousands.max() * 1.5)))
    left.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: integer(value)))
    left.yaxis.set_minor_formatter(NullFormatter())
    left.set_ylabel(_("CyberTipline reports, thousands (log scale)"))
    if not after.empty:
        point = after.iloc[0]
        label = textwrap.fill(_("{year}: reports may be bundled; not comparable", year=int(point["year"])), 26)
        left.annotate(label, xy=(point["year"], point["value"] / 1000), xytext=(0.97, 0.06), textcoords="axes fraction",
                      ha="right", va="bottom", fontsize=7, color=palette.VERMILLION,
                      arrowprops={"arrowstyle": "-", "color": palette.VERMILLION, "linewidth": 0.8})
    years = list(range(int(total["year"].min()), int(total["year"].max()) + 1))
    left.set_xticks([y for y in years if y % 5 == 0])
    left.set_xlim(years[0] - 0.8, years[-1] + 0.8)

    enticement = data[data["series_id"] == ENTICEMENT]
    comparable = enticement[enticement["year"] < BUNDLING_YEAR]
    later = enticement[enticement["year"] >= BUNDLING_YEAR]
    plot_bars(right, list(comparable["year"]), list(comparable["value"] / 1000), list(comparable["quoted"]),
              palette.BLUE, width=0.7)
    # A published bound ('19,100+') carries its mark, with the words NCMEC used above it.
    mark_precision(right, zip(comparable["year"], comparable["value"] / 1000, comparable["precision"], strict=True),
                   palette.BLUE)
    for point in comparable[comparable["precision"] != "exact"].itertuples():
        right.annotate(textwrap.fill(count_value(point.value, "reports", point.value_status), 10),
                       xy=(point.year, point.value / 1000), xytext=(0, 3 + glyph_room_pt(point.precision)),
                       textcoords="offset points", ha="center", va="bottom", fontsize=7, color=palette.INK)
    for point in later.itertuples():  # hatched: after the break; hollow where only quoted by others
        style = bar_style(palette.VERMILLION, point.quoted) | ({} if point.quoted else {"edgecolor": "white"})
        right.bar([point.year], [point.value / 1000], hatch="///", width=0.7, **style)
    for point in later.itertuples():
        right.annotate(textwrap.fill(_("{year}: reporting became a legal duty; not comparable", year=int(point.year)),
                                     18), xy=(point.year - 0.4, point.value / 1000 * 0.98), xytext=(-6, 0),
                       textcoords="offset points", ha="right", va="top", fontsize=7, color=palette.VERMILLION)
    right.set_ylim(0, enticement["value"].max() / 1000 * 1.15)
    right.set_ylabel(_("Online enticement reports, thousands"))
    right.set_xticks(list(enticement["year"]))
    handles, labels = legend_entries(data["quoted"], data["precision"], bars=True)
    if handles:  # under both panels, centred on the page
        from matplotlib.transforms import blended_transform_factory

        height_in = right.get_position().height * right.figure.get_figheight()
        right.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.4 / height_in),
                     bbox_transform=blended_transform_factory(right.figure.transFigure, right.transAxes),
                     ncols=len(handles), fontsize=7.5, frameon=False, handlelength=1.2, columnspacing=1.2)
    for ax in (left, right):
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)


def tipline_finding(data: pd.DataFrame) -> str:
    """The title: all reports in the first year and in the last year before bundling was allowed."""
    total = data[(data["series_id"] == TIPLINE) & (data["year"] < BUNDLING_YEAR)].sort_values("year")
    first, last = total.iloc[0], total.iloc[-1]
    return by_direction(first["value"], last["value"],
                        rose="Reports to the CyberTipline from around the world rose from {first} in {start} to {last} "
                             "in {end}",
                        fell="Reports to the CyberTipline from around the world fell from {first} in {start} to {last} "
                             "in {end}",
                        first=count(first["value"]), start=int(first["year"]), last=count(last["value"]),
                        end=int(last["year"]))


def tipline_alt(data: pd.DataFrame) -> str:
    total = data[data["series_id"] == TIPLINE]
    enticement = data[data["series_id"] == ENTICEMENT]
    return " ".join([
        _("Two charts of reports to NCMEC's CyberTipline."),
        _("All reports by year: {values}.", values=values_by_year(total, integer)),
        _("Online enticement reports by year: {values}.", values=", ".join(
            f"{int(r.year)}: {count_value(r.value, 'reports', r.value_status)}" for r in enticement.itertuples())),
    ])


def tipline_note(data: pd.DataFrame) -> str:
    enticement = data[data["series_id"] == ENTICEMENT]
    bounds = enticement[enticement["value_status"] != "exact"]
    return " ".join(filter(None, [
        _("Log scale on the left: each gridline is ten times the one below."),
        _("Enticement reports: {first}-{last}, the years found in NCMEC's own texts or a transcription of them.",
          first=int(enticement["year"].min()), last=int(enticement["year"].max())),
        _("{years}: NCMEC gives only a rounded bound ('at least'), marked \u2265.", years=", ".join(
            str(int(y)) for y in bounds["year"])) if not bounds.empty else "",
    ]))


register(Recipe(
    id="ncmec-cybertipline",
    topic="missing children",
    title="Reports to the CyberTipline (NCMEC), worldwide",
    finding=tipline_finding,
    subtitle="Reports of suspected online child sexual exploitation received each year from anywhere in the world, "
             "and those about online enticement",
    caption=joined_caption(
        WORLDWIDE,
        "Reports are an activity measure, not a prevalence: they follow platforms' detection and reporting "
            "practice and the law. From 2024 platforms may bundle reports about one incident, so 2024 and later "
            "are not joined to earlier years. Totals 1998-2023: NCMEC's report to Congress for 2023 (Appendix A); "
            "2024-2025: a transcription of NCMEC's disclosures, which agrees with NCMEC's 'more than 20 million' for "
            "2024. In 2024 the REPORT Act made reporting online enticement a duty for platforms; the 2024 enticement "
            "count is from a transcription of NCMEC's disclosure."
    ),
    note=tipline_note,
    caveat="Reports measure platforms' detection, not prevalence, and are worldwide, not US counts.",
    datasets=("counts", "count_series", "sources"),
    prepare=tipline_data,
    draw=tipline_draw,
    alt_text=tipline_alt,
    sizes=("report", "slide"),
    size_note=WIDE_ONLY,
))


# --- NCIC entries per 100,000 children ---------------------------------------------------------------------

POPULATION_UNDER18 = "US_PEP_RESPOP_0017"


def rate_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Under-18 NCIC entries per 100,000 US residents under 18, with the population estimates' vintage."""
    from analysis.rates import rate_per_100k

    data = rate_per_100k(frames, ENTRIES, POPULATION_UNDER18)
    vintage = frames["population"].query("indicator_id == @POPULATION_UNDER18").set_index("year")["source_id"]
    count_source = data["source_id"].str.split(";").str[0]  # the count's source, then the population's
    return data.assign(population_source=data["year"].map(vintage),
                       precision=[precision(status) for status in data["value_status"]],
                       quoted=quoted_by_others(count_source, frames["sources"]))


def rate_trend(data: pd.DataFrame):
    return count_trend(data["year"], data["count"], exposure=data["population"])


def rate_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    ax = axes[0]
    years = list(data["year"])
    reserve_label_width(ax, [f"{integer(data['rate_per_100k'].max() * 1.2)}MMMMM"], 8.5)  # room for a two-line label
    for _source, part in data.groupby("population_source", sort=True):  # a new census base breaks the line
        for run in consecutive_runs(list(part["year"]), step=1):
            rows = part[part["year"].isin(run)]
            ax.plot(rows["year"], rows["rate_per_100k"], color=palette.BLUE, linewidth=2)
    # Hollow: a year whose count was read only where others quote the FBI.
    plot_points(ax, list(data["year"]), list(data["rate_per_100k"]), list(data["quoted"]), palette.BLUE, size=5,
                zorder=3)
    mark_precision(ax, zip(data["year"], data["rate_per_100k"], data["precision"], strict=True), palette.BLUE,
                   above_pt=4)
    handles, labels = legend_entries(data["quoted"], data["precision"], colour=palette.BLUE)
    if handles:  # the rate stays well above zero: the bottom left is free
        ax.legend(handles, labels, loc="lower left", fontsize=7.5, frameon=False)
    ax.set_ylim(0, data["rate_per_100k"].max() * 1.2)  # a rate starts at zero
    ax.set_ylabel(_("Entries per 100,000 residents under 18"))
    ax.set_xticks(range(years[0], years[-1] + 1, 2))
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    mark_missing_years(ax, years, years[0], years[-1], y=data["rate_per_100k"].max() * 0.05)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)


def rate_caption(data: pd.DataFrame) -> str:
    trend = rate_trend(data)
    return " ".join([
        _("From {first} to {last} the rate changed by {change} a year on average (rate ratio {rr}, 95% CI {low} "
          "to {high}; {method}, with the child population as exposure).", first=int(data["year"].min()),
          last=int(data["year"].max()), change=percent(trend.percent_per_year, 1), rr=number(trend.rate_ratio, 3),
          low=number(trend.ci_low, 3), high=number(trend.ci_high, 3), method=_(trend.method)),
        _("Entries count reports, not children: a child reported missing three times is entered three times, so "
          "this is a rate of police reports, not the share of children who went missing. Population: Census "
          "Bureau estimates on 1 July, Vintage 2019 (2010 census base) to 2019 and Vintage 2024 (2020 census "
          "base) from 2020; the line breaks between them."),
    ])


def rate_caveat(data: pd.DataFrame) -> str:
    """Where the line breaks because the population estimates change vintage (and census base), so that the break is
    not read as a missing year."""
    rows = data.sort_values("year")
    for before, after in zip(rows.iloc[:-1].itertuples(), rows.iloc[1:].itertuples(), strict=True):
        if before.population_source != after.population_source:
            return _("The {before}\u2013{after} break is a new census base, not a missing year.",
                     before=int(before.year), after=int(after.year))
    return ""


def rate_finding(data: pd.DataFrame) -> str:
    """The title: the rate in the first and the last year."""
    rows = data.sort_values("year")
    first, last = rows.iloc[0], rows.iloc[-1]
    return by_direction(round(first["rate_per_100k"]), round(last["rate_per_100k"]),  # as the title rounds them
                        rose="Missing-child records per 100,000 US children rose from {first} in {start} to {last} in "
                             "{end}",
                        fell="Missing-child records per 100,000 US children fell from {first} in {start} to {last} in "
                             "{end}",
                        first=integer(first["rate_per_100k"]), start=int(first["year"]),
                        last=integer(last["rate_per_100k"]), end=int(last["year"]))


def rate_alt(data: pd.DataFrame) -> str:
    return _("Line chart of under-18 NCIC missing-person entries per 100,000 US residents under 18, by year: "
             "{values}.", values=", ".join(f"{int(r.year)}: {number(r.rate_per_100k, 0)}"
                                           for r in data.itertuples()))


register(Recipe(
    id="ncic-missing-children-rate",
    topic="missing children",
    title="Missing-child reports to US police per 100,000 children",
    finding=rate_finding,
    subtitle="Records entered into the FBI's NCIC file for missing persons under 18, per 100,000 US residents "
             "under 18",
    caption=rate_caption,
    note="A year without a verified count is left out and marked. Counts as in 'Missing children in the US "
         "police file'; the Census Bureau's single-year-of-age estimates are summed over ages 0-17.",
    caveat=rate_caveat,
    datasets=("counts", "count_series", "population", "sources"),
    prepare=rate_data,
    draw=rate_draw,
    alt_text=rate_alt,
))
