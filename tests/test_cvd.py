"""Colour-vision deficiencies: every figure's legend categories stay apart under deuteranopia, protanopia and
tritanopia, unless a marker, line style, hatch or fill also tells them apart."""

from __future__ import annotations

import pytest

from analysis.catalog import Catalog
from analysis.figures.registry import all_recipes
from analysis.i18n import language
from analysis.plotting.cvd import MIN_DELTA_E, Category, categories, confusions, distance
from analysis.plotting.layout import SIZES, house_style, page
from analysis.render import draw

RED, GREEN = "#d62728", "#2ca02c"  # matplotlib's default red and green: a classic deuteranope confusion


def rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


@pytest.fixture(scope="module")
def legends() -> dict[str, list[list[Category]]]:
    """The legend categories of every figure, drawn at report size in English."""
    catalog = Catalog()
    found = {}
    with language("en"), house_style():
        for figure_id, recipe in all_recipes().items():
            found[figure_id] = categories(draw(recipe, catalog, SIZES["report"]).figure)
    return found


@pytest.mark.parametrize("figure_id", sorted(all_recipes()))
def test_figure_categories_survive_colour_vision_deficiencies(legends: dict[str, list[list[Category]]],
                                                              figure_id: str) -> None:
    problems = [problem for legend in legends[figure_id] for problem in confusions(legend)]
    assert not problems, f"{figure_id}: " + "; ".join(problems)


def test_the_check_reads_the_legends_of_most_figures(legends: dict[str, list[list[Category]]]) -> None:
    """Not vacuous: most figures have a legend of several coloured categories, and the maps' classes are read."""
    with_categories = {figure_id for figure_id, found in legends.items() if any(len(entries) > 1 for entries in found)}
    assert len(with_categories) >= 15, sorted(with_categories)
    assert {"bullying-world-map", "cybertipline-rate-map", "claims-by-evidence", "treaty-map-opsc"} <= with_categories
    bins = max(legends["bullying-world-map"], key=len)
    assert len(bins) == 6 and any(entry.shape[0][1] for entry in bins)  # five bins and the hatched 'no data'


def _legend_of(handles: list[object], labels: list[str]) -> list[Category]:
    with house_style():
        fig, axes = page(SIZES["report"], "t", "s", "src")
        axes[0].legend(handles, labels)
        return categories(fig)[0]


def test_a_planted_red_green_pair_without_other_marks_is_caught() -> None:
    from matplotlib.patches import Patch

    entries = _legend_of([Patch(color=RED), Patch(color=GREEN)], ["red", "green"])
    problems = confusions(entries)
    assert len(problems) == 1 and "deuteranomaly" in problems[0] and "'red' and 'green'" in problems[0]


def test_a_planted_pair_of_lines_in_the_same_style_is_caught() -> None:
    from matplotlib.lines import Line2D

    entries = _legend_of([Line2D([], [], color=RED, marker="o"), Line2D([], [], color=GREEN, marker="o")],
                         ["red", "green"])
    assert confusions(entries)


def test_a_hatch_a_marker_or_hollowness_tells_the_pair_apart() -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    hatched = _legend_of([Patch(color=RED), Patch(facecolor=GREEN, hatch="//")], ["red", "green"])
    marked = _legend_of([Line2D([], [], color=RED, marker="o"), Line2D([], [], color=GREEN, marker="s")],
                        ["red", "green"])
    hollow = _legend_of([Patch(color=RED), Patch(facecolor="white", edgecolor=GREEN)], ["red", "green"])
    assert not confusions(hatched) and not confusions(marked) and not confusions(hollow)


def test_the_simulation_is_what_separates_red_from_green() -> None:
    assert distance(rgb(RED), rgb(GREEN)) > 40  # far apart with normal vision ...
    assert distance(rgb(RED), rgb(GREEN), "deuteranomaly") < MIN_DELTA_E  # ... together for a deuteranope
    assert distance(rgb("#0072B2"), rgb("#D55E00"), "deuteranomaly") > 30  # Okabe-Ito blue and vermillion stay apart


def test_claim_statuses_are_told_apart_without_colour_and_only_those_that_occur_are_listed(
        legends: dict[str, list[list[Category]]]) -> None:
    from collections import Counter

    from analysis.figures.claims import STATUS_MARKS

    recipe = all_recipes()["claims-by-evidence"]
    with language("en"), house_style():
        drawn = draw(recipe, Catalog(), SIZES["report"])
    occurring = [status for status in STATUS_MARKS if status in set(drawn.data["status"])]
    (statuses,) = legends["claims-by-evidence"]
    assert [entry.label for entry in statuses] == occurring  # 'reproduced' is listed when a claim has it
    assert len({entry.shape for entry in statuses}) == len(statuses)  # no two entries differ by colour alone
    assert len(set(STATUS_MARKS.values())) == len(STATUS_MARKS)
    marks = Counter(t.get_text() for t in drawn.figure.axes[0].texts if t.get_text() in STATUS_MARKS.values())
    assert marks == Counter(STATUS_MARKS[status] for status in drawn.data["status"])  # every tile carries its mark
