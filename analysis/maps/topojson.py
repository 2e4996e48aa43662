"""Decode a TopoJSON topology (quantized, delta-encoded arcs) into polygon rings per feature."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


class TopologyError(ValueError):
    """A TopoJSON file that does not have the shape this decoder reads."""


@dataclass(frozen=True)
class Feature:
    """One geometry object: its id and name, and its polygons as lists of rings (exterior first)."""

    id: str | None
    name: str
    polygons: tuple[tuple[np.ndarray, ...], ...]  # each ring: (n, 2) longitude, latitude in degrees


def decode_arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """Every arc as absolute coordinates (undoing the quantization transform, when there is one)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float)[:, :2]
        if transform:
            points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Join arcs into one ring; a negative index ~i is arc i reversed; shared end points are kept once."""
    parts = []
    for number, index in enumerate(indices):
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        parts.append(points if number == 0 else points[1:])
    return np.concatenate(parts)


def features(topology: dict[str, Any], object_name: str) -> list[Feature]:
    """The features of one object of the topology (a GeometryCollection of Polygons and MultiPolygons)."""
    if topology.get("type") != "Topology" or object_name not in topology.get("objects", {}):
        raise TopologyError(f"not a TopoJSON Topology with an object named {object_name!r}")
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"][object_name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        elif kind is None:
            continue  # a null geometry
        else:
            raise TopologyError(f"{object_name}: geometry type {kind!r} is not a polygon")
        found.append(Feature(
            id=geometry.get("id"),
            name=str(geometry.get("properties", {}).get("name", "")),
            polygons=tuple(tuple(_ring(ring, arcs) for ring in polygon) for polygon in polygons),
        ))
    return found
