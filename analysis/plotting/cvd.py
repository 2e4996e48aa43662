"""Colour-vision deficiencies: legend categories that only colour tells apart must stay apart when simulated."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: deuteranopia, protanopia, tritanopia
MIN_DELTA_E = 10.0  # CAM02-UCS distance between two category colours, after simulation


@dataclass(frozen=True)
class Category:
    """One legend entry as a reader sees it: its label, the colour that carries it and what else tells it apart
    (the kind of mark, marker, line style, hatch, and whether it is hollow)."""

    label: str
    colour: tuple[float, float, float]
    shape: tuple[object, ...]


def _over_white(rgba: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b, a = rgba
    return (r * a + 1 - a, g * a + 1 - a, b * a + 1 - a)


def _is_white(rgb: tuple[float, float, float]) -> bool:
    return min(rgb) > 0.97


def _part(handle: object) -> tuple[tuple[float, float, float] | None, tuple[object, ...]]:
    """The colour and the shape of one legend handle (a patch, a line or marker, a collection)."""
    import numpy as np
    from matplotlib.collections import Collection
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if isinstance(handle, Patch):
        face = _over_white(to_rgba(handle.get_facecolor()))
        edge = _over_white(to_rgba(handle.get_edgecolor()))
        tint = to_rgba(handle.get_facecolor())[3] < 0.5
        hollow = _is_white(face) or handle.get_fill() is False
        colour = edge if (hollow or tint) and not _is_white(edge) else face
        return (None if _is_white(colour) else colour), (
            "patch", handle.get_hatch() or "", str(handle.get_linestyle()), hollow)
    if isinstance(handle, Line2D):
        marker = handle.get_marker()
        marker = "" if marker in (None, "None", "", " ") else str(marker)
        line = handle.get_linestyle() if handle.get_linestyle() not in ("None", "", " ") else ""
        face = handle.get_markerfacecolor()
        hollow = bool(marker) and (face in ("none", "None") or _is_white(_over_white(to_rgba(face))))
        return _over_white(to_rgba(handle.get_color())), ("line", marker, str(line), hollow)
    if isinstance(handle, Collection):
        colours = np.asarray(handle.get_facecolor())
        if not len(colours):
            colours = np.asarray(handle.get_edgecolor())
        hatch = handle.get_hatch() or ""
        return (_over_white(tuple(colours[0])) if len(colours) else None), ("collection", hatch)
    return None, (type(handle).__name__,)


def categories(fig: Figure) -> list[list[Category]]:
    """The categories of every legend drawn on the figure (axes legends, legends kept as artists, figure legends),
    one list per legend."""
    from matplotlib.legend import Legend

    legends = [leg for ax in fig.axes for leg in (ax.get_legend(), *ax.artists) if isinstance(leg, Legend)]
    legends += [leg for leg in fig.legends if isinstance(leg, Legend)]
    found = []
    for legend in dict.fromkeys(legends):
        entries = []
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=False):
            parts = handle if isinstance(handle, tuple) else (handle,)
            colours, shapes = [], []
            for part in parts:
                colour, shape = _part(part)
                colours.append(colour)
                shapes.append(shape)
            colour = next((c for c in colours if c is not None), None)
            if colour is not None:
                entries.append(Category(text.get_text().replace("\n", " "), colour, tuple(shapes)))
        found.append(entries)
    return found


def simulate(rgb: tuple[float, float, float], deficiency: str) -> tuple[float, float, float]:
    """The colour as seen with a deficiency at full severity (Machado et al. 2009, as colorspacious implements it)."""
    import numpy as np
    from colorspacious import cspace_convert

    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return tuple(np.clip(cspace_convert(np.asarray(rgb), space, "sRGB1"), 0, 1))


def distance(a: tuple[float, float, float], b: tuple[float, float, float], deficiency: str | None = None) -> float:
    """CAM02-UCS colour difference, with normal vision or as simulated for a deficiency."""
    from colorspacious import deltaE

    if deficiency is not None:
        a, b = simulate(a, deficiency), simulate(b, deficiency)
    return float(deltaE(a, b, input_space="sRGB1"))


def confusions(entries: Iterable[Category], deficiencies: Iterable[str] = DEFICIENCIES,
               min_delta_e: float = MIN_DELTA_E) -> list[str]:
    """Pairs of categories told apart by colour alone whose colours come closer than ``min_delta_e`` under a
    deficiency (or with normal vision)."""
    problems = []
    for one, other in itertools.combinations(list(entries), 2):
        if one.shape != other.shape:
            continue  # a marker, line style, hatch or fill tells them apart without colour
        for deficiency in (None, *deficiencies):
            gap = distance(one.colour, other.colour, deficiency)
            if gap < min_delta_e:
                seen = deficiency or "normal vision"
                problems.append(f"{one.label!r} and {other.label!r} are {gap:.1f} apart under {seen}")
                break
    return problems
