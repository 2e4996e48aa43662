"""Bullying of 13-15-year-olds worldwide (UNICEF SOWC 2023): an equal-area world map and a Latin America dot plot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.figures.registry import Recipe, register
from analysis.global_bullying import LAC, SOWC, SOWC_CAVEAT, country_table, region_of, regional_medians
from analysis.i18n import _, compact_percent, country_name, integer, percent, sorted_country_names
from analysis.plotting import palette
from analysis.plotting.world_map import (
    DOT_AREA,
    MAP_HEIGHT_FACTOR,
    MAP_SIZE_NOTE,
    MAP_SIZES,
    Category,
    KeyNumber,
    draw_world_map,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

# Share bullied (mean of girls and boys), in bins of ten points; sequential oranges to red.
BINS = (("under 20", 0, 20), ("20-30", 20, 30), ("30-40", 30, 40), ("40-50", 40, 50), ("50+", 50, 101))
BIN_COLOURS = {"under 20": "#fee6ce", "20-30": "#fdae6b", "30-40": "#f16913", "40-50": "#c4470b",
               "50+": "#7f2704"}
BIN_LABELS = {"under 20": "Under 20%", "20-30": "20% to under 30%", "30-40": "30% to under 40%",
              "40-50": "40% to under 50%", "50+": "50% or more"}
BIN_ORDER = tuple(key for key, _low, _high in BINS)
NO_DATA = "no data"
QUARTER, THIRD = 25.0, 100 / 3
BOUNDARIES = ("Boundaries are Natural Earth's (1:50m) and imply no opinion on the legal status of any country, "
              "territory or area, or of its borders.")


def _bin(value: float) -> str:
    return next(key for key, low, high in BINS if low <= value < high)


# --- World map -------------------------------------------------------------------------------------------------

MAP_TITLE = "Students aged 13-15 who reported being bullied, by country"


def map_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every area on the map or in the table: girls, boys, their mean, its bin (or 'no data') and how it is drawn."""
    import pandas as pd

    from analysis.countries import country_reference
    from analysis.maps.world import world_shapes

    table = country_table(frames["bullying_global"], frames["indicators"], SOWC).set_index("area")
    shapes = world_shapes()
    reference = country_reference().set_index("iso3")
    rows = []
    for key in sorted(set(table.index) | set(shapes)):
        shape = shapes.get(key)
        known = key in reference.index
        row = {"indicator_id": SOWC, "area": key,
               "name": reference.loc[key, "name"] if known else shape.atlas_name,
               "un_member": bool(reference.loc[key, "un_member"]) if known else False,
               "region": region_of(key) if known else "",
               "girls_pct": None, "boys_pct": None, "both_pct": None, "gap_pp": None, "qualifier": "",
               "status": NO_DATA, "drawn_as": "not in the map data" if shape is None else (
                   "shape and dot" if shape.area < DOT_AREA else "shape"),
               "source_id": None, "locator": None}
        if key in table.index:
            own = table.loc[key]
            row |= {c: own[c] for c in ("girls_pct", "boys_pct", "both_pct", "gap_pp", "qualifier", "source_id",
                                         "locator")}
            if pd.notna(own["both_pct"]):
                row["status"] = _bin(float(own["both_pct"]))
        rows.append(row)
    return pd.DataFrame(rows)


def _valued(data: pd.DataFrame) -> pd.DataFrame:
    return data[data["both_pct"].notna()]


def map_caption(data: pd.DataFrame) -> str:
    valued = _valued(data)
    values = valued["both_pct"].astype(float)
    return " ".join([
        _("In {quarter} of {total} countries and areas with a value, at least a quarter of students aged 13-15 "
          "reported being bullied, and in {third} at least a third; the median is {median}.",
          quarter=integer((values >= QUARTER).sum()), total=integer(len(values)),
          third=integer((values >= THIRD).sum()), median=percent(float(values.median()), 1)),
        _("Each country's value is the mean of the published shares of girls and of boys (the girls-minus-boys gap "
          "is in the data file). UN member states with a value: {members}.",
          members=integer(valued["un_member"].sum())),
        _("Equal Earth projection (equal-area), so the size of a coloured area is true to the land it covers. "
          "States smaller than about 4,000 km² also carry a dot. Antarctica is not shown."),
    ])


def map_note(data: pd.DataFrame) -> str:
    one_sex = data[data["both_pct"].isna() & (data["girls_pct"].notna() | data["boys_pct"].notna())]
    parts = [_(SOWC_CAVEAT)]
    if not one_sex.empty:
        parts.append(_("One sex only, not mapped: {names}.", names=", ".join(sorted_country_names(one_sex["area"]))))
    parts.append(_(BOUNDARIES))
    return " ".join(parts)


