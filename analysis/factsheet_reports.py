"""A country's own CyberTipline reports by year (NCMEC's tables): the rows, the one-line caveat, the panel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from analysis.i18n import _, integer, labelled, semicolon_list
from analysis.measures import comparable_runs
from analysis.plotting import palette

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

RESOURCE = "cybertipline_countries"
KIND_ORDER = {"all": 0, "referral": 1, "informational": 2}
CAVEAT = ("Reports located by the upload's IP address, sent by platforms worldwide: not prevalence; 2024 bundling "
          "breaks the series.")


def country_reports(frames: Mapping[str, pd.DataFrame], iso3: str) -> pd.DataFrame:
    """year, report_kind, reports for one country; rows NCMEC prints under two names (GUF) are added up."""
    table = frames[RESOURCE]
    own = table[table["iso3"] == iso3]
    if own.empty:
        return own.assign(jurisdictions="")[["iso3", "year", "report_kind", "reports", "jurisdictions",
                                             "source_id", "locator"]]
    grouped = own.groupby(["iso3", "year", "report_kind"], as_index=False).agg(
        reports=("reports", "sum"), jurisdictions=("jurisdiction", lambda names: " + ".join(sorted(names))),
        source_id=("source_id", lambda ids: ";".join(sorted(set(ids)))),
        locator=("locator", lambda where: "; ".join(where)))
    grouped["order"] = grouped["report_kind"].map(KIND_ORDER)
    return grouped.sort_values(["year", "order"]).drop(columns="order").reset_index(drop=True)


def reports_line(rows: pd.DataFrame) -> str:
    """'2019: 57,372; ...; 2024: 122,339 referrals and 15,119 informational reports', in the current language."""
    parts = []
    for year, group in rows.groupby("year", sort=True):
        kinds = dict(zip(group["report_kind"], group["reports"], strict=True))
        if "all" in kinds:
            parts.append(labelled(int(year), integer(kinds["all"])))
        else:
            parts.append(_("{year}: {referrals} referrals and {informational} informational reports", year=int(year),
                           referrals=integer(kinds.get("referral", 0)),
                           informational=integer(kinds.get("informational", 0))))
    return semicolon_list(parts)


THOUSANDS_FROM = 10_000  # a year with at least this many reports: the axis counts thousands


def report_scale(rows: pd.DataFrame) -> tuple[int, str]:
    """The axis unit for these reports: thousands when the largest year reaches THOUSANDS_FROM, else reports (a
    country with 4 to 50 reports a year would otherwise get an axis of zeros)."""
    top = rows.groupby("year")["reports"].sum().max() if len(rows) else 0
    return (1000, _("Reports, thousands")) if top >= THOUSANDS_FROM else (1, _("Reports"))


def draw_reports(ax: Axes, rows: pd.DataFrame, fontsize: float = 8.0) -> None:
    """Bars by year: one total a year to 2023; from 2024 referrals with informational reports stacked, apart.

    With a ``quoted`` column (values read only where others quote NCMEC), the bars follow the figures' marks of how a
    value is known (plotting.value_marks): hollow where quoted, with a legend entry saying so."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from analysis.plotting.value_marks import bar_style, legend_entries

    scale, unit = report_scale(rows)
    quoted = bool(rows["quoted"].all()) if "quoted" in rows and len(rows) else False
    whole = rows[rows["report_kind"] == "all"]
    ax.bar(whole["year"], whole["reports"] / scale, width=0.65, label=_("All reports"),
           **bar_style(palette.BLUE, quoted))
    split = rows[rows["report_kind"] != "all"].pivot_table(index="year", columns="report_kind", values="reports",
                                                            aggfunc="sum").fillna(0)
    if not split.empty:  # apart from the total: in another colour, outlined and (informational) hatched
        referral = split.get("referral", 0 * split.iloc[:, 0])
        informational = split.get("informational", 0 * split.iloc[:, 0])
        ax.bar(split.index, referral / scale, width=0.65, color="white", edgecolor=palette.VERMILLION, linewidth=1.2,
               label=_("Referrals"))
        ax.bar(split.index, informational / scale, bottom=referral / scale, width=0.65, color="white",
               edgecolor=palette.VERMILLION, hatch="///", linewidth=1.2, label=_("Informational reports"))
    years = sorted(rows["year"].unique())
    for run in comparable_runs(years)[1:]:  # a dotted rule at each break (2024 bundling): runs are never joined
        ax.axvline(run[0] - 0.5, color=palette.RULE, linestyle=":", linewidth=1)
    ax.set_xticks(years, [str(int(y)) for y in years], fontsize=fontsize)
    ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
    wide = ax.get_position().width * ax.figure.get_figwidth() > 5.5  # the legend fits on one line
    top = rows.groupby("year")["reports"].sum().max() / scale
    ax.set_ylim(0, top * (1.3 if wide else 2.0) if top > 0 else 1)
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))  # whole numbers: the labels are integers
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: integer(value)))
    ax.tick_params(axis="y", labelsize=fontsize)
    ax.set_ylabel(unit, fontsize=fontsize)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    handles, labels = ax.get_legend_handles_labels()
    marks, meanings = legend_entries([quoted], [], publisher="NCMEC", bars=True) if quoted else ([], [])
    entries, size = [*labels, *meanings], max(7.0, fontsize - 0.5)
    one_row = sum(len(text) for text in entries) * size * 0.55 / 72 + 0.5 * len(entries)  # inches, estimated
    ncol = len(entries) if wide and one_row <= ax.get_position().width * ax.figure.get_figwidth() else (
        2 if wide else 1)
    ax.legend([*handles, *marks], entries, loc="upper left", fontsize=size, frameon=False, ncol=ncol,
              labelspacing=0.25, handlelength=1.5)


