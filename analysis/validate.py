"""Validate the data package against its own table schemas, with messages that say what to fix."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where it is and how to fix it."""

    path: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.path]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + ": " + self.message


class DataPackageError(ValueError):
    """Raised when the data package has problems; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{shown}{more}")


TypedRows = list[tuple[int, dict[str, Any]]]


@dataclass
class Table:
    """A resource read as text: header and rows, with the line number of each row."""

    name: str
    path: Path
    display: str
    schema: dict[str, Any]
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes known to pycountry."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def is_area_code(value: str) -> bool:
    """An ISO3 country, an ISO 3166-2 subdivision, or a survey's own cross-country 'average'."""
    import pycountry

    if value == "average" or value in iso3_codes():
        return True
    return "-" in value and pycountry.subdivisions.get(code=value) is not None


def read_descriptor(package_path: Path) -> dict[str, Any]:
    """Read datapackage.json, turning JSON errors into a Problem."""
    display = _display(package_path)
    if not package_path.exists():
        raise DataPackageError([Problem(display, "the data package descriptor is missing")])
    try:
        descriptor = json.loads(package_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataPackageError(
            [Problem(display, f"is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}")]
        ) from err
    if not isinstance(descriptor.get("resources"), list):
        raise DataPackageError([Problem(display, "has no 'resources' list")])
    return descriptor


def _display(path: Path) -> str:
    """A short path for messages: relative to the repository when possible."""
    from analysis.paths import ROOT

    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def read_table(resource: dict[str, Any], base: Path, problems: list[Problem]) -> Table | None:
    """Read one CSV resource as text rows; report missing files and malformed CSV."""
    path = base / resource["path"]
    display = _display(path)
    if not path.exists():
        problems.append(
            Problem(display, f"file for resource '{resource['name']}' is missing; restore it "
                    "from version control or remove the resource from datapackage.json")
        )
        return None
    schema = resource.get("schema", {})
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(text.splitlines(), strict=True)
    try:
        records = list(reader)
    except csv.Error as err:
        problems.append(
            Problem(display, f"malformed CSV ({err}); check quoting: a field containing a comma "
                    "or a quote must be wrapped in double quotes", row=reader.line_num)
        )
        return None
    if not records:
        problems.append(Problem(display, "is empty; it needs at least a header row"))
        return None
    header = records[0]
    rows: list[tuple[int, dict[str, str]]] = []
    for offset, record in enumerate(records[1:], start=2):
        if record == []:
            continue
        if len(record) != len(header):
            problems.append(
                Problem(display, f"has {len(record)} fields but the header has {len(header)}; "
                        "look for an unquoted comma or a missing field", row=offset)
            )
            continue
        rows.append((offset, dict(zip(header, record, strict=True))))
    return Table(resource["name"], path, display, schema, header, rows)


def check_header(table: Table, problems: list[Problem]) -> list[dict[str, Any]]:
    """Compare the header with the schema; return the schema fields present in the file."""
    fields = table.schema.get("fields", [])
    names = [f["name"] for f in fields]
    present = []
    for field in fields:
        if field["name"] not in table.header:
            problems.append(
                Problem(table.display, "required column is missing from the header; add it "
                        "(it may be left empty only where the schema allows)", column=field["name"])
            )
        else:
            present.append(field)
    for column in table.header:
        if column not in names:
            problems.append(
                Problem(table.display, "column is not described in datapackage.json; describe it "
                        "in the resource's schema or remove it", column=column)
            )
    return present


def cast(value: str, field: dict[str, Any]) -> Any:
    """Convert a CSV cell to the field's type; raise ValueError with a readable reason."""
    kind = field.get("type", "string")
    if kind == "string":
        return value
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError(f"'{value}' is not a whole number")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if number != number:
            raise ValueError("NaN is not allowed; leave the cell empty for a missing value")
        return number
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date in YYYY-MM-DD form") from None
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"'{value}' is not true or false")
        return value == "true"
    raise ValueError(f"schema type '{kind}' is not supported by the validator")


