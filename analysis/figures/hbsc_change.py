"""HBSC cyberbullying, 2017/18 to 2021/22: each country's change, girls and boys, where both cycles have the data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.figures.country_estimates import select_countries
from analysis.figures.registry import Recipe, register
from analysis.i18n import _, compact_percent, integer, semicolon_list, signed
from analysis.measures import Measures
from analysis.plotting import palette
from analysis.plotting.axes import percent_x_axis
from analysis.plotting.layout import reserve_label_width, split_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

INDICATOR = "hbsc_cyberbullied"
FIRST, LAST = 2018, 2022
AGE = "13"
SEXES = ("female", "male")
CYCLES = {FIRST: "2017/18", LAST: "2021/22"}
KEEP = ["indicator_id", "area", "label", "age", "sex", "value_first_pct", "value_last_pct", "change_pp", "order",
        "source_id", "locator"]


def change_data(frames: Mapping[str, pd.DataFrame], age: str = AGE) -> pd.DataFrame:
    """One row per country and sex: both cycles' percentages and the change, for areas surveyed in both."""
    import pandas as pd

    parts = []
    for sex in SEXES:
        first, _g = select_countries(frames, INDICATOR, FIRST, sex=sex, age=age, purpose="one change chart")
        last, _g = select_countries(frames, INDICATOR, LAST, sex=sex, age=age, purpose="one change chart")
        # the two cycles may share the chart only as one measure, one age and one sex
        Measures(frames["indicators"]).require_comparable_estimates(
            pd.concat([first, last]), purpose="one change chart", uniform=("age", "sex"))
        both = first.merge(last, on=["indicator_id", "area", "label", "sex", "age"], suffixes=("_first", "_last"))
        both = both.assign(
            value_first_pct=both["value_pct_first"], value_last_pct=both["value_pct_last"],
            change_pp=(both["value_pct_last"] - both["value_pct_first"]).round(4),
            source_id=[a if a == b else f"{a};{b}" for a, b in zip(both["source_id_first"], both["source_id_last"],
                                                                   strict=True)],
            locator=[f"{CYCLES[FIRST]}: {a}; {CYCLES[LAST]}: {b}" for a, b in zip(both["locator_first"],
                                                                                 both["locator_last"], strict=True)])
        parts.append(both)
    data = pd.concat(parts, ignore_index=True)
    counts = data.groupby("area")["sex"].nunique()
    data = data[data["area"].map(counts) == len(SEXES)]  # girls and boys both, so the rows line up
    mean_change = data.groupby("label")["change_pp"].mean().sort_values(kind="stable")
    data = data.assign(order=data["label"].map({label: i for i, label in enumerate(mean_change.index)}))
    return data.sort_values(["order", "sex"])[KEEP].reset_index(drop=True)


def tally(data: pd.DataFrame, sex: str) -> dict[str, int]:
    """How many areas were higher, lower or unchanged in the later cycle (whole percentages as published)."""
    change = data.loc[data["sex"] == sex, "change_pp"]
    return {"up": int((change > 0).sum()), "down": int((change < 0).sum()), "same": int((change == 0).sum())}


def change_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    labels = data.drop_duplicates("label").sort_values("order")["label"].tolist()
    reserve_label_width(axes[0], labels, 6.8)
    panels = split_axes(axes[0], 1, len(SEXES), wspace=0.08)
    top = float(data[["value_first_pct", "value_last_pct"]].max().max())
    for ax, sex in zip(panels, SEXES, strict=True):
        part = data[data["sex"] == sex]
        colour = palette.SEX[sex]
        ax.hlines(part["order"], part[["value_first_pct", "value_last_pct"]].min(axis=1),
                  part[["value_first_pct", "value_last_pct"]].max(axis=1), color=palette.RULE, linewidth=1.4,
                  zorder=1)
        # The earlier cycle a ring drawn over the later cycle's smaller dot: an unchanged value shows both.
        ax.plot(part["value_last_pct"], part["order"], "o", color=colour, markersize=3.4, linestyle="none",
                label=CYCLES[LAST], zorder=2)
        ax.plot(part["value_first_pct"], part["order"], "o", markerfacecolor="none", markeredgecolor=colour,
                markersize=5.2, markeredgewidth=1, linestyle="none", label=CYCLES[FIRST], zorder=3)
        ax.set_title(_("Girls") if sex == "female" else _("Boys"), fontsize=9, loc="left")
        percent_x_axis(ax, top, label_last=ax is panels[-1])
        ax.set_ylim(-0.8, len(labels) - 0.2)
        ax.set_yticks(range(len(labels)), labels if ax is panels[0] else [""] * len(labels), fontsize=6.6)
        ax.tick_params(axis="y", length=0)
        for y in range(0, len(labels), 2):
            ax.axhspan(y - 0.5, y + 0.5, color="#f4f4f4", zorder=0, linewidth=0)
    # the key is in the axis label: a legend box would hide the rows behind it
    panels[0].set_xlabel(_("Cyberbullied at least once or twice in the past couple of months, % (hollow dots: "
                           "2017/18; filled: 2021/22; one filled dot: no change)"), fontsize=7.5)


