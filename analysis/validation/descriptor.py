"""datapackage.json itself: readable JSON, resources with a name, a safe path and a usable table schema."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from analysis.validation.problems import DataPackageError, Problem

# Field types the frictionless table schema defines (https://specs.frictionlessdata.io/table-schema/).
FIELD_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "date", "time",
                         "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"})
CONSTRAINTS = frozenset({"required", "unique", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                         "minLength", "maxLength", "pattern", "enum", "jsonSchema"})
MAX_DESCRIPTOR_BYTES = 5_000_000


def display(path: Path) -> str:
    """A short path for messages: relative to the repository when possible (links are not followed)."""
    from analysis.paths import ROOT

    normal = Path(os.path.normpath(os.path.abspath(path)))
    try:
        return str(normal.relative_to(ROOT))
    except ValueError:
        return str(normal)


def read_descriptor(package_path: Path) -> dict[str, Any]:
    """Read datapackage.json; raise DataPackageError (never a traceback) when it cannot be used at all."""
    shown = display(package_path)
    package_path = Path(package_path)

    def refuse(message: str) -> DataPackageError:
        return DataPackageError([Problem(shown, message)])

    if package_path.is_dir():
        raise refuse("is a folder, not the data package descriptor; give the path of datapackage.json")
    if not package_path.exists():
        raise refuse("the data package descriptor is missing; restore datapackage.json from version control")
    data = package_path.read_bytes()
    if len(data) > MAX_DESCRIPTOR_BYTES:
        raise refuse(f"is {len(data):,} bytes, far too large for a descriptor; restore it from version control")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise refuse(f"is not UTF-8 text (byte 0x{data[err.start]:02X} on line {line}); save it as UTF-8") from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as err:
        raise refuse(f"is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}; "
                     "fix the syntax (a missing comma or quote is the usual cause)") from None
    except RecursionError:
        raise refuse("is nested too deeply to be a data package descriptor") from None
    if not isinstance(descriptor, dict):
        raise refuse("must be a JSON object with a 'resources' list")
    if not isinstance(descriptor.get("resources"), list):
        raise refuse("has no 'resources' list; each table needs an entry there")
    if not descriptor["resources"]:
        raise refuse("'resources' is empty; the package needs at least one table")
    return descriptor


def where(index: int, resource: Any) -> str:
    """How a message names a resource: its position and, when it has one, its name."""
    name = resource.get("name") if isinstance(resource, dict) else None
    return f"resource '{name}'" if isinstance(name, str) and name else f"resource {index + 1}"


def unsafe_path_reason(relative: str) -> str | None:
    """Why a resource path may not be read, or None when it is a plain relative path inside the package."""
    if "://" in relative or relative.startswith(("http:", "https:", "ftp:", "file:")):
        return "is a remote address; the package only reads files inside its own folder"
    if "\\" in relative or "\x00" in relative:
        return "contains a backslash or NUL byte; use forward slashes and a plain file name"
    windows = PureWindowsPath(relative)
    if PurePosixPath(relative).is_absolute() or windows.is_absolute() or windows.drive:
        return "is an absolute path; a resource path must be relative to the package folder"
    if ".." in PurePosixPath(relative).parts:
        return "climbs out of the package folder with '..'; a resource path must stay inside the package folder"
    return None


def check_resource_path(index: int, resource: dict[str, Any], base: Path,
                        shown: str) -> tuple[Path | None, list[Problem]]:
    """The resource's file if it is safe to read; otherwise problems naming it (its content is never read)."""
    label = where(index, resource)
    relative = resource.get("path")
    if relative is None:
        return None, [Problem(shown, f"{label} has no 'path'; give the CSV file's name relative to this folder")]
    if isinstance(relative, list):
        return None, [Problem(shown, f"{label}: 'path' is a list; this package keeps each table in one CSV file")]
    if not isinstance(relative, str) or not relative.strip():
        return None, [Problem(shown, f"{label}: 'path' must be the CSV file's name, a non-empty string")]
    reason = unsafe_path_reason(relative)
    if reason:
        return None, [Problem(shown, f"{label}: path '{relative}' {reason}; it was refused as unsafe and not read")]
    if not relative.lower().endswith(".csv"):
        return None, [Problem(shown, f"{label}: path '{relative}' is not a .csv file; every table is a CSV file")]
    current = base
    for part in PurePosixPath(relative).parts:
        current = current / part
        if current.is_symlink():
            return None, [Problem(display(base / relative), f"file for {label} is a symbolic link; links are refused "
                                  "as unsafe and not read: put the CSV file itself in the package folder")]
    target = base / relative
    try:
        target.resolve().relative_to(base.resolve())
    except ValueError:
        return None, [Problem(shown, f"{label}: path '{relative}' leads outside the package folder; refused as unsafe")]
    if not target.exists():
        return None, [Problem(display(target), f"file for {label} is missing; restore it from version control "
                              "or remove the resource from datapackage.json")]
    if not target.is_file():
        return None, [Problem(display(target), f"is a folder (or not a regular file), not the CSV file {label} "
                              "needs; put the CSV file at this path")]
    return target, []


