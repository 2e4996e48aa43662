"""One Agg canvas per figure, reused by every measuring pass, so a text measured once is not measured again."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure


def agg_canvas(fig: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas, attached on first use. matplotlib caches text metrics per renderer, and the canvas
    keeps its renderer while the size and dpi stay the same: a new canvas per pass would measure every text anew."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def agg_renderer(fig: Figure) -> RendererBase:
    """The renderer of the figure's Agg canvas at its current size and dpi."""
    return agg_canvas(fig).get_renderer()
