"""The package's own rules, beyond what a table schema can say: each a small named check over the read tables."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from analysis.validation.problems import Problem
from analysis.validation.published_wording import region_codes_known, values_in_their_quotes
from analysis.validation.tables import Table

Tables = dict[str, Table]
Rule = Callable[[Tables, date], Iterator[Problem]]

# Control characters refused in any cell: every C0/C1 control except tab and the line breaks str.splitlines()
# knows (\n \r \v \f \x1c-\x1e \x85; text copied from PDFs holds them), which are accepted like U+2028/U+2029.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
NOT_FINITE = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})
COUNT_UNITS = frozenset({"records", "reports", "offences", "persons", "calls", "cases", "children", "count"})
WHOLE_NAMES = frozenset({"count", "n", "countries_reviewed", "child_population"})
FUTURE_ALLOWED = frozenset({"entry_into_force", "in_force"})  # a law or treaty may be set to start later
STRICT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WRITTEN_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b", re.IGNORECASE)


def cells(table: Table, kinds: tuple[str, ...] = ("string",)) -> Iterator[tuple[int, str, str]]:
    """(row, column, value) for every non-empty cell of the given field types."""
    names = [f["name"] for f in table.fields if f.get("type", "string") in kinds]
    for line, row in table.rows:
        for name in names:
            if row[name] != "":
                yield line, name, row[name]


def number(value: str | None) -> float | None:
    try:
        result = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return result if result is not None and math.isfinite(result) else None


def strict_date(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None for anything else (other forms are reported by their own rule)."""
    if not value or not STRICT_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def partial_date(value: str | None) -> tuple[date, date] | None:
    """The earliest and latest day a YYYY, YYYY-MM or YYYY-MM-DD value can mean; None if it is not one."""
    match = PARTIAL_DATE.fullmatch(value or "")
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            last = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days
            return date(year, month, 1), date(year, month, last)
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def is_partial_date_field(field: dict[str, Any]) -> bool:
    """A text column whose pattern takes both a year and a full date: a date as precise as the source gives."""
    pattern = field.get("constraints", {}).get("pattern")
    if field.get("type", "string") != "string" or not isinstance(pattern, str):
        return False
    try:
        return bool(re.fullmatch(pattern, "2024") and re.fullmatch(pattern, "2024-01-15"))
    except re.error:
        return False


def date_fields(table: Table) -> list[str]:
    return [f["name"] for f in table.fields if f.get("type") == "date" or is_partial_date_field(f)]


def day_range(table: Table, name: str, value: str) -> tuple[date, date] | None:
    field = table.field(name) or {}
    if field.get("type") == "date":
        day = strict_date(value)
        return (day, day) if day else None
    return partial_date(value)


# --- rules ---------------------------------------------------------------------------------------------


def no_control_characters(tables: Tables, today: date) -> Iterator[Problem]:
    """No NUL or other control characters, nor bidirectional overrides; PDF line breaks are allowed."""
    for table in tables.values():
        if not CONTROL.search(table.text) and not BIDI.search(table.text):
            continue
        for line, row in table.rows:
            for name, value in row.items():
                found = CONTROL.search(value)
                if found:
                    bad = found.group()
                    label = "NUL" if bad == "\x00" else "control character"
                    yield Problem(table.display, f"contains an invisible {label} (U+{ord(bad):04X}) at character "
                                  f"{value.index(bad) + 1}; delete it (retype the text if unsure)", line, name)
                elif BIDI.search(value):
                    char = BIDI.search(value).group()
                    yield Problem(table.display, f"contains a bidirectional control (U+{ord(char):04X}), which can "
                                  "make text display in a misleading order; delete it", line, name)


def text_safe_for_charts(tables: Tables, today: date) -> Iterator[Problem]:
    """An unescaped '$' is refused: matplotlib reads text between two of them as a formula."""
    for table in tables.values():
        if "$" not in table.text:
            continue
        for line, name, value in cells(table):
            if UNESCAPED_DOLLAR.search(value):
                yield Problem(table.display, "contains '$', which chart text reads as the start of a formula "
                              "(italics, or an error on the image); write 'USD' or 'US dollars', or escape it "
                              "as '\\$'", line, name)


# Columns whose text is drawn on images (source lines, cards, factsheets): the figures' font must have every glyph.
DRAWN_COLUMNS = {"sources": ("short_citation",), "grooming_laws": ("law", "provision")}


