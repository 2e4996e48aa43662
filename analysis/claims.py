"""The claims audit: each circulating statistic, its sources, and whether the data reproduces it."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.catalog import Catalog
from analysis.safe_csv import records_to_csv

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("reproduced", "consistent with caveats", "not reproducible", "contradicted")
GRADES = {
    "A": "primary statistical publication with a stated method and sample",
    "B": "primary publication, but the method is thin or respondents self-selected",
    "C": "only secondary citations found; the primary source could not be read",
    "D": "no source found, or the number has no measurement behind it",
}
ROLE_ORDER = {"primary": 0, "secondary": 1, "fact-check": 2, "context": 3}
AUDIT_COLUMNS = ("claim_id", "short_label", "number", "attributed_to", "status", "computed_value",
                 "evidence_grade", "kind", "source_level", "sources", "reason")


@dataclass(frozen=True)
class Reproduction:
    """A computation of a claim's number from the data package."""

    description: str
    compute: Callable[[Mapping[str, pd.DataFrame]], float]
    expected: float
    tolerance: float

    def matches(self, value: float) -> bool:
        return abs(value - self.expected) <= self.tolerance


REPRODUCTIONS: dict[str, Reproduction] = {}
# Resources the audit reads: the register itself plus whatever the reproductions and assessments use.
AUDIT_DATASETS = ("claims", "claim_sources", "sources", "grooming_laws")

Compute = Callable[[Mapping[str, "pd.DataFrame"]], float]


def reproduction(claim_id: str, description: str, expected: float,
                 tolerance: float) -> Callable[[Compute], Compute]:
    """Register a function that computes claim ``claim_id``'s number from the data."""
    def decorator(compute: Compute) -> Compute:
        REPRODUCTIONS[claim_id] = Reproduction(description, compute, expected, tolerance)
        return compute
    return decorator


@dataclass(frozen=True)
class Assessment:
    """What the data can say about a claim whose number it cannot recompute: a sentence, and a status when the
    sentence settles it."""

    sentence: str
    status: str | None = None


def _two_thirds_answer(frames: Mapping[str, pd.DataFrame]) -> Assessment:
    from analysis.grooming_laws import law_evidence, two_thirds_verdict

    evidence = law_evidence(frames["grooming_laws"])
    return Assessment(two_thirds_verdict(evidence), "contradicted" if evidence.contradicted else None)


# Claims whose number the data cannot recompute, but about which it can say something computed: the
# sentence leads the claim's reason in the audit, and a computed status replaces the curated one.
ASSESSMENTS: dict[str, Callable[[Mapping[str, pd.DataFrame]], Assessment]] = {"S10": _two_thirds_answer}


def load_frames(catalog: Catalog | None = None) -> dict[str, pd.DataFrame]:
    """The resources the audit needs, validated once."""
    return (catalog or Catalog()).load_many(AUDIT_DATASETS)


def audit(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per claim with its status; computed statuses override the curated ones."""
    import pandas as pd

    claims = frames["claims"]
    links = frames["claim_sources"]
    sources = frames["sources"].set_index("source_id")
    rows = []
    for claim in claims.itertuples(index=False):
        used = links[links["claim_id"] == claim.claim_id]
        cited = "; ".join(
            f"{sources.loc[s.source_id, 'short_citation']} ({s.role}, {s.locator})"
            for s in used.itertuples(index=False))
        status, computed, reason = claim.status, None, claim.reason
        if claim.claim_id in REPRODUCTIONS:
            rep = REPRODUCTIONS[claim.claim_id]
            computed = rep.compute(frames)
            status = "reproduced" if rep.matches(computed) else "contradicted"
            reason = f"{rep.description}: computed {computed:g}. {claim.reason}"
        elif claim.claim_id in ASSESSMENTS:
            assessment = ASSESSMENTS[claim.claim_id](frames)
            status = assessment.status or claim.status
            reason = f"{assessment.sentence} {claim.reason}"
        primary = used.sort_values("role", key=lambda r: r.map(ROLE_ORDER)).head(1)
        rows.append({
            "source_id": primary["source_id"].iloc[0] if len(primary) else None,
            "locator": primary["locator"].iloc[0] if len(primary) else None,
            "claim_id": claim.claim_id, "short_label": claim.short_label, "number": claim.number,
            "attributed_to": claim.attributed_to, "status": status, "computed_value": computed,
            "evidence_grade": claim.evidence_grade, "kind": claim.kind,
            "source_level": claim.source_level, "sources": cited, "reason": reason,
        })
    return pd.DataFrame(rows, columns=[*AUDIT_COLUMNS, "source_id", "locator"])


def format_audit(table: pd.DataFrame, fmt: str) -> str:
    """Render the audit as a text table, Markdown, CSV or JSON."""
    records = table.astype(object).where(table.notna(), None).to_dict(orient="records")
    if fmt == "json":
        records = [{k: r[k] for k in AUDIT_COLUMNS} for r in records]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return records_to_csv(list(AUDIT_COLUMNS), records)
    columns = ("claim_id", "short_label", "number", "status", "computed_value", "evidence_grade")
    cells = [[_cell(r[c]) for c in columns] for r in records]
    if fmt == "md":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    counts = table["status"].value_counts()
    lines.append("")
    lines.append(", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
