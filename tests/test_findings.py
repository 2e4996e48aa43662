"""Every figure's title states a finding computed from its data, with the same numbers plain pandas gives, in every
language."""

from __future__ import annotations

import ast
import re

import pytest

from analysis import i18n, paths
from analysis.catalog import Catalog
from analysis.figures.registry import all_recipes

# Words an untranslated English template would leave in a Spanish, Portuguese or French title.
ENGLISH = re.compile(r"\b(the|of|and|in|were|was|with|from|to|are|have|has|than|more|students|children|countries|"
                     r"reports|states|rose|fell|reported|bullied)\b")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog()


@pytest.fixture(scope="module")
def findings(catalog: Catalog) -> dict[str, dict[str, str]]:
    """figure id -> {language: the title the image states}."""
    titles: dict[str, dict[str, str]] = {}
    for recipe_id, recipe in all_recipes().items():
        data = recipe.plotted_data(catalog)
        titles[recipe_id] = {}
        for lang in i18n.LANGUAGES:
            with i18n.language(lang):
                titles[recipe_id][lang] = recipe.title_for(data)
    return titles


def finding(findings: dict[str, dict[str, str]], recipe_id: str) -> str:
    return findings[recipe_id]["en"]


def test_every_figure_states_a_finding_not_its_name(findings: dict[str, dict[str, str]]) -> None:
    recipes = all_recipes()
    assert [rid for rid, recipe in recipes.items() if recipe.finding is None] == []
    for recipe_id, recipe in recipes.items():
        stated = finding(findings, recipe_id)
        assert stated != recipe.title, recipe_id  # the name stays for lists; the image states what the data show
        assert re.search(r"\d", stated), (recipe_id, stated)  # a count, a share, a year: computed, never typed in


# --- The numbers in the titles, computed here with plain pandas from the catalog's tables ------------------------

def test_ncic_records_title(catalog: Catalog, findings: dict[str, dict[str, str]]) -> None:
    counts = catalog.load("counts")
    entries = counts[counts["series_id"] == "ncic_entries_under18"].sort_values("year")
    first, last = entries.iloc[0], entries.iloc[-1]
    direction = "down" if last["value"] < first["value"] else "up"
    assert finding(findings, "ncic-missing-children") == (
        f"US police entered {int(last['value']):,} missing-child records in {int(last['year'])}, {direction} from "
        f"{int(first['value']):,} in {int(first['year'])}")


def test_cybertipline_title_stops_before_bundling(catalog: Catalog, findings: dict[str, dict[str, str]]) -> None:
    counts = catalog.load("counts")
    reports = counts[(counts["series_id"] == "ncmec_cybertipline_reports") & (counts["year"] < 2024)]
    reports = reports.sort_values("year")
    first, last = reports.iloc[0], reports.iloc[-1]
    assert last["value"] >= 1e6 > first["value"]
    assert finding(findings, "ncmec-cybertipline") == (
        f"Reports to the CyberTipline from around the world rose from {int(first['value']):,} in "
        f"{int(first['year'])} to {last['value'] / 1e6:.1f} million in {int(last['year'])}")


def test_argentina_title(catalog: Catalog, findings: dict[str, dict[str, str]]) -> None:
    table = catalog.load("cybertipline_countries")
    own = table[(table["iso3"] == "ARG") & (table["report_kind"] == "all") & (table["year"] < 2024)]
    by_year = own.groupby("year")["reports"].sum().sort_index()
    assert finding(findings, "cybertipline-argentina") == (
        f"CyberTipline reports located in Argentina rose from {by_year.iloc[0]:,} in {by_year.index[0]} to "
        f"{by_year.iloc[-1]:,} in {by_year.index[-1]}")


def test_rate_map_title_is_the_median_rate(catalog: Catalog, findings: dict[str, dict[str, str]]) -> None:
    table = catalog.load("cybertipline_countries")
    reports = table[(table["year"] == 2023) & (table["report_kind"] == "all")].groupby("iso3")["reports"].sum()
    population = catalog.load("population")
    people = population[(population["indicator_id"] == "SP.POP.TOTL") & (population["year"] == 2023)]
    rates = (reports / people.set_index("iso3")["value"] * 100_000).dropna()
    assert f"had {round(rates.median()):,} CyberTipline reports per 100,000" in finding(findings,
                                                                                        "cybertipline-rate-map")


def test_treaty_titles_count_un_member_states(catalog: Catalog, findings: dict[str, dict[str, str]]) -> None:
    from analysis.countries import un_member_states

    members = un_member_states()[["iso3", "m49_region"]]
    status = catalog.load("treaty_status").merge(members, on="iso3")
    budapest = status[status["instrument_id"] == "cets185"]
    parties = budapest[budapest["status"] == "party"]
    assert finding(findings, "treaty-status-table-cets185") == (
        f"{len(parties)} of the {len(members)} UN member states are parties to the Budapest Convention, "
        f"{(parties['m49_region'] == 'Europe').sum()} of them in Europe")
    opsc = status[status["instrument_id"] == "opsc"]
    assert finding(findings, "treaty-status-table-opsc").startswith(
        f"{(opsc['status'] != 'party').sum()} of the {len(members)} UN member states are not parties")
    assert finding(findings, "treaty-status-table-opsc").endswith(
        f"; {(opsc['status'] == 'signatory').sum()} of them have signed it")
    outside = status[(status["m49_region"] != "Europe") & (status["status"] == "party")]
    per_treaty = outside.groupby("instrument_id").size()
    assert finding(findings, "treaty-status-by-region") == (
        f"Outside Europe, {per_treaty['opsc']} of {(members['m49_region'] != 'Europe').sum()} UN member states are "
        f"parties to the OPSC, {per_treaty['cets185']} to the Budapest and {per_treaty['cets201']} to the Lanzarote "
        "Convention")


