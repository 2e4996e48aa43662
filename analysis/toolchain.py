"""The tools that shape every output (library versions, the lock file, the font files), as one fingerprint."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata

from analysis import paths
from analysis.plotting.fonts import bundled_font_files

# Distributions whose version can change an output's bytes: drawing, font subsetting, image encoding,
# number formatting and the data frames the figures are drawn from.
OUTPUT_LIBRARIES = ("matplotlib", "fonttools", "numpy", "pandas", "pillow", "contourpy", "kiwisolver",
                    "seaborn", "statsmodels", "scipy", "babel", "pycountry")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


@cache
def toolchain() -> dict[str, object]:
    """Versions, the lock's hash and the fonts' hashes; part of every build job's key (computed once a process)."""
    lock = paths.LOCK_FILE.read_bytes() if paths.LOCK_FILE.exists() else b""
    return {
        "libraries": {name: _version(name) for name in OUTPUT_LIBRARIES},
        "lock": hashlib.sha256(lock).hexdigest(),
        "fonts": {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in bundled_font_files()},
    }
