"""Counts that look alike but are not: missing-children counts by country, and NCMEC's trafficking ratio by
denominator. Each count is drawn on its own axis with its definition, never ranked against another."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from analysis.figures.missing import WIDE_ONLY, _by_year, _rows, mark_missing_years
from analysis.figures.quoted_points import label_years, plot_quoted, quoted_handles
from analysis.figures.registry import Recipe, register
from analysis.i18n import _, integer
from analysis.plotting import palette
from analysis.plotting.layout import split_axes, stack_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

# One panel per national series, in this order; each panel's heading says what is counted.
NATIONAL_SERIES = ("ncic_entries_under18", "rcmp_missing_child_reports")
PANEL_HEADINGS = {
    "ncic_entries_under18": "USA, FBI NCIC: records entered for under-18s (every report counts)",
    "rcmp_missing_child_reports": "Canada, RCMP: missing-person reports for under-18s (every report counts)",
}
HEADING_CHARS, HEADING_PT = 36, 8.0
NOT_SHOWN = ("Not shown, for want of a comparable verified series: UK (NCA figures read only as rounded restatements), "
             "Australia (only a rounded yearly estimate) and the European 116 000 hotlines (they count calls and "
             "cases handled, and changed unit in 2022).")


def national_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    rows = _rows(frames, NATIONAL_SERIES)
    definitions = frames["count_series"].set_index("series_id")
    return rows.assign(definition=rows["series_id"].map(definitions["definition"]),
                       comparability_group=rows["series_id"].map(definitions["comparability_group"]))


def national_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    series = [s for s in NATIONAL_SERIES if s in set(data["series_id"])]
    headings = {s: textwrap.wrap(_(PANEL_HEADINGS[s]), HEADING_CHARS) for s in series}
    fig = axes[0].figure
    grid = axes[0].get_subplotspec().get_gridspec()
    room_in = max(len(lines) for lines in headings.values()) * HEADING_PT * 1.35 / 72 + 0.05
    top = grid.top if grid.top is not None else fig.subplotpars.top  # a plain pyplot grid leaves it unset
    grid.update(top=top - room_in / fig.get_figheight())  # the panel headings sit under the subtitle
    axes[0].set_position(axes[0].get_subplotspec().get_position(fig))
    panels = split_axes(axes[0], 1, len(series), wspace=0.35)
    for ax, series_id in zip(panels, series, strict=True):
        rows = data[data["series_id"] == series_id]
        first, last = int(rows["year"].min()), int(rows["year"].max())  # each series over its own years
        ax.bar(rows["year"], rows["value"] / 1000, color=palette.BLUE, width=0.7)
        ax.set_ylim(0, rows["value"].max() / 1000 * 1.15)  # bars start at zero; each panel has its own scale
        ax.set_xlim(first - 0.6, last + 0.6)
        ax.set_xticks(list(range(first, last + 1, 2 if last - first > 6 else 1)))
        ax.set_ylabel(_("Thousands"))
        ax.set_title("\n".join(headings[series_id]), loc="left", fontsize=HEADING_PT)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        mark_missing_years(ax, rows["year"], first, last)


def national_alt(data: pd.DataFrame) -> str:
    parts = [_("Separate bar charts, each on its own scale, of missing-children counts that are defined differently.")]
    for series_id in NATIONAL_SERIES:
        rows = data[data["series_id"] == series_id]
        if not rows.empty:
            parts.append(_("{heading}: {values}.", heading=_(PANEL_HEADINGS[series_id]),
                           values=_by_year(rows, integer)))
    return " ".join(parts)


register(Recipe(
    id="missing-children-definitions",
    topic="missing children",
    title="Missing-children counts are not comparable across countries",
    subtitle="Each country's official count, with what it counts; separate scales, no ranking",
    caption="Both counts are reports, not children: a child reported missing three times is counted three times. "
            "They differ in source (a police records file, a police missing-persons database), in how duplicates "
            "are removed and in population size, so neither the heights nor a rate per child can be compared "
            "between panels.",
    note=NOT_SHOWN,
    datasets=("counts", "count_series"),
    prepare=national_data,
    draw=national_draw,
    alt_text=national_alt,
    sizes=("report", "slide"),
    size_note=WIDE_ONLY,
))


# --- NCMEC trafficking ratio ------------------------------------------------------------------------

RATIO_SERIES = {
    "ncmec_trafficking_ratio_endangered_runaways": ("of endangered runaways reported to NCMEC", "o", palette.BLUE),
    "ncmec_trafficking_ratio_runaways": ("of runaways (or children who ran away) reported to NCMEC", "s",
                                         palette.VERMILLION),
}
RATIO_TICKS = (5, 10)


QUOTED_KIND = "secondary citation"  # sources.csv kind of a page quoting NCMEC, where NCMEC's own text was not read


def ratio_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ratios with their share (1/N) and whether each was read in NCMEC's own text or only as others quote it."""
    rows = _rows(frames, tuple(RATIO_SERIES))
    if (rows["unit"] != "ratio (1 in N)").any():
        raise ValueError("the trafficking ratio series must have unit 'ratio (1 in N)'")
    kinds = rows["source_id"].map(frames["sources"].set_index("source_id")["kind"])
    return rows.assign(share=[float(Fraction(1, int(n))) for n in rows["value"]], quoted=kinds == QUOTED_KIND)


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
        plot_quoted(ax, rows, "share", colour=colour, marker=marker)
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
    if data["quoted"].any():
        handles = quoted_handles(palette.MUTED)
        labels = ["\n".join(textwrap.wrap(text, 36)) for text in (
            _("filled: read in NCMEC's own text"),
            _("hollow: NCMEC's figure as quoted by others (NCMEC's own text not read)"))]
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


register(Recipe(
    id="ncmec-trafficking-ratio",
    topic="missing children",
    title="How many runaways reported to NCMEC were likely trafficked",
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
