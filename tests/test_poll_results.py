"""U-Report 2019 poll results: rows against the sentences read, and validation of sources, quotes and shares."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.catalog import Catalog
from analysis.validate import validate_package
from tests.conftest import read_rows, write_rows

POLL = "ureport_online_bullying_2019"
SAMPLING = "opt-in poll (self-selected U-Reporters), not a probability sample"
UNICEF_PAGES = {"unicef_vietnam_ureport_2019", "unicef_malaysia_ureport_2019"}
# Every value as read on 2026-12-06 (docs/curation/poll_results/ureport_2019/pass1.md), one line per row:
# area | measure | value in the source's words | percentage published (empty if none) | source_id
AS_READ = """\
WLD | victim_online_bullying | More than a third | | unicef_vietnam_ureport_2019
WLD | victim_online_bullying | One in three | | unicef_vietnam_ureport_2019
WLD | skipped_school_cyberbullying_violence | one in five | | unicef_vietnam_ureport_2019
WLD | social_networks_most_common_place | almost three-quarters | | unicef_vietnam_ureport_2019
WLD | end_responsibility_governments | 32 per cent | 32 | unicef_vietnam_ureport_2019
WLD | end_responsibility_young_people | 31 per cent | 31 | unicef_vietnam_ureport_2019
WLD | end_responsibility_internet_companies | 29 per cent | 29 | unicef_vietnam_ureport_2019
VNM | victim_online_bullying | 21 per cent | 21 | unicef_vietnam_ureport_2019
VNM | unaware_of_helpline | 75 per cent | 75 | unicef_vietnam_ureport_2019
VNM | end_responsibility_young_people | 44 percent | 44 | unicef_vietnam_ureport_2019
WLD | victim_online_bullying | One in three | | dtinews_ureport_2019
VNM | end_responsibility_governments | 30 per cent | 30 | dtinews_ureport_2019
WLD | victim_online_bullying | Around one-in-three | | akipress_ureport_2019
WLD | victim_online_bullying | 36% | 36 | tribuna_petropolis_ureport_2019
WLD | skipped_school_cyberbullying_violence | 19% | 19 | tribuna_petropolis_ureport_2019
M49-202 | victim_online_bullying | 34 por cento | 34 | tribuna_petropolis_ureport_2019
BRA | victim_online_bullying | 37% | 37 | correio_braziliense_ureport_2019
BRA | skipped_school_cyberbullying_violence | 36% | 36 | correio_braziliense_ureport_2019
BRA | end_responsibility_young_people | 55% | 55 | correio_braziliense_ureport_2019
MYS | victim_online_bullying | 28% | 28 | unicef_malaysia_ureport_2019
MYS | victim_online_bullying | 3 in 10 | | unicef_malaysia_ureport_2019
MYS | aware_private_bullying_groups | 4 in 9 | | unicef_malaysia_ureport_2019
MYS | aware_of_helpline | 2 in 7 | | unicef_malaysia_ureport_2019
VNM | victim_online_bullying | 21 percent | 21 | vnexpress_ureport_2019
VNM | unaware_of_helpline | Seventy percent | 70 | vnexpress_ureport_2019
IDN | victim_online_bullying | 45 percent | 45 | vnexpress_ureport_2019
MYS | victim_online_bullying | 30 percent | 30 | vnexpress_ureport_2019
UKR | victim_online_bullying | 29% | 29 | interfax_ukraine_ureport_2019
UKR | skipped_school_cyberbullying_violence | 16% | 16 | interfax_ukraine_ureport_2019
UKR | aware_private_bullying_groups | About 59% | 59 | interfax_ukraine_ureport_2019
CIV | victim_online_bullying | un jeune sur quatre | | pressecotedivoire_ureport_2019
"""
# Respondents per area where a source gives an exact number: (area, source_id) -> respondents.
RESPONDENTS = {("MYS", "unicef_malaysia_ureport_2019"): 6953, ("VNM", "vnexpress_ureport_2019"): 1788,
               ("UKR", "interfax_ukraine_ureport_2019"): 6791}


def _as_read() -> dict[tuple[str, str, str, str], float | None]:
    table = {}
    for line in AS_READ.splitlines():
        area, measure, words, share, source = (cell.strip() for cell in line.split("|"))
        table[(area, measure, words, source)] = float(share) if share else None
    return table


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return Catalog().load_many(["poll_results", "sources"])


def test_rows_are_the_values_read_and_nothing_else(frames: dict[str, pd.DataFrame]) -> None:
    rows = frames["poll_results"]
    shipped = {(r.area, r.measure, r.value_as_published, r.source_id): (None if pd.isna(r.share_pct)
                                                                         else float(r.share_pct))
               for r in rows.itertuples()}
    assert shipped == _as_read()
    assert set(rows["poll_id"]) == {POLL}
    assert set(rows["sampling"]) == {SAMPLING}


def test_each_quote_holds_its_value_as_published(frames: dict[str, pd.DataFrame]) -> None:
    for row in frames["poll_results"].itertuples():
        assert row.value_as_published.casefold() in row.quote.replace("\u2019", "'").casefold(), row


def test_only_published_percentages_carry_a_share(frames: dict[str, pd.DataFrame]) -> None:
    rows = frames["poll_results"]
    worded = rows[rows["value_kind"] != "percentage"]
    assert worded["share_pct"].isna().all()
    headline = rows.set_index(["area", "measure", "source_id", "value_as_published"]).loc[
        ("WLD", "victim_online_bullying", "unicef_vietnam_ureport_2019", "One in three")]
    assert headline["value_kind"] == "ratio statement" and pd.isna(headline["share_pct"])
    assert rows.set_index(["area", "value_as_published", "source_id"]).loc[
        ("WLD", "More than a third", "unicef_vietnam_ureport_2019"), "value_kind"] == "lower bound"


def test_respondents_and_the_grade_of_each_source(frames: dict[str, pd.DataFrame]) -> None:
    rows = frames["poll_results"]
    counted = rows.dropna(subset=["respondents"])
    assert {(r.area, r.source_id): int(r.respondents) for r in counted.itertuples()} == RESPONDENTS
    kinds = frames["sources"].set_index("source_id")["kind"]
    for source_id in rows["source_id"].unique():
        expected = "survey estimate" if source_id in UNICEF_PAGES else "secondary citation"
        assert kinds[source_id] == expected, source_id
    # The pooled 36% and 19% were read only in a newspaper: no UNICEF page gives a pooled percentage.
    pooled = rows[(rows["area"] == "WLD") & (rows["value_kind"] == "percentage")
                  & rows["measure"].isin(["victim_online_bullying", "skipped_school_cyberbullying_violence"])]
    assert set(pooled["source_id"]) == {"tribuna_petropolis_ureport_2019"}


def _problems_after(package: Path, change: dict[str, str], where: tuple[str, str, str]) -> tuple[int, list[str]]:
    path = package.parent / "poll_results.csv"
    header, rows = read_rows(path)
    index = next(i for i, r in enumerate(rows)
                 if (r["area"], r["measure"], r["value_as_published"]) == where)
    rows[index].update(change)
    write_rows(path, header, rows)
    return index + 2, [str(p) for p in validate_package(package)]


def test_validation_refuses_a_row_without_a_source(package_copy: Path) -> None:
    line, problems = _problems_after(package_copy, {"source_id": ""},
                                     ("VNM", "victim_online_bullying", "21 per cent"))
    assert any("poll_results.csv" in p and f"row {line}," in p and "column 'source_id'" in p
               and "is empty but required" in p for p in problems), problems


def test_validation_refuses_an_unknown_source(package_copy: Path) -> None:
    line, problems = _problems_after(package_copy, {"source_id": "unicef_global_ureport_2019"},
                                     ("VNM", "victim_online_bullying", "21 per cent"))
    assert any("poll_results.csv" in p and f"row {line}," in p and "column 'source_id'" in p
               and "'unicef_global_ureport_2019' is not a known source_id" in p for p in problems), problems


def test_validation_refuses_a_ratio_statement_turned_into_a_percentage(package_copy: Path) -> None:
    line, problems = _problems_after(package_copy, {"share_pct": "33.3"},
                                     ("WLD", "victim_online_bullying", "One in three"))
    assert any(f"poll_results.csv, row {line}, column 'share_pct'" in p and "not converted to a percentage" in p
               for p in problems), problems


def test_validation_refuses_a_value_missing_from_its_quote(package_copy: Path) -> None:
    line, problems = _problems_after(package_copy, {"value_as_published": "23 per cent"},
                                     ("VNM", "victim_online_bullying", "21 per cent"))
    assert any(f"poll_results.csv, row {line}, column 'value_as_published'" in p and "is not in the quote" in p
               for p in problems), problems
    assert any(f"row {line}, column 'share_pct'" in p and "share_pct 21 is not the percentage published" in p
               for p in problems), problems


def test_validation_refuses_an_unknown_region(package_copy: Path) -> None:
    line, problems = _problems_after(package_copy, {"area": "M49-150"},
                                     ("M49-202", "victim_online_bullying", "34 por cento"))
    assert any(f"poll_results.csv, row {line}, column 'area'" in p and "'M49-150' is not a UN M49 region" in p
               for p in problems), problems
