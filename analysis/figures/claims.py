"""Claims figure: the statistics campaigns quote, arranged by evidence grade and audit status."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.claims import AUDIT_DATASETS, GRADES, STATUSES, audit
from analysis.figures.registry import Recipe, register
from analysis.i18n import _, current, semicolon_list
from analysis.plotting import palette

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

STATUS_COLOURS = {
    "reproduced": palette.BLUISH_GREEN,
    "reproduced with a different definition": palette.BLUE,
    "consistent with caveats": palette.SKY_BLUE,
    "not reproducible": palette.ORANGE,
    "contradicted": palette.VERMILLION,
}
# Status is never told by colour alone: each has its own mark in the tile's corner and its own outline.
STATUS_MARKS = {"reproduced": "\u2713", "reproduced with a different definition": "\u2248",
                "consistent with caveats": "~", "not reproducible": "?", "contradicted": "\u2717"}  # ✓ ≈ ~ ? ✗
STATUS_LINES = {"reproduced": "solid", "reproduced with a different definition": (0, (5, 2)),
                "consistent with caveats": (0, (1, 1.5)), "not reproducible": (0, (5, 1.5, 1, 1.5)),
                "contradicted": "solid"}
STATUS_EDGE_PT = {"contradicted": 2.0}  # and the two solid outlines differ in weight (default 1.2)
GRADE_TITLES = {"A": "primary, method stated", "B": "primary, thin method",
                "C": "secondary citations only", "D": "no source or measurement"}


LABEL_WIDTH, LABEL_LINES = 24, 2  # what fits in one tile
LEGEND_COLUMNS = 3


def claims_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    table = audit(frames)
    too_long = [c for c, label in zip(table["claim_id"], table["short_label"], strict=True)
                if len(textwrap.wrap(label if current() == "en" else _(label), LABEL_WIDTH)) > LABEL_LINES]
    if too_long:
        where = ("claims.csv, column 'short_label'" if current() == "en"
                 else f"the {current()!r} translation of column 'short_label' in analysis/i18n/messages.csv")
        raise ValueError(f"{where}: the labels of {', '.join(too_long)} need more than {LABEL_LINES} lines of "
                         f"{LABEL_WIDTH} characters; shorten them")
    return table[["claim_id", "short_label", "number", "evidence_grade", "status", "source_level",
                  "source_id", "locator"]].sort_values(["evidence_grade", "claim_id"]).reset_index(drop=True)


def claims_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch

    ax = axes[0]
    present = [s for s in STATUSES if s in set(data["status"])]  # only the statuses some claim has
    legend_rows = -(-len(present) // LEGEND_COLUMNS)
    fig, grid = ax.figure, ax.get_subplotspec().get_gridspec()
    top = grid.top if grid.top is not None else fig.subplotpars.top
    grid.update(top=top - legend_rows * 8 * 1.6 / 72 / fig.get_figheight())  # room for the legend's rows
    ax.set_position(ax.get_subplotspec().get_position(fig))
    grades = list(GRADES)
    rows = max(1, int(data["evidence_grade"].value_counts().max()))
    ax.set_xlim(0, len(grades))
    ax.set_ylim(rows + 0.6, -0.35)
    ax.axis("off")
    for col, grade in enumerate(grades):
        ax.text(col + 0.04, 0.02, _("Grade {grade}", grade=grade), fontsize=8.5, weight="bold",
                color=palette.INK, va="center")
        ax.text(col + 0.04, 0.32, _(GRADE_TITLES[grade]), fontsize=7, color=palette.MUTED,
                va="center")
        in_grade = data[data["evidence_grade"] == grade]
        if in_grade.empty:
            ax.text(col + 0.09, 1.0, _("no claim"), fontsize=7.5, style="italic",
                    color=palette.MUTED, va="center")
        for row, claim in enumerate(in_grade.itertuples(), start=1):
            colour = STATUS_COLOURS[claim.status]
            ax.add_patch(FancyBboxPatch((col + 0.04, row - 0.36), 0.92, 0.78,
                                        boxstyle="round,pad=0,rounding_size=0.06", **_tile_style(claim.status)))
            ax.text(col + 0.09, row - 0.2, claim.claim_id, fontsize=7.5, weight="bold",
                    color=palette.INK, va="center")
            ax.text(col + 0.91, row - 0.2, STATUS_MARKS[claim.status], fontsize=9, weight="bold", color=colour,
                    ha="right", va="center")
            ax.text(col + 0.09, row - 0.04, "\n".join(textwrap.wrap(_(claim.short_label), LABEL_WIDTH)),
                    fontsize=6.8, color=palette.INK, va="top", linespacing=1.15)
    # Each status as its tiles show it: its outline's line style and weight, its mark in the middle.
    handles = [Line2D([], [], color=STATUS_COLOURS[s], linestyle=STATUS_LINES[s], linewidth=STATUS_EDGE_PT.get(s, 1.2),
                      marker=_mathtext(STATUS_MARKS[s]), markersize=7, markeredgewidth=0) for s in present]
    ax.legend(handles, [_(s) for s in present], loc="lower left", bbox_to_anchor=(0, 1.0), ncols=LEGEND_COLUMNS,
              fontsize=8, handlelength=3.0, borderaxespad=0)


def _mathtext(glyph: str) -> str:
    """A glyph as a marker (mathtext: '~' alone would be a space there)."""
    return "$\\sim$" if glyph == "~" else f"${glyph}$"


def _tile_style(status: str) -> dict[str, object]:
    """A claim tile's fill and outline: a tint and an outline of the status colour, in the status's line style."""
    colour = STATUS_COLOURS[status]
    return {"facecolor": colour + "33", "edgecolor": colour, "linestyle": STATUS_LINES[status],
            "linewidth": STATUS_EDGE_PT.get(status, 1.2)}


def claims_alt(data: pd.DataFrame) -> str:
    parts = []
    for grade in GRADES:
        rows = data[data["evidence_grade"] == grade]
        if rows.empty:
            parts.append(_("Grade {grade} ({meaning}): no claims.", grade=grade, meaning=_(GRADES[grade])))
            continue
        listed = semicolon_list(f"{r.claim_id} {_(r.short_label)} ({_(r.status)})" for r in rows.itertuples())
        parts.append(_("Grade {grade} ({meaning}): {claims}.", grade=grade, meaning=_(GRADES[grade]), claims=listed))
    return " ".join([_("Chart of {count} statistics quoted in campaign material, grouped by evidence grade and "
                       "coloured by audit status.", count=len(data)), *parts])


PRIMARY_GRADES = ("A", "B")  # grades of claims whose source is a primary publication
UNSUPPORTED = ("not reproducible", "contradicted")  # statuses of claims neither their source nor the data bear out


def claims_finding(data: pd.DataFrame) -> str:
    """The title: how many claims rest on a primary publication, and how many are borne out."""
    return _("{primary} of {total} campaign statistics rest on a primary publication; {supported} are supported by "
             "their source, at least with caveats", primary=int(data["evidence_grade"].isin(PRIMARY_GRADES).sum()),
             total=len(data), supported=int((~data["status"].isin(UNSUPPORTED)).sum()))


register(Recipe(
    id="claims-by-evidence",
    topic="claims",
    title="Which campaign statistics stand on solid evidence?",
    finding=claims_finding,
    subtitle="Statistics quoted about children's safety online, by strength of their source "
             "and whether the toolkit's data reproduces them",
    caption="Each claim was traced to the publication it comes from. Grade: A primary statistical "
            "publication with a stated method and sample; B primary but thin method or "
            "self-selected respondents; C only secondary citations found; D no source or no "
            "measurement. Status as computed by 'python -m analysis claims'.",
    note="Grades describe the source, not the importance of the issue. See docs/claims.md for the "
         "rubric and each claim's reasoning.",
    datasets=AUDIT_DATASETS,
    prepare=claims_data,
    draw=claims_draw,
    alt_text=claims_alt,
    height_factor=1.55,
    sizes=("report",),
    size_note="Its grid of fifteen labelled tiles needs a report page; the stat cards ('python -m analysis cards') "
              "are its social-size counterpart.",
))
