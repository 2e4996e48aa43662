"""Bare-matplotlib baseline: the same outputs drawn from their data, with no toolkit around them.

No validation, no page layout, no legibility check, no caching, no atomic writes, no manifest: prepare each
figure's plotted data from the package (read without validation, so dates and numbers keep their types, which a
reread CSV would lose) and, for every size and language the build renders, call its drawing step on a plain
pyplot figure of that size and save the size's formats. The same work as the build, minus the toolkit.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(data_dir: str, out_dir: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.catalog import Catalog
    from analysis.figures.registry import all_recipes
    from analysis.i18n import LANGUAGES, language
    from analysis.plotting.layout import SIZES, house_style

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    catalog = Catalog()
    for recipe_id, recipe in all_recipes().items():
        data_csv = Path(data_dir) / f"{recipe_id}.csv"
        if not data_csv.exists():  # a benchmark of some figures (the bench's own test) draws only those
            continue
        data = recipe.plotted_data(catalog)
        for size_name in recipe.sizes:
            size = SIZES[size_name]
            for lang in LANGUAGES:
                with language(lang), house_style():  # the style sheet: fonts and sizes the drawing reads
                    fig, ax = plt.subplots(figsize=(size.width_in, size.height_in), dpi=size.dpi)
                    recipe.draw(data, [ax])
                    for fmt in size.formats:
                        fig.savefig(out / f"{recipe_id}-{size_name}.{lang}.{fmt}", format=fmt)
                    plt.close(fig)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
