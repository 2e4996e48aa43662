"""Refreshing package rows from a machine-readable upstream: fetch, parse, validate, diff, write atomically."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.atomic import write_bytes_atomic
from analysis.validate import DataPackageError, Problem, read_descriptor, validate_package

if TYPE_CHECKING:
    import pandas as pd

    from analysis.upstreams.base import Upstream

TIMEOUT_S = 15


class UpstreamUnavailableError(RuntimeError):
    """The upstream could not be reached; nothing was changed."""


def upstreams() -> dict[str, Upstream]:
    """Every refresher, by name."""
    from analysis.upstreams import hbsc, owid_evc, sowc, unicef, untc, worldbank

    found = [hbsc.UPSTREAM, untc.OPSC, unicef.BULLYING, worldbank.CHILD_POP, worldbank.TOTAL_POP,
             worldbank.TOTAL_POP_COPY, sowc.UPSTREAM, owid_evc.UPSTREAM]
    from analysis.upstreams import cybertipline_countries

    found.append(cybertipline_countries.UPSTREAM)
    return {u.name: u for u in found}


def obtain(upstream: Upstream, from_path: Path | None = None, timeout: float = TIMEOUT_S) -> tuple[bytes, str]:
    """The response bytes and where they came from: a local copy, or the upstream URL."""
    if from_path is not None:
        try:
            return Path(from_path).read_bytes(), str(from_path)
        except OSError as err:
            raise UpstreamUnavailableError(
                f"cannot read --from {from_path}: {err.strerror or err}; nothing was changed. "
                "Give the path of the downloaded file.") from None
    from urllib.error import URLError
    from urllib.request import Request, urlopen

    request = Request(upstream.url, headers={"User-Agent": "child-safety-stats refresher"})
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 (fixed https URLs)
            return response.read(), upstream.url
    except (URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise UpstreamUnavailableError(
            f"cannot reach {upstream.url} ({reason}); nothing was changed. Run again with network access, "
            f"or download the file elsewhere and pass it with --from FILE.") from None


@dataclass
class Diff:
    """What a refresh changes in the resource, row by row."""

    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[tuple[dict[str, str], str, str, str]] = field(default_factory=list)  # row, column, old, new

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class RefreshResult:
    upstream: str
    origin: str
    rows: int
    diff: Diff
    written: bool
    previous: Path | None
    sha256: str
    refused: str = ""  # a dry run of a refresh that would be refused without --allow-removals: why


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _csv_bytes(header: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def as_text_rows(frame: pd.DataFrame, header: list[str]) -> list[dict[str, str]]:
    missing = set(header) - set(frame.columns)
    if missing:
        raise ValueError(f"parsed rows lack the columns {sorted(missing)}")
    return [{column: _cell(record[column]) for column in header} for record in frame.to_dict("records")]


def diff_rows(old: list[dict[str, str]], new: list[dict[str, str]], key: tuple[str, ...]) -> Diff:
    def k(row: dict[str, str]) -> tuple[str, ...]:
        return tuple(row[c] for c in key)

    before, after = {k(r): r for r in old}, {k(r): r for r in new}
    result = Diff()
    result.added = [after[x] for x in sorted(after.keys() - before.keys())]
    result.removed = [before[x] for x in sorted(before.keys() - after.keys())]
    for x in sorted(before.keys() & after.keys()):
        for column in before[x]:
            if before[x][column] != after[x].get(column, ""):
                result.changed.append((after[x], column, before[x][column], after[x][column]))
    return result


def format_diff(diff: Diff, key: tuple[str, ...], values: tuple[str, ...] = ("value_pct",),
                limit: int = 200) -> str:
    shown_key = [c for c in key if c != "source_id"]

    def name(row: dict[str, str]) -> str:
        return " ".join(row[c] for c in shown_key)

    def value(row: dict[str, str]) -> str:
        shown = [row.get(c, "") for c in values]
        return shown[0] if len(values) == 1 else ", ".join(f"{c}={v}" for c, v in zip(values, shown, strict=True) if v)

    lines = [f"+ {name(r)}: {value(r)}" for r in diff.added]
    lines += [f"- {name(r)}: {value(r)}" for r in diff.removed]
    lines += [f"~ {name(r)} {column}: {old or '(empty)'} -> {new or '(empty)'}" for r, column, old, new in diff.changed]
    if len(lines) > limit:
        lines = [*lines[:limit], f"... and {len(lines) - limit} more"]
    summary = f"{len(diff.added)} added, {len(diff.changed)} changed, {len(diff.removed)} removed"
    return "\n".join([*lines, summary])


def refresh(upstream: Upstream, content: bytes, origin: str, *, package_path: Path = paths.DATAPACKAGE,
            accessed: date | None = None, dry_run: bool = False, allow_removals: bool = False) -> RefreshResult:
    """Replace the upstream's rows in its resource with freshly parsed ones.

    A malformed response is refused with one line naming it, and a refresh that would remove rows or
    change many values is refused unless ``allow_removals`` (analysis.refresh_safety). The new package
    is validated in a scratch copy first; only then are the resource file (in primary-key order) and
    sources.csv replaced, each atomically, and the previous resource file is kept in datasets/previous/
    under a name no later refresh reuses. On any error nothing in the package changes.
    """
    from analysis.refresh_safety import (
        RefreshRefusedError,
        canonical_order,
        check_losses,
        keep_backup,
        parsed_rows,
        primary_key,
    )

    accessed = accessed or date.today()
    digest = hashlib.sha256(content).hexdigest()
    descriptor = read_descriptor(package_path)
    resources = {r["name"]: r for r in descriptor["resources"]}
    base = package_path.parent
    resource_path = base / resources[upstream.resource]["path"]
    sources_path = base / resources["sources"]["path"]

    header, current = _read_csv(resource_path)
    parsed = parsed_rows(upstream, content, origin, header)
    kept = [r for r in current if r["source_id"] != upstream.source_id]
    old = [r for r in current if r["source_id"] == upstream.source_id]
    diff = diff_rows(old, parsed, upstream.key)
    refused = ""
    try:
        check_losses(upstream, diff, len(old), allow_removals=allow_removals)
    except RefreshRefusedError as err:
        if not dry_run:
            raise
        refused = str(err).splitlines()[0]
    merged = canonical_order(kept + parsed, primary_key(resources[upstream.resource], upstream.key))

    source_header, sources = _read_csv(sources_path)
    matches = [s for s in sources if s["source_id"] == upstream.source_id]
    if not matches and upstream.source is not None:
        record = upstream.source
        matches = [{column: "" for column in source_header} | {
            "source_id": upstream.source_id, "publisher": record.publisher, "title": record.title,
            "short_citation": record.short_citation, "url": upstream.url, "license": record.license,
            "kind": record.kind, "note": record.note}]
        sources.append(matches[0])
    if not matches:
        message = f"no row for source_id '{upstream.source_id}'; add the source before refreshing"
        raise DataPackageError([Problem(str(sources_path), message)])
    for source in matches:
        source["accessed"] = accessed.isoformat()
        source["sha256"] = digest
    new_resource, new_sources = _csv_bytes(header, merged), _csv_bytes(source_header, sources)

    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / base.name
        shutil.copytree(base, trial, ignore=shutil.ignore_patterns("previous"))
        (trial / resource_path.relative_to(base)).write_bytes(new_resource)
        (trial / sources_path.relative_to(base)).write_bytes(new_sources)
        problems = validate_package(trial / package_path.name)
        if problems:
            raise DataPackageError(problems)

    previous = None
    if not dry_run:
        if not diff.empty:
            previous = keep_backup(resource_path.read_bytes(), base.parent / "previous",
                                   f"{resource_path.stem}.before-{upstream.name}-{accessed}")
            write_bytes_atomic(resource_path, new_resource)
        write_bytes_atomic(sources_path, new_sources)
        with contextlib.suppress(OSError):  # the atomic writes' staging folder, when nothing else uses it
            (base.parent / ".staging").rmdir()
    return RefreshResult(upstream.name, origin, len(parsed), diff, not dry_run, previous, digest, refused)
