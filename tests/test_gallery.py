"""The offline gallery: escaped text, every figure as a card, and a real browser can filter and download."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis import paths
from analysis.cards import read_cards_manifest
from analysis.gallery import render_gallery

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def manifest(folder: Path) -> dict:
    return json.loads((folder / paths.MANIFEST_NAME).read_text(encoding="utf-8"))


def cards(folder: Path) -> list[dict]:
    return read_cards_manifest(folder)["cards"]


def key_facts(folder: Path) -> list[dict]:
    return read_cards_manifest(folder)["key_facts"]


def test_text_from_data_is_escaped() -> None:
    evil = "<script>alert(1)</script>"
    page = render_gallery({"figures": [{
        "id": "x", "topic": "legal",
        "text": {"en": {"title": evil, "caption": evil, "alt_text": 'a" onerror="alert(1)'}},
        "countries": [{"code": "ESP", "name": evil}], "data": {"path": "x.csv"},
        "outputs": {"en": {"report.png": {"path": "x.png"}}},
        "sources": [{"url": "javascript:alert(1)", "short_citation": evil, "title": evil, "locators": [evil]}],
    }]})
    assert evil not in page
    assert 'onerror="alert(1)' not in page
    assert "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_data_for_the_script_cannot_close_its_element() -> None:
    from analysis.gallery import _json_for_script

    text = _json_for_script({"x": "</script><b>&"})
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><b>&"}


def test_each_card_speaks_its_own_language(sample_build: Path) -> None:
    entry = next(e for e in manifest(sample_build)["figures"] if e.get("size_note") and e.get("countries"))
    page = render_gallery({"figures": [entry]})
    spanish = page[page.index(f'id="{entry["id"]}-es"'):]
    spanish = spanish.split('<li class="card"')[0]
    assert "Descargas" in spanish and "Datos (CSV)" in spanish and "No todos los tamaños:" in spanish
    assert "Download" not in spanish and "Not every size" not in spanish
    if any(c["code"] == "DEU" for c in entry["countries"]):
        assert "Alemania" in spanish


def test_every_size_note_and_topic_has_words_in_every_language() -> None:
    from analysis.figures.registry import all_recipes
    from analysis.gallery_text import chrome, topic_label
    from analysis.i18n import LANGUAGES, translate

    for recipe in all_recipes().values():
        for lang in LANGUAGES:
            assert topic_label(recipe.topic, lang)
            if recipe.size_note:
                assert translate(recipe.size_note, lang), (recipe.id, lang)
    assert chrome("fr")["shown_other"] == "{count} éléments affichés"
    with pytest.raises(KeyError, match="no gallery label"):
        topic_label("astrology", "en")


def test_gallery_lists_every_figure_with_its_downloads(sample_build: Path) -> None:
    folder = sample_build
    page = (folder / paths.GALLERY_NAME).read_text(encoding="utf-8")
    assert page == render_gallery(manifest(folder), read_cards_manifest(folder))
    for entry in manifest(folder)["figures"]:
        assert f'href="{entry["data"]["path"]}"' in page
        for lang, outputs in entry["outputs"].items():
            assert f'id="{entry["id"]}-{lang}"' in page
            for key in ("report.png", "report.svg", "report.pdf", *(f"{size}.png" for size in entry["sizes"])):
                assert f'href="{outputs[key]["path"]}"' in page
    for card in cards(folder):
        for lang, outputs in card["outputs"].items():
            assert f'id="card-{card["claim_id"]}-{lang}"' in page
            assert all(f'href="{o["path"]}"' in page for o in outputs.values())
    assert "http://" not in page.split("<ul class=\"cards\">")[0]  # no CDN, no remote asset


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium and chromium-driver; "
                    "or run `apt-get install -y chromium chromium-driver`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def gallery_page(browser, tmp_path: Path, sample_build: Path):
    """A built gallery (the sample figures and every card) opened from a copy on disk, with no network."""
    copy = tmp_path / "figures"
    shutil.copytree(sample_build, copy)
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.goto((copy / paths.GALLERY_NAME).as_uri())
    page.wait_for_load_state("load")
    yield page, copy
    context.close()


def visible_cards(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('.card')).filter(c => !c.hidden).map(c => c.id)")


def test_every_image_loads_offline(gallery_page) -> None:
    page, copy = gallery_page
    images = page.evaluate("Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, "
                           "i.naturalWidth, i.alt.length])")
    assert key_facts(copy), "the world's key-fact cards are part of every build"
    assert len(images) == 4 * (len(manifest(copy)["figures"]) + len(cards(copy)) + len(key_facts(copy)))
    for src, complete, width, alt_length in images:
        assert complete and width > 0, src
        assert alt_length > 40, f"{src} has no real alt text"


def test_filters_work_from_the_keyboard(gallery_page) -> None:
    page, copy = gallery_page
    total = len(manifest(copy)["figures"]) + len(cards(copy)) + len(key_facts(copy))
    assert page.inner_text("#count") == f"{total} items shown"  # English by default
    page.select_option("#topic", "stat cards")
    assert visible_cards(page) == [f"card-{c['claim_id']}-en" for c in cards(copy)]
    page.focus("#topic")
    page.select_option("#topic", "claims")
    assert visible_cards(page) == ["claims-by-evidence-en"]
    for fact in key_facts(copy):  # the world's key-fact cards sit under their own topic
        page.select_option("#topic", fact["topic"])
        assert f"fact-{fact['card_id']}-en" in visible_cards(page)
    page.select_option("#topic", "")
    page.select_option("#country", "ESP")
    visible = set(page.evaluate("Array.from(document.querySelectorAll('.card')).filter(c => !c.hidden)"
                                ".map(c => c.id)"))
    expected = {e["id"] + "-en" for e in manifest(copy)["figures"]
                if any(c["code"] == "ESP" for c in e.get("countries", []))}
    assert visible == expected and "hbsc-cyberbullying-age-sex-en" in visible
    assert page.inner_text("#count") == f"{len(expected)} item{'s' if len(expected) != 1 else ''} shown"
    page.select_option("#country", "")
    page.focus("#q")
    page.keyboard.type("Scotland")
    assert "hbsc-cyberbullying-age-sex-en" in visible_cards(page)


def test_every_download_link_resolves(gallery_page) -> None:
    page, copy = gallery_page
    hrefs = page.evaluate("Array.from(document.querySelectorAll('.downloads a')).map(a => a.href)")
    entries = manifest(copy)["figures"] + cards(copy) + key_facts(copy)
    by_path = {o["path"]: o["sha256"] for e in entries for files in e["outputs"].values()
               for o in files.values()} | {e["data"]["path"]: e["data"]["sha256"] for e in manifest(copy)["figures"]}
    assert len(hrefs) == len(by_path) + sum(len(e["outputs"]) - 1 for e in manifest(copy)["figures"])  # CSV per card
    for href in hrefs:
        target = Path(unquote(urlparse(href).path))
        relative = target.relative_to(copy).as_posix()
        assert target.exists(), href
        assert hashlib.sha256(target.read_bytes()).hexdigest() == by_path[relative]


def test_a_person_finds_a_figure_in_spanish_and_downloads_its_svg_and_data(gallery_page, tmp_path: Path) -> None:
    page, copy = gallery_page
    page.select_option("#lang", "es")
    page.fill("#q", "más chicas que chicos sufrieron ciberacoso")
    shown = visible_cards(page)
    assert shown == ["hbsc-cyberbullying-age-sex-es"]
    card = page.locator("#hbsc-cyberbullying-age-sex-es")
    assert card.get_attribute("lang") == "es"
    assert "A los 13 años, más chicas que chicos sufrieron ciberacoso" in card.locator("h2").inner_text()
    entry = next(e for e in manifest(copy)["figures"] if e["id"] == "hbsc-cyberbullying-age-sex")
    # Chromium saves file:// links instead of raising download events, so the links are resolved as the browser
    # resolves them (absolute href) and the files compared with the manifest.
    svg = Path(unquote(urlparse(card.get_by_role("link", name="SVG").evaluate("a => a.href")).path))
    assert svg.parent == copy and svg.name == "hbsc-cyberbullying-age-sex.es.svg"
    assert hashlib.sha256(svg.read_bytes()).hexdigest() == entry["outputs"]["es"]["report.svg"]["sha256"]
    assert svg.read_bytes() != (copy / entry["outputs"]["en"]["report.svg"]["path"]).read_bytes()
    data = Path(unquote(urlparse(card.get_by_role("link", name="Datos (CSV)").evaluate("a => a.href")).path))
    assert data.read_bytes() == (copy / entry["data"]["path"]).read_bytes()
    assert card.get_by_role("link", name="SVG").get_attribute("download") is not None


def test_choosing_a_language_puts_the_page_in_it(gallery_page) -> None:
    page, _ = gallery_page
    page.select_option("#lang", "es")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.inner_text("h1") == "Galería de figuras de child-safety-stats"
    assert page.inner_text("label[for=topic] span") == "Tema"
    assert page.get_attribute("#q", "placeholder") == "título, leyenda, fuente"
    shown = len(visible_cards(page))
    assert page.inner_text("#count") == f"{shown} elementos mostrados"
    assert page.evaluate("document.querySelector('#country option[value=DEU]').textContent") == "Alemania"
    page.select_option("#topic", "legal")
    assert page.evaluate("document.querySelector('#topic option[value=legal]').textContent") == "Leyes y tratados"
    page.select_option("#lang", "en")
    assert page.inner_text("h1") == "child-safety-stats figure gallery"
    assert page.evaluate("document.querySelector('#country option[value=DEU]').textContent") == "Germany"


def test_a_link_with_a_language_opens_the_gallery_in_it(browser, tmp_path: Path, sample_build: Path) -> None:
    copy = tmp_path / "figures"
    shutil.copytree(sample_build, copy)
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.goto((copy / paths.GALLERY_NAME).as_uri() + "?lang=fr")
    page.wait_for_load_state("load")
    assert page.input_value("#lang") == "fr"
    assert page.title() == "child-safety-stats\u00a0: galerie des figures"
    ids = visible_cards(page)
    assert ids and all(card_id.endswith("-fr") for card_id in ids)
    assert page.inner_text("#count") == f"{len(ids)} éléments affichés"
    page.goto((copy / paths.GALLERY_NAME).as_uri() + "?lang=xx")  # an unknown language keeps English
    assert page.input_value("#lang") == "en"
    context.close()
