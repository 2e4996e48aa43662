"""UNICEF State of the World's Children 2023 statistical tables (xlsx): table 15, bullying at ages 13-15 by sex."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pandas as pd

from analysis.countries import UnknownCountryError, to_iso3
from analysis.upstreams.base import SourceRecord, Upstream, UpstreamFormatError

SHEET = "15. Adolescents"
TITLE = "TABLE 15. ADOLESCENTS"
NAME_HEADER = "Countries and areas"
VALUE_HEADER = "Bullying (%)"
SOURCE_ID = "unicef_sowc2023_tables"
INDICATOR_ID = "sowc2023_bullied_13_15"
URL = "https://www.unicef.org/state-worlds-children-2023"
# The columns of the bullying_global resource, in order.
COLUMNS = ["indicator_id", "area", "sex", "period", "value_pct", "qualifier", "qualifier_note", "survey_basis",
           "source_id", "locator", "note"]
MISSING = "-"
# Flags that may stand beside a value, with the start of the definition the sheet's NOTES give them.
# A flag not listed here, or a listed flag whose definition changed, stops the parse.
VALUE_FLAGS = {
    "x": "Data refer to years or periods other than those specified in the column heading",
    "y": "Data differ from the standard definition or refer to only part of a country",
    "p": "Based on small denominators",
}
# What the definition of the indicator in the sheet must say, so that the values mean what the package says.
DEFINITION_MUST_SAY = ("13–15", "bullied", "one or more days in the past 30 days")
SEXES = (("Male", "male"), ("Female", "female"))


def _cell(row: int, col: int) -> str:
    """Excel's name of a 0-based (row, column) cell."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row + 1}"


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _read_sheet(content: bytes, origin: str) -> pd.DataFrame:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise UpstreamFormatError(f"{origin}: not an Excel workbook (.xlsx); download UNICEF's statistical tables "
                                  "workbook and pass it with --from FILE")
    book = pd.ExcelFile(io.BytesIO(content), engine="openpyxl")
    if SHEET not in book.sheet_names:
        raise UpstreamFormatError(f"{origin}: no sheet '{SHEET}' (sheets: {', '.join(book.sheet_names)}); "
                                  "UNICEF's workbook layout has changed, update analysis/upstreams/sowc.py")
    return pd.read_excel(book, sheet_name=SHEET, header=None)


def _find(frame: pd.DataFrame, test, rows: range | None = None) -> tuple[int, int] | None:
    """The first (row, column) whose text passes ``test``, scanning row by row."""
    for r in rows if rows is not None else range(len(frame)):
        if r >= len(frame):
            break
        for c in range(frame.shape[1]):
            if test(_text(frame.iat[r, c])):
                return r, c
    return None


def _where(origin: str, row: int, col: int) -> str:
    return f"{origin}, sheet '{SHEET}', cell {_cell(row, col)}"


def _layout(frame: pd.DataFrame, origin: str) -> dict[str, Any]:
    """Locate the title, the bullying column pair and the country column by their text; refuse a changed layout."""
    top = range(min(12, len(frame)))
    if _find(frame, lambda t: t == TITLE, top) is None:
        found = _text(frame.iat[1, 1]) if frame.shape[0] > 1 and frame.shape[1] > 1 else ""
        raise UpstreamFormatError(f"{_where(origin, 1, 1)}: expected the title '{TITLE}', found '{found}'; "
                                  "this is not table 15 of the State of the World's Children tables")
    names = _find(frame, lambda t: t == NAME_HEADER, top)
    if names is None:
        raise UpstreamFormatError(f"{origin}, sheet '{SHEET}': no header cell '{NAME_HEADER}' in rows 1-12; "
                                  "the layout has changed, update analysis/upstreams/sowc.py")
    header = _find(frame, lambda t: t.startswith(VALUE_HEADER), top)
    if header is None:
        raise UpstreamFormatError(f"{origin}, sheet '{SHEET}': no header cell starting '{VALUE_HEADER}' in rows 1-12; "
                                  "the layout has changed, update analysis/upstreams/sowc.py")
    hr, hc = header
    period = re.search(r"((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})", _text(frame.iat[hr, hc]))
    if period is None:
        raise UpstreamFormatError(f"{_where(origin, hr, hc)}: the header '{_text(frame.iat[hr, hc])}' gives no "
                                  "period 'YYYY–YYYY'; update analysis/upstreams/sowc.py")
    columns = {}
    for offset, (label, sex) in zip((0, 2), SEXES, strict=True):
        r, c = hr + 1, hc + offset
        if r >= len(frame) or c >= frame.shape[1] or _text(frame.iat[r, c]) != label:
            found = _text(frame.iat[r, c]) if r < len(frame) and c < frame.shape[1] else ""
            raise UpstreamFormatError(f"{_where(origin, r, c)}: expected '{label}' under '{VALUE_HEADER}', found "
                                      f"'{found}'; the column layout has changed, update analysis/upstreams/sowc.py")
        columns[sex] = c  # the value; its flag stands in the next column
    return {"name_col": names[1], "first_row": hr + 2, "period": f"{period.group(1)}-{period.group(2)}",
            "columns": columns}


