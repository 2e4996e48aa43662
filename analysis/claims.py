"""The claims audit: each circulating statistic, its sources, and whether the data reproduces it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analysis.catalog import Catalog
from analysis.safe_csv import records_to_csv

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("reproduced", "reproduced with a different definition", "consistent with caveats", "not reproducible",
            "contradicted")
GRADES = {
    "A": "primary statistical publication with a stated method and sample",
    "B": "primary publication, but the method is thin or respondents self-selected",
    "C": "only secondary citations found; the primary source could not be read",
    "D": "no source found, or the number has no measurement behind it",
}
ROLE_ORDER = {"primary": 0, "secondary": 1, "fact-check": 2, "context": 3}
AUDIT_COLUMNS = ("claim_id", "short_label", "number", "attributed_to", "status", "computed_value", "computed_as",
                 "computed_from", "evidence_grade", "kind", "source_level", "sources", "reason", "data_needed")
# The register and its sources; each computation adds the resources it reads (analysis.claim_computations).
REGISTER_DATASETS = ("claims", "claim_sources", "sources")


def audit_datasets() -> tuple[str, ...]:
    """The resources the audit reads: the register, and whatever the registered computations use."""
    from analysis.claim_computations import COMPUTATIONS

    used = {d for registered in COMPUTATIONS.values() for d in registered.datasets}
    return (*REGISTER_DATASETS, *sorted(used - set(REGISTER_DATASETS)))


AUDIT_DATASETS = audit_datasets()


class ClaimRegisterError(ValueError):
    """A claim that names no computation and says no data it would need, or names one that does not exist."""


def load_frames(catalog: Catalog | None = None) -> dict[str, pd.DataFrame]:
    """The resources the audit needs, validated once."""
    return (catalog or Catalog()).load_many(AUDIT_DATASETS)


def _present(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_register(claims: pd.DataFrame) -> None:
    """Every claim is computed (reproduced_by names a computation) or says what data would settle it."""
    from analysis.claim_computations import COMPUTATIONS

    problems = []
    for row_number, claim in enumerate(claims.itertuples(index=False), start=2):
        name = claim.reproduced_by if _present(claim.reproduced_by) else None
        if name is not None and name not in COMPUTATIONS:
            problems.append(f"claims.csv, row {row_number} ({claim.claim_id}), column 'reproduced_by': "
                            f"'{name}' is not a computation; known: {', '.join(sorted(COMPUTATIONS))}")
        if name is None and not _present(getattr(claim, "data_needed", None)):
            problems.append(f"claims.csv, row {row_number} ({claim.claim_id}): neither 'reproduced_by' nor "
                            "'data_needed' is filled; name the computation that reproduces the claim, or say "
                            "which data would be needed to compute it")
    if problems:
        raise ClaimRegisterError("\n".join(problems))


def audit(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per claim with its status: a computation's verdict overrides the curated status."""
    import pandas as pd

    from analysis.claim_computations import COMPUTATIONS

    claims = frames["claims"]
    check_register(claims)
    links = frames["claim_sources"]
    sources = frames["sources"].set_index("source_id")
    rows = []
    for claim in claims.itertuples(index=False):
        used = links[links["claim_id"] == claim.claim_id]
        cited = "; ".join(
            f"{sources.loc[s.source_id, 'short_citation']} ({s.role}, {s.locator})"
            for s in used.itertuples(index=False))
        status, reason = claim.status, claim.reason
        value, shown, read = None, None, None
        if _present(claim.reproduced_by):
            result = COMPUTATIONS[claim.reproduced_by].compute(frames)
            value, shown, read = result.value, result.display, "; ".join(result.rows)
            status = result.verdict or claim.status
            reason = f"{result.explanation} {claim.reason}"
        primary = used.sort_values("role", key=lambda r: r.map(ROLE_ORDER)).head(1)
        rows.append({
            "source_id": primary["source_id"].iloc[0] if len(primary) else None,
            "locator": primary["locator"].iloc[0] if len(primary) else None,
            "claim_id": claim.claim_id, "short_label": claim.short_label, "number": claim.number,
            "attributed_to": claim.attributed_to, "status": status, "computed_value": value, "computed_as": shown,
            "computed_from": read, "evidence_grade": claim.evidence_grade, "kind": claim.kind,
            "source_level": claim.source_level, "sources": cited, "reason": reason,
            "data_needed": None if _present(claim.reproduced_by) else getattr(claim, "data_needed", None),
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
    columns = ("claim_id", "short_label", "number", "status", "computed_as", "evidence_grade")
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
    computed = table[table["computed_from"].notna()]
    lines.append(f"computed from the data: {len(computed)} of {len(table)} claims; "
                 + ", ".join(f"{int((computed['status'] == s).sum())} {s}" for s in STATUSES
                             if (computed["status"] == s).any()))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
