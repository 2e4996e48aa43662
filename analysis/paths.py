"""Every filesystem location the toolkit uses, defined once."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets" / "public"
DATAPACKAGE = DATASETS / "datapackage.json"
FIGURES = ROOT / "figures"
MANIFEST_NAME = "manifest.json"
GALLERY_NAME = "index.html"
STAGING = ROOT / ".cache" / "staging"
PACKAGE_DIR = Path(__file__).resolve().parent
STYLE_FILE = PACKAGE_DIR / "plotting" / "house.mplstyle"
CARDS_DIR = "cards"  # stat cards, inside the figures folder
FACTSHEETS = ROOT / "factsheets"
GEO = DATASETS / "geo"
WORLD_ATLAS = GEO / "countries-50m.json"  # world-atlas 2.0.2 (Natural Earth 4.1.0, 1:50m), shipped as published
