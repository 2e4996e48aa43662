"""Cyberbullying across countries: dot plot with intervals, sex-gap dumbbell, small multiples, forest plot."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from analysis.figures.country_estimates import (
    INTERVAL_NONE,
    INTERVAL_PUBLISHED,
    INTERVAL_WILSON,
    select_countries,
    survey_average,
)
from analysis.figures.registry import Recipe, joined_caption, register
from analysis.i18n import _, compact_percent, integer, number, percent, semicolon_list, signed
from analysis.plotting import palette
from analysis.plotting.axes import percent_x_axis
from analysis.plotting.layout import reserve_label_width
from analysis.stats.proportions import difference_independent, difference_of_proportions, se_from_ci

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

REGION_COLOURS = {"Europe": palette.BLUE, "Americas": palette.VERMILLION, "Asia": palette.BLUISH_GREEN,
                  "Africa": palette.ORANGE, "Oceania": palette.REDDISH_PURPLE}




def _interval_sentence(data: pd.DataFrame) -> str:
    kinds = sorted(set(data["interval"]))
    if kinds == [INTERVAL_PUBLISHED]:
        return _("Bars are the published 95% confidence intervals.")
    if kinds == [INTERVAL_WILSON]:
        return _("Bars are Wilson 95% intervals from each country's sample size; they ignore the design "
                 "effect of clustered or weighted samples, so the true intervals are wider.")
    return _("Bars: {kinds}.", kinds=semicolon_list(_(kind) for kind in kinds))


# --- Country dot plot ---------------------------------------------------------------------------

def dots_data(frames: Mapping[str, pd.DataFrame], indicator_id: str, year: int) -> pd.DataFrame:
    rows, _guard = select_countries(frames, indicator_id, year)
    average = survey_average(frames, indicator_id, year)
    rows = rows.assign(survey_average_pct=float(average["value_pct"].iloc[0]) if len(average) else None)
    return rows


def dots_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import pandas as pd

    ax = axes[0]
    y = range(len(data))
    for region, colour in REGION_COLOURS.items():
        part = data[data["region"] == region]
        if part.empty:
            continue
        idx = [i for i, r in zip(y, data["region"], strict=True) if r == region]
        has = part["ci_low"].notna().to_numpy()
        ax.errorbar(part["value_pct"][has], [i for i, h in zip(idx, has, strict=True) if h],
                    xerr=[(part["value_pct"] - part["ci_low"])[has], (part["ci_high"] - part["value_pct"])[has]],
                    fmt="none", ecolor=colour, elinewidth=1.2, alpha=0.8)
        ax.plot(part["value_pct"], idx, "o", color=colour, label=_(region), markersize=5)
    reserve_label_width(ax, list(data["label"]), 7.5)
    ax.set_yticks(list(y), data["label"], fontsize=7.5)
    percent_x_axis(ax, float(data[["value_pct", "ci_high"]].max().max()))
    ax.set_ylim(-0.7, len(data) - 0.3)
    average = data["survey_average_pct"].iloc[0]
    if pd.notna(average):
        ax.axvline(average, color=palette.MUTED, linestyle="--", linewidth=1)
        ax.annotate(_("Survey average {value}", value=compact_percent(average)), xy=(average, len(data) - 0.3),
                    xytext=(3, -2),
                    textcoords="offset points", fontsize=7.5, color=palette.MUTED, va="top")
    ax.set_xlabel(_("Share answering yes, %"))
    ax.legend(loc="lower right", title=_("UN M49 region"), title_fontproperties={"size": 7.5})


def dots_alt(data: pd.DataFrame, what: str) -> str:
    values = ", ".join(f"{r.label} {compact_percent(r.value_pct)}" for r in data.iloc[::-1].itertuples(index=False))
    return " ".join([_("Dot chart of {what}, one dot per country sorted from highest to lowest, with 95% interval "
                       "bars, coloured by UN region.", what=_(what)), values + ".", _interval_sentence(data)])


def register_dot_plot(figure_id: str, indicator_id: str, year: int, title: str, subtitle: str, what: str,
                      caption: str, note: str = "", height_factor: float = 1.5) -> None:
    def caption_for(data: pd.DataFrame) -> str:
        return f"{_(caption)} {_interval_sentence(data)}"

    register(Recipe(
        id=figure_id, topic="cyberbullying", title=title, subtitle=subtitle, caption=caption_for,
        note=note, datasets=("survey_estimates", "indicators"),
        prepare=partial(dots_data, indicator_id=indicator_id, year=year), draw=dots_draw,
        alt_text=partial(dots_alt, what=what), height_factor=height_factor))


# --- Forest plot with the random-effects pooled estimate ----------------------------------------

POOLED = "Pooled (random effects)"  # the data file's label; translated on the figure


def forest_data(frames: Mapping[str, pd.DataFrame], indicator_id: str, year: int) -> pd.DataFrame:
    import pandas as pd

    from analysis.stats.meta import pool_proportions

    rows, _guard = select_countries(frames, indicator_id, year, purpose="one pooled estimate")
    rows = rows[rows["n"].notna()]
    if len(rows) < 2:
        raise ValueError(f"pooling {indicator_id} {year} needs at least two countries with a sample size")
    pooled = pool_proportions(rows["value_pct"].astype(float), rows["n"].astype(float))
    rows = rows.assign(weight=[round(w, 6) for w in pooled.weights]).sort_values("label", ascending=False)
    summary = pd.DataFrame([{
        "indicator_id": indicator_id, "area": "pooled", "label": POOLED, "region": "", "year": year,
        "value_pct": round(pooled.estimate, 4), "ci_low": round(pooled.ci_low, 4),
        "ci_high": round(pooled.ci_high, 4), "interval": "random-effects 95% CI", "n": int(rows["n"].sum()),
        "weight": 1.0, "tau2": round(pooled.tau2, 6), "i2": round(pooled.i2, 4), "q": round(pooled.q, 4),
        "q_p_value": pooled.q_p_value, "method": f"{pooled.method}, {pooled.scale} scale",
        "source_id": ";".join(sorted(set(rows["source_id"]))), "locator": "computed from the rows above",
    }])
    return pd.concat([rows, summary], ignore_index=True)


def forest_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from matplotlib.patches import Polygon

    ax = axes[0]
    countries = data[data["area"] != "pooled"]
    pooled = data[data["area"] == "pooled"].iloc[0]
    y = list(range(len(countries), 0, -1))
    sizes = 12 + 260 * countries["weight"] / countries["weight"].max()
    ax.errorbar(countries["value_pct"], y, xerr=[countries["value_pct"] - countries["ci_low"],
                                                  countries["ci_high"] - countries["value_pct"]],
                fmt="none", ecolor=palette.INK, elinewidth=1)
    ax.scatter(countries["value_pct"], y, s=sizes, marker="s", color=palette.BLUE, zorder=3)
    ax.add_patch(Polygon([(pooled.ci_low, -0.4), (pooled.value_pct, -0.1), (pooled.ci_high, -0.4),
                          (pooled.value_pct, -0.7)], closed=True, color=palette.VERMILLION))
    ax.axvline(pooled.value_pct, color=palette.VERMILLION, linestyle=":", linewidth=1)
    reserve_label_width(ax, [*countries["label"], _(POOLED)], 7.5)
    ax.set_yticks([*y, -0.4], [*countries["label"], _(POOLED)], fontsize=7.5)
    percent_x_axis(ax, float(data["ci_high"].max()))
    ax.set_ylim(-1.1, len(countries) + 0.7)
    ax.set_xlabel(_("Share answering yes, % (squares sized by random-effects weight)"))
    ax.annotate(f"I\u00b2 = {percent(100 * pooled.i2, 0)}", xy=(1, 0), xycoords="axes fraction", xytext=(-4, 4),
                textcoords="offset points", ha="right", va="bottom", fontsize=8, color=palette.MUTED)


def forest_caption(data: pd.DataFrame, caption: str) -> str:
    p = data[data["area"] == "pooled"].iloc[0]
    return " ".join([_(caption), _(
        "Random-effects meta-analysis ({method}; statsmodels) of the country percentages with within-country "
        "variances from n on the logit scale: pooled {value} (95% CI {low} to {high}), I\u00b2 = {i2}, "
        "tau\u00b2 = {tau2} (logit scale), Q = {q} on {df} df. High I\u00b2 means the countries differ far more "
        "than sampling error explains: the pooled value describes these countries, not a world rate.",
        method=p.method, value=percent(p.value_pct), low=percent(p.ci_low), high=percent(p.ci_high),
        i2=percent(100 * p.i2, 0), tau2=number(p.tau2, 3), q=number(p.q, 1), df=integer(len(data) - 2))])


def forest_alt(data: pd.DataFrame, what: str) -> str:
    p = data[data["area"] == "pooled"].iloc[0]
    countries = data[data["area"] != "pooled"].sort_values("label")
    values = ", ".join(f"{r.label} {compact_percent(r.value_pct)} (n {integer(r.n)})"
                       for r in countries.itertuples(index=False))
    return " ".join([_("Forest plot of {what}: each country's percentage with its 95% interval, and a diamond for "
                       "the random-effects pooled estimate of {value} (95% CI {low} to {high}; I squared {i2}).",
                       what=_(what), value=percent(p.value_pct), low=percent(p.ci_low), high=percent(p.ci_high),
                       i2=percent(100 * p.i2, 0)), values + "."])


def register_forest(figure_id: str, indicator_id: str, year: int, title: str, subtitle: str, what: str,
                    caption: str, note: str = "", height_factor: float = 1.5) -> None:
    register(Recipe(
        id=figure_id, topic="cyberbullying", title=title, subtitle=subtitle,
        caption=partial(forest_caption, caption=caption), note=note,
        datasets=("survey_estimates", "indicators"),
        prepare=partial(forest_data, indicator_id=indicator_id, year=year), draw=forest_draw,
        alt_text=partial(forest_alt, what=what), height_factor=height_factor))


# --- Sex-gap dumbbell -----------------------------------------------------------------------------

def dumbbell_data(frames: Mapping[str, pd.DataFrame], indicator_id: str, year: int,
                  age: str = "all") -> pd.DataFrame:
    """Girls and boys per country, with the gap (girls minus boys) and its 95% interval."""
    import pandas as pd

    girls, _guard = select_countries(frames, indicator_id, year, sex="female", age=age)
    boys, _guard = select_countries(frames, indicator_id, year, sex="male", age=age)
    both = girls.merge(boys, on=["area", "label", "region", "indicator_id", "year", "age"],
                       suffixes=("_female", "_male"))

    gaps = []
    for r in both.itertuples(index=False):
        if r.interval_female == INTERVAL_PUBLISHED and r.interval_male == INTERVAL_PUBLISHED:
            d = difference_independent(r.value_pct_female, se_from_ci(r.ci_low_female, r.ci_high_female),
                                       r.value_pct_male, se_from_ci(r.ci_low_male, r.ci_high_male))
            method = "Wald, SEs from published CIs"
        elif pd.notna(r.n_female) and pd.notna(r.n_male) and r.n_female and r.n_male:
            d = difference_of_proportions(r.value_pct_female, r.n_female, r.value_pct_male, r.n_male)
            method = "Newcombe hybrid score from n"
        else:
            d, method = None, INTERVAL_NONE
        gaps.append({"gap_pp": round(r.value_pct_female - r.value_pct_male, 4),
                     "gap_ci_low": round(d.ci_low, 4) if d else None,
                     "gap_ci_high": round(d.ci_high, 4) if d else None,
                     "gap_method": method})

    out = pd.concat([both, pd.DataFrame(gaps)], axis=1)
    out["source_id"] = [a if a == b else f"{a};{b}" for a, b in zip(out["source_id_female"],
                                                                     out["source_id_male"], strict=True)]
    out["locator"] = [a if a == b else f"girls: {a}; boys: {b}" for a, b in zip(
        out["locator_female"], out["locator_male"], strict=True)]
    keep = ["indicator_id", "area", "label", "region", "year", "age", "value_pct_female", "value_pct_male",
            "n_female", "n_male", "gap_pp", "gap_ci_low", "gap_ci_high", "gap_method", "source_id", "locator"]
    return out[keep].sort_values(["gap_pp", "label"]).reset_index(drop=True)


def dumbbell_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import pandas as pd

    ax = axes[0]
    y = list(range(len(data)))
    ax.hlines(y, data[["value_pct_female", "value_pct_male"]].min(axis=1),
              data[["value_pct_female", "value_pct_male"]].max(axis=1), color=palette.RULE, linewidth=2)
    ax.plot(data["value_pct_female"], y, "o", color=palette.SEX["female"], label=_("Girls"), markersize=7)
    ax.plot(data["value_pct_male"], y, "D", color=palette.SEX["male"], label=_("Boys"), markersize=4.2)
    labels = []
    for r in data.itertuples(index=False):
        gap = signed(r.gap_pp, 0)
        significant = pd.notna(r.gap_ci_low) and (r.gap_ci_low > 0 or r.gap_ci_high < 0)
        labels.append(f"{r.label} ({gap}{'*' if significant else ''})")
    # Rows closer than 9 pt (44 rows on a story page leave about 7.4 pt, less under a longer footer): a smaller
    # label, still above the size's minimum, so that accented capitals of neighbouring rows do not touch.
    row_pt = ax.get_position().height * ax.figure.get_figheight() * 72 / max(len(y), 1)
    label_pt = 7.5 if row_pt >= 9 else 7.0
    reserve_label_width(ax, labels, label_pt)
    ax.set_yticks(y, labels, fontsize=label_pt)
    percent_x_axis(ax, float(data[["value_pct_female", "value_pct_male"]].max().max()))
    ax.set_ylim(-0.7, len(data) - 0.3)
    tested = data["gap_ci_low"].notna().any()
    ax.set_xlabel(_("Share answering yes, % (in brackets: girls minus boys, points; * 95% CI excludes 0)")
                  if tested else _("Share answering yes, % (in brackets: girls minus boys, points)"))
    # Above the rows, not among them: inside the plot its markers sat beside the data and read like values.
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, borderaxespad=0.2, handletextpad=0.3)


def dumbbell_alt(data: pd.DataFrame, what: str) -> str:
    values = semicolon_list(_("{country}: girls {girls}, boys {boys}", country=r.label,
                         girls=compact_percent(r.value_pct_female), boys=compact_percent(r.value_pct_male))
                       for r in data.itertuples(index=False))
    return " ".join([_("Dumbbell chart of {what} for girls and boys, one row per country, sorted by the gap.",
                       what=_(what)), values + "."])


SMALL_GAP_PP = 1.0  # without intervals, gaps up to this are called sampling error (the caveat says "1 point")


def gap_caveat(data: pd.DataFrame) -> str:
    """The line under a ranking of gaps: how many gaps could be chance, by their intervals where the data carry them,
    otherwise how many are a point or less."""
    tested = data.dropna(subset=["gap_ci_low", "gap_ci_high"])
    if len(tested):
        chance = int(((tested["gap_ci_low"] <= 0) & (tested["gap_ci_high"] >= 0)).sum())
        return _("{chance} of {total} gaps have a 95% interval that includes 0: their order may be chance.",
                 chance=chance, total=len(tested))
    small = int((data["gap_pp"].abs() <= SMALL_GAP_PP).sum())
    return _("No intervals published: {small} of {total} gaps are 1 point or less; their order may be sampling "
             "error.", small=small, total=len(data))


def register_dumbbell(figure_id: str, indicator_id: str, year: int, age: str, title: str, subtitle: str,
                      what: str, caption: str, caption_extra: str = "", note: str = "",
                      height_factor: float = 1.5, sizes: tuple[str, ...] | None = None, size_note: str = "",
                      finding: Callable[[pd.DataFrame], str] | None = None) -> None:
    register(Recipe(
        id=figure_id, topic="cyberbullying", title=title, subtitle=subtitle, finding=finding,
        caption=joined_caption(caption, caption_extra), note=note, caveat=gap_caveat,
        **({"sizes": sizes, "size_note": size_note} if sizes else {}),
        datasets=("survey_estimates", "indicators"),
        prepare=partial(dumbbell_data, indicator_id=indicator_id, year=year, age=age), draw=dumbbell_draw,
        alt_text=partial(dumbbell_alt, what=what), height_factor=height_factor))
