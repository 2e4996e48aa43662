"""CyberTipline reports by country: the transcription's parser, the shipped values, their checks and the guard."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis import cli, paths
from analysis.catalog import Catalog
from analysis.factsheet import factsheet_data, load_frames, prepare_factsheet
from analysis.factsheet_reports import country_reports, reports_line
from analysis.i18n import language
from analysis.measures import NotComparableError, comparable_runs, require_reports_apart
from analysis.upstreams import cybertipline_countries as ct
from analysis.upstreams.base import UpstreamFormatError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "upstreams"
EXTRACT = FIXTURES / "ncmec-by-country-extract.csv"
COLUMNS = FIXTURES / "ncmec-by-country-columns.csv"
CHECKS = paths.CURATION / "cybertipline_countries" / "checks.csv"


@pytest.fixture(scope="module")
def shipped():
    return Catalog().load("cybertipline_countries")


def test_parser_reads_ncmec_names_and_counts_with_commas() -> None:
    rows = ct.parse(EXTRACT.read_bytes(), "extract").set_index(["iso3", "year", "report_kind"])
    assert rows.loc[("ARG", 2019, "all"), "reports"] == 57372
    assert rows.loc[("ARG", 2024, "referral"), "reports"] == 122339
    assert rows.loc[("ARG", 2024, "informational"), "reports"] == 15119
    assert rows.loc[("USA", 2022, "all"), "reports"] == 1562616
    assert rows.loc[("ERI", 2023, "all"), "reports"] == 37  # NCMEC's spelling 'Eretria', through NAME_ALIASES
    assert rows.loc[("BES", 2020, "all"), "locator"] == "row 'Bonaire, Sint Eustatius and Saba', column 2020"
    assert not {"No Country Listed", "Europe"} & set(rows["jurisdiction"])  # not jurisdictions
    assert set(rows.reset_index()["report_kind"]) == {"all", "referral", "informational"}
    assert "not compared" in rows.loc[("USA", 2024, "referral"), "note"].lower()


def test_unmapped_names_stop_with_the_list_of_all_of_them() -> None:
    text = EXTRACT.read_text(encoding="utf-8")
    text += 'Atlantis,,1,2,3,4,5,6,7\n"Ruritania, Kingdom of",,1,2,3,4,5,6,7\n'
    with pytest.raises(UpstreamFormatError) as err:
        ct.parse(text.encode(), "edited")
    message = str(err.value)
    assert "2 jurisdiction name(s) do not map" in message and "'Atlantis'" in message and "Ruritania" in message
    assert "line 10" in message and "NAME_ALIASES" in message


def test_a_year_with_fewer_than_90_percent_of_the_jurisdictions_stops_the_refresh() -> None:
    lines = EXTRACT.read_text(encoding="utf-8").splitlines()
    # Drop the 2023 value of one of six jurisdictions: 5 of 6 (83%) is below 90% of 2022.
    edited = [lines[0], *[line.replace('"197,048",', ",") if line.startswith("Afghanistan") else line
                          for line in lines[1:]]]
    with pytest.raises(ct.IncompleteYearError, match="2023 lists 5 jurisdictions, 2022 listed 6"):
        ct.parse(("\n".join(edited) + "\n").encode(), "edited")
    with pytest.raises(UpstreamFormatError, match=r"line 3, column 2020: '76\.857' is not a count"):
        ct.parse(EXTRACT.read_text(encoding="utf-8").replace('"76,857"', "76.857").encode(), "edited")


def test_shipped_values_are_the_transcription_as_read(shipped) -> None:
    parsed = ct.parse(COLUMNS.read_bytes(), "columns").sort_values(list(ct.UPSTREAM.key)).reset_index(drop=True)
    ours = shipped.sort_values(list(ct.UPSTREAM.key)).reset_index(drop=True)
    assert len(ours) == len(parsed) == 1682
    for column in ("iso3", "jurisdiction", "year", "report_kind", "reports", "locator"):
        assert ours[column].tolist() == parsed[column].tolist(), column
    assert set(ours["source_id"]) == {ct.SOURCE_ID}
    sources = Catalog().load("sources").set_index("source_id")
    assert sources.loc[ct.SOURCE_ID, "kind"] == "secondary citation"  # a third party's transcription: tier c


def test_coverage_at_least_200_jurisdictions_and_six_years(shipped) -> None:
    assert shipped["iso3"].nunique() >= 200
    assert sorted(shipped["year"].unique()) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert set(shipped.loc[shipped["year"] == 2024, "report_kind"]) == {"referral", "informational"}
    assert set(shipped.loc[shipped["year"] < 2024, "report_kind"]) == {"all"}
    assert {"XKX", "PRI", "GUM", "HKG", "TWN", "PSE"} <= set(shipped["iso3"])  # territories keep their own codes


def test_every_recorded_check_still_holds(shipped) -> None:
    with CHECKS.open(encoding="utf-8", newline="") as handle:
        checks = list(csv.DictReader(handle))
    values = shipped.set_index(["jurisdiction", "year", "report_kind"])["reports"]
    totals = {int(c["year"]): c for c in checks if c["jurisdiction"].startswith("(sum")}
    national = [c for c in checks if c["result"] == "other measure"]  # a national authority's own count
    assert [(c["iso3"], c["year"], c["published_value"]) for c in national] == [("ARG", "2019", "10158")]
    assert all(c["result"] == "match" for c in checks if c not in totals.values() and c not in national)
    rows = [c for c in checks if c["iso3"] and c["jurisdiction"] not in ct.NOT_JURISDICTIONS and c not in national]
    assert len(rows) >= 1200
    for check in rows:
        key = (check["jurisdiction"], int(check["year"]), check["report_kind"])
        assert values[key] == int(check["transcribed"]) == int(check["published_value"]), check
    us = {int(c["year"]): int(c["published_value"]) for c in rows if c["iso3"] == "USA"}
    assert us == {2019: 521658, 2020: 494388, 2021: 716474, 2022: 1562616, 2023: 1132270}  # NCMEC's tables
    assert [totals[y]["result"] for y in range(2019, 2025)] == ["match"] * 5 + ["differs"]
    assert int(totals[2022]["published_value"]) == 32059029
    sources = Catalog().load("sources").set_index("source_id")
    assert {c["checked_source_id"] for c in checks} <= set(sources.index)


def test_fetch_from_the_recorded_columns_changes_nothing(package_copy: Path, capsys) -> None:
    assert cli.main(["--data", str(package_copy), "fetch", "ncmec-cybertipline-countries", "--from", str(COLUMNS),
                     "--dry-run"]) == 0
    assert "0 added, 0 changed, 0 removed" in capsys.readouterr().out


def test_argentina_factsheet_lists_its_reports_2019_2024_with_the_caveat() -> None:
    frames = load_frames(Catalog())
    rows = country_reports(frames, "ARG")
    assert sorted(rows["year"].unique()) == [2019, 2020, 2021, 2022, 2023, 2024]
    with language("en"):
        assert reports_line(rows).startswith("2019: 57,372; 2020: 76,857")
        assert reports_line(rows).endswith("2024: 122,339 referrals and 15,119 informational reports")
    text = " ".join(" ".join(prepare_factsheet("ARG", frames, "es")).split())
    assert "2019: 57.372" in text and "2023: 134.880" in text and "2024: 122.339 remisiones" in text
    assert "no son prevalencia" in text and "2024 rompe la serie" in text
    assert factsheet_data("ARG", frames).reports["source_id"].eq(ct.SOURCE_ID).all()
    guf = country_reports(frames, "GUF").set_index("year")  # NCMEC lists French Guiana under two names in 2020
    assert guf.loc[2020, "reports"] == 593 + 1 and guf.loc[2020, "jurisdictions"] == "French Guiana + Guiana, French"


def test_the_guard_keeps_reports_and_prevalence_off_one_axis() -> None:
    with pytest.raises(NotComparableError, match="not how many children are affected"):
        require_reports_apart({"cybertipline_reports": "reports", "hbsc_cyberbullied": "percent"}, purpose="one axis")
    require_reports_apart({"cybertipline_reports": "reports", "iwf_reports": "reports"}, purpose="one axis")


def test_the_2024_bundling_break_splits_every_series_that_crosses_it() -> None:
    from analysis.figures.registry import all_recipes
    from analysis.plotting.layout import SIZES
    from analysis.render import draw

    assert comparable_runs(range(2019, 2026)) == [[2019, 2020, 2021, 2022, 2023], [2024, 2025]]
    assert comparable_runs([2020, 2023]) == [[2020, 2023]]
    drawn = draw(all_recipes()["cybertipline-argentina"], Catalog(), SIZES["report"])
    ax = drawn.figure.axes[0]
    assert [line.get_xdata()[0] for line in ax.get_lines()] == [2023.5]  # the dotted break rule
    from matplotlib.colors import to_hex

    from analysis.plotting import palette

    apart = [bar for bar in ax.patches if to_hex(bar.get_edgecolor()) == palette.VERMILLION.lower()]
    assert {round(bar.get_x() + bar.get_width() / 2) for bar in apart} == {2024}  # 2024 drawn apart
    # Every value was read in a third party's transcription of NCMEC's tables: all hollow, and the legend says so.
    assert drawn.data["quoted"].all() and all(bar.get_facecolor()[:3] == (1.0, 1.0, 1.0) for bar in ax.patches)
    assert "NCMEC's figure as quoted by others" in [t.get_text() for t in ax.get_legend().get_texts()]
    tipline = draw(all_recipes()["ncmec-cybertipline"], Catalog(), SIZES["report"])
    left = tipline.figure.axes[0]
    assert all(max(line.get_xdata()) < 2024 or min(line.get_xdata()) >= 2024 for line in left.get_lines())
    assert "worldwide" in tipline.figure.texts[0].get_text() or any(
        "worldwide" in t.get_text() for t in tipline.figure.texts)


def test_iwf_and_inhope_series_keep_their_checks_and_both_values_where_they_differ() -> None:
    hotlines = Catalog().load("hotline_reports")
    assert set(hotlines["area"]) == {"WLD"} and set(hotlines["scope_basis"]) == {"received from anywhere"}
    iwf = hotlines[hotlines["hotline"] == "IWF"]
    inhope = hotlines[hotlines["hotline"] == "INHOPE"]
    assert sorted(iwf["year"].unique()) == list(range(2011, 2025))
    assert sorted(inhope["year"].unique()) == list(range(2018, 2025))
    with (paths.CURATION / "hotline_reports" / "iwf-inhope-checks.csv").open(encoding="utf-8") as handle:
        checks = list(csv.DictReader(handle))
    values = hotlines.set_index(["hotline", "measure", "year"])["value"]
    counts = Catalog().load("counts").set_index(["series_id", "year"])["value"]
    for check in checks:
        key = (check["hotline"], check["measure"], int(check["year"]))
        assert values[key] == int(check["transcribed"]), check
        if check["result"] == "match":
            assert int(check["published_value"]) == int(check["transcribed"]), check
    differ = {(c["measure"], int(c["year"])) for c in checks if c["result"] == "differs"}
    assert differ == {("reports confirmed as child sexual abuse imagery", year) for year in (2013, 2018, 2022)}
    # Both kept: IWF's own 2018 figure in counts.csv, the transcription's in hotline_reports, each with its source.
    assert counts[("iwf_reports_confirmed", 2018)] == 105047
    assert values[("IWF", "reports confirmed as child sexual abuse imagery", 2018)] == 105969
    assert "105,047" in hotlines.set_index(["hotline", "measure", "year"]).loc[
        ("IWF", "reports confirmed as child sexual abuse imagery", 2018), "note"]
    inhope_checked = [c for c in checks if c["hotline"] == "INHOPE"]
    assert len(inhope_checked) == 8 and all(c["result"] == "match" for c in inhope_checked)
    assert values[("INHOPE", "content URLs exchanged", 2023)] == 785322  # INHOPE, The Facts


def test_factsheets_draw_the_country_panel_with_its_2024_split() -> None:
    from dataclasses import replace

    from analysis.factsheet import PAGE, draw_factsheet
    from analysis.plotting.layout import house_style
    from analysis.plotting.legibility import text_problems

    frames = load_frames(Catalog())
    texts = prepare_factsheet("BRA", frames, "pt")
    assert {"Todas as denúncias", "Encaminhamentos", "Denúncias informativas", "2019", "2024"} <= set(texts)
    data = replace(factsheet_data("BRA", frames), reports_panel=True)
    with language("en"), house_style():
        pages = draw_factsheet(data, frames["sources"], frames["indicators"], frames["count_series"])
        for page in pages:
            assert text_problems(page, PAGE) == []
    panel = next(ax for page in pages for ax in page.axes if ax.get_ylabel() == "Reports, thousands")
    heights = sorted(round(bar.get_height() * 1000) for bar in panel.patches if bar.get_height() > 0)
    assert {398069, 432196, 437091, 611230, 567985, 517060, 76635} <= set(heights)  # 2019-2023; 2024 two parts


def test_the_reports_paragraph_moves_with_the_sources_instead_of_squeezing_page_one() -> None:
    import re

    from analysis.factsheet import render_factsheet

    frames = load_frames(Catalog())
    for iso3, lang in (("ARG", "es"), ("GRL", "en")):  # room on page 1: paragraph and panel stay there
        assert len(re.findall(rb"/Type /Page\b", render_factsheet(iso3, frames, lang))) == 1
    texts = prepare_factsheet("USA", frames, "en")
    assert "CyberTipline reports located in this country (NCMEC)" in texts
    assert any(t.startswith("2019: 521,658;") for t in texts)  # the US paragraph, wherever it goes


def test_a_country_with_few_reports_counts_them_on_its_axis_not_in_thousands() -> None:
    """Tuvalu's 4 to 50 reports a year once sat on an axis in thousands whose every tick read '0'. The bar heights
    are the CSV's reports, the axis says 'Reports', and the page passes the axis check."""
    from analysis.factsheet import draw_factsheet, render_factsheet
    from analysis.plotting.axis_check import tick_label_problems
    from analysis.plotting.layout import house_style

    frames = load_frames(Catalog())
    table = frames["cybertipline_countries"]
    own = table[table["iso3"] == "TUV"].groupby("year")["reports"].sum()
    assert own.max() < 10_000
    with language("en"), house_style():
        pages = draw_factsheet(factsheet_data("TUV", frames), frames["sources"], frames["indicators"],
                               frames["count_series"])
        for page in pages:
            page.canvas.draw()
            assert tick_label_problems(page, "en") == []
    panel = next(ax for page in pages for ax in page.axes if ax.get_ylabel() == "Reports")
    stacked: dict[int, float] = {}
    for bar in panel.patches:
        year = round(bar.get_x() + bar.get_width() / 2)
        stacked[year] = stacked.get(year, 0.0) + bar.get_height()
    assert {year: round(height) for year, height in stacked.items()} == {int(y): int(v) for y, v in own.items()}
    labels = [t.get_text() for t in panel.get_yticklabels() if t.get_text()]
    assert len(set(labels)) == len(labels) and "0" in labels
    assert render_factsheet("TUV", frames, "en").startswith(b"%PDF")  # the build's checks pass
