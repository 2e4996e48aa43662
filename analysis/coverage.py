"""Who a treaty covers: UN member states and their children (population aged 0-14) by treaty status."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

CHILD_POPULATION = "SP.POP.0014.TO"  # World Bank: population aged 0-14


class MissingPopulationError(ValueError):
    """A member state without a child-population value for the year asked."""


def child_population(population: pd.DataFrame, year: int) -> pd.Series:
    """Population aged 0-14 by ISO3 for one year."""
    rows = population[(population["indicator_id"] == CHILD_POPULATION) & (population["year"] == year)]
    return rows.set_index("iso3")["value"]


def latest_child_population_year(population: pd.DataFrame) -> int:
    return int(population.loc[population["indicator_id"] == CHILD_POPULATION, "year"].max())


def coverage_by_status(status: pd.DataFrame, population: pd.DataFrame, instrument_id: str,
                       year: int | None = None) -> pd.DataFrame:
    """For one instrument: UN member states and their children aged 0-14 by status, with shares of the totals.

    The denominator is the 193 UN member states; every one must have a population value for the year, or the
    shares would be silently too high (MissingPopulationError names the states lacking one).
    """
    from analysis.countries import un_member_states

    year = year or latest_child_population_year(population)
    children = child_population(population, year)
    members = un_member_states()["iso3"]
    rows = status[(status["instrument_id"] == instrument_id) & status["iso3"].isin(members)]
    lacking = sorted(set(members) - set(children.index))
    if lacking:
        raise MissingPopulationError(
            f"population.csv has no {CHILD_POPULATION} value for {year} for {', '.join(lacking)}; add them "
            "(python -m analysis fetch wb-child-population) or choose a year every member state has")
    return status_table(rows.assign(children=rows["iso3"].map(children))).assign(year=year,
                                                                                 instrument_id=instrument_id)


def status_table(rows: pd.DataFrame) -> pd.DataFrame:
    """States and children by status (party, signatory, not a party), with each status's share of the totals.

    ``rows``: one row per state with ``iso3``, ``status`` and ``children``; a state without children would
    make the shares silently too high, so it is refused (MissingPopulationError names it).
    """
    lacking = sorted(rows.loc[rows["children"].isna(), "iso3"])
    if lacking:
        raise MissingPopulationError(f"no child population for {', '.join(lacking)}: the shares would be too high")
    table = rows.groupby("status").agg(states=("iso3", "size"), children=("children", "sum"))
    table = table.reindex(["party", "signatory", "not a party"], fill_value=0)
    table = table.assign(states_share_pct=100 * table["states"] / table["states"].sum(),
                         children_share_pct=100 * table["children"] / table["children"].sum())
    return table.reset_index().astype({"states": int, "children": "int64"})
