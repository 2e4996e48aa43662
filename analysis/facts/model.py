"""What a key fact is: a computed number, what it counts among whom, its main limit and its sources."""

from __future__ import annotations

from dataclasses import dataclass, field

WORLD = "WLD"
# Key-fact topics are the gallery's figure topics, so one filter shows a topic's figures and its cards.
TOPICS = ("legal", "cyberbullying", "online exploitation")


@dataclass(frozen=True)
class KeyFact:
    """One fact, its words in the language it was computed in, and the rows it comes from.

    ``value`` is the number the fact rests on (for tests and the register); ``number`` is how a card prints it.
    """

    fact_id: str  # stable across languages, e.g. 'opsc-status' or 'bullying-13-15'
    area: str  # ISO3 code or WLD
    topic: str
    value: float
    number: str
    sentence: str  # what the number counts, among whom, where and when
    limit: str  # its main limit, in one sentence
    definition: str  # the definition, in one sentence
    year: int | None  # the year it refers to (status date, survey period's end, report year); None: not stated
    source_ids: tuple[str, ...]
    locators: tuple[str, ...] = field(default=())

    @property
    def card_id(self) -> str:
        return f"{self.area}-{self.fact_id}"


@dataclass(frozen=True)
class Omission:
    """A fact left out for an area, and why (no data, or data the comparability guard refuses)."""

    fact_id: str
    area: str
    reason: str


Outcome = KeyFact | Omission
