"""Country reference table (ISO 3166, UN membership, M49 regions) and the one name-to-ISO3 mapping."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# M49 sub-region -> M49 region. The grouping is the UN Statistics Division's; the sub-region of each
# country comes from the country_converter package's table (column UNregion).
M49_REGION_OF_SUBREGION: dict[str, str] = {
    "Northern Africa": "Africa", "Eastern Africa": "Africa", "Middle Africa": "Africa",
    "Southern Africa": "Africa", "Western Africa": "Africa",
    "Caribbean": "Americas", "Central America": "Americas", "South America": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia", "Eastern Asia": "Asia", "South-eastern Asia": "Asia",
    "Southern Asia": "Asia", "Western Asia": "Asia",
    "Eastern Europe": "Europe", "Northern Europe": "Europe", "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania", "Melanesia": "Oceania", "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Antarctica": "Antarctica",
}


def parent_iso3(code: str) -> str:
    """The ISO3 code of the state an ISO 3166-2 subdivision code (GB-SCT) belongs to; ISO3 codes unchanged."""
    if "-" not in code:
        return code
    import pycountry

    state = pycountry.countries.get(alpha_2=code.split("-")[0])
    if state is None:
        raise UnknownCountryError(f"{code!r} does not start with an ISO 3166-1 alpha-2 code")
    return state.alpha_3


class UnknownCountryError(LookupError):
    """A country name that the mapping cannot resolve to exactly one ISO3 code."""


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    m49_region: str
    m49_subregion: str
    un_member: bool


def _coco_path() -> Path:
    """country_converter's table of countries, found without importing the package (which imports pandas)."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("country_converter is not installed: run 'make test' or 'make figures' to set up")
    return Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"


@lru_cache(maxsize=1)
def _coco_table() -> pd.DataFrame:
    import pandas as pd

    # keep_default_na=False: Namibia's ISO2 code is "NA".
    return pd.read_csv(_coco_path(), sep="\t", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def country_reference() -> pd.DataFrame:
    """One row per current ISO 3166-1 country or area: iso3, name, M49 region, sub-region, UN membership."""
    import pandas as pd

    coco = pd.DataFrame(list(_current_rows()), dtype=str)
    frame = pd.DataFrame({
        "iso3": coco["ISO3"],
        "name": coco["name_short"],
        "m49_subregion": coco["UNregion"],
        "m49_region": coco["UNregion"].map(M49_REGION_OF_SUBREGION).fillna(""),
        "un_member": coco["UNmember"] != "",
        "un_member_since": pd.to_numeric(coco["UNmember"], errors="coerce").astype("Int64"),
    })
    return frame.sort_values("iso3").reset_index(drop=True)


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """Every current ISO 3166-1 alpha-3 code (pycountry)."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def un_member_states() -> pd.DataFrame:
    """The UN member states (193 at the time of writing)."""
    ref = country_reference()
    return ref[ref["un_member"]].reset_index(drop=True)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    coco = _coco_table()
    coco = coco[coco["obsolete"] == ""]
    pairs = zip(coco["ISO3"], coco["regex"], strict=True)
    return [(iso3, re.compile(regex, re.IGNORECASE))
            for iso3, regex in pairs if re.fullmatch(r"[A-Z]{3}", iso3)]


# Short forms some sources use that the country_converter patterns do not match (source in the comment).
NAME_ALIASES = {"Timor": "TLS",  # Our World in Data, Ending Violence in Childhood 2017 dataset
                # NCMEC, CyberTipline reports by country (its spellings, as published)
                "Eretria": "ERI", "Saint Bartelemey": "BLM", "Sierre Leone": "SLE"}


def to_iso3(name: str) -> str:
    """The ISO3 code of a country name as a source spells it; exactly one match or UnknownCountryError."""
    text = name.strip()
    if re.fullmatch(r"[A-Z]{3}", text) and text in set(country_reference()["iso3"]):
        return text
    if text in NAME_ALIASES:
        return NAME_ALIASES[text]
    matches = sorted({iso3 for iso3, pattern in _patterns() if pattern.search(text)})
    if len(matches) != 1:
        found = ", ".join(matches) if matches else "none"
        raise UnknownCountryError(
            f"country name {name!r} matched {found}; write the ISO3 code in the data instead of the name")
    return matches[0]


# Areas that are not one country, each defined once: the world (the World Bank's aggregate code), for counts a
# national body receives from anywhere; England and Wales (GB-EAW, the BS 6879 code; not an ISO 3166-2
# subdivision), for police series of the two nations' 43 forces.
WORLD = "WLD"
AGGREGATE_AREAS = {WORLD: "World"}
PART_AREAS = {"GB-EAW": "England and Wales"}
# Codes outside ISO 3166-1 for jurisdictions that sources list separately (World Bank and EU usage).
USER_ASSIGNED_ISO3 = {"XKX": "Kosovo"}


def is_aggregate(area: str) -> bool:
    """True for an area that is not one country or part of one (the world)."""
    return area in AGGREGATE_AREAS


# Sub-national samples named as the surveys name them (where the ISO 3166-2 name differs).
AREA_NAMES = {"BE-VLG": "Belgium (Flemish)", "BE-WAL": "Belgium (French)", **AGGREGATE_AREAS, **PART_AREAS}


def area_name(area: str) -> str:
    """A country's short name, or a sub-national sample's name as the survey reports it."""
    if area in AREA_NAMES:
        return AREA_NAMES[area]
    if "-" in area:
        import pycountry

        subdivision = pycountry.subdivisions.get(code=area)
        if subdivision is None:
            raise UnknownCountryError(f"{area!r} is not an ISO 3166-2 subdivision code")
        return subdivision.name.split(" [")[0]
    return country(area).name


def country(iso3: str) -> Country:
    """Reference record for one ISO3 code (subnational codes resolve to their state)."""
    return _country_record(parent_iso3(iso3), iso3)


@lru_cache(maxsize=1)
def _current_rows() -> tuple[dict[str, str], ...]:
    """country_converter's rows of current countries and areas (not obsolete, an alpha-3 code), read with the csv
    module: the gallery of a no-change build needs country names but not pandas."""
    import csv

    with _coco_path().open(encoding="utf-8", newline="") as handle:
        return tuple(row for row in csv.DictReader(handle, delimiter="\t")
                     if not row["obsolete"] and re.fullmatch(r"[A-Z]{3}", row["ISO3"]))


@lru_cache(maxsize=1)
def _records() -> dict[str, Country]:
    """Every row of country_reference() as a record, by code (the first row where a code repeats)."""
    records: dict[str, Country] = {}
    for row in _current_rows():
        records.setdefault(row["ISO3"], Country(row["ISO3"], row["name_short"],
                                                M49_REGION_OF_SUBREGION.get(row["UNregion"], ""), row["UNregion"],
                                                row["UNmember"] != ""))
    return records


def _country_record(code: str, iso3: str) -> Country:
    """The reference table's row for ``code`` (factsheet batches and the gallery ask thousands of times)."""
    record = _records().get(code)
    if record is None:
        raise UnknownCountryError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code of a current country or area")
    return record
