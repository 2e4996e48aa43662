"""A refresh cannot lose data: malformed files and losses are refused, order is canonical, backups are kept."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, paths, refresh
from analysis.refresh_safety import MAX_CHANGED_SHARE, RefreshRefusedError, media_of
from analysis.upstreams import hbsc, untc, worldbank
from analysis.upstreams.base import Upstream, UpstreamFormatError

FIXTURES = Path(__file__).parent / "fixtures" / "upstreams"
LOCATOR = re.compile(r"data\.csv, (\w+), (.+), (\d{4}), (\d\d-year-olds), column (\w+)")
DAY = date(2026, 12, 6)


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def hbsc_export(package: Path) -> bytes:
    """An HBSC Data Browser export (its header and line layout) rebuilt from the package's own HBSC rows.

    Each shipped row's locator names the export line and column it was read from, so the file parses back
    to exactly the shipped rows: a full, unchanged upstream.
    """
    rows = [r for r in csv.DictReader((package.parent / "survey_estimates.csv").open(encoding="utf-8"))
            if r["source_id"] == hbsc.SOURCE_ID]
    lines: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for row in rows:
        measure, country, year, age, column = LOCATOR.fullmatch(row["locator"]).groups()
        line = lines.setdefault((measure, country, year, age), {
            "HBSC_id": measure, "Country": country, "Survey_year": year, "Age_group": age,
            "Measure_type": "PERCENTAGE"})
        line[column] = row["value_pct"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(hbsc.HEADER), lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(lines.values())
    return out.getvalue().encode("utf-8")


@pytest.fixture
def export(package_copy: Path) -> bytes:
    return hbsc_export(package_copy)


def hbsc_rows(package: Path) -> int:
    text = (package.parent / "survey_estimates.csv").read_text(encoding="utf-8")
    return sum(r["source_id"] == hbsc.SOURCE_ID for r in csv.DictReader(io.StringIO(text)))


def test_the_rebuilt_export_is_a_full_unchanged_upstream(package_copy: Path, export: bytes) -> None:
    result = refresh.refresh(hbsc.UPSTREAM, export, "data.csv", package_path=package_copy, dry_run=True)
    assert result.rows == hbsc_rows(package_copy) == 564
    assert result.diff.empty


def test_a_truncated_hbsc_file_is_refused_and_shows_what_would_go(package_copy: Path, export: bytes) -> None:
    truncated = (FIXTURES / "hbsc-data-extract.csv").read_bytes()  # 14 whole lines of the export: 23 rows of 564
    digest = tree_digest(package_copy.parent.parent)
    with pytest.raises(RefreshRefusedError) as caught:
        refresh.refresh(hbsc.UPSTREAM, truncated, "data.csv", package_path=package_copy, accessed=DAY)
    message = str(caught.value)
    assert "refresh of 'hbsc' refused: it would remove 541 of its 564 rows in survey_estimates" in message
    assert "nothing was changed" in message and "--allow-removals" in message
    assert re.search(r"^- hbsc_cyberbullied \S+ 20\d\d (female|male|total) 1[135]: value_pct=\d", message, re.M)
    assert "... and 521 more" in message  # 20 shown of the 541
    assert tree_digest(package_copy.parent.parent) == digest
    # Asked for, the removal goes through, and the rows that went are in the backup.
    result = refresh.refresh(hbsc.UPSTREAM, truncated, "data.csv", package_path=package_copy, accessed=DAY,
                             allow_removals=True)
    assert len(result.diff.removed) == 541 and hbsc_rows(package_copy) == 23
    assert result.previous is not None
    backup_rows = [r for r in csv.DictReader(result.previous.open(encoding="utf-8"))
                   if r["source_id"] == hbsc.SOURCE_ID]
    assert len(backup_rows) == 564


def test_a_cut_file_is_refused_before_parsing(package_copy: Path, export: bytes) -> None:
    cut = export[: len(export) // 2].rsplit(b",", 3)[0]  # ends inside a line, no line end
    digest = tree_digest(package_copy.parent.parent)
    with pytest.raises(UpstreamFormatError, match=r"^data\.csv, line \d+: the file ends mid-row \(\d+ of 10 cells"):
        refresh.refresh(hbsc.UPSTREAM, cut, "data.csv", package_path=package_copy)
    assert tree_digest(package_copy.parent.parent) == digest


def test_changing_more_than_the_allowed_share_of_values_is_refused(package_copy: Path, export: bytes) -> None:
    lines = export.decode().split("\n")
    assert MAX_CHANGED_SHARE == 0.10

    def revise(count: int) -> bytes:
        """The export with the Girl value of its first ``count`` country lines raised by one point."""
        out = list(lines)
        for i in range(1, count + 1):
            cells = out[i].split(",")
            cells[4] = str(int(float(cells[4])) + 1)
            out[i] = ",".join(cells)
        return "\n".join(out).encode()

    small = revise(56)  # 56 of 564 rows: 9.9%
    assert len(refresh.refresh(hbsc.UPSTREAM, small, "d", package_path=package_copy, dry_run=True).diff.changed) == 56
    large = revise(57)  # 10.1%
    with pytest.raises(RefreshRefusedError, match=r"change the values of 57 of its 564 rows \(10%, more than the 10%"):
        refresh.refresh(hbsc.UPSTREAM, large, "d", package_path=package_copy)
    dry = refresh.refresh(hbsc.UPSTREAM, large, "d", package_path=package_copy, dry_run=True)
    assert dry.refused.startswith("refresh of 'hbsc' refused: it would change the values of 57")
    assert refresh.refresh(hbsc.UPSTREAM, large, "d", package_path=package_copy, allow_removals=True).written


def test_a_one_value_change_is_a_one_line_diff_and_backups_are_never_overwritten(
        package_copy: Path, export: bytes) -> None:
    resource = package_copy.parent / "survey_estimates.csv"
    previous = package_copy.parent.parent / "previous"
    # The first refresh puts the file in its canonical order (primary key), whatever order it had.
    first = export.replace(b"Albania,2018,11-year-olds,14,", b"Albania,2018,11-year-olds,15,")
    one = refresh.refresh(hbsc.UPSTREAM, first, "d", package_path=package_copy, accessed=DAY)
    frame = pd.read_csv(resource, dtype=str, keep_default_na=False)
    key = ["indicator_id", "area", "year", "sex", "age", "source_id"]
    assert list(frame[key].itertuples(index=False)) == sorted(frame[key].itertuples(index=False))
    before = resource.read_text(encoding="utf-8").splitlines()
    second = export.replace(b"Spain,2022,13-year-olds,12,8", b"Spain,2022,13-year-olds,12,9")
    two = refresh.refresh(hbsc.UPSTREAM, second, "d", package_path=package_copy, accessed=DAY)
    after = resource.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    differing = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(differing) == 2  # Albania back to 14, Spain's boys to 9: one line each
    assert {new.split(",")[1] for _old, new in differing} == {"ALB", "ESP"}
    # Two refreshes the same day: two backups, the first one kept as it was.
    assert one.previous is not None and two.previous is not None and one.previous != two.previous
    assert sorted(p.name for p in previous.iterdir()) == [
        "survey_estimates.before-hbsc-2026-12-06.2.csv", "survey_estimates.before-hbsc-2026-12-06.csv"]
    assert one.previous.read_text(encoding="utf-8").splitlines() != before
    assert two.previous.read_text(encoding="utf-8").splitlines() == before
    assert not (package_copy.parent.parent / ".staging").exists()


HTML_ERROR = (b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
              b"<body><h1>Service Unavailable</h1></body></html>\n")
MALFORMED = {  # kind -> (content, what the one-line message says)
    "empty": (b"", r"the file is empty"),
    "blank lines": (b"\n\n  \n", r"the file is empty"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"binary data \(a PDF\)"),
    "zip (an xlsx)": (b"PK\x03\x04\x14\x00\x06\x00", r"binary data \(a ZIP or Office file\)"),
    "nul bytes": (b"HBSC_id,Country\x00\x00\x01", r"line 1: binary data \(a NUL byte at byte 15\)"),
    "latin-1": (None, r"line 5: not UTF-8 \(byte 0xf1 .*Latin-1"),
    "html error page": (HTML_ERROR, r"an HTML page titled '503 Service Unavailable'"),
    "json error": (b'{"error": "rate limited", "status": 429}', r"a JSON document \(an API error message\?\)"),
    "wrong columns": (b"country,year,value\nSpain,2022,8\n", r"line 1: expected the header HBSC_id,Country"),
    "header only": (b",".join(h.encode() for h in hbsc.HEADER) + b"\n", r"no rows for cbeenbullied_once"),
    "other measures only": (None, r"no rows for cbeenbullied_once"),
}


def malformed(kind: str) -> bytes:
    content, _message = MALFORMED[kind]
    if content is not None:
        return content
    extract = (FIXTURES / "hbsc-data-extract.csv").read_bytes()
    if kind == "latin-1":
        return extract.replace(b"Spain", "España".encode("latin-1"))
    return b"\n".join(line for line in extract.split(b"\n") if not line.startswith(b"cbeenbullied"))


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_every_malformed_hbsc_file_gets_one_line_naming_it(kind: str, package_copy: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = package_copy.parent.parent / "upstream-data.csv"
    source.write_bytes(malformed(kind))
    digest = tree_digest(package_copy.parent)
    code = cli.main(["--data", str(package_copy), "fetch", "hbsc", "--from", str(source)])
    err = capsys.readouterr().err
    assert code == 3
    assert err.startswith(f"error: {source}") and err.count("\n") == 1, err
    assert re.search(MALFORMED[kind][1], err), err
    assert tree_digest(package_copy.parent) == digest
    assert not (package_copy.parent.parent / "previous").exists()


@pytest.mark.parametrize(("upstream", "content", "message"), [
    (worldbank.CHILD_POP, HTML_ERROR, r"an HTML page titled '503 Service Unavailable'.*not the expected JSON"),
    (worldbank.CHILD_POP, (FIXTURES / "worldbank-v2-page1of4.json").read_bytes()[:300],
     r"line 1, column \d+: not valid JSON"),
    (worldbank.CHILD_POP, b"\xff\xfe[\x00{\x00", r"binary data \(a NUL byte"),
    (untc.OPSC, "<html><body>Statut : ratifié</body></html>".encode("latin-1"), r"not UTF-8 \(byte 0xe9"),
    (untc.OPSC, b"\x89PNG\r\n\x1a\n", r"binary data \(a PNG image\)"),
])
def test_other_upstreams_get_the_same_checks(upstream: Upstream, content: bytes, message: str,
                                             package_copy: Path) -> None:
    digest = tree_digest(package_copy.parent.parent)
    with pytest.raises(UpstreamFormatError, match=message):
        refresh.refresh(upstream, content, "response", package_path=package_copy)
    assert tree_digest(package_copy.parent.parent) == digest


def test_an_upstream_added_later_is_covered_without_any_change(package_copy: Path) -> None:
    """A new upstream's parser that crashes on a bad file gives a message; its URL tells what text to expect."""
    def fragile(content: bytes, origin: str) -> pd.DataFrame:
        return pd.DataFrame([{"area": content.decode().split(";")[5]}])  # IndexError on anything unexpected

    later = Upstream(name="later", source_id=hbsc.SOURCE_ID, resource="survey_estimates",
                     url="https://example.org/api/data?format=csv", key=hbsc.UPSTREAM.key,
                     value_columns=hbsc.UPSTREAM.value_columns, parse=fragile, description="test")
    assert media_of(later) == "csv" and media_of(replace(later, url="https://example.org/x.json")) == "json"
    assert media_of(replace(later, url="https://example.org/page")) is None
    with pytest.raises(UpstreamFormatError, match=r"^r: not in the format of the 'later' upstream \(IndexError"):
        refresh.refresh(later, b"a;b\n", "r", package_path=package_copy)
    with pytest.raises(UpstreamFormatError, match=r"^r: an HTML page"):
        refresh.refresh(later, HTML_ERROR, "r", package_path=package_copy)
    empty = replace(later, parse=lambda content, origin: pd.DataFrame())
    with pytest.raises(UpstreamFormatError, match=r"^r: no rows for survey_estimates in the file"):
        refresh.refresh(empty, b"a,b\n1,2\n", "r", package_path=package_copy)
    partial = replace(later, parse=lambda content, origin: pd.DataFrame([{"area": "ESP"}]))
    with pytest.raises(UpstreamFormatError, match=r"lack the columns indicator_id, year, sex"):
        refresh.refresh(partial, b"a,b\n1,2\n", "r", package_path=package_copy)


def test_fetch_command_refuses_a_truncated_file_in_a_subprocess(package_copy: Path) -> None:
    truncated = package_copy.parent.parent / "data.csv"
    truncated.write_bytes((FIXTURES / "hbsc-data-extract.csv").read_bytes())
    digest = tree_digest(package_copy.parent)
    command = [sys.executable, "-m", "analysis", "--data", str(package_copy), "fetch", "hbsc", "--from",
               str(truncated)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=paths.ROOT, timeout=120, check=False)
    assert done.returncode == 4
    assert "would remove 541 of its 564 rows" in done.stderr and "Traceback" not in done.stderr
    assert tree_digest(package_copy.parent) == digest
    dry = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, cwd=paths.ROOT, timeout=120,
                         check=False)
    assert dry.returncode == 0 and "541 removed" in dry.stdout and "without --allow-removals: refresh" in dry.stdout
    assert tree_digest(package_copy.parent) == digest
