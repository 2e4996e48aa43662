"""CyberTipline reports per 100,000 inhabitants: a world map of one year; Latin America and the Caribbean by year."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis import paths
from analysis.figures.registry import Recipe, register
from analysis.i18n import _, country_name, integer, semicolon_list
from analysis.measures import REPORT_BREAKS, comparable_runs
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

RESOURCE = "cybertipline_countries"
POPULATION = "SP.POP.TOTL"
MAP_YEAR = 2023
FIRST_YEAR, LAST_YEAR = 2019, 2024
# The last year before the report series break (analysis.measures.REPORT_BREAKS: bundling from 2024, REPORT Act).
LAST_COMPARABLE_YEAR = min(REPORT_BREAKS) - 1
# Class breaks (reports per 100,000 inhabitants; each class includes its lower bound). The rates are skewed to the
# right (in 2023 the median was about 300, the highest near 2,800) and a few are near zero, so the classes widen
# geometrically (each about twice the one before) instead of splitting the range evenly.
BREAKS = (50, 150, 300, 600, 1200)
# ColorBrewer BuPu (matplotlib's 'BuPu' at 0.25, 0.4, ... 1.0): its lightest steps would be too close to the sea, and
# the brewer's own 7-class steps 2 and 3 come within 10 CAM02-UCS units (tests/test_cvd.py), so six evenly spaced.
CLASS_COLOURS = ("#bfd3e6", "#9ab4d6", "#8c85be", "#8a51a5", "#821982", "#4d004b")
DARK_CLASSES = 3  # classes from this index up carry white text
LAC_SUBREGIONS = ("Caribbean", "Central America", "South America")  # UN M49: Latin America and the Caribbean
CAVEAT = "Reports are not prevalence: they count platform reports geolocated to the country."
TRANSCRIBED = "NCMEC's figures as transcribed by a third party."
BOUNDARIES = ("Boundaries are Natural Earth's (1:50m) and imply no opinion on the legal status of any country, "
              "territory or area, or of its borders.")
BREAK_NOTE = ("From 2024 platforms may bundle reports about one incident (REPORT Act), so 2024 is drawn apart and "
              "not compared with earlier years.")
SHAPE_KEYS = {"XKX": "Kosovo"}  # areas whose map shape has no ISO code (keyed by the atlas name)


def report_rows(frames: Mapping[str, pd.DataFrame], years: range) -> pd.DataFrame:
    """All CyberTipline reports of each area and year as counts: area, year, count, report_kind, provenance.

    NCMEC gives one total a year to 2023 and, from 2024, referrals and informational reports: together they are
    all the year's reports, so the two are added (report_kind 'referral+informational'); a jurisdiction listed
    with one kind only gets no total. Two table rows with one code (NCMEC lists some jurisdictions under two
    names) are added too; their locators are kept.
    """
    reports = frames[RESOURCE]
    reports = reports[reports["year"].isin(list(years))]
    rows = []
    for (area, year), group in reports.groupby(["iso3", "year"], sort=True):
        kinds = set(group["report_kind"])
        if "all" in kinds:
            group, kind = group[group["report_kind"] == "all"], "all"
        elif kinds == {"referral", "informational"}:
            kind = "referral+informational"
        else:
            continue  # one kind only (a few small jurisdictions in 2024): no total was published, none is made
        rows.append({"area": area, "year": int(year), "count": int(group["reports"].sum()), "report_kind": kind,
                     "value_status": "exact", "source_id": ";".join(dict.fromkeys(group["source_id"])),
                     "locator": "; ".join(group["locator"])})
    import pandas as pd

    return pd.DataFrame(rows, columns=["area", "year", "count", "report_kind", "value_status", "source_id",
                                       "locator"])


def with_population(frames: Mapping[str, pd.DataFrame], counts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The counts whose area has a World Bank population for that same year, and the areas left out (sorted)."""
    population = frames["population"]
    population = population[population["indicator_id"] == POPULATION]
    have = set(zip(population["iso3"], population["year"].astype(int), strict=True))
    keep = [(a, int(y)) in have for a, y in zip(counts["area"], counts["year"], strict=True)]
    left_out = sorted(set(counts.loc[[not k for k in keep], "area"]))
    return counts[keep].reset_index(drop=True), left_out


