"""Rebuild every output into a scratch folder and compare its hash with the committed manifests."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.catalog import Catalog


@dataclass(frozen=True)
class Difference:
    """One output whose rebuilt bytes differ from the manifest, or that exists on one side only."""

    path: str
    kind: str  # "changed", "missing from the rebuild", "not in the manifest"

    def __str__(self) -> str:
        return f"{self.kind:26} {self.path}"


def figure_hashes(manifest: dict[str, Any], only: Iterable[str] | None = None) -> dict[str, str]:
    """Relative path -> sha256 of every figure output and data CSV a figures manifest records."""
    wanted = set(only) if only else None
    hashes: dict[str, str] = {}
    for entry in manifest.get("figures", []):
        if wanted is not None and entry["id"] not in wanted:
            continue
        for files in entry.get("outputs", {}).values():
            hashes |= {f["path"]: f["sha256"] for f in files.values()}
        if "data" in entry:
            hashes[entry["data"]["path"]] = entry["data"]["sha256"]
    return hashes


def card_hashes(cards_manifest: dict[str, Any]) -> dict[str, str]:
    """Relative path -> sha256 of every stat card the cards manifest records."""
    return {f["path"]: f["sha256"] for card in cards_manifest.get("cards", [])
            for files in card.get("outputs", {}).values() for f in files.values()}


def compare(expected: dict[str, str], actual: dict[str, str]) -> list[Difference]:
    """Every path whose hash differs or that only one side has, sorted by path."""
    differences = [Difference(p, "changed") for p in expected.keys() & actual.keys() if expected[p] != actual[p]]
    differences += [Difference(p, "missing from the rebuild") for p in expected.keys() - actual.keys()]
    differences += [Difference(p, "not in the manifest") for p in actual.keys() - expected.keys()]
    return sorted(differences, key=lambda d: d.path)


def tool_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Human-readable differences between the tools a manifest was built with and the ones at hand."""
    lines = []
    for name in sorted(set(expected.get("libraries", {})) | set(actual.get("libraries", {}))):
        was, now = expected.get("libraries", {}).get(name), actual.get("libraries", {}).get(name)
        if was != now:
            lines.append(f"{name}: manifest built with {was}, this environment has {now}")
    if expected.get("lock") != actual.get("lock"):
        lines.append("requirements-lock.txt differs from the one the manifest was built with")
    if expected.get("fonts") != actual.get("fonts"):
        lines.append("the bundled DejaVu font files differ from the ones the manifest was built with")
    return lines


def read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def verify(figures_dir: Path = paths.FIGURES, catalog: Catalog | None = None, only: Iterable[str] | None = None,
           jobs: int | None = None, progress: bool = True) -> tuple[list[Difference], list[str]]:
    """Rebuild (figures, and cards unless ``only`` is given) into a temporary folder; return the differences
    from the manifests in ``figures_dir`` and any difference in the tools they were built with."""
    from analysis.build import build
    from analysis.cards import build_cards, read_cards_manifest

    figures_dir = Path(figures_dir)
    committed = read_json(figures_dir / paths.MANIFEST_NAME)
    if not committed:
        raise FileNotFoundError(f"{figures_dir / paths.MANIFEST_NAME} is missing: nothing to verify against")
    catalog = catalog or Catalog()
    only = list(only) if only else None
    with tempfile.TemporaryDirectory(prefix="verify-") as scratch:
        out = Path(scratch) / "figures"
        rebuilt = build(catalog, out, only=only, progress=progress, jobs=jobs, force=True)
        expected, actual = figure_hashes(committed, only), figure_hashes(rebuilt, only)
        if only is None:
            build_cards(catalog, out)
            expected |= card_hashes(read_cards_manifest(figures_dir))
            actual |= card_hashes(read_cards_manifest(out))
    return compare(expected, actual), tool_differences(committed.get("tools", {}), rebuilt.get("tools", {}))
