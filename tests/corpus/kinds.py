"""Kinds of damaged, hostile and valid-but-unusual input: each corrupts a scratch copy and says what must happen."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tests.corpus.edits import (
    descriptor,
    edit_resource,
    first,
    rows,
    save_descriptor,
    series_with_unit,
    set_cell,
    write,
)

ESTIMATES, SOURCES, COUNTS, TREATY = "survey_estimates.csv", "sources.csv", "counts.csv", "treaty_status.csv"
PACKAGE = "datapackage.json"
SECRET = "TOP-SECRET-CONTENT-4711"
NEXT_YEAR = date.today().year + 1


@dataclass(frozen=True)
class Refused:
    """Validation must report this file, row and column, with these words; ``absent`` must never be printed."""

    file: str
    row: int | None
    column: str | None
    words: str
    absent: tuple[str, ...] = ()
    most: int | None = None  # at most this many problems in all (no cascades)


@dataclass(frozen=True)
class Accepted:
    """Validation passes and the catalog loads ``value`` in row ``index``, column ``column`` of ``resource``."""

    resource: str
    index: int
    column: str
    value: Any


Expectation = Refused | Accepted
KINDS: dict[str, Callable[[Path], Expectation]] = {}


def kind(function: Callable[[Path], Expectation]) -> Callable[[Path], Expectation]:
    KINDS[function.__name__] = function
    return function


def _raw(package: Path, filename: str) -> Path:
    return package.parent / filename


# --- files, encodings and CSV syntax --------------------------------------------------------------------


@kind
def utf8_bom(package: Path) -> Expectation:
    path = _raw(package, SOURCES)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Refused(SOURCES, 1, "source_id", "byte-order mark", most=1)


@kind
def latin1_file(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "note", "Côte d'Ivoire sample")
    path = _raw(package, ESTIMATES)
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    return Refused(ESTIMATES, line, "note", "is not UTF-8", most=1)


@kind
def windows_1252_quotes(package: Path) -> Expectation:
    path = _raw(package, ESTIMATES)
    line = set_cell(package, ESTIMATES, 2, "note", "the \u201cbullied\u201d question")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    return Refused(ESTIMATES, line, "note", "Windows-1252", most=1)


@kind
def directory_instead_of_csv(package: Path) -> Expectation:
    path = _raw(package, ESTIMATES)
    path.unlink()
    path.mkdir()
    return Refused(ESTIMATES, None, None, "is a folder")


@kind
def missing_file(package: Path) -> Expectation:
    _raw(package, ESTIMATES).unlink()
    return Refused(ESTIMATES, None, None, "file for resource 'survey_estimates' is missing; restore it")


@kind
def empty_file(package: Path) -> Expectation:
    _raw(package, COUNTS).write_bytes(b"")
    return Refused(COUNTS, 1, None, "is empty")


@kind
def whitespace_only_file(package: Path) -> Expectation:
    _raw(package, COUNTS).write_bytes(b"\n\n  \n")
    return Refused(COUNTS, 1, None, "is empty")


@kind
def header_only(package: Path) -> Expectation:
    header, _ = rows(package, "legal_reviews.csv")
    write(package, "legal_reviews.csv", header, [])
    return Refused("legal_reviews.csv", 2, "review_id", "has a header but no data rows")


@kind
def duplicated_header_name(package: Path) -> Expectation:
    path = _raw(package, ESTIMATES)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace(",n,", ",year,")
    path.write_text("\n".join(lines), encoding="utf-8")
    return Refused(ESTIMATES, 1, "year", "names this column twice", most=3)


@kind
def missing_column(package: Path) -> Expectation:
    header, records = rows(package, ESTIMATES)
    header.remove("locator")
    write(package, ESTIMATES, header, [{k: v for k, v in r.items() if k != "locator"} for r in records])
    return Refused(ESTIMATES, 1, "locator", "required column is missing from the header", most=2)


@kind
def extra_column(package: Path) -> Expectation:
    header, records = rows(package, ESTIMATES)
    write(package, ESTIMATES, [*header, "comment"], [{**r, "comment": "x"} for r in records])
    return Refused(ESTIMATES, 1, "comment", "column is not described in datapackage.json", most=2)


@kind
def header_name_with_trailing_space(package: Path) -> Expectation:
    path = _raw(package, ESTIMATES)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",locator,", ",locator ,", 1), encoding="utf-8")
    return Refused(ESTIMATES, 1, "locator", "the header has 'locator '", most=3)


@kind
def unquoted_comma_extra_field(package: Path) -> Expectation:
    path = _raw(package, ESTIMATES)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[6] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    return Refused(ESTIMATES, 7, "note", "has 13 fields but the header has 12", most=1)


@kind
def missing_fields(package: Path) -> Expectation:
    path = _raw(package, SOURCES)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = "only_an_id,publisher"
    path.write_text("\n".join(lines), encoding="utf-8")
    return Refused(SOURCES, 4, "title", "has 2 fields but the header has 11")


@kind
def unclosed_quote(package: Path) -> Expectation:
    path = _raw(package, ESTIMATES)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('"unterminated,USA,2011\n')
    return Refused(ESTIMATES, None, None, "malformed CSV")


@kind
def huge_field(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 1, "note", "x" * 50_000)
    return Refused(ESTIMATES, line, "note", "is 50,000 characters long", most=1)


@kind
def field_beyond_the_csv_limit(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 1, "note", "x" * 300_000)
    return Refused(ESTIMATES, line, None, "longer than 131,072 characters", most=1)


@kind
def blank_line_inside_table(package: Path) -> Expectation:
    path = _raw(package, COUNTS)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(4, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    return Refused(COUNTS, 5, "series_id", "blank line")


@kind
def row_of_empty_cells(package: Path) -> Expectation:
    path = _raw(package, COUNTS)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "," * 8)
    path.write_text("\n".join(lines), encoding="utf-8")
    return Refused(COUNTS, 4, "series_id", "blank row")


@kind
def nul_byte(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 4, "note", "before\x00after")
    return Refused(ESTIMATES, line, "note", "NUL (U+0000)")


@kind
def bell_control_character(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 2, "title", "A title\x07")
    return Refused(SOURCES, line, "title", "control character (U+0007)")


@kind
def bidi_override(package: Path) -> Expectation:
    line = set_cell(package, "claims.csv", 1, "wording", "safe \u202etext reversed")
    return Refused("claims.csv", line, "wording", "bidirectional control (U+202E)")


# --- the descriptor and unsafe paths --------------------------------------------------------------------


@kind
def invalid_json_descriptor(package: Path) -> Expectation:
    package.write_text(package.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    return Refused(PACKAGE, None, None, "is not valid JSON (line", most=1)


@kind
def descriptor_is_a_list(package: Path) -> Expectation:
    save_descriptor(package, [descriptor(package)])
    return Refused(PACKAGE, None, None, "must be a JSON object", most=1)


@kind
def descriptor_without_resources(package: Path) -> Expectation:
    data = descriptor(package)
    del data["resources"]
    save_descriptor(package, data)
    return Refused(PACKAGE, None, None, "has no 'resources' list", most=1)


@kind
def resource_without_path(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r.pop("path"))
    return Refused(PACKAGE, None, None, "resource 'counts' has no 'path'")


@kind
def resource_path_to_missing_file(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r.update(path="no_such_counts.csv"))
    return Refused("no_such_counts.csv", None, None, "is missing")


@kind
def resource_path_traversal(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r.update(path="../../../../../../etc/passwd"))
    return Refused(PACKAGE, None, None, "refused as unsafe", absent=("root:",))


@kind
def resource_path_absolute(package: Path) -> Expectation:
    secret = package.parent.parent / "secret.csv"
    secret.write_text(f"series_id\n{SECRET}\n", encoding="utf-8")
    edit_resource(package, "counts", lambda r: r.update(path=str(secret)))
    return Refused(PACKAGE, None, None, "is an absolute path", absent=(SECRET,))


@kind
def resource_path_remote(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r.update(path="https://example.org/counts.csv"))
    return Refused(PACKAGE, None, None, "is a remote address")


@kind
def resource_path_not_csv(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r.update(path="geo/countries-50m.json"))
    return Refused(PACKAGE, None, None, "is not a .csv file")


@kind
def symlinked_csv(package: Path) -> Expectation:
    secret = package.parent.parent / "outside.csv"
    secret.write_text(f"series_id,area\n{SECRET},USA\n", encoding="utf-8")
    target = _raw(package, COUNTS)
    target.unlink()
    os.symlink(secret, target)
    return Refused(COUNTS, None, None, "symbolic link", absent=(SECRET,))


@kind
def symlinked_folder_in_path(package: Path) -> Expectation:
    outside = package.parent.parent / "elsewhere"
    outside.mkdir()
    (outside / "counts.csv").write_text(f"series_id\n{SECRET}\n", encoding="utf-8")
    os.symlink(outside, package.parent / "linked")
    edit_resource(package, "counts", lambda r: r.update(path="linked/counts.csv"))
    return Refused("linked", None, None, "symbolic link", absent=(SECRET,))


@kind
def duplicate_resource_name(package: Path) -> Expectation:
    data = descriptor(package)
    clone = dict(next(r for r in data["resources"] if r["name"] == "counts"))
    data["resources"].append(clone)
    save_descriptor(package, data)
    return Refused(PACKAGE, None, None, "already has the name 'counts'")


@kind
def unknown_field_type(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r["schema"]["fields"][3].update(type="decimal"))
    return Refused(PACKAGE, None, None, "has type 'decimal'")


@kind
def foreign_key_to_missing_resource(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r["schema"]["foreignKeys"][0]["reference"].update(resource="nope"))
    return Refused(PACKAGE, None, None, "refers to resource 'nope'")


# --- values ------------------------------------------------------------------------------------------


@kind
def negative_count(package: Path) -> Expectation:
    line = set_cell(package, COUNTS, 0, "value", "-5")
    return Refused(COUNTS, line, "value", "-5 is below the minimum 0")


@kind
def fractional_count(package: Path) -> Expectation:
    whole = series_with_unit(package, {"records", "reports", "offences"})
    index = first(package, COUNTS, lambda r: r["series_id"] in whole)
    line = set_cell(package, COUNTS, index, "value", "1234.5")
    return Refused(COUNTS, line, "value", "is not a whole number")


@kind
def infinite_count(package: Path) -> Expectation:
    line = set_cell(package, COUNTS, 0, "value", "inf")
    return Refused(COUNTS, line, "value", "'inf' is not a finite number")


@kind
def overflowing_number(package: Path) -> Expectation:
    line = set_cell(package, COUNTS, 0, "value", "1e400")
    return Refused(COUNTS, line, "value", "'1e400' is not a finite number")


@kind
def nan_string(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 3, "value_pct", "NaN")
    return Refused(ESTIMATES, line, "value_pct", "'NaN' is not a finite number")


@kind
def percent_above_100(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 3, "value_pct", "104.5")
    return Refused(ESTIMATES, line, "value_pct", "104.5 is above the maximum 100")


@kind
def text_in_number(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 2, "value_pct", "about 15")
    return Refused(ESTIMATES, line, "value_pct", "'about 15' is not a number")


@kind
def thousands_separator(package: Path) -> Expectation:
    line = set_cell(package, COUNTS, 0, "value", "105,229")
    return Refused(COUNTS, line, "value", "'105,229' is not a number")


@kind
def decimal_in_integer(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "year", "2011.0")
    return Refused(ESTIMATES, line, "year", "'2011.0' is not a whole number")


@kind
def iso3_not_a_country(package: Path) -> Expectation:
    line = set_cell(package, TREATY, 0, "iso3", "ZZZ")
    return Refused(TREATY, line, "iso3", "'ZZZ' is not an ISO 3166-1 alpha-3 country code")


@kind
def lower_case_code(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 1, "area", "usa")
    return Refused(ESTIMATES, line, "area", "'usa' does not match the pattern")


@kind
def trailing_space_in_code(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 1, "sex", "total ")
    return Refused(ESTIMATES, line, "sex", "has a space (or another blank) at the start or end")


@kind
def leading_space_in_foreign_key(package: Path) -> Expectation:
    index = first(package, COUNTS, lambda r: True)
    value = rows(package, COUNTS)[1][index]["source_id"]
    line = set_cell(package, COUNTS, index, "source_id", " " + value)
    return Refused(COUNTS, line, "source_id", "has a space (or another blank) at the start or end")


@kind
def unknown_source_id(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "source_id", "no_such_source")
    return Refused(ESTIMATES, line, "source_id", "'no_such_source' is not a known source_id")


@kind
def unknown_series_id(package: Path) -> Expectation:
    line = set_cell(package, COUNTS, 2, "series_id", "no_such_series")
    return Refused(COUNTS, line, "series_id", "'no_such_series' is not a known series_id")


@kind
def duplicated_primary_key(package: Path) -> Expectation:
    header, records = rows(package, ESTIMATES)
    records.append(dict(records[0]))
    write(package, ESTIMATES, header, records)
    return Refused(ESTIMATES, len(records) + 1, "indicator_id+area+year+sex+age+source_id",
                   "duplicate primary key (indicator_id=")


@kind
def duplicated_source_id(package: Path) -> Expectation:
    header, records = rows(package, SOURCES)
    records.insert(3, dict(records[0]))
    write(package, SOURCES, header, records)
    return Refused(SOURCES, 5, "source_id", "already used in row 2")


@kind
def wrong_enum(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "sex", "both")
    return Refused(ESTIMATES, line, "sex", "'both' is not one of the allowed values: total, female, male")


@kind
def required_cell_empty(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 5, "locator", "")
    return Refused(ESTIMATES, line, "locator", "is empty but required")


@kind
def interval_with_one_bound(package: Path) -> Expectation:
    index = first(package, ESTIMATES, lambda r: r["ci_low_pct"] != "" and r["ci_high_pct"] != "")
    line = set_cell(package, ESTIMATES, index, "ci_high_pct", "")
    return Refused(ESTIMATES, line, "ci_high_pct", "needs both bounds or neither")


@kind
def interval_excluding_estimate(package: Path) -> Expectation:
    set_cell(package, ESTIMATES, 0, "ci_low_pct", "0.5")
    line = set_cell(package, ESTIMATES, 0, "ci_high_pct", "1.5")
    return Refused(ESTIMATES, line, "value_pct", "interval 0.5-1.5 does not contain the estimate")


@kind
def interval_bounds_swapped(package: Path) -> Expectation:
    index = first(package, ESTIMATES, lambda r: r["ci_low_pct"] != "" and r["ci_high_pct"] != "")
    header, records = rows(package, ESTIMATES)
    record = records[index]
    record["ci_low_pct"], record["ci_high_pct"] = record["ci_high_pct"], record["ci_low_pct"]
    write(package, ESTIMATES, header, records)
    return Refused(ESTIMATES, index + 2, "ci_low_pct", "is above the upper bound")


@kind
def count_above_countries_reviewed(package: Path) -> Expectation:
    index = first(package, "legal_reviews.csv", lambda r: r["measure"] != "countries reviewed")
    line = set_cell(package, "legal_reviews.csv", index, "count", "999")
    return Refused("legal_reviews.csv", line, "count", "999 is more than the")


@kind
def signature_after_consent(package: Path) -> Expectation:
    index = first(package, TREATY, lambda r: r["signature"] != "" and r["consent"] != "")
    line = set_cell(package, TREATY, index, "signature", "2025-12-31")
    return Refused(TREATY, line, "signature", "is after consent")


@kind
def consent_before_treaty_adopted(package: Path) -> Expectation:
    index = first(package, TREATY, lambda r: r["instrument_id"] == "opsc" and r["consent"] != "")
    line = set_cell(package, TREATY, index, "consent", "1999-03-01")
    return Refused(TREATY, line, "consent", "before the treaty was adopted (2000-05-25")


@kind
def accessed_in_future(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 0, "accessed", f"{NEXT_YEAR}-06-01")
    return Refused(SOURCES, line, "accessed", "is after today")


@kind
def accessed_impossible_date(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 0, "accessed", "2024-02-30")
    return Refused(SOURCES, line, "accessed", "'2024-02-30' is not a date in YYYY-MM-DD form")


@kind
def published_after_accessed(package: Path) -> Expectation:
    set_cell(package, SOURCES, 1, "accessed", "2025-01-10")
    line = set_cell(package, SOURCES, 1, "published", "2025-03")
    return Refused(SOURCES, line, "published", "published 2025-03 is after accessed 2025-01-10")


@kind
def published_impossible_month(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 2, "published", "2019-13")
    return Refused(SOURCES, line, "published", "'2019-13' is not a date that exists")


@kind
def published_in_future(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 2, "published", str(NEXT_YEAR))
    return Refused(SOURCES, line, "published", "is after today")


@kind
def year_after_build_date(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "year", str(NEXT_YEAR))
    return Refused(ESTIMATES, line, "year", f"year {NEXT_YEAR} is after this year")


@kind
def as_at_in_future(package: Path) -> Expectation:
    line = set_cell(package, TREATY, 0, "as_at", f"{NEXT_YEAR}-01-01")
    return Refused(TREATY, line, "as_at", "is after today")


@kind
def compact_date(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 0, "accessed", "20240101")
    return Refused(SOURCES, line, "accessed", "'20240101' is not a date in YYYY-MM-DD form")


@kind
def week_date(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 0, "accessed", "2024-W01-1")
    return Refused(SOURCES, line, "accessed", "'2024-W01-1' is not a date in YYYY-MM-DD form")


@kind
def unpadded_date(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 0, "accessed", "2024-1-5")
    return Refused(SOURCES, line, "accessed", "write it as YYYY-MM-DD")


@kind
def dollar_signs_for_mathtext(package: Path) -> Expectation:
    line = set_cell(package, "claims.csv", 0, "wording", "costs US$5 to US$10 a month")
    return Refused("claims.csv", line, "wording", "contains '$'")


@kind
def citation_the_font_cannot_draw(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 2, "short_citation", "e-Gov, 刑法")
    return Refused(SOURCES, line, "short_citation", "no glyph for '刑 法'")


@kind
def comparability_group_mixing_respondents(package: Path) -> Expectation:
    set_cell(package, "indicators.csv", 0, "respondent", "parent")
    return Refused("indicators.csv", None, "comparability_group", "mixes who answered")


@kind
def error_below_a_multiline_note(package: Path) -> Expectation:
    set_cell(package, ESTIMATES, 0, "note", "line one\nline two\u2028line three\x0cpage two")
    line = set_cell(package, ESTIMATES, 3, "value_pct", "101")
    return Refused(ESTIMATES, line, "value_pct", "101 is above the maximum 100", most=1)


# --- valid but unusual: accepted, and loaded as written --------------------------------------------------


@kind
def line_separator_in_note(package: Path) -> Expectation:
    set_cell(package, ESTIMATES, 2, "note", "copied from a PDF\u2028second line")
    return Accepted("survey_estimates", 2, "note", "copied from a PDF\u2028second line")


@kind
def form_feed_in_note(package: Path) -> Expectation:
    set_cell(package, ESTIMATES, 2, "note", "page one\x0cpage two")
    return Accepted("survey_estimates", 2, "note", "page one\x0cpage two")


@kind
def other_line_breaks_in_note(package: Path) -> Expectation:
    text = "a\x0bb\x1cc\x1dd\x1ee\x85f\u2029g"
    set_cell(package, COUNTS, 1, "note", text)
    return Accepted("counts", 1, "note", text)


@kind
def accented_and_non_latin_text(package: Path) -> Expectation:
    text = "Côte d'Ivoire, São Tomé, Zürich, Ελλάδα, 日本, 🇯🇵"
    set_cell(package, ESTIMATES, 1, "note", text)
    return Accepted("survey_estimates", 1, "note", text)


@kind
def quoted_comma_and_quotes(package: Path) -> Expectation:
    text = 'said "one, in five", then paused'
    set_cell(package, SOURCES, 3, "note", text)
    return Accepted("sources", 3, "note", text)


@kind
def quoted_line_break(package: Path) -> Expectation:
    text = "first line\nsecond line\r\nthird line"
    set_cell(package, SOURCES, 4, "note", text)
    return Accepted("sources", 4, "note", text)


@kind
def crlf_line_endings(package: Path) -> Expectation:
    header, records = rows(package, COUNTS)
    write(package, COUNTS, header, records, terminator="\r\n")
    return Accepted("counts", 0, "series_id", records[0]["series_id"])


@kind
def no_newline_at_end(package: Path) -> Expectation:
    path = _raw(package, COUNTS)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    header, records = rows(package, COUNTS)
    return Accepted("counts", len(records) - 1, "series_id", records[-1]["series_id"])


@kind
def columns_in_another_order(package: Path) -> Expectation:
    header, records = rows(package, COUNTS)
    write(package, COUNTS, list(reversed(header)), records)
    return Accepted("counts", 0, "value", float(records[0]["value"]))


@kind
def escaped_dollar(package: Path) -> Expectation:
    set_cell(package, "claims.csv", 0, "reason", "cost US\\$5 a month")
    return Accepted("claims", 0, "reason", "cost US\\$5 a month")


@kind
def na_written_as_text(package: Path) -> Expectation:
    set_cell(package, ESTIMATES, 3, "note", "NA")
    return Accepted("survey_estimates", 3, "note", "NA")


@kind
def formula_like_text(package: Path) -> Expectation:
    set_cell(package, ESTIMATES, 3, "note", "=HYPERLINK(\"http://example.org\")")
    return Accepted("survey_estimates", 3, "note", "=HYPERLINK(\"http://example.org\")")


# --- more files, descriptors and values ------------------------------------------------------------------


@kind
def semicolon_separated(package: Path) -> Expectation:
    path = _raw(package, "legal_reviews.csv")
    header, records = rows(package, "legal_reviews.csv")
    lines = [";".join(header), *(";".join(r[h].replace(";", ",").replace("\n", " ") for h in header) for r in records)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Refused("legal_reviews.csv", 1, None, "separated by semicolons", most=1)


@kind
def tab_separated(package: Path) -> Expectation:
    path = _raw(package, "instruments.csv")
    header, records = rows(package, "instruments.csv")
    lines = ["\t".join(header), *("\t".join(r[h] for h in header) for r in records)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Refused("instruments.csv", 1, None, "separated by tabs", most=1)


@kind
def utf16_file(package: Path) -> Expectation:
    path = _raw(package, "instruments.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return Refused("instruments.csv", 1, None, "UTF-16", most=1)


@kind
def binary_file(package: Path) -> Expectation:
    _raw(package, "instruments.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8 + b"\x00" * 512)
    return Refused("instruments.csv", 1, None, "binary file", most=1)


@kind
def descriptor_missing(package: Path) -> Expectation:
    package.unlink()
    return Refused(PACKAGE, None, None, "descriptor is missing", most=1)


@kind
def descriptor_empty(package: Path) -> Expectation:
    package.write_text("", encoding="utf-8")
    return Refused(PACKAGE, None, None, "is not valid JSON", most=1)


@kind
def schema_given_as_a_file_name(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r.update(schema="counts.schema.json"))
    return Refused(PACKAGE, None, None, "resource 'counts' has no table 'schema' object")


@kind
def unknown_constraint(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r["schema"]["fields"][3].setdefault("constraints", {}).update(
        positive=True))
    return Refused(PACKAGE, None, None, "unknown constraint(s) positive")


@kind
def primary_key_names_no_column(package: Path) -> Expectation:
    edit_resource(package, "counts", lambda r: r["schema"].update(primaryKey=["series_id", "country"]))
    return Refused(PACKAGE, None, None, "primaryKey names 'country'")


@kind
def zero_width_space_in_code(package: Path) -> Expectation:
    line = set_cell(package, TREATY, 3, "instrument_id", "opsc\u200b")
    return Refused(TREATY, line, "instrument_id", "zero-width character")


@kind
def non_breaking_space_after_code(package: Path) -> Expectation:
    line = set_cell(package, TREATY, 3, "status", "party\u00a0")
    return Refused(TREATY, line, "status", "has a space (or another blank) at the start or end")


@kind
def required_cell_of_spaces(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 6, "locator", "   ")
    return Refused(ESTIMATES, line, "locator", "holds only spaces but is required")


@kind
def unicode_minus(package: Path) -> Expectation:
    line = set_cell(package, "population.csv", 0, "value", "\u22125")
    return Refused("population.csv", line, "value", "not a plain digit")


@kind
def full_width_digits(package: Path) -> Expectation:
    line = set_cell(package, COUNTS, 0, "value", "\uff11\uff12")
    return Refused(COUNTS, line, "value", "not a plain digit")


@kind
def percent_sign_in_number(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "value_pct", "12%")
    return Refused(ESTIMATES, line, "value_pct", "'12%' is not a number")


@kind
def decimal_comma(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "value_pct", "12,5")
    return Refused(ESTIMATES, line, "value_pct", "'12,5' is not a number")


@kind
def sample_size_zero(package: Path) -> Expectation:
    line = set_cell(package, ESTIMATES, 0, "n", "0")
    return Refused(ESTIMATES, line, "n", "0 is below the minimum 1")


@kind
def year_too_early(package: Path) -> Expectation:
    line = set_cell(package, COUNTS, 0, "year", "1899")
    return Refused(COUNTS, line, "year", "1899 is below the minimum 1990")


@kind
def date_with_time(package: Path) -> Expectation:
    line = set_cell(package, TREATY, 0, "as_at", "2026-02-03T10:00:00")
    return Refused(TREATY, line, "as_at", "is not a date in YYYY-MM-DD form")


@kind
def url_without_scheme(package: Path) -> Expectation:
    line = set_cell(package, SOURCES, 5, "url", "www.example.org/report")
    return Refused(SOURCES, line, "url", "does not match the pattern")


@kind
def age_range_reversed(package: Path) -> Expectation:
    index = first(package, "indicators.csv", lambda r: r["age_min"] != "" and r["age_max"] != "")
    set_cell(package, "indicators.csv", index, "age_min", "19")
    line = set_cell(package, "indicators.csv", index, "age_max", "11")
    return Refused("indicators.csv", line, "age_min", "19 is above age_max 11")


@kind
def not_a_party_with_consent(package: Path) -> Expectation:
    index = first(package, TREATY, lambda r: r["status"] == "party" and r["consent"] != "")
    line = set_cell(package, TREATY, index, "status", "not a party")
    return Refused(TREATY, line, "consent", "a state that consented is a 'party'")


@kind
def not_a_party_with_signature(package: Path) -> Expectation:
    index = first(package, TREATY, lambda r: r["status"] == "signatory")
    line = set_cell(package, TREATY, index, "status", "not a party")
    return Refused(TREATY, line, "status", "is a 'signatory'")


@kind
def old_mac_line_endings(package: Path) -> Expectation:
    header, records = rows(package, "instruments.csv")
    write(package, "instruments.csv", header, records, terminator="\r")
    return Accepted("instruments", 1, "instrument_id", records[1]["instrument_id"])


@kind
def descriptor_with_bom(package: Path) -> Expectation:
    package.write_bytes(b"\xef\xbb\xbf" + package.read_bytes())
    return Accepted("counts", 0, "series_id", rows(package.with_name("datapackage.json"), COUNTS)[1][0]["series_id"])
