"""The reference check: types, constraints, primary and foreign keys by frictionless, in researchers' words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from analysis.validation import cache
from analysis.validation.problems import Problem
from analysis.validation.tables import Table

# Reported by our own reading of the file (tables.py) in clearer words, so frictionless's versions are dropped.
OWN_CHECKS = frozenset({"extra-cell", "missing-cell", "extra-label", "missing-label", "duplicate-label",
                        "blank-label", "incorrect-label", "encoding-error"})
TYPE_WORDS = {
    "integer": "is not a whole number",
    "number": "is not a number",
    "date": "is not a date in YYYY-MM-DD form",
    "boolean": "is not true or false",
    "year": "is not a year (YYYY)",
    "datetime": "is not a date and time in ISO 8601 form",
}

Found = list[tuple[int | None, str | None, str]]  # (row, column, message) for one resource


def reference_problems(tables: dict[str, Table], base: Path) -> list[Problem]:
    """Frictionless's findings for every table that could be read, cached by content."""
    problems: list[Problem] = []
    for table in tables.values():
        if not table.complete:
            continue
        descriptor = _frictionless_descriptor(table, tables)
        key = cache.key("reference", json.dumps(descriptor, sort_keys=True).encode(), table.text.encode(),
                        _referenced_values(descriptor, tables))
        found = cache.load(key)
        if found is None:
            needed = [table.name, *(ref for ref in _references(descriptor) if ref != table.name)]
            found = _run([tables[name] for name in needed], tables, base)
            cache.store(key, found)
        problems += [Problem(table.display, message, row=row, column=column) for row, column, message in found]
    return problems


def _frictionless_descriptor(table: Table, tables: dict[str, Table]) -> dict[str, Any]:
    """The resource as frictionless gets it: foreign keys only to tables it can read too."""
    resource = {k: v for k, v in table.resource.items() if k in ("name", "path", "schema")}
    schema = dict(resource["schema"])
    schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                             if (fk["reference"].get("resource") or table.name) in tables
                             and tables[fk["reference"].get("resource") or table.name].complete]
    resource["schema"] = schema
    return resource


def _referenced_values(descriptor: dict[str, Any], tables: dict[str, Table]) -> bytes:
    """The values the foreign keys look up: only they (not the rest of the referenced files) affect the result."""
    values = []
    for fk in descriptor["schema"]["foreignKeys"]:
        target = tables[fk["reference"].get("resource") or descriptor["name"]]
        fields = fk["reference"]["fields"]
        fields = [fields] if isinstance(fields, str) else fields
        values.append(sorted({tuple(row.get(f, "") for f in fields) for _, row in target.rows}))
    return json.dumps(values).encode()


def _references(descriptor: dict[str, Any]) -> list[str]:
    return sorted({fk["reference"].get("resource") or descriptor["name"] for fk in descriptor["schema"]["foreignKeys"]})


def _package(chosen: list[Table], tables: dict[str, Table], base: Path) -> Any:
    """A frictionless package of the chosen tables (one to check and those its foreign keys refer to)."""
    from frictionless import Dialect, Package, Resource, Schema, formats

    resources = []
    for position, table in enumerate(chosen):
        descriptor = _frictionless_descriptor(table, tables)
        schema = {**descriptor["schema"], "fieldsMatch": "equal"}
        if position:  # a referenced table is only looked up, not checked here
            schema["foreignKeys"] = []
        resources.append(Resource(name=descriptor["name"], path=descriptor["path"], basepath=str(base),
                                  schema=Schema.from_descriptor(schema),
                                  format="csv", encoding="utf-8",
                                  dialect=Dialect(controls=[formats.CsvControl(delimiter=",")])))
    return Package(resources=resources, basepath=str(base))


