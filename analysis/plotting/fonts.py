"""Fonts by path: every figure is set in the DejaVu files that ship inside matplotlib, never the host's copies."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

FONT_PATTERN = "DejaVu*.ttf"  # the house style's family (and mathtext's dejavusans set)


@functools.cache
def bundled_font_dir() -> Path:
    """matplotlib's own font folder (mpl-data/fonts/ttf), found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed: run 'make figures' to set up the environment")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def bundled_font_files() -> list[Path]:
    """The DejaVu files the figures use, sorted by name."""
    return sorted(bundled_font_dir().glob(FONT_PATTERN))


@functools.cache
def _resolved(path: str) -> Path:
    """A path with its links resolved, once per process (pin_fonts runs before every drawing)."""
    return Path(path).resolve()


def is_bundled(font_file: str) -> bool:
    """Whether a font file is one of matplotlib's own (links resolved on both sides)."""
    return _resolved(font_file).parent == _resolved(str(bundled_font_dir()))


def pin_fonts() -> None:
    """Forget every font outside matplotlib's own folder, so that a host's DejaVu (another version, other
    metrics) can never be chosen. Idempotent; cheap after the first call in a process."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    kept = [entry for entry in manager.ttflist if is_bundled(entry.fname)]
    if len(kept) != len(manager.ttflist):
        manager.ttflist = kept
        manager.afmlist = []
        manager._findfont_cached.cache_clear()  # as FontManager.addfont does after changing its list


@functools.cache
def drawable_codepoints(font_file: str = "DejaVuSans.ttf") -> frozenset[int]:
    """The characters one of the bundled DejaVu faces has a glyph for (read from its cmap with fontTools, without
    importing matplotlib): text outside them would be drawn as empty boxes."""
    from fontTools.ttLib import TTFont

    with TTFont(bundled_font_dir() / font_file, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _sized_face(pt: float, bold: bool) -> Any:
    """matplotlib's cached FT2Font of DejaVu Sans (or Sans Bold), set to ``pt`` points at 72 dpi (matplotlib sets
    the size again before each use of its own, so measuring here never disturbs drawing)."""
    from matplotlib.font_manager import get_font

    font = get_font(str(bundled_font_dir() / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")))
    font.set_size(pt, 72)
    return font


def line_width_in(text: str, pt: float, bold: bool = False) -> float:
    """How wide one line of text is set in DejaVu Sans (or Sans Bold) at ``pt`` points, in inches: matplotlib's own
    unhinted layout, as the figures draw it."""
    from matplotlib import ft2font

    font = _sized_face(pt, bold)
    font.set_text(text, 0.0, flags=ft2font.LoadFlags.NO_HINTING)
    return font.get_width_height()[0] / 64 / 72


@functools.cache
def char_advance_in(char: str, pt: float, bold: bool = False) -> float:
    """How far one character moves the pen in DejaVu Sans (or Sans Bold) at ``pt`` points, in inches (unhinted; no
    kerning): summed over a line, within a few per cent of ``line_width_in``, and a thousand times cheaper."""
    from matplotlib import ft2font

    glyph = _sized_face(pt, bold).load_char(ord(char), flags=ft2font.LoadFlags.NO_HINTING)
    return glyph.linearHoriAdvance / 65536 / 72


def undrawable(text: str, font_file: str = "DejaVuSans.ttf") -> list[str]:
    """The characters of ``text`` that the face cannot draw (white space aside), each once, in order."""
    covered = drawable_codepoints(font_file)
    return list(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in covered))
