"""CyberTipline reports per 100,000 inhabitants: the world map of 2023 and Latin America and the Caribbean by year."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.catalog import Catalog
from analysis.figures import cybertipline_rates as ct


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return Catalog().load_many([ct.RESOURCE, "population"])


def test_the_rate_is_the_country_reports_over_its_population_that_year(frames: dict) -> None:
    data = ct.map_data(frames).set_index("area")
    # Argentina 2023: 134,880 reports (transcribed NCMEC table); 45,538,401 inhabitants (World Bank, 2023).
    assert data.loc["ARG", "rate_per_100k"] == pytest.approx(134880 / 45538401 * 100_000)
    assert data.loc["ARG", "rate_class"] == 2  # 150 to 300
    assert data.loc["ARG", "source_id"] == "diaphanous_ncmec_reports_by_country;worldbank_sp_pop_totl"
    assert data.loc["XKX", "shape"] == "Kosovo" and data.loc["XKX", "rate_per_100k"] > 0  # drawn on its shape
    assert data.loc["TWN", "no_population"] and pd.isna(data.loc["TWN", "rate_class"])  # reports, no population
    rated = data.dropna(subset=["rate_per_100k"])
    assert len(rated) == 216 and sum(ct._class_counts(data.reset_index())) == len(rated)


def test_classes_include_their_lower_bound() -> None:
    assert [ct.rate_class(r) for r in (0, 49.9, 50, 149.9, 150, 1199.9, 1200, 5000)] == [0, 0, 1, 1, 2, 4, 5, 5]


def test_the_titles_state_what_the_data_show_and_follow_them(frames: dict) -> None:
    from analysis.i18n import language

    data = ct.map_data(frames)
    median = round(data["rate_per_100k"].dropna().median())
    lac = ct.lac_data(frames)
    up, both = ct.rose(lac)
    quartered = dict(frames)
    quartered[ct.RESOURCE] = frames[ct.RESOURCE].assign(reports=frames[ct.RESOURCE]["reports"] // 4)
    lower = round(ct.map_data(quartered)["rate_per_100k"].dropna().median())
    with language("en"):
        assert f"had {median:,} CyberTipline reports per 100,000" in ct.map_finding(data)
        assert f"rose in {up} of {both} countries and territories" in ct.lac_finding(lac)
        # Fewer reports: the title says the new median instead of refusing to build or stating the old one.
        assert lower < median and f"had {lower:,} CyberTipline" in ct.map_finding(ct.map_data(quartered))


def test_latin_america_keeps_2024_apart_and_adds_its_two_kinds(frames: dict) -> None:
    data = ct.lac_data(frames).set_index(["area", "year"])
    assert set(ct.lac_codes()) >= set(data.index.get_level_values("area"))
    assert "USA" not in data.index.get_level_values("area") and "COL" in data.index.get_level_values("area")
    argentina = data.loc[("ARG", 2024)]
    # 2024: 122,339 referrals + 15,119 informational reports (transcription), 45,696,159 inhabitants.
    assert argentina["count"] == 122339 + 15119 and argentina["report_kind"] == "referral+informational"
    assert argentina["rate_per_100k"] == pytest.approx((122339 + 15119) / 45696159 * 100_000)
    assert argentina["after_break"] and not data.loc[("ARG", 2023), "after_break"]
    one_kind = frames[ct.RESOURCE][(frames[ct.RESOURCE]["iso3"] == "LIE") & (frames[ct.RESOURCE]["year"] == 2024)]
    assert set(one_kind["report_kind"]) == {"referral"}  # only one kind listed: no total is made
    assert ct.report_rows(frames, range(2024, 2025)).query("area == 'LIE'").empty


def test_the_figures_carry_the_caveat_and_draw_2024_outlined() -> None:
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    from analysis.figures.registry import all_recipes
    from analysis.i18n import language
    from analysis.plotting.layout import SIZES
    from analysis.render import draw

    with language("en"):
        drawn = draw(all_recipes()["cybertipline-rate-map"], Catalog(), SIZES["report"])
        texts = [t.get_text() for t in drawn.figure.findobj(lambda o: hasattr(o, "get_text"))]
        assert any("Reports are not prevalence: they count platform reports geolocated to the country." in t
                   for t in texts)
        assert "imply no opinion on the legal status" in " ".join(texts)  # the note may wrap inside the phrase
        legend = drawn.figure.axes[1].get_legend()  # [0] the map, [1] its key numbers and legend
        labels = [t.get_text() for t in legend.get_texts()]
        assert labels[0].startswith("1,200 or more (") and labels[-2].startswith("under 50 (")
        lac = draw(all_recipes()["cybertipline-rate-latin-america"], Catalog(), SIZES["report"])
        cells = [p for p in lac.figure.axes[0].patches if isinstance(p, Rectangle)]
        outlined = [p for p in cells if to_hex(p.get_facecolor()) == "#ffffff"]
        assert len(outlined) == int(lac.data["after_break"].sum())  # every 2024 cell, and only those
        ticks = [t.get_text() for t in lac.figure.axes[0].get_xticklabels()]
        assert ticks == [str(y) for y in range(2019, 2025)]
