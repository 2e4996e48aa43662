"""Cyberbullying figures: US national YRBS bullying measures over time and by sex."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.figures.registry import Recipe, register
from analysis.plotting import palette
from analysis.stats.proportions import difference_independent, se_from_ci

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

ELECTRONIC = "yrbs_electronically_bullied"
SCHOOL = "yrbs_bullied_on_school_property"
YRBS_MEASURES = (SCHOOL, ELECTRONIC)
MEASURE_COLOURS = {SCHOOL: palette.ORANGE, ELECTRONIC: palette.BLUE}
MEASURE_LABELS = {SCHOOL: "Bullied on school property", ELECTRONIC: "Electronically bullied"}
MINUS = "\u2212"
WORDING_CHANGE_YEAR = 2017


def yrbs_rows(frames: Mapping[str, pd.DataFrame], sex: str | None = None) -> pd.DataFrame:
    """US YRBS rows for the two bullying measures, with indicator titles attached."""
    estimates = frames["survey_estimates"]
    rows = estimates[estimates["indicator_id"].isin(YRBS_MEASURES)
                     & (estimates["iso3"] == "USA") & (estimates["age"] == "all")]
    if sex is not None:
        rows = rows[rows["sex"] == sex]
    rows = rows.assign(measure=rows["indicator_id"].map(MEASURE_LABELS))
    return rows.sort_values(["indicator_id", "year", "sex"]).reset_index(drop=True)


def _percent_axis(ax: Axes, top: float) -> None:
    from matplotlib.ticker import PercentFormatter

    step = 5 if top <= 40 else 10
    ax.set_ylim(0, step * (int(top // step) + 1))
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))


def _mark_wording_change(ax: Axes, years: list[int]) -> None:
    before = max(y for y in years if y < WORDING_CHANGE_YEAR)
    x = (before + WORDING_CHANGE_YEAR) / 2
    ax.axvline(x, color=palette.RULE, linestyle=":", linewidth=1)
    ax.annotate("Electronic-bullying\nquestion reworded", xy=(x, ax.get_ylim()[1]),
                xytext=(4, -4), textcoords="offset points", va="top", ha="left",
                fontsize=7.5, color=palette.MUTED)


# --- Trend of both measures -------------------------------------------------------------

def trend_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    rows = yrbs_rows(frames, sex="total")
    return rows[["indicator_id", "measure", "year", "value_pct", "ci_low_pct", "ci_high_pct", "n",
                 "source_id", "locator"]]


def trend_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    ax = axes[0]
    years = sorted(data["year"].unique())
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        colour = MEASURE_COLOURS[indicator_id]
        with_ci = rows.dropna(subset=["ci_low_pct", "ci_high_pct"])
        ax.fill_between(with_ci["year"], with_ci["ci_low_pct"], with_ci["ci_high_pct"],
                        color=colour, alpha=0.18, linewidth=0)
        ax.plot(rows["year"], rows["value_pct"], marker="o", color=colour)
        last = rows.iloc[-1]
        label = MEASURE_LABELS[indicator_id].replace(" on ", "\non ")
        ax.annotate(f"{label}\n{last['value_pct']:.1f}% in {last['year']}",
                    xy=(last["year"], last["value_pct"]), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize=8, color=colour,
                    weight="bold")
    _percent_axis(ax, float(data[["value_pct", "ci_high_pct"]].max().max()))
    ax.set_xticks(years)
    ax.set_xlim(years[0] - 0.6, years[-1] + 4.2)
    ax.spines["bottom"].set_bounds(years[0], years[-1])
    ax.set_ylabel("Students, % (95% CI shaded)")
    _mark_wording_change(ax, years)


def trend_alt(data: pd.DataFrame) -> str:
    parts = []
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        values = ", ".join(f"{r.value_pct:.1f}% in {r.year}" for r in rows.itertuples())
        parts.append(f"{MEASURE_LABELS[indicator_id]}: {values}.")
    years = sorted(data["year"].unique())
    return (f"Line chart of the percentage of US high-school students bullied in the 12 months "
            f"before the survey, national YRBS {years[0]}-{years[-1]}. " + " ".join(parts)
            + " Shaded bands show published 95% confidence intervals; the electronic-bullying "
            "question was reworded in 2017.")


register(Recipe(
    id="yrbs-bullying-trend",
    topic="cyberbullying",
    title="Bullying of US high-school students, at school and online",
    subtitle="Students bullied in the 12 months before the survey, grades 9-12, "
             "national Youth Risk Behavior Survey",
    caption="Weighted percentages and 95% confidence intervals as published by CDC for each "
            "national YRBS cycle; no re-estimation. Students answer for themselves in a "
            "school-based probability sample.",
    note="Electronic bullying counted e-mail, chat rooms, instant messaging, websites and texting "
         "until 2015, and texting and social media from 2017, so the series is not strictly "
         "comparable across that change.",
    datasets=("survey_estimates", "indicators"),
    prepare=trend_data,
    draw=trend_draw,
    alt_text=trend_alt,
))


# --- Female-male gap ------------------------------------------------------------------------

def gap_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Female minus male, in percentage points, with a 95% CI from the published intervals."""
    import pandas as pd

    rows = yrbs_rows(frames).dropna(subset=["ci_low_pct", "ci_high_pct"])
    records = []
    for (indicator_id, year), group in rows.groupby(["indicator_id", "year"]):
        by_sex = group.set_index("sex")
        if not {"female", "male"} <= set(by_sex.index):
            continue
        f, m = by_sex.loc["female"], by_sex.loc["male"]
        diff = difference_independent(
            f["value_pct"], se_from_ci(f["ci_low_pct"], f["ci_high_pct"]),
            m["value_pct"], se_from_ci(m["ci_low_pct"], m["ci_high_pct"]))
        records.append({
            "indicator_id": indicator_id,
            "measure": MEASURE_LABELS[indicator_id],
            "year": int(year),
            "female_pct": f["value_pct"],
            "male_pct": m["value_pct"],
            "gap_pp": round(diff.estimate, 4),
            "gap_ci_low_pp": round(diff.ci_low, 4),
            "gap_ci_high_pp": round(diff.ci_high, 4),
            "interval_excludes_zero": diff.significant,
            "source_id": f["source_id"] if f["source_id"] == m["source_id"]
            else f"{f['source_id']};{m['source_id']}",
            "locator": f["locator"] if f["locator"] == m["locator"]
            else f"female: {f['locator']}; male: {m['locator']}",
        })
    return pd.DataFrame.from_records(records)