def _section(frame: pd.DataFrame, name_col: int, heading: str, origin: str, start: int) -> list[tuple[int, str]]:
    """The non-empty lines (row, text) under a heading of the sheet's notes, up to the next blank row."""
    found = _find(frame, lambda t: t == heading, range(start, len(frame)))
    if found is None:
        raise UpstreamFormatError(f"{origin}, sheet '{SHEET}': no '{heading}' section below the table; "
                                  "the layout has changed, update analysis/upstreams/sowc.py")
    lines = []
    for r in range(found[0] + 1, len(frame)):
        text = _text(frame.iat[r, found[1]])
        if not text:
            break
        lines.append((r, text))
    return lines


def _notes(frame: pd.DataFrame, name_col: int, origin: str, start: int) -> dict[str, str]:
    """Check the flags' definitions and the indicator's definition; return what the notes say of the column."""
    defined = {}
    for r, text in _section(frame, name_col, "NOTES", origin, start):
        code, _, meaning = text.partition(" ")
        defined[code] = (r, meaning.strip())
    for code, expected in VALUE_FLAGS.items():
        if code not in defined:
            raise UpstreamFormatError(f"{origin}, sheet '{SHEET}', NOTES: flag '{code}' is no longer defined; "
                                      "check the flags and update VALUE_FLAGS in analysis/upstreams/sowc.py")
        r, meaning = defined[code]
        if not meaning.startswith(expected):
            raise UpstreamFormatError(
                f"{_where(origin, r, name_col)}: flag '{code}' now reads '{meaning}', where the parser expects "
                f"'{expected}'; check its meaning and update VALUE_FLAGS in analysis/upstreams/sowc.py")
    definitions = [(r, t) for r, t in _section(frame, name_col, "DEFINITIONS OF THE INDICATORS", origin, start)
                   if t.startswith("Bullying")]
    if not definitions:
        raise UpstreamFormatError(f"{origin}, sheet '{SHEET}': no definition of 'Bullying' under DEFINITIONS OF THE "
                                  "INDICATORS; update analysis/upstreams/sowc.py")
    r, definition = definitions[0]
    missing = [words for words in DEFINITION_MUST_SAY if words not in definition]
    if missing:
        raise UpstreamFormatError(f"{_where(origin, r, name_col)}: the definition of bullying no longer says "
                                  f"{', '.join(repr(m) for m in missing)}; check what the column measures")
    sources = [t for _, t in _section(frame, name_col, "MAIN DATA SOURCES", origin, start) if t.startswith("Bullying")]
    update = re.search(r"Last update:\s*([^.]+)", sources[0]) if sources else None
    return {code: meaning for code, (_, meaning) in defined.items()} | {
        "_sources": "HBSC, GSHS" if sources and "HBSC" in sources[0] and "GSHS" in sources[0] else "",
        "_update": update.group(1).strip() if update else ""}


def _flags(text: str, where: str) -> list[str]:
    if not text:
        return []
    flags = [f.strip() for f in text.split(",")]
    unknown = [f for f in flags if f not in VALUE_FLAGS]
    if unknown:
        raise UpstreamFormatError(f"{where}: unknown flag {', '.join(repr(f) for f in unknown)} beside the value; "
                                  "read its definition in the sheet's NOTES and add it to VALUE_FLAGS in "
                                  "analysis/upstreams/sowc.py")
    return flags


