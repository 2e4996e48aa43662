"""Every area's factsheet content in every language, prepared without drawing; every printable value translated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import factsheet, paths
from analysis.catalog import Catalog
from analysis.countries import country, country_reference
from analysis.factsheet import FactsheetBatchError, build_factsheets, factsheet_countries, factsheet_data, load_frames
from analysis.grooming_laws import MEETING_LABELS
from analysis.i18n import LANGUAGES, MissingTranslationError, country_name, translate


@pytest.fixture(scope="module")
def frames() -> dict:
    return load_frames(Catalog())


def test_every_area_prepares_in_every_language(frames: dict) -> None:
    codes = factsheet_countries(frames)
    assert {"JPN", "NLD", "FRA", "USA"} <= set(codes) and len(codes) >= 193
    failures: dict[str, list[str]] = {}  # what went wrong -> where (one line per problem, not per page)
    for iso3 in codes:
        data = factsheet_data(iso3, frames)
        for lang in LANGUAGES:
            try:
                texts = factsheet.prepare_factsheet(iso3, frames, lang, data)
            except Exception as err:  # noqa: BLE001 (every failure is listed, not just the first)
                failures.setdefault(f"{type(err).__name__}: {err}", []).append(f"{iso3} ({lang})")
                continue
            assert texts[0] == country_name(iso3, lang=lang), (iso3, lang)
            assert translate("Sources", lang) in texts and translate("Legal status", lang) in texts
            assert len(texts) >= 8 + len(data.source_ids), (iso3, lang)  # heading, treaties, footer, sources
    assert failures == {}, "\n".join(f"{problem} [{len(where)} page(s): {', '.join(where[:6])}...]"
                                    for problem, where in failures.items())


def test_budapest_acceptance_is_printed_translated(frames: dict) -> None:
    """Japan and the Netherlands consented to the Budapest Convention by acceptance (the batch once stopped here)."""
    status = frames["treaty_status"]
    accepted = set(status.loc[status["consent_type"] == "acceptance", "iso3"])
    assert {"JPN", "NLD"} <= accepted
    for lang, word in (("en", "Acceptance"), ("es", "Aceptación"), ("pt", "Aceitação"), ("fr", "Acceptation")):
        assert any(word in text for text in factsheet.prepare_factsheet("JPN", frames, lang)), lang


def printable_values(frames: dict) -> dict[str, set[str]]:
    """Every data value a factsheet passes through the translation catalog, by where it comes from."""
    descriptor = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    schemas = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in descriptor["resources"]}
    consent_types = schemas["treaty_status"]["consent_type"]["constraints"]["enum"]
    survey = frames["survey_estimates"]
    other_surveys = set(survey.loc[survey["indicator_id"] != factsheet.HBSC, "indicator_id"])
    indicators = frames["indicators"].set_index("indicator_id").loc[sorted(other_surveys)]
    series = frames["count_series"]
    laws = frames["grooming_laws"]
    reference = country_reference()
    return {
        "consent types (schema enum)": {value.capitalize() for value in consent_types} | {"Consent"},
        "instruments": set(frames["instruments"]["short_name"]),
        "regions": set(reference["m49_region"]) | {country(a).m49_region for a in factsheet_countries(frames)},
        "jurisdictions": set(laws["jurisdiction"].dropna()),
        "meeting answers": set(MEETING_LABELS.values()),
        "sex labels": set(factsheet.SEX_LABELS.values()),
        "survey titles": set(indicators["title"]),
        "recall periods": set(indicators["recall_period"]),
        "count series titles": set(series.loc[series["age_group"] == "under 18", "title"]),
        "footnote": {factsheet.NOT_YET_COVERED},
    }


def test_every_printable_value_has_every_translation(frames: dict) -> None:
    missing = []
    for where, values in printable_values(frames).items():
        assert values, where
        for value in sorted(values):
            for lang in LANGUAGES:
                try:
                    translate(value, lang)
                except MissingTranslationError:
                    missing.append(f"{where}: {value!r} ({lang})")
    assert missing == [], "add rows to analysis/i18n/messages.csv:\n" + "\n".join(missing)


def test_batch_goes_on_past_a_failing_area_and_lists_every_failure(
        frames: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_render(iso3: str, _frames: dict, lang: str) -> bytes:
        if iso3 in {"JPN", "NLD"}:
            raise MissingTranslationError(f"no entry for 'Acceptance' (test, {iso3})")
        return b"%PDF-1.4 " + f"{iso3} {lang}".encode()

    monkeypatch.setattr(factsheet, "render_factsheet", fake_render)
    out = tmp_path / "sheets"
    with pytest.raises(FactsheetBatchError) as caught:
        build_factsheets(["ARG", "JPN", "NLD", "FRA"], ["en", "fr"], Catalog(), out, progress=False, jobs=1)
    err = caught.value
    assert sorted((iso3, lang) for iso3, lang, _m in err.failures) == [
        ("JPN", "en"), ("JPN", "fr"), ("NLD", "en"), ("NLD", "fr")]
    assert "4 factsheet(s) failed, 4 written" in str(err) and "JPN (fr): MissingTranslationError" in str(err)
    assert sorted(p.name for p in out.iterdir()) == ["ARG.fr.pdf", "ARG.pdf", "FRA.fr.pdf", "FRA.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheets"]  # no staging folder left beside it


def test_cards_batch_goes_on_past_a_failing_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import cards, claims
    from analysis.cli import main

    made = [d.claim_id for d in cards.decisions(claims.load_frames(Catalog())) if d.made]
    assert len(made) >= 2
    failing = made[0]

    def fake_render(claim: object, source: object, size: str, lang: str) -> bytes:
        if claim.claim_id == failing:
            raise MissingTranslationError(f"no entry for 'something' (test, {size})")
        return f"PNG {claim.claim_id} {size} {lang}".encode()

    monkeypatch.setattr(cards, "render_card", fake_render)
    with pytest.raises(cards.CardBatchError, match=rf"1 card\(s\) failed .*\n  {failing}: MissingTranslationError"):
        cards.build_cards(Catalog(), tmp_path / "figures", ["en"])
    written = {p.name.split("-")[0] for p in (tmp_path / "figures" / paths.CARDS_DIR).glob("S*.png")}
    assert written == set(made[1:])  # every other claim card, none of the failing one
    assert main(["cards", "--out", str(tmp_path / "again"), "--lang", "en"]) == 1
