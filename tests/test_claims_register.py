"""The shipped claims register: every seed claim is audited from sources, and the command prints it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from analysis import paths
from analysis.catalog import Catalog
from analysis.claims import audit, load_frames


def seed_claim_ids() -> list[str]:
    text = (paths.ROOT.parent / "shared" / "seed-claims.md")
    if text.exists():
        return re.findall(r"^\| (S\d{2}) \|", text.read_text(), flags=re.M)
    return [f"S{i:02d}" for i in range(1, 16)]


def test_every_seed_claim_has_a_row_with_a_status() -> None:
    table = audit(load_frames()).set_index("claim_id")
    ids = seed_claim_ids()
    assert len(ids) == 15
    for claim_id in ids:
        assert claim_id in table.index, claim_id
        assert table.loc[claim_id, "reason"]


def test_claims_with_a_source_link_it_and_graded_claims_match_their_sources() -> None:
    catalog = Catalog()
    claims = catalog.load("claims").set_index("claim_id")
    links = catalog.load("claim_sources")
    for claim_id, claim in claims.iterrows():
        linked = links[links["claim_id"] == claim_id]
        if claim["source_level"] == "primary":
            assert (linked["role"] == "primary").any(), claim_id
        if claim["evidence_grade"] in ("A", "B"):
            assert claim["source_level"] == "primary", claim_id


def test_no_claim_links_a_report_about_an_identifiable_case() -> None:
    catalog = Catalog()
    claims = catalog.load("claims")
    single = set(claims.loc[claims["kind"] == "single case", "claim_id"])
    links = catalog.load("claim_sources")
    assert single and not links["claim_id"].isin(single).any()


def test_750000_predators_is_not_presented_as_measured() -> None:
    row = audit(load_frames()).set_index("claim_id").loc["S06"]
    assert row["evidence_grade"] == "D"
    assert row["status"] == "not reproducible"


def test_half_second_is_the_daily_figure_re_expressed() -> None:
    # UNICEF: more than 175,000 children go online for the first time every day.
    links = Catalog().load("claim_sources")
    quoted = " ".join(links.loc[links["claim_id"] == "S01", "published_value"])
    assert "175,000" in quoted
    assert 86_400 / 175_000 < 0.5


def test_claims_command_formats() -> None:
    run = [sys.executable, "-m", "analysis", "claims"]
    table = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert table.splitlines()[0].startswith("claim_id")
    assert re.search(r"^S06\s+750,000 predators", table, flags=re.M)
    assert "1 contradicted" in table
    records = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, text=True,
                                        check=True).stdout)
    assert {r["claim_id"] for r in records} >= set(seed_claim_ids())
    md = subprocess.run([*run, "--format", "md"], capture_output=True, text=True, check=True).stdout
    assert md.startswith("| claim_id |")
    csv_out = subprocess.run([*run, "--format", "csv"], capture_output=True, text=True, check=True).stdout
    assert csv_out.splitlines()[0].startswith("claim_id,short_label,number")


def test_claims_figure_refuses_labels_that_overflow_their_tile() -> None:
    import pytest

    from analysis.figures.claims import claims_data

    frames = load_frames()
    frames["claims"] = frames["claims"].copy()
    frames["claims"].loc[0, "short_label"] = "A label far too long to fit in two lines of one tile"
    with pytest.raises(ValueError, match="column 'short_label': the labels of S01 need more than 2"):
        claims_data(frames)
