"""The online-grooming offences read in official legal texts, as a table, with what they leave unknown."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.figures.registry import Recipe, register
from analysis.grooming_laws import MEETING_LABELS, law_evidence, law_table
from analysis.i18n import _, country_name, number
from analysis.plotting import palette

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

FONT_PT = 7.5
# Column starts (fraction of the axes width) and wrap widths (characters at 7.5 pt on a report page).
COLUMNS = (("place", 0.0, "Country (jurisdiction)"), ("provision", 0.21, "Law and provision"),
           ("in_force", 0.55, "In force"), ("meeting", 0.64, "Meeting needed"),
           ("age", 0.75, "Protects children under"), ("penalty", 0.87, "Maximum prison term"))


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
        "provision": f"{row['law']}, {row['provision']}",
        "in_force": row["in_force"][:4] if isinstance(row["in_force"], str) else _("Not read"),
        "meeting": _(MEETING_LABELS[row["meeting_required"]]),
        "age": str(int(row["victim_age_below"])) if pd.notna(row["victim_age_below"]) else _("Not read"),
        "penalty": penalty_label(row),
    }


def table_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    ax = axes[0]
    ax.axis("off")
    box = ax.get_position()
    width_in, height_in = box.width * ax.figure.get_figwidth(), box.height * ax.figure.get_figheight()
    chars_per_unit = width_in * 72 / (FONT_PT * 0.6)  # characters per axes width
    starts = [start for _key, start, _label in COLUMNS] + [1.0]
    wraps = {key: max(6, int((starts[i + 1] - start - 0.012) * chars_per_unit))
             for i, (key, start, _label) in enumerate(COLUMNS)}
    line = FONT_PT * 1.3 / 72 / height_in  # one text line, as a fraction of the axes height
    headers = {key: textwrap.wrap(_(label), wraps[key]) for key, _start, label in COLUMNS}
    y = 1.0
    for key, start, _label in COLUMNS:
        ax.text(start, y, "\n".join(headers[key]), weight="bold", fontsize=FONT_PT, va="top",
                transform=ax.transAxes, color=palette.INK, linespacing=1.2)
    y -= line * (max(len(lines) for lines in headers.values()) + 0.6)
    for _index, row in data.iterrows():
        cells = {key: textwrap.wrap(text, wraps[key]) or ["–"] for key, text in _cells(row).items()}
        for key, start, _label in COLUMNS:
            ax.text(start, y, "\n".join(cells[key]), fontsize=FONT_PT, va="top", linespacing=1.2,
                    transform=ax.transAxes, color=palette.INK)
        y -= line * (max(len(lines) for lines in cells.values()) + 0.6)
        ax.axhline(y + line * 0.3, color="#e6e6e6", linewidth=0.6)
    ax.set_ylim(0, 1)


def table_alt(data: pd.DataFrame) -> str:
    parts = [_("Table of {count} provisions that make online grooming or sexual solicitation of a child an offence, "
               "read in the official texts of {states} UN member states.", count=len(data),
               states=int(data["members_with_offence"].iloc[0]))]
    for _index, row in data.iterrows():
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


register(Recipe(
    id="grooming-laws-table",
    topic="legal",
    title="Online grooming offences, as written in national law",
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
    height_factor=1.6,
    sizes=("report",),
    size_note="A table of laws with six columns and a row per provision needs a page that grows with it; in the "
              "fixed slide, square and story frames the rows would not fit at a readable size.",
))