def _run(chosen: list[Table], tables: dict[str, Table], base: Path) -> Found:
    """Validate the first chosen table with frictionless and translate every error."""
    from frictionless import FrictionlessException

    table = chosen[0]
    try:
        report = _package(chosen, tables, base).get_resource(table.name).validate(limit_errors=1000)
    except (FrictionlessException, Exception) as err:  # noqa: BLE001 - any failure becomes a message
        return [(None, None, f"the reference validator (frictionless) could not check this table: "
                 f"{type(err).__name__}: {str(err)[:300]}; check its schema in datapackage.json")]
    rows = dict(table.rows)
    found: Found = []
    for task in report.tasks:
        for error in task.errors:
            if error.type in OWN_CHECKS:
                continue
            found.append(_translate(error, table, rows))
    return found


def _translate(error: Any, table: Table, rows: dict[int, dict[str, str]]) -> tuple[int | None, str | None, str]:
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    field = table.field(column) if column else None
    kind = error.type
    if kind == "type-error" and field is not None:
        type_name = field.get("type", "string")
        words = TYPE_WORDS.get(type_name, f"is not a valid {type_name}")
        hint = "; write the value as digits only, without units, spaces or thousands separators" \
            if type_name in ("integer", "number") else ""
        return row, column, f"'{cell}' {words}; expected type {type_name}{hint}"
    if kind == "constraint-error" and field is not None:
        return row, column, _constraint_message(error.note, cell, field)
    if kind == "unique-error":
        first = _position(error.note)
        return row, column, f"'{cell}' is already used in row {first}; each value in this column must be unique"
    if kind == "primary-key":
        return _primary_key(error, table, rows)
    if kind == "foreign-key":
        return _foreign_key(error, table)
    if kind == "blank-row":
        return row, table.header[0], "is a blank row (every cell empty); delete it"
    return row, column, f"{error.title.lower()}: {error.note}"


def _position(note: str) -> str:
    match = re.search(r"position (\d+)", note or "")
    return match.group(1) if match else "?"


def _constraint_message(note: str, cell: Any, field: dict[str, Any]) -> str:
    match = re.search(r'constraint "(\w+)"', note or "")
    name = match.group(1) if match else ""
    constraints = field.get("constraints", {})
    bound = constraints.get(name)
    if name == "required":
        return "is empty but required; fill it from the source"
    if name in ("minimum", "exclusiveMinimum"):
        return f"{cell} is below the minimum {bound}; check the source"
    if name in ("maximum", "exclusiveMaximum"):
        return f"{cell} is above the maximum {bound}; check the source"
    if name == "pattern":
        spaced = " (it has a space at the start or end: remove it)" if str(cell) != str(cell).strip() else ""
        return f"'{cell}' does not match the pattern {bound}{spaced}; correct it to the documented form"
    if name == "enum":
        allowed = ", ".join(str(v) for v in bound or [])
        spaced = " (it has a space at the start or end: remove it)" if str(cell) != str(cell).strip() else ""
        return f"'{cell}' is not one of the allowed values: {allowed}{spaced}"
    if name in ("minLength", "maxLength"):
        return f"has {len(str(cell))} characters; the schema's {name} is {bound}"
    return f"'{cell}' breaks the constraint {name} = {bound}"


def _primary_key(error: Any, table: Table, rows: dict[int, dict[str, str]]) -> tuple[int | None, str | None, str]:
    key = table.schema.get("primaryKey")
    key = [key] if isinstance(key, str) else list(key or [])
    row = error.row_number
    values = rows.get(row, {})
    shown = ", ".join(f"{k}={values.get(k, '')}" for k in key)
    return row, "+".join(key), (f"duplicate primary key ({shown}) already used in row {_position(error.note)}; "
                                "merge the rows or make the key distinct")


def _foreign_key(error: Any, table: Table) -> tuple[int | None, str | None, str]:
    fields = list(getattr(error, "field_names", []) or [])
    cells = list(getattr(error, "field_cells", []) or [])
    ref_name = getattr(error, "reference_name", "") or table.name
    ref_fields = list(getattr(error, "reference_field_names", []) or fields)
    shown = ", ".join(str(c) for c in cells)
    spaced = " (it has a space at the start or end: remove it)" if any(str(c) != str(c).strip() for c in cells) else ""
    return error.row_number, "+".join(fields), (
        f"'{shown}' is not a known {'/'.join(ref_fields)} in resource '{ref_name}'{spaced}; add it there first "
        "or correct the value")
