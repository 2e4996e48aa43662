"""Counts that look alike but are not: missing-children counts by country, and NCMEC's trafficking ratio by
denominator. Each count is drawn on its own axis with its definition, never ranked against another."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from analysis.count_rows import series_rows, with_quality
from analysis.figures.registry import Recipe, register
from analysis.i18n import _, financial_year
from analysis.plotting import palette
from analysis.plotting.axes import mark_missing_years
from analysis.plotting.labels import label_years
from analysis.plotting.layout import stack_axes
from analysis.plotting.value_marks import glyph_room_pt, legend_entries, mark_precision, plot_bars, plot_points
from analysis.published_values import count_value, quoted_by_others

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

# One panel per national series; each panel's heading says what is counted. The first row holds the long series,
# the second the short ones (a year or two each).
ROWS = (("ncic_entries_under18", "rcmp_missing_child_reports"),
        ("nca_missing_child_incidents_ew", "rnipme_missing_child_searches", "nmpcc_missing_person_reports_all"))
NATIONAL_SERIES = tuple(series for row in ROWS for series in row)
PANEL_HEADINGS = {
    "ncic_entries_under18": "USA, FBI NCIC: records entered for under-18s (every report counts)",
    "rcmp_missing_child_reports": "Canada, RCMP: missing-person reports for under-18s (every report counts)",
    "nca_missing_child_incidents_ew": "England and Wales, NCA: incidents recorded by police, under 18 (every "
                                      "incident counts)",
    "rnipme_missing_child_searches": "Argentina, national registry: searches entered, under 18",
    "nmpcc_missing_person_reports_all": "Australia, AFP NMPCC: reports to police, all ages (rounded)",
}
HEADING_CHARS, HEADING_PT = 36, 8.0
LABELLED_UP_TO = 3  # panels with this many bars or fewer carry their values as published
TWO_ROWS_NOTE = ("Five panels in two rows, each with its heading, need the height of a report page; in the slide, "
                 "square and story frames the panels would be too short to read.")
NOT_SHOWN = ("Not shown: the European 116 000 hotlines, which count calls and cases handled across some 30 "
             "countries (not one country's count) and changed unit in 2022; the UK outside England and Wales.")


def national_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The national series with their definitions, each value's precision and whether it was read only as quoted
    by others."""
    rows = with_quality(series_rows(frames, NATIONAL_SERIES), frames["sources"])
    definitions = frames["count_series"].set_index("series_id")
    return rows.assign(definition=rows["series_id"].map(definitions["definition"]),
                       comparability_group=rows["series_id"].map(definitions["comparability_group"]))


def _year_label(year: int, period: str) -> str:
    return financial_year(year) if period.startswith("financial year") else str(year)


def _panel(ax: Axes, rows: pd.DataFrame, heading: list[str]) -> None:
    """One series on its own scale: bars in thousands, values as published where there are few."""
    first, last = int(rows["year"].min()), int(rows["year"].max())  # each series over its own years
    plot_bars(ax, list(rows["year"]), list(rows["value"] / 1000), list(rows["quoted"]), palette.BLUE,
              width=0.7 if last > first else 0.5)
    mark_precision(ax, zip(rows["year"], rows["value"] / 1000, rows["precision"], strict=True), palette.BLUE)
    marked = (rows["precision"] != "exact").any()  # a mark above a bar, and its label above the mark
    headroom = (1.8 if marked else 1.45) if len(rows) <= LABELLED_UP_TO else (1.25 if marked else 1.15)
    ax.set_ylim(0, rows["value"].max() / 1000 * headroom)
    ax.set_xlim(first - 0.6 - (0.4 if last == first else 0), last + 0.6 + (0.4 if last == first else 0))
    ticks = list(range(first, last + 1, 2 if last - first > 6 else 1))
    ax.set_xticks(ticks, [_year_label(t, rows["period"].iloc[0]) for t in ticks])
    ax.set_ylabel(_("Thousands"))
    ax.set_title("\n".join(heading), loc="left", fontsize=HEADING_PT)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    if len(rows) <= LABELLED_UP_TO:
        for row in rows.itertuples():
            label = "\n".join(textwrap.wrap(count_value(row.value, row.unit, row.value_status), 10))
            ax.annotate(label, xy=(row.year, row.value / 1000),
                        xytext=(0, 2 + glyph_room_pt(row.precision)), textcoords="offset points", ha="center",
                        va="bottom", fontsize=7,
                        color=palette.INK)
    mark_missing_years(ax, rows["year"], first, last)


