"""Scope of count series: the area a count is about and what places it there, checked against its definition."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from analysis.countries import WORLD, area_name, is_aggregate, parent_iso3

RECEIVED = "received from anywhere"  # a national body's worldwide intake: the area is the world
WORLDWIDE_WORDS = re.compile(r"\b(worldwide|anywhere in the world|from anywhere|hosted anywhere)\b", re.IGNORECASE)
STATED_SCOPE = re.compile(r"Scope: ([^.;]+?) only\b")


def scope_problems(series: Mapping[str, Any]) -> list[str]:
    """What is wrong with one count_series row's area and scope_basis, given its definition text (empty: fine)."""
    area, basis, definition = series["area"], series.get("scope_basis"), str(series.get("definition") or "")
    problems = []
    if basis == RECEIVED and area != WORLD:
        problems.append(f"scope_basis '{RECEIVED}' needs area {WORLD}: a count a national body receives from "
                        f"anywhere is not a count about {area}")
    if area == WORLD and not WORLDWIDE_WORDS.search(definition):
        problems.append(f"area {WORLD} but the definition does not say the count is worldwide; say so in it")
    if area != WORLD and WORLDWIDE_WORDS.search(definition):
        problems.append(f"the definition describes a worldwide count but area is {area}; use {WORLD}")
    stated = STATED_SCOPE.search(definition)
    if stated and area_name(area) != stated.group(1):
        problems.append(f"the definition says 'Scope: {stated.group(1)} only' but area {area} is "
                        f"{area_name(area)}; use the code of {stated.group(1)}")
    return problems


def count_area_problems(series_area: Mapping[str, str], counts: Iterable[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """(index, problem) for each counts row whose area is not its series' area."""
    found = []
    for index, row in enumerate(counts):
        expected = series_area.get(row["series_id"])
        if expected is not None and row["area"] != expected:
            found.append((index, f"area {row['area']} differs from the series' area {expected} in count_series.csv; "
                                 "a series counts one area"))
    return found


def is_about(area: str, iso3: str) -> bool:
    """True when a count of ``area`` is about the country ``iso3`` (the country itself or a part of it)."""
    return not is_aggregate(area) and parent_iso3(area) == iso3
