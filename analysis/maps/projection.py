"""The Equal Earth projection (Šavrič, Patterson and Jenny 2018): equal-area, for world maps of rates and status."""

from __future__ import annotations

import numpy as np

# Polynomial coefficients of the published projection (the same in PROJ's eqearth and d3-geo's geoEqualEarth).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = np.sqrt(3) / 2


def equal_earth(lon_deg: np.ndarray, lat_deg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project longitude and latitude (degrees) onto the plane, on the unit sphere (areas are preserved)."""
    lam = np.radians(np.asarray(lon_deg, dtype=float))
    theta = np.arcsin(M * np.sin(np.radians(np.asarray(lat_deg, dtype=float))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def outline(points_per_side: int = 181) -> np.ndarray:
    """The edge of the projected sphere (the ±180° meridians), as a closed ring of (x, y)."""
    lat = np.linspace(-90, 90, points_per_side)
    lon = np.concatenate([np.full_like(lat, 180.0), np.full_like(lat, -180.0)])
    x, y = equal_earth(lon, np.concatenate([lat, lat[::-1]]))
    return np.column_stack([x, y])


def ring_area(ring: np.ndarray) -> float:
    """Signed area of a planar ring (shoelace formula): positive when counter-clockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))
