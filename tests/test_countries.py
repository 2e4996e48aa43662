"""Country reference table and the single name-to-ISO3 mapping."""

from __future__ import annotations

import pycountry
import pytest

from analysis.countries import (
    UnknownCountryError,
    country,
    country_reference,
    to_iso3,
    un_member_states,
)


def test_un_member_states_are_193_distinct_iso_countries() -> None:
    members = un_member_states()
    assert len(members) == 193
    assert members["iso3"].is_unique
    assert all(pycountry.countries.get(alpha_3=code) for code in members["iso3"])
    assert set(members["m49_region"]) == {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_observer_states_and_territories_are_listed_but_not_members() -> None:
    ref = country_reference().set_index("iso3")
    assert not ref.loc["PSE", "un_member"] and not ref.loc["VAT", "un_member"]
    assert not ref.loc["HKG", "un_member"]
    assert ref.loc["NAM", "name"] == "Namibia"  # ISO2 "NA" must not be read as missing


@pytest.mark.parametrize(("name", "iso3"), [
    ("United Kingdom of Great Britain and Northern Ireland", "GBR"), ("Türkiye", "TUR"), ("Turkey", "TUR"),
    ("Korea, Republic of", "KOR"), ("Republic of Korea", "KOR"), ("Viet Nam", "VNM"),
    ("Bolivia (Plurinational State of)", "BOL"), ("Czechia", "CZE"), ("Côte d'Ivoire", "CIV"),
    ("Netherlands (Kingdom of the)", "NLD"), ("Democratic Republic of the Congo", "COD"), ("Congo", "COG"),
    ("Niger", "NER"), ("Nigeria", "NGA"), ("Dominica", "DMA"), ("Dominican Republic", "DOM"),
])
def test_names_as_sources_spell_them(name: str, iso3: str) -> None:
    assert to_iso3(name) == iso3


def test_every_member_name_maps_back_to_itself() -> None:
    members = un_member_states()
    assert [to_iso3(name) for name in members["name"]] == list(members["iso3"])


def test_unknown_name_says_what_to_do() -> None:
    with pytest.raises(UnknownCountryError, match="write the ISO3 code"):
        to_iso3("Atlantis")


def test_subnational_samples_resolve_to_their_state() -> None:
    assert country("GB-SCT").iso3 == "GBR"
    assert country("ARG").m49_subregion == "South America"


def test_the_records_read_without_pandas_are_the_reference_table() -> None:
    from analysis.countries import _records, country_reference

    records = _records()
    reference = country_reference()
    assert len(records) == len(reference) > 240
    for row in reference.itertuples(index=False):
        record = records[row.iso3]
        assert (record.name, record.m49_region, record.m49_subregion, record.un_member) == (
            row.name, row.m49_region, row.m49_subregion, bool(row.un_member)), row.iso3
