"""Rules for values kept in the publisher's words: the words are in the quote; only a percentage becomes a number."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from analysis.validation.problems import Problem
from analysis.validation.tables import Table

WORDED = frozenset({"value_as_published", "value_kind", "share_pct", "quote"})
PERCENTAGE = "percentage"
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# UN M49 regions an area may name as 'M49-<code>' (the respondents of a poll's countries in that region).
M49_REGIONS = {"M49-202": "Sub-Saharan Africa"}


def _plain(text: str) -> str:
    """Lower case, one space between words, straight apostrophes: how two copies of a sentence are compared."""
    return " ".join(text.replace("\u2019", "'").casefold().split())


def values_in_their_quotes(tables: dict[str, Table], today: date) -> Iterator[Problem]:
    """The value as published is in the quote; a share is filled only for a published percentage, and equals it."""
    for table in tables.values():
        if not set(table.header) >= WORDED:
            continue
        for line, row in table.rows:
            words, kind, share = row["value_as_published"], row["value_kind"], row["share_pct"]
            if words and row["quote"] and _plain(words) not in _plain(row["quote"]):
                yield Problem(table.display, f"'{words}' is not in the quote; copy the value and the sentence it "
                              "was read in from the source as they are", line, "value_as_published")
            if kind == PERCENTAGE and share == "":
                yield Problem(table.display, "value_kind is 'percentage' but share_pct is empty; fill in the "
                              "published percentage", line, "share_pct")
            elif kind and kind != PERCENTAGE and share != "":
                yield Problem(table.display, f"share_pct is filled but value_kind is '{kind}': a ratio statement or "
                              "a bound is kept in words, not converted to a percentage; empty share_pct", line,
                              "share_pct")
            elif kind == PERCENTAGE and not _same_number(words, share):
                yield Problem(table.display, f"share_pct {share} is not the percentage published ('{words}'); "
                              "check both against the quote", line, "share_pct")


def _same_number(words: str, share: str) -> bool:
    """True when the words hold no digits (a percentage in words) or their first number is the share."""
    found = NUMBER.search(words)
    if found is None:
        return True
    try:
        return float(found.group().replace(",", ".")) == float(share)
    except ValueError:
        return True  # an unreadable share is reported by the schema check


def region_codes_known(tables: dict[str, Table], today: date) -> Iterator[Problem]:
    """An area written 'M49-<code>' names a UN M49 region the package knows."""
    for table in tables.values():
        if "area" not in table.header:
            continue
        for line, row in table.rows:
            area = row["area"]
            if area.startswith("M49-") and area not in M49_REGIONS:
                known = ", ".join(f"{code} ({name})" for code, name in M49_REGIONS.items())
                yield Problem(table.display, f"'{area}' is not a UN M49 region the package knows ({known}); add it "
                              "to analysis/validation/published_wording.py with its M49 name, or use an ISO3 "
                              "code", line, "area")