def drawn_text_has_glyphs(tables: Tables, today: date) -> Iterator[Problem]:
    """Text that figures, cards or factsheets draw uses only characters DejaVu Sans has (else empty boxes)."""
    from analysis.plotting.fonts import undrawable

    for name, columns in DRAWN_COLUMNS.items():
        table = tables.get(name)
        if table is None:
            continue
        for line, row in table.rows:
            for column in columns:
                missing = undrawable(row.get(column, ""))
                if missing:
                    yield Problem(table.display, f"is drawn on images, but the figures' font (DejaVu Sans) has no "
                                  f"glyph for {' '.join(missing)!r}, which would print as empty boxes; write it in "
                                  "Latin script (a romanisation or translation, e.g. 'Keihō (Penal Code)') and keep "
                                  "the original in the title or note", line, column)


def tables_not_empty(tables: Tables, today: date) -> Iterator[Problem]:
    """A table with a header and no rows is an accident (a failed export), not data."""
    for table in tables.values():
        if not table.rows and table.header:
            yield Problem(table.display, "has a header but no data rows; restore the rows from version control "
                          "or remove the resource from datapackage.json", 2, table.header[0])


def codes_without_spaces(tables: Tables, today: date) -> Iterator[Problem]:
    """Codes, keys, numbers and dates have no space before or after them (it breaks every join)."""
    for table in tables.values():
        schema = table.schema
        keys = set(_names(schema.get("primaryKey")))
        for fk in schema.get("foreignKeys", []):
            keys |= set(_names(fk.get("fields")))
        coded = [f["name"] for f in table.fields if f["name"] in keys or f.get("type", "string") != "string"
                 or {"enum", "pattern"} & set(f.get("constraints", {}))]
        for line, row in table.rows:
            for name in coded:
                if row[name] != row[name].strip():
                    yield Problem(table.display, f"'{row[name]}' has a space (or another blank) at the start or "
                                  "end; remove it", line, name)
                elif ZERO_WIDTH.search(row[name]):
                    yield Problem(table.display, "contains an invisible zero-width character (often pasted from a "
                                  "web page or PDF); retype the value", line, name)


def required_not_blank(tables: Tables, today: date) -> Iterator[Problem]:
    """A required cell holding only spaces is as empty as an empty one."""
    for table in tables.values():
        required = [f["name"] for f in table.fields if f.get("constraints", {}).get("required")]
        for line, row in table.rows:
            for name in required:
                if row[name] and not row[name].strip():
                    yield Problem(table.display, "holds only spaces but is required; fill it from the source",
                                  line, name)


def numbers_finite(tables: Tables, today: date) -> Iterator[Problem]:
    """NaN and infinity are not values: a missing value is an empty cell."""
    for table in tables.values():
        for line, name, value in cells(table, ("number", "integer")):
            try:
                infinite = not math.isfinite(float(value))
            except ValueError:
                infinite = False
            if infinite or value.strip().lower() in NOT_FINITE:
                yield Problem(table.display, f"'{value}' is not a finite number; leave the cell empty for a "
                              "missing value, or write the value the source gives", line, name)
            elif not value.isascii():
                yield Problem(table.display, f"'{value}' holds a character that is not a plain digit, point or "
                              "sign (a Unicode minus or full-width digit, say); retype it with plain digits",
                              line, name)


def ranges_in_order(tables: Tables, today: date) -> Iterator[Problem]:
    """A range's lower end (x_min) is not above its upper end (x_max)."""
    for table in tables.values():
        pairs = [(name, name[:-4] + "_max") for name in table.header
                 if name.endswith("_min") and name[:-4] + "_max" in table.header]
        for low_name, high_name in pairs:
            for line, row in table.rows:
                low, high = number(row[low_name]), number(row[high_name])
                if low is not None and high is not None and low > high:
                    yield Problem(table.display, f"{row[low_name]} is above {high_name} {row[high_name]}; check "
                                  "the range against the source", line, low_name)


def treaty_status_matches_dates(tables: Tables, today: date) -> Iterator[Problem]:
    """A state that is not a party has no consent; a signatory has signed and not consented."""
    for table in tables.values():
        if not {"status", "signature", "consent"} <= set(table.header):
            continue
        for line, row in table.rows:
            status = row["status"]
            if status in ("not a party", "signatory") and (row["consent"] or row.get("consent_type")):
                column = "consent" if row["consent"] else "consent_type"
                yield Problem(table.display, f"status is '{status}' but a consent is recorded; a state that "
                              "consented is a 'party': correct the status or remove the consent", line, column)
            elif status == "not a party" and row["signature"]:
                yield Problem(table.display, "status is 'not a party' but a signature date is recorded; a state "
                              "that signed and did not consent is a 'signatory'", line, "status")