def check_cell(value: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Check one cell against type and constraints; return (typed value, problem or None)."""
    constraints = field.get("constraints", {})
    if value == "":
        if constraints.get("required"):
            return None, "is empty but required; fill it from the source"
        return None, None
    try:
        typed = cast(value, field)
    except ValueError as err:
        return None, f"{err}; expected type {field.get('type', 'string')}"
    if "minimum" in constraints and typed < _bound(constraints["minimum"], field):
        return typed, f"{value} is below the minimum {constraints['minimum']}; check the source"
    if "maximum" in constraints and typed > _bound(constraints["maximum"], field):
        return typed, f"{value} is above the maximum {constraints['maximum']}; check the source"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        return typed, f"'{value}' does not match the pattern {constraints['pattern']}"
    if "enum" in constraints and value not in constraints["enum"]:
        allowed = ", ".join(str(v) for v in constraints["enum"])
        return typed, f"'{value}' is not one of the allowed values: {allowed}"
    if field["name"] == "iso3" and value not in iso3_codes():
        return typed, f"'{value}' is not an ISO 3166-1 alpha-3 country code; look it up in ISO 3166"
    if field["name"] == "area" and not is_area_code(value):
        return typed, (f"'{value}' is neither an ISO 3166-1 alpha-3 code, an ISO 3166-2 subdivision code "
                       "nor 'average'; look it up in ISO 3166")
    return typed, None


def _bound(bound: Any, field: dict[str, Any]) -> Any:
    return date.fromisoformat(bound) if field.get("type") == "date" else bound


def check_rows(table: Table, fields: list[dict[str, Any]], problems: list[Problem]) -> TypedRows:
    """Type and constraint checks for every cell; return the typed rows."""
    typed_rows = []
    for line, row in table.rows:
        typed: dict[str, Any] = {}
        for field in fields:
            value, problem = check_cell(row[field["name"]], field)
            typed[field["name"]] = value
            if problem:
                problems.append(Problem(table.display, problem, row=line, column=field["name"]))
        check_interval(table, line, typed, problems)
        check_part_of_whole(table, line, typed, problems)
        typed_rows.append((line, typed))
    return typed_rows


INTERVALS = (("ci_low_pct", "value_pct", "ci_high_pct"),)


def check_interval(table: Table, line: int, row: dict[str, Any], problems: list[Problem]) -> None:
    """A published confidence interval must contain its estimate."""
    for low_name, value_name, high_name in INTERVALS:
        low, value, high = row.get(low_name), row.get(value_name), row.get(high_name)
        if None in (low, value, high):
            continue
        if not low <= value <= high:
            problems.append(
                Problem(table.display, f"interval {low}-{high} does not contain the estimate "
                        f"{value}; check the order of the bounds against the source",
                        row=line, column=value_name)
            )


PARTS_OF_WHOLES = (("count", "countries_reviewed"),)


def check_part_of_whole(table: Table, line: int, row: dict[str, Any], problems: list[Problem]) -> None:
    """A count of countries cannot exceed the countries reviewed."""
    for part_name, whole_name in PARTS_OF_WHOLES:
        part, whole = row.get(part_name), row.get(whole_name)
        if part is not None and whole is not None and part > whole:
            problems.append(Problem(table.display, f"{part} is more than the {whole} in '{whole_name}'; check both "
                                    "numbers against the source", row=line, column=part_name))


def check_primary_key(table: Table, typed_rows: TypedRows, problems: list[Problem]) -> None:
    """No two rows may share the primary key."""
    key = table.schema.get("primaryKey")
    if not key:
        return
    key = [key] if isinstance(key, str) else key
    seen: dict[tuple, int] = {}
    for line, row in typed_rows:
        values = tuple(row.get(k) for k in key)
        if values in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(key, values, strict=True))
            problems.append(
                Problem(table.display, f"duplicate primary key ({shown}) already used in row "
                        f"{seen[values]}; merge the rows or make the key distinct",
                        row=line, column=key[0] if len(key) == 1 else "+".join(key))
            )
        else:
            seen[values] = line


def check_foreign_keys(table: Table, typed_rows: TypedRows, typed: dict[str, TypedRows],
                       problems: list[Problem]) -> None:
    """Every foreign key value must exist in the referenced resource."""
    for fk in table.schema.get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_resource = ref.get("resource") or table.name
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        if ref_resource not in typed:
            continue
        known = {tuple(r.get(f) for f in ref_fields) for _, r in typed[ref_resource]}
        for line, row in typed_rows:
            values = tuple(row.get(f) for f in fields)
            if None in values or values in known:
                continue
            shown = ", ".join(str(v) for v in values)
            problems.append(
                Problem(table.display, f"'{shown}' is not a known {'/'.join(ref_fields)} in "
                        f"resource '{ref_resource}'; add it there first or correct the value",
                        row=line, column="+".join(fields))
            )


def validate_package(package_path: Path) -> list[Problem]:
    """Every problem in the package; an empty list means it is valid."""
    problems: list[Problem] = []
    try:
        descriptor = read_descriptor(package_path)
    except DataPackageError as err:
        return err.problems
    base = package_path.parent
    tables: dict[str, Table] = {}
    typed: dict[str, TypedRows] = {}
    for resource in descriptor["resources"]:
        table = read_table(resource, base, problems)
        if table is None:
            continue
        fields = check_header(table, problems)
        tables[table.name] = table
        typed[table.name] = check_rows(table, fields, problems)
        check_primary_key(table, typed[table.name], problems)
    for name, table in tables.items():
        check_foreign_keys(table, typed[name], typed, problems)
    if "indicators" in tables:
        check_comparability_groups(tables["indicators"], typed["indicators"], problems)
    return problems


def check_comparability_groups(table: Table, typed_rows: TypedRows, problems: list[Problem]) -> None:
    """Indicators that share a comparability_group must agree on unit, respondent, ages, recall and frame."""
    import pandas as pd

    from analysis.measures import Measures

    rows = [row for _, row in typed_rows if row.get("indicator_id") and row.get("comparability_group")]
    if not rows:
        return
    for message in Measures(pd.DataFrame(rows)).group_conflicts():
        fix = "; give them different groups or correct the attributes"
        problems.append(Problem(table.display, message + fix, column="comparability_group"))