def gap_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from matplotlib.ticker import FuncFormatter

    ax = axes[0]
    offsets = {SCHOOL: -0.28, ELECTRONIC: 0.28}
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        colour = MEASURE_COLOURS[indicator_id]
        x = rows["year"] + offsets[indicator_id]
        ax.errorbar(x, rows["gap_pp"],
                    yerr=[rows["gap_pp"] - rows["gap_ci_low_pp"], rows["gap_ci_high_pp"] - rows["gap_pp"]],
                    fmt="o", color=colour, ecolor=colour, elinewidth=1.4, capsize=0,
                    label=MEASURE_LABELS[indicator_id])
    ax.axhline(0, color=palette.INK, linewidth=0.9)
    years = sorted(data["year"].unique())
    ax.set_xticks(years)
    low = min(0.0, float(data["gap_ci_low_pp"].min()))
    high = max(0.0, float(data["gap_ci_high_pp"].max()))
    ax.set_ylim(low - 1, high + 1.5)
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _: f"{v:+.0f}".replace("-", MINUS) if v else "0"))
    ax.set_ylabel("Girls minus boys, points")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, borderaxespad=0.2)
    ax.annotate("Above 0: girls more often bullied", xy=(0, 0), xycoords=("axes fraction", "data"),
                xytext=(4, 3), textcoords="offset points", fontsize=7.5, color=palette.MUTED)


def gap_alt(data: pd.DataFrame) -> str:
    parts = []
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        values = ", ".join(
            f"{r.year}: {r.gap_pp:+.1f} points (95% CI {r.gap_ci_low_pp:+.1f} to {r.gap_ci_high_pp:+.1f})"
            for r in rows.itertuples())
        parts.append(f"{MEASURE_LABELS[indicator_id]}, girls minus boys: {values}.")
    return ("Dot chart with 95% confidence intervals of the difference between the percentages "
            "of female and male US high-school students bullied in the past 12 months, national "
            "YRBS. " + " ".join(parts))


register(Recipe(
    id="yrbs-bullying-sex-gap",
    topic="cyberbullying",
    title="How much more often girls than boys are bullied, US high schools",
    subtitle="Difference between female and male US high-school students bullied in the "
             "past 12 months, percentage points, with 95% CI",
    caption="Gap = female minus male published percentage. Its 95% CI combines standard errors "
            "recovered from CDC's published intervals (SE = width / 3.92) as for independent "
            "samples (Wald); an approximation, since the published intervals are not exactly "
            "symmetric and both sexes come from the same clustered sample.",
    note="Electronic bullying counted e-mail, chat rooms, instant messaging, websites and texting "
         "until 2015, and texting and social media from 2017.",
    datasets=("survey_estimates", "indicators"),
    prepare=gap_data,
    draw=gap_draw,
    alt_text=gap_alt,
))