def _value(raw: Any, where: str) -> float | None:
    text = _text(raw)
    if text in ("", MISSING):
        return None
    if isinstance(raw, str):
        raise UpstreamFormatError(f"{where}: '{text}' is neither a number nor '{MISSING}' (data not available)")
    value = float(raw)
    if not 0 <= value <= 100:
        raise UpstreamFormatError(f"{where}: {value} is not a percentage")
    return value


def parse(content: bytes, origin: str = URL) -> pd.DataFrame:
    """Rows for bullying_global: each country's published percentage of boys and of girls, with its flags.

    Country rows run from below the header to the 'SUMMARY' heading (regional aggregates are not read).
    A value flagged 'x' refers to a year outside the column's period; which survey a value comes from is
    not stated per country in the table.
    """
    frame = _read_sheet(content, origin)
    layout = _layout(frame, origin)
    name_col, period = layout["name_col"], layout["period"]
    end = _find(frame, lambda t: t == "SUMMARY", range(layout["first_row"], len(frame)))
    if end is None:
        raise UpstreamFormatError(f"{origin}, sheet '{SHEET}': no 'SUMMARY' row after the countries; "
                                  "the layout has changed, update analysis/upstreams/sowc.py")
    notes = _notes(frame, name_col, origin, end[0])
    source_note = (f"UNICEF names {notes['_sources']} and other national surveys as the column's sources"
                   f"{' (last update ' + notes['_update'] + ')' if notes['_update'] else ''}; "
                   "the table does not say which survey each value comes from.")
    records, unmapped = [], []
    for r in range(layout["first_row"], end[0]):
        name = _text(frame.iat[r, name_col])
        if not name:
            continue
        values = []
        for sex, c in layout["columns"].items():
            where = _where(origin, r, c)
            value = _value(frame.iat[r, c], where)
            flags = _flags(_text(frame.iat[r, c + 1]), _where(origin, r, c + 1))
            if value is None:
                if flags:
                    raise UpstreamFormatError(f"{where}: flag {','.join(flags)} beside no value")
                continue
            values.append((sex, c, value, flags))
        if not values:
            continue
        try:
            area = to_iso3(name)
        except UnknownCountryError:
            unmapped.append(f"'{name}' (row {r + 1})")
            continue
        for sex, c, value, flags in values:
            other_years = "x" in flags
            records.append({
                "indicator_id": INDICATOR_ID, "area": area, "sex": sex,
                "period": f"outside {period}" if other_years else period,
                "value_pct": value, "qualifier": ",".join(flags),
                "qualifier_note": "; ".join(f"{f}: {notes[f]}" for f in flags),
                "survey_basis": ("year outside the period, survey not stated" if other_years
                                 else f"{period}, survey not stated"),
                "source_id": SOURCE_ID,
                "locator": f"sheet '{SHEET}', row {r + 1}, {_cell(r, c)} (value), {_cell(r, c + 1)} (flag)",
                "note": source_note,
            })
    if unmapped:
        raise UpstreamFormatError(f"{origin}, sheet '{SHEET}': country names without an ISO3 code: "
                                  f"{'; '.join(unmapped)}; add them to analysis.countries")
    if not records:
        raise UpstreamFormatError(f"{origin}, sheet '{SHEET}': no country has a bullying value")
    return pd.DataFrame.from_records(records, columns=COLUMNS)


UPSTREAM = Upstream(
    name="sowc",
    source_id=SOURCE_ID,
    resource="bullying_global",
    url=URL,
    key=("indicator_id", "area", "sex", "source_id"),
    value_columns=("value_pct", "qualifier"),
    parse=parse,
    description="UNICEF SOWC 2023 statistical tables (xlsx), table 15: bullied at 13-15, by sex",
    source=SourceRecord(
        publisher="UNICEF",
        title="The State of the World's Children 2023: statistical tables (workbook), table 15 Adolescents",
        short_citation="UNICEF, SOWC 2023 statistical tables",
        license="UNICEF terms of use; facts and figures only",
        kind="survey estimate",
    ),
)