def check_schema(index: int, resource: dict[str, Any], names: set[str], schemas: dict[str, Any],
                 shown: str) -> list[Problem]:
    """The resource's table schema is usable: fields with known types, keys naming real fields."""
    label = where(index, resource)
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        return [Problem(shown, f"{label} has no table 'schema' object; describe its columns under schema.fields")]
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return [Problem(shown, f"{label}: schema.fields must be a non-empty list of columns")]
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, field in enumerate(fields, start=1):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
            problems.append(Problem(shown, f"{label}: field {number} of the schema needs a 'name'"))
            continue
        name = field["name"]
        if name in seen:
            problems.append(Problem(shown, f"{label}: the schema describes column '{name}' twice; keep one"))
        seen.add(name)
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            problems.append(Problem(shown, f"{label}: column '{name}' has type '{kind}', which table schemas do not "
                                    f"define; use one of {', '.join(sorted(FIELD_TYPES))}"))
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            problems.append(Problem(shown, f"{label}: column '{name}': 'constraints' must be an object"))
        elif set(constraints) - CONSTRAINTS:
            unknown = ", ".join(sorted(set(constraints) - CONSTRAINTS))
            problems.append(Problem(shown, f"{label}: column '{name}' has unknown constraint(s) {unknown}"))
        elif "enum" in constraints and not isinstance(constraints["enum"], list):
            problems.append(Problem(shown, f"{label}: column '{name}': 'enum' must be a list of allowed values"))
        elif "pattern" in constraints and not _compiles(constraints["pattern"]):
            problems.append(Problem(shown, f"{label}: column '{name}': pattern {constraints['pattern']!r} is not a "
                                    "valid regular expression"))
    key = schema.get("primaryKey", [])
    if not isinstance(key, str | list):
        problems.append(Problem(shown, f"{label}: primaryKey must be a column name or a list of column names"))
        key = []
    for name in [key] if isinstance(key, str) else key:
        if name not in seen:
            problems.append(Problem(shown, f"{label}: primaryKey names '{name}', which is not a column of the schema"))
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        return [*problems, Problem(shown, f"{label}: schema.foreignKeys must be a list")]
    for fk in foreign_keys:
        problems += _check_foreign_key(label, fk, seen, names, schemas, resource.get("name"), shown)
    return problems


def _check_foreign_key(label: str, fk: Any, seen: set[str], names: set[str], schemas: dict[str, Any],
                       own: Any, shown: str) -> list[Problem]:
    reference = fk.get("reference") if isinstance(fk, dict) else None
    if not isinstance(reference, dict):
        return [Problem(shown, f"{label}: a foreign key needs 'fields' and a 'reference' object")]
    fields = _names(fk.get("fields"))
    target = reference.get("resource") or own
    ref_fields = _names(reference.get("fields"))
    if not fields or any(f not in seen for f in fields):
        return [Problem(shown, f"{label}: foreign key fields {fk.get('fields')} are not columns of the schema")]
    if target not in names:
        return [Problem(shown, f"{label}: foreign key refers to resource '{target}', which the package does not have")]
    ref_schema = schemas.get(target)
    ref_fields_list = ref_schema.get("fields", []) if isinstance(ref_schema, dict) else []
    if not isinstance(ref_fields_list, list):
        ref_fields_list = []
    ref_names = {f.get("name") for f in ref_fields_list if isinstance(f, dict)}
    if not ref_fields or len(ref_fields) != len(fields) or any(f not in ref_names for f in ref_fields):
        return [Problem(shown, f"{label}: foreign key refers to {reference.get('fields')} in '{target}', "
                        "which are not its columns (or not as many as the key's fields)")]
    return []


def _compiles(pattern: Any) -> bool:
    import re

    try:
        re.compile(pattern)
    except (re.error, TypeError):
        return False
    return isinstance(pattern, str)


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return []
