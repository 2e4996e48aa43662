"""World maps: TopoJSON decoding, the equal-area projection, the shipped geometry and the treaty map's data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.catalog import Catalog
from analysis.countries import un_member_states
from analysis.figures.legal import STATUS_COLOURS
from analysis.figures.maps import map_data
from analysis.figures.registry import all_recipes
from analysis.maps.projection import equal_earth, outline, ring_area
from analysis.maps.topojson import TopologyError, features
from analysis.maps.world import world_shapes
from analysis.plotting.layout import MARGIN_IN, SIZES, house_style
from analysis.plotting.world_map import MAP_SIZES, Category, KeyNumber, map_ratio, plan
from analysis.render import draw


def test_topojson_decoding_undoes_quantization_and_delta_encoding_and_reverses_arcs() -> None:
    # Two squares sharing the edge x = 1: arc 0 is the shared edge, read backwards (~0 = -1) by the second square.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[2, 0], [0, 4]],                 # (11, 20) -> (11, 21)
                 [[2, 4], [-2, 0], [0, -4], [2, 0]],  # (11, 21) -> (10, 21) -> (10, 20) -> (11, 20)
                 [[2, 0], [2, 0], [0, 4], [-2, 0]]],  # (11, 20) -> (12, 20) -> (12, 21) -> (11, 21)
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "West"}},
            {"type": "MultiPolygon", "arcs": [[[2, -1]]], "id": "002", "properties": {"name": "East"}},
            {"type": None, "id": "003"},
        ]}},
    }
    west, east = features(topology, "countries")
    assert (west.id, west.name, east.name) == ("001", "West", "East")
    np.testing.assert_allclose(west.polygons[0][0], [[11, 20], [11, 21], [10, 21], [10, 20], [11, 20]])
    np.testing.assert_allclose(east.polygons[0][0], [[11, 20], [12, 20], [12, 21], [11, 21], [11, 20]])
    with pytest.raises(TopologyError, match="'land'"):
        features(topology, "land")


def test_equal_earth_preserves_area() -> None:
    # The whole sphere (radius 1) has area 4 pi; so must the projected outline.
    assert ring_area(outline(2001)) == pytest.approx(4 * np.pi, rel=1e-6)
    # Locally: the Jacobian determinant of (lon, lat) -> (x, y) equals cos(lat), the sphere's area element.
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(-179, 179, 50), rng.uniform(-85, 85, 50)
    h = 1e-4
    x_lon = (equal_earth(lon + h, lat)[0] - equal_earth(lon - h, lat)[0]) / np.radians(2 * h)
    y_lat = (equal_earth(lon, lat + h)[1] - equal_earth(lon, lat - h)[1]) / np.radians(2 * h)
    # y does not depend on longitude, so the determinant is x_lon * y_lat.
    assert np.allclose(equal_earth(lon + 10, lat)[1], equal_earth(lon, lat)[1])
    np.testing.assert_allclose(x_lon * y_lat, np.cos(np.radians(lat)), rtol=1e-6)


def test_shipped_geometry_covers_every_un_member_but_tuvalu() -> None:
    shapes = world_shapes()
    missing = set(un_member_states()["iso3"]) - set(shapes)
    assert missing == {"TUV"}  # not in Natural Earth 1:50m; the map's note names it
    assert "ATA" not in shapes and {"Kosovo", "Siachen Glacier"} <= set(shapes)
    # Somaliland is drawn with Somalia; Russia's Chukotka crosses 180 degrees and is drawn twice, 360 degrees apart.
    assert len(shapes["SOM"].rings) > 1
    russia_x = np.concatenate([ring[:, 0] for ring in shapes["RUS"].rings])
    edge = np.abs(outline()[:, 0]).max()
    assert russia_x.max() > 0.5 * edge and russia_x.min() < -0.9 * edge


@pytest.fixture(scope="module")
def opsc_map() -> pd.DataFrame:
    catalog = Catalog()
    return map_data({name: catalog.load(name, validate=False) for name in ("treaty_status", "population")},
                    instrument_id="opsc")


def test_map_data_gives_every_member_its_listed_status(opsc_map: pd.DataFrame) -> None:
    catalog = Catalog()
    status = catalog.load("treaty_status", validate=False)
    opsc = status[status["instrument_id"] == "opsc"].set_index("iso3")["status"]
    members = opsc_map[opsc_map["un_member"]].set_index("area")
    assert len(members) == 193
    assert (members["status"] == opsc.reindex(members.index)).all()
    # 178 parties in all, as the depositary's page states: 176 members plus the State of Palestine and the Holy See.
    assert (opsc_map["status"] == "party").sum() == 178
    assert set(opsc_map.loc[(opsc_map["status"] == "party") & ~opsc_map["un_member"], "area"]) == {"PSE", "VAT"}
    territories = opsc_map.set_index("area")
    assert territories.loc["GRL", "status"] == "no data" and pd.isna(territories.loc["GRL", "source_id"])
    assert territories.loc["TUV", "drawn_as"] == "not in the map data"
    assert territories.loc["MLT", "drawn_as"] == "shape and dot" and territories.loc["FRA", "drawn_as"] == "shape"


def test_map_draws_each_state_in_its_status_colour_with_counted_legend(opsc_map: pd.DataFrame) -> None:
    from matplotlib.colors import to_hex

    recipe = all_recipes()["treaty-map-opsc"]
    assert recipe.files == (paths.WORLD_ATLAS,) and recipe.sizes == MAP_SIZES
    drawn = draw(recipe, Catalog(), SIZES["report"])
    ax, panel = drawn.figure.axes  # the map, and its key numbers and legend
    labels = [text.get_text().replace("\n", " ") for text in panel.get_legend().get_texts()]
    counts = opsc_map[opsc_map["un_member"]]["status"].value_counts()
    assert labels[:3] == [f"Party ({counts['party']})", f"Signed, not ratified ({counts['signatory']})",
                          f"Not a party ({counts['not a party']})"]
    faces = [to_hex(patch.get_facecolor()) for patch in ax.patches[1:]]  # [0] is the sphere
    drawn_rows = opsc_map[opsc_map["drawn_as"] != "not in the map data"]
    expected = [STATUS_COLOURS[s].lower() if s != "no data" else "#ffffff" for s in drawn_rows["status"]]
    assert faces == expected
    alt = recipe.alt_text(drawn.data)
    assert "Somalia" in alt and "Tuvalu" in alt and f"{counts['party']} are parties" in alt
    assert "Tuvalu" in recipe.note_for(drawn.data)


def test_child_population_coverage_adds_up_from_the_shipped_values() -> None:
    import csv

    from analysis.coverage import MissingPopulationError, coverage_by_status

    catalog = Catalog()
    status, population = catalog.load("treaty_status"), catalog.load("population")
    table = coverage_by_status(status, population, "opsc").set_index("status")
    with (paths.DATASETS / "population.csv").open(encoding="utf-8") as handle:
        values = {row["iso3"]: int(row["value"]) for row in csv.DictReader(handle) if row["year"] == "2023"
                  and row["indicator_id"] == "SP.POP.0014.TO"}
    not_party = ["BRB", "KNA", "PLW", "PNG", "SOM", "STP", "TON", "TTO", "TUV"]
    assert table.loc["not a party", "states"] == len(not_party)
    assert table.loc["not a party", "children"] == sum(values[code] for code in not_party)
    members = un_member_states()["iso3"]
    assert table["children"].sum() == sum(values[code] for code in members)
    assert table["children_share_pct"].sum() == pytest.approx(100)
    with pytest.raises(MissingPopulationError, match="SP.POP.0014.TO value for 2023 for PNG"):
        coverage_by_status(status, population[population["iso3"] != "PNG"], "opsc")


def test_map_caption_states_the_share_of_children_in_party_states(opsc_map: pd.DataFrame) -> None:
    from analysis.figures.maps import coverage

    recipe = all_recipes()["treaty-map-opsc"]
    shares = coverage(opsc_map)
    members = opsc_map[opsc_map["un_member"]]
    assert shares["states"] == pytest.approx(100 * 176 / 193)
    expected = members.loc[members["status"] == "party", "children_0_14"].sum() / members["children_0_14"].sum()
    assert shares["children"] == pytest.approx(100 * expected)
    assert f"home to {shares['children']:.1f}% of their children aged 0-14" in recipe.caption_for(opsc_map)
    assert (opsc_map.loc[opsc_map["un_member"], "source_id"].str.contains("worldbank_wdi_0014_2023_copy")).all()


def test_lanzarote_map_says_where_its_statuses_come_from() -> None:
    import csv

    from analysis.figures.maps import coverage
    from analysis.i18n import language

    catalog = Catalog()
    recipe = all_recipes()["treaty-map-cets201"]
    data = recipe.plotted_data(catalog)
    members = data[data["un_member"]]
    assert members["status"].value_counts().to_dict() == {"not a party": 145, "party": 48}
    # Independently: the parties' share of the 2023 child population, summed from population.csv itself.
    with open(catalog.path("population"), encoding="utf-8") as handle:
        children = {r["iso3"]: float(r["value"]) for r in csv.DictReader(handle)
                    if r["year"] == "2023" and r["indicator_id"] == "SP.POP.0014.TO"}
    parties = set(members.loc[members["status"] == "party", "area"])
    everyone = set(members["area"])
    share = 100 * sum(children[c] for c in parties) / sum(children[c] for c in everyone)
    assert coverage(data)["children"] == pytest.approx(share)
    with language("en"):
        caption = recipe.caption_for(data)
    assert caption.startswith("Parties as the Council of Europe names them (all its 46 member states, the Russian "
                              "Federation and Tunisia), status at January 1, 2024. Its chart of signatures was not "
                              "read")
    assert f"Parties are {100 * 48 / 193:.1f}% of the UN member states" in caption


MAP_FIGURES = ("treaty-map-opsc", "treaty-map-cets201", "treaty-map-cets185", "bullying-world-map",
               "cybertipline-rate-map")


@pytest.mark.parametrize("size", MAP_SIZES)
@pytest.mark.parametrize("figure_id", MAP_FIGURES)
def test_every_map_fills_its_frame_with_its_key_numbers_on_the_image(figure_id: str, size: str) -> None:
    """The map spans the frame's width, or (beside its panel) the frame's height; map and panel together span the
    width; the key numbers are printed on the image."""
    from analysis.i18n import language

    recipe = all_recipes()[figure_id]
    with language("en"), house_style():
        drawn = draw(recipe, Catalog(), SIZES[size])
    fig = drawn.figure
    fig.canvas.draw()
    map_ax, panel = fig.axes
    width_in = fig.get_figwidth()
    box = map_ax.get_window_extent().transformed(fig.dpi_scale_trans.inverted())  # inches, after the aspect
    text_width = width_in - 2 * MARGIN_IN
    panel_box = panel.get_window_extent().transformed(fig.dpi_scale_trans.inverted())
    if panel_box.x0 >= box.x1 - 0.01:  # beside: the map is as tall as the room between header and footer
        assert box.width + panel_box.width >= 0.95 * text_width
        assert box.height >= 0.85 * (panel_box.height), (figure_id, size)
    else:  # under: the map spans the width
        assert box.width >= 0.88 * text_width, (figure_id, size, box.width, text_width)
    texts = [t.get_text().replace("\n", " ") for t in panel.texts]
    numbers = [t for t in panel.texts if t.get_fontsize() > 12]
    assert len(numbers) == 2 and all(t.get_text().strip() for t in numbers), texts


def test_treaty_map_key_numbers_are_the_parties_and_their_children() -> None:
    from analysis.figures.maps import coverage
    from analysis.i18n import language

    recipe = all_recipes()["treaty-map-opsc"]
    with language("en"), house_style():
        drawn = draw(recipe, Catalog(), SIZES["story"])
    panel = drawn.figure.axes[1]
    texts = [t.get_text().replace("\n", " ") for t in panel.texts]
    members = drawn.data[drawn.data["un_member"]]
    parties = int((members["status"] == "party").sum())
    assert f"{parties} of {len(members)}" in texts
    assert "UN member states are parties, status on February 3, 2026" in texts
    assert f"{coverage(drawn.data)['children']:.1f}%" in texts


def test_the_layout_puts_the_panel_beside_a_wide_frame_and_under_a_tall_one() -> None:
    categories = [Category(f"Class {i} (10)", "#336699") for i in range(4)] + [Category("No data", None)]
    numbers = [KeyNumber("176 of 193", "UN member states are parties"), KeyNumber("96.5%", "of their children")]
    wide = plan(7.4, 2.2, categories, "Legend title", numbers)
    tall = plan(3.9, 4.9, categories, "Legend title", numbers)
    assert wide.panel.beside and wide.fits and wide.map_in[1] == pytest.approx(2.2, rel=0.15)
    assert not tall.panel.beside and tall.fits and tall.map_in[0] == pytest.approx(3.9)
    assert tall.panel.scale > 1  # the tall frame's spare height goes to larger type, not to empty space
    assert wide.map_in[0] / wide.map_in[1] == pytest.approx(map_ratio())
    cramped = plan(3.9, 1.2, categories, "Legend title", numbers)
    assert not cramped.fits  # a frame too short for the map and its panel is reported, for the size to be left out
