"""Refreshers parse recorded upstream responses, diff, validate and write atomically; offline changes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from analysis import cli, refresh
from analysis.upstreams import hbsc
from analysis.upstreams.base import UpstreamFormatError
from analysis.validate import DataPackageError, validate_package

FIXTURES = Path(__file__).parent / "fixtures" / "upstreams"
HBSC_EXTRACT = FIXTURES / "hbsc-data-extract.csv"


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def recorded_cells() -> list[dict[str, str]]:
    return [r for r in csv.DictReader(io.StringIO(HBSC_EXTRACT.read_text(encoding="utf-8")))
            if r["HBSC_id"] == "cbeenbullied_once"]


def test_hbsc_parse_maps_girls_boys_and_averages() -> None:
    rows = hbsc.parse(HBSC_EXTRACT.read_bytes(), "extract")
    indexed = rows.set_index(["area", "year", "sex", "age"])["value_pct"]
    for cell in recorded_cells():
        age = cell["Age_group"][:2]
        area = hbsc.AREAS.get(cell["Country"]) or {"Spain": "ESP"}[cell["Country"]]
        if cell["Country"] == "HBSC AVERAGE (TOTAL)":
            assert indexed[(area, int(cell["Survey_year"]), "total", age)] == float(cell["Age_group_total"])
        else:
            assert indexed[(area, int(cell["Survey_year"]), "female", age)] == float(cell["Girl"])
            assert indexed[(area, int(cell["Survey_year"]), "male", age)] == float(cell["Boy"])
    assert len(rows) == 2 * 10 + 3  # girls and boys on 10 lines, both sexes on 3 total-average lines
    assert set(rows["indicator_id"]) == {"hbsc_cyberbullied"}
    assert rows["n"].isna().all() and rows["ci_low_pct"].isna().all()  # the export publishes neither
    assert "d_back" not in " ".join(rows["locator"])


def test_hbsc_parse_names_the_line_of_a_bad_cell() -> None:
    text = HBSC_EXTRACT.read_text(encoding="utf-8").replace("Spain,2022,13-year-olds,12,", "Spain,2022,13-year-olds,x,")
    with pytest.raises(UpstreamFormatError, match=r"extract, line 9, column 'Girl': 'x' is not a number"):
        hbsc.parse(text.encode(), "extract")


def test_hbsc_parse_refuses_unknown_country_and_changed_header() -> None:
    text = HBSC_EXTRACT.read_text(encoding="utf-8").replace("Spain,", "Atlantis,")
    with pytest.raises(UpstreamFormatError, match=r"line 5: .*'Atlantis'.*AREAS in analysis/upstreams/hbsc.py"):
        hbsc.parse(text.encode(), "extract")
    with pytest.raises(UpstreamFormatError, match="line 1: expected the header"):
        hbsc.parse(b"Country,Value\nSpain,3\n", "extract")


def test_refresh_writes_diff_snapshot_and_checksum(package_copy: Path) -> None:
    base = package_copy.parent
    before = (base / "survey_estimates.csv").read_bytes()
    content = HBSC_EXTRACT.read_bytes()
    result = refresh.refresh(hbsc.UPSTREAM, content, "extract", package_path=package_copy,
                             accessed=date(2026, 12, 1), allow_removals=True)
    assert result.rows == 23
    # The shipped package holds both survey years; the extract only part of 2022 and one 2018 line.
    assert result.diff.added == [] and result.diff.changed == []
    assert len(result.diff.removed) > 500
    assert result.previous is not None and result.previous.read_bytes() == before
    assert validate_package(package_copy) == []
    sources = {r["source_id"]: r for r in csv.DictReader((base / "sources.csv").open(encoding="utf-8"))}
    assert sources["hbsc_data_browser"]["accessed"] == "2026-12-01"
    assert sources["hbsc_data_browser"]["sha256"] == hashlib.sha256(content).hexdigest()
    rows = list(csv.DictReader((base / "survey_estimates.csv").open(encoding="utf-8")))
    assert sum(r["source_id"] == "hbsc_data_browser" for r in rows) == 23
    assert any(r["indicator_id"].startswith("yrbs_") for r in rows)  # other sources' rows are kept


def test_changed_values_are_reported_per_row(package_copy: Path) -> None:
    text = HBSC_EXTRACT.read_text(encoding="utf-8")
    text = text.replace("Spain,2022,11-year-olds,8,7", "Spain,2022,11-year-olds,9,7")
    refresh.refresh(hbsc.UPSTREAM, HBSC_EXTRACT.read_bytes(), "extract", package_path=package_copy,
                    allow_removals=True)
    result = refresh.refresh(hbsc.UPSTREAM, text.encode(), "extract", package_path=package_copy,
                             allow_removals=True)
    assert [(c[1], c[2], c[3]) for c in result.diff.changed] == [("value_pct", "8", "9")]
    assert "~ hbsc_cyberbullied ESP 2022 female 11 value_pct: 8 -> 9" in refresh.format_diff(
        result.diff, hbsc.UPSTREAM.key)


def test_dry_run_and_invalid_result_write_nothing(package_copy: Path) -> None:
    base = package_copy.parent
    digest = tree_digest(base.parent)
    refresh.refresh(hbsc.UPSTREAM, HBSC_EXTRACT.read_bytes(), "extract", package_path=package_copy, dry_run=True)
    assert tree_digest(base.parent) == digest
    broken = replace(hbsc.UPSTREAM, parse=lambda content, origin: hbsc.parse(content, origin).assign(age="eleven"))
    with pytest.raises(DataPackageError, match="'eleven' does not match the pattern"):
        refresh.refresh(broken, HBSC_EXTRACT.read_bytes(), "extract", package_path=package_copy,
                        allow_removals=True)
    assert tree_digest(base.parent) == digest


def test_offline_fetch_fails_fast_and_changes_nothing(package_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import time

    unreachable = replace(hbsc.UPSTREAM, url="http://127.0.0.1:9/data.csv")  # nothing listens on port 9
    monkeypatch.setattr(refresh, "upstreams", lambda: {"hbsc": unreachable})
    digest = tree_digest(package_copy.parent.parent)
    start = time.monotonic()
    code = cli.main(["--data", str(package_copy), "fetch", "hbsc"])
    assert time.monotonic() - start < refresh.TIMEOUT_S
    assert code == 3
    err = capsys.readouterr().err
    assert "cannot reach http://127.0.0.1:9/data.csv" in err and "nothing was changed" in err and "--from FILE" in err
    assert tree_digest(package_copy.parent.parent) == digest


def test_cli_fetch_from_a_local_copy(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--data", str(package_copy), "fetch", "hbsc", "--from", str(HBSC_EXTRACT), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert "hbsc: 23 rows parsed from" in out and "dry run: nothing written" in out
    assert "0 added, 0 changed," in out


def test_shipped_hbsc_rows_are_what_the_refresher_parses() -> None:
    """The shipped rows came from the refresher: parsing the extract yields the same values."""
    from analysis.catalog import load

    shipped = load("survey_estimates")
    shipped = shipped[shipped["source_id"] == "hbsc_data_browser"].set_index(["area", "year", "sex", "age"])
    for row in hbsc.parse(HBSC_EXTRACT.read_bytes(), "extract").itertuples(index=False):
        assert shipped.loc[(row.area, row.year, row.sex, row.age), "value_pct"] == row.value_pct
