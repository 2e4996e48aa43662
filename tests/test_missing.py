"""Missing-children and CyberTipline counts: definitions travel with the values; count trends are checked."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.catalog import Catalog
from analysis.figures.missing import ENTRIES, entries_trend, ncic_caption, ncic_data, tipline_data
from analysis.stats.counts import count_trend, year_on_year


@pytest.fixture(scope="module")
def frames() -> dict:
    catalog = Catalog()
    return {name: catalog.load(name) for name in ("counts", "count_series", "sources")}


def test_every_count_has_a_definition_and_a_source(frames: dict) -> None:
    counts, series = frames["counts"], frames["count_series"]
    assert set(counts["series_id"]) <= set(series["series_id"])
    assert counts["source_id"].isin(frames["sources"]["source_id"]).all()
    assert counts["quote"].str.len().gt(10).all()
    assert set(series["measure"]) <= {"activity", "stock", "share"}  # never 'prevalence'


@pytest.mark.parametrize("series_id", ["ncic_entries_under18", "ncic_active_under18_share", "ncic_active_all",
                                       "ncic_entries_all", "ncmec_cybertipline_reports"])
def test_us_series_cover_at_least_eight_years(frames: dict, series_id: str) -> None:
    years = frames["counts"].loc[frames["counts"]["series_id"] == series_id, "year"]
    assert years.nunique() >= 8, series_id


def test_published_values_are_kept_as_read(frames: dict) -> None:
    counts = frames["counts"].set_index(["series_id", "year"])
    assert counts.loc[("ncic_entries_under18", 2022), "value"] == 359094  # OJJDP
    assert counts.loc[("ncic_active_all", 2019), "value_status"] == "upper bound, rounded"  # 'nearly 87,500'
    # 2024 from a transcription of NCMEC's disclosure, consistent with NCMEC's own 'more than 20 million'
    assert counts.loc[("ncmec_cybertipline_reports", 2024), "value"] == 20512803
    assert "more than 20 million" in counts.loc[("ncmec_cybertipline_reports", 2024), "note"]
    # the share printed beside a count agrees with count / total where both were read
    share = counts.loc[("ncic_active_under18_share", 2017), "value"]
    ratio = counts.loc[("ncic_active_under18", 2017), "value"] / counts.loc[("ncic_active_all", 2017), "value"]
    assert round(ratio * 100, 1) == share


def test_exact_geometric_counts_give_their_ratio() -> None:
    """With an exact fit, the Poisson rate ratio is the ratio of consecutive counts."""
    trend = count_trend([2010, 2011, 2012], [1000, 1500, 2250], family="poisson")
    assert trend.rate_ratio == pytest.approx(1.5)
    assert trend.dispersion == pytest.approx(0.0, abs=1e-9)


def test_poisson_slope_matches_an_independent_irls() -> None:
    years = np.array([2014, 2015, 2016, 2017, 2018, 2019])
    counts = np.array([120, 131, 118, 150, 162, 171])
    x = np.column_stack([np.ones(len(years)), years - years.mean()])
    beta = np.array([math.log(counts.mean()), 0.0])
    for _ in range(50):  # Newton-Raphson on the Poisson log-likelihood
        mu = np.exp(x @ beta)
        beta = beta + np.linalg.solve(x.T @ (x * mu[:, None]), x.T @ (counts - mu))
    trend = count_trend(years, counts, family="poisson")
    assert math.log(trend.rate_ratio) == pytest.approx(beta[1], rel=1e-9)


def test_overdispersed_counts_get_wider_intervals_than_poisson(frames: dict) -> None:
    entries = frames["counts"][frames["counts"]["series_id"] == ENTRIES]
    poisson = count_trend(entries["year"], entries["value"], family="poisson")
    negbin = count_trend(entries["year"], entries["value"])
    assert poisson.dispersion > 100  # far from Poisson: a pure Poisson CI would be falsely narrow
    assert (negbin.ci_high - negbin.ci_low) > 10 * (poisson.ci_high - poisson.ci_low)
    assert negbin.ci_high < 1  # entries fell over 2014-2024
    assert negbin.percent_per_year == pytest.approx(-3.7, abs=0.1)


def test_count_trend_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        count_trend([2020, 2021], [1, 2])
    with pytest.raises(ValueError, match="whole numbers"):
        count_trend([2020, 2021, 2022], [1.5, 2, 3])
    with pytest.raises(ValueError, match="family"):
        count_trend([2020, 2021, 2022], [1, 2, 3], family="ols")


def test_year_on_year_leaves_gaps_empty() -> None:
    changes = dict(year_on_year([2020, 2021, 2023], [100, 110, 99]))
    assert changes[2020] is None and changes[2021] == pytest.approx(10.0) and changes[2023] is None


def test_ncic_figure_plots_definitions_and_names_its_method(frames: dict) -> None:
    data = ncic_data(frames)
    assert set(data["series_id"]) == {"ncic_entries_under18", "ncic_active_under18_share"}
    assert set(data["measure"]) == {"activity", "share"}
    from analysis.i18n import language

    with language("en"):
        caption = ncic_caption(data)
    trend = entries_trend(data)
    assert "negative binomial (NB2) regression" in caption and f"{trend.rate_ratio:.3f}" in caption
    assert "a child reported missing three times is entered three times" in caption


def test_ncic_share_line_joins_consecutive_years_only(frames: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from analysis.figures.missing import ncic_draw

    fig = Figure(figsize=(7, 4))
    ncic_draw(ncic_data(frames), [fig.add_subplot()])
    share_axes = fig.axes[-1]
    lines = [line for line in share_axes.get_lines() if line.get_linestyle() != "None"]
    runs = [[int(x) for x in line.get_xdata()] for line in lines]
    assert runs == [[2007], [2010], [2014, 2015, 2016, 2017], [2019, 2020], [2022], [2024]]
    # The points on the lines: hollow for the years read only where others quote the FBI (value_marks).
    points = [line for line in share_axes.get_lines() if line.get_linestyle() == "None"]
    hollow = {int(x) for line in points if line.get_markerfacecolor() == "white" for x in line.get_xdata()}
    share = ncic_data(frames).query("series_id == 'ncic_active_under18_share'")
    assert hollow == set(share.loc[share["quoted"], "year"]) == {2010, 2014, 2015}
    # the share panel spans its own years (2007 onwards), and every year between without a value says so
    assert share_axes.get_xlim()[0] < 2007 < 2014 < fig.axes[0].get_xlim()[0] + 1
    missing = sorted(int(round(t.get_position()[0])) for t in share_axes.texts if t.get_text() == "not found")
    assert missing == [2008, 2009, 2011, 2012, 2013, 2018, 2021, 2023]


def test_cybertipline_figure_keeps_2024_apart(frames: dict) -> None:
    data = tipline_data(frames)
    total = data[data["series_id"] == "ncmec_cybertipline_reports"]
    assert total["year"].min() == 1998 and total["year"].max() == 2025
    # Appendix A of NCMEC's CY 2023 report to Congress: 'CY1998 (1/1/98-12/31/98) 4,560', 'CY2023 ... 36,210,368';
    # the bundled years from the transcription in apparebit/diaphanous: '2024,20512803', '2025,21351493'.
    by_year = total.set_index("year")["value"]
    assert (by_year[1998], by_year[2023], by_year[2024], by_year[2025]) == (4560, 36210368, 20512803, 21351493)
    enticement = data[data["series_id"] == "ncmec_online_enticement_reports"].set_index("year")["value"]
    assert list(enticement.index) == [2019, 2020, 2021, 2022, 2023, 2024] and enticement[2022] == 80524
    statuses = data[data["series_id"] == "ncmec_online_enticement_reports"].set_index("year")["value_status"]
    assert enticement[2019] == 19100 and statuses[2019] == "lower bound, rounded"  # NCMEC: 'from 19,100+ reports'
    assert (statuses.drop(2019) == "exact").all()
    assert set(data["unit"]) == {"reports"} and set(data["measure"]) == {"activity"}


def test_cybertipline_figure_draws_a_published_bound_apart_and_says_so(frames: dict) -> None:
    from analysis.figures.missing import tipline_alt, tipline_note
    from analysis.figures.registry import all_recipes
    from analysis.plotting.layout import SIZES
    from analysis.render import draw

    drawn = draw(all_recipes()["ncmec-cybertipline"], Catalog(), SIZES["report"])
    enticement_axes = drawn.figure.axes[-1]
    labels = [t.get_text().replace("\n", " ") for t in enticement_axes.texts]
    assert "at least 19,100" in labels
    bars = {round(p.get_x() + p.get_width() / 2): p for p in enticement_axes.patches}
    assert bars[2019].get_height() == pytest.approx(19.1)
    # The bound carries the mark every figure gives a published 'at least', above its bar, and only it does.
    marks = [t for t in enticement_axes.texts if t.get_text() == "\u2265"]
    assert [round(t.xy[0]) for t in marks] == [2019] and marks[0].xy[1] == pytest.approx(19.1)
    legend = [t.get_text() for t in enticement_axes.get_legend().get_texts()]
    assert legend == ["read in the publisher's text", "quoted by others", "at least (lower bound)"]
    assert bars[2024].get_facecolor()[:3] == (1.0, 1.0, 1.0)  # 2024: read in a transcription, drawn hollow
    assert "2019: at least 19,100, 2020: 37,872" in tipline_alt(drawn.data)
    assert tipline_note(drawn.data).endswith("2019: NCMEC gives only a rounded bound ('at least'), marked \u2265.")


# --- Counts defined differently: the cross-country panel and NCMEC's trafficking ratio ---------------------------

def test_each_trafficking_ratio_keeps_its_published_words_and_denominator(frames: dict) -> None:
    from analysis.figures.missing_definitions import ratio_data

    data = ratio_data(frames).set_index(["series_id", "year"])
    endangered, runaways = "ncmec_trafficking_ratio_endangered_runaways", "ncmec_trafficking_ratio_runaways"
    assert data.loc[(endangered, 2012), "value"] == 8  # '1 out of 8 of the endangered runaways ... in 2012'
    assert data.loc[(endangered, 2012), "share"] == pytest.approx(1 / 8)
    counts = frames["counts"].set_index(["series_id", "year"])
    assert "1 out of 8 of the endangered runaways" in counts.loc[(endangered, 2012), "quote"]
    assert "runaways reported to NCMEC in 2019, 1 in 6" in counts.loc[(runaways, 2019), "quote"]
    assert (data["value_status"] == "rounded").all()
    definitions = frames["count_series"].set_index("series_id")
    assert definitions.loc[endangered, "comparability_group"] != definitions.loc[runaways, "comparability_group"]
    assert "Not a prevalence" in definitions.loc[endangered, "definition"]


def test_ratio_figure_never_joins_points_and_names_the_missing_years(frames: dict) -> None:
    from analysis.figures.missing_definitions import ratio_caption, ratio_data
    from analysis.figures.registry import all_recipes
    from analysis.plotting.layout import SIZES
    from analysis.render import draw

    drawn = draw(all_recipes()["ncmec-trafficking-ratio"], Catalog(), SIZES["report"])
    # One panel per group of children, each with its own points and labels.
    panels = drawn.figure.axes
    assert len(panels) == 2
    assert panels[1].get_title(loc="left") == "Of runaways (or children who ran away) reported to NCMEC"
    for ax, series in zip(panels, ("ncmec_trafficking_ratio_endangered_runaways", "ncmec_trafficking_ratio_runaways"),
                          strict=True):
        values = drawn.data.loc[drawn.data["series_id"] == series, "value"]
        assert sorted(t.get_text() for t in ax.texts) == sorted(f"1 in {int(v)}" for v in values)
    lines = [line for ax in panels for line in ax.get_lines() if len(line.get_xdata())]
    assert all(line.get_linestyle() == "None" for line in lines)
    # Filled markers: read in NCMEC's own text; hollow: read only where others quote NCMEC.
    hollow = sorted(int(round(x)) for line in lines if line.get_markerfacecolor() == "white" for x in line.get_xdata())
    kinds = frames["sources"].set_index("source_id")["kind"]
    quoted = drawn.data[drawn.data["source_id"].map(kinds) == "secondary citation"]
    assert hollow == sorted(quoted["year"]) == [2013, 2014, 2015, 2016, 2017, 2018, 2020]
    caption = ratio_caption(ratio_data(frames))
    assert "Hollow points (2013, 2014, 2015, 2016, 2017, 2018, 2020) were read only where others quote NCMEC" in caption
    assert caption.endswith("Years without a text read: 2021, 2023.")


def test_national_counts_get_one_panel_each_on_its_own_scale(frames: dict) -> None:
    from analysis.figures.registry import all_recipes
    from analysis.plotting.layout import SIZES
    from analysis.render import draw

    drawn = draw(all_recipes()["missing-children-definitions"], Catalog(), SIZES["report"])
    us, canada, *others = drawn.figure.axes
    assert len(others) == 3  # England and Wales, Argentina, Australia (tests/test_missing_world.py)
    assert us.get_ylim()[0] == 0 and canada.get_ylim()[0] == 0
    assert us.get_ylim()[1] > 5 * canada.get_ylim()[1]  # no shared axis: each count on its own scale
    assert "USA" in us.get_title(loc="left") and "Canada" in canada.get_title(loc="left")
    heights = sorted(round(bar.get_height() * 1000) for bar in canada.patches)
    assert heights == sorted(drawn.data.loc[drawn.data["series_id"] == "rcmp_missing_child_reports", "value"])
    assert drawn.data.groupby("series_id")["comparability_group"].nunique().eq(1).all()
    assert drawn.data["comparability_group"].nunique() == 5  # five definitions, so five panels, never one ranking


def test_uk_activity_keeps_scopes_and_series_breaks_apart(frames: dict) -> None:
    from matplotlib.colors import to_hex

    from analysis.figures.registry import all_recipes
    from analysis.plotting.layout import SIZES
    from analysis.render import draw

    counts = frames["counts"].set_index(["series_id", "year"])
    assert counts.loc[("iwf_reports_assessed", 2021), "value"] == 361062  # text, not the transposed tile 361,026
    assert counts.loc[("iwf_reports_confirmed", 2019), "value_status"] == "rounded"  # preliminary, asterisked
    assert counts.loc[("nspcc_sexual_communication_ew", 2018), "value_status"] == "lower bound"  # 'at least 4,373'
    drawn = draw(all_recipes()["uk-online-abuse-activity"], Catalog(), SIZES["report"])
    iwf_ax, offences_ax = drawn.figure.axes
    assert not offences_ax.get_lines()  # bars only: the two scopes are never joined by a line
    colours = {to_hex(bar.get_edgecolor()) for bar in offences_ax.patches}
    assert len(colours) == 2
    # The NSPCC's totals were read in its news pages, not the police's returns: hollow, one 'at least' marked.
    assert {to_hex(bar.get_facecolor()) for bar in offences_ax.patches} == {"#ffffff"}
    assert [round(t.xy[0]) for t in offences_ax.texts if t.get_text() == "\u2265"] == [2018]
    assert sorted(round(t.xy[0]) for t in iwf_ax.texts if t.get_text() == "\u2248") == [2019, 2019]  # preliminary
    assert [line.get_xdata()[0] for line in iwf_ax.get_lines()] == [2013.5]  # proactive searching from April 2014
    assert "2016" not in {str(int(x)) for x in drawn.data.loc[drawn.data["series_id"] == "iwf_reports_assessed",
                                                              "year"]}
    assert any(text.get_text() == "not found" for text in iwf_ax.texts)
