"""The key-fact register: every fact computed for the world and for each country, and what was left out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.facts import bullying, laws, reports, treaties
from analysis.facts.model import WORLD, KeyFact, Omission, Outcome

if TYPE_CHECKING:
    import pandas as pd

    from analysis.catalog import Catalog

DATASETS = ("treaty_status", "instruments", "bullying_global", "indicators", "cybertipline_countries", "counts",
            "population", "grooming_laws", "sources")
WORLD_TOPICS = (treaties.world_facts, bullying.world_facts, reports.world_facts)
COUNTRY_TOPICS = (treaties.country_facts, bullying.country_facts, reports.country_facts, laws.country_facts)
# Areas the datasets name that are not countries with a card of their own.
COUNTRY_COLUMNS = {"treaty_status": "iso3", "bullying_global": "area", "cybertipline_countries": "iso3",
                   "grooming_laws": "iso3"}


@dataclass(frozen=True)
class Register:
    """The facts of some areas, in the language they were computed in, and the facts left out with reasons."""

    facts: tuple[KeyFact, ...]
    omissions: tuple[Omission, ...]

    def of(self, area: str) -> list[KeyFact]:
        return [f for f in self.facts if f.area == area]


def load_frames(catalog: Catalog | None = None) -> dict[str, pd.DataFrame]:
    from analysis.catalog import Catalog

    return (catalog or Catalog()).load_many(DATASETS)


def fact_countries(frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every ISO 3166-1 country any fact-bearing table names (parts of countries and the world excluded)."""
    from analysis.countries import iso3_codes

    known = iso3_codes()
    named = {str(a) for table, column in COUNTRY_COLUMNS.items() for a in frames[table][column].dropna()}
    return sorted(named & known)


def compute(frames: Mapping[str, pd.DataFrame], areas: Iterable[str]) -> Register:
    """The facts of ``areas`` (WLD for the world, else ISO3 codes) in the current language."""
    outcomes: list[Outcome] = []
    for area in areas:
        topics = WORLD_TOPICS if area == WORLD else COUNTRY_TOPICS
        for topic in topics:
            outcomes.extend(topic(frames) if area == WORLD else topic(frames, area))
    return Register(tuple(o for o in outcomes if isinstance(o, KeyFact)),
                    tuple(o for o in outcomes if isinstance(o, Omission)))
