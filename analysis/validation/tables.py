"""Reading one resource's CSV as text: encoding, byte-order mark, CSV syntax, header and field counts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.validation.problems import Problem

BOM = b"\xef\xbb\xbf"
MAX_FIELD = 131_072  # the csv module's default limit; a longer field is almost always a lost closing quote
MAX_CELL = 10_000  # characters; the longest cell shipped is under 1,000 (a quote or a note)
MAX_BYTES = 50_000_000


@dataclass
class Table:
    """A resource read as text: header and rows, each row with its number in the file (header = row 1)."""

    name: str
    path: Path
    display: str
    resource: dict[str, Any]
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    text: str = ""  # the whole file, decoded
    complete: bool = True  # every schema column is in the header: the reference validator can check the rows

    @property
    def schema(self) -> dict[str, Any]:
        return self.resource.get("schema", {})

    @property
    def fields(self) -> list[dict[str, Any]]:
        return [f for f in self.schema.get("fields", []) if f.get("name") in self.header]

    def field(self, name: str) -> dict[str, Any] | None:
        return next((f for f in self.schema.get("fields", []) if f.get("name") == name), None)


def read_table(resource: dict[str, Any], path: Path, shown: str, problems: list[Problem]) -> Table | None:
    """The resource as a Table, or None (with one clear problem) when the file cannot be read as CSV."""
    data = path.read_bytes()
    name = resource["name"]
    if len(data) > MAX_BYTES:
        problems.append(Problem(shown, f"is {len(data):,} bytes, far larger than any table of this package; "
                                "check that the right file is at this path", row=1))
        return None
    if data.startswith(BOM):
        first = data[3:].split(b"\n", 1)[0].split(b",", 1)[0].decode("utf-8", "replace").strip('"\r')
        problems.append(Problem(shown, "the file starts with an invisible byte-order mark (BOM), which some "
                                "spreadsheet programs add when saving 'CSV UTF-8'; save it as plain UTF-8 "
                                "without BOM (or delete the first three bytes)", row=1, column=first or None))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(shown, "is saved as UTF-16 ('Unicode text'); save it as CSV in UTF-8", row=1))
        return None
    if b"\x00" in data[:4096] and not _mostly_text(data[:4096]):
        problems.append(Problem(shown, "is a binary file (an image, a spreadsheet or an archive?), not CSV text; "
                                "export the table as CSV in UTF-8", row=1))
        return None
    if not data.strip():
        problems.append(Problem(shown, "is empty; it needs a header row naming the columns, then the data rows",
                                row=1))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(_encoding_problem(data, err, shown))
        return None
    records, error = _parse(text)
    if error:
        problems.append(Problem(shown, error[1], row=error[0]))
        return None
    header = records[0]
    table = Table(name, path, shown, resource, header, text=text)
    if not _check_header(table, problems):
        return None
    width = len(header)
    for number, record in enumerate(records[1:], start=2):
        if not record:
            problems.append(Problem(shown, "is a blank line inside the table; delete it", row=number,
                                    column=header[0]))
            continue
        if len(record) != width:
            problems.append(_width_problem(shown, number, record, header))
            continue
        long = next((i for i, cell in enumerate(record) if len(cell) > MAX_CELL), None)
        if long is not None:
            problems.append(Problem(shown, f"is {len(record[long]):,} characters long, more than the {MAX_CELL:,} "
                                    "a cell of this package may hold; a quote opened and never closed, or text "
                                    "pasted by mistake, is the usual cause", row=number, column=header[long]))
            continue
        table.rows.append((number, dict(zip(header, record, strict=True))))
    return table


def _mostly_text(sample: bytes) -> bool:
    return sample.count(b"\x00") * 20 < len(sample)


def _parse(text: str) -> tuple[list[list[str]], tuple[int, str] | None]:
    """CSV records (a trailing blank line dropped), or the record number and reason it is malformed."""
    previous = csv.field_size_limit(MAX_FIELD)  # the documented limit here, whatever another library set
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as err:
        row = len(records) + 1
        if "field larger than field limit" in str(err):
            return records, (row, f"a field is longer than {MAX_FIELD:,} characters; this usually means a "
                             "quote is opened and never closed above this row: check the quoting")
        return records, (row, f"malformed CSV ({err}); check quoting: a field containing a comma, a quote or "
                         "a line break must be wrapped in double quotes, and a quote inside it doubled (\"\")")
    finally:
        csv.field_size_limit(previous)
    while records and not records[-1]:
        records.pop()
    if not records:
        return records, (1, "has no header row; the first line must name the columns")
    return records, None


def _check_header(table: Table, problems: list[Problem]) -> bool:
    """Problems with the header; False when the rows cannot be matched to columns at all."""
    shown, header = table.display, table.header
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        separator = "semicolons" if ";" in header[0] else "tabs"
        problems.append(Problem(shown, f"the columns are separated by {separator}, not commas; save the file as "
                                "comma-separated CSV", row=1, column=header[0][:40]))
        return False
    usable = True
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name.strip():
            problems.append(Problem(shown, f"column {position} of the header has no name; name it or delete the "
                                    "column", row=1, column=f"column {position}"))
            usable = False
        elif name in seen:
            problems.append(Problem(shown, f"the header names this column twice (columns {seen[name]} and "
                                    f"{position}); rename or delete one", row=1, column=name))
            usable = False
        seen.setdefault(name, position)
    schema_names = [f["name"] for f in table.schema.get("fields", [])]
    for name in schema_names:
        if name not in header:
            near = _near(name, header)
            hint = f" (the header has '{near}': remove its spaces or fix its spelling)" if near else ""
            problems.append(Problem(shown, f"required column is missing from the header{hint}; add it (it may be "
                                    "left empty only where the schema allows)", row=1, column=name))
            table.complete = False
    for name in header:
        if name.strip() and name not in schema_names:
            near = _near(name, schema_names)
            hint = f"; did you mean '{near}'?" if near else ""
            problems.append(Problem(shown, "column is not described in datapackage.json; describe it in the "
                                    f"resource's schema or remove it{hint}", row=1, column=name))
            table.complete = False
    return usable


def _near(name: str, candidates: list[str]) -> str | None:
    key = name.strip().lower()
    return next((c for c in candidates if c != name and c.strip().lower() == key), None)


def _width_problem(shown: str, number: int, record: list[str], header: list[str]) -> Problem:
    if len(record) > len(header):
        return Problem(shown, f"has {len(record)} fields but the header has {len(header)}: a surplus field after "
                       f"the last column; look for an unquoted comma (wrap such text in double quotes)",
                       row=number, column=header[-1])
    return Problem(shown, f"has {len(record)} fields but the header has {len(header)}: nothing from column "
                   f"'{header[len(record)]}' on; look for a missing field or a line break in unquoted text",
                   row=number, column=header[len(record)])


def _encoding_problem(data: bytes, err: UnicodeDecodeError, shown: str) -> Problem:
    """Where the first byte that is not UTF-8 is, as a row and column."""
    bad = data[err.start]
    records, _ = _parse(data.decode("utf-8", errors="replace"))
    row, column = None, None
    header = records[0] if records else []
    line_start = data.rfind(b"\n", 0, err.start) + 1
    prefix = data[:line_start].decode("utf-8", errors="replace")
    for number, record in enumerate(records, start=1):
        for position, cell in enumerate(record):
            if "\ufffd" in cell:
                row = number
                column = header[position] if number > 1 and position < len(header) else f"column {position + 1}"
                break
        if row:
            break
    if row is None:
        row = prefix.count("\n") + 1
    guess = ("Latin-1 or Windows-1252" if 0x80 <= bad <= 0xFF else "another encoding")
    return Problem(shown, f"is not UTF-8 text: byte 0x{bad:02X} cannot be read (the file looks saved as {guess}); "
                   "re-save it as UTF-8 (in a spreadsheet: 'CSV UTF-8', then remove the BOM)", row=row, column=column)
