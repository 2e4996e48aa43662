"""How a value is known, drawn one way: precision from value_status, quoted-by-others from the sources' kind, and
the legend entries for exactly the kinds a figure draws."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.i18n import language
from analysis.plotting.layout import SIZES, house_style, page
from analysis.plotting.value_marks import GLYPHS, legend_entries, mark_precision, plot_bars, plot_points
from analysis.published_values import EXACT, LOWER, ROUNDED, UPPER, precision, quoted_by_others


@pytest.mark.parametrize(("status", "unit", "expected"), [
    ("exact", "reports", EXACT),
    ("rounded", "reports", ROUNDED),
    ("lower bound", "reports", LOWER),
    ("lower bound, rounded", "reports", LOWER),  # 'at least' says more than the rounding
    ("upper bound, rounded", "records", UPPER),
    ("rounded", "ratio (1 in N)", EXACT),  # '1 in 7' states its rounding in its form
])
def test_precision_reads_the_value_status(status: str, unit: str, expected: str) -> None:
    assert precision(status, unit) == expected


def test_a_value_is_quoted_by_others_only_when_every_source_it_names_is_a_secondary_citation() -> None:
    sources = pd.DataFrame({"source_id": ["own", "page", "blog"],
                            "kind": ["administrative count", "secondary citation", "secondary citation"]})
    ids = pd.Series(["own", "page", "page;blog", "own;page", None])
    assert quoted_by_others(ids, sources).tolist() == [False, True, True, False, False]


def _axes():  # noqa: ANN202  (a matplotlib Axes)
    return page(SIZES["report"], "t", "s", "src")[1][0]


def test_points_and_bars_are_hollow_exactly_where_quoted() -> None:
    with house_style():
        ax = _axes()
        plot_points(ax, [2010, 2011, 2012], [1, 2, 3], [False, True, False], "#0072B2")
        plot_bars(ax, [2010, 2011], [5, 6], [True, False], "#0072B2", width=0.5)
    filled, hollow = ax.get_lines()
    assert list(filled.get_xdata()) == [2010, 2012] and filled.get_markerfacecolor() == "#0072B2"
    assert list(hollow.get_xdata()) == [2011] and hollow.get_markerfacecolor() == "white"
    faces = {round(bar.get_x() + bar.get_width() / 2): bar.get_facecolor()[:3] for bar in ax.patches}
    assert faces[2010] == (1.0, 1.0, 1.0) and faces[2011] != (1.0, 1.0, 1.0)


def test_only_values_that_are_not_exact_carry_a_mark_above_them() -> None:
    with house_style():
        ax = _axes()
        mark_precision(ax, [(2019, 19.1, LOWER), (2020, 37.9, EXACT), (2021, 40.0, ROUNDED)], "#0072B2")
    assert [(t.get_text(), t.xy) for t in ax.texts] == [(GLYPHS[LOWER], (2019, 19.1)), (GLYPHS[ROUNDED], (2021, 40.0))]


def test_the_legend_names_the_kinds_drawn_and_no_other() -> None:
    with language("en"):
        assert legend_entries([False, False], [EXACT]) == ([], [])  # all read in the publisher's text: no legend
        _handles, labels = legend_entries([True, True], [EXACT])
        assert labels == ["quoted by others"]  # all hollow: the filled entry would explain nothing drawn
        _handles, labels = legend_entries([False, True], [EXACT, LOWER, ROUNDED], publisher="NCMEC")
        assert labels == ["read in NCMEC's own text", "NCMEC's figure as quoted by others", "rounded",
                          "at least (lower bound)"]
    with language("es"):
        _handles, labels = legend_entries([False], [UPPER])
        assert labels == ["como máximo (límite superior)"]
