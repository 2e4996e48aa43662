"""Wording shared by the findings figure titles state: a change's direction, large counts, and lists."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.i18n import _, integer, number

MILLION = 1_000_000


def by_direction(before: float, after: float, /, *, rose: str, fell: str, **values: object) -> str:
    """The ``rose`` or ``fell`` message (catalog keys), as ``after`` is above or below ``before``, filled with
    ``values``. Equal ends have no direction to state: a title saying either would be false, so it is refused."""
    if after == before:
        raise ValueError(f"the finding {rose!r} needs a change, but both ends are {before}; give it a neutral form")
    return _(rose if after > before else fell, **values)


def count(value: float) -> str:
    """A count as a title says it: whole up to a million, then in millions with one decimal ('36.2 million')."""
    if abs(value) >= MILLION:
        return _("{value} million", value=number(value / MILLION, 1))
    return integer(value)


def and_list(items: Sequence[str]) -> str:
    """Items joined as a sentence joins them: 'a', 'a and b', 'a, b and c', in the current language."""
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])
