"""The check that reads what was drawn: tick labels that misstate their ticks, labels that run together, and
series hidden under one another are refused; honest figures pass."""

from __future__ import annotations

import pytest

from analysis.plotting.axis_check import (
    AxisCheckError,
    crowded_label_problems,
    hidden_series_problems,
    label_matches,
    parse_tick_label,
    require_truthful_axes,
    tick_label_problems,
)


def figure(width: float = 6.0, height: float = 3.0, dpi: int = 100):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=dpi)
    return fig, fig.add_subplot()


def drawn(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    return fig


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("+12", "en", (12.0, 0)), ("\u221212.5", "en", (-12.5, 1)), ("12,5", "fr", (12.5, 1)),
    ("1,234", "en", (1234.0, 0)), ("1\u202f234", "fr", (1234.0, 0)), ("20\u00a0%", "fr", (20.0, 0)),
    ("5k", "en", (5000.0, 0)), ("$\\mathdefault{10^{4}}$", "en", (10000.0, 0)), ("Spain", "en", None),
    ("2011", "en", (2011.0, 0)),
])
def test_labels_are_read_as_their_language_writes_numbers(text: str, lang: str, expected) -> None:
    assert parse_tick_label(text, lang) == expected


def test_a_label_must_state_its_tick_to_its_precision() -> None:
    assert label_matches(12.0, 0, 12.0) and label_matches(12.5, 1, 12.5) and label_matches(20.0, 0, 0.2)
    assert not label_matches(12.0, 0, 12.5), "a tick at 12.5 labelled 12 reads as 12"
    assert not label_matches(2.0, 0, 2.5) and not label_matches(3.0, 0, 2.5)


def test_a_planted_wrong_tick_label_is_refused() -> None:
    """The bug once published: ticks every 2.5 points labelled with no decimals ('+2', '+8', '+12')."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    fig, ax = figure()
    ax.plot([2011, 2021], [0, 14])
    ax.yaxis.set_major_locator(MultipleLocator(2.5))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:+.0f}"))
    problems = tick_label_problems(drawn(fig), "en")
    assert "axes 1, y axis: the tick at 2.5 is labelled '+2'" in problems
    assert "axes 1, y axis: the tick at 12.5 is labelled '+12'" in problems
    with pytest.raises(AxisCheckError, match="'yrbs' at size 'report' in 'en' would mislead"):
        require_truthful_axes(fig, "yrbs", "report", "en")
    ax.yaxis.set_major_locator(MultipleLocator(5))
    assert tick_label_problems(drawn(fig), "en") == []


def test_ticks_rounded_to_the_same_label_are_refused() -> None:
    """A factsheet once drew 4 to 50 reports a year on an axis in thousands: every tick read '0'."""
    from matplotlib.ticker import FuncFormatter

    fig, ax = figure()
    ax.bar([2019, 2020, 2021], [0.004, 0.05, 0.017])
    ax.set_ylim(0, 0.06)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))
    problems = tick_label_problems(drawn(fig), "en")
    assert "axes 1, y axis: the ticks at 0 and 0.01 are both labelled '0'" in problems
    ax.set_ylim(0, 60)
    assert tick_label_problems(drawn(fig), "en") == []


def test_categories_and_dates_on_a_numeric_axis_are_not_read_as_values() -> None:
    from matplotlib.ticker import FuncFormatter

    fig, ax = figure()
    ax.bar(range(6), [1, 2, 3, 4, 5, 6])
    ax.set_xticks(range(6))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: str(2019 + int(v))))
    assert tick_label_problems(drawn(fig), "en") == []


def test_labels_that_run_together_are_refused() -> None:
    fig, ax = figure(width=2.2)
    ax.plot(range(2011, 2025), range(14))
    ax.set_xticks(range(2011, 2025, 2))
    assert any("run together" in p for p in crowded_label_problems(drawn(fig)))
    fig, ax = figure(width=8)
    ax.plot(range(2011, 2025), range(14))
    ax.set_xticks(range(2011, 2025, 2))
    assert crowded_label_problems(drawn(fig)) == []


def test_a_series_hidden_under_another_is_refused() -> None:
    fig, ax = figure()
    ax.plot([11, 13, 15], [10, 20, 30], label="Boys")
    ax.plot([11, 13, 15], [10, 20, 30], label="Girls")  # the same line drawn on top: Boys disappears
    assert hidden_series_problems(drawn(fig)) == [
        "axes 1: the series 'Boys' is hidden under another at 3 of its 3 points"]
    fig, ax = figure()
    ax.plot([11, 13, 15], [10, 20, 30], "D", markersize=5, label="Boys")
    girls = ax.plot([11, 13, 15], [10, 25, 30], "D", markersize=5, label="Girls")[0]  # covers Boys at 11, 15
    assert hidden_series_problems(drawn(fig)) == [
        "axes 1: the series 'Boys' is hidden under another at 2 of its 3 points"]
    girls.set_marker("o")  # rings over the diamonds, as the HBSC figure draws them: both can be seen
    girls.set_markerfacecolor("none")
    girls.set_markersize(7)
    assert hidden_series_problems(drawn(fig)) == []