def counts_whole(tables: Tables, today: date) -> Iterator[Problem]:
    """Counts of records, reports, offences or people are whole numbers."""
    for table in tables.values():
        units = _series_units(table, tables)
        numeric = [f["name"] for f in table.fields if f.get("type") == "number"]
        for line, row in table.rows:
            for name in numeric:
                if row[name] == "":
                    continue
                unit = units.get(row.get("series_id", ""))
                counted = name in WHOLE_NAMES or name.endswith("_count") or (
                    name == "value" and (table.name == "population" or unit in COUNT_UNITS))
                value = number(row[name])
                if counted and value is not None and value != int(value):
                    yield Problem(table.display, f"{row[name]} is not a whole number, but it counts "
                                  "records, reports or people; check the source (a share belongs in a "
                                  "percent series)", line, name)


def _series_units(table: Table, tables: Tables) -> dict[str, str]:
    for fk in table.schema.get("foreignKeys", []):
        if _names(fk.get("fields")) == ["series_id"]:
            target = tables.get(fk["reference"].get("resource", ""))
            if target is not None and "unit" in target.header:
                return {row["series_id"]: row["unit"] for _, row in target.rows if "series_id" in row}
    return {}


def intervals_complete_and_containing(tables: Tables, today: date) -> Iterator[Problem]:
    """An interval has both bounds or none, low <= high, and contains its estimate."""
    for table in tables.values():
        for low_name, estimate_name, high_name in interval_columns(table.header):
            for line, row in table.rows:
                low, high = row[low_name], row[high_name]
                if (low == "") != (high == ""):
                    missing = low_name if low == "" else high_name
                    yield Problem(table.display, "an interval needs both bounds or neither: this bound is empty "
                                  f"while '{high_name if low == '' else low_name}' is filled; add it from the "
                                  "source or empty both", line, missing)
                    continue
                low_value, high_value = number(low), number(high)
                estimate = number(row[estimate_name]) if estimate_name else None
                if low_value is None or high_value is None:
                    continue
                if low_value > high_value:
                    yield Problem(table.display, f"lower bound {low} is above the upper bound {high}; check the "
                                  "order of the bounds against the source", line, low_name)
                elif estimate is not None and not low_value <= estimate <= high_value:
                    yield Problem(table.display, f"interval {low}-{high} does not contain the estimate "
                                  f"{row[estimate_name]}; check the order of the bounds against the source",
                                  line, estimate_name)


def interval_columns(header: list[str]) -> list[tuple[str, str | None, str]]:
    """(low, estimate, high) column triples: ci_low_pct/value_pct/ci_high_pct, x_low_pct/x_pct/x_high_pct."""
    triples = []
    for name in header:
        parts = name.split("_")
        if "low" not in parts:
            continue
        at = parts.index("low")
        high = "_".join([*parts[:at], "high", *parts[at + 1:]])
        if high not in header:
            continue
        rest = [*parts[:at], *parts[at + 1:]]
        candidates = ["_".join(rest)]
        if rest and rest[0] == "ci":
            candidates.insert(0, "_".join(["value", *rest[1:]]))
        estimate = next((c for c in candidates if c and c in header), None)
        triples.append((name, estimate, high))
    return triples


def parts_within_wholes(tables: Tables, today: date) -> Iterator[Problem]:
    """A count of countries is not above the countries reviewed."""
    for table in tables.values():
        if "count" not in table.header or "countries_reviewed" not in table.header:
            continue
        for line, row in table.rows:
            part, whole = number(row["count"]), number(row["countries_reviewed"])
            if part is not None and whole is not None and part > whole:
                yield Problem(table.display, f"{row['count']} is more than the {row['countries_reviewed']} in "
                              "'countries_reviewed'; check both numbers against the source", line, "count")