def rate_class(rate: float) -> int:
    """The class (0 = lowest) a rate falls in; each class includes its lower bound."""
    return sum(rate >= b for b in BREAKS)


def class_label(index: int) -> str:
    if index == 0:
        return _("under {upper}", upper=integer(BREAKS[0]))
    if index == len(BREAKS):
        return _("{lower} or more", lower=integer(BREAKS[-1]))
    return _("{lower} to {upper}", lower=integer(BREAKS[index - 1]), upper=integer(BREAKS[index]))


def rates(frames: Mapping[str, pd.DataFrame], years: range) -> tuple[pd.DataFrame, list[str]]:
    """Reports per 100,000 inhabitants for every area and year that has both numbers (same area, same year)."""
    from analysis.rates import per_100k_inhabitants

    counts, left_out = with_population(frames, report_rows(frames, years))
    table = per_100k_inhabitants(counts, frames["population"], what=f"{RESOURCE}.csv", indicator=POPULATION)
    table = table.merge(counts[["area", "year", "report_kind"]], on=["area", "year"])
    table["rate_class"] = [rate_class(r) for r in table["rate_per_100k"]]
    return table, left_out


# --- World map ---------------------------------------------------------------------------------------------------

def map_data(frames: Mapping[str, pd.DataFrame], year: int = MAP_YEAR) -> pd.DataFrame:
    """Every shape of the map (and every area with a rate): its rate and class, or no data."""
    import pandas as pd

    from analysis.maps.world import world_shapes

    table, left_out = rates(frames, range(year, year + 1))
    shapes = world_shapes()
    by_area = table.set_index("area")
    aliased = {SHAPE_KEYS.get(a, a): a for a in set(by_area.index) | set(left_out)}  # shape key -> area code
    rows = []
    for area in sorted({aliased.get(k, k) for k in shapes} | set(by_area.index) | set(left_out)):
        key = SHAPE_KEYS.get(area, area)
        shape = shapes.get(key)
        drawn = "not in the map data" if shape is None else ("shape and dot" if shape.area < DOT_AREA else "shape")
        row = {"area": area, "shape": key, "year": year, "drawn_as": drawn, "count": None, "population": None,
               "rate_per_100k": None, "rate_class": None, "no_population": area in left_out,
               "source_id": None, "locator": None}
        if area in by_area.index:
            found = by_area.loc[area]
            row |= {"count": found["count"], "population": found["population"],
                    "rate_per_100k": found["rate_per_100k"], "rate_class": int(found["rate_class"]),
                    "source_id": found["source_id"], "locator": found["locator"]}
        rows.append(row)
    data = pd.DataFrame(rows)
    data["rate_class"] = data["rate_class"].astype("Int64")
    return data


def _class_counts(data: pd.DataFrame) -> list[int]:
    return [int((data["rate_class"] == i).sum()) for i in range(len(BREAKS) + 1)]


def map_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    """The classes on the map, with the number of areas that have a rate and the highest rate as key numbers."""
    import pandas as pd

    shown = data[data["drawn_as"] != "not in the map data"]
    fills = {row.shape: None if pd.isna(row.rate_class) else CLASS_COLOURS[int(row.rate_class)]
             for row in shown.itertuples()}
    dots = {row.shape: CLASS_COLOURS[int(row.rate_class)] for row in shown.itertuples()
            if row.drawn_as == "shape and dot" and not pd.isna(row.rate_class)}
    counts = _class_counts(data)
    categories = [Category(_("{label} ({count})", label=class_label(i), count=counts[i]), CLASS_COLOURS[i])
                  for i in reversed(range(len(CLASS_COLOURS)))]
    categories.append(Category(_("No data (no report count or no population)"), None))
    title = _("Per 100,000 inhabitants, {year} (number of areas)", year=int(data["year"].iloc[0]))
    draw_world_map(axes[0], fills, dots, categories, title, key_numbers(data))


