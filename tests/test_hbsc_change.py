"""HBSC cyberbullying change 2017/18 to 2021/22: the figure's data against the survey rows, its finding and guard."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.catalog import Catalog
from analysis.measures import Measures, NotComparableError


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    catalog = Catalog()
    return {name: catalog.load(name, validate=False) for name in ("survey_estimates", "indicators")}


@pytest.fixture(scope="module")
def data(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    from analysis.figures.hbsc_change import change_data
    from analysis.i18n import language

    with language("en"):
        return change_data(frames)


def test_each_row_is_the_two_published_cells_of_one_country_age_and_sex(frames: dict, data: pd.DataFrame) -> None:
    est = frames["survey_estimates"]
    cells = est[(est["indicator_id"] == "hbsc_cyberbullied") & (est["age"] == "13")].set_index(["area", "sex", "year"])
    assert set(data["age"]) == {"13"} and set(data["indicator_id"]) == {"hbsc_cyberbullied"}
    for row in data.itertuples(index=False):
        assert row.value_first_pct == cells.loc[(row.area, row.sex, 2018), "value_pct"]
        assert row.value_last_pct == cells.loc[(row.area, row.sex, 2022), "value_pct"]
        assert row.change_pp == pytest.approx(row.value_last_pct - row.value_first_pct)
    # Poland, girls aged 13: 20% in the 2018 export and 28% in the 2022 export
    poland = data[(data["area"] == "POL") & (data["sex"] == "female")].iloc[0]
    assert (poland.value_first_pct, poland.value_last_pct) == (20, 28)


def test_only_areas_with_both_cycles_and_both_sexes(frames: dict, data: pd.DataFrame) -> None:
    est = frames["survey_estimates"]
    hbsc = est[(est["indicator_id"] == "hbsc_cyberbullied") & (est["area"] != "average") & (est["age"] == "13")]
    both = set(hbsc[hbsc["year"] == 2018]["area"]) & set(hbsc[hbsc["year"] == 2022]["area"])
    assert set(data["area"]) == both and data["area"].nunique() == 41
    assert {"RUS", "TUR", "UKR", "AZE"}.isdisjoint(data["area"])  # in one cycle only
    assert (data.groupby("area")["sex"].nunique() == 2).all()


def test_title_finding_and_caption_counts_come_from_the_data(data: pd.DataFrame) -> None:
    from analysis.figures.hbsc_change import change_alt, change_caption, tally
    from analysis.figures.registry import all_recipes
    from analysis.i18n import language

    girls, boys = tally(data, "female"), tally(data, "male")
    areas = data["area"].nunique()
    assert sum(girls.values()) == sum(boys.values()) == areas
    with language("en"):
        caption, alt = change_caption(data), change_alt(data)
        title = all_recipes()["hbsc-cyberbullying-change"].title_for(data)
    assert title == (f"At 13, cyberbullying was higher in 2021/22 than in 2017/18 in {girls['up']} of {areas} "
                     f"countries and regions for girls, {boys['up']} for boys")
    assert f"Higher in 2021/22: girls in {girls['up']}, boys in {boys['up']}" in caption
    assert "so no change is tested" in caption
    assert "Poland: girls 20% to 28%" in alt


def test_guard_refuses_a_change_across_measures_or_ages(frames: dict) -> None:
    measures = Measures(frames["indicators"])
    est = frames["survey_estimates"]
    hbsc = est[(est["indicator_id"] == "hbsc_cyberbullied") & (est["area"] == "POL") & (est["sex"] == "female")]
    with pytest.raises(NotComparableError, match="age differs"):
        measures.require_comparable_estimates(hbsc[hbsc["age"].isin(["11", "15"])], purpose="one change chart",
                                              uniform=("age", "sex"))
    with pytest.raises(NotComparableError):
        measures.require_comparable(["hbsc_cyberbullied", "dh_tfcsea_internet_users"], purpose="one change chart")


def test_figure_is_drawn_without_intervals_and_says_so(frames: dict) -> None:
    from analysis.figures.registry import all_recipes
    from analysis.i18n import language
    from analysis.plotting.layout import SIZES, house_style
    from analysis.render import draw

    recipe = all_recipes()["hbsc-cyberbullying-change"]
    assert recipe.sizes == ("report", "story") and "41" in recipe.size_note
    with language("fr"), house_style():
        drawn = draw(recipe, Catalog(), SIZES["story"])
    texts = [t.get_text() for t in drawn.figure.texts]
    assert any(t.startswith("Variations non testées") for t in texts)
    panels = [ax for ax in drawn.figure.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == ["Filles", "Garçons"]
    assert all(ax.get_xlim()[0] == 0 for ax in panels)
    assert not any(ax.containers for ax in panels)  # no error bars: nothing published to draw them from
