"""How a published count reads in figure text ('1 in 7', '38.3%', 'at least 4,373', 'about 20,000,000'), how
precise it is, and whether it was read in its publisher's text or only where others quote it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.i18n import _, integer, percent

if TYPE_CHECKING:
    import pandas as pd

EXACT, ROUNDED, LOWER, UPPER = "exact", "rounded", "lower bound", "upper bound"
SECONDARY_KIND = "secondary citation"  # sources.csv kind of a page quoting a figure whose publisher was not read
RATIO_UNIT = "ratio (1 in N)"


def precision(value_status: str, unit: str = "") -> str:
    """EXACT, ROUNDED, LOWER or UPPER from a value_status ('lower bound, rounded' is a lower bound: its 'at least'
    says more than its rounding). A '1 in N' ratio states its rounding in its own form, so it counts as exact."""
    status = str(value_status)
    if status.startswith(LOWER):
        return LOWER
    if status.startswith(UPPER):
        return UPPER
    if status.startswith(ROUNDED) and unit != RATIO_UNIT:
        return ROUNDED
    return EXACT


def quoted_by_others(source_ids: pd.Series, sources: pd.DataFrame) -> pd.Series:
    """Whether each row's value was read only where others quote it: every source it names (several are joined
    by ';') is a secondary citation."""
    kinds = sources.set_index("source_id")["kind"]
    return source_ids.fillna("").astype(str).map(
        lambda ids: bool(ids) and all(kinds.get(one) == SECONDARY_KIND for one in ids.split(";") if one))


def count_value(value: float, unit: str, status: str) -> str:
    """A count as published: '1 in 7', '38.3%', 'at least 4,373', 'about 20,000,000'."""
    if unit == RATIO_UNIT:
        text = _("1 in {n}", n=int(value))
    elif unit == "percent":
        text = percent(value)
    else:
        text = integer(value)
    if status.startswith("lower bound"):
        return _("at least {value}", value=text)
    if status.startswith("upper bound"):
        return _("at most {value}", value=text)
    return _("about {value}", value=text) if status == "rounded" and unit != "ratio (1 in N)" else text
