"""What every upstream refresher provides: where to get the data and how to parse it into package rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class UpstreamFormatError(ValueError):
    """The upstream's response is not in the format the parser knows; names where and what to fix."""


@dataclass(frozen=True)
class SourceRecord:
    """How to describe the upstream in sources.csv when its first refresh adds the row."""

    publisher: str
    title: str
    short_citation: str
    license: str
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Upstream:
    """A machine-readable source of rows for one resource of the data package.

    ``parse`` turns the response bytes into rows with exactly the resource's columns; the rows
    it returns replace the resource's rows whose ``source_id`` is this upstream's.
    """

    name: str
    source_id: str
    resource: str
    url: str
    key: tuple[str, ...]
    value_columns: tuple[str, ...]
    parse: Callable[[bytes, str], pd.DataFrame]  # (response, where it came from) -> rows
    description: str
    source: SourceRecord | None = None  # for sources.csv, when the source has no row yet
    # "csv", "json" or "html": a response is checked as that kind of text before parsing (analysis.refresh_safety);
    # None: inferred from the URL (.csv, format=csv, .json, format=json), else only the checks any format gets.
    media: str | None = None
