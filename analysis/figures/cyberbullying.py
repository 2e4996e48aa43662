"""Cyberbullying figures: US national YRBS bullying measures over time and by sex."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.figures.registry import Recipe, register
from analysis.i18n import _, percent, percent_formatter, semicolon_list, signed
from analysis.i18n import year as year_text
from analysis.plotting import palette
from analysis.plotting.labels import spread
from analysis.stats.proportions import difference_independent, se_from_ci

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

ELECTRONIC = "yrbs_electronically_bullied"
SCHOOL = "yrbs_bullied_on_school_property"
YRBS_MEASURES = (SCHOOL, ELECTRONIC)
MEASURE_COLOURS = {SCHOOL: palette.ORANGE, ELECTRONIC: palette.BLUE}
MEASURE_LABELS = {SCHOOL: "Bullied on school property", ELECTRONIC: "Electronically bullied"}
MEASURE_LINES = {SCHOOL: "Bullied\non school property", ELECTRONIC: "Electronically\nbullied"}
WORDING_CHANGE_YEAR = 2017
CYCLE_YEARS = 2  # the national YRBS runs every second year
END_LABEL_PT = 8.0
# Cycles that CDC ran differently, as its methods reports say (read with the search tool, corpus pages): a short
# phrase for the caveat line on the image and a sentence, with the source, for the caption.
# 2021: "In 2021, these surveys were conducted during the COVID-19 pandemic." CDC, Overview and Methods for the Youth
#   Risk Behavior Surveillance System - United States, 2021, MMWR Suppl 2023;72(1),
#   https://www.cdc.gov/mmwr/volumes/72/su/su7201a1.htm (abstract).
# 2023: "For the 2023 national YRBS, CDC made changes to the sampling method, survey administration mode, and
#   questionnaire": an American Indian or Alaska Native supplemental sample, and a change "from paper-and-pencil
#   scannable booklets to a tablet-based electronic survey". CDC, Overview and Methods for the Youth Risk Behavior
#   Surveillance System - United States, 2023, MMWR Suppl 2024;73(4):1-12,
#   https://www.cdc.gov/mmwr/volumes/73/su/su7304a1.htm (abstract).
CYCLE_CHANGES = {
    2021: ("2021 surveyed in the COVID-19 pandemic",
           "CDC ran the 2021 survey during the COVID-19 pandemic (CDC, Overview and Methods for the YRBSS, United "
           "States, 2021, MMWR Suppl 72(1))."),
    2023: ("2023 on tablets, not paper, with an added sample",
           "For 2023 CDC changed the sampling (an added sample of American Indian and Alaska Native students), the "
           "mode (tablets instead of paper-and-pencil booklets) and the questionnaire (CDC, Overview and Methods for "
           "the YRBSS, United States, 2023, MMWR Suppl 73(4))."),
}


def consecutive_runs(years: list[int], break_before: int | None = None, step: int = CYCLE_YEARS) -> list[list[int]]:
    """Split sorted years into runs of consecutive editions ``step`` years apart (YRBS: two; annual counts: one).
    A missing edition breaks a run, and so does ``break_before``, a year whose question wording changed."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year - runs[-1][-1] == step and year != break_before:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def cycle_caveat(data: pd.DataFrame) -> str:
    """The line on the image naming the plotted cycles that CDC ran differently (none: no line)."""
    years = set(data["year"].astype(int))
    changes = [_(phrase) for year, (phrase, _sentence) in CYCLE_CHANGES.items() if year in years]
    return _("Compare with care: {changes}.", changes=semicolon_list(changes)) if changes else ""


def cycle_sentences(data: pd.DataFrame) -> str:
    """The caption's account of those cycles, with CDC's methods report for each."""
    years = set(data["year"].astype(int))
    return " ".join(_(sentence) for year, (_phrase, sentence) in CYCLE_CHANGES.items() if year in years)


