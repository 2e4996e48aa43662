"""The definitions panel: each survey's headline cyberbullying number beside what it measures."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.figures.country_estimates import area_label
from analysis.figures.registry import Recipe, register
from analysis.findings import and_list
from analysis.i18n import _, compact_percent, semicolon_list, year
from analysis.measures import Measures
from analysis.plotting import palette

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

TOPIC = "cyberbullying"
COLUMNS = (("survey", "Survey", 24), ("respondent", "Respondents", 15), ("ages", "Ages", 15),
           ("recall_period", "Recall period", 16), ("sample_frame", "Sample", 13))
RESPONDENT = {"child": "children", "parent": "parents", "mixed": "mixed"}


def headline_rows(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per cyberbullying indicator: the survey's own average (or its single country), latest year,
    both sexes, widest age group."""
    import pandas as pd

    indicators = frames["indicators"]
    estimates = frames["survey_estimates"]
    chosen = []
    for indicator in indicators[indicators["topic"] == TOPIC].itertuples(index=False):
        rows = estimates[(estimates["indicator_id"] == indicator.indicator_id) & (estimates["sex"] == "total")]
        if rows.empty:
            continue
        averages = rows[rows["area"] == "average"]
        if not averages.empty:
            rows = averages
        elif rows["area"].nunique() > 1:
            continue  # several countries and no published average: no single headline number
        rows = rows[rows["year"] == rows["year"].max()]
        rows = rows.assign(width=rows["age"].map(_age_width)).sort_values("width", ascending=False)
        widest = rows[rows["width"] == rows["width"].iloc[0]]
        head = widest.iloc[0].copy()
        # Published only by single age group: show the range across the age groups.
        head["value_low_pct"] = float(widest["value_pct"].min())
        head["value_pct"] = float(widest["value_pct"].max())
        head["ages_shown"] = ", ".join(sorted(widest["age"], key=_age_start)) if len(widest) > 1 else head["age"]
        head["locator"] = "; ".join(widest["locator"])
        chosen.append(head)
    return pd.DataFrame(chosen)


def _age_start(age: str) -> int:
    return int(age.split("-")[0]) if age != "all" else 0


def _age_width(age: str) -> int:
    if age == "all":
        return 1000
    low, _dash, high = age.partition("-")
    return int(high or low) - int(low)


def definitions_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    heads = headline_rows(frames)
    measures = Measures(frames["indicators"])
    comparison = measures.require_comparable(heads["indicator_id"], purpose="one definitions panel",
                                             allow_noncomparable=True)
    records = []
    for row in heads.itertuples(index=False):
        m = measures[row.indicator_id]
        if row.ages_shown != "all":
            ages = _("{ages} (each age group)", ages=row.ages_shown) if "," in row.ages_shown else row.ages_shown
        else:
            ages = _(m.age_band) if not m.age_band[:1].isdigit() else m.age_band
        records.append({
            "indicator_id": row.indicator_id,
            "survey": _(m.title),
            "respondent": _(RESPONDENT.get(m.respondent, m.respondent)),
            "ages": ages,
            "recall_period": _(m.recall_period),
            "sample_frame": _(m.sample_frame),
            "area": _("survey average") if row.area == "average" else area_label(row.area),
            "year": int(row.year),
            "value_low_pct": float(row.value_low_pct),
            "value_pct": float(row.value_pct),
            "n": row.n,
            "comparability_note": comparison.note(),
            "source_id": row.source_id,
            "locator": row.locator,
        })
    return pd.DataFrame(records).sort_values("value_pct", ascending=False).reset_index(drop=True)


