"""Bullying at 13-15 worldwide: the SOWC 2023 workbook parser, OWID's EVC 2017 copy, the shipped rows, the guard."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from analysis import refresh
from analysis.catalog import Catalog
from analysis.countries import to_iso3, un_member_states
from analysis.global_bullying import (
    EVC,
    SOWC,
    country_table,
    for_factsheet,
    region_of,
    regional_medians,
    require_one_measure,
)
from analysis.i18n import language
from analysis.measures import Measures, NotComparableError
from analysis.upstreams import owid_evc, sowc
from analysis.upstreams.base import UpstreamFormatError
from tests.conftest import read_rows

FIXTURES = Path(__file__).parent / "fixtures" / "upstreams"
EXTRACT = FIXTURES / "sowc2023-table15-bullying.csv"  # every bullying cell of table 15, read from UNICEF's workbook
EVC_COLUMN = FIXTURES / "owid-evc2017-bullied-column.csv"  # every value of OWID's bullying column
EVC_EXTRACT = FIXTURES / "owid-evc2017-extract.csv"  # OWID's header and five whole lines

# Countries of the small workbook: unflagged, x, y, x and y, one sex only.
FIXTURE_COUNTRIES = ("Afghanistan", "Argentina", "Kenya", "Honduras", "United States", "Niue")
NAME_COL, MALE_COL = 2, 13  # columns B and M (1-based, as openpyxl counts)


def extraction() -> list[dict[str, str]]:
    with EXTRACT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def sowc_workbook(countries=FIXTURE_COUNTRIES, *, sheet: str = sowc.SHEET, male_header: str = "Male",
                  flag_note_x: str = sowc.VALUE_FLAGS["x"], extra_rows: tuple = ()) -> bytes:
    """A small workbook laid out as UNICEF's table 15, with cell values from the committed extraction."""
    from openpyxl import Workbook

    by_name = {r["country"]: r for r in extraction()}
    book = Workbook()
    book.active.title = "1. Demographics"
    ws = book.create_sheet(sheet)
    ws["B2"] = sowc.TITLE
    ws["B4"], ws["K4"] = sowc.NAME_HEADER, "Protection"
    ws["K5"], ws["M5"] = "Intimate partner violence (%)\n2013–2020 (R)", "Bullying (%)\n2011–2018 (R)"
    ws["K6"], ws["M6"], ws["O6"] = "Female", male_header, "Female"
    row = 8
    for name in countries:
        record = by_name[name]
        ws.cell(row, NAME_COL, name)
        for offset, (value, flag) in enumerate(((record["male"], record["male_flag"]),
                                                (record["female"], record["female_flag"]))):
            ws.cell(row, MALE_COL + 2 * offset, _number(value))
            if flag:
                ws.cell(row, MALE_COL + 2 * offset + 1, flag)
        row += 1
    for name, male, male_flag in extra_rows:
        ws.cell(row, NAME_COL, name)
        ws.cell(row, MALE_COL, male)
        ws.cell(row, MALE_COL + 1, male_flag)
        ws.cell(row, MALE_COL + 2, "-")
        row += 1
    ws.cell(row, NAME_COL, "Andorra")  # no data: both cells '-'
    ws.cell(row, MALE_COL, "-")
    ws.cell(row, MALE_COL + 2, "-")
    lines = [None, "SUMMARY", "World", None, "NOTES", "- Data not available.",
             f"y {sowc.VALUE_FLAGS['y']}.", f"p {sowc.VALUE_FLAGS['p']}.", f"x {flag_note_x}.",
             "R Most recent year available in the period.", None, "DEFINITIONS OF THE INDICATORS",
             "Bullying – Percentage of students aged 13–15 years who reported being bullied on one or more days in "
             "the past 30 days.", None, "MAIN DATA SOURCES",
             "Bullying – HBSC, GSHS and other national surveys. Last update: March 2022."]
    for offset, text in enumerate(lines, start=1):
        if text is not None:
            ws.cell(row + offset, NAME_COL, text)
    ws.cell(row + 3, MALE_COL, 30.5)  # a regional value below SUMMARY: never read as a country
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- The workbook parser ------------------------------------------------------------------------------------------

