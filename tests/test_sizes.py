"""Output sizes: exact pixel dimensions, and no text too small, cut off or overlapping at any size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import paths
from analysis.catalog import Catalog
from analysis.figures.registry import ALL_SIZES, Recipe, all_recipes, register
from analysis.i18n import language
from analysis.plotting.layout import SIZES, house_style, page
from analysis.plotting.legibility import IllegibleFigureError, require_legible, text_problems
from analysis.render import draw


def test_sizes_are_the_advocates_formats() -> None:
    assert SIZES["slide"].pixels == (1920, 1080)
    assert SIZES["square"].pixels == (1080, 1080)
    assert SIZES["story"].pixels == (1080, 1920)
    assert SIZES["report"].pixels == (1400, 920)


def test_built_pngs_have_the_size_they_claim(sample_build: Path) -> None:
    import matplotlib.image as mpimg

    manifest = json.loads((sample_build / paths.MANIFEST_NAME).read_text())
    for entry in manifest["figures"]:
        for lang, outputs in entry["outputs"].items():
            for size in entry["sizes"]:
                height, width = mpimg.imread(sample_build / outputs[f"{size}.png"]["path"]).shape[:2]
                if size == "report":
                    assert width == 1400 and height >= 920, (entry["id"], lang)
                else:
                    assert (width, height) == SIZES[size].pixels, (entry["id"], size, lang)


@pytest.mark.parametrize("size", ALL_SIZES)
def test_a_figure_in_french_is_legible_at_every_size(size: str) -> None:
    with language("fr"), house_style():
        drawn = draw(all_recipes()["yrbs-bullying-trend"], Catalog(), SIZES[size])
        assert text_problems(drawn.figure, SIZES[size]) == []
        smallest = min(t.get_fontsize() for t in drawn.figure.texts)
    assert smallest * SIZES[size].dpi / 72 >= SIZES[size].min_text_px


def _figure_with(text_kw: dict, size: str = "square"):
    with house_style():
        fig, axes = page(SIZES[size], "Title", "Subtitle", "Source: test.")
        axes[0].text(**text_kw)
    return fig


def test_small_cut_off_and_overlapping_text_is_refused() -> None:
    tiny = _figure_with({"x": 0.5, "y": 0.5, "s": "tiny label", "fontsize": 4})
    with pytest.raises(IllegibleFigureError, match=r"'x' at size 'square' in 'es'.*'tiny label' is 13.3 px high, "
                                                   r"below the 22 px minimum"):
        require_legible(tiny, SIZES["square"], "x", "es")
    off = _figure_with({"x": 0.9, "y": 0.5, "s": "a label far too long to fit on a square image at all"})
    assert any("runs off the page" in p for p in text_problems(off, SIZES["square"]))
    with house_style():
        fig, axes = page(SIZES["report"], "Title", "", "Source: test.")
        axes[0].text(0.5, 0.5, "first label")
        axes[0].text(0.52, 0.5, "second label")
    assert any("'first label' and 'second label' overlap" in p for p in text_problems(fig, SIZES["report"]))


def test_text_the_font_cannot_draw_is_refused() -> None:
    """A glyph DejaVu Sans lacks (CJK) prints as an empty box: the check names the text and the characters; Greek,
    which the font has, and a formula, which mathtext sets in its own fonts, pass."""
    boxes = _figure_with({"x": 0.1, "y": 0.5, "s": "Source: e-Gov, 刑法"})
    with pytest.raises(IllegibleFigureError, match=r"'Source: e-Gov, 刑法' has characters the font cannot draw "
                                                   r"\(刑 法: empty boxes"):
        require_legible(boxes, SIZES["square"], "x", "en")
    greek = _figure_with({"x": 0.1, "y": 0.5, "s": "ΦΕΚ Α' 95/2019 and $\\alpha^2$"})
    assert not any("cannot draw" in p for p in text_problems(greek, SIZES["square"]))


def test_leaving_out_a_size_needs_a_reason() -> None:
    recipe = all_recipes()["claims-by-evidence"]
    assert recipe.sizes == ("report",) and "stat cards" in recipe.size_note
    from dataclasses import replace

    with pytest.raises(ValueError, match="say why in size_note"):
        register(replace(recipe, id="test-no-reason", sizes=("report", "story"), size_note=""))
    with pytest.raises(ValueError, match="must include 'report'"):
        register(replace(recipe, id="test-no-report", sizes=("story",), size_note="x"))
    assert isinstance(recipe, Recipe)