def dates_well_formed(tables: Tables, today: date) -> Iterator[Problem]:
    """Dates are written YYYY-MM-DD with two-digit month and day, and exist in the calendar."""
    for table in tables.values():
        for name in date_fields(table):
            field = table.field(name) or {}
            for line, row in table.rows:
                value = row[name]
                if value == "" or day_range(table, name, value):
                    continue
                if field.get("type") == "date":
                    if _python_date(value):
                        yield Problem(table.display, f"'{value}' is not a date in YYYY-MM-DD form (Python reads "
                                      "it, pandas and spreadsheets do not); write it as YYYY-MM-DD (e.g. 2024-01-05)",
                                      line, name)
                elif PARTIAL_DATE.fullmatch(value):
                    yield Problem(table.display, f"'{value}' is not a date that exists (month 01-12, day within "
                                  "the month); check it against the source", line, name)


def _python_date(value: str) -> bool:
    """True when Python would read it as a date (compact, week or unpadded forms) though it is not YYYY-MM-DD."""
    try:
        date.fromisoformat(value)
    except ValueError:
        from datetime import datetime

        try:
            datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            return False
    return True


def not_in_future(tables: Tables, today: date) -> Iterator[Problem]:
    """Nothing observed, published, accessed, signed or counted lies after today (the build date)."""
    for table in tables.values():
        for name in date_fields(table):
            if name in FUTURE_ALLOWED:
                continue
            for line, row in table.rows:
                span = day_range(table, name, row[name]) if row[name] else None
                if span and span[0] > today:
                    yield Problem(table.display, f"{row[name]} is after today ({today.isoformat()}); a date that "
                                  "has not happened yet cannot have been read: check the year", line, name)
        for field in table.fields:
            name = field["name"]
            if field.get("type") != "integer" or not (name == "year" or name.endswith("_year")):
                continue
            for line, row in table.rows:
                year = number(row[name])
                if year is not None and year > today.year:
                    yield Problem(table.display, f"year {row[name]} is after this year ({today.year}); check it "
                                  "against the source", line, name)


def published_before_accessed(tables: Tables, today: date) -> Iterator[Problem]:
    """A source was published on or before the day it was accessed."""
    for table in tables.values():
        if "published" not in table.header or "accessed" not in table.header:
            continue
        for line, row in table.rows:
            published = day_range(table, "published", row["published"]) if row["published"] else None
            accessed = day_range(table, "accessed", row["accessed"]) if row["accessed"] else None
            if published and accessed and published[0] > accessed[1]:
                yield Problem(table.display, f"published {row['published']} is after accessed {row['accessed']}; "
                              "a source cannot be read before it is published: check both dates", line, "published")


def signature_before_consent(tables: Tables, today: date) -> Iterator[Problem]:
    """A state signs a treaty before (or when) it consents to be bound."""
    for table in tables.values():
        if "signature" not in table.header or "consent" not in table.header:
            continue
        for line, row in table.rows:
            signed = day_range(table, "signature", row["signature"]) if row["signature"] else None
            consent = day_range(table, "consent", row["consent"]) if row["consent"] else None
            if signed and consent and signed[0] > consent[1]:
                yield Problem(table.display, f"signature {row['signature']} is after consent {row['consent']}; "
                              "check both dates against the depositary's list", line, "signature")


def consent_after_adoption(tables: Tables, today: date) -> Iterator[Problem]:
    """No state signs or consents to a treaty before the treaty was adopted (instruments.csv, 'adopted')."""
    for table in tables.values():
        if "instrument_id" not in table.header:
            continue
        adopted = _adoption_dates(table, tables)
        for line, row in table.rows:
            start = adopted.get(row["instrument_id"])
            for name in ("signature", "consent"):
                value = row.get(name, "")
                span = day_range(table, name, value) if value else None
                if start and span and span[1] < start:
                    yield Problem(table.display, f"{name} {value} is before the treaty was adopted "
                                  f"({start.isoformat()}, instruments.csv); check the year against the "
                                  "depositary's list", line, name)


def _adoption_dates(table: Table, tables: Tables) -> dict[str, date]:
    target = None
    for fk in table.schema.get("foreignKeys", []):
        if _names(fk.get("fields")) == ["instrument_id"]:
            target = tables.get(fk["reference"].get("resource", ""))
    if target is None or target is table or "adopted" not in target.header:
        return {}
    dates = {}
    for _, row in target.rows:
        day = _written_date(row["adopted"])
        if day:
            dates[row["instrument_id"]] = day
    return dates


def _written_date(text: str) -> date | None:
    """The date in 'New York, 25 May 2000' or '2000-05-25'."""
    iso = re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    if iso:
        return strict_date(iso.group())
    match = WRITTEN_DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group(3)), MONTHS.index(match.group(2).lower()) + 1, int(match.group(1)))
    except ValueError:
        return None


