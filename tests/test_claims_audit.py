"""The claims audit: computations set statuses and values, the register must say how each claim is settled."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from analysis import claim_computations as computations
from analysis.catalog import Catalog
from analysis.claim_computations import Computation, Registered
from analysis.claims import ClaimRegisterError, audit, format_audit, load_frames


def frames(reproduced_by: str | None = "mean_test", data_needed: str | None = None) -> dict[str, pd.DataFrame]:
    claims = pd.DataFrame([
        {"claim_id": "T01", "short_label": "Half of X", "wording": "Half of all X", "number": "half",
         "attributed_to": "Org", "source_level": "primary", "kind": "survey estimate",
         "what_it_measures": "X", "evidence_grade": "A", "status": "consistent with caveats",
         "reproduced_by": reproduced_by, "data_needed": data_needed, "reason": "Read in the report."},
        {"claim_id": "T02", "short_label": "Many Y", "wording": "Many Y", "number": "750,000",
         "attributed_to": "Org", "source_level": "none", "kind": "unsourced",
         "what_it_measures": "nothing measured", "evidence_grade": "D", "status": "not reproducible",
         "reproduced_by": None, "data_needed": "A measurement of Y.", "reason": "No source found."},
    ])
    links = pd.DataFrame([{"claim_id": "T01", "source_id": "src", "role": "primary",
                           "locator": "p. 3", "published_value": "50%", "note": None}])
    sources = pd.DataFrame([{"source_id": "src", "short_citation": "Org, Report 2020"}])
    data = pd.DataFrame({"value_pct": [49.0, 51.0]})
    return {"claims": claims, "claim_sources": links, "sources": sources, "survey_estimates": data}


@pytest.fixture
def mean_test(monkeypatch: pytest.MonkeyPatch) -> None:
    def mean_pct(f):
        value = float(f["survey_estimates"]["value_pct"].mean())
        verdict = "reproduced" if abs(value - 50) <= 0.5 else "contradicted"
        return Computation(value, f"{value:g}%", verdict, "mean of the two estimates.",
                           ("survey_estimates.csv: 2 rows",))

    monkeypatch.setitem(computations.COMPUTATIONS, "mean_test", Registered(("survey_estimates",), mean_pct))


def test_computation_sets_status_value_and_rows(mean_test: None) -> None:
    table = audit(frames()).set_index("claim_id")
    assert table.loc["T01", "status"] == "reproduced"
    assert table.loc["T01", "computed_value"] == 50.0
    assert table.loc["T01", "computed_as"] == "50%"
    assert table.loc["T01", "computed_from"] == "survey_estimates.csv: 2 rows"
    assert table.loc["T01", "reason"].startswith("mean of the two estimates.")
    assert table.loc["T02", "status"] == "not reproducible"
    assert table.loc["T02", "data_needed"] == "A measurement of Y."
    assert pd.isna(table.loc["T02", "computed_value"])


def test_computation_that_disagrees_is_contradicted(mean_test: None) -> None:
    data = frames()
    data["survey_estimates"] = pd.DataFrame({"value_pct": [30.0, 32.0]})
    assert audit(data).set_index("claim_id").loc["T01", "status"] == "contradicted"


def test_claim_neither_computed_nor_saying_what_data_it_needs_is_an_error() -> None:
    with pytest.raises(ClaimRegisterError, match=r"row 2 \(T01\).*'reproduced_by' nor 'data_needed'"):
        audit(frames(reproduced_by=None))
    with pytest.raises(ClaimRegisterError, match=r"'no_such' is not a computation"):
        audit(frames(reproduced_by="no_such"))


def test_formats(mean_test: None) -> None:
    table = audit(frames())
    text = format_audit(table, "table")
    assert text.splitlines()[0].split()[:3] == ["claim_id", "short_label", "number"]
    assert "1 reproduced, 0 reproduced with a different definition, 0 consistent with caveats" in text
    assert "computed from the data: 1 of 2 claims; 1 reproduced" in text
    rows = list(csv.DictReader(io.StringIO(format_audit(table, "csv"))))
    assert [r["status"] for r in rows] == ["reproduced", "not reproducible"]
    records = json.loads(format_audit(table, "json"))
    assert records[0]["computed_value"] == 50.0 and records[1]["computed_value"] is None


# --- The shipped register, against the rows each computation reads -----------------------------------------

@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return audit(load_frames(Catalog())).set_index("claim_id")


def test_at_least_the_issue_claims_are_computed(shipped: pd.DataFrame) -> None:
    computed = set(shipped.index[shipped["computed_from"].notna()])
    assert {"S02", "S03", "S09", "S11", "S13"} <= computed
    assert shipped.loc[~shipped.index.isin(computed), "data_needed"].notna().all()


def test_s09_is_ncmec_2017_ratio_of_runaways(shipped: pd.DataFrame) -> None:
    counts = pd.read_csv(Catalog().package_path.parent / "counts.csv")
    row = counts[(counts["series_id"] == "ncmec_trafficking_ratio_runaways") & (counts["year"] == 2017)]
    assert len(row) == 1 and "one in seven" in row["quote"].iloc[0]
    assert shipped.loc["S09", "computed_value"] == float(row["value"].iloc[0]) == 7.0
    assert shipped.loc["S09", "status"] == "reproduced with a different definition"
    assert "runaways" in shipped.loc["S09", "reason"]


def test_s11_is_the_argentine_article_as_read(shipped: pd.DataFrame) -> None:
    laws = pd.read_csv(Catalog().package_path.parent / "grooming_laws.csv")
    arg = laws[laws["iso3"] == "ARG"].iloc[0]
    assert (int(str(arg["in_force"])[:4]), float(arg["max_penalty_years"])) == (2013, 4.0)
    assert "cuatro (4) años" in arg["max_penalty_as_written"]
    assert shipped.loc["S11", "status"] == "reproduced"
    assert shipped.loc["S11", "computed_as"] == "2013; up to 4 years"


def test_ureport_claims_read_unicef_release(shipped: pd.DataFrame) -> None:
    poll = pd.read_csv(Catalog().package_path.parent / "poll_results.csv")
    unicef = poll[(poll["source_id"] == "unicef_vietnam_ureport_2019") & (poll["area"] == "WLD")]
    victim = set(unicef.loc[unicef["measure"] == "victim_online_bullying", "value_as_published"])
    assert "More than a third" in victim
    assert shipped.loc["S02", "status"] == "reproduced"
    assert "More than a third" in shipped.loc["S02", "computed_as"]
    assert shipped.loc["S03", "status"] == "reproduced with a different definition"
    assert "of them" in shipped.loc["S03", "reason"]
    assert shipped.loc["S13", "status"] == "reproduced with a different definition"
