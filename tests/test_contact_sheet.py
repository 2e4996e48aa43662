"""The contact sheet: every built figure at one size and language on one PNG, and clear errors without a build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

from analysis import paths
from analysis.contact_sheet import COLUMNS, GAP_PX, MARGIN_PX, THUMB_WIDTH, sheet_entries


def test_sheet_holds_every_figure_built_at_the_size(sample_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.es.png"
    result = subprocess.run([sys.executable, "-m", "analysis", "contact-sheet", "--figures", str(sample_build),
                             "--size", "story", "--lang", "es", "--out", str(out)],
                            capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 0, result.stderr
    shown, left_out = sheet_entries(sample_build, "story", "es")
    assert [figure_id for figure_id, _path in shown] == ["hbsc-cyberbullying-age-sex"]
    assert shown[0][1].name == "hbsc-cyberbullying-age-sex-story.es.png"
    assert sorted(left_out) == ["claims-by-evidence", "grooming-laws-table"]
    with Image.open(out) as sheet:
        assert sheet.width == 2 * MARGIN_PX + COLUMNS["story"] * THUMB_WIDTH["story"] + (COLUMNS["story"] - 1) * GAP_PX
        thumbnail = sheet.convert("L").crop((MARGIN_PX, MARGIN_PX + 20, MARGIN_PX + THUMB_WIDTH["story"], 500))
    assert thumbnail.getextrema()[0] < 100, "the thumbnail is drawn"


def test_sheet_without_a_build_is_an_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "analysis", "contact-sheet", "--figures", str(tmp_path)],
                            capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 1 and "manifest.json is missing: run 'make figures' first" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_long_list_of_figures_left_out_wraps_within_the_sheet() -> None:
    from PIL import ImageFont

    from analysis.contact_sheet import wrapped
    from analysis.plotting.fonts import bundled_font_dir

    font = ImageFont.truetype(str(bundled_font_dir() / "DejaVuSans.ttf"), 13)
    ids = [f"treaty-status-table-{n}" for n in range(40)]
    lines = wrapped(f"Not drawn at this size: {', '.join(ids)}", font, 600)
    assert len(lines) > 5 and all(font.getlength(line) <= 600 for line in lines)
    assert " ".join(lines) == f"Not drawn at this size: {', '.join(ids)}"  # nothing lost at the breaks
