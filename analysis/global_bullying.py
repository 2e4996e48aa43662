"""Bullying of 13-15-year-olds worldwide (bullying_global.csv): per-country values, regional medians, the guard."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.countries import country

if TYPE_CHECKING:
    import pandas as pd

    from analysis.measures import Comparability

SOWC = "sowc2023_bullied_13_15"
EVC = "evc2017_bullied_13_15"
RESOURCE = "bullying_global"
# The order in which a country's factsheet looks for a value: the newer compilation first.
PREFERENCE = (SOWC, EVC)
LAC = "Latin America and the Caribbean"
# M49 sub-regions that make up M49's intermediate region "Latin America and the Caribbean".
LAC_SUBREGIONS = ("Caribbean", "Central America", "South America")
SOWC_CAVEAT = ("UNICEF's column mixes school surveys (GSHS asks about the past 30 days, HBSC about the past couple of "
               "months) from 2011-2018 without naming each country's survey; values flagged x refer to other years.")


def region_of(iso3: str) -> str:
    """The UN M49 region used for medians: the region, with the Americas split as M49 splits them."""
    record = country(iso3)
    if record.m49_region == "Americas":
        return LAC if record.m49_subregion in LAC_SUBREGIONS else "Northern America"
    return record.m49_region


def require_one_measure(rows: pd.DataFrame, indicators: pd.DataFrame, *, purpose: str) -> Comparability:
    """The comparability guard for a map, ranking or median: the rows must hold one published measure."""
    from analysis.measures import Measures

    return Measures(indicators).require_comparable(rows["indicator_id"].astype(str).unique(), purpose=purpose)


def country_table(frame: pd.DataFrame, indicators: pd.DataFrame, indicator_id: str = SOWC) -> pd.DataFrame:
    """One row per country for one indicator: girls, boys, both (the mean of the two, or the published total).

    ``gap_pp`` is girls minus boys in percentage points; ``qualifier`` joins the flags of the values used.
    """
    import pandas as pd

    rows = frame[frame["indicator_id"] == indicator_id]
    if rows.empty:
        raise ValueError(f"{RESOURCE}.csv has no rows for indicator '{indicator_id}'")
    require_one_measure(rows, indicators, purpose=f"one table of {indicator_id}")
    records = []
    for area, group in rows.groupby("area", sort=True):
        by_sex = group.set_index("sex")
        value = {sex: float(by_sex.loc[sex, "value_pct"]) if sex in by_sex.index else None
                 for sex in ("female", "male", "total")}
        if value["total"] is not None:
            both, basis = value["total"], "published for both sexes"
        elif value["female"] is not None and value["male"] is not None:
            both, basis = (value["female"] + value["male"]) / 2, "mean of girls and boys"
        else:
            both, basis = None, "one sex only"
        flags = sorted({f for q in group["qualifier"].dropna() for f in str(q).split(",") if f})
        record = country(area)
        records.append({
            "indicator_id": indicator_id, "area": area, "name": record.name, "un_member": record.un_member,
            "region": region_of(area), "m49_subregion": record.m49_subregion,
            "girls_pct": value["female"], "boys_pct": value["male"], "both_pct": both, "both_basis": basis,
            "gap_pp": (value["female"] - value["male"]) if None not in (value["female"], value["male"]) else None,
            "qualifier": ",".join(flags), "period": "; ".join(sorted(set(group["period"]))),
            "survey_basis": "; ".join(sorted(set(group["survey_basis"]))),
            "source_id": ";".join(sorted(set(group["source_id"]))),
            "locator": "; ".join(f"{sex}: {loc}" for sex, loc in zip(group["sex"], group["locator"], strict=True)),
        })
    return pd.DataFrame.from_records(records)


def regional_medians(table: pd.DataFrame, column: str = "both_pct") -> pd.DataFrame:
    """Median of ``column`` over the countries and areas of each region that have a value, with their count."""
    valued = table[table[column].notna()]
    grouped = valued.groupby("region")[column]
    return grouped.median().to_frame("median_pct").assign(countries=grouped.size()).reset_index()


@dataclass(frozen=True)
class FactsheetBullying:
    """What a country's factsheet says of bullying at 13-15: its value(s) beside its region's median."""

    iso3: str
    indicator_id: str | None  # None: no compilation has a value for the country
    girls_pct: float | None = None
    boys_pct: float | None = None
    both_pct: float | None = None
    qualifier: str = ""
    period: str = ""
    survey_basis: str = ""
    region: str = ""
    region_median_pct: float | None = None
    region_countries: int = 0
    source_id: str = ""
    searched: tuple[str, ...] = PREFERENCE
    region_values: tuple[tuple[str, float], ...] = ()  # (area, both sexes) for every valued area of the region


_TABLES: dict[int, tuple[weakref.ref, dict[str, pd.DataFrame]]] = {}


def compilation_tables(frame: pd.DataFrame, indicators: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """country_table() of each compilation in PREFERENCE that has rows, computed once per loaded frame (a batch of
    factsheets or key facts asks for the same tables once per country)."""
    cached = _TABLES.get(id(frame))
    if cached is not None and cached[0]() is frame:
        return cached[1]
    tables = {indicator_id: country_table(frame[frame["indicator_id"] == indicator_id], indicators, indicator_id)
              for indicator_id in PREFERENCE if (frame["indicator_id"] == indicator_id).any()}
    _TABLES.clear()  # one loaded package at a time
    _TABLES[id(frame)] = (weakref.ref(frame), tables)
    return tables


def for_factsheet(iso3: str, frame: pd.DataFrame, indicators: pd.DataFrame) -> FactsheetBullying:
    """The first compilation in PREFERENCE with a value for the country, and its region's median in it."""
    tables = compilation_tables(frame, indicators)
    for indicator_id in PREFERENCE:
        table = tables.get(indicator_id)
        if table is None or iso3 not in set(table["area"]):
            continue
        own = table.set_index("area").loc[iso3]
        region = region_of(iso3)
        medians = regional_medians(table).set_index("region")
        median = medians.loc[region] if region in medians.index else None

        def value(v: object) -> float | None:
            return None if v is None or v != v else float(v)  # NaN is not equal to itself

        peers = table[(table["region"] == region) & table["both_pct"].notna()]
        return FactsheetBullying(
            iso3, indicator_id, value(own["girls_pct"]), value(own["boys_pct"]), value(own["both_pct"]),
            str(own["qualifier"]), str(own["period"]), str(own["survey_basis"]), region,
            None if median is None else float(median["median_pct"]),
            0 if median is None else int(median["countries"]), str(own["source_id"]),
            region_values=tuple((str(a), float(v)) for a, v in zip(peers["area"], peers["both_pct"], strict=True)))
    return FactsheetBullying(iso3, None, region=region_of(iso3))


