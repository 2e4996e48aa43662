"""Key facts on online-grooming law: whether the country's law as read has the offence, since when, up to what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.facts.model import KeyFact, Omission, Outcome
from analysis.grooming_laws import in_force_years
from analysis.i18n import _, country_name, number
from analysis.i18n.citations import citation

if TYPE_CHECKING:
    import pandas as pd

FACT_ID = "grooming-offence"
LIMIT = "The law as written; how often it is used, and how courts read it, are not measured here."


def country_facts(frames: Mapping[str, pd.DataFrame], iso3: str) -> list[Outcome]:
    """The earliest provision read for the country (national before sub-national), with its maximum penalty."""
    laws = frames["grooming_laws"]
    own = laws[laws["iso3"] == iso3].assign(in_force_year=lambda t: in_force_years(t))
    if own.empty:
        return [Omission(FACT_ID, iso3, "no grooming provision read in its law yet (grooming_laws.csv); a missing "
                                        "row is not a missing law")]
    dated = own[own["in_force_year"].notna()]
    if dated.empty:
        return [Omission(FACT_ID, iso3, "a provision was read, but not the year it applied from")]
    national = dated[dated["jurisdiction"].isna() | (dated["jurisdiction"].astype(str).str.strip() == "")]
    row = (national if not national.empty else dated).sort_values("in_force_year").iloc[0]
    place = country_name(iso3) if national.shape[0] else f"{country_name(iso3)} ({_(str(row['jurisdiction']))})"
    year = int(row["in_force_year"])
    years = float(row["max_penalty_years"]) if row["max_penalty_kind"] == "term of years" else float("nan")
    if years == 1:
        penalty = _("by up to one year in prison")
    elif years == years:  # not NaN
        penalty = _("by up to {years} years in prison", years=number(years, 0 if years.is_integer() else 1))
    else:
        penalty = _("as the law writes it: {words}", words=str(row["max_penalty_as_written"]))
    sentence = _("The year the law of {place} made online grooming an offence ({provision}); punishable {penalty}.",
                 place=place, provision=f"{citation(str(row['law']))}, {row['provision']}", penalty=penalty)
    if len(own) > 1:
        sentence += " " + _("Provisions read in all: {count}.", count=len(own))
    return [KeyFact(
        fact_id=FACT_ID, area=iso3, topic="legal", value=float(year), number=str(year), sentence=sentence,
        limit=_(LIMIT),
        definition=_("An offence of contacting or communicating with a child online for a sexual purpose, as read "
                     "in the law's text; the year recorded for the provision (in force, or published where the "
                     "date it applied from was not read)."),
        year=year, source_ids=(str(row["source_id"]),), locators=(str(row["locator"]),))]