def definitions_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from analysis.plotting.layout import MARGIN_IN

    ax = axes[0]
    box = ax.get_position()
    left = MARGIN_IN / ax.figure.get_figwidth()
    ax.set_position((left, box.y0, box.x1 - left, box.height))
    ax.axis("off")
    ax.grid(False)
    n = len(data)
    ax.set_ylim(n + 0.2, -0.9)
    ax.set_xlim(0, 1)
    x = 0.0
    positions = []
    total_chars = sum(column[2] for column in COLUMNS) + 30
    for _column, heading, width in COLUMNS:
        positions.append(x)
        header = "\n".join(textwrap.wrap(_(heading), width - 1, break_long_words=False))
        ax.text(x, -0.55, header, fontsize=7.5, weight="bold",
                color=palette.INK, va="center")
        x += width / total_chars
    bar_left, bar_width = x + 0.01, (0.99 - x - 0.01) * 0.4  # 100% = 40% of the column: room for the label
    ax.text(bar_left, -0.55, "\n".join(textwrap.wrap(_("Headline value (bar: 0-100%)"), 18)), fontsize=7.5,
            weight="bold",
            color=palette.INK, va="center")
    for i, row in enumerate(data.itertuples(index=False)):
        y = i + 0.25
        if i % 2 == 0:
            ax.axhspan(i - 0.25, i + 0.75, color="#f2f2f2", zorder=0)
        for (column, _heading, width), left in zip(COLUMNS, positions, strict=True):
            text = "\n".join(textwrap.wrap(str(getattr(row, column)), width, break_long_words=False))
            ax.text(left, y, text, fontsize=6.8, color=palette.INK, va="center", linespacing=1.1)
        ranged = row.value_low_pct != row.value_pct
        ax.add_patch(_bar(bar_left, y, bar_width * row.value_pct / 100, ranged))
        if ranged:
            ax.add_patch(_bar(bar_left, y, bar_width * row.value_low_pct / 100, False))
        value = (f"{compact_percent(row.value_low_pct)}\u2013{compact_percent(row.value_pct)}"
                 if ranged else compact_percent(row.value_pct))
        ax.text(bar_left + bar_width * row.value_pct / 100 + 0.008, y,
                f"{value}\n({row.area}, {year(row.year)})", fontsize=6.8, color=palette.INK, va="center")


def _bar(left: float, y: float, width: float, light: bool):
    from matplotlib.patches import Rectangle

    return Rectangle((left, y - 0.18), width, 0.36, facecolor=palette.SKY_BLUE if light else palette.BLUE,
                     edgecolor="none")


def definitions_alt(data: pd.DataFrame) -> str:
    parts = [_("{survey}: {value} ({area}, {year}); answered by {respondent}, ages {ages}, recall period {recall}, "
               "{frame}.", survey=r.survey, value=_value(r), area=r.area, year=year(r.year), respondent=r.respondent,
               ages=r.ages, recall=r.recall_period, frame=r.sample_frame) for r in data.itertuples(index=False)]
    return " ".join([_("Table of the cyberbullying surveys in the toolkit, each with its headline percentage drawn as "
                       "a bar and what it measures."), *parts])


def _value(row: object) -> str:
    low, high = row.value_low_pct, row.value_pct
    if low != high:
        return _("{low} to {high} across age groups", low=compact_percent(low), high=compact_percent(high))
    return compact_percent(high)


def definitions_note(data: pd.DataFrame) -> str:
    differences = [_("{attribute} differs ({values})", attribute=_(heading).lower(),
                     values=_(" vs ").join(dict.fromkeys(data[column].astype(str))))
                   for column, heading, _width in COLUMNS[1:] if data[column].nunique() > 1]
    if not differences:
        return _("The bars are side by side to show the definitions, not to rank the surveys.")
    return " ".join([_("Not directly comparable: {differences}.", differences=semicolon_list(differences)),
                     _("The bars are side by side to show the definitions, not to rank the surveys.")])


def definitions_finding(data: pd.DataFrame) -> str:
    """The title: the span of the headline values, and what differs between the surveys behind them."""
    differing = [_(heading).lower() for column, heading, _width in COLUMNS[1:] if data[column].nunique() > 1]
    low, high = compact_percent(data["value_low_pct"].min()), compact_percent(data["value_pct"].max())
    if not differing:
        return _("Headline bullying numbers from {low} to {high}, from surveys with the same definitions", low=low,
                 high=high)
    return _("Headline bullying numbers, {low} to {high}, come from surveys that differ in {differences}", low=low,
             high=high, differences=and_list(differing))


register(Recipe(
    id="cyberbullying-definitions",
    topic=TOPIC,
    title="Why headline cyberbullying numbers differ",
    finding=definitions_finding,
    subtitle="Each survey's headline figure beside who answered, the ages, the recall period and the sample",
    caption="Headline values as published: the survey's own cross-country average where it publishes one, "
            "otherwise its single country; latest wave, both sexes; where a survey publishes only by age "
            "group, the range across its age groups (light bar: the highest value, dark bar: the lowest). "
            "The surveys differ in respondent, age "
            "range, recall period and sampling, so their numbers are not comparable with one another.",
    note=definitions_note,
    datasets=("survey_estimates", "indicators"),
    prepare=definitions_data,
    draw=definitions_draw,
    alt_text=definitions_alt,
    height_factor=1.25,
    sizes=("report", "slide"),
    size_note="A six-column table needs a landscape page: it is offered at report and slide sizes only.",
))
