"""Missing children and online-exploitation reports: official US counts over time, with their definitions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.count_rows import series_rows, values_by_year
from analysis.figures.cyberbullying import consecutive_runs
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.i18n import _, integer, number, percent, percent_formatter
from analysis.plotting import palette
from analysis.plotting.axes import mark_missing_years
from analysis.plotting.layout import reserve_label_width, split_axes
from analysis.published_values import count_value
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
    return series_rows(frames, (ENTRIES, ACTIVE_SHARE))


def entries_trend(data: pd.DataFrame):
    entries = data[data["series_id"] == ENTRIES]
    return count_trend(entries["year"], entries["value"])


def ncic_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import numpy as np

    left, right = _panels(axes)
    entries = data[data["series_id"] == ENTRIES]
    years = list(range(int(entries["year"].min()), int(entries["year"].max()) + 1))
    left.bar(entries["year"], entries["value"] / 1000, color=palette.BLUE, width=0.7, label=_("Entries"))
    trend = entries_trend(data)
    centre = entries["year"].mean()
    log_mean = np.log(entries["value"]).mean()
    fitted = np.exp(log_mean + np.log(trend.rate_ratio) * (np.array(years) - centre))
    fitted *= entries["value"].sum() / np.exp(log_mean + np.log(trend.rate_ratio) * (entries["year"] - centre)).sum()
    left.plot(years, fitted / 1000, color=palette.VERMILLION, linestyle="--", linewidth=1.6,
              label=_("Trend (negative binomial)"))
    mark_missing_years(left, entries["year"], years[0], years[-1], y=8)
    left.set_ylim(0, entries["value"].max() / 1000 * 1.35)
    left.set_ylabel(_("Records entered for under-18s, thousands"))
    left.set_xticks(years[::2])
    left.legend(loc="upper right", fontsize=7.5, frameon=False)

    share = data[data["series_id"] == ACTIVE_SHARE]
    by_year = share.set_index("year")["value"]
    for run in consecutive_runs([int(y) for y in by_year.index], step=1):  # a missing year is a gap, not a line
        right.plot(run, by_year.loc[run].to_numpy(), marker="o", color=palette.BLUE)
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
    subtitle="Missing person records entered for under-18s each year, and the under-18 share of the records "
             "still open on 31 December",
    caption=ncic_caption,
    note="Values as published by the FBI, or restated by DOJ, NCMEC or pages quoting the FBI (each row's source "
         "is in the data CSV). Years without a verified value are left out.",
    datasets=("counts", "count_series"),
    prepare=ncic_data,
    draw=ncic_draw,
    alt_text=ncic_alt,
    sizes=("report", "slide"),
    size_note=WIDE_ONLY,
))


# --- CyberTipline -------------------------------------------------------------------------------

def tipline_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return series_rows(frames, (TIPLINE, ENTICEMENT))


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
    left.plot(before["year"], before["value"] / 1000, marker="o", markersize=3.5, color=palette.BLUE)
    left.plot(after["year"], after["value"] / 1000, marker="o", linestyle="none", markerfacecolor="white",
              color=palette.VERMILLION, markeredgewidth=1.6)
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
    comparable = enticement[(enticement["year"] < BUNDLING_YEAR) & (enticement["value_status"] == "exact")]
    bounds = enticement[(enticement["year"] < BUNDLING_YEAR) & (enticement["value_status"] != "exact")]
    later = enticement[enticement["year"] >= BUNDLING_YEAR]
    right.bar(comparable["year"], comparable["value"] / 1000, color=palette.BLUE, width=0.7)
    # A published bound ('19,100+') is drawn lighter, with the words NCMEC used above it.
    right.bar(bounds["year"], bounds["value"] / 1000, color=palette.SKY_BLUE, width=0.7)
    for point in bounds.itertuples():
        right.annotate(textwrap.fill(count_value(point.value, "reports", point.value_status), 10),
                       xy=(point.year, point.value / 1000), xytext=(0, 3), textcoords="offset points", ha="center",
                       va="bottom", fontsize=7, color=palette.INK)
    right.bar(later["year"], later["value"] / 1000, color="white", edgecolor=palette.VERMILLION, hatch="///",
              linewidth=1.2, width=0.7)
    for point in later.itertuples():
        right.annotate(textwrap.fill(_("{year}: reporting became a legal duty; not comparable", year=int(point.year)),
                                     18), xy=(point.year - 0.4, point.value / 1000 * 0.8), xytext=(-6, 0),
                       textcoords="offset points", ha="right", va="top", fontsize=7, color=palette.VERMILLION)
    right.set_ylim(0, enticement["value"].max() / 1000 * 1.15)
    right.set_ylabel(_("Online enticement reports, thousands"))
    right.set_xticks(list(enticement["year"]))
    for ax in (left, right):
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)


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
        _("{years}: NCMEC gives only a rounded bound, drawn lighter.", years=", ".join(
            str(int(y)) for y in bounds["year"])) if not bounds.empty else "",
    ]))


register(Recipe(
    id="ncmec-cybertipline",
    topic="missing children",
    title="Reports to the CyberTipline (NCMEC), worldwide",
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
    datasets=("counts", "count_series"),
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
    return data.assign(population_source=data["year"].map(vintage))


def rate_trend(data: pd.DataFrame):
    return count_trend(data["year"], data["count"], exposure=data["population"])


def rate_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    ax = axes[0]
    years = list(data["year"])
    reserve_label_width(ax, [f"{integer(data['rate_per_100k'].max() * 1.2)}MMMMM"], 8.5)  # room for a two-line label
    for _source, part in data.groupby("population_source", sort=True):  # a new census base breaks the line
        for run in consecutive_runs(list(part["year"]), step=1):
            rows = part[part["year"].isin(run)]
            ax.plot(rows["year"], rows["rate_per_100k"], marker="o", color=palette.BLUE, linewidth=2)
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


def rate_alt(data: pd.DataFrame) -> str:
    return _("Line chart of under-18 NCIC missing-person entries per 100,000 US residents under 18, by year: "
             "{values}.", values=", ".join(f"{int(r.year)}: {number(r.rate_per_100k, 0)}"
                                           for r in data.itertuples()))


register(Recipe(
    id="ncic-missing-children-rate",
    topic="missing children",
    title="Missing-child reports to US police per 100,000 children",
    subtitle="Records entered into the FBI's NCIC file for missing persons under 18, per 100,000 US residents "
             "under 18",
    caption=rate_caption,
    note="A year without a verified count is left out and marked. Counts as in 'Missing children in the US "
         "police file'; the Census Bureau's single-year-of-age estimates are summed over ages 0-17.",
    datasets=("counts", "count_series", "population"),
    prepare=rate_data,
    draw=rate_draw,
    alt_text=rate_alt,
))
