"""The figure registry: every figure is a recipe with its metadata, data step and drawing step."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    height_factor: float = 1.0  # taller pages for figures with many rows

    def caption_for(self, data: pd.DataFrame) -> str:
        return self.caption(data) if callable(self.caption) else self.caption

    def note_for(self, data: pd.DataFrame) -> str:
        return self.note(data) if callable(self.note) else self.note

    def plotted_data(self, catalog: Catalog) -> pd.DataFrame:
        frames = {name: catalog.load(name, validate=False) for name in self.datasets}
        data = self.prepare(frames)
        missing = {"source_id", "locator"} - set(data.columns)
        if missing:
            raise ValueError(f"recipe '{self.id}' dropped provenance columns {sorted(missing)}")
        return data


class UnknownFigureError(LookupError):
    """A figure id that no recipe has."""


REGISTRY: dict[str, Recipe] = {}


def register(recipe: Recipe) -> Recipe:
    """Add a recipe; ids are unique."""
    if recipe.id in REGISTRY:
        raise ValueError(f"figure id '{recipe.id}' is registered twice")
    REGISTRY[recipe.id] = recipe
    return recipe


def all_recipes() -> dict[str, Recipe]:
    """Every registered recipe, importing the topic modules on first use."""
    from analysis.figures import claims, cyberbullying  # noqa: F401  (register on import)

    return dict(sorted(REGISTRY.items()))