def key_numbers(data: pd.DataFrame) -> list[KeyNumber]:
    """How many areas have a rate, and the highest rate (the title states the median)."""
    rated = data.dropna(subset=["rate_per_100k"])
    top = rated.loc[rated["rate_per_100k"].astype(float).idxmax()]
    year = int(data["year"].iloc[0])
    return [KeyNumber(integer(len(rated)), _("countries and territories with a rate in {year}", year=year)),
            KeyNumber(integer(top["rate_per_100k"]),
                      _("the highest rate per 100,000 inhabitants ({area})", area=area_names([top["area"]])[0]))]


def _highest(data: pd.DataFrame, n: int = 3) -> str:
    top = data.dropna(subset=["rate_per_100k"]).sort_values("rate_per_100k", ascending=False).head(n)
    return semicolon_list(f"{country_name(r.area)} {integer(r.rate_per_100k)}" for r in top.itertuples())


def map_alt(data: pd.DataFrame) -> str:
    counts = _class_counts(data)
    classes = semicolon_list(_("{label}: {count}", label=class_label(i), count=counts[i])
                             for i in range(len(counts)))
    rated = data.dropna(subset=["rate_per_100k"])
    return _("World map (Equal Earth projection) of CyberTipline reports per 100,000 inhabitants in {year}, "
             "{areas} countries and territories in six classes ({classes}). Median {median}; highest: {highest}. "
             "Areas without a report count or a population figure are hatched.", year=int(data["year"].iloc[0]),
             areas=len(rated), classes=classes, median=integer(rated["rate_per_100k"].median()),
             highest=_highest(data))


def area_names(codes: list[str]) -> list[str]:
    """Names in the current language, in reading order; a code that is not ISO 3166 (Kosovo's XKX) as it is."""
    from analysis.i18n import sorted_country_names

    iso = [c for c in codes if c in _iso3()]
    return sorted_country_names(iso) + sorted(c for c in codes if c not in _iso3())


def _iso3() -> frozenset[str]:
    from analysis.countries import USER_ASSIGNED_ISO3, iso3_codes

    return iso3_codes() | frozenset(USER_ASSIGNED_ISO3)


def map_finding(data: pd.DataFrame) -> str:
    """The title: the median rate of the areas with one."""
    return _("In {year}, the median country or territory with data had {median} CyberTipline reports per 100,000 "
             "inhabitants", year=int(data["year"].iloc[0]), median=integer(data["rate_per_100k"].dropna().median()))


def map_caption(data: pd.DataFrame) -> str:
    rated = data.dropna(subset=["rate_per_100k"])
    left_out = sorted(data.loc[data["no_population"], "area"])
    return " ".join(filter(None, [
        _("Rate: the CyberTipline reports NCMEC geolocated to the country in {year} (NCMEC's country table, as "
          "transcribed by a third party), divided by the World Bank's total population of the same country and "
          "year, times 100,000.", year=int(data["year"].iloc[0])),
        _("Classes include their lower bound and widen about twofold, for a skewed distribution: median {median}, "
          "highest {highest}.", median=integer(rated["rate_per_100k"].median()),
          highest=integer(rated["rate_per_100k"].max())),
        _("Equal Earth projection (equal-area); areas smaller than about 4,000 km² also carry a dot."),
        _("Reports for areas without a World Bank population are not mapped: {names}.",
          names=", ".join(area_names(left_out))) if left_out else "",
    ]))


def map_note(data: pd.DataFrame) -> str:
    return " ".join([_(TRANSCRIBED), _(BOUNDARIES)])  # the caveat has its own line


