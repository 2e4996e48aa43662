"""Helpers for the research notebooks: show a registered figure, its plotted data and its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.catalog import Catalog

if TYPE_CHECKING:
    import pandas as pd


def _recipe(figure_id: str):
    from analysis.figures.registry import REGISTRY, UnknownFigureError, all_recipes

    all_recipes()
    if figure_id not in REGISTRY:
        raise UnknownFigureError(f"no figure '{figure_id}'; `python -m analysis list` shows the ids")
    return REGISTRY[figure_id]


def figure(figure_id: str, size: str = "report", catalog: Catalog | None = None, lang: str = "en") -> Any:
    """The figure as the build draws it (any size and language), as an image object that Jupyter displays."""
    from IPython.display import Image

    from analysis.plotting.layout import SIZES
    from analysis.render import render_job

    job = render_job(_recipe(figure_id), catalog or Catalog(), SIZES[size], lang)
    return Image(data=job.files["png"], format="png", width=720)


def plotted_data(figure_id: str, catalog: Catalog | None = None) -> pd.DataFrame:
    """Exactly the rows a figure plots (the CSV the build writes beside it)."""
    return _recipe(figure_id).plotted_data(catalog or Catalog())


def caption(figure_id: str, catalog: Catalog | None = None) -> str:
    """The figure's caption (computed captions report their test results)."""
    recipe = _recipe(figure_id)
    return recipe.caption_for(recipe.plotted_data(catalog or Catalog()))


def references(source_ids: list[str] | None = None, catalog: Catalog | None = None) -> str:
    """A Markdown reference list for the given sources (all sources when None)."""
    sources = (catalog or Catalog()).load("sources", validate=False)
    if source_ids is not None:
        sources = sources[sources["source_id"].isin(set(source_ids))]
    lines = []
    for row in sources.sort_values("short_citation").itertuples(index=False):
        published = f", {row.published}" if isinstance(row.published, str) else ""
        lines.append(f"- {row.publisher}. *{row.title}*{published}. <{row.url}> "
                     f"(accessed {row.accessed.date().isoformat()}).")
    return "\n".join(lines)