def map_finding(data: pd.DataFrame) -> str:
    """The title: in how many of the areas with a value at least a quarter of students were bullied."""
    values = _valued(data)["both_pct"].astype(float)
    return _("In {quarter} of {total} countries and areas with data, at least one in four students aged 13-15 "
             "reported being bullied", quarter=integer((values >= QUARTER).sum()), total=integer(len(values)))


def map_alt(data: pd.DataFrame) -> str:
    valued = _valued(data)
    counts = {key: int((valued["status"] == key).sum()) for key in BIN_ORDER}
    highest = valued.sort_values("both_pct", ascending=False).head(3)
    lowest = valued.sort_values("both_pct").head(3)

    def named(rows: pd.DataFrame) -> str:
        return ", ".join(f"{country_name(r.area)} {compact_percent(r.both_pct)}" for r in rows.itertuples())

    return _("World map (Equal Earth projection) of the share of students aged 13-15 who reported being bullied, "
             "mean of girls and boys, UNICEF State of the World's Children 2023, {total} countries and areas: under "
             "20% {b1}, 20% to under 30% {b2}, 30% to under 40% {b3}, 40% to under 50% {b4}, 50% or more {b5}. "
             "Highest: {highest}. Lowest: {lowest}. Other areas have no value.",
             total=integer(len(valued)), b1=counts["under 20"], b2=counts["20-30"], b3=counts["30-40"],
             b4=counts["40-50"], b5=counts["50+"], highest=named(highest), lowest=named(lowest))


def map_draw_bins(data: pd.DataFrame, axes: list[Axes]) -> None:
    """The bins on the map, with the areas that have a value and their median as key numbers."""
    shown = data[data["drawn_as"] != "not in the map data"]
    fills = {row.area: None if row.status == NO_DATA else BIN_COLOURS[row.status] for row in shown.itertuples()}
    dots = {row.area: BIN_COLOURS[row.status] for row in shown.itertuples()
            if row.drawn_as == "shape and dot" and row.status != NO_DATA}
    members = data[data["un_member"]]
    categories = [Category(_("{status} ({count})", status=_(BIN_LABELS[key]),
                             count=int((members["status"] == key).sum())), BIN_COLOURS[key]) for key in BIN_ORDER]
    categories.append(Category(_("No data"), None))
    draw_world_map(axes[0], fills, dots, categories, _("UN member states by share bullied"), map_numbers(data))


def map_numbers(data: pd.DataFrame) -> list[KeyNumber]:
    """How many areas have a value (and how many of them are UN member states), and their median."""
    valued = _valued(data)
    return [KeyNumber(integer(len(valued)), _("countries and areas with data, {members} of them UN member states",
                                              members=integer(valued["un_member"].sum()))),
            KeyNumber(percent(float(valued["both_pct"].astype(float).median()), 1),
                      _("median share bullied across the countries and areas with data"))]


register(Recipe(
    id="bullying-world-map",
    topic="cyberbullying",
    title=MAP_TITLE,
    finding=map_finding,
    subtitle="Students aged 13-15 bullied on at least one day in the past 30 days, mean of girls and boys, "
             "2011-2018 (UNICEF, State of the World's Children 2023)",
    caption=map_caption,
    note=map_note,
    datasets=("bullying_global", "indicators"),
    prepare=map_data,
    draw=map_draw_bins,
    alt_text=map_alt,
    height_factor=MAP_HEIGHT_FACTOR,
    sizes=MAP_SIZES,
    size_note=MAP_SIZE_NOTE,
    files=(paths.WORLD_ATLAS,),
))


# --- Latin America and the Caribbean: girls and boys per country, with the regional median ----------------------

LAC_TITLE = "Students aged 13-15 who reported being bullied in Latin America and the Caribbean, girls and boys"


def lac_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The region's countries and areas with both sexes, highest first, with the regional medians."""
    from analysis.countries import country_reference

    table = country_table(frames["bullying_global"], frames["indicators"], SOWC)
    rows = table[(table["region"] == LAC) & table["both_pct"].notna()]
    medians = regional_medians(table).set_index("region")
    median = float(medians.loc[LAC, "median_pct"])
    reference = country_reference()
    members = reference[reference["un_member"]]
    absent = sorted(iso for iso in members["iso3"] if region_of(iso) == LAC and iso not in set(table["area"]))
    rows = rows.sort_values(["both_pct", "area"], ascending=[True, True]).assign(
        region_median_pct=median,
        girls_median_pct=float(rows["girls_pct"].median()), boys_median_pct=float(rows["boys_pct"].median()),
        members_without_value=" ".join(absent))
    return rows.reset_index(drop=True)


def _label(row: Any) -> str:
    flags = str(row.qualifier)
    return f"{country_name(row.area)} ({flags})" if flags else country_name(row.area)