register(Recipe(
    id="cybertipline-rate-map",
    topic="online exploitation",
    title="CyberTipline reports per 100,000 inhabitants, by country",
    finding=map_finding,
    subtitle="Reports to the US National Center for Missing & Exploited Children (NCMEC) geolocated to each "
             "country, per 100,000 inhabitants, 2023",
    caption=map_caption,
    note=map_note,
    caveat=CAVEAT,
    datasets=(RESOURCE, "population"),
    prepare=map_data,
    draw=map_draw,
    alt_text=map_alt,
    height_factor=MAP_HEIGHT_FACTOR,
    sizes=MAP_SIZES,
    size_note=MAP_SIZE_NOTE,
    files=(paths.WORLD_ATLAS,),
))


# --- Latin America and the Caribbean, by year --------------------------------------------------------------------

def lac_codes() -> set[str]:
    from analysis.countries import country_reference

    reference = country_reference()
    return set(reference.loc[reference["m49_subregion"].isin(LAC_SUBREGIONS), "iso3"])


def lac_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rates for the region's countries and territories, 2019 to 2024; 2024 flagged as after the bundling break."""
    table, _left_out = rates(frames, range(FIRST_YEAR, LAST_YEAR + 1))
    data = table[table["area"].isin(lac_codes())].copy()
    first_run = comparable_runs(range(FIRST_YEAR, LAST_YEAR + 1))[0]
    data["after_break"] = ~data["year"].isin(first_run)
    return data.reset_index(drop=True)


def rose(data: pd.DataFrame) -> tuple[int, int]:
    """Areas whose rate was higher in the last comparable year than in the first, and areas with both years."""
    wide = data.pivot(index="area", columns="year", values="rate_per_100k")
    both = wide[[FIRST_YEAR, LAST_COMPARABLE_YEAR]].dropna()
    return int((both[LAST_COMPARABLE_YEAR] > both[FIRST_YEAR]).sum()), len(both)


def lac_order(data: pd.DataFrame) -> list[str]:
    """Areas from the highest rate in the last comparable year down (areas without it last, by name)."""
    latest = data[data["year"] == LAST_COMPARABLE_YEAR].set_index("area")["rate_per_100k"]
    areas = sorted(set(data["area"]), key=lambda a: (-latest.get(a, -1.0), country_name(a)))
    return areas


def lac_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    from matplotlib.patches import Rectangle

    from analysis.plotting.layout import reserve_label_width

    ax = axes[0]
    grid = ax.get_subplotspec().get_gridspec()
    top = grid.top if grid.top is not None else ax.figure.subplotpars.top
    grid.update(top=top - 0.12 / ax.figure.get_figheight())  # room between the subtitle and the year headings
    ax.set_position(ax.get_subplotspec().get_position(ax.figure))
    areas = lac_order(data)
    names = [country_name(a) for a in areas]
    reserve_label_width(ax, names, 7.5)
    runs = comparable_runs(range(FIRST_YEAR, LAST_YEAR + 1))
    years = [y for run in runs for y in run]
    x_of = {year: years.index(year) + 0.5 * number  # each run after a break set half a column apart
            for number, run in enumerate(runs) for year in run}
    cells = data.set_index(["area", "year"])
    for row, area in enumerate(areas):
        for year in years:
            x = x_of[year]
            if (area, year) not in cells.index:
                ax.text(x, row, "–", ha="center", va="center", fontsize=7, color=palette.MUTED)
                continue
            cell = cells.loc[(area, year)]
            klass = int(cell["rate_class"])
            apart = year not in runs[0]  # after the break: outlined in the class colour, not filled
            ax.add_patch(Rectangle((x - 0.44, row - 0.40), 0.88, 0.80, facecolor="white" if apart else
                                   CLASS_COLOURS[klass], edgecolor=CLASS_COLOURS[klass] if apart else "white",
                                   linewidth=1.4 if apart else 0.5))
            ax.text(x, row, integer(cell["rate_per_100k"]), ha="center", va="center", fontsize=7,
                    color="white" if klass >= DARK_CLASSES and not apart else palette.INK)
    for before, after in zip(runs, runs[1:], strict=False):  # a dashed rule at each break
        ax.axvline((x_of[before[-1]] + x_of[after[0]]) / 2, color=palette.MUTED, linewidth=0.8,
                   linestyle=(0, (2, 2)))
    ax.set_xlim(-0.6, x_of[years[-1]] + 0.6)
    ax.set_ylim(len(areas) - 0.5, -0.5)
    ax.set_yticks(range(len(areas)), names, fontsize=7.5)
    ax.set_xticks([x_of[y] for y in years], [str(y) for y in years], fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)


