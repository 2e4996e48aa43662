"""Key facts on bullying at 13-15: the world's median, and each country's rate beside its region's median."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.facts.model import WORLD, KeyFact, Omission, Outcome
from analysis.global_bullying import RESOURCE, SOWC, country_table, for_factsheet
from analysis.i18n import _, country_name, percent

if TYPE_CHECKING:
    import pandas as pd

FACT_ID = "bullying-13-15"
LIMIT = ("School surveys of 2011-2018 with different recall periods (GSHS: past 30 days; HBSC: past couple of "
         "months); children out of school are not asked.")
LIMITS = {SOWC: LIMIT,
          "evc2017_bullied_13_15": "An older compilation (surveys of 2003-2013); its median is of its own countries, "
                                   "not comparable with UNICEF's 2023 table."}
SOURCE_NAMES = {SOWC: "UNICEF, The State of the World's Children 2023, table 15",
                "evc2017_bullied_13_15": "Ending Violence in Childhood 2017, as kept by Our World in Data"}


def _period_end(period: str) -> int | None:
    """The last year a period names ('2011-2018' -> 2018); None when it names none a value can be tied to."""
    if period.startswith("outside"):  # SOWC's flag x: a year outside the column's range, not stated
        return None
    years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", period)]
    return max(years) if years else None


def world_facts(frames: Mapping[str, pd.DataFrame]) -> list[Outcome]:
    """The median share of students aged 13-15 bullied, over the countries in UNICEF's 2023 table (both sexes)."""
    import statistics

    rows = frames[RESOURCE]
    table = country_table(rows, frames["indicators"], SOWC)  # the guard: one published measure only
    valued = table[table["both_pct"].notna()]
    if valued.empty:
        return [Omission(FACT_ID, WORLD, f"{RESOURCE}.csv has no value for both sexes in {SOWC}")]
    median = statistics.median(valued["both_pct"])
    return [KeyFact(
        fact_id=FACT_ID, area=WORLD, topic="cyberbullying", value=median, number=percent(median, 0),
        sentence=_("of students aged 13-15 said they had been bullied in the median of the {count} countries and "
                   "areas in UNICEF's 2023 table.", count=len(valued)),
        limit=_(LIMIT),
        definition=_("Bullied on at least one day in the past 30 days (UNICEF's definition), girls and boys averaged "
                     "where only each sex is published; surveys of 2011-2018."),
        year=max(y for p in valued["period"] if (y := _period_end(p)) is not None),
        source_ids=tuple(sorted(set(valued["source_id"]))),
        locators=("sheet '15. Adolescents'",))]


def country_facts(frames: Mapping[str, pd.DataFrame], iso3: str) -> list[Outcome]:
    """The country's share (both sexes) in the first compilation that has it, with its region's median there."""
    found = for_factsheet(iso3, frames[RESOURCE], frames["indicators"])
    if found.indicator_id is None:
        return [Omission(FACT_ID, iso3, "no value in UNICEF's 2023 table or in the Ending Violence in Childhood "
                                        "2017 data")]
    if found.both_pct is None:
        return [Omission(FACT_ID, iso3, f"{found.indicator_id}: a value for one sex only, no rate for both sexes")]
    if found.region_median_pct is None or found.region_countries < 3:
        median = _("too few other countries of {region} have a value for a median", region=_(found.region))
    else:
        median = _("the median of {count} countries and areas of {region} is {value}", count=found.region_countries,
                   region=_(found.region), value=percent(found.region_median_pct, 0))
    source_ids = tuple(sorted(set(found.source_id.split(";"))))
    return [KeyFact(
        fact_id=FACT_ID, area=iso3, topic="cyberbullying", value=found.both_pct, number=percent(found.both_pct, 0),
        sentence=_("of students aged 13-15 in {country} said they had been bullied ({source}); {median}.",
                   country=country_name(iso3), source=_(SOURCE_NAMES[found.indicator_id]), median=median),
        limit=_(LIMITS[found.indicator_id]),
        definition=_("Any bullying, not only online, as the compilation defines it; girls and boys averaged where "
                     "only each sex is published."),
        year=_period_end(found.period), source_ids=source_ids, locators=(found.period,))]

