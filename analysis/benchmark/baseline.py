"""Bare-matplotlib baseline: the same figures drawn from their data, with no toolkit around them.

No validation, no page layout, no caching, no atomic writes, no manifest: read each figure's
plotted data CSV, call its drawing step on a plain pyplot figure, save PNG, SVG and PDF.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(data_dir: str, out_dir: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from analysis.figures.registry import all_recipes

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for recipe_id, recipe in all_recipes().items():
        data = pd.read_csv(Path(data_dir) / f"{recipe_id}.csv")
        fig, ax = plt.subplots(figsize=(7.0, 4.6), dpi=200)
        recipe.draw(data, [ax])
        for fmt in ("png", "svg", "pdf"):
            fig.savefig(out / f"{recipe_id}.{fmt}", format=fmt)
        plt.close(fig)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