def test_grooming_title_counts_countries_not_provisions(catalog: Catalog,
                                                        findings: dict[str, dict[str, str]]) -> None:
    laws = catalog.load("grooming_laws")
    contact_alone = laws.loc[laws["meeting_required"] == "no", "iso3"].nunique()
    assert contact_alone < (laws["meeting_required"] == "no").sum()  # a country with two such provisions counts once
    assert finding(findings, "grooming-laws-table").startswith(
        f"In {contact_alone} of the {laws['iso3'].nunique()} countries whose law was read")


def test_claims_title_follows_the_grades_and_the_audit(catalog: Catalog,
                                                       findings: dict[str, dict[str, str]]) -> None:
    from analysis.claims import AUDIT_DATASETS, audit

    claims = catalog.load("claims")
    primary = claims["evidence_grade"].isin(["A", "B"]).sum()
    statuses = audit(catalog.load_many(list(AUDIT_DATASETS)))["status"]
    supported = (~statuses.isin(["not reproducible", "contradicted"])).sum()
    assert finding(findings, "claims-by-evidence") == (
        f"{primary} of {len(claims)} campaign statistics rest on a primary publication; {supported} are supported by "
        "their source, at least with caveats")


def test_hbsc_change_title(catalog: Catalog, findings: dict[str, dict[str, str]]) -> None:
    estimates = catalog.load("survey_estimates")
    rows = estimates[(estimates["indicator_id"] == "hbsc_cyberbullied") & (estimates["age"] == "13")
                     & (estimates["area"] != "average") & estimates["sex"].isin(["female", "male"])]
    wide = rows.pivot_table(index=["area", "sex"], columns="year", values="value_pct")[[2018, 2022]].dropna()
    wide = wide[wide.groupby(level="area")[2018].transform("size") == 2]  # girls and boys both
    higher = (wide[2022] > wide[2018]).groupby(level="sex").sum()
    assert finding(findings, "hbsc-cyberbullying-change") == (
        f"At 13, cyberbullying was higher in 2021/22 than in 2017/18 in {higher['female']} of "
        f"{wide.index.get_level_values('area').nunique()} countries and regions for girls, {higher['male']} for boys")


def test_a_finding_follows_the_data(catalog: Catalog) -> None:
    """Double the later counts: the title says they rose, with the new numbers, instead of keeping the old claim."""
    recipe = all_recipes()["ncic-missing-children"]
    frames = {name: catalog.load(name) for name in recipe.datasets}
    counts = frames["counts"]
    later = (counts["series_id"] == "ncic_entries_under18") & (counts["year"] > 2014)
    frames["counts"] = counts.assign(value=counts["value"].where(~later, counts["value"] * 2))
    with i18n.language("en"):
        stated = recipe.title_for(recipe.prepare(frames))
    assert stated == "US police entered 699,114 missing-child records in 2024, up from 466,949 in 2014"


# --- Every language ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_finding_is_translated(findings: dict[str, dict[str, str]], lang: str) -> None:
    for recipe_id, titles in findings.items():
        assert titles[lang] != titles["en"], (recipe_id, lang)
        assert not ENGLISH.search(titles[lang]), (recipe_id, lang, titles[lang])


def test_both_directions_of_every_change_are_in_the_catalog() -> None:
    """A title that says 'rose' today says 'fell' when the data turn: that wording must be translated already."""
    keys = []
    for path in sorted((paths.PACKAGE_DIR / "figures").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "by_direction":
                keys += [kw.value.value for kw in node.keywords if kw.arg in ("rose", "fell")]
    assert len(keys) >= 10 and len(keys) % 2 == 0
    for key in keys:
        for lang in i18n.LANGUAGES:
            assert i18n.translate(key, lang), (key, lang)
        assert i18n.fields(key) == i18n.fields(i18n.translate(key, "fr"))


def test_equal_ends_have_no_direction() -> None:
    from analysis.findings import by_direction

    with i18n.language("en"), pytest.raises(ValueError, match="needs a change"):
        by_direction(5, 5, rose="{value} million", fell="{value} million", value=1)


def test_counts_read_as_a_reader_reads_them() -> None:
    from analysis.findings import and_list, count

    with i18n.language("fr"):
        assert count(36_210_368) == "36,2 millions" and count(4560) == "4\u202f560"
        assert and_list(["âges", "période"]) == "âges et période"
    with i18n.language("en"):
        assert and_list(["a", "b", "c"]) == "a, b and c" and and_list(["a"]) == "a"