def national_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    present = set(data["series_id"])
    rows = [[s for s in row if s in present] for row in ROWS]
    rows = [row for row in rows if row]
    fig = axes[0].figure
    width_in = axes[0].get_position().width * fig.get_figwidth()
    headings = {}
    for row in rows:  # wrapped to a panel's width less its axis labels, plus part of the gap to its right
        chars = min(HEADING_CHARS, int((width_in / len(row) - 0.45) * 72 / (HEADING_PT * 0.7)))  # bold: wide
        headings |= {s: textwrap.wrap(_(PANEL_HEADINGS[s]), chars) for s in row}
    line_in = HEADING_PT * 1.35 / 72
    rooms = [max(len(headings[s]) for s in row) * line_in + 0.05 for row in rows]
    grid = axes[0].get_subplotspec().get_gridspec()
    top = grid.top if grid.top is not None else fig.subplotpars.top  # a plain pyplot grid leaves it unset
    grid.update(top=top - rooms[0] / fig.get_figheight())  # the first row's headings sit under the subtitle
    axes[0].set_position(axes[0].get_subplotspec().get_position(fig))
    height_in = axes[0].get_position().height * fig.get_figheight()
    tick_room_in = 0.4  # the first row's year labels, above the second row's headings
    between = sum(rooms[1:]) + tick_room_in * (len(rows) - 1)
    panel_in = (height_in - between) / len(rows)
    spec = axes[0].get_subplotspec().subgridspec(len(rows), 1, hspace=between / max(len(rows) - 1, 1) / panel_in)
    axes[0].remove()
    for number, row in enumerate(rows):
        cells = spec[number, 0].subgridspec(1, len(row), wspace=0.3 * len(row))
        for column, series_id in enumerate(row):
            panel = fig.add_subplot(cells[0, column])
            _panel(panel, data[data["series_id"] == series_id], headings[series_id])
    handles, labels = legend_entries(data["quoted"], data["precision"], bars=True)
    if handles:  # under the panels, centred on the page: across in x, below the last panel's year labels in y
        from matplotlib.transforms import blended_transform_factory

        height_in = panel.get_position().height * fig.get_figheight()
        panel.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.42 / height_in),
                     bbox_transform=blended_transform_factory(fig.transFigure, panel.transAxes), ncols=len(handles),
                     fontsize=7.5, frameon=False, handlelength=1.2, columnspacing=1.2)


def national_alt(data: pd.DataFrame) -> str:
    parts = [_("Separate bar charts, each on its own scale, of missing-children counts that are defined differently.")]
    for series_id in NATIONAL_SERIES:
        rows = data[data["series_id"] == series_id]
        if not rows.empty:
            values = ", ".join(f"{_year_label(int(r.year), r.period)}: {count_value(r.value, r.unit, r.value_status)}"
                               for r in rows.itertuples())
            parts.append(_("{heading}: {values}.", heading=_(PANEL_HEADINGS[series_id]), values=values))
    return " ".join(parts)


def national_finding(data: pd.DataFrame) -> str:
    """The title: how many definitions the national counts drawn use (their comparability groups)."""
    counts, definitions = data["series_id"].nunique(), data["comparability_group"].nunique()
    if definitions == counts:
        return _("The {count} national counts of missing children each measure something different", count=counts)
    return _("The {count} national counts of missing children use {definitions} different definitions",
             count=counts, definitions=definitions)


register(Recipe(
    id="missing-children-definitions",
    topic="missing children",
    title="Missing-children counts are not comparable across countries",
    finding=national_finding,
    subtitle="Each country's official count, with what it counts; separate scales, no ranking",
    caption="Every count is of reports, records, incidents or cases, not of children: a child reported missing three "
            "times is counted three times (Argentina's registry does not say). They differ in source (police "
            "records, a missing-persons database, a national registry), in who is counted (under 18; all ages in "
            "Australia, where no yearly under-18 count was found), in how duplicates are removed and in population "
            "size, so neither the heights nor a rate per child can be compared between panels. Lighter bars are "
            "published 'more than' figures.",
    note=NOT_SHOWN,
    datasets=("counts", "count_series", "sources"),
    prepare=national_data,
    draw=national_draw,
    alt_text=national_alt,
    height_factor=1.5,
    sizes=("report",),
    size_note=TWO_ROWS_NOTE,
))


# --- NCMEC trafficking ratio ------------------------------------------------------------------------

RATIO_SERIES = {
    "ncmec_trafficking_ratio_endangered_runaways": ("of endangered runaways reported to NCMEC", "o", palette.BLUE),
    "ncmec_trafficking_ratio_runaways": ("of runaways (or children who ran away) reported to NCMEC", "s",
                                         palette.VERMILLION),
}
RATIO_TICKS = (5, 10)


def ratio_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ratios with their share (1/N) and whether each was read in NCMEC's own text or only as others quote it."""
    rows = series_rows(frames, tuple(RATIO_SERIES))
    if (rows["unit"] != "ratio (1 in N)").any():
        raise ValueError("the trafficking ratio series must have unit 'ratio (1 in N)'")
    return rows.assign(share=[float(Fraction(1, int(n))) for n in rows["value"]],
                       quoted=quoted_by_others(rows["source_id"], frames["sources"]))


def _series_heading(label: str) -> str:
    """A series label as a heading: translated, first letter capitalised ('NCMEC' stays upper case)."""
    text = _(label)
    return text[:1].upper() + text[1:]


HEADING_PT = 8.5
PANEL_GAP_IN = 0.1  # above each panel's title: clear of the subtitle or of the panel above


