"""Shared fixtures: a writable copy of the shipped data package."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.catalog import Catalog


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
