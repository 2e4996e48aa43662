"""The claims audit on tiny inline tables: statuses, reproductions and output formats."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from analysis import claims as claims_module
from analysis.claims import Reproduction, audit, format_audit


def frames() -> dict[str, pd.DataFrame]:
    claims = pd.DataFrame([
        {"claim_id": "T01", "short_label": "Half of X", "wording": "Half of all X", "number": "half",
         "attributed_to": "Org", "source_level": "primary", "kind": "survey estimate",
         "what_it_measures": "X", "evidence_grade": "A", "status": "consistent with caveats",
         "reproduced_by": "test", "reason": "Read in the report."},
        {"claim_id": "T02", "short_label": "Many Y", "wording": "Many Y", "number": "750,000",
         "attributed_to": "Org", "source_level": "none", "kind": "unsourced",
         "what_it_measures": "nothing measured", "evidence_grade": "D",
         "status": "not reproducible", "reproduced_by": None, "reason": "No source found."},
    ])
    links = pd.DataFrame([{"claim_id": "T01", "source_id": "src", "role": "primary",
                           "locator": "p. 3", "published_value": "50%", "note": None}])
    sources = pd.DataFrame([{"source_id": "src", "short_citation": "Org, Report 2020"}])
    data = pd.DataFrame({"value_pct": [49.0, 51.0]})
    return {"claims": claims, "claim_sources": links, "sources": sources, "survey_estimates": data}


@pytest.fixture
def with_reproduction(monkeypatch: pytest.MonkeyPatch):
    def mean_pct(f):
        return float(f["survey_estimates"]["value_pct"].mean())

    reps = {"T01": Reproduction("mean of the two estimates", mean_pct, expected=50.0, tolerance=0.5)}
    monkeypatch.setattr(claims_module, "REPRODUCTIONS", reps)


def test_reproduction_sets_status_and_value(with_reproduction: None) -> None:
    table = audit(frames()).set_index("claim_id")
    assert table.loc["T01", "status"] == "reproduced"
    assert table.loc["T01", "computed_value"] == 50.0
    assert "computed 50" in table.loc["T01", "reason"]
    assert table.loc["T01", "sources"] == "Org, Report 2020 (primary, p. 3)"
    assert table.loc["T02", "status"] == "not reproducible"
    assert pd.isna(table.loc["T02", "computed_value"])


def test_reproduction_that_disagrees_is_contradicted(with_reproduction: None) -> None:
    data = frames()
    data["survey_estimates"] = pd.DataFrame({"value_pct": [30.0, 32.0]})
    assert audit(data).set_index("claim_id").loc["T01", "status"] == "contradicted"


def test_formats(with_reproduction: None) -> None:
    table = audit(frames())
    text = format_audit(table, "table")
    assert text.splitlines()[0].split()[:3] == ["claim_id", "short_label", "number"]
    assert "1 reproduced, 0 consistent with caveats, 1 not reproducible, 0 contradicted" in text
    md = format_audit(table, "md").splitlines()
    assert md[0].startswith("| claim_id |") and md[1].startswith("|---|")
    rows = list(csv.DictReader(io.StringIO(format_audit(table, "csv"))))
    assert [r["status"] for r in rows] == ["reproduced", "not reproducible"]
    records = json.loads(format_audit(table, "json"))
    assert records[0]["computed_value"] == 50.0 and records[1]["computed_value"] is None
