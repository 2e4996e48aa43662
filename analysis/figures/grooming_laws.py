"""The online-grooming offences read in official legal texts, as a table, with what they leave unknown."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.figures.registry import Recipe, register
from analysis.grooming_laws import MEETING_LABELS, law_evidence, law_table
from analysis.i18n import _, collation_key, country_name, number
from analysis.i18n.citations import citation
from analysis.plotting import palette
from analysis.plotting.layout import LINE_GAP, MARGIN_IN, SIZES, TITLE_PT, title_lines

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

FONT_PT = 7.5
LINE_IN = FONT_PT * 1.3 / 72  # one table line
ROW_GAP_LINES = 0.6  # space between rows, in lines
# Column starts (fraction of the axes width) and their headers.
COLUMNS = (("place", 0.0, "Country (jurisdiction)"), ("provision", 0.2, "Law and provision"),
           ("in_force", 0.53, "In force"), ("meeting", 0.64, "Meeting needed"),
           ("age", 0.75, "Protects children under"), ("penalty", 0.87, "Maximum prison term"))
# The report page's table width (page() leaves the margins and 0.5 in on the left) and the height its title,
# subtitle, note and source lines take; the page grows to fit the rows.
TABLE_WIDTH_IN = SIZES["report"].width_in - 2 * MARGIN_IN - 0.5
FRAME_IN = 2.35


def table_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The provisions in order of the date they applied from, with the package-wide count of member states."""
    laws = law_table(frames)
    evidence = law_evidence(laws)
    return laws.assign(members_with_offence=evidence.with_offence, members=evidence.members)


def _place(row: pd.Series) -> str:
    name = country_name(row["iso3"])
    return f"{name} ({_(row['jurisdiction'])})" if isinstance(row["jurisdiction"], str) else name


def penalty_label(row: pd.Series) -> str:
    """'10 years', 'Life' or 'Not read', in the current language."""
    if row["max_penalty_kind"] == "life imprisonment":
        return _("Life")
    if row["max_penalty_kind"] == "not read":
        return _("Not read")
    years = float(row["max_penalty_years"])
    if years == 1:
        return _("1 year")
    return _("{years} years", years=number(years, 0 if years.is_integer() else 1))


def _cells(row: pd.Series) -> dict[str, str]:
    import pandas as pd

    return {
        "place": _place(row),
        "provision": f"{citation(row['law'])}, {row['provision']}",
        "in_force": row["in_force"][:4] if isinstance(row["in_force"], str) else _("Not read"),
        "meeting": _(MEETING_LABELS[row["meeting_required"]]),
        "age": str(int(row["victim_age_below"])) if pd.notna(row["victim_age_below"]) else _("Not read"),
        "penalty": penalty_label(row),
    }


def _wrap_widths(width_in: float) -> dict[str, int]:
    """Characters per line that fit each column of a table ``width_in`` wide."""
    chars_per_unit = width_in * 72 / (FONT_PT * 0.6)  # characters per axes width
    starts = [start for _key, start, _label in COLUMNS] + [1.0]
    return {key: max(6, int((starts[i + 1] - start - 0.012) * chars_per_unit))
            for i, (key, start, _label) in enumerate(COLUMNS)}


def _in_reading_order(data: pd.DataFrame) -> pd.DataFrame:
    """The rows by country name in the current language, then jurisdiction and provision."""
    keys = data.assign(_name=data["iso3"].map(country_name))[["_name", "jurisdiction", "provision"]]
    order = sorted(range(len(data)), key=lambda i: tuple(collation_key(v) for v in keys.iloc[i]))
    return data.iloc[order]


def _wrapped_rows(data: pd.DataFrame, width_in: float) -> list[dict[str, list[str]]]:
    """The header, then each row in reading order, as wrapped lines per column."""
    wraps = _wrap_widths(width_in)
    rows = [{key: textwrap.wrap(_(label), wraps[key]) for key, _start, label in COLUMNS}]
    rows += [{key: textwrap.wrap(text, wraps[key]) or ["–"] for key, text in _cells(row).items()}
             for _index, row in _in_reading_order(data).iterrows()]
    return rows


def _row_depths(rows: list[dict[str, list[str]]]) -> list[float]:
    """Depth (inches below the table's top) at which each row starts, then the table's total depth."""
    depths, depth = [], 0.0
    for cells in rows:
        depths.append(depth)
        depth += LINE_IN * (max(len(lines) for lines in cells.values()) + ROW_GAP_LINES)
    return [*depths, depth]


