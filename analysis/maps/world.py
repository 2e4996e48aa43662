"""Country shapes from the shipped world atlas, keyed by ISO3 and projected with Equal Earth."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis import paths
from analysis.maps.projection import equal_earth, ring_area
from analysis.maps.topojson import features

# Natural Earth features without an ISO 3166 code. Two are drawn with the UN member state that the treaty
# depositaries list for that territory; the others stay "no data". Antarctica (ISO numeric 010) is left out.
SHOWN_WITH_STATE = {"Somaliland": "SOM", "N. Cyprus": "CYP"}
LEFT_OUT = {"ATA"}


@dataclass(frozen=True)
class Shape:
    """One country or area on the map: ISO3 code (or the atlas name), projected rings and projected area."""

    key: str  # ISO3 code, or the atlas name for areas without one (e.g. "Kosovo")
    atlas_name: str
    rings: tuple[np.ndarray, ...]  # exteriors counter-clockwise, holes clockwise (so holes stay empty)
    area: float  # on the unit sphere, in the projection's (equal-area) units; shapes that cross the antimeridian
    # are drawn twice (see _unwrapped), so theirs is an upper bound, used only to pick small states for a dot

    @property
    def has_iso3(self) -> bool:
        return len(self.key) == 3 and self.key.isupper()


def _iso3_of_numeric(code: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(numeric=code)
    return found.alpha_3 if found else None


def _unwrapped(ring: np.ndarray) -> list[np.ndarray]:
    """A ring that crosses the antimeridian (a jump of more than 180° in longitude), made continuous and drawn
    twice, 360° apart: with the map clipped to the edge of the sphere, the two copies meet exactly at ±180°."""
    lon = np.degrees(np.unwrap(np.radians(ring[:, 0])))
    if np.allclose(lon, ring[:, 0]):
        return [ring]
    shift = -360.0 if lon.max() > 180 else 360.0
    return [np.column_stack([lon, ring[:, 1]]), np.column_stack([lon + shift, ring[:, 1]])]


def _oriented(polygon: tuple[np.ndarray, ...]) -> list[np.ndarray]:
    rings = []
    for number, ring in enumerate(polygon):
        for part in _unwrapped(ring):
            x, y = equal_earth(part[:, 0], part[:, 1])
            projected = np.column_stack([x, y])
            wants_positive = number == 0
            if (ring_area(projected) > 0) != wants_positive:
                projected = projected[::-1]
            rings.append(projected)
    return rings


@lru_cache(maxsize=2)
def world_shapes(path: Path = paths.WORLD_ATLAS) -> dict[str, Shape]:
    """Every shape of the atlas, keyed by ISO3 (features of one state are merged into one shape)."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    rings: dict[str, list[np.ndarray]] = {}
    names: dict[str, str] = {}
    for feature in features(topology, "countries"):
        key = (_iso3_of_numeric(feature.id) if feature.id else None) or SHOWN_WITH_STATE.get(feature.name,
                                                                                              feature.name)
        if key in LEFT_OUT:
            continue
        names.setdefault(key, feature.name)
        for polygon in feature.polygons:
            rings.setdefault(key, []).extend(_oriented(polygon))
    return {key: Shape(key, names[key], tuple(parts), sum(ring_area(r) for r in parts))
            for key, parts in sorted(rings.items())}
