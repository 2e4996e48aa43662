"""Online-grooming offences: what the verified provisions can say about 'two-thirds have no law', and the table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.catalog import Catalog
from analysis.claims import audit, load_frames
from analysis.countries import un_member_states
from analysis.figures.registry import all_recipes
from analysis.grooming_laws import LawEvidence, law_evidence, two_thirds_verdict
from analysis.i18n import language
from tests.conftest import read_rows, write_rows


def laws(*codes: str, in_force: tuple[str | None, ...] = ()) -> pd.DataFrame:
    return pd.DataFrame({"iso3": list(codes), "in_force": list(in_force) or [None] * len(codes)})


def test_states_without_a_row_are_not_known_and_non_members_do_not_count() -> None:
    # Two provisions for France count once; Kosovo (XKX) is not a UN member state.
    evidence = law_evidence(laws("FRA", "FRA", "CAN", "XKX"))
    assert (evidence.members, evidence.with_offence, evidence.verified_without, evidence.not_known) == (
        193, 2, 0, 191)
    assert evidence.max_share_without_pct == pytest.approx(100 * 191 / 193)


def test_only_a_recorded_date_counts_a_law_as_in_force_at_the_review() -> None:
    # 2017 is the ICMEC review's year: France (2007) and Canada (2017-06) count; an undated row and a 2018 law do not.
    evidence = law_evidence(laws("FRA", "CAN", "NOR", "BEL", in_force=("2007-03-07", "2017-06", None, "2018")))
    assert (evidence.with_offence, evidence.in_force_by_review) == (4, 2)


def test_two_thirds_needs_129_absences_and_65_offences_refute_it() -> None:
    # 2/3 of 193 is 128.67: 'two-thirds have no law' needs at least 129 states without one, so offences
    # read in 193 - 129 + 1 = 65 states would refute it.
    assert LawEvidence(193, 10, 0).absences_needed == 129
    verdict = two_thirds_verdict(LawEvidence(193, 64, 0))
    assert verdict.startswith("Cannot be computed") and "at least 129 verified absences" in verdict
    assert "offences in at least 65 states" in verdict and "66.8% or less" in verdict  # 129/193
    now_only = two_thirds_verdict(LawEvidence(193, 65, 0, in_force_by_review=30))
    assert now_only.startswith("Contradicted by the package for the laws as read now: 65 of 193")
    assert "only 30 of them record the offence as in force by the end of that year" in now_only
    assert "cannot say the claim was untrue when it was made" in now_only
    already = two_thirds_verdict(LawEvidence(193, 70, 0, in_force_by_review=65))
    assert "It was already untrue in 2017: 65 of them" in already


def test_a_contradicted_answer_sets_the_claims_status(monkeypatch) -> None:
    import analysis.grooming_laws as grooming

    frames = load_frames()
    monkeypatch.setattr(grooming, "law_evidence", lambda _laws: LawEvidence(193, 65, 0, in_force_by_review=10))
    row = audit(frames).set_index("claim_id").loc["S10"]
    assert row["status"] == "contradicted"
    assert row["reason"].startswith("Contradicted by the package for the laws as read now: 65 of 193")


def test_the_claims_audit_carries_the_computed_answer_for_the_two_thirds_claim() -> None:
    frames = load_frames()
    with_offence = len(set(frames["grooming_laws"]["iso3"]) & set(un_member_states()["iso3"]))
    row = audit(frames).set_index("claim_id").loc["S10"]
    assert row["status"] == "not reproducible"
    assert row["reason"].startswith(f"Cannot be computed: an online-grooming offence was read in the law of "
                                    f"{with_offence} of 193 UN member states")


def test_shipped_rows_name_their_jurisdiction_consistently() -> None:
    rows = Catalog().load("grooming_laws")
    assert len(rows) > 0
    assert rows["iso3"].isin(un_member_states()["iso3"]).all()
    # Where a state has separate criminal laws (the UK), every row says which part it covers.
    gbr = rows[rows["iso3"] == "GBR"]
    assert gbr["jurisdiction"].notna().all()
    assert rows["in_force_basis"].notna().eq(rows["in_force"].notna()).all()


def test_table_figure_lists_every_provision_by_country_in_each_language() -> None:
    recipe = all_recipes()["grooming-laws-table"]
    data = recipe.plotted_data(Catalog())
    shipped = Catalog().load("grooming_laws")
    assert len(data) == len(shipped)
    years = data["in_force_year"].dropna().tolist()  # the data file keeps the order of entry into force
    assert years == sorted(years) and data["in_force_year"].isna().sum() == shipped["in_force"].isna().sum()
    with language("en"):
        note = recipe.note_for(data)
        alt = recipe.alt_text(data)
    states = len(set(shipped["iso3"]))
    assert note.startswith(f"{states} of 193 UN member states have an offence in this table; for the other "
                           f"{193 - states}")
    assert f"Table of {len(shipped)} provisions" in alt
    assert alt.index("Argentina:") < alt.index("Germany:") < alt.index("United States:")
    with language("fr"):  # alphabetical in French, accents ignored: Allemagne first, États-Unis among the E
        alt = recipe.alt_text(data)
    assert alt.index("Allemagne") < alt.index("Argentine") < alt.index("États-Unis") < alt.index("France")


def test_table_page_grows_with_its_rows_and_every_row_stays_above_the_footer() -> None:
    from dataclasses import replace

    import pandas as pd
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis.figures.grooming_laws import table_height
    from analysis.plotting.layout import SIZES, house_style, page

    recipe = all_recipes()["grooming-laws-table"]
    data = recipe.plotted_data(Catalog())
    doubled = pd.concat([data, data], ignore_index=True)
    assert table_height(doubled) > table_height(data) > 1.0
    with house_style(), language("en"):
        size = replace(SIZES["report"], height_in=SIZES["report"].height_in * table_height(doubled))
        figure, axes = page(size, recipe.title_for(), recipe.subtitle_for(), "Sources: a line.", recipe.note_for(data))
        recipe.draw(doubled, axes)
        renderer = FigureCanvasAgg(figure).get_renderer()
        lowest_in = min(t.get_window_extent(renderer).y0 for t in axes[0].texts) / figure.dpi
        assert lowest_in > figure.footer_top_in
        assert len(axes[0].texts) == 6 * (len(doubled) + 1)  # a header and every row, six cells each


def test_a_meeting_answer_outside_yes_no_not_read_is_refused(package_copy: Path) -> None:
    path = package_copy.parent / "grooming_laws.csv"
    header, rows = read_rows(path)
    rows[0]["meeting_required"] = "sometimes"
    write_rows(path, header, rows)
    text = "\n".join(str(p) for p in Catalog(package_copy).validate())
    assert "grooming_laws.csv, row 2, column 'meeting_required'" in text


def test_penalties_read_as_written_in_each_language() -> None:
    import pandas as pd

    from analysis.figures.grooming_laws import penalty_label

    one = pd.Series({"max_penalty_kind": "term of years", "max_penalty_years": 1.0})
    ten = pd.Series({"max_penalty_kind": "term of years", "max_penalty_years": 10.0})
    life = pd.Series({"max_penalty_kind": "life imprisonment", "max_penalty_years": float("nan")})
    with language("en"):
        assert [penalty_label(r) for r in (one, ten, life)] == ["1 year", "10 years", "Life"]
    with language("fr"):
        assert [penalty_label(r) for r in (one, ten, life)] == ["1 an", "10 ans", "Perpétuité"]