def table_height(data: pd.DataFrame) -> float:
    """How much taller than a standard report page the table's page must be for every row to fit (FRAME_IN holds a
    one-line title: each further line of the title the data give, in the current language, adds its height)."""
    depth = _row_depths(_wrapped_rows(data, TABLE_WIDTH_IN))[-1]
    report = SIZES["report"]
    lines, title_pt = title_lines(table_finding(data), report.width_in - 2 * MARGIN_IN, report.height_in)
    title_in = (len(lines) * title_pt - TITLE_PT) * LINE_GAP / 72
    return max(1.0, (depth + FRAME_IN + title_in) / SIZES["report"].height_in)


def table_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    """Rows placed down from the top of the axes in inches, so they keep their spacing when the footer moves."""
    from matplotlib.lines import Line2D
    from matplotlib.transforms import ScaledTranslation

    ax = axes[0]
    ax.axis("off")
    figure = ax.figure
    rows = _wrapped_rows(data, ax.get_position().width * figure.get_figwidth())
    depths = _row_depths(rows)
    for index, cells in enumerate(rows):
        place = ax.transAxes + ScaledTranslation(0, -depths[index], figure.dpi_scale_trans)
        for key, start, _label in COLUMNS:
            ax.text(start, 1, "\n".join(cells[key]), fontsize=FONT_PT, va="top", linespacing=1.2, transform=place,
                    color=palette.INK, **({"weight": "bold"} if index == 0 else {}))
        if index:
            rule = ax.transAxes + ScaledTranslation(0, -(depths[index + 1] - LINE_IN * 0.3), figure.dpi_scale_trans)
            ax.add_line(Line2D([0, 1], [1, 1], transform=rule, color="#e6e6e6", linewidth=0.6, clip_on=False))


def table_alt(data: pd.DataFrame) -> str:
    parts = [_("Table of {count} provisions that make online grooming or sexual solicitation of a child an offence, "
               "read in the official texts of {states} UN member states.", count=len(data),
               states=int(data["members_with_offence"].iloc[0]))]
    for _index, row in _in_reading_order(data).iterrows():
        cells = _cells(row)
        parts.append(_("{place}: {provision}; in force {in_force}; meeting needed: {meeting}; protects children "
                       "under {age}; maximum {penalty}.", **cells))
    return " ".join(parts)


def table_note(data: pd.DataFrame) -> str:
    row = data.iloc[0]
    return _("{with_offence} of {members} UN member states have an offence in this table; for the other "
             "{unknown} the package has no verified answer, so 'two-thirds of countries have no law against online "
             "grooming' can be neither confirmed nor refuted from it.", with_offence=int(row["members_with_offence"]),
             members=int(row["members"]), unknown=int(row["members"] - row["members_with_offence"]))


def table_finding(data: pd.DataFrame) -> str:
    """The title: in how many of the countries listed a provision needs no meeting (contact alone is the crime)."""
    contact = data.loc[data["meeting_required"].fillna("") == "no", "iso3"].nunique()
    return _("In {contact} of the {countries} countries whose law was read, contacting a child for a sexual purpose "
             "is a crime even without a meeting", contact=contact, countries=data["iso3"].nunique())


register(Recipe(
    id="grooming-laws-table",
    topic="legal",
    title="Online grooming offences, as written in national law",
    finding=table_finding,
    subtitle="Provisions that make it a crime to contact or solicit a child for a sexual purpose, read in "
             "official legal texts",
    caption="Only provisions whose words were read in an official text or official consolidation are listed; a "
            "country that is not listed is not known, which is not the same as having no law. 'Meeting needed': the "
            "offence requires meeting, travelling to meet or arranging to meet the child; 'No' means the contact "
            "itself is the crime. 'In force': the year the data records for the provision (its commencement, its "
            "publication, or the start of the wording read; the data says which). Maximum: the longest prison term "
            "for the basic offence; aggravated forms may carry more.",
    note=table_note,
    datasets=("grooming_laws",),
    prepare=table_data,
    draw=table_draw,
    alt_text=table_alt,
    height_factor=table_height,
    sizes=("report",),
    size_note="A table of laws with six columns and a row per provision needs a page that grows with it; in the "
              "fixed slide, square and story frames the rows would not fit at a readable size.",
))