def test_parser_reads_values_flags_and_cells_of_the_fixture_workbook() -> None:
    rows = sowc.parse(sowc_workbook(), "fixture.xlsx").set_index(["area", "sex"])
    assert len(rows) == 11  # six countries by two sexes, less Niue's girls; Andorra and 'World' not read
    assert rows.loc[("AFG", "male"), "value_pct"] == 42.3 and rows.loc[("AFG", "female"), "value_pct"] == 44.9
    assert rows.loc[("AFG", "male"), "qualifier"] == "" and rows.loc[("AFG", "male"), "period"] == "2011-2018"
    assert rows.loc[("AFG", "male"), "survey_basis"] == "2011-2018, survey not stated"
    assert rows.loc[("AFG", "male"), "locator"] == "sheet '15. Adolescents', row 8, M8 (value), N8 (flag)"
    kenya = rows.loc[("KEN", "female")]
    assert (kenya["value_pct"], kenya["qualifier"], kenya["period"]) == (57.4, "x", "outside 2011-2018")
    assert kenya["qualifier_note"].startswith("x: Data refer to years or periods other than")
    assert rows.loc[("HND", "male"), "qualifier"] == "y"
    assert rows.loc[("USA", "female"), "qualifier"] == "x,y"
    assert ("NIU", "male") in rows.index and ("NIU", "female") not in rows.index
    assert "last update March 2022" in rows.loc[("AFG", "male"), "note"]


def test_a_changed_layout_is_refused_naming_the_sheet_and_cell() -> None:
    with pytest.raises(UpstreamFormatError,
                       match=r"no sheet '15\. Adolescents' \(sheets: 1\. Demographics, 15\. Teens"):
        sowc.parse(sowc_workbook(sheet="15. Teens"), "f.xlsx")
    with pytest.raises(UpstreamFormatError, match=r"sheet '15\. Adolescents', cell M6: expected 'Male' under "
                                                  r"'Bullying \(%\)', found 'Boys'"):
        sowc.parse(sowc_workbook(male_header="Boys"), "f.xlsx")
    with pytest.raises(UpstreamFormatError, match=r"flag 'x' now reads 'Estimates\.'"):
        sowc.parse(sowc_workbook(flag_note_x="Estimates"), "f.xlsx")
    with pytest.raises(UpstreamFormatError, match="not an Excel workbook"):
        sowc.parse(b"<html>UNICEF</html>", "page.html")


def test_an_unknown_flag_stops_the_parse() -> None:
    with pytest.raises(UpstreamFormatError, match=r"cell N14: unknown flag 'z' beside the value"):
        sowc.parse(sowc_workbook(extra_rows=(("Chile", 15.8, "z"),)), "f.xlsx")


def test_every_unmapped_country_name_is_listed() -> None:
    extra = (("Atlantis", 20.0, None), ("Lemuria", 21.0, None))
    with pytest.raises(UpstreamFormatError, match=r"'Atlantis' \(row 14\); 'Lemuria' \(row 15\)"):
        sowc.parse(sowc_workbook(extra_rows=extra), "f.xlsx")


def test_refresh_replaces_only_the_sowc_rows_and_refuses_a_broken_workbook(package_copy: Path) -> None:
    path = package_copy.parent / "bullying_global.csv"
    result = refresh.refresh(sowc.UPSTREAM, sowc_workbook(), "fixture.xlsx", package_path=package_copy, dry_run=False,
                             allow_removals=True)  # an 11-row fixture replaces the shipped rows
    assert result.rows == 11
    _header, rows = read_rows(path)
    assert len([r for r in rows if r["source_id"] == sowc.SOURCE_ID]) == 11
    assert len([r for r in rows if r["source_id"] == owid_evc.SOURCE_ID]) == 168  # the other source's rows kept
    before = path.read_bytes()
    with pytest.raises(UpstreamFormatError):
        refresh.refresh(sowc.UPSTREAM, sowc_workbook(male_header="Boys"), "f.xlsx", package_path=package_copy)
    assert path.read_bytes() == before


def test_fetch_knows_both_upstreams() -> None:
    known = refresh.upstreams()
    assert known["sowc"].resource == known["evc2017"].resource == "bullying_global"


# --- The shipped rows, against the recorded extractions -------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> dict:
    catalog = Catalog()
    return {"rows": catalog.load("bullying_global"), "indicators": catalog.load("indicators"),
            "sources": catalog.load("sources")}


def test_every_shipped_sowc_value_matches_the_workbook_extraction(shipped) -> None:
    rows = shipped["rows"][shipped["rows"]["source_id"] == sowc.SOURCE_ID].set_index(["area", "sex"])
    expected = 0
    for record in extraction():
        area = to_iso3(record["country"])
        for sex, col in (("male", "M"), ("female", "O")):
            if record[sex] == "-":
                assert (area, sex) not in rows.index
                continue
            expected += 1
            row = rows.loc[(area, sex)]
            assert row["value_pct"] == pytest.approx(float(record[sex]), abs=1e-9), (area, sex)
            flag = record[f"{sex}_flag"]
            assert (row["qualifier"] if isinstance(row["qualifier"], str) else "") == flag, (area, sex)
            assert f"row {record['sheet_row']}, {col}{record['sheet_row']} (value)" in row["locator"]
    assert len(rows) == expected == 261


