"""Every string of every figure and card is translated: nothing missing, no English left, Brazilian and agreed forms."""

from __future__ import annotations

import csv
import re
from functools import cache

import pandas as pd
import pytest

from analysis import i18n, paths
from analysis.catalog import Catalog
from analysis.figures.registry import all_recipes
from analysis.i18n.citations import CITATIONS, citation
from analysis.i18n.leftovers import UntranslatedTextError, english_leftovers
from analysis.plotting.layout import SIZES
from analysis.render import source_line

OTHER_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != "en"]


@cache
def catalog_data() -> Catalog:
    return Catalog()


# Every figure: the build checks each output as it renders it (analysis.render.render_job: a miss in the catalog
# or English words drawn in another language stop the build), and test_reproducibility checks that the committed
# manifest is the build of this code and data, so every figure of every size and language passed the check.

def test_the_build_refuses_a_figure_that_draws_english_in_another_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.figures.registry import Recipe
    from analysis.render import render_job

    recipe = all_recipes()["ncmec-trafficking-ratio"]
    english = recipe.subtitle
    assert english_leftovers([english], "fr"), "the planted subtitle must hold English-only words"
    monkeypatch.setattr(Recipe, "subtitle_for", lambda self: english)  # a text that bypasses the catalog
    with pytest.raises(UntranslatedTextError, match=r"figure 'ncmec-trafficking-ratio' at size 'report' in 'fr' "
                                                    r"draws English words \["):
        render_job(recipe, catalog_data(), SIZES["report"], "fr")
    render_job(recipe, catalog_data(), SIZES["report"], "en")  # English is English


def test_the_build_refuses_a_text_missing_from_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.figures.registry import Recipe
    from analysis.render import render_job

    recipe = all_recipes()["ncmec-trafficking-ratio"]
    monkeypatch.setattr(Recipe, "subtitle_for", lambda self: i18n.translate("A subtitle nobody wrote down"))
    with pytest.raises(i18n.MissingTranslationError, match="no entry for 'A subtitle nobody wrote down'"):
        render_job(recipe, catalog_data(), SIZES["report"], "es")


@pytest.fixture(scope="module")
def card_claims() -> list[tuple[object, object]]:
    from analysis.cards import decisions
    from analysis.claims import load_frames

    frames = load_frames(Catalog())
    claims = frames["claims"].set_index("claim_id", drop=False)
    sources = frames["sources"].set_index("source_id", drop=False)
    made = [d for d in decisions(frames) if d.made]
    assert made, "no claim gets a card: nothing to check"
    return [(claims.loc[d.claim_id], sources.loc[d.source_id]) for d in made]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_string_of_every_stat_card_is_translated(card_claims: list, lang: str) -> None:
    from analysis.cards import card_text

    for claim, source in card_claims:
        with i18n.recording() as record:
            text = card_text(claim, source, lang)
        assert not record.misses, record.misses
        decided = {t for t, known in record.citations.items() if known}
        assert not english_leftovers(list(text.values()), lang, decided), (claim.claim_id, text)


# --- The check itself can fail -------------------------------------------------------------------------------------

def test_a_miss_is_recorded_while_recording_and_raises_in_production() -> None:
    with i18n.recording() as record:
        assert i18n.translate("A sentence nobody translated", "fr") == "A sentence nobody translated"
        assert i18n.translate("Girls", "fr") == "Filles"
    assert record.misses == [("A sentence nobody translated", "fr")]
    assert {"A sentence nobody translated", "Girls"} <= record.looked_up
    with pytest.raises(i18n.MissingTranslationError):
        i18n.translate("A sentence nobody translated", "fr")


def test_english_left_in_a_drawn_string_is_found() -> None:
    french = "Source\u00a0: CDC, MMWR SS 67(8) 2018, as quoted by DrugPolicyFacts.org."
    assert {"quoted", "by"} <= english_leftovers([french], "fr")
    assert english_leftovers(["Filles harcelées en ligne, Canada"], "fr") == set()
    # a title kept as published is allowed only when the citation catalog decided so
    assert english_leftovers(["Sexual Offences Act 2003, s.15"], "fr") != set()
    assert english_leftovers(["Sexual Offences Act 2003, s.15"], "fr", {"Sexual Offences Act 2003"}) == set()


def test_an_undecided_citation_falls_back_to_its_own_words_and_is_recorded() -> None:
    with i18n.recording() as record:
        assert citation("Some Gazette, 2031", "fr") == "Some Gazette, 2031"
        assert citation("UN Treaty Collection", "fr") == "Collection des traités des Nations Unies"
    assert record.citations == {"Some Gazette, 2031": False, "Collection des traités des Nations Unies": True}


# --- The citation catalog ------------------------------------------------------------------------------------------

