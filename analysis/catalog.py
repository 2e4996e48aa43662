"""The data package: its resources and sources, loaded as validated, typed DataFrames."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.validate import DataPackageError, Problem, read_descriptor, validate_package

if TYPE_CHECKING:
    import pandas as pd

PANDAS_DTYPES = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}


@dataclass(frozen=True)
class Catalog:
    """A data package on disk. ``Catalog()`` is the shipped one; tests pass a copy's path."""

    package_path: Path = paths.DATAPACKAGE

    @property
    def base(self) -> Path:
        return self.package_path.parent

    def descriptor(self) -> dict[str, Any]:
        return read_descriptor(self.package_path)

    def resource(self, name: str) -> dict[str, Any]:
        for resource in self.descriptor()["resources"]:
            if resource["name"] == name:
                return resource
        known = ", ".join(self.names())
        raise KeyError(f"no resource '{name}' in {self.package_path}; known: {known}")

    def names(self) -> list[str]:
        return [r["name"] for r in self.descriptor()["resources"]]

    def path(self, name: str) -> Path:
        return self.base / self.resource(name)["path"]

    def sha256(self, name: str) -> str:
        return hashlib.sha256(self.path(name).read_bytes()).hexdigest()

    def validate(self) -> list[Problem]:
        return validate_package(self.package_path)

    def load(self, name: str, *, validate: bool = True) -> pd.DataFrame:
        """Return resource ``name`` as a typed DataFrame, after validating the whole package."""
        import pandas as pd

        if validate:
            problems = self.validate()
            if problems:
                raise DataPackageError(problems)
        resource = self.resource(name)
        fields = resource["schema"]["fields"]
        dtypes = {f["name"]: PANDAS_DTYPES.get(f.get("type", "string"), "string") for f in fields}
        frame = pd.read_csv(
            self.base / resource["path"],
            encoding="utf-8",
            dtype=dtypes,
            keep_default_na=False,
            na_values={f["name"]: [""] for f in fields},
        )
        for field in fields:
            if field.get("type") == "date":
                frame[field["name"]] = pd.to_datetime(frame[field["name"]], format="%Y-%m-%d")
        return frame

    def load_many(self, names: Iterable[str]) -> dict[str, pd.DataFrame]:
        """Several resources as typed DataFrames, the package validated once for all of them."""
        problems = self.validate()
        if problems:
            raise DataPackageError(problems)
        return {name: self.load(name, validate=False) for name in names}

    def sources(self) -> pd.DataFrame:
        return self.load("sources")


def load(name: str) -> pd.DataFrame:
    """Load a resource of the shipped data package (see ``Catalog.load``)."""
    return Catalog().load(name)