# The panel on an A4 factsheet, right of its text (inches): plotting area, year labels below, room for the
# y labels on its left.
PANEL_WIDTH_IN, PANEL_IN, PANEL_LABELS_IN, PANEL_GAP_IN = 2.7, 1.15, 0.25, 0.75


def panel_texts(rows: pd.DataFrame) -> list[str]:
    """The panel's words, for a page prepared without drawing (factsheet Sketch)."""
    labels = [_("All reports")] if (rows["report_kind"] == "all").any() else []
    if (rows["report_kind"] != "all").any():
        labels += [_("Referrals"), _("Informational reports")]
    return [*labels, report_scale(rows)[1], *(str(int(y)) for y in sorted(rows["year"].unique()))]


def add_panel(fig: Any, rows: pd.DataFrame, box_in: tuple[float, float, float, float],
              page_in: tuple[float, float]) -> None:
    """Draw the panel in ``box_in`` (left, top, width, height, inches from the page's top left); a Sketch keeps
    only its words."""
    if not hasattr(fig, "add_axes"):
        fig.texts += panel_texts(rows)
        return
    left, top, width, height = box_in
    page_width, page_height = page_in
    ax = fig.add_axes([left / page_width, 1 - (top + height) / page_height, width / page_width,
                       height / page_height])
    draw_reports(ax, rows, fontsize=7.0)


HEADING = "CyberTipline reports located in this country (NCMEC)"
HEADING_IN = 0.14 + 12.5 * 1.32 / 72 + 0.06  # as the factsheet writer's heading()


def block_text(rows: pd.DataFrame) -> str:
    """The factsheet's paragraph: the values by year and the caveat, in the current language."""
    return reports_line(rows) + ". " + _(CAVEAT)


def block_height(page: Any, rows: pd.DataFrame, panel: bool) -> float:
    """How far down the page the paragraph (and the panel beside it) takes the factsheet writer, in inches."""
    room = PANEL_WIDTH_IN + PANEL_GAP_IN if panel else 0.0
    page.width_in -= room
    height = page.height(block_text(rows), 8.5, 0.04)
    page.width_in += room
    return HEADING_IN + (max(height, 0.08 + PANEL_IN + PANEL_LABELS_IN) if panel else height)


def write_block(page: Any, fig: Any, rows: pd.DataFrame, panel: bool, page_in: tuple[float, float],
                margin_in: float) -> None:
    """A heading, the paragraph on the left and, with ``panel``, the panel on its right."""
    page.heading(_(HEADING))
    top, room = page.y_in, PANEL_WIDTH_IN + PANEL_GAP_IN if panel else 0.0
    page.width_in -= room
    page.text(block_text(rows), 8.5, gap_after=0.04, color=palette.INK)
    page.width_in += room
    if panel:
        box = (page_in[0] - margin_in - PANEL_WIDTH_IN, top + 0.08, PANEL_WIDTH_IN, PANEL_IN)
        add_panel(fig, rows, box, page_in)
        page.y_in = max(page.y_in, box[1] + PANEL_IN + PANEL_LABELS_IN)
