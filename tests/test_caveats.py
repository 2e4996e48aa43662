"""Caveats on the image: one short line above the source line, translated, inside the canvas at every size."""

from __future__ import annotations

import html
import math

import pandas as pd
import pytest

from analysis.catalog import Catalog
from analysis.figures.registry import ALL_SIZES, all_recipes
from analysis.i18n import LANGUAGES, language
from analysis.plotting.layout import CAVEAT_GID, SIZES, house_style, page
from analysis.plotting.legibility import text_problems
from analysis.render import draw, render_job, source_line

TREND = "yrbs-bullying-trend"  # offered at every size; its caveat is computed from the cycles it plots


def _unwrapped(lines: list) -> str:
    """The printed lines joined back, spaces aside (textwrap may break after a hyphen)."""
    return "".join(t.get_text() for t in lines).replace(" ", "")


def _caveat_texts(figure) -> list:
    return [t for t in figure.texts if (t.get_gid() or "").startswith(f"{CAVEAT_GID}-")]


def _source_texts(figure, line: str) -> list:
    """The text artists of the printed source line (it may be wrapped over several)."""
    return [t for t in figure.texts if t.get_text() and t.get_text() in line and t.get_gid() is None
            and t.get_position()[1] < 0.5]


@pytest.fixture(scope="module")
def trend_drawn() -> dict:
    recipe = all_recipes()[TREND]
    drawn = {}
    for size in ALL_SIZES:
        with language("es"), house_style():
            result = draw(recipe, Catalog(), SIZES[size])
            result.figure.canvas.draw()
            drawn[size] = result
    return drawn


@pytest.mark.parametrize("size", ALL_SIZES)
def test_the_caveat_is_drawn_above_the_source_line_inside_the_canvas(trend_drawn: dict, size: str) -> None:
    drawn = trend_drawn[size]
    figure = drawn.figure
    renderer = figure.canvas.get_renderer()
    with language("es"):
        expected = drawn.recipe.caveat_for(drawn.data)
        line = source_line(drawn.sources)
    assert expected.startswith("Con cautela") and "2023" in expected  # Spanish, and from the data

    caveat = _caveat_texts(figure)
    assert caveat and _unwrapped(caveat) == expected.replace(" ", "")  # wrapped, never cut
    sources = _source_texts(figure, line)
    assert sources and _unwrapped(sources) == line.replace(" ", "")

    width, height = figure.canvas.get_width_height()
    caveat_boxes = [t.get_window_extent(renderer) for t in caveat]
    for box in caveat_boxes:
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, (size, box)
    lowest_caveat = min(box.y0 for box in caveat_boxes)
    highest_source = max(t.get_window_extent(renderer).y1 for t in sources)
    assert lowest_caveat > highest_source, size  # above the source line, not on it
    axes_bottom = min(ax.get_tightbbox(renderer).y0 for ax in figure.axes)
    assert max(box.y1 for box in caveat_boxes) < axes_bottom, size  # and below the chart
    assert text_problems(figure, SIZES[size]) == []  # legible: not too small, not off the page, no overlap


def test_the_caveat_is_translated_in_every_language_for_every_figure_that_has_one() -> None:
    catalog = Catalog()
    with_caveat = 0
    for recipe in all_recipes().values():
        data = recipe.plotted_data(catalog)
        texts = {}
        for lang in LANGUAGES:
            with language(lang):
                texts[lang] = recipe.caveat_for(data)  # a missing translation raises
        if not texts["en"]:
            assert set(texts.values()) == {""}, recipe.id
            continue
        with_caveat += 1
        for lang in ("es", "pt", "fr"):
            assert texts[lang] and texts[lang] != texts["en"], (recipe.id, lang)
    assert with_caveat >= 10


def test_the_figures_the_issue_names_carry_their_caveat() -> None:
    catalog = Catalog()
    expected = {
        "hbsc-cyberbullying-sex-gap": "gaps are 1 point or less; their order may be sampling error",
        "uk-online-abuse-activity": "not abuse in the UK",
        "ncic-missing-children-rate": "2019\u20132020 break is a new census base",
        "yrbs-bullying-trend": "2023 on tablets, not paper",
        "ncmec-cybertipline": "not prevalence",
        "cybertipline-rate-map": "not prevalence",
        "cybertipline-rate-latin-america": "not prevalence",
        "cybertipline-argentina": "2024 bundling breaks the series",
    }
    recipes = all_recipes()
    with language("en"):
        for figure_id, words in expected.items():
            recipe = recipes[figure_id]
            data = recipe.plotted_data(catalog)
            caveat = recipe.caveat_for(data)
            assert words in caveat, figure_id
            assert caveat not in recipe.note_for(data), figure_id  # printed once, not again in the note


