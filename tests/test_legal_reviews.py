"""ICMEC's review counts: kept as published, each against its edition's base, and drawn without joining editions."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.catalog import Catalog
from analysis.figures.legal_reviews import no_law_alt, no_law_caption, no_law_data
from tests.conftest import read_rows, write_rows


@pytest.fixture(scope="module")
def frames() -> dict:
    catalog = Catalog()
    return {name: catalog.load(name) for name in ("legal_reviews", "sources")}


def test_counts_are_kept_as_icmec_published_them(frames: dict) -> None:
    reviews = frames["legal_reviews"].set_index(["review_id", "edition", "measure"])
    # ICMEC's 2018 release: '95 countries had no legislation ... and now that number is down to 16'
    assert reviews.loc[("icmec_csam", "1st", "no specific legislation"), "count"] == 95
    assert reviews.loc[("icmec_csam", "9th", "no specific legislation"), "count"] == 16
    assert "now that number is down to 16" in reviews.loc[("icmec_csam", "9th", "no specific legislation"), "quote"]
    # the 1st edition reviewed Interpol's 184 members; the 6th and later 196 countries
    assert reviews.loc[("icmec_csam", "1st", "countries reviewed"), "count"] == 184
    assert reviews.loc[("icmec_csam", "6th", "countries reviewed"), "count"] == 196


def test_every_count_carries_its_editions_number_of_countries_reviewed(frames: dict) -> None:
    reviews = frames["legal_reviews"]
    reviewed = reviews[reviews["measure"] == "countries reviewed"].set_index(["review_id", "edition"])["count"]
    for row in reviews.itertuples():
        assert row.countries_reviewed == reviewed[(row.review_id, row.edition)], (row.edition, row.measure)
        assert row.count <= row.countries_reviewed


def test_grooming_review_has_no_country_counts_until_they_are_read(frames: dict) -> None:
    grooming = frames["legal_reviews"].query("review_id == 'icmec_grooming'")
    assert list(grooming["measure"]) == ["countries reviewed"]
    assert "not found" in grooming["note"].iloc[0]


def test_a_count_above_the_countries_reviewed_is_refused(package_copy: Path) -> None:
    path = package_copy.parent / "legal_reviews.csv"
    header, rows = read_rows(path)
    rows[1]["count"] = "200"
    write_rows(path, header, rows)
    text = "\n".join(str(p) for p in Catalog(package_copy).validate())
    assert "legal_reviews.csv, row 3, column 'count'" in text
    assert "200 is more than the 184 in 'countries_reviewed'" in text


def test_shares_divide_each_count_by_its_own_editions_base(frames: dict) -> None:
    data = no_law_data(frames).set_index("year")
    assert data.loc[2006, "share_pct"] == pytest.approx(95 / 184 * 100)
    assert data.loc[2018, "share_pct"] == pytest.approx(16 / 196 * 100)
    assert data["share_pct"].is_monotonic_decreasing  # ICMEC's counts fall at every edition read
    kinds = frames["sources"].set_index("source_id")["kind"]
    assert list(data.index[data["quoted"]]) == [2008, 2009, 2010, 2012, 2016]
    assert (kinds[data.loc[~data["quoted"], "source_id"]] == "legal text").all()


def test_figure_draws_each_edition_apart_with_its_count_and_base(frames: dict) -> None:
    from analysis.figures.registry import all_recipes
    from analysis.plotting.layout import SIZES, house_style
    from analysis.render import draw

    with house_style():
        drawn = draw(all_recipes()["icmec-csam-law-reviews"], Catalog(), SIZES["report"])
    ax = drawn.figure.axes[0]
    labels = sorted(t.get_text().replace("\n", " ") for t in ax.texts)
    assert labels == sorted(f"{r.count} of {r.countries_reviewed}" for r in drawn.data.itertuples())
    assert "95 of 184" in labels and "16 of 196" in labels
    lines = [line for line in ax.get_lines() if len(line.get_xdata())]
    assert all(line.get_linestyle() == "None" for line in lines)  # editions years apart are never joined
    hollow = sorted(int(x) for line in lines if line.get_markerfacecolor() == "white" for x in line.get_xdata())
    assert hollow == [2008, 2009, 2010, 2012, 2016]
    assert ax.get_ylim()[0] == 0
    assert set(drawn.data["measure"]) == {"no specific legislation"}  # 'sufficient' changed meaning: not drawn
    caption = no_law_caption(drawn.data)
    assert "Hollow points (2008, 2009, 2010, 2012, 2016)" in caption and "'sufficient'" in caption
    assert "2006: 95 of 184 (52%); 2007: 95 of 186 (51%); 2008: 93 of 187 (50%) (as quoted by others)" in \
        no_law_alt(drawn.data)