# Words for a value's flags on a factsheet (SOWC's notes define them; see analysis.upstreams.sowc.VALUE_FLAGS).
FLAG_WORDS = {"y": "differs from the standard definition or covers part of the country", "p": "small sample"}


def factsheet_sentences(found: FactsheetBullying, compact: bool = False) -> list[tuple[str, bool]]:
    """The factsheet's lines on bullying at 13-15, in the current language; True marks a caveat (muted) line.

    ``compact``: a shorter caveat, for a page where cyberbullying surveys follow.
    """
    from analysis.i18n import _, percent, semicolon_list

    if found.indicator_id is None:
        return [(_("Bullying at ages 13-15: no value for this country in UNICEF's State of the World's Children "
                   "2023 (table 15) or in the Ending Violence in Childhood 2017 data; both were searched."), False)]
    values = []
    if found.girls_pct is not None:
        values.append(_("girls {value}", value=percent(found.girls_pct)))
    if found.boys_pct is not None:
        values.append(_("boys {value}", value=percent(found.boys_pct)))
    if found.girls_pct is None and found.boys_pct is None and found.both_pct is not None:
        values.append(_("both sexes {value}", value=percent(found.both_pct)))
    flags = [_(FLAG_WORDS[f]) for f in found.qualifier.split(",") if f in FLAG_WORDS]
    median = (_("median of {region}: {value} ({count} countries and areas)", region=_(found.region),
                value=percent(found.region_median_pct), count=found.region_countries)
              if found.region_median_pct is not None else _("no other value in {region}", region=_(found.region)))
    if found.indicator_id == SOWC and "x" in found.qualifier.split(","):
        lead = _("Students aged 13-15 bullied on at least one day in the past 30 days (UNICEF, State of the World's "
                 "Children 2023, table 15; a year outside 2011-2018, survey not stated)")
        caveat = _(SOWC_CAVEAT)
    elif found.indicator_id == SOWC:
        lead = _("Students aged 13-15 bullied on at least one day in the past 30 days (UNICEF, State of the World's "
                 "Children 2023, table 15; 2011-2018, survey not stated)")
        caveat = _(SOWC_CAVEAT)
    else:
        lead = _("Students aged 13-15 bullied (Ending Violence in Childhood 2017, from HBSC 2009/10 or GSHS "
                 "2003-2013; survey not stated; UNICEF's 2023 table has no value for this country)")
        caveat = _("A different compilation from UNICEF's 2023 table, with its own medians; the two are not compared.")
    if compact:
        caveat = _("Any bullying, from compilations of school surveys (GSHS: past 30 days; HBSC: past couple of "
                   "months): not comparable with the cyberbullying figures below.")
    sentence = _("{lead}: {values}", lead=lead, values=semicolon_list(values))
    if flags:
        sentence += f" ({semicolon_list(flags)})"
    return [(_("{sentence}; {median}.", sentence=sentence, median=median), False), (caveat, True)]


