"""Key facts: computed from the package (checked here against plain pandas on the CSVs), left out with reasons,
and drawn as cards for a country by the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.facts.register import compute, fact_countries, load_frames
from analysis.i18n import language


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.DATASETS / f"{name}.csv", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return load_frames()


@pytest.fixture(scope="module")
def register(frames: dict[str, pd.DataFrame]):
    with language("en"):
        return compute(frames, ["WLD", *fact_countries(frames)])


def fact(register, card_id: str):
    found = [f for f in register.facts if f.card_id == card_id]
    assert len(found) == 1, card_id
    return found[0]


def test_the_world_and_at_least_150_countries_have_key_facts(register) -> None:
    areas = {f.area for f in register.facts}
    assert "WLD" in areas
    assert len(areas - {"WLD"}) >= 150
    assert all(f.sentence and f.limit and f.definition and f.source_ids for f in register.facts)


def test_world_treaty_shares_recomputed_from_the_status_list(register) -> None:
    from analysis.countries import un_member_states

    members = set(un_member_states()["iso3"])
    status = csv("treaty_status")
    for instrument in ("opsc", "cets201", "cets185"):
        rows = status[(status["instrument_id"] == instrument) & status["iso3"].isin(members)]
        parties = int((rows["status"] == "party").sum())
        found = fact(register, f"WLD-{instrument}-parties")
        assert found.number == f"{parties} of {len(members)}"
        assert found.value == pytest.approx(100 * parties / len(members))


def test_country_bullying_rate_and_region_median_recomputed(register) -> None:
    table = csv("bullying_global")
    sowc = table[table["indicator_id"] == "sowc2023_bullied_13_15"]
    arg = sowc[sowc["area"] == "ARG"].set_index("sex")["value_pct"]
    both = (arg["female"] + arg["male"]) / 2
    found = fact(register, "ARG-bullying-13-15")
    assert found.value == pytest.approx(both)
    assert found.number == f"{both:.0f}%"
    assert "median of 27 countries and areas of Latin America and the Caribbean" in found.sentence


def test_country_reports_are_the_latest_year_checked_against_ncmec(register) -> None:
    reports = csv("cybertipline_countries")
    fra = reports[(reports["iso3"] == "FRA") & (reports["year"] == 2023) & (reports["report_kind"] == "all")]
    found = fact(register, "FRA-cybertipline-reports")
    assert found.year == 2023  # 2024 rows exist but were not compared with NCMEC's own table
    assert found.value == float(fra["reports"].sum())
    assert "ncmec_cybertipline_by_country_2023" in found.source_ids
    population = csv("population")
    people = population[(population["indicator_id"] == "SP.POP.TOTL") & (population["iso3"] == "FRA")
                        & (population["year"] == 2023)]["value"].iloc[0]
    assert f"{1e5 * found.value / people:,.0f} per 100,000 inhabitants" in found.sentence


def test_grooming_offence_year_and_penalty_from_the_statute_row(register) -> None:
    laws = csv("grooming_laws")
    arg = laws[laws["iso3"] == "ARG"].iloc[0]
    found = fact(register, "ARG-grooming-offence")
    assert found.number == str(arg["in_force"])[:4] == "2013"
    assert f"up to {int(arg['max_penalty_years'])} years in prison" in found.sentence


def test_facts_without_data_are_left_out_with_their_reason(register) -> None:
    reasons = {(o.area, o.fact_id): o.reason for o in register.omissions}
    assert "not a missing law" in reasons[("KEN", "grooming-offence")]
    assert not any(f.card_id == "KEN-grooming-offence" for f in register.facts)


def test_facts_are_translated_not_copied(frames: dict[str, pd.DataFrame]) -> None:
    with language("fr"):
        french = compute(frames, ["ARG"])
    opsc = fact(french, "ARG-opsc-status")
    # No bare country name where French wants an article ("Argentine est partie", "la loi de Japon"): the name
    # stands before a colon, and the statute's own name is glossed in French (citations.csv).
    assert opsc.sentence.startswith("Argentine\u00a0: État partie au protocole de l'ONU")
    assert "depuis le 25 septembre 2003" in opsc.sentence
    with language("fr"):
        japan = fact(compute(frames, ["JPN"]), "JPN-grooming-offence")
    assert japan.sentence.startswith("Japon\u00a0: l'année où la loi a fait du pédopiégeage en ligne une infraction "
                                     "(Keihō (Code pénal, loi n° 45 de 1907), art. 182)")
    with language("pt"):
        japan = fact(compute(frames, ["JPN"]), "JPN-grooming-offence")
    assert japan.sentence.startswith("Japão: o ano em que a lei tipificou o aliciamento online como crime "
                                     "(Keihō (Código Penal, Lei nº 45 de 1907), art. 182)")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True,
                          cwd=paths.ROOT, timeout=600)


def test_cards_command_draws_a_countrys_cards(tmp_path: Path) -> None:
    result = run("cards", "ARG", "--lang", "es", "--out", str(tmp_path), "--no-progress", "-j", "1")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "ARG"
    names = sorted(p.name for p in folder.glob("*.png"))
    assert names == sorted(f"ARG-{f}-{s}.es.png" for f in ("opsc-status", "cets201-status", "bullying-13-15",
                                                            "cybertipline-reports", "grooming-offence")
                           for s in ("square", "story"))
    listed = json.loads((folder / "key-facts.json").read_text(encoding="utf-8"))
    assert {e["card_id"] for e in listed["key_facts"]} == {n.rsplit("-", 1)[0] for n in names}
    assert "10 key-fact card image(s) for 1 country" in result.stdout


def test_cards_command_refuses_unknown_country_and_both_modes(tmp_path: Path) -> None:
    unknown = run("cards", "XXX", "--out", str(tmp_path))
    assert unknown.returncode == 2 and "XXX" in unknown.stderr and "Traceback" not in unknown.stderr
    both = run("cards", "ARG", "--all", "--out", str(tmp_path))
    assert both.returncode == 2 and "not both" in both.stderr