def yrbs_rows(frames: Mapping[str, pd.DataFrame], sex: str | None = None) -> pd.DataFrame:
    """US YRBS rows for the two bullying measures, with indicator titles attached."""
    estimates = frames["survey_estimates"]
    rows = estimates[estimates["indicator_id"].isin(YRBS_MEASURES)
                     & (estimates["area"] == "USA") & (estimates["age"] == "all")]
    if sex is not None:
        rows = rows[rows["sex"] == sex]
    rows = rows.assign(measure=rows["indicator_id"].map(MEASURE_LABELS))  # the data file stays in English
    return rows.sort_values(["indicator_id", "year", "sex"]).reset_index(drop=True)


def _percent_axis(ax: Axes, top: float) -> None:
    step = 5 if top <= 40 else 10
    ax.set_ylim(0, step * (int(top // step) + 1))
    ax.yaxis.set_major_formatter(percent_formatter())


def _mark_wording_change(ax: Axes, years: list[int]) -> float:
    """A dotted line between the last cycle before the reworded question and the first after; returns its x."""
    before = max(y for y in years if y < WORDING_CHANGE_YEAR)
    x = (before + WORDING_CHANGE_YEAR) / 2
    ax.axvline(x, color=palette.RULE, linestyle=":", linewidth=1)  # explained in the note
    return x


# --- Trend of both measures -------------------------------------------------------------

def trend_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    rows = yrbs_rows(frames, sex="total")
    return rows[["indicator_id", "measure", "area", "year", "value_pct", "ci_low_pct", "ci_high_pct", "n",
                 "source_id", "locator"]]


def trend_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import matplotlib

    ax = axes[0]
    years = sorted(data["year"].unique())
    _percent_axis(ax, float(data[["value_pct", "ci_high_pct"]].max().max()))
    ends = []
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        colour = MEASURE_COLOURS[indicator_id]
        with_ci = rows.dropna(subset=["ci_low_pct", "ci_high_pct"])
        if not with_ci.empty:
            ax.fill_between(with_ci["year"], with_ci["ci_low_pct"], with_ci["ci_high_pct"],
                            color=colour, alpha=0.18, linewidth=0)
        by_year = rows.set_index("year")["value_pct"]
        change = WORDING_CHANGE_YEAR if indicator_id == ELECTRONIC else None
        for run in consecutive_runs(list(by_year.index), change):
            ax.plot(run, by_year.loc[run].to_numpy(), marker="o", color=colour)
        ends.append((indicator_id, rows.iloc[-1]))
    labels = {indicator_id: _("{measure}\n{value} in {year}", measure=_(MEASURE_LINES[indicator_id]),
                              value=percent(last["value_pct"]), year=year_text(last["year"]))
              for indicator_id, last in ends}
    lines = max(text.count("\n") + 1 for text in labels.values())
    longest = max(len(line) for text in labels.values() for line in text.split("\n"))
    box = ax.get_position()
    height_in, width_in = box.height * ax.figure.get_figheight(), box.width * ax.figure.get_figwidth()
    label_gap = (lines * END_LABEL_PT * 1.3 / 72 + 0.05) / height_in * ax.get_ylim()[1]
    label_y = spread([float(last["value_pct"]) for _i, last in ends], label_gap)
    for (indicator_id, last), y in zip(ends, label_y, strict=True):
        ax.annotate(labels[indicator_id], xy=(last["year"], last["value_pct"]), xytext=(last["year"] + 0.5, y),
                    textcoords="data", va="center", fontsize=END_LABEL_PT, color=MEASURE_COLOURS[indicator_id],
                    weight="bold")
    # Room on the right for the end labels: their width as a share of the axes, turned into years.
    share = min(0.6, (longest * END_LABEL_PT * 0.62 / 72 + 0.25) / width_in)
    span = years[-1] - years[0] + 0.6
    ax.set_xlim(years[0] - 0.6, years[-1] + span * share / (1 - share))
    # A label every survey cycle where the years fit side by side with a gap; every second or third cycle
    # on narrow pages (square, story), so that "2011" and "2013" never run together.
    tick_pt = float(matplotlib.rcParams["xtick.labelsize"])
    per_year_in = width_in / (ax.get_xlim()[1] - ax.get_xlim()[0])
    label_in = 4 * tick_pt * 0.62 / 72 * 1.6
    step = CYCLE_YEARS
    while step * per_year_in < label_in:
        step += CYCLE_YEARS
    ax.set_xticks(list(range(years[0], years[-1] + 1, step)))
    ax.spines["bottom"].set_bounds(years[0], years[-1])
    has_ci = data[["ci_low_pct", "ci_high_pct"]].notna().all(axis=1).any()
    ax.set_ylabel(_("Students, %"))
    change_x = _mark_wording_change(ax, years)
    if has_ci:  # right of the dotted line, under the later cycles that have the bands: never across the line
        ax.annotate(_("Shaded: published 95% CI"), xy=(change_x, 0.02), xycoords=("data", "axes fraction"),
                    xytext=(4, 0), textcoords="offset points", va="bottom", ha="left", fontsize=7.5,
                    color=palette.MUTED)


def trend_alt(data: pd.DataFrame) -> str:
    parts = []
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        values = ", ".join(_("{value} in {year}", value=percent(r.value_pct), year=year_text(r.year))
                           for r in rows.itertuples())
        parts.append(f"{_(MEASURE_LABELS[indicator_id])}: {values}.")
    years = sorted(data["year"].unique())
    has_ci = data[["ci_low_pct", "ci_high_pct"]].notna().all(axis=1).any()
    bands = (_("Shaded bands show published 95% confidence intervals.") if has_ci
             else _("No confidence intervals are drawn: none were available in the sources read."))
    return " ".join([
        _("Line chart of the percentage of US high-school students bullied in the 12 months before the survey, "
          "national YRBS {first}-{last}, where a value could be verified.", first=year_text(years[0]),
          last=year_text(years[-1])),
        *parts,
        _("Lines join consecutive survey cycles only; the electronic-bullying question was reworded in 2017."),
        bands])


def trend_caption(data: pd.DataFrame) -> str:
    with_ci = sorted(data.dropna(subset=["ci_low_pct", "ci_high_pct"])["year"].unique())
    intervals = (_("Published 95% confidence intervals are shaded for {years}; the other cycles' sources give the "
                   "percentage only.", years=", ".join(year_text(y) for y in with_ci)) if with_ci
                 else _("No published 95% confidence interval was read for these cycles, so none is shown."))
    return " ".join(filter(None, [
        _("Percentages as published by CDC (or quoted from CDC by HRSA) for each national YRBS cycle; no "
          "re-estimation. Students answer for themselves in a probability sample."),
        intervals,
        _("CDC's own trend test over 2011-2021 (logistic regression controlling for sex, grade and race and "
          "ethnicity, p<0.05; MMWR Suppl 72(1), Table 4): electronic bullying showed no linear change; bullying on "
          "school property decreased."),
        _("Missing cycles are gaps, not lines."),
        cycle_sentences(data),
    ]))


def trend_finding(data: pd.DataFrame) -> str:
    """The latest survey's values, as the title states them."""
    latest = {i: rows.sort_values("year").iloc[-1] for i, rows in data.groupby("indicator_id")}
    online, school = latest[ELECTRONIC], latest.get(SCHOOL)
    if school is not None and school["year"] == online["year"]:
        return _("In {year}, {online} of US high-school students were bullied online and {school} at school",
                 year=year_text(online["year"]), online=percent(online["value_pct"]),
                 school=percent(school["value_pct"]))
    return _("In {year}, {online} of US high-school students were bullied online", year=year_text(online["year"]),
             online=percent(online["value_pct"]))


def gap_finding(data: pd.DataFrame) -> str:
    """How many of the results shown have girls above boys."""
    more = int((data["gap_pp"] > 0).sum())
    if more == len(data):
        return _("More girls than boys were bullied in every one of the {total} US survey results shown",
                 total=len(data))
    return _("More girls than boys were bullied in {more} of the {total} US survey results shown", more=more,
             total=len(data))


register(Recipe(
    id="yrbs-bullying-trend",
    topic="cyberbullying",
    title="Bullying of US high-school students, at school and online",
    finding=trend_finding,
    subtitle="Students bullied in the 12 months before the survey, national Youth Risk "
             "Behavior Survey (CDC), cycles with a verified value",
    caption=trend_caption,
    note="Electronic bullying: examples given were e-mail, chat rooms, instant messaging, websites "
         "and texting until 2015, texting and social media from 2017 (dotted line); the two periods are not "
         "joined.",
    caveat=cycle_caveat,
    datasets=("survey_estimates", "indicators"),
    prepare=trend_data,
    draw=trend_draw,
    alt_text=trend_alt,
))


# --- Female-male gap ------------------------------------------------------------------------

def gap_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Female minus male, in percentage points, with a 95% CI from the published intervals."""
    import math

    import pandas as pd

    rows = yrbs_rows(frames)
    records = []
    for (indicator_id, year), group in rows.groupby(["indicator_id", "year"]):
        by_sex = group.set_index("sex")
        if not {"female", "male"} <= set(by_sex.index):
            continue
        f, m = by_sex.loc["female"], by_sex.loc["male"]
        bounds = [f["ci_low_pct"], f["ci_high_pct"], m["ci_low_pct"], m["ci_high_pct"]]
        if any(pd.isna(b) for b in bounds):
            diff = None
        else:
            diff = difference_independent(
                f["value_pct"], se_from_ci(f["ci_low_pct"], f["ci_high_pct"]),
                m["value_pct"], se_from_ci(m["ci_low_pct"], m["ci_high_pct"]))
        gap = f["value_pct"] - m["value_pct"]
        records.append({
            "indicator_id": indicator_id,
            "measure": MEASURE_LABELS[indicator_id],
            "area": "USA",
            "year": int(year),
            "female_pct": f["value_pct"],
            "male_pct": m["value_pct"],
            "gap_pp": round(gap, 4),
            "gap_ci_low_pp": round(diff.ci_low, 4) if diff else math.nan,
            "gap_ci_high_pp": round(diff.ci_high, 4) if diff else math.nan,
            "interval_excludes_zero": diff.significant if diff else None,
            "source_id": f["source_id"] if f["source_id"] == m["source_id"]
            else f"{f['source_id']};{m['source_id']}",
            "locator": f["locator"] if f["locator"] == m["locator"]
            else f"female: {f['locator']}; male: {m['locator']}",
        })
    return pd.DataFrame.from_records(records)


def gap_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax = axes[0]
    offsets = {SCHOOL: -0.28, ELECTRONIC: 0.28}
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        colour = MEASURE_COLOURS[indicator_id]
        x = rows["year"] + offsets[indicator_id]
        with_ci = rows["gap_ci_low_pp"].notna() & rows["gap_ci_high_pp"].notna()
        ax.errorbar(x[with_ci], rows["gap_pp"][with_ci],
                    yerr=[(rows["gap_pp"] - rows["gap_ci_low_pp"])[with_ci],
                          (rows["gap_ci_high_pp"] - rows["gap_pp"])[with_ci]],
                    fmt="o", color=colour, ecolor=colour, elinewidth=1.4, capsize=0)
        ax.plot(x[~with_ci], rows["gap_pp"][~with_ci], "o", color=colour, markerfacecolor="white",
                markeredgewidth=1.6)
        ax.plot([], [], "o", color=colour, label=_(MEASURE_LABELS[indicator_id]),
                markerfacecolor=colour if with_ci.all() else "white", markeredgewidth=1.6)
        left = offsets[indicator_id] < 0  # labels point away from the other measure's dot of the same year
        for xi, gap in zip(x, rows["gap_pp"], strict=True):
            ax.annotate(signed(gap), (xi, gap), xytext=(-7 if left else 7, 0), ha="right" if left else "left",
                        textcoords="offset points", va="center", fontsize=7.5, color=colour)
    ax.axhline(0, color=palette.INK, linewidth=0.9)
    years = sorted(data["year"].unique())
    ax.set_xticks(list(range(years[0], years[-1] + 1, CYCLE_YEARS)))
    ax.set_xlim(years[0] - 1.6, years[-1] + 1.2)  # room for the labels left of the first and right of the last dot
    low = min(0.0, float(data[["gap_pp", "gap_ci_low_pp"]].min().min()))
    high = max(0.0, float(data[["gap_pp", "gap_ci_high_pp"]].max().max()))
    ax.set_ylim(low - 1, high + 1.5)
    # Whole-point ticks only: labels without decimals must sit on whole numbers (never "+2" at 2.5).
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: signed(v, 0)))
    ax.set_ylabel(_("Girls minus boys, points"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2,
              title=_("Open circle: no interval available") if data["gap_ci_low_pp"].isna().any() else None,
              title_fontproperties={"size": 7.5})
    ax.annotate(_("Above 0: girls more often bullied"), xy=(0, 0), xycoords=("axes fraction", "data"),
                xytext=(4, 3), textcoords="offset points", fontsize=7.5, color=palette.MUTED)


def gap_caption(data: pd.DataFrame) -> str:
    return " ".join(filter(None, [
        _("Gap = female minus male published percentage. Where both groups' 95% CIs are "
          "published, the gap's CI combines standard errors recovered from them (SE = width / "
          "3.92) as for independent samples (Wald), an approximation for a clustered sample. "
          "Open circles: no interval available in the sources read, so no significance claim."),
        cycle_sentences(data),
    ]))


def gap_alt(data: pd.DataFrame) -> str:
    parts = []
    for indicator_id, rows in data.groupby("indicator_id", sort=False):
        values = ", ".join(
            _("{year}: {gap} points ({girls} of girls, {boys} of boys; 95% CI {low} to {high})",
              year=year_text(r.year), gap=signed(r.gap_pp), girls=percent(r.female_pct), boys=percent(r.male_pct),
              low=signed(r.gap_ci_low_pp), high=signed(r.gap_ci_high_pp))
            if r.gap_ci_low_pp == r.gap_ci_low_pp else
            _("{year}: {gap} points ({girls} of girls, {boys} of boys; no interval available)",
              year=year_text(r.year), gap=signed(r.gap_pp), girls=percent(r.female_pct), boys=percent(r.male_pct))
            for r in rows.itertuples())
        parts.append(_("{measure}, girls minus boys: {values}.", measure=_(MEASURE_LABELS[indicator_id]),
                       values=values))
    return " ".join([_("Dot chart of the difference between the percentages of female and male US high-school "
                       "students bullied in the past 12 months, national YRBS, for the cycles with verified "
                       "values by sex."), *parts])


register(Recipe(
    id="yrbs-bullying-sex-gap",
    topic="cyberbullying",
    title="Gaps between girls and boys in bullying, US high schools",
    finding=gap_finding,
    subtitle="Female minus male US high-school students bullied in the past 12 months, "
             "percentage points, national YRBS cycles with verified values by sex",
    caption=gap_caption,
    note="Electronic bullying: examples given changed in 2017 (from e-mail, chat rooms, instant "
         "messaging, websites and texting to texting and social media).",
    caveat=cycle_caveat,
    datasets=("survey_estimates", "indicators"),
    prepare=gap_data,
    draw=gap_draw,
    alt_text=gap_alt,
    sizes=("report", "slide", "story"),
    size_note="Since 2019 both measures carry intervals: in the short square frame the value labels of neighbouring "
              "cycles run into each other, so the square size is not offered (the story frame is tall enough).",
))
