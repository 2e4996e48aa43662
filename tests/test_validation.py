"""The validator: the shipped package is valid, and each corruption is named precisely."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analysis.catalog import Catalog
from analysis.validate import DataPackageError
from tests.conftest import read_rows, write_rows

ESTIMATES = "survey_estimates.csv"


def problems_text(package: Path) -> str:
    return "\n".join(str(p) for p in Catalog(package).validate())


def corrupt_cell(package: Path, filename: str, row_index: int, column: str, value: str) -> int:
    """Set one cell; return the file's line number of that row (header is line 1)."""
    path = package.parent / filename
    header, rows = read_rows(path)
    rows[row_index][column] = value
    write_rows(path, header, rows)
    return row_index + 2


def test_shipped_package_is_valid() -> None:
    assert Catalog().validate() == []


def test_frictionless_agrees_that_the_shipped_package_is_valid() -> None:
    from frictionless import Package

    report = Package(str(Catalog().package_path)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_percent_above_100(package_copy: Path) -> None:
    line = corrupt_cell(package_copy, ESTIMATES, 3, "value_pct", "104.5")
    text = problems_text(package_copy)
    assert f"{ESTIMATES}, row {line}, column 'value_pct': 104.5 is above the maximum 100" in text


def test_unknown_source_id(package_copy: Path) -> None:
    line = corrupt_cell(package_copy, ESTIMATES, 0, "source_id", "no_such_source")
    text = problems_text(package_copy)
    assert f"{ESTIMATES}, row {line}, column 'source_id': 'no_such_source' is not a known source_id" in text
    assert "add it there first" in text


def test_bad_iso3_code(package_copy: Path) -> None:
    line = corrupt_cell(package_copy, ESTIMATES, 1, "area", "ZZZ")
    text = problems_text(package_copy)
    assert f"row {line}, column 'area': 'ZZZ' is neither an ISO 3166-1 alpha-3 code" in text


def test_lower_case_iso3_breaks_the_pattern(package_copy: Path) -> None:
    line = corrupt_cell(package_copy, ESTIMATES, 1, "area", "usa")
    assert f"row {line}, column 'area': 'usa' does not match the pattern" in problems_text(package_copy)


def test_duplicate_primary_key(package_copy: Path) -> None:
    path = package_copy.parent / ESTIMATES
    header, rows = read_rows(path)
    rows.append(dict(rows[0]))
    write_rows(path, header, rows)
    text = problems_text(package_copy)
    assert f"{ESTIMATES}, row {len(rows) + 1}, column 'indicator_id+area+year+sex+age+source_id'" in text
    assert "duplicate primary key" in text and "already used in row 2" in text


def test_missing_required_column(package_copy: Path) -> None:
    path = package_copy.parent / ESTIMATES
    header, rows = read_rows(path)
    header.remove("locator")
    write_rows(path, header, [{k: v for k, v in r.items() if k != "locator"} for r in rows])
    text = problems_text(package_copy)
    assert f"{ESTIMATES}, row 1, column 'locator': required column is missing from the header" in text


def test_text_in_numeric_column(package_copy: Path) -> None:
    line = corrupt_cell(package_copy, ESTIMATES, 2, "value_pct", "about 15")
    text = problems_text(package_copy)
    assert f"row {line}, column 'value_pct': 'about 15' is not a number; expected type number" in text


def test_malformed_csv_field_count(package_copy: Path) -> None:
    path = package_copy.parent / ESTIMATES
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4] + ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = problems_text(package_copy)
    assert f"{ESTIMATES}, row 5, column 'note': has 13 fields but the header has 12" in text
    assert "look for an unquoted comma" in text


def test_malformed_csv_unclosed_quote(package_copy: Path) -> None:
    path = package_copy.parent / ESTIMATES
    with path.open("a", encoding="utf-8") as handle:
        handle.write('"unterminated,USA,2011\n')
    assert "malformed CSV" in problems_text(package_copy)


def test_resource_file_missing(package_copy: Path) -> None:
    (package_copy.parent / ESTIMATES).unlink()
    text = problems_text(package_copy)
    assert f"{ESTIMATES}: file for resource 'survey_estimates' is missing" in text


def test_interval_must_contain_estimate(package_copy: Path) -> None:
    corrupt_cell(package_copy, ESTIMATES, 0, "ci_low_pct", "0.5")
    line = corrupt_cell(package_copy, ESTIMATES, 0, "ci_high_pct", "1.5")
    text = problems_text(package_copy)
    assert f"row {line}, column 'value_pct': interval 0.5-1.5 does not contain the estimate" in text


def test_load_refuses_invalid_data(package_copy: Path) -> None:
    corrupt_cell(package_copy, ESTIMATES, 0, "value_pct", "-3")
    try:
        Catalog(package_copy).load("survey_estimates")
    except DataPackageError as err:
        assert "below the minimum 0" in str(err)
    else:
        raise AssertionError("load() accepted a negative percentage")


def test_load_returns_typed_frame() -> None:
    frame = Catalog().load("survey_estimates")
    assert str(frame["year"].dtype) == "Int64"
    assert str(frame["value_pct"].dtype) == "float64"
    assert str(frame["n"].dtype) == "Int64"
    sources = Catalog().load("sources")
    assert str(sources["accessed"].dtype).startswith("datetime64")


def test_cli_validate_reports_and_fails(package_copy: Path) -> None:
    line = corrupt_cell(package_copy, ESTIMATES, 3, "value_pct", "101")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "--data", str(package_copy), "validate"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"row {line}, column 'value_pct': 101 is above the maximum 100" in result.stderr


def test_cli_validate_passes_on_shipped_data() -> None:
    result = subprocess.run([sys.executable, "-m", "analysis", "validate"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK:")


def test_subnational_and_average_areas_are_accepted_but_bad_subdivision_is_not(package_copy: Path) -> None:
    scot = corrupt_cell(package_copy, ESTIMATES, 0, "area", "GB-SCT")
    avg = corrupt_cell(package_copy, ESTIMATES, 1, "area", "average")
    line = corrupt_cell(package_copy, ESTIMATES, 2, "area", "GB-XXX")
    text = problems_text(package_copy)
    assert f"row {scot}," not in text and f"row {avg}," not in text
    assert f"row {line}, column 'area': 'GB-XXX' is neither" in text


def test_comparability_group_mixing_respondents_is_reported(package_copy: Path) -> None:
    corrupt_cell(package_copy, "indicators.csv", 0, "respondent", "parent")
    text = problems_text(package_copy)
    assert "indicators.csv, column 'comparability_group': comparability_group 'yrbs_us_hs_12m'" in text
    assert "mixes who answered: children vs parents" in text
