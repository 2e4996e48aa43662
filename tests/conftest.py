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
def sample_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The sample figures and every stat card, built once per test run into a folder of their own: the first
    test process to need it builds it under a lock, the others (pytest-xdist workers) wait and share it. Tests
    only read it (those that change a build copy it first)."""
    import fcntl

    from analysis.build import build
    from analysis.cards import build_cards
    from analysis.gallery import write_gallery

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base  # the run's folder, common to every worker
    out = shared / "sample-build" / "figures"
    with (shared / "sample-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = out.parent / "complete"
        if not done.exists():
            shutil.rmtree(out.parent, ignore_errors=True)
            build(out_dir=out, only=SAMPLE_FIGURES, progress=False, jobs=1)
            build_cards(Catalog(), out)
            write_gallery(out)
            done.touch()
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