def test_a_long_caveat_wraps_between_note_and_source_at_every_size() -> None:
    caveat = "A limit the reader must not miss, " * 6
    for size in ALL_SIZES:
        with house_style():
            figure, _axes = page(SIZES[size], "Title", "Subtitle", "Source: test.", "A note.", caveat=caveat.strip())
            figure.canvas.draw()
            lines = _caveat_texts(figure)
            assert len(lines) >= 2, size
            heights = [t.get_position()[1] for t in figure.texts]
            note = next(t for t in figure.texts if t.get_text() == "A note.")
            source = next(t for t in figure.texts if t.get_text() == "Source: test.")
            assert note.get_position()[1] > max(t.get_position()[1] for t in lines) > source.get_position()[1]
            assert len(heights) == len(set(heights))  # one text per line, none on another
            assert text_problems(figure, SIZES[size]) == [], size


def test_no_caveat_draws_nothing() -> None:
    with house_style():
        figure, _axes = page(SIZES["report"], "Title", "Subtitle", "Source: test.", "A note.")
    assert _caveat_texts(figure) == []


def _gaps(low: list[float | None], high: list[float | None], gap: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"gap_pp": gap, "gap_ci_low": low, "gap_ci_high": high})


def test_the_gap_caveat_counts_intervals_that_include_zero_when_the_data_carry_them() -> None:
    from analysis.figures.cyberbullying_countries import gap_caveat

    with language("en"):
        tested = gap_caveat(_gaps([-1.0, 0.5, -3.0], [2.0, 4.0, -0.5], [0.5, 2.2, -1.7]))
        untested = gap_caveat(_gaps([math.nan] * 4, [math.nan] * 4, [1.0, -1.0, 0.0, 5.0]))
    assert tested == "1 of 3 gaps have a 95% interval that includes 0: their order may be chance."
    assert untested.startswith("No intervals published: 3 of 4 gaps are 1 point or less")


def test_the_population_break_is_found_in_the_data() -> None:
    from analysis.figures.missing import rate_caveat

    data = pd.DataFrame({"year": [2019, 2018, 2020, 2021],
                         "population_source": ["v2019", "v2019", "v2024", "v2024"]})
    with language("en"):
        assert rate_caveat(data) == "The 2019\u20132020 break is a new census base, not a missing year."
        assert rate_caveat(data.assign(population_source="v2024")) == ""


def test_the_yrbs_caveat_names_only_the_cycles_plotted() -> None:
    from analysis.figures.cyberbullying import cycle_caveat, cycle_sentences

    with language("en"):
        assert cycle_caveat(pd.DataFrame({"year": [2017, 2019]})) == ""
        only_2021 = cycle_caveat(pd.DataFrame({"year": [2019, 2021]}))
        assert "2021" in only_2021 and "2023" not in only_2021
        assert "MMWR Suppl 73(4)" in cycle_sentences(pd.DataFrame({"year": [2021, 2023]}))


def test_the_manifest_and_the_gallery_carry_the_caveat() -> None:
    from analysis.gallery import card

    recipe = all_recipes()["uk-online-abuse-activity"]
    rendered = render_job(recipe, Catalog(), SIZES["report"], "fr")
    caveat = rendered.metadata["caveat"]
    assert caveat == ("L'IWF compte des contenus évalués par sa ligne britannique, hébergés partout dans le "
                      "monde\u00a0: pas des abus au Royaume-Uni.")
    assert rendered.metadata["alt_text"].endswith(caveat)  # a screen reader hears what the image prints
    entry = {"id": recipe.id, "topic": recipe.topic, "outputs": {"fr": {}}, "text": {"fr": rendered.metadata}}
    assert f'<p class="caveat">{html.escape(caveat)}</p>' in card(entry, "fr")
    older = {"id": recipe.id, "topic": recipe.topic, "outputs": {"fr": {}},
             "text": {"fr": {k: v for k, v in rendered.metadata.items() if k != "caveat"}}}
    assert 'class="caveat"' not in card(older, "fr")  # a manifest written before caveats still renders
