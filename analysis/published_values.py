"""How a published count reads in figure text: '1 in 7', '38.3%', 'at least 4,373', 'about 20,000,000'."""

from __future__ import annotations

from analysis.i18n import _, integer, percent


def count_value(value: float, unit: str, status: str) -> str:
    """A count as published: '1 in 7', '38.3%', 'at least 4,373', 'about 20,000,000'."""
    if unit == "ratio (1 in N)":
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
