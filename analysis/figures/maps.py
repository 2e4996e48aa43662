"""World maps of treaty status: one choropleth per instrument, on an equal-area projection."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from analysis import paths
from analysis.figures.legal import STATUS_COLOURS, STATUS_LABELS, STATUSES
from analysis.figures.registry import Recipe, register
from analysis.i18n import _, long_date, percent, sorted_country_names
from analysis.plotting.world_map import (
    DOT_AREA,
    MAP_HEIGHT_FACTOR,
    MAP_SIZE_NOTE,
    MAP_SIZES,
    Category,
    KeyNumber,
    draw_world_map,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

NO_DATA = "no data"
DISCLAIMER = ("Boundaries are Natural Earth's (1:50m) and imply no opinion on the legal status of any country, "
              "territory or area, or of its borders. Territories are 'no data': a state's consent may or may not "
              "extend to them.")


def map_data(frames: Mapping[str, pd.DataFrame], instrument_id: str) -> pd.DataFrame:
    """Every area on the map or in the status list: its status (or 'no data') and how it is drawn."""
    import pandas as pd

    from analysis.countries import country_reference
    from analysis.coverage import CHILD_POPULATION, latest_child_population_year
    from analysis.maps.world import world_shapes

    shapes = world_shapes()
    status = frames["treaty_status"]
    status = status[status["instrument_id"] == instrument_id]
    children = frames["population"]
    year = latest_child_population_year(children)
    population = children[(children["indicator_id"] == CHILD_POPULATION) & (children["year"] == year)]
    if status.empty:
        raise ValueError(f"treaty_status.csv has no rows for instrument '{instrument_id}'")
    reference = country_reference().set_index("iso3")
    rows = []
    for key in sorted(set(status["iso3"]) | set(shapes)):
        listed = status[status["iso3"] == key]
        shape = shapes.get(key)
        known = key in reference.index
        row = {
            "instrument_id": instrument_id,
            "area": key,
            "name": reference.loc[key, "name"] if known else shape.atlas_name,
            "un_member": bool(reference.loc[key, "un_member"]) if known else False,
            "m49_region": reference.loc[key, "m49_region"] if known else "",
            "status": NO_DATA,
            "consent": pd.NaT,
            "consent_type": None,
            "drawn_as": "shape" if shape is not None else "not in the map data",
            "as_at": pd.NaT,
            "source_id": None,
            "locator": None,
        }
        if shape is not None and shape.area < DOT_AREA:
            row["drawn_as"] = "shape and dot"
        if not listed.empty:
            first = listed.iloc[0]
            row |= {"status": first["status"], "consent": first["consent"], "consent_type": first["consent_type"],
                    "as_at": first["as_at"], "source_id": first["source_id"], "locator": first["locator"]}
        if row["un_member"]:  # the children each member state is home to, for the caption's coverage share
            found = population[population["iso3"] == key]
            if not found.empty:
                row |= {"children_0_14": int(found["value"].iloc[0]), "population_year": int(found["year"].iloc[0]),
                        "source_id": f"{row['source_id']};{found['source_id'].iloc[0]}",
                        "locator": f"{row['locator']}; {found['locator'].iloc[0]}"}
        rows.append(row)
    data = pd.DataFrame(rows)
    members = data[data["un_member"]]
    if len(members) != len(country_reference().query("un_member")):
        raise ValueError(f"map of '{instrument_id}': {len(members)} UN member states found, not all of them")
    return data


def _counts(data: pd.DataFrame, order: tuple[str, ...] = STATUSES) -> dict[str, int]:
    members = data[data["un_member"]]
    return {status: int((members["status"] == status).sum()) for status in (*order, NO_DATA)}


def map_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    """The choropleth: each area in the colour of its status, with the parties and their children as key numbers."""
    counts = _counts(data)
    shown = data[data["drawn_as"] != "not in the map data"]
    fills = {row.area: None if row.status == NO_DATA else STATUS_COLOURS[row.status] for row in shown.itertuples()}
    dots = {row.area: STATUS_COLOURS[row.status] for row in shown.itertuples()
            if row.drawn_as == "shape and dot" and row.status != NO_DATA}
    categories = [Category(_("{status} ({count})", status=_(STATUS_LABELS[s]), count=counts[s]), STATUS_COLOURS[s])
                  for s in STATUSES]
    categories.append(Category(_("No data (territories, non-members not listed)"), None))
    draw_world_map(axes[0], fills, dots, categories, _("UN member states by status"), key_numbers(data))


def key_numbers(data: pd.DataFrame) -> list[KeyNumber]:
    """The parties among the UN member states on the status date, and the share of their children in party states."""
    counts = _counts(data)
    shares = coverage(data)
    return [
        KeyNumber(_("{count} of {total}", count=counts["party"], total=sum(counts.values())),
                  _("UN member states are parties, status on {as_at}",
                    as_at=long_date(data["as_at"].dropna().max().date()))),
        KeyNumber(percent(shares["children"], 1),
                  _("of their children aged 0-14 live in party states (World Bank, {year})",
                    year=int(data["population_year"].max()))),
    ]


def map_alt(data: pd.DataFrame) -> str:
    counts = _counts(data)
    members = data[data["un_member"]]

    def names(status: str) -> str:
        listed = sorted_country_names(members.loc[members["status"] == status, "area"])
        return ", ".join(listed) if listed else _("none")

    as_at = data["as_at"].dropna().max()
    return _("World map (Equal Earth projection) of treaty status on {as_at}. "
             "Of {total} UN member states, {parties} are parties. Signed, not ratified ({signed}): {signed_names}. "
             "Not a party ({absent}): {absent_names}.", as_at=long_date(as_at.date()), total=sum(counts.values()),
             parties=counts["party"], signed=counts["signatory"], signed_names=names("signatory"),
             absent=counts["not a party"], absent_names=names("not a party"))


def coverage(data: pd.DataFrame) -> dict[str, float]:
    """Share of UN member states, and of their children aged 0-14, in party states (percent)."""
    from analysis.coverage import status_table

    members = data[data["un_member"]].rename(columns={"area": "iso3", "children_0_14": "children"})
    party = status_table(members).set_index("status").loc["party"]
    return {"states": float(party["states_share_pct"]), "children": float(party["children_share_pct"])}


DEPOSITARY_LIST = "Status as listed by the depositary on {as_at}; signature alone does not make a party."


def _caption(data: pd.DataFrame, status_basis: str = DEPOSITARY_LIST) -> str:
    as_at = data["as_at"].dropna().max()
    shares = coverage(data)
    return " ".join([
        _(status_basis, as_at=long_date(as_at.date())),
        _("Parties are {states} of the UN member states and home to {children} of their children aged 0-14 "
          "(World Bank, population aged 0-14, {year}).", states=percent(shares["states"], 1),
          children=percent(shares["children"], 1), year=int(data["population_year"].max())),
        _("Equal Earth projection (equal-area), so the size of a coloured area is true to the land it covers. "
          "States smaller than about 4,000 km² also carry a dot. Antarctica is not shown."),
    ])


def _note(data: pd.DataFrame) -> str:
    absent = sorted_country_names(data.loc[data["un_member"] & (data["drawn_as"] == "not in the map data"), "area"])
    missing = _("Not in the map data, status in the CSV: {names}.", names=", ".join(absent)) if absent else ""
    return " ".join(part for part in (_(DISCLAIMER), missing) if part)


def parties_finding(data: pd.DataFrame, template: str) -> str:
    """The title of a map: how many UN member states are parties (``template`` names the treaty)."""
    members = data[data["un_member"]]
    return _(template, parties=int((members["status"] == "party").sum()), members=len(members))


def map_recipe(instrument_id: str, title: str, subtitle: str, status_basis: str = DEPOSITARY_LIST,
               finding: str = "") -> Recipe:
    """The world map recipe of one instrument; ``status_basis`` says where the statuses were read ({as_at});
    ``finding`` the title with {parties} and {members}, counted from the data."""
    prepare: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame] = partial(map_data, instrument_id=instrument_id)
    return Recipe(
        id=f"treaty-map-{instrument_id}",
        topic="legal",
        title=title,
        subtitle=subtitle,
        finding=partial(parties_finding, template=finding) if finding else None,
        caption=partial(_caption, status_basis=status_basis),
        note=_note,
        datasets=("treaty_status", "population"),
        prepare=prepare,
        draw=map_draw,
        alt_text=map_alt,
        height_factor=MAP_HEIGHT_FACTOR,
        sizes=MAP_SIZES,
        size_note=MAP_SIZE_NOTE,
        files=(paths.WORLD_ATLAS,),
    )


register(map_recipe(
    "opsc",
    "Which states are parties to the UN protocol on the sale and sexual exploitation of children",
    "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution "
    "and child pornography (OPSC, 2000)",
    finding="{parties} of the {members} UN member states are parties to the UN protocol on the sale of children",
))


register(map_recipe(
    "cets201",
    "Which states are parties to the Lanzarote Convention on sexual exploitation and abuse of children",
    "Council of Europe Convention on the Protection of Children against Sexual Exploitation and Sexual Abuse "
    "(CETS No. 201, 2007), open to states outside Europe",
    status_basis="Parties as the Council of Europe names them (all its 46 member states, the Russian Federation "
                 "and Tunisia), status at {as_at}. Its chart of signatures was not read; no other state was found "
                 "to have signed.",
    finding="{parties} of the {members} UN member states are parties to the Lanzarote Convention",
))


register(map_recipe(
    "cets185",
    "Which states are parties to the Budapest Convention on cybercrime",
    "Council of Europe Convention on Cybercrime (CETS No. 185, 2001), open to states outside Europe",
    status_basis="Parties and signatories as at {as_at}: the 76 and 2 the Council of Europe counted that day, each "
                 "identified from its own record (the Treaty Office's current chart was not read). States only "
                 "invited to accede are not parties.",
    finding="{parties} of the {members} UN member states are parties to the Budapest Convention",
))
