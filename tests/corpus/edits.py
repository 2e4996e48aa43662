"""Small editing helpers the corpus kinds use on a scratch copy of the data package."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def rows(package: Path, filename: str) -> tuple[list[str], list[dict[str, str]]]:
    with (package.parent / filename).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(package: Path, filename: str, header: list[str], records: list[dict[str, str]],
          terminator: str = "\n") -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=terminator)
    writer.writeheader()
    writer.writerows(records)
    (package.parent / filename).write_bytes(buffer.getvalue().encode("utf-8"))


def set_cell(package: Path, filename: str, index: int, column: str, value: str) -> int:
    """Set one cell of data row ``index``; return its row number in the file (header = 1)."""
    header, records = rows(package, filename)
    records[index][column] = value
    write(package, filename, header, records)
    return index + 2


def first(package: Path, filename: str, test: Callable[[dict[str, str]], bool]) -> int:
    """Index of the first data row passing ``test``."""
    return next(i for i, r in enumerate(rows(package, filename)[1]) if test(r))


def descriptor(package: Path) -> dict[str, Any]:
    return json.loads(package.read_text(encoding="utf-8"))


def save_descriptor(package: Path, data: Any) -> None:
    package.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_resource(package: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    data = descriptor(package)
    change(next(r for r in data["resources"] if r["name"] == name))
    save_descriptor(package, data)


def series_with_unit(package: Path, units: set[str]) -> set[str]:
    return {r["series_id"] for r in rows(package, "count_series.csv")[1] if r["unit"] in units}