def lac_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from analysis.plotting.layout import reserve_label_width

    ax = axes[0]
    y = list(range(len(data)))
    ax.hlines(y, data[["girls_pct", "boys_pct"]].min(axis=1), data[["girls_pct", "boys_pct"]].max(axis=1),
              color=palette.RULE, linewidth=1, zorder=1)
    ax.plot(data["girls_pct"], y, "o", color=palette.SEX["female"], markersize=5, label=_("Girls"), zorder=3)
    ax.plot(data["boys_pct"], y, "s", color=palette.SEX["male"], markersize=4.5, label=_("Boys"), zorder=3)
    median = float(data["region_median_pct"].iloc[0])
    ax.axvline(median, color=palette.MUTED, linestyle="--", linewidth=1, zorder=2,
               label=_("Regional median {value}", value=compact_percent(median)))
    labels = [_label(r) for r in data.itertuples(index=False)]
    reserve_label_width(ax, labels, 7.5)
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.set_ylim(-0.7, len(data) - 0.3)
    top = float(data[["girls_pct", "boys_pct"]].max().max())
    limit = 10 * (int(top // 10) + 1)
    ax.set_xlim(0, limit)
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    ax.set_xticks(range(0, limit + 1, 10 if width_in / (limit / 10 + 1) >= 0.45 else 20))
    from analysis.i18n import percent_formatter

    ax.xaxis.set_major_formatter(percent_formatter())
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_("Students bullied in the past 30 days, %"))
    # Above the rows, so that no marker is hidden whatever the values (the lowest rows sit at the right, too).
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=3, fontsize=7.5, frameon=False,
              borderaxespad=0.2, handletextpad=0.3, columnspacing=1.0)


def lac_caption(data: pd.DataFrame) -> str:
    gap = data["girls_pct"] - data["boys_pct"]
    return " ".join([
        _("Median of the region's {count} countries and areas (mean of girls and boys): {median}; girls {girls}, "
          "boys {boys}.", count=integer(len(data)), median=percent(float(data["region_median_pct"].iloc[0]), 1),
          girls=percent(float(data["girls_median_pct"].iloc[0]), 1),
          boys=percent(float(data["boys_median_pct"].iloc[0]), 1)),
        _("Girls' share is higher in {girls} and boys' in {boys}; UNICEF publishes no intervals, so small gaps may "
          "be sampling noise.", girls=integer((gap > 0).sum()), boys=integer((gap < 0).sum())),
        _("Region: UN M49 Latin America and the Caribbean."),
    ])


def lac_note(data: pd.DataFrame) -> str:
    absent = [a for a in str(data["members_without_value"].iloc[0]).split() if a]
    parts = [_(SOWC_CAVEAT), _("(x) other years; (y) differs from the standard definition or covers part of the "
                               "country.")]
    if absent:
        parts.append(_("No value in the table: {names}.", names=", ".join(sorted_country_names(absent))))
    return " ".join(parts)


def lac_alt(data: pd.DataFrame) -> str:
    values = "; ".join(f"{_label(r)}: {_('Girls').lower()} {compact_percent(r.girls_pct)}, "
                       f"{_('Boys').lower()} {compact_percent(r.boys_pct)}"
                       for r in data.iloc[::-1].itertuples(index=False))
    return " ".join([
        _("Dot chart of the share of students aged 13-15 who reported being bullied in Latin America and the "
          "Caribbean, girls and boys per country, highest first, with the regional median of {median} as a dashed "
          "line.", median=compact_percent(float(data["region_median_pct"].iloc[0]))),
        values + ".",
    ])


def lac_finding(data: pd.DataFrame) -> str:
    """The title: the regional median of the share bullied (mean of girls and boys)."""
    return _("Across Latin America and the Caribbean, a median {median} of students aged 13-15 reported being "
             "bullied", median=percent(float(data["region_median_pct"].iloc[0]), 1))


def lac_height(data: pd.DataFrame) -> float:
    return max(1.0, 0.26 * len(data) / 4.6 + 0.45)


register(Recipe(
    id="bullying-lac-by-sex",
    topic="cyberbullying",
    title=LAC_TITLE,
    finding=lac_finding,
    subtitle="Students aged 13-15 bullied on at least one day in the past 30 days, girls and boys, 2011-2018 "
             "(UNICEF, State of the World's Children 2023)",
    caption=lac_caption,
    note=lac_note,
    datasets=("bullying_global", "indicators"),
    prepare=lac_data,
    draw=lac_draw,
    alt_text=lac_alt,
    height_factor=lac_height,
    sizes=("report", "story"),
    size_note="About 27 rows of country names need a tall frame: on a slide or a square the names would overlap, "
              "so the report page (grown to the rows) and the story frame are offered.",
))
