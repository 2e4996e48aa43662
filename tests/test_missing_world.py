"""Missing-children counts beyond the US and Canada: each with its own definition, panel and factsheet line."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.catalog import Catalog

NEW_SERIES = ("rnipme_missing_child_searches", "nca_missing_child_incidents_ew", "nmpcc_missing_person_reports_all")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return Catalog().load_many(["counts", "count_series", "sources"])


def test_values_are_the_numbers_read_with_their_words(frames: dict) -> None:
    counts = frames["counts"].set_index(["series_id", "year"])
    # Argentina: the Chief of Cabinet's report to the Senate (15 May 2024), quoted in El Día.
    assert counts.loc[("rnipme_missing_child_searches", 2022), "value"] == 1935
    assert "1.935 búsquedas de paradero" in counts.loc[("rnipme_missing_child_searches", 2022), "quote"]
    assert counts.loc[("rnipme_missing_child_searches", 2023), "value"] == 3115
    assert "3.115 búsquedas" in counts.loc[("rnipme_missing_child_searches", 2023), "quote"]
    # England and Wales, 2016/17: a Home Office answer (HL6802) quoting the NCA.
    ew = counts.loc[("nca_missing_child_incidents_ew", 2016)]
    assert (ew["value"], ew["area"], ew["value_status"]) == (179953, "GB-EAW", "exact")
    assert "179,953 missing children incidents recorded by the police in England and Wales" in ew["quote"]
    # Australia: rounded 'more than' figures, all ages.
    for year, value in ((2021, 53000), (2023, 56000)):
        row = counts.loc[("nmpcc_missing_person_reports_all", year)]
        assert (row["value"], row["value_status"]) == (value, "lower bound, rounded")
        assert f"{value:,}" in row["quote"]


def test_each_series_has_its_own_definition_and_group(frames: dict) -> None:
    series = frames["count_series"].set_index("series_id")
    groups = series.loc[[*NEW_SERIES, "ncic_entries_under18", "rcmp_missing_child_reports"], "comparability_group"]
    assert groups.is_unique  # no two of these may share an axis or a ranking
    assert series.loc["rnipme_missing_child_searches", "unit"] == "cases"
    assert series.loc["nca_missing_child_incidents_ew", "period"].startswith("financial year")
    assert series.loc["nca_missing_child_incidents_ew", "area"] == "GB-EAW"
    assert "not individual children" in series.loc["nca_missing_child_incidents_ew", "definition"]
    assert series.loc["nmpcc_missing_person_reports_all", "age_group"] == "all ages"
    assert "No count of reports about under-18s" in series.loc["nmpcc_missing_person_reports_all", "definition"]
    sources = frames["sources"].set_index("source_id")
    used = frames["counts"][frames["counts"]["series_id"].isin(NEW_SERIES)]["source_id"]
    kinds = {s: sources.loc[s, "kind"] for s in used}
    assert kinds["afp_nmpcc_missing_persons_2023"] == "administrative count"  # the NMPCC's own page
    assert {kinds[s] for s in kinds if s != "afp_nmpcc_missing_persons_2023"} == {"secondary citation"}


def test_the_definitions_figure_draws_one_panel_per_definition() -> None:
    from matplotlib.colors import to_hex

    from analysis.figures.missing_definitions import national_alt
    from analysis.figures.registry import all_recipes
    from analysis.i18n import language
    from analysis.plotting import palette
    from analysis.plotting.layout import SIZES
    from analysis.render import draw

    drawn = draw(all_recipes()["missing-children-definitions"], Catalog(), SIZES["report"])
    axes = drawn.figure.axes
    assert len(axes) == drawn.data["comparability_group"].nunique() == 5
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in axes]
    assert [t.split(",")[0] for t in titles] == ["USA", "Canada", "England and Wales", "Argentina", "Australia"]
    ew, argentina, australia = axes[2:]
    assert [t.get_text() for t in ew.get_xticklabels()] == ["2016/17"]  # a financial year, labelled as one
    assert sorted(round(b.get_height() * 1000) for b in argentina.patches) == [1935, 3115]
    # 2021 read where a newspaper quotes the AFP (hollow), 2023 in the AFP's own page; both 'more than' (marked).
    faces = {round(b.get_x() + b.get_width() / 2): to_hex(b.get_facecolor()) for b in australia.patches}
    assert faces == {2021: "#ffffff", 2023: palette.BLUE.lower()}
    assert [round(t.xy[0]) for t in australia.texts if t.get_text() == "\u2265"] == [2021, 2023]
    assert [t.get_text() for t in australia.texts if "at least" in t.get_text()] == ["at least\n53,000",
                                                                                  "at least\n56,000"]
    with language("en"):
        alt = national_alt(drawn.data)
    assert "England and Wales, NCA: incidents recorded by police, under 18 (every incident counts): 2016/17: " \
           "179,953." in alt
    assert "2021: at least 53,000, 2023: at least 56,000" in alt


def test_each_country_factsheet_shows_its_own_series() -> None:
    from analysis.factsheet import factsheet_data, load_frames

    frames = load_frames(Catalog())
    assert "rnipme_missing_child_searches" in factsheet_data("ARG", frames).counts
    assert "nca_missing_child_incidents_ew" in factsheet_data("GBR", frames).counts  # England and Wales is part of it
    assert "nmpcc_missing_person_reports_all" in factsheet_data("AUS", frames).counts
    assert not set(NEW_SERIES) & set(factsheet_data("USA", frames).counts)
