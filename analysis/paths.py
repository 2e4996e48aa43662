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
VALIDATION_CACHE = ROOT / ".cache" / "validation"  # validation results keyed by content hash
PACKAGE_DIR = Path(__file__).resolve().parent
STYLE_FILE = PACKAGE_DIR / "plotting" / "house.mplstyle"
LOCK_FILE = ROOT / "requirements-lock.txt"  # exact versions and hashes of every dependency (make lock)
BUILD_LOCK_NAME = ".build.lock"  # inside an output folder: one build at a time writes there
DIST = ROOT / "dist"  # make dist: the offline gallery as a zip
CONTACT_SHEETS = ROOT / "contact-sheets"  # python -m analysis contact-sheet: every figure on one PNG, for review
CARDS_DIR = "cards"  # stat cards, inside the figures folder
FACTSHEETS = ROOT / "factsheets"
COUNTRY_CARDS = ROOT / "cards"  # python -m analysis cards ARG / --all: key-fact cards per country, one folder each
CURATION = ROOT / "docs" / "curation"  # worksheets and checks, by table of the package (README: the index)
GEO = DATASETS / "geo"
WORLD_ATLAS = GEO / "countries-50m.json"  # world-atlas 2.0.2 (Natural Earth 4.1.0, 1:50m), shipped as published