def area_codes_exist(tables: Tables, today: date) -> Iterator[Problem]:
    """iso3 is an ISO 3166-1 alpha-3 country; area also takes an ISO 3166-2 subdivision or 'average'."""
    for table in tables.values():
        for line, row in table.rows:
            iso3 = row.get("iso3")
            if iso3 and re.fullmatch(r"[A-Z]{3}", iso3) and not is_area_code(iso3):
                yield Problem(table.display, f"'{iso3}' is not an ISO 3166-1 alpha-3 country code; look it up in "
                              "ISO 3166 (e.g. GBR, not UK)", line, "iso3")
            area = row.get("area")
            if area and re.fullmatch(r"[A-Z]{3}|[A-Z]{2}-[A-Z0-9]{1,3}", area) and not is_area_code(area):
                yield Problem(table.display, f"'{area}' is neither an ISO 3166-1 alpha-3 code, an ISO 3166-2 "
                              "subdivision code nor 'average'; look it up in ISO 3166", line, "area")


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes known to pycountry."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def is_area_code(value: str) -> bool:
    """An ISO3 country, an ISO 3166-2 subdivision, or a survey's own cross-country 'average'."""
    import pycountry

    from analysis.countries import AGGREGATE_AREAS, PART_AREAS, USER_ASSIGNED_ISO3

    if value == "average" or value in iso3_codes() or value in {**AGGREGATE_AREAS, **PART_AREAS, **USER_ASSIGNED_ISO3}:
        return True
    return "-" in value and pycountry.subdivisions.get(code=value) is not None


def comparability_groups_agree(tables: Tables, today: date) -> Iterator[Problem]:
    """Indicators sharing a comparability_group agree on unit, respondent, ages, recall and frame."""
    table = tables.get("indicators")
    if table is None or "comparability_group" not in table.header:
        return
    rows = [typed_row(table, row) for _, row in table.rows]
    rows = [r for r in rows if r.get("indicator_id") and r.get("comparability_group")]
    if not rows:
        return
    import pandas as pd

    from analysis.measures import Measures

    for message in Measures(pd.DataFrame(rows)).group_conflicts():
        fix = "; give them different groups or correct the attributes"
        yield Problem(table.display, message + fix, column="comparability_group")


def count_scopes_agree(tables: Tables, today: date) -> Iterator[Problem]:
    """Each count series' area agrees with its scope_basis and definition (analysis.scope); its counts carry it."""
    from analysis.scope import count_area_problems, scope_problems

    series = tables.get("count_series")
    if series is None or "area" not in series.header:
        return
    rows = [(line, row) for line, row in series.rows if row.get("series_id") and row.get("area")]
    for line, row in rows:
        for message in scope_problems(row):
            yield Problem(series.display, message, line, "area")
    counts = tables.get("counts")
    if counts is not None and "area" in counts.header:
        areas = {row["series_id"]: row["area"] for _, row in rows}
        lines = [line for line, _ in counts.rows]
        for index, message in count_area_problems(areas, [row for _, row in counts.rows]):
            yield Problem(counts.display, message, lines[index], "area")


def typed_row(table: Table, row: dict[str, str]) -> dict[str, Any]:
    """Cells converted to their schema type where they can be (None when empty or unreadable)."""
    typed: dict[str, Any] = {}
    for field in table.fields:
        value, kind = row[field["name"]], field.get("type", "string")
        if value == "" or kind == "string":
            typed[field["name"]] = value or None
        elif kind == "integer":
            typed[field["name"]] = int(value) if re.fullmatch(r"[+-]?\d+", value) else None
        elif kind == "number":
            typed[field["name"]] = number(value)
        else:
            typed[field["name"]] = value
    return typed


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


RULES: tuple[Rule, ...] = (
    no_control_characters, text_safe_for_charts, drawn_text_has_glyphs, tables_not_empty, codes_without_spaces,
    required_not_blank, numbers_finite, ranges_in_order, treaty_status_matches_dates,
    counts_whole, intervals_complete_and_containing, parts_within_wholes, dates_well_formed, not_in_future,
    published_before_accessed, signature_before_consent, consent_after_adoption, area_codes_exist,
    comparability_groups_agree, count_scopes_agree, values_in_their_quotes, region_codes_known,
)


def rule_problems(tables: Tables, today: date) -> list[Problem]:
    """Every rule over every table that could be read."""
    return [problem for rule in RULES for problem in rule(tables, today)]
