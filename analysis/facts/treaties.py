"""Key facts on treaties: the share of UN member states party to each, and each country's status and date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.facts.model import WORLD, KeyFact, Omission, Outcome
from analysis.i18n import _, country_name, long_date, percent

if TYPE_CHECKING:
    import pandas as pd

# The instruments with a world fact, and the names a sentence gives them (English catalog keys).
TREATY_NAMES = {
    "opsc": "the UN protocol on the sale of children, child prostitution and child pornography (OPSC)",
    "cets201": "the Council of Europe's Lanzarote Convention on the sexual exploitation and abuse of children",
    "cets185": "the Council of Europe's Budapest Convention on cybercrime",
}
# A country's card names these two (Budapest is on cybercrime at large; it stays a world fact and a map).
COUNTRY_TREATIES = ("opsc", "cets201")
PARTY_LIMIT = "Being a party binds a state to make these acts offences; it says nothing about how the law is enforced."
NOT_PARTY_LIMIT = ("Not being a party does not mean the country has no law against these acts; signature alone does "
                   "not bind a state.")


def _status_rows(frames: Mapping[str, pd.DataFrame], instrument_id: str) -> pd.DataFrame:
    rows = frames["treaty_status"]
    return rows[rows["instrument_id"] == instrument_id]


def world_facts(frames: Mapping[str, pd.DataFrame]) -> list[Outcome]:
    """For each instrument: how many of the UN member states are parties at the depositary's status date."""
    from analysis.countries import un_member_states

    members = set(un_member_states()["iso3"])
    outcomes: list[Outcome] = []
    for instrument_id, name in TREATY_NAMES.items():
        fact_id = f"{instrument_id}-parties"
        rows = _status_rows(frames, instrument_id)
        rows = rows[rows["iso3"].isin(members)]
        if rows.empty:
            outcomes.append(Omission(fact_id, WORLD, f"treaty_status.csv has no rows for '{instrument_id}'"))
            continue
        parties = int((rows["status"] == "party").sum())
        as_at = rows["as_at"].max()
        outcomes.append(KeyFact(
            fact_id=fact_id, area=WORLD, topic="legal", value=100 * parties / len(members),
            number=_("{parties} of {members}", parties=parties, members=len(members)),
            sentence=_("UN member states are parties to {treaty}, as the depositary listed them on {date}.",
                       treaty=_(name), date=long_date(as_at.date())),
            limit=_(PARTY_LIMIT),
            definition=_("States whose consent to be bound (ratification, accession or succession) is in the "
                         "depositary's list; {share} of the {members} UN member states.",
                         share=percent(100 * parties / len(members), 0), members=len(members)),
            year=as_at.year, source_ids=tuple(sorted(set(rows["source_id"]))),
            locators=(_("status list of {date}", date=long_date(as_at.date())),)))
    return outcomes


def country_facts(frames: Mapping[str, pd.DataFrame], iso3: str) -> list[Outcome]:
    """The country's status for each instrument in COUNTRY_TREATIES, with its date."""
    outcomes: list[Outcome] = []
    name = country_name(iso3)
    for instrument_id in COUNTRY_TREATIES:
        fact_id = f"{instrument_id}-status"
        rows = _status_rows(frames, instrument_id)
        own = rows[rows["iso3"] == iso3]
        if own.empty:
            outcomes.append(Omission(fact_id, iso3, f"treaty_status.csv has no '{instrument_id}' row for {iso3}"))
            continue
        row = own.iloc[0]
        treaty = _(TREATY_NAMES[instrument_id])
        as_at = row["as_at"]
        common = {"fact_id": fact_id, "area": iso3, "topic": "legal", "source_ids": (str(row["source_id"]),),
                  "locators": (str(row["locator"]),)}
        if as_at != as_at:  # NaT: no status date, so no sentence can say when the status held
            outcomes.append(Omission(fact_id, iso3, f"treaty_status.csv '{instrument_id}' row for {iso3} has no "
                                                    "status date (as_at)"))
            continue
        if row["status"] == "party" and row["consent"] != row["consent"]:
            outcomes.append(KeyFact(
                **common, value=float(as_at.year), number=_("Party"),
                sentence=_("{country} is a party to {treaty} (status list of {as_at}).", country=name,
                           treaty=treaty, as_at=long_date(as_at.date())),
                limit=_(PARTY_LIMIT),
                definition=_("Listed as a party by the depositary; the date of its consent was not read."),
                year=as_at.year))
        elif row["status"] == "party":
            consent = row["consent"]
            outcomes.append(KeyFact(
                **common, value=float(consent.year), number=str(consent.year),
                sentence=_("{country} has been a party to {treaty} since {date}.", country=name, treaty=treaty,
                           date=long_date(consent.date())),
                limit=_(PARTY_LIMIT),
                definition=_("The date the depositary records for the state's consent to be bound (status list "
                             "of {date}).", date=long_date(as_at.date())),
                year=consent.year))
        elif row["status"] == "signatory" and row["signature"] == row["signature"]:
            signed = row["signature"]
            outcomes.append(KeyFact(
                **common, value=float(signed.year), number=_("Signed, not ratified"),
                sentence=_("{country} signed {treaty} on {date} but is not a party to it (status list of {as_at}).",
                           country=name, treaty=treaty, date=long_date(signed.date()),
                           as_at=long_date(as_at.date())),
                limit=_(NOT_PARTY_LIMIT),
                definition=_("Signature without ratification, as the depositary lists it."),
                year=as_at.year))
        elif row["status"] == "signatory":
            outcomes.append(Omission(fact_id, iso3, f"treaty_status.csv '{instrument_id}': {iso3} is a signatory "
                                                    "without a signature date"))
        else:
            outcomes.append(KeyFact(
                **common, value=0.0, number=_("Not a party"),
                sentence=_("{country} is not a party to {treaty} (status list of {as_at}).", country=name,
                           treaty=treaty, as_at=long_date(as_at.date())),
                limit=_(NOT_PARTY_LIMIT),
                definition=_("No consent to be bound in the depositary's list."),
                year=as_at.year))
    return outcomes