def ratio_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    """One panel per group of children (the denominators differ), on the same scale and years."""
    from analysis.plotting.layout import reserve_label_width

    tick_labels = ["0", *(_("1 in {n}", n=n) for n in RATIO_TICKS)]
    reserve_label_width(axes[0], tick_labels, 8.5)
    width_in = axes[0].get_position().width * axes[0].figure.get_figwidth()
    titles = {series_id: "\n".join(textwrap.wrap(_series_heading(label), int(width_in * 72 / (HEADING_PT * 0.6))))
              for series_id, (label, _marker, _colour) in RATIO_SERIES.items()}
    panels = stack_axes(axes[0], [title.count("\n") + 1 for title in titles.values()], HEADING_PT, PANEL_GAP_IN)
    first, last = int(data["year"].min()), int(data["year"].max())
    for ax, (series_id, (_label, marker, colour)) in zip(panels, RATIO_SERIES.items(), strict=True):
        rows = data[data["series_id"] == series_id]
        # Never joined: years are missing and the denominators differ. Hollow: read only as quoted by others.
        plot_points(ax, list(rows["year"]), list(rows["share"]), list(rows["quoted"]), colour, marker=marker)
        label_years(ax, ((row.year, row.share, _("1 in {n}", n=int(row.value))) for row in rows.itertuples()),
                    above_pt=6, below_pt=7, fontsize=7.5, color=colour)
        ax.set_title(titles[series_id], loc="left", fontsize=HEADING_PT, color=colour)
        ax.set_xlim(first - 0.7, last + 0.7)
        ax.set_xticks(list(range(first, last + 1, 2)))
        ax.set_ylim(0, 0.3)
        ax.set_yticks([0, *(1 / n for n in RATIO_TICKS)], tick_labels)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)  # no y label: the panel title says what '1 in N' is of
    for ax in panels[:-1]:
        ax.tick_params(axis="x", labelbottom=False)  # the same years in every panel: labelled once, at the bottom
    # A '1 in N' states its rounding in its form: no precision mark (value_marks.precision).
    handles, labels = legend_entries(data["quoted"], [], publisher="NCMEC")
    if handles:
        labels = ["\n".join(textwrap.wrap(text, 36)) for text in labels]
        height_in = panels[-1].get_position().height * panels[-1].figure.get_figheight()
        panels[-1].legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.45 / height_in), ncols=2,
                          fontsize=7.5, frameon=False)


def ratio_alt(data: pd.DataFrame) -> str:
    parts = [_("Dot chart of NCMEC's published ratios of likely child sex trafficking victims, by year.")]
    for series_id, (label, _marker, _colour) in RATIO_SERIES.items():
        rows = data[data["series_id"] == series_id]
        values = ", ".join(f"{int(r.year)}: " + _("1 in {n}", n=int(r.value))
                           + (" " + _("(as quoted by others)") if r.quoted else "") for r in rows.itertuples())
        parts.append(_("{label}: {values}.", label=_series_heading(label), values=values))
    return " ".join(parts)


def ratio_caption(data: pd.DataFrame) -> str:
    years = sorted(set(data["year"].astype(int)))
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in years]
    quoted = sorted(set(data.loc[data["quoted"], "year"].astype(int)))
    return " ".join(filter(None, [
        _("NCMEC states each ratio as '1 in N' of a group of children reported to it, classified by its own "
          "analysts; N is rounded. The group is worded differently from one statement to the next, so the two "
          "series are drawn apart and no point is joined."),
        _("They are shares of NCMEC's runaway caseload, not of all children or all runaways in the US."),
        _("Hollow points ({years}) were read only where others quote NCMEC, with its wording; NCMEC's own "
          "text for those years was not found.", years=", ".join(map(str, quoted))) if quoted else "",
        _("Years without a text read: {years}.", years=", ".join(map(str, gaps))) if gaps else "",
    ]))


def ratio_finding(data: pd.DataFrame) -> str:
    """The title: the range of NCMEC's '1 in N' ratios over the years drawn."""
    return _("From {start} to {end}, NCMEC said 1 in {rarest} to 1 in {commonest} runaways reported to it were "
             "likely trafficked", start=int(data["year"].min()), end=int(data["year"].max()),
             rarest=int(data["value"].max()), commonest=int(data["value"].min()))


register(Recipe(
    id="ncmec-trafficking-ratio",
    topic="missing children",
    title="How many runaways reported to NCMEC were likely trafficked",
    finding=ratio_finding,
    subtitle="NCMEC's published '1 in N' ratios, by year and by the group of children they refer to",
    caption=ratio_caption,
    note="2024: the sentence follows NCMEC's count of endangered runaways; it could also be read as all "
         "missing-child cases.",
    datasets=("counts", "count_series", "sources"),
    height_factor=1.35,
    prepare=ratio_data,
    draw=ratio_draw,
    alt_text=ratio_alt,
    sizes=("report", "slide"),
    size_note="With the two-line legend and the caveats under it, the square and story frames leave the chart too "
              "little height: the '1 in N' labels of neighbouring points run into each other.",
))
