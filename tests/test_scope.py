"""Scope as data: each count series says which area it counts and why; factsheets show only their country's."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.catalog import Catalog
from analysis.countries import WORLD, area_name, is_aggregate, parent_iso3
from analysis.factsheet import factsheet_data, load_frames
from analysis.scope import RECEIVED, is_about, scope_problems
from analysis.validate import validate_package
from tests.conftest import read_rows, write_rows


@pytest.fixture(scope="module")
def frames() -> dict:
    return load_frames(Catalog())


@pytest.fixture(scope="module")
def series() -> dict:
    return Catalog().load("count_series").set_index("series_id")


def test_worldwide_intake_is_filed_under_the_world_not_the_publishers_country(series) -> None:
    for series_id in ("ncmec_cybertipline_reports", "ncmec_online_enticement_reports", "iwf_reports_assessed",
                      "iwf_reports_confirmed"):
        assert (series.loc[series_id, "area"], series.loc[series_id, "scope_basis"]) == (WORLD, RECEIVED), series_id
    counts = Catalog().load("counts")
    tipline = counts[counts["series_id"].isin(["ncmec_cybertipline_reports", "ncmec_online_enticement_reports"])]
    assert len(tipline) >= 30 and set(tipline["area"]) == {WORLD}  # no CyberTipline row carries USA
    assert not ({"USA", "GBR"} & set(counts.loc[counts["series_id"].str.startswith("iwf_"), "area"]))
    assert area_name(WORLD) == "World" and is_aggregate(WORLD) and not is_aggregate("USA")


def test_police_series_carry_the_area_whose_police_recorded_them(series) -> None:
    assert series.loc["nspcc_sexual_communication_ew", "area"] == "GB-EAW"  # England and Wales: not the UK
    assert area_name("GB-EAW") == "England and Wales" and parent_iso3("GB-EAW") == "GBR"
    uk = series.loc["nspcc_sexual_communication_uk"]
    # Relabelled with what NSPCC publishes: its UK-wide total of the forces that answered (the old text said
    # England, Wales and Northern Ireland only, which NSPCC does not say).
    assert uk["area"] == "GBR" and uk["scope_basis"] == "recorded in the area"
    assert "Northern Ireland; Scotland records" not in uk["definition"] and "Police Scotland" in uk["definition"]
    for series_id in ("ncic_entries_under18", "ncmec_trafficking_ratio_runaways"):
        assert series.loc[series_id, "area"] == "USA"
    assert series.loc["rcmp_missing_child_reports", "area"] == "CAN"


def test_every_series_scope_agrees_with_its_definition_text(series) -> None:
    for series_id, row in series.iterrows():
        assert scope_problems(row.to_dict()) == [], series_id
    worldwide = series[series["area"] == WORLD]
    assert all("anywhere" in text or "worldwide" in text.lower() for text in worldwide["definition"])


def test_scope_problems_name_each_mislabel() -> None:
    row = {"area": "USA", "scope_basis": RECEIVED, "definition": "Reports received by NCMEC."}
    assert "needs area WLD" in scope_problems(row)[0]
    row = {"area": "GBR", "scope_basis": RECEIVED, "definition": "The content may be hosted anywhere in the world."}
    assert any("worldwide count but area is GBR" in p for p in scope_problems(row))
    row = {"area": "GBR", "scope_basis": "recorded in the area", "definition": "Scope: England and Wales only."}
    assert "use the code of England and Wales" in scope_problems(row)[0]
    assert scope_problems({"area": WORLD, "scope_basis": RECEIVED, "definition": "Reports to a hotline."})


def test_validation_refuses_a_worldwide_count_filed_under_usa(package_copy: Path) -> None:
    base = package_copy.parent
    header, rows = read_rows(base / "count_series.csv")
    for row in rows:
        if row["series_id"] == "ncmec_cybertipline_reports":
            row["area"] = "USA"
    write_rows(base / "count_series.csv", header, rows)
    problems = [str(p) for p in validate_package(package_copy)]
    assert any("count_series.csv" in p and "needs area WLD" in p for p in problems)
    assert any("counts.csv" in p and "differs from the series' area USA" in p for p in problems)


def test_us_factsheet_shows_no_worldwide_series(frames: dict) -> None:
    usa = factsheet_data("USA", frames)
    assert "ncmec_online_enticement_reports" not in usa.counts  # 546,333 worldwide reports are not a US count
    assert "ncmec_cybertipline_reports" not in usa.counts
    areas = {area for rows in usa.counts.values() for area in rows["area"]}
    assert areas == {"USA"}
    gbr = factsheet_data("GBR", frames)
    assert not {"iwf_reports_assessed", "iwf_reports_confirmed"} & set(gbr.counts)  # hosted anywhere
    assert {"nspcc_sexual_communication_ew", "nspcc_sexual_communication_uk"} <= set(gbr.counts)
    assert all(is_about(area, "GBR") for rows in gbr.counts.values() for area in rows["area"])
    assert is_about("GB-EAW", "GBR") and not is_about(WORLD, "USA") and not is_about("GBR", "USA")