def change_finding(data: pd.DataFrame) -> str:
    """The title: in how many areas girls, and boys, were cyberbullied more often in the later cycle."""
    girls, boys = tally(data, "female"), tally(data, "male")
    return _("At {age}, cyberbullying was higher in {last} than in {first} in {girls} of {count} countries and "
             "regions for girls, {boys} for boys", age=data["age"].iloc[0], first=CYCLES[FIRST], last=CYCLES[LAST],
             girls=girls["up"], boys=boys["up"], count=data["area"].nunique())


def change_caption(data: pd.DataFrame) -> str:
    girls, boys = tally(data, "female"), tally(data, "male")
    return " ".join([
        _("Percentages as published in the HBSC Data Browser export (the same measure, cbeenbullied_once, in both "
          "cycles) for the {count} countries and regions with girls and boys aged {age} in both the 2017/18 and "
          "2021/22 surveys; rows sorted by the mean of the girls' and boys' changes.",
          count=data["area"].nunique(), age=data["age"].iloc[0]),
        _("Higher in 2021/22: girls in {g_up}, boys in {b_up}; lower: girls in {g_down}, boys in {b_down}; "
          "unchanged: girls in {g_same}, boys in {b_same}.", g_up=girls["up"], b_up=boys["up"],
          g_down=girls["down"], b_down=boys["down"], g_same=girls["same"], b_same=boys["same"]),
        _("The export gives whole percentages without sample sizes or confidence intervals, so no change is "
          "tested: a difference of one or two points may be rounding or sampling error."),
    ])


def change_alt(data: pd.DataFrame) -> str:
    girls, boys = tally(data, "female"), tally(data, "male")
    rows = []
    for label, part in data.sort_values("order", ascending=False).groupby("label", sort=False):
        cells = {r.sex: r for r in part.itertuples(index=False)}
        rows.append(_("{country}: girls {g_first} to {g_last}, boys {b_first} to {b_last}", country=label,
                      g_first=compact_percent(cells["female"].value_first_pct),
                      g_last=compact_percent(cells["female"].value_last_pct),
                      b_first=compact_percent(cells["male"].value_first_pct),
                      b_last=compact_percent(cells["male"].value_last_pct)))
    median = data.groupby("sex")["change_pp"].median()
    return " ".join([
        _("Two dot charts side by side, girls and boys, one row per country or region: a hollow dot for 2017/18 "
          "and a filled dot for 2021/22, the percentage of {age}-year-olds cyberbullied in the past couple of "
          "months, sorted by the change.", age=data["age"].iloc[0]),
        _("Higher in 2021/22 in {g_up} of {count} for girls and {b_up} for boys; median change {g_med} points for "
          "girls and {b_med} for boys.", g_up=integer(girls["up"]), b_up=integer(boys["up"]),
          count=integer(data["area"].nunique()), g_med=signed(median["female"], 0), b_med=signed(median["male"], 0)),
        semicolon_list(rows) + ".",
    ])


register(Recipe(
    id="hbsc-cyberbullying-change",
    topic="cyberbullying",
    title="Cyberbullying of 13-year-olds in HBSC countries, 2017/18 and 2021/22",
    finding=change_finding,
    subtitle="Students aged 13 cyberbullied at least once or twice in the past couple of months, girls and boys, "
             "HBSC 2017/18 and 2021/22",
    caption=change_caption,
    note="Changes not tested: the HBSC export publishes no sample sizes or confidence intervals. Countries "
         "surveyed in only one of the two cycles are left out.",
    datasets=("survey_estimates", "indicators"),
    prepare=change_data,
    draw=change_draw,
    alt_text=change_alt,
    height_factor=2.2,
    sizes=("report", "story"),
    size_note="With one row per HBSC country or region (41) and two panels, the figure needs a tall page: it is "
              "offered at report and story sizes; slide and square would need type below the minimum.",
))