def test_every_shipped_evc_value_matches_owids_column(shipped) -> None:
    rows = shipped["rows"][shipped["rows"]["source_id"] == owid_evc.SOURCE_ID].set_index("area")
    with EVC_COLUMN.open(encoding="utf-8", newline="") as handle:
        column = list(csv.DictReader(handle))
    assert len(rows) == len(column) == 168
    for record in column:
        row = rows.loc[to_iso3(record["entity"])]
        assert row["value_pct"] == float(record["value"]) and row["sex"] == "total"
        assert f"line {record['line']} " in row["locator"]


def test_evc_parser_on_owids_own_lines() -> None:
    rows = owid_evc.parse(EVC_EXTRACT.read_bytes(), "extract.csv").set_index("area")
    assert rows["value_pct"].to_dict() == {"AFG": 48.1, "ARG": 25.0, "BRA": 31.6, "KOR": 36.0, "TLS": 54.0}
    assert set(rows["survey_basis"]) == {owid_evc.SURVEY_BASIS}
    broken = EVC_EXTRACT.read_text(encoding="utf-8").replace("Brazil,", "Brasil do Sul,").replace("Timor,", "Tmr,")
    with pytest.raises(UpstreamFormatError, match=r"'Brasil do Sul' \(line 4\); 'Tmr' \(line 6\)"):
        owid_evc.parse(broken.encode(), "extract.csv")


def test_at_least_130_un_member_states_have_a_value_with_source_locator_and_qualifier_column(shipped) -> None:
    rows = shipped["rows"]
    members = set(un_member_states()["iso3"])
    assert len(set(rows["area"]) & members) >= 130
    assert len(set(rows.loc[rows["indicator_id"] == SOWC, "area"]) & members) == 125
    assert rows["locator"].notna().all() and rows["source_id"].notna().all()
    sources = shipped["sources"].set_index("source_id")
    assert sources.loc[sowc.SOURCE_ID, "sha256"] == \
        "aff78bfab9786b7ba57548690c89e8a8c00e1a45de05a22f2d00bf04558b304e"
    assert sources.loc[sowc.SOURCE_ID, "publisher"] == "UNICEF"


# --- The comparability guard ---------------------------------------------------------------------------------

@pytest.mark.parametrize("other", [EVC, "hbsc_cyberbullied", "yrbs_electronically_bullied",
                                   "unicef_bullied_13_15_30d", "dh_tfcsea_internet_users"])
def test_the_guard_refuses_sowc_beside_another_measure(shipped, other: str) -> None:
    measures = Measures(shipped["indicators"])
    with pytest.raises(NotComparableError, match=f"cannot put {SOWC}, {other} on a world map"):
        measures.require_comparable([SOWC, other], purpose="a world map")
    assert measures.require_comparable([SOWC], purpose="a world map").comparable


def test_a_ranking_of_both_compilations_is_refused(shipped) -> None:
    with pytest.raises(NotComparableError, match="recall period differs"):
        require_one_measure(shipped["rows"], shipped["indicators"], purpose="a ranking")


# --- Country values, medians and the factsheet's choice -------------------------------------------------------------

def test_country_table_means_gaps_and_regional_medians(shipped) -> None:
    table = country_table(shipped["rows"], shipped["indicators"], SOWC).set_index("area")
    assert table.loc["AFG", "both_pct"] == pytest.approx((42.3 + 44.9) / 2)
    assert table.loc["AFG", "gap_pp"] == pytest.approx(44.9 - 42.3)
    assert table.loc["NIU", "both_basis"] == "one sex only"
    assert region_of("ARG") == "Latin America and the Caribbean" and region_of("USA") == "Northern America"
    medians = regional_medians(table.reset_index()).set_index("region")
    lac = table[table["region"] == "Latin America and the Caribbean"]["both_pct"]
    assert medians.loc["Latin America and the Caribbean", "median_pct"] == pytest.approx(lac.median())
    assert medians.loc["Latin America and the Caribbean", "countries"] == 27


@pytest.mark.parametrize(("iso3", "indicator"), [
    ("ARG", SOWC), ("BRA", EVC), ("MEX", EVC), ("CHL", SOWC), ("PER", SOWC), ("URY", SOWC), ("COL", EVC),
    ("PHL", SOWC), ("KEN", SOWC), ("VNM", SOWC)])
def test_each_country_of_the_issue_gets_a_value(shipped, iso3: str, indicator: str) -> None:
    found = for_factsheet(iso3, shipped["rows"], shipped["indicators"])
    assert found.indicator_id == indicator
    assert found.region_median_pct is not None and found.region_countries > 1
    assert (found.both_pct is not None) or (found.boys_pct is not None)


