"""Figure text in four languages: a complete catalog, locale formatting, and no silent fallback to English."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

from analysis import i18n, paths
from analysis.catalog import Catalog
from analysis.figures.registry import all_recipes
from analysis.plotting.layout import SIZES, house_style
from analysis.render import draw


def catalog_rows() -> list[dict[str, str]]:
    with i18n.CATALOG.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_catalog_entry_is_translated_with_the_same_placeholders() -> None:
    rows = catalog_rows()
    assert len(rows) > 100
    for row in rows:
        for lang in i18n.LANGUAGES:
            assert row[lang].strip(), f"{row['en']!r} has no {lang} text"
            assert i18n.fields(row[lang]) == i18n.fields(row["en"]), (row["en"], lang)
            assert row[lang].count("\n") == row["en"].count("\n"), (row["en"], lang)


def literal_keys() -> set[str]:
    """English strings passed literally to _() or translate() anywhere in the package."""
    keys = set()
    for path in paths.PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "translate") and node.args:
                arg = node.args[0]
                options = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                keys |= {o.value for o in options if isinstance(o, ast.Constant) and isinstance(o.value, str)}
    return keys


def test_every_literal_message_in_the_code_is_in_the_catalog() -> None:
    missing = literal_keys() - set(i18n.catalog())
    assert not missing, f"add these to {i18n.CATALOG.name}: {sorted(missing)}"


def test_a_missing_translation_fails_instead_of_falling_back(tmp_path: Path, monkeypatch) -> None:
    with i18n.language("es"), pytest.raises(i18n.MissingTranslationError, match="messages.csv.*en, es, pt and fr"):
        i18n._("A sentence nobody translated")
    blank = tmp_path / "messages.csv"
    blank.write_text("en,es,pt,fr\nHello,Hola,,Bonjour\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOG", blank)
    i18n.catalog.cache_clear()
    try:
        assert i18n.translate("Hello", "es") == "Hola"
        with pytest.raises(i18n.MissingTranslationError, match="'pt' column is blank for 'Hello'"):
            i18n.translate("Hello", "pt")
    finally:
        i18n.catalog.cache_clear()
    with pytest.raises(i18n.UnknownLanguageError, match="choose one of en, es, pt, fr"), i18n.language("de"):
        pass


@pytest.mark.parametrize(("lang", "pct", "big", "minus"), [
    ("en", "12.3%", "1,234,567", "\u22122.5"),
    ("es", "12,3\u00a0%", "1.234.567", "\u22122,5"),
    ("pt", "12,3%", "1.234.567", "\u22122,5"),
    ("fr", "12,3\u00a0%", "1\u202f234\u202f567", "\u22122,5"),
])
def test_numbers_follow_the_locale(lang: str, pct: str, big: str, minus: str) -> None:
    assert i18n.percent(12.34, lang=lang) == pct
    assert i18n.integer(1234567, lang=lang) == big
    assert i18n.signed(-2.5, lang=lang) == minus
    assert i18n.signed(0.01, lang=lang) == i18n.number(0, 1, lang=lang)


def test_dates_and_country_names_follow_the_locale() -> None:
    from datetime import date

    assert i18n.long_date(date(2026, 2, 3), lang="fr") == "3 février 2026"
    assert i18n.long_date(date(2026, 2, 3), lang="es") == "3 de febrero de 2026"
    assert i18n.country_name("DEU", lang="pt") == "Alemanha"
    assert i18n.country_name("USA", lang="es") == "Estados Unidos"
    assert i18n.country_name("GB-SCT", lang="fr") == "Écosse"
    assert i18n.country_name("BE-VLG", lang="es") == "Bélgica (flamenca)"


def test_a_spanish_figure_has_spanish_text_and_numbers() -> None:
    recipe = all_recipes()["yrbs-bullying-trend"]
    with i18n.language("es"), house_style():
        drawn = draw(recipe, Catalog(), SIZES["report"])
        drawn.figure.canvas.draw()
        texts = [t.get_text() for t in drawn.figure.findobj(lambda a: hasattr(a, "get_text"))]
        ticks = [t.get_text() for t in drawn.figure.axes[0].get_yticklabels()]
    joined = "\n".join(texts)
    flat = " ".join(joined.split())
    assert "En 2023, el 16,3 % de los estudiantes de secundaria de EE. UU. sufrió acoso en línea" in flat  # title
    assert any(t.startswith("Fuentes: ") for t in texts) and "Gráfico: child-" in " ".join(joined.split())
    assert "Acoso\nelectrónico\n16,3\u00a0% en 2023" in texts  # the latest cycle (MMWR Suppl 73(4)), Spanish decimals
    assert "20\u00a0%" in ticks
    assert "Bullying of US" not in joined


def test_french_catalog_binds_its_punctuation_spaces() -> None:
    """A plain space before ';', ':', '?', '!' or '»' (or after '«') lets a wrapped line start with the mark."""
    french = [row["fr"] for row in catalog_rows()]
    assert [text for text in french if re.search(r" [;:?!»]|« ", text)] == []
    assert sum("\u00a0:" in text for text in french) > 50  # the rule is applied, not merely vacuous


def test_french_wrapping_keeps_the_semicolon_on_its_line() -> None:
    from analysis.plotting.layout import _wrap

    text = i18n.translate("{year}: reporting became a legal duty; not comparable", "fr").format(year=2008)
    for width_in in (1.0, 1.3, 1.6, 2.0, 2.5):
        lines = _wrap(text, 7, width_in)
        assert not any(line.lstrip().startswith((";", ":")) for line in lines), lines


def test_semicolon_lists_follow_each_languages_spacing() -> None:
    assert i18n.semicolon_list(["a", "b", "c"], lang="en") == "a; b; c"
    assert i18n.semicolon_list(["a", "b"], lang="fr") == "a\u00a0; b"
    with i18n.language("fr"):
        assert i18n.semicolon_list(["x"]) == "x"
        assert i18n.semicolon_list(["x", "y"]) == "x\u00a0; y"


def test_country_names_sort_as_readers_expect_in_each_language() -> None:
    # Plain code-point order puts 'États-Unis' after 'Zambie'; readers look for it among the E's.
    assert i18n.sorted_country_names(["ZMB", "USA", "FRA", "ETH"], lang="fr") == [
        "États-Unis", "Éthiopie", "France", "Zambie"]
    assert i18n.sorted_country_names(["ZMB", "USA", "FRA"], lang="en") == ["France", "United States", "Zambia"]
    assert i18n.collation_key("Émirats") == "emirats" and i18n.collation_key(None) == ""


def test_a_preposition_and_the_article_a_value_starts_with_contract() -> None:
    """French 'partie à' + 'le protocole ...' is 'partie au protocole ...'; Portuguese 'parte de' + 'a Convenção'
    is 'parte da Convenção'; an article in the catalog's own words, or a value without one, is left alone."""
    from analysis.i18n import _, language

    template = "{country} is a party to {treaty} (status list of {as_at})."
    with language("fr"):
        opsc = _(template, country="Japon", treaty=_(
            "the UN protocol on the sale of children, child prostitution and child pornography (OPSC)"), as_at="x")
        lanzarote = _(template, country="Japon", treaty=_(
            "the Council of Europe's Lanzarote Convention on the sexual exploitation and abuse of children"), as_at="x")
    assert opsc.startswith("Japon\u00a0: État partie au protocole de l'ONU concernant")
    assert lanzarote.startswith("Japon\u00a0: État partie à la Convention de Lanzarote")
    with language("pt"):
        budapest = _(template, country="Japão", treaty=_("the Council of Europe's Budapest Convention on cybercrime"),
                     as_at="x")
        opsc = _(template, country="Japão", treaty=_(
            "the UN protocol on the sale of children, child prostitution and child pornography (OPSC)"), as_at="x")
    assert budapest.startswith("Japão: Estado parte da Convenção de Budapeste")
    assert opsc.startswith("Japão: Estado parte do protocolo da ONU")
    with language("es"):
        assert _(template, country="Japón", treaty="el Convenio de Budapest", as_at="x").startswith(
            "Japón es parte en el Convenio de Budapest")
