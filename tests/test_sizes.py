"""Output sizes: exact pixel dimensions, and no text too small, cut off or overlapping at any size."""

from __future__ import annotations

import json
import re
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


SPANISH_YRBS_TITLE = ("En 2023, el 16,3\u00a0% de los estudiantes de secundaria de EE.\u00a0UU. sufrió acoso en "
                      "línea y el 19,2\u00a0%, en la escuela")


def test_a_title_taking_over_a_fifth_of_the_page_is_set_a_size_smaller() -> None:
    """Four lines at 13 pt are 0.98 in: over a fifth of the 4.5 in square, under a fifth of the 8 in story."""
    from analysis.plotting.layout import MARGIN_IN, SMALL_TITLE_PT, TITLE_PT, _wrap, title_lines

    square, story = SIZES["square"], SIZES["story"]
    width = square.width_in - 2 * MARGIN_IN
    assert title_lines("Cyberbullying in 2023", width, square.height_in) == (["Cyberbullying in 2023"], TITLE_PT)
    assert title_lines(SPANISH_YRBS_TITLE, width, square.height_in)[1] == TITLE_PT  # three lines
    long_title = SPANISH_YRBS_TITLE + ", según los CDC"
    at_full_size = _wrap(long_title, TITLE_PT, width, bold=True)
    assert len(at_full_size) == 4
    lines, pt = title_lines(long_title, width, square.height_in)
    assert pt == SMALL_TITLE_PT and len(lines) == 3 and " ".join(lines) == long_title
    assert title_lines(long_title, width, story.height_in) == (at_full_size, TITLE_PT)


def _trend(size: str, lang: str):
    from analysis.plotting.canvas import agg_renderer

    with language(lang), house_style():
        drawn = draw(all_recipes()["yrbs-bullying-trend"], Catalog(), SIZES[size])
        return drawn.figure, agg_renderer(drawn.figure)


def test_the_spanish_square_trend_keeps_its_plot_tall_enough() -> None:
    """Its title, wrapped by a character estimate into four lines, once left the plot a sixth of the page; measured,
    it takes three lines at full size."""
    from analysis.plotting.layout import TITLE_PT

    fig, _renderer = _trend("square", "es")
    title = [t for t in fig.texts if t.get_weight() == "bold"]
    assert " ".join(t.get_text() for t in title) == SPANISH_YRBS_TITLE
    assert len(title) == 3 and {t.get_fontsize() for t in title} == {TITLE_PT}
    assert fig.axes[0].get_position().height > 0.2


@pytest.mark.parametrize("size", ALL_SIZES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_confidence_band_note_stays_right_of_the_wording_change_line(size: str, lang: str) -> None:
    from analysis.i18n import _

    fig, renderer = _trend(size, lang)
    ax = fig.axes[0]
    with language(lang):
        wanted = _("Shaded: published 95% CI")
    note = next(t for t in ax.texts if t.get_text() == wanted)
    dotted = next(line for line in ax.lines if line.get_linestyle() == ":")
    line_px = ax.transData.transform((dotted.get_xdata()[0], 0))[0]
    box = note.get_window_extent(renderer)
    assert line_px < box.x0 and box.x1 < ax.get_window_extent(renderer).x1, (size, lang)


def test_wrapping_fills_each_line_with_the_words_that_fit() -> None:
    """Lines are measured, not estimated: each fits the width, and the next line's first word would not have fitted
    (capitals, wide as they are, and narrow letters alike); breaks fall at spaces only, never at a hyphen or a
    no-break space."""
    from analysis.plotting.fonts import line_width_in
    from analysis.plotting.layout import _wrap

    for text in ("ABCDEFGHIJ " * 12, "il fit lit " * 20, SPANISH_YRBS_TITLE + " " + SPANISH_YRBS_TITLE):
        lines = _wrap(text.strip(), 9.5, 4.0)
        assert " ".join(lines) == re.sub(" +", " ", text.strip())
        assert all(line_width_in(line, 9.5) <= 4.0 for line in lines)
        for line, after in zip(lines, lines[1:], strict=False):
            assert line_width_in(f"{line} {after.split(' ')[0]}", 9.5) > 4.0, (line, after)
    assert _wrap("short line", 9.5, 4.0) == ["short line"]
    assert _wrap("Chart: child-safety-stats.", 9.5, 0.8) == ["Chart:", "child-safety-stats."]
    assert _wrap("16,3\u00a0% 16,3\u00a0%", 9.5, 0.5) == ["16,3\u00a0%", "16,3\u00a0%"]


@pytest.mark.parametrize(("recipe_id", "size", "lang"), [("treaty-adoption-timeline", "square", "es"),
                                                         ("treaty-adoption-timeline", "story", "es"),
                                                         ("treaty-map-opsc", "story", "pt")])
def test_header_and_footer_stay_inside_the_right_margin(recipe_id: str, size: str, lang: str) -> None:
    """These lines once ran 3 to 24 px past the margin: the character estimate wrapped them too long."""
    from analysis.plotting.canvas import agg_renderer
    from analysis.plotting.layout import MARGIN_IN

    with language(lang), house_style():
        fig = draw(all_recipes()[recipe_id], Catalog(), SIZES[size]).figure
        renderer = agg_renderer(fig)
        right = fig.bbox.width - MARGIN_IN * fig.dpi
        assert max(t.get_window_extent(renderer).x1 for t in fig.texts) <= right


def test_estimated_wrapping_breaks_where_measuring_every_line_would() -> None:
    """The wrap sums cached character advances and measures a line as drawn only near the width: on the catalogue's
    longest texts, in every language, it breaks exactly where measuring every candidate line would."""
    import csv

    from analysis.plotting.fonts import line_width_in
    from analysis.plotting.layout import FOOT_PT, MARGIN_IN, _wrap

    def measured(text: str, pt: float, width_in: float, bold: bool) -> list[str]:
        lines, line = [], ""
        for word in text.split(" "):
            if line and line_width_in(f"{line} {word}", pt, bold) > width_in:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        return [*lines, line]

    with (paths.PACKAGE_DIR / "i18n" / "messages.csv").open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: -len(row["en"]))[:15]
    width = SIZES["square"].width_in - 2 * MARGIN_IN
    for row in rows:
        for lang in ("en", "es", "pt", "fr"):
            text = " ".join(w for w in row[lang].replace("\n", " ").split(" ") if w)
            for pt, bold in ((FOOT_PT, False), (13.0, True)):
                assert _wrap(text, pt, width, bold) == measured(text, pt, width, bold), (lang, text[:40])
