"""Shared fixtures: a writable copy of the shipped data package, and one small build of figures and cards."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.catalog import Catalog

# Figures the browser, size and packaging tests need: every topic filter the gallery tests use, countries in
# the country filter, a table, and more than one size. The full set is built by `make figures` and checked by
# `make verify`; the committed manifest's keys are checked against the code and data in test_reproducibility.
SAMPLE_FIGURES = ("hbsc-cyberbullying-age-sex", "claims-by-evidence", "grooming-laws-table")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample figures and every stat card, built once per test process into a folder of their own."""
    from analysis.build import build
    from analysis.cards import build_cards
    from analysis.gallery import write_gallery

    out = tmp_path_factory.mktemp("sample") / "figures"
    build(out_dir=out, only=SAMPLE_FIGURES, progress=False, jobs=1)
    build_cards(Catalog(), out)
    write_gallery(out)
    return out


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of datasets/public that a test may corrupt; returns its datapackage.json."""
    target = tmp_path / "public"
    shutil.copytree(paths.DATASETS, target)
    return target / "datapackage.json"


@pytest.fixture
def catalog_copy(package_copy: Path) -> Catalog:
    return Catalog(package_copy)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
