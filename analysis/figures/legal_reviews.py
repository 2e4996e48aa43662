"""ICMEC's global legislative reviews: the share of reviewed countries without a specific law, edition by edition."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.figures.registry import Recipe, register
from analysis.i18n import _, percent, percent_formatter, semicolon_list
from analysis.plotting import palette
from analysis.plotting.labels import label_years
from analysis.plotting.value_marks import legend_entries, plot_points
from analysis.published_values import quoted_by_others

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

REVIEW = "icmec_csam"
MEASURE = "no specific legislation"


def no_law_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Each edition's count of countries without specific legislation, its base, share and kind of source."""
    reviews = frames["legal_reviews"]
    rows = reviews[(reviews["review_id"] == REVIEW) & (reviews["measure"] == MEASURE)].copy()
    rows["year"] = rows["published"].str[:4].astype(int)
    rows["share_pct"] = rows["count"] / rows["countries_reviewed"] * 100
    rows["quoted"] = quoted_by_others(rows["source_id"], frames["sources"])  # read only where others quote ICMEC
    rows = rows.sort_values("published").reset_index(drop=True)
    return rows[["review_id", "edition", "published", "year", "measure", "count", "countries_reviewed", "share_pct",
                 "quoted", "source_id", "locator"]]


def no_law_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    ax = axes[0]
    plot_points(ax, list(data["year"]), list(data["share_pct"]), list(data["quoted"]), palette.BLUE, size=7,
                edge=1.6)  # never joined: editions years apart
    label_years(ax, ((row.year, row.share_pct, _("{count}\nof {total}", count=row.count, total=row.countries_reviewed))
                     for row in data.itertuples()), above_pt=7, below_pt=8, fontsize=7.5, color=palette.INK,
                linespacing=1.1)
    first, last = int(data["year"].min()), int(data["year"].max())
    ax.set_xlim(first - 0.8, last + 0.8)
    ax.set_xticks(list(range(first, last + 1, 2)))
    ax.set_ylim(0, 65)  # a share starts at zero; room above the highest label
    ax.yaxis.set_major_formatter(percent_formatter(0))
    ax.set_ylabel(_("Countries reviewed, %"))
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    handles, labels = legend_entries(data["quoted"], [], publisher="ICMEC", colour=palette.BLUE)
    if handles:
        ax.legend(handles, labels, loc="lower left", fontsize=7.5, frameon=False)  # the counts fall left to right


def no_law_caption(data: pd.DataFrame) -> str:
    quoted = sorted(set(data.loc[data["quoted"], "year"].astype(int)))
    return " ".join(filter(None, [
        _("Each point is a count ICMEC published for one review, divided by the number of countries that review "
          "covered: 184 to 187 Interpol member countries until 2009, 196 countries from 2010."),
        _("A country counts when ICMEC found no legislation specifically on child pornography (child sexual abuse "
          "material), the first of its five criteria. This is ICMEC's desk assessment, not a legal census."),
        _("Hollow points ({years}) were read only where others quote ICMEC.",
          years=", ".join(map(str, quoted))) if quoted else "",
        _("ICMEC's counts of countries with 'sufficient' legislation are in the data but not drawn: what "
          "'sufficient' means changed between editions."),
    ]))


def no_law_alt(data: pd.DataFrame) -> str:
    points = semicolon_list(
        f"{row.year}: " + _("{count} of {total}", count=row.count, total=row.countries_reviewed)
        + f" ({percent(row.share_pct, 0)})" + (" " + _("(as quoted by others)") if row.quoted else "")
        for row in data.itertuples())
    return _("Dot chart of the share of countries without legislation specifically on child sexual abuse material, "
             "in each edition of ICMEC's global review: {points}.", points=points)


def no_law_finding(data: pd.DataFrame) -> str:
    """From the first edition to the last: the share of reviewed countries with no specific law."""
    rows = data.sort_values("year")
    first, last = rows.iloc[0], rows.iloc[-1]
    return _("Countries with no specific law on child sexual abuse material fell from {first} of those reviewed in "
             "{start} to {last} in {end}", first=percent(first["share_pct"], 0), start=int(first["year"]),
             last=percent(last["share_pct"], 0), end=int(last["year"]))


register(Recipe(
    id="icmec-csam-law-reviews",
    topic="legal",
    title="Countries without a specific law on child sexual abuse material",
    finding=no_law_finding,
    subtitle="Share of the countries reviewed in each edition of ICMEC's Model Legislation & Global Review, "
             "2006-2018",
    caption=no_law_caption,
    note="2007: a release between editions, without an edition number. 2009: ICMEC's update as of July 2009.",
    datasets=("legal_reviews", "sources"),
    prepare=no_law_data,
    draw=no_law_draw,
    alt_text=no_law_alt,
    sizes=("report", "slide", "square"),
    size_note="The labelled points of editions one year apart (2006-2010) overlap on the narrow story page.",
))