def test_a_country_with_no_value_says_what_was_searched(shipped) -> None:
    found = for_factsheet("AND", shipped["rows"], shipped["indicators"])
    assert found.indicator_id is None and found.searched == (SOWC, EVC)


# --- Figures and factsheets ------------------------------------------------------------------------------------------

def test_world_map_data_bins_and_states_its_finding(shipped) -> None:
    from analysis.figures.global_bullying import map_alt, map_caption, map_data

    frames = {"bullying_global": shipped["rows"], "indicators": shipped["indicators"]}
    data = map_data(frames).set_index("area")
    valued = data[data["both_pct"].notna()]
    assert len(valued) == 130 and int(valued["un_member"].sum()) == 125  # Niue (boys only) is not mapped
    assert data.loc["KEN", "status"] == "50+" and data.loc["AFG", "status"] == "40-50"  # 57.0 and 43.6
    assert data.loc["BRA", "status"] == "no data"  # not in SOWC's table; EVC is another measure, never on this map
    assert data.loc["NIU", "status"] == "no data" and data.loc["NIU", "boys_pct"] == 38.2
    assert (valued["source_id"] == sowc.SOURCE_ID).all()
    with language("en"):
        caption, alt = map_caption(data.reset_index()), map_alt(data.reset_index())
    assert "In 81 of 130 countries and areas with a value, at least a quarter" in caption
    assert "in 45 at least a third; the median is 27.5%" in caption
    assert "50% or more 12" in alt and "Highest: Egypt 69.9%" in alt and "Lowest: Tajikistan 7.1%" in alt


def test_latin_america_dot_plot_has_the_region_only_and_names_who_is_missing(shipped) -> None:
    from analysis.figures.global_bullying import lac_caption, lac_data

    frames = {"bullying_global": shipped["rows"], "indicators": shipped["indicators"]}
    data = lac_data(frames)
    assert len(data) == 27 and set(data["region"]) == {"Latin America and the Caribbean"}
    assert data.iloc[-1]["area"] == "PER" and data.iloc[0]["area"] == "HND"  # highest drawn at the top
    assert data["region_median_pct"].iloc[0] == pytest.approx(24.5)
    assert {"BRA", "MEX", "COL"} <= set(data["members_without_value"].iloc[0].split())
    with language("en"):
        caption = lac_caption(data)
    assert "Girls' share is higher in 9 and boys' in 18" in caption


@pytest.mark.parametrize(("iso3", "lang", "expected"), [
    ("PHL", "en", "girls 49.3%; boys 53.3%; median of Asia"),
    ("BRA", "pt", "ambos os sexos 31,6"),
    ("AND", "en", "no value for this country in UNICEF's State of the World's Children 2023 (table 15) or in the "
                  "Ending Violence in Childhood 2017 data; both were searched."),
])
def test_factsheet_shows_the_value_beside_the_region_or_says_what_was_searched(iso3: str, lang: str,
                                                                                expected: str) -> None:
    from analysis.factsheet import draw_factsheet, factsheet_data, load_frames

    frames = load_frames(Catalog())
    with language(lang):
        pages = draw_factsheet(factsheet_data(iso3, frames), frames["sources"], frames["indicators"],
                               frames["count_series"], draw=False)
    text = " ".join(" ".join(page.texts) for page in pages).replace("\u00a0", " ")
    assert expected.replace("\u00a0", " ") in text


@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
def test_map_bins_stay_distinguishable_under_colour_vision_deficiencies(deficiency: str) -> None:
    import itertools

    from colorspacious import deltaE

    from analysis.figures.global_bullying import BIN_COLOURS
    from tests.test_accessibility import MIN_DELTA_E, simulate

    for a, b in itertools.combinations(BIN_COLOURS.values(), 2):
        assert deltaE(simulate(a, deficiency), simulate(b, deficiency), input_space="sRGB1") >= MIN_DELTA_E, (a, b)


def test_map_prints_the_caveat_and_names_unicef_in_its_source_line(shipped) -> None:
    from analysis.figures.global_bullying import map_data, map_note
    from analysis.render import cited_sources, source_line

    data = map_data({"bullying_global": shipped["rows"], "indicators": shipped["indicators"]})
    with language("en"):
        note, line = map_note(data), source_line(cited_sources(data, shipped["sources"]), "bullying-world-map")
    assert "mixes school surveys (GSHS asks about the past 30 days, HBSC about the past couple of months)" in note
    assert "One sex only, not mapped: Niue." in note
    assert line.startswith("Source: UNICEF, SOWC 2023 statistical tables.")