def lac_alt(data: pd.DataFrame) -> str:
    up, both = rose(data)
    rows = []
    for area in lac_order(data):
        own = data[data["area"] == area].sort_values("year")
        rows.append(_("{country}: {values}", country=country_name(area),
                      values=", ".join(f"{int(r.year)} {integer(r.rate_per_100k)}" for r in own.itertuples())))
    return " ".join([
        _("Table chart of CyberTipline reports per 100,000 inhabitants, one row per country or territory of Latin "
          "America and the Caribbean, one column per year from 2019 to 2023 and, set apart, 2024; darker cells "
          "are higher rates."),
        _("The rate was higher in 2023 than in 2019 in {up} of {both} areas.", up=up, both=both),
        semicolon_list(rows) + ".",
    ])


def lac_caption(data: pd.DataFrame) -> str:
    up, both = rose(data)
    regional = data[data["year"] <= LAST_COMPARABLE_YEAR]
    return " ".join([
        _("Rate: CyberTipline reports geolocated to the area in a year (NCMEC's country tables, as transcribed by a "
          "third party), divided by the World Bank's total population of the same area and year, times 100,000."),
        _("Rows are ordered by the 2023 rate; the colours are the classes of the world map; a dash marks a year "
          "without a total. Between 2019 and 2023 the rate rose in {up} of the {both} areas with both years.",
          up=up, both=both),
        _("Areas: UN M49 Latin America and the Caribbean, where NCMEC lists reports and the World Bank a "
          "population ({areas} in 2019-2023).", areas=regional["area"].nunique()),
        _(BREAK_NOTE),
        _("2024 adds NCMEC's referrals and informational reports, which together are all the year's reports; the "
          "transcribed 2024 country rows add up to more than NCMEC's 2024 total (not resolved), so 2024 is less "
          "certain."),
    ])


def lac_note(data: pd.DataFrame) -> str:
    return " ".join([_(TRANSCRIBED), _("Outlined column, 2024: {reason}", reason=_(BREAK_NOTE))])


def lac_finding(data: pd.DataFrame) -> str:
    """The title: in how many areas the rate was higher in the last comparable year than in the first."""
    up, both = rose(data)
    return _("Between {start} and {end}, CyberTipline reports per inhabitant rose in {up} of {both} countries and "
             "territories of Latin America and the Caribbean", start=FIRST_YEAR, end=LAST_COMPARABLE_YEAR, up=up,
             both=both)


def lac_height(data: pd.DataFrame) -> float:
    return max(1.0, (1.9 + 0.155 * data["area"].nunique()) / 4.6)


register(Recipe(
    id="cybertipline-rate-latin-america",
    topic="online exploitation",
    title="CyberTipline reports per inhabitant in Latin America and the Caribbean, by year",
    finding=lac_finding,
    subtitle="Reports to NCMEC geolocated to each country or territory, per 100,000 inhabitants, 2019-2023 and "
             "2024",
    caption=lac_caption,
    note=lac_note,
    caveat=CAVEAT,
    datasets=(RESOURCE, "population"),
    prepare=lac_data,
    draw=lac_draw,
    alt_text=lac_alt,
    height_factor=lac_height,
    sizes=("report",),
    size_note="One row per country or territory (about 40) needs the height of a report page; the slide, square "
              "and story frames cannot hold the rows at a legible size.",
))
