"""Validate the data package: frictionless for the table schemas, then the package's own rules; cached by content."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from analysis.validation import cache
from analysis.validation.descriptor import check_resource_path, check_schema, display, read_descriptor, where
from analysis.validation.problems import DataPackageError, Problem
from analysis.validation.rules import is_area_code, iso3_codes
from analysis.validation.tables import Table, read_table

__all__ = ["DataPackageError", "Problem", "Table", "is_area_code", "iso3_codes", "read_descriptor",
           "validate_package"]


def validate_package(package_path: Path, today: date | None = None) -> list[Problem]:
    """Every problem in the package (an empty list means it is valid), from the cache when nothing changed."""
    package_path = Path(package_path)
    today = today or date.today()
    entry = _cache_entry(package_path, today)
    if entry is not None:
        cached = cache.load(entry)
        if isinstance(cached, list):
            return [Problem(**p) for p in cached]
    problems = _validate(package_path, today)
    if entry is not None:
        cache.store(entry, [p.to_json() for p in problems])
    return problems


def _cache_entry(package_path: Path, today: date) -> str | None:
    """A key over everything the result depends on: the descriptor, every resource file, the date and the code."""
    try:
        return _content_key(package_path, today)
    except Exception:  # noqa: BLE001 - anything odd is validated (and reported) without the cache
        return None


def _content_key(package_path: Path, today: date) -> str | None:
    try:
        raw = package_path.read_bytes()
        descriptor = json.loads(raw.decode("utf-8-sig"))
        resources = descriptor["resources"]
        assert isinstance(resources, list)
    except Exception:  # noqa: BLE001 - an unreadable descriptor is validated (quickly) without the cache
        return None
    parts = [str(package_path.resolve()).encode(), today.isoformat().encode(), raw]
    base = package_path.parent
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            continue
        target, problems = check_resource_path(index, resource, base, "")
        parts.append(target.read_bytes() if target else repr(problems).encode())
    return cache.key("package", *parts)


def _validate(package_path: Path, today: date) -> list[Problem]:
    from analysis.validation.reference import reference_problems
    from analysis.validation.rules import rule_problems

    try:
        descriptor = read_descriptor(package_path)
    except DataPackageError as err:
        return err.problems
    except OSError as err:
        return [Problem(display(package_path), f"cannot be read ({err.strerror}); check its permissions")]
    base = package_path.parent
    shown = display(package_path)
    problems: list[Problem] = []
    tables = _read_tables(descriptor["resources"], base, shown, problems)
    order = {table.display: index for index, table in enumerate(tables.values())}
    ruled = rule_problems(tables, today)
    # Where a rule speaks about a cell it says more precisely what to fix (a space, a date's form): one message.
    cells = {(p.path, p.row, p.column) for p in ruled if p.row is not None}
    found = [p for p in reference_problems(tables, base) if (p.path, p.row, p.column) not in cells] + ruled
    found.sort(key=lambda p: (order.get(p.path, len(order)), p.row or 0))
    return problems + found


def _read_tables(resources: list[Any], base: Path, shown: str, problems: list[Problem]) -> dict[str, Table]:
    """Every resource that is described well enough and safe to read, read as text."""
    names = [r.get("name") for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)]
    schemas = {r["name"]: r.get("schema") for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)}
    known = set(names)
    tables: dict[str, Table] = {}
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            problems.append(Problem(shown, f"resource {index + 1} is not a JSON object; describe it with name, "
                                    "path and schema"))
            continue
        name = resource.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(shown, f"{where(index, resource)} has no 'name'; give it a short lower-case name"))
            continue
        if names.count(name) > 1 and name in tables:
            problems.append(Problem(shown, f"{where(index, resource)}: another resource already has the name "
                                    f"'{name}'; names must be unique"))
            continue
        schema_problems = check_schema(index, resource, known, schemas, shown)
        try:
            path, path_problems = check_resource_path(index, resource, base, shown)
        except OSError as err:
            path, path_problems = None, [Problem(shown, f"{where(index, resource)}: its path cannot be used "
                                                 f"({err.strerror}); give a short relative file name")]
        problems += schema_problems + path_problems
        if schema_problems or path is None:
            continue
        try:
            table = read_table(resource, path, display(path), problems)
        except OSError as err:
            problems.append(Problem(display(path), f"cannot be read ({err.strerror}); check its permissions"))
            continue
        if table is not None:
            tables[name] = table
    return tables