STRIP_IN = 1.25  # the factsheet's strip of the region's values: axes, tick labels and legend


def strip_texts(found: FactsheetBullying) -> list[str]:
    """The strip's legend entries and axis title, in the current language."""
    from analysis.i18n import _, country_name, percent

    # The region is named in the sentence above the strip: the legend stays on one line for every region.
    return [_("Rest of the region"), country_name(found.iso3),
            _("Regional median {value}", value=percent(found.region_median_pct)),
            _("Students bullied, mean of girls and boys, %")]


def draw_region_strip(fig: object, found: FactsheetBullying, rect_in: tuple[float, float, float, float],
                      page_in: tuple[float, float]) -> None:
    """One line of dots: the region's countries and areas (grey), this country (coloured), the median (dashed).

    ``rect_in`` is (left, top, width, height) of the axes in inches from the page's top left.
    """
    from matplotlib.ticker import FuncFormatter

    from analysis.i18n import percent
    from analysis.plotting import palette

    left, top, width, height = rect_in
    page_w, page_h = page_in
    ax = fig.add_axes([left / page_w, 1 - (top + height) / page_h, width / page_w, height / page_h])
    labels = strip_texts(found)
    others = [v for a, v in found.region_values if a != found.iso3]
    ax.scatter(others, [0] * len(others), s=22, color="#9a9a9a", alpha=0.7, linewidths=0, zorder=2, label=labels[0])
    ax.scatter([found.both_pct], [0], s=70, marker="D", color=palette.VERMILLION, edgecolors="white",
               linewidths=0.6, zorder=4, label=labels[1])
    ax.axvline(found.region_median_pct, color=palette.INK, linestyle="--", linewidth=1, zorder=3, label=labels[2])
    top_value = max([found.both_pct, *others])
    ax.set_xlim(0, 10 * (int(top_value // 10) + 1))
    ax.set_ylim(-1, 1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: percent(value, 0)))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    ax.set_xlabel(labels[3], fontsize=8.5)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, fontsize=8, frameon=False, borderaxespad=0.1,
              handletextpad=0.3, columnspacing=1.2)
