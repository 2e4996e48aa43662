"""HBSC cyberbullying figures: countries by age and sex (small multiples) and the girls-boys gap."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from analysis.figures.country_estimates import select_countries, survey_average
from analysis.figures.cyberbullying_countries import register_dumbbell
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.i18n import _, compact_percent, year
from analysis.plotting import palette
from analysis.plotting.axes import percent_x_axis
from analysis.plotting.layout import reserve_label_width, split_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

INDICATOR = "hbsc_cyberbullied"
AGES = ("11", "13", "15")
LATEST = 2022
AGE_SEX_CAPTION = ("Percentages as published in the HBSC Data Browser export, by country or region, age group and "
                   "sex; rows sorted by the mean of girls and boys aged 13. England, Scotland and Wales, and "
                   "Belgium's Flemish and French communities, are separate HBSC samples.")
GAP_CAPTION = ("Percentages as published in the HBSC Data Browser export; the gap is girls minus boys in percentage "
               "points.")
TALL_SIZES = ("report", "story")
TALL_NOTE = ("With one row per HBSC country or region (41), the figure needs a tall page: it is offered at report and "
             "story sizes; slide and square would need type below the minimum.")
NO_INTERVAL = ("The HBSC export publishes no sample sizes or confidence intervals, so none are drawn; with "
               "national samples of this kind, differences of a few points between countries are within "
               "sampling error.")
NO_INTERVAL_LINE = "No intervals published: differences of a few points between countries are within sampling error."


def by_age_sex_data(frames: Mapping[str, pd.DataFrame], year: int) -> pd.DataFrame:
    import pandas as pd

    parts = []
    for age in AGES:
        for sex in ("female", "male"):
            rows, _guard = select_countries(frames, INDICATOR, year, sex=sex, age=age, purpose="one small multiple")
            average = survey_average(frames, INDICATOR, year, sex=sex, age=age)
            rows = rows.assign(survey_average_pct=float(average["value_pct"].iloc[0]) if len(average) else None)
            parts.append(rows)
    data = pd.concat(parts, ignore_index=True)
    order = (data[data["age"] == "13"].groupby("label")["value_pct"].mean().sort_values())
    data["order"] = data["label"].map({label: i for i, label in enumerate(order.index)})
    return data.sort_values(["order", "age", "sex"]).reset_index(drop=True)


def by_age_sex_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    labels = data.drop_duplicates("label").sort_values("order")["label"].tolist()
    reserve_label_width(axes[0], labels, 6.6)
    panels = split_axes(axes[0], 1, len(AGES), wspace=0.08)
    top = float(data["value_pct"].max())
    for ax, age in zip(panels, AGES, strict=True):
        part = data[data["age"] == age]
        # Girls as rings over the boys' filled diamonds, and the two averages dotted and dashed: where the
        # values coincide, both stay visible.
        for sex, marker, name, style in (("male", "D", _("Boys"), "--"), ("female", "o", _("Girls"), ":")):
            rows = part[part["sex"] == sex]
            hollow = {"markerfacecolor": "none", "markeredgewidth": 1.0, "markersize": 4.8} if sex == "female" else {
                "markersize": 3.4}
            ax.plot(rows["value_pct"], rows["order"], marker, color=palette.SEX[sex], label=name, linestyle="none",
                    zorder=3 if sex == "female" else 2.5, **hollow)
            average = rows["survey_average_pct"].iloc[0] if len(rows) else None
            if average is not None and not math.isnan(average):
                ax.axvline(average, color=palette.SEX[sex], linestyle=style, linewidth=0.9)
        ax.set_title(_("Age {age}", age=age), fontsize=9, loc="left")
        percent_x_axis(ax, top, label_last=ax is panels[-1])
        ax.set_ylim(-0.8, len(labels) - 0.2)
        ax.set_yticks(range(len(labels)), labels if ax is panels[0] else [""] * len(labels), fontsize=6.6)
        ax.tick_params(axis="y", length=0)
        for y in range(0, len(labels), 2):
            ax.axhspan(y - 0.5, y + 0.5, color="#f4f4f4", zorder=0, linewidth=0)
    handles, names = panels[-1].get_legend_handles_labels()
    panels[-1].legend(handles[::-1], names[::-1], loc="lower right", fontsize=7, handletextpad=0.2)  # girls first
    panels[1].set_xlabel(_("Cyberbullied at least once or twice in the past couple of months, % "
                           "(HBSC averages: girls dotted, boys dashed)"), fontsize=7.5)


def by_age_sex_alt(data: pd.DataFrame) -> str:
    parts = []
    for age in AGES:
        part = data[data["age"] == age]
        highest = part.sort_values("value_pct").iloc[-1]
        lowest = part.sort_values("value_pct").iloc[0]
        parts.append(_("Age {age}: highest {high_area} ({high_group}, {high_value}), lowest {low_area} "
                       "({low_group}, {low_value}).", age=age, high_area=highest.label,
                       high_group=_("girls" if highest.sex == "female" else "boys"),
                       high_value=compact_percent(highest.value_pct), low_area=lowest.label,
                       low_group=_("girls" if lowest.sex == "female" else "boys"),
                       low_value=compact_percent(lowest.value_pct)))
    countries = data["label"].nunique()
    return " ".join([
        _("Three side-by-side dot charts, one per age group (11, 13, 15), of the percentage of girls and of boys "
          "cyberbullied in the past couple of months in {count} HBSC countries and regions in {year}, sorted by the "
          "13-year-olds' values.", count=countries, year=year(data["year"].iloc[0])),
        *parts, _("Every value is listed in the figure's data file.")])


def age_sex_finding(data: pd.DataFrame) -> str:
    """At the age where it is most common, in how many areas girls are cyberbullied more often than boys."""
    wide = data.pivot_table(index=["area", "age"], columns="sex", values="value_pct").dropna()
    counts = (wide["female"] > wide["male"]).groupby(level="age").agg(["sum", "size"])
    age = counts["sum"].idxmax()
    return _("At {age}, more girls than boys were cyberbullied in {more} of {total} countries and regions",
             age=age, more=int(counts.loc[age, "sum"]), total=int(counts.loc[age, "size"]))


def sex_gap_finding(data: pd.DataFrame) -> str:
    """In how many areas girls of 15 are cyberbullied more often than boys."""
    return _("At 15, more girls than boys were cyberbullied in {more} of {total} countries and regions",
             more=int((data["gap_pp"] > 0).sum()), total=len(data))


register(Recipe(
    id="hbsc-cyberbullying-age-sex",
    topic="cyberbullying",
    title="Cyberbullying by age and sex across Europe, central Asia and Canada",
    finding=age_sex_finding,
    subtitle="Students cyberbullied at least once or twice in the past couple of months, HBSC 2021/22, "
             "girls and boys aged 11, 13 and 15",
    caption=joined_caption(AGE_SEX_CAPTION, NO_INTERVAL),
    note="HBSC samples students in school by grade; '11' means the grade where most students are 11.",
    caveat=NO_INTERVAL_LINE,
    datasets=("survey_estimates", "indicators"),
    prepare=partial(by_age_sex_data, year=LATEST),
    draw=by_age_sex_draw,
    alt_text=by_age_sex_alt,
    height_factor=2.3,
    sizes=TALL_SIZES,
    size_note=TALL_NOTE,
))

register_dumbbell(
    "hbsc-cyberbullying-sex-gap", INDICATOR, LATEST, "15",
    title="Where girls are cyberbullied more than boys, and where not",
    finding=sex_gap_finding,
    subtitle="15-year-olds cyberbullied at least once or twice in the past couple of months, girls and boys, "
             "HBSC 2021/22",
    what="the percentage of 15-year-olds cyberbullied in the past couple of months (HBSC 2021/22)",
    caption=GAP_CAPTION, caption_extra=NO_INTERVAL,
    height_factor=2.0,
    sizes=TALL_SIZES,
    size_note=TALL_NOTE,
)