def citation_rows() -> list[dict[str, str]]:
    with CITATIONS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_citation_row_is_complete_and_names_something_in_the_data() -> None:
    sources = pd.read_csv(paths.DATASETS / "sources.csv")
    laws = pd.read_csv(paths.DATASETS / "grooming_laws.csv")
    cited = set(sources["short_citation"]) | {c.split(",")[0].strip() for c in sources["short_citation"]}
    cited |= set(laws["law"])
    rows = citation_rows()
    assert len(rows) > 100
    for row in rows:
        assert row["en"] in cited, f"{CITATIONS.name}: {row['en']!r} is no citation, publisher or law in the data"
        for lang in i18n.LANGUAGES:
            assert row[lang].strip(), f"{CITATIONS.name}: {row['en']!r} has no {lang} text"
        assert not re.search(r" [;:?!»]|« ", row["fr"]), f"French punctuation needs a no-break space: {row['fr']!r}"


# --- Brazilian Portuguese ------------------------------------------------------------------------------------------

def test_portuguese_is_named_and_tagged_brazilian() -> None:
    from analysis.dist import factsheet_index
    from analysis.gallery import render_gallery

    assert i18n.LANGUAGE_NAMES["pt"] == "Português (Brasil)"
    assert i18n.language_tag("pt") == "pt-BR" and i18n.language_tag("fr") == "fr"
    entry = {"id": "x", "topic": "claims", "countries": [], "sources": [],
             "outputs": {"pt": {"report.png": {"path": "x.pt.png"}}},
             "text": {"pt": {"title": "Título", "caption": "Legenda", "alt_text": "Texto"}}}
    page = render_gallery({"figures": [entry]})
    assert 'data-lang="pt" lang="pt-BR"' in page
    assert '"tags": {"pt": "pt-BR"}' in page and "document.documentElement.lang = data.tags[lang]" in page
    assert ">Português (Brasil)<" in page
    assert 'href="ARG.pt.pdf" hreflang="pt-BR" lang="pt-BR" download>Português (Brasil)</a>' in factsheet_index(
        ["ARG.pdf", "ARG.pt.pdf"])


PORTUGAL_ONLY = re.compile(r"\b(num|numa|nuns|numas|registos?|registad\w+|utilizador\w*|ficheiros?|contacto|ecrã|"
                           r"telemóve\w+|sondage\w*|percentage\w*|diapositivo|Cibercrime|detet\w+|grelha|"
                           r"raparigas?|rapazes|n\.º)\b|[«»]")


def test_every_portuguese_string_is_brazilian() -> None:
    european = {entry["pt"] for entry in i18n.catalog().values() if PORTUGAL_ONLY.search(entry["pt"])}
    european |= {row["pt"] for row in citation_rows() if PORTUGAL_ONLY.search(row["pt"])}
    assert not european, f"European Portuguese forms (Brazilian: em um, registro, pesquisa, “aspas”): {european}"


def test_the_budapest_convention_has_its_brazilian_name() -> None:
    # Decreto nº 11.491/2023 promulgated it in Brazil as the "Convenção sobre o Crime Cibernético".
    full = i18n.translate("Council of Europe Convention on Cybercrime (CETS No. 185, 2001), open to states outside "
                          "Europe", "pt")
    assert full.startswith("Convenção sobre o Crime Cibernético")
    assert "crime cibernético" in i18n.translate("Which states are parties to the Budapest Convention on cybercrime",
                                                 "pt")
    assert i18n.number(100000, 0, lang="pt") == "100.000" and i18n.percent(12.5, lang="pt") == "12,5%"


# --- Agreement and the source line ---------------------------------------------------------------------------------

def test_one_in_three_agrees_with_its_verb(card_claims: list) -> None:
    from analysis.cards import card_text

    claim, source = next(pair for pair in card_claims if pair[0].claim_id == "S02")
    sentences = {lang: " ".join(card_text(claim, source, lang)[key] for key in ("number", "sentence"))
                 for lang in OTHER_LANGUAGES}
    assert sentences["fr"].startswith("1 jeune sur 3 de 13 à 24 ans ")
    assert " a déclaré avoir été victime " in sentences["fr"] and " ont déclaré" not in sentences["fr"]
    assert sentences["es"].startswith("1 de cada 3 jóvenes") and " dijo haber sido víctima " in sentences["es"]
    assert sentences["pt"].startswith("1 em cada 3 jovens") and " disse ter sido vítima " in sentences["pt"]


def test_source_lines_translate_the_words_around_a_citation() -> None:
    quoted = {"short_citation": "CDC, MMWR SS 67(8) 2018, as quoted by DrugPolicyFacts.org"}
    with i18n.language("fr"):
        line = source_line([quoted])
    assert line.startswith("Source\u00a0: CDC, MMWR SS 67(8) 2018, cité par DrugPolicyFacts.org")
    assert "as quoted" not in line
    with i18n.language("pt"):
        assert "citado por DrugPolicyFacts.org" in source_line([quoted])
    with i18n.language("en"):
        assert "as quoted by DrugPolicyFacts.org" in source_line([quoted])
