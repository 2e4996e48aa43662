"""Fonts by path: every figure is set in the DejaVu files that ship inside matplotlib, never the host's copies."""

from __future__ import annotations

import importlib.util
from pathlib import Path

FONT_PATTERN = "DejaVu*.ttf"  # the house style's family (and mathtext's dejavusans set)


def bundled_font_dir() -> Path:
    """matplotlib's own font folder (mpl-data/fonts/ttf), found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed: run 'make figures' to set up the environment")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def bundled_font_files() -> list[Path]:
    """The DejaVu files the figures use, sorted by name."""
    return sorted(bundled_font_dir().glob(FONT_PATTERN))


def pin_fonts() -> None:
    """Forget every font outside matplotlib's own folder, so that a host's DejaVu (another version, other
    metrics) can never be chosen. Idempotent; cheap after the first call in a process."""
    from matplotlib import font_manager

    bundled = bundled_font_dir().resolve()
    manager = font_manager.fontManager
    kept = [entry for entry in manager.ttflist if Path(entry.fname).resolve().parent == bundled]
    if len(kept) != len(manager.ttflist):
        manager.ttflist = kept
        manager.afmlist = []
        manager._findfont_cached.cache_clear()  # as FontManager.addfont does after changing its list
