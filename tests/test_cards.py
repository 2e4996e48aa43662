"""Stat cards: only verified claims read in their primary source get one; the command says why others do not."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from analysis import paths
from analysis.cards import CardTextError, build_cards, decide, decisions, render_card
from analysis.catalog import Catalog
from analysis.claims import load_frames
from analysis.cli import main
from analysis.i18n import MissingTranslationError
from tests.conftest import read_rows, write_rows


@pytest.fixture(scope="module")
def frames() -> dict:
    return load_frames(Catalog())


@pytest.fixture(scope="module")
def built(sample_build: Path) -> tuple[Path, dict]:
    """Every card, as the session's sample build made them."""
    from analysis.cards import read_cards_manifest

    return sample_build, read_cards_manifest(sample_build)


def by_id(frames: dict) -> dict:
    return {d.claim_id: d for d in decisions(frames)}


def test_only_verified_primary_single_number_claims_get_a_card(frames: dict) -> None:
    made = by_id(frames)
    assert sorted(c for c, d in made.items() if d.made) == ["S02", "S03"]
    assert made["S02"].source_id == "unicef_vietnam_ureport_2019"
    assert "status is 'contradicted'" in made["S04"].reason
    assert "status is 'not reproducible'" in made["S06"].reason and "No measurement" in made["S06"].reason
    assert "evidence grade C" in made["S09"].reason and "secondary" in made["S09"].reason
    assert "several numbers" in made["S13"].reason and "a third; one in five" in made["S13"].reason


def claim(**overrides: str) -> SimpleNamespace:
    base = {"claim_id": "X01", "short_label": "x", "status": "reproduced", "evidence_grade": "A", "number": "42%",
            "reason": "r", "card_number": "42%", "card_sentence": "of something.", "card_caveat": "a limit."}
    return SimpleNamespace(**(base | overrides))


def test_verified_claim_without_card_text_is_told_what_to_write() -> None:
    decision = decide(claim(card_number="", card_sentence="", card_caveat=""), "some_source")
    assert not decision.made
    assert "card_number, card_sentence and card_caveat in claims.csv" in decision.reason


def test_half_written_card_text_is_an_error_naming_the_claim_and_columns() -> None:
    with pytest.raises(CardTextError, match=r"claims.csv, claim X01: .*card_caveat blank"):
        decide(claim(card_caveat=""), "some_source")


def test_no_primary_source_linked_means_no_card() -> None:
    assert "no primary source" in decide(claim(), None).reason


def test_untranslated_card_text_fails_instead_of_falling_back(frames: dict) -> None:
    source = frames["sources"].set_index("source_id").loc["unicef_vietnam_ureport_2019"]
    source = SimpleNamespace(short_citation=source["short_citation"], url=source["url"])
    with pytest.raises(MissingTranslationError, match="of something"):
        render_card(claim(card_number="1 in 3"), source, "square", "es")


def test_cards_come_in_social_sizes_and_every_language(built: tuple[Path, dict]) -> None:
    out, manifest = built
    assert [c["claim_id"] for c in manifest["cards"]] == ["S02", "S03"]
    for card in manifest["cards"]:
        assert sorted(card["outputs"]) == ["en", "es", "fr", "pt"]
        for files in card["outputs"].values():
            with Image.open(out / files["square.png"]["path"]) as square:
                assert square.size == (1080, 1080)
            with Image.open(out / files["story.png"]["path"]) as story:
                assert story.size == (1080, 1920)
    s02 = manifest["cards"][0]
    assert s02["text"]["en"]["number"] == "1 in 3" and s02["text"]["es"]["number"] == "1 de cada 3"
    assert "opt-in poll" in s02["text"]["en"]["caveat"]
    assert s02["text"]["fr"]["source_line"].startswith("Source\u00a0: UNICEF Viet Nam")
    assert s02["source"]["url"].startswith("https://www.unicef.org/vietnam/")
    assert {n["claim_id"] for n in manifest["not_made"]} == {f"S{i:02d}" for i in range(1, 16)} - {"S02", "S03"}


def test_card_number_is_the_one_the_primary_source_states(frames: dict) -> None:
    links = frames["claim_sources"]
    for claim_id, words in (("S02", "One in three"), ("S03", "one in five")):
        published = links[(links["claim_id"] == claim_id) & (links["role"] == "primary")]["published_value"].iloc[0]
        assert words in published


def test_card_background_is_drawn(built: tuple[Path, dict]) -> None:
    from analysis.cards import BACKGROUND

    out, manifest = built
    with Image.open(out / manifest["cards"][0]["outputs"]["en"]["square.png"]["path"]) as image:
        corner = image.convert("RGB").getpixel((5, 1075))
    assert "#{:02X}{:02X}{:02X}".format(*corner) == BACKGROUND


def test_rebuild_is_byte_identical_and_a_lost_card_loses_its_images(built: tuple[Path, dict], tmp_path: Path,
                                                                    package_copy: Path) -> None:
    out, manifest = built
    again = tmp_path / "figures"
    _made, second = build_cards(Catalog(), again)
    assert second == manifest
    assert (again / "cards" / "cards.json").read_bytes() == (out / "cards" / "cards.json").read_bytes()

    claims_csv = package_copy.parent / "claims.csv"
    header, rows = read_rows(claims_csv)
    for row in rows:
        if row["claim_id"] == "S03":  # no longer computed, and curated as not reproducible
            row.update(status="not reproducible", reproduced_by="", data_needed="The poll's results.")
    write_rows(claims_csv, header, rows)
    _made, third = build_cards(Catalog(package_copy), again, ["en"])
    assert [c["claim_id"] for c in third["cards"]] == ["S02"]
    assert not list((again / "cards").glob("S03-*"))
    assert sorted(third["cards"][0]["outputs"]) == ["en", "es", "fr", "pt"]  # other languages kept


def test_command_says_why_a_claim_gets_no_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "--out", str(tmp_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "S02  card" in out
    assert "S06  no card  750,000 predators online at any moment: status is 'not reproducible'" in out
    assert "2 card(s) of 15 claims" in out
    page = (tmp_path / paths.GALLERY_NAME).read_text(encoding="utf-8")
    assert 'id="card-S02-en"' in page and "13 claims get no stat card, and why" in page


def test_committed_cards_are_what_the_register_builds(built: tuple[Path, dict]) -> None:
    committed = json.loads((paths.FIGURES / paths.CARDS_DIR / "cards.json").read_text(encoding="utf-8"))
    assert committed == built[1], "figures/cards is stale: run 'make figures'"
