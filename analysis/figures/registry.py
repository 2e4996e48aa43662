"""The figure registry: every figure is a recipe with its metadata, data step and drawing step."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.i18n import translate

ALL_SIZES = ("report", "slide", "square", "story")

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from analysis.catalog import Catalog


@dataclass(frozen=True)
class Recipe:
    """A registered figure.

    ``prepare`` turns the loaded datasets into exactly the data that is plotted (saved beside
    the figure as CSV; it must keep ``source_id`` and ``locator`` columns). ``draw`` puts that
    data on the axes and never writes files. ``alt_text`` describes the plotted data.
    """

    id: str
    topic: str
    title: str
    subtitle: str
    caption: str | Callable[[pd.DataFrame], str]  # a function when it reports a computed result
    datasets: tuple[str, ...]
    prepare: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]
    draw: Callable[[pd.DataFrame, list[Axes]], None]
    alt_text: Callable[[pd.DataFrame], str]
    note: str | Callable[[pd.DataFrame], str] = ""
    # One short line printed just above the source line, in the current language, for a limit without which a
    # reader could be misled (so that it survives a PNG pasted into a slide); a function when computed from the data.
    caveat: str | Callable[[pd.DataFrame], str] = ""
    # taller report pages for figures with many rows; a function when the rows come from the data
    height_factor: float | Callable[[pd.DataFrame], float] = 1.0
    sizes: tuple[str, ...] = ALL_SIZES  # the output sizes offered
    size_note: str = ""  # why a size is not offered, when one is left out
    files: tuple[Path, ...] = ()  # input files outside the data package (map geometry), part of the cache key
    modules: tuple[str, ...] = ()  # set by register(): the figure modules the recipe depends on
    # The title printed on the image when it states what the data show, computed from them (so that it stays
    # true when the data change); ``title`` then names the figure in lists and the gallery's search.
    finding: Callable[[pd.DataFrame], str] | None = None

    # Titles, captions and notes are English catalog keys, translated into the current language.
    def title_for(self, data: pd.DataFrame | None = None) -> str:
        if self.finding is not None and data is not None:
            return self.finding(data)
        return translate(self.title)

    def subtitle_for(self) -> str:
        return translate(self.subtitle)

    def caption_for(self, data: pd.DataFrame) -> str:
        return self.caption(data) if callable(self.caption) else translate(self.caption)

    def note_for(self, data: pd.DataFrame) -> str:
        if callable(self.note):
            return self.note(data)
        return translate(self.note) if self.note else ""

    def caveat_for(self, data: pd.DataFrame) -> str:
        if callable(self.caveat):
            return self.caveat(data)
        return translate(self.caveat) if self.caveat else ""

    def height_for(self, data: pd.DataFrame) -> float:
        return self.height_factor(data) if callable(self.height_factor) else self.height_factor

    def plotted_data(self, catalog: Catalog) -> pd.DataFrame:
        frames = {name: catalog.load(name, validate=False) for name in self.datasets}
        data = self.prepare(frames)
        missing = {"source_id", "locator"} - set(data.columns)
        if missing:
            raise ValueError(f"recipe '{self.id}' dropped provenance columns {sorted(missing)}")
        return data


def _joined(data: pd.DataFrame, keys: tuple[str, ...]) -> str:
    return " ".join(translate(key) for key in keys if key)


def joined_caption(*keys: str) -> Callable[[pd.DataFrame], str]:
    """A caption made of several catalog sentences (shared ones, such as a caveat), translated in order."""
    return functools.partial(_joined, keys=keys)


class UnknownFigureError(LookupError):
    """A figure id that no recipe has."""


REGISTRY: dict[str, Recipe] = {}


def _figure_modules(recipe: Recipe) -> tuple[str, ...]:
    """Figure modules on the registering call stack and those defining the recipe's functions."""
    names = set()
    frame = sys._getframe(2)
    while frame is not None:
        names.add(frame.f_globals.get("__name__", ""))
        frame = frame.f_back
    for fn in (recipe.prepare, recipe.draw, recipe.alt_text, recipe.caption, recipe.note, recipe.caveat,
               recipe.finding):
        while isinstance(fn, functools.partial):
            fn = fn.func
        if callable(fn):
            names.add(fn.__module__)
    names = {n for n in names if n.startswith("analysis.figures.") and n != __name__}
    todo = list(names)
    while todo:  # and the figure modules they use, transitively
        for value in vars(sys.modules[todo.pop()]).values():
            used = getattr(value, "__name__", "") if isinstance(value, type(sys)) else getattr(value, "__module__", "")
            if isinstance(used, str) and used.startswith("analysis.figures.") and used != __name__ \
                    and used not in names:
                names.add(used)
                todo.append(used)
    return tuple(sorted(names))


def register(recipe: Recipe) -> Recipe:
    """Add a recipe; ids are unique."""
    if recipe.id in REGISTRY:
        raise ValueError(f"figure id '{recipe.id}' is registered twice")
    if "report" not in recipe.sizes or set(recipe.sizes) - set(ALL_SIZES):
        raise ValueError(f"figure '{recipe.id}': sizes must include 'report' and be among {ALL_SIZES}")
    if set(recipe.sizes) != set(ALL_SIZES) and not recipe.size_note:
        raise ValueError(f"figure '{recipe.id}' leaves out a size; say why in size_note")
    recipe = replace(recipe, modules=_figure_modules(recipe))
    REGISTRY[recipe.id] = recipe
    return recipe


def all_recipes() -> dict[str, Recipe]:
    """Every registered recipe, importing the topic modules on first use."""
    from analysis.figures import (  # noqa: F401  (register on import)
        claims,
        cyberbullying,
        cybertipline_country,
        cybertipline_rates,
        definitions,
        global_bullying,
        grooming_laws,
        hbsc,
        hbsc_change,
        legal,
        legal_reviews,
        maps,
        missing,
        missing_definitions,
        online_exploitation,
        uk_activity,
    )

    return dict(sorted(REGISTRY.items()))
