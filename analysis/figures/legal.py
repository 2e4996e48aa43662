"""Legal coverage figures: treaty adoption over time and status by region, from the depositaries' lists."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from analysis.figures.registry import Recipe, register
from analysis.i18n import _, country_name, long_date, semicolon_list, sorted_country_names, year
from analysis.plotting import palette

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

STATUSES = ("party", "signatory", "not a party")
STATUS_COLOURS = {"party": palette.BLUE, "signatory": palette.SKY_BLUE, "not a party": "#d9d9d9"}
STATUS_LABELS = {"party": "Party", "signatory": "Signed, not ratified", "not a party": "Not a party"}
INSTRUMENT_COLOURS = (palette.BLUE, palette.VERMILLION, palette.BLUISH_GREEN)


def _members(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Treaty rows of UN member states only (the denominator everywhere), with their M49 region."""
    from analysis.countries import un_member_states

    members = un_member_states()[["iso3", "name", "m49_region"]]
    status = frames["treaty_status"].merge(members, on="iso3", how="inner")
    missing = len(members) * status["instrument_id"].nunique() - len(status)
    if missing:
        raise ValueError(f"treaty_status.csv lacks {missing} UN member-state rows; every member needs a row "
                         "per instrument (party, signatory or not a party)")
    return status.merge(frames["instruments"][["instrument_id", "short_name"]], on="instrument_id")


# --- Cumulative adoption ------------------------------------------------------------------------------

TIMELINE_INSTRUMENT = "opsc"  # the one treaty whose every party's date of consent was read


def adoption_data(frames: Mapping[str, pd.DataFrame], instrument_id: str | None = None) -> pd.DataFrame:
    """One row per UN member state that is a party, in order of consent, with the running count (of one
    instrument, or of all).

    An instrument with any party whose date of consent was not read has no running count (``dated`` is
    False): a curve drawn from the known dates alone would show the treaty joined later than it was.
    """
    status = _members(frames)
    if instrument_id is not None:
        status = status[status["instrument_id"] == instrument_id]
    parties = status[status["status"] == "party"].sort_values(["instrument_id", "consent", "iso3"])
    dated = parties.groupby("instrument_id")["consent"].transform(lambda c: bool(c.notna().all()))
    running = parties.groupby("instrument_id").cumcount() + 1
    parties = parties.assign(dated=dated.astype(bool), parties_to_date=running.where(dated.astype(bool)),
                             members=len(status) // status["instrument_id"].nunique())
    return parties[["instrument_id", "short_name", "iso3", "name", "consent", "consent_type", "dated",
                    "parties_to_date", "members", "as_at", "source_id", "locator"]].reset_index(drop=True)


def undated_instruments(data: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Instruments left off the timeline: short name -> (parties with a date read, parties)."""
    undated = data[~data["dated"]]
    return {name: (int(rows["consent"].notna().sum()), len(rows))
            for name, rows in undated.groupby("short_name", sort=True)}


def adoption_note(data: pd.DataFrame) -> str:
    undated = undated_instruments(data)
    if not undated:
        return ""
    return _("Not drawn, consent dates read for only some parties: {instruments}.", instruments=semicolon_list(
        _("{instrument}, {dated} of {parties}", instrument=_(name), dated=dated, parties=parties)
        for name, (dated, parties) in undated.items()))


def adoption_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import matplotlib.dates as mdates
    import pandas as pd

    from analysis.plotting.layout import reserve_label_width

    ax = axes[0]
    members = int(data["members"].iloc[0])
    reserve_label_width(ax, [f"{members}MMMM"], 8.5)  # MMMM: room for the axis label on two lines
    for colour, (instrument, rows) in zip(INSTRUMENT_COLOURS, data[data["dated"]].groupby("short_name", sort=True),
                                          strict=False):
        dates = pd.to_datetime(rows["consent"])
        end = pd.to_datetime(rows["as_at"]).max()
        x = [dates.iloc[0], *dates, end]
        y = [0, *rows["parties_to_date"], int(rows["parties_to_date"].iloc[-1])]
        ax.step(x, y, where="post", color=colour, linewidth=2)
        # Well under the end of the line, joined to it: above it, the dotted line of all member states would strike
        # through the label, and just under it the rising line would run into the label's left end.
        ax.annotate(_("{instrument}: {count} of {total}", instrument=_(instrument), count=y[-1], total=members),
                    xy=(end, y[-1]), xytext=(end, y[-1] * 0.6), textcoords="data", ha="right", va="center",
                    fontsize=8.5, color=colour, weight="bold",
                    arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.8, "shrinkA": 2, "shrinkB": 3,
                                "relpos": (0.97, 1.0)})  # from the label's top right corner
    ax.axhline(members, color=palette.MUTED, linestyle=":", linewidth=1)
    ax.set_yticks([*range(0, members - 24, 50), members])  # the dotted line: all UN member states
    ax.set_ylim(0, members * 1.08)
    ax.xaxis.set_major_locator(mdates.YearLocator(4))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel(_("UN member states that are parties"))


def adoption_alt(data: pd.DataFrame) -> str:
    parts = []
    for instrument, rows in data[data["dated"]].groupby("short_name", sort=True):
        first, last = rows.iloc[0], rows.iloc[-1]
        by_year = rows.assign(year=rows["consent"].dt.year).groupby("year")["parties_to_date"].max()
        milestones = ", ".join(_("{count} by end of {year}", count=int(v), year=year(y)) for y, v in by_year.items()
                               if y % 5 == 0 or y == by_year.index[-1])
        parts.append(_("{instrument}: first consent by a UN member state on {first}, {count} of {total} member "
                       "states parties as at {as_at}; {milestones}.", instrument=_(instrument),
                       first=long_date(first.consent.date()), count=int(last.parties_to_date),
                       total=int(last.members), as_at=long_date(last.as_at.date()), milestones=milestones))
    return " ".join([_("Step chart of the cumulative number of UN member states that are parties, by date of "
                       "ratification or accession."), *parts, adoption_note(data)]).strip()


def adoption_finding(data: pd.DataFrame) -> str:
    """The title: of the treaties drawn, the one with the most parties, and the year by which half of them had
    joined."""
    dated = data[data["dated"]]
    if dated.empty:
        return _("No treaty has a date of consent read for every party")
    name, rows = max(dated.groupby("short_name", sort=True), key=lambda item: len(item[1]))
    consents = rows["consent"].sort_values()
    return _("{instrument}: {parties} of the {members} UN member states are parties; half of them had joined by the "
             "end of {year}", parties=len(rows), members=int(rows["members"].iloc[0]), instrument=_(name),
             year=year(consents.iloc[(len(consents) + 1) // 2 - 1].year))


register(Recipe(
    id="treaty-adoption-timeline",
    topic="legal",
    title="How UN member states joined the UN protocol on the sale of children (OPSC)",
    finding=adoption_finding,
    subtitle="Cumulative number of UN member states that are parties to the Optional Protocol on the sale of "
             "children, child prostitution and child pornography (OPSC), by date of ratification, accession or "
             "succession",
    caption="Dates of consent to be bound as listed by the depositary (UN Treaty Collection) on the date of its "
            "status list; signature alone does not count. Only the 193 UN member states are counted. The Council of "
            "Europe's Lanzarote and Budapest Conventions are not drawn: the dates on which some of their parties "
            "consented were not read, and a line drawn from the others would show them joined later than they were.",
    note=adoption_note,
    datasets=("treaty_status", "instruments"),
    prepare=partial(adoption_data, instrument_id=TIMELINE_INSTRUMENT),
    draw=adoption_draw,
    alt_text=adoption_alt,
))


# --- Status by region -------------------------------------------------------------------------------

def by_region_data(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    status = _members(frames)
    counts = (status.groupby(["instrument_id", "short_name", "m49_region", "status"]).size()
              .rename("states").reset_index())
    totals = counts.groupby(["instrument_id", "m49_region"])["states"].transform("sum")
    counts = counts.assign(region_members=totals, share_pct=(100 * counts["states"] / totals).round(2))
    sources = status.groupby("instrument_id")["source_id"].agg(lambda ids: ids.mode().iloc[0])  # the status list
    as_at = status.groupby("instrument_id")["as_at"].max()
    counts = counts.assign(source_id=counts["instrument_id"].map(sources), as_at=counts["instrument_id"].map(as_at),
                           locator="the instrument's rows in treaty_status.csv, each with its own locator")
    return counts.sort_values(["instrument_id", "m49_region", "status"]).reset_index(drop=True)


def by_region_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    import textwrap

    from analysis.plotting.layout import split_axes

    instruments = sorted(data["short_name"].unique())
    figure = axes[0].figure
    wide = figure.get_figwidth() > figure.get_figheight()  # panels side by side on wide pages, stacked on tall ones
    if len(instruments) == 1:
        panels = axes
    elif wide:
        grid = axes[0].get_subplotspec().get_gridspec()
        top = grid.top if grid.top is not None else figure.subplotpars.top
        grid.update(top=top - 0.2 / figure.get_figheight())  # room for panel titles wrapped onto two lines
        panels = split_axes(axes[0], 1, len(instruments), wspace=0.12)
    else:
        grid = axes[0].get_subplotspec().get_gridspec()
        top = grid.top if grid.top is not None else figure.subplotpars.top
        grid.update(top=top - 0.12 / figure.get_figheight())  # the first panel's title clear of the subtitle
        panels = split_axes(axes[0], len(instruments), 1, hspace=0.6)
    regions = sorted(data["m49_region"].unique(), reverse=True)
    for ax, instrument in zip(panels, instruments, strict=True):
        part = data[data["short_name"] == instrument]
        left = {r: 0 for r in regions}
        for status in STATUSES:
            rows = part[part["status"] == status].set_index("m49_region")
            widths = [int(rows.loc[r, "states"]) if r in rows.index else 0 for r in regions]
            ax.barh(regions, widths, left=[left[r] for r in regions], color=STATUS_COLOURS[status],
                    label=_(STATUS_LABELS[status]), edgecolor="white", linewidth=0.6)
            for r, w in zip(regions, widths, strict=True):
                if w >= (6 if wide else 3):
                    ax.text(left[r] + w / 2, r, str(w), ha="center", va="center", fontsize=7.5,
                            color="white" if status == "party" else palette.INK)
                left[r] += w
        for r in regions:
            ax.text(left[r] + 0.6, r, _("of {total}", total=left[r]), va="center", fontsize=7.5, color=palette.MUTED)
        width_in = ax.get_position().width * figure.get_figwidth()
        ax.set_title("\n".join(textwrap.wrap(_(instrument), max(12, int(width_in * 72 / (9.5 * 0.62))))), loc="left",
                     fontsize=9.5)
        ax.set_xlim(0, max(left.values()) * 1.15)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_yticks(range(len(regions)), [_(r) for r in regions])
    # The same scale in every panel (each region's member states): one set of tick labels on the shared side.
    for ax in panels[1:] if wide else panels[:-1]:
        if wide:
            ax.tick_params(axis="y", labelleft=False)
        else:
            ax.tick_params(axis="x", labelbottom=False)
    legend_at = panels[len(panels) // 2] if wide else panels[-1]
    legend_at.set_xlabel(_("UN member states"))
    height_in = legend_at.get_position().height * figure.get_figheight()
    legend_at.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 / height_in), ncols=3, fontsize=8)  # 0.5 in below


def by_region_alt(data: pd.DataFrame) -> str:
    parts = []
    for (instrument, region), rows in data.groupby(["short_name", "m49_region"], sort=True):
        counts = ", ".join(f"{int(r.states)} {_(STATUS_LABELS[r.status]).lower()}" for r in rows.itertuples())
        parts.append(_("{instrument}, {region} ({count} states): {counts}.", instrument=_(instrument),
                       region=_(region), count=int(rows["region_members"].iloc[0]), counts=counts))
    return " ".join([_("Stacked bar chart of UN member states by treaty status in each UN region."), *parts])


def by_region_finding(data: pd.DataFrame) -> str:
    """The title: outside Europe, how many UN member states are parties to each treaty."""
    outside = data[data["m49_region"] != "Europe"]
    members = int(outside.drop_duplicates("m49_region")["region_members"].sum())
    parties = outside[outside["status"] == "party"].groupby("instrument_id")["states"].sum()
    return _("Outside Europe, {opsc} of {members} UN member states are parties to the OPSC, {cets185} to the Budapest "
             "and {cets201} to the Lanzarote Convention", members=members,
             **{instrument: int(parties.get(instrument, 0)) for instrument in ("opsc", "cets185", "cets201")})


register(Recipe(
    id="treaty-status-by-region",
    topic="legal",
    title="Which regions have joined the treaties on child sexual exploitation",
    finding=by_region_finding,
    subtitle="UN member states by treaty status and UN M49 region",
    caption="OPSC: status as listed by the depositary (UN Treaty Collection). Lanzarote Convention: parties as the "
            "Council of Europe names them; no other state was found to have signed. Budapest Convention: the 76 "
            "parties and 2 signatories the Council of Europe counted on 9 October 2024, each identified from its "
            "own record. 'Not a party' is a known status, not missing data. Regions follow UN M49 (sub-region "
            "assignments from the country_converter package).",
    datasets=("treaty_status", "instruments"),
    prepare=by_region_data,
    draw=by_region_draw,
    alt_text=by_region_alt,
    sizes=("report", "slide", "story"),
    size_note="One panel per treaty, each with a bar per UN region: in the square frame the panels are too short "
              "for the region names to stay apart.",
))


# --- Per-region tables of states by status --------------------------------------------------------------

TABLE_COLUMNS = ("party", "signatory", "not a party")


def table_data(frames: Mapping[str, pd.DataFrame], instrument_id: str) -> pd.DataFrame:
    """Every UN member state with its region and status under one instrument."""
    status = _members(frames)
    status = status[status["instrument_id"] == instrument_id]
    return status[["instrument_id", "short_name", "m49_region", "iso3", "name", "status", "consent", "as_at",
                   "source_id", "locator"]].sort_values(["instrument_id", "m49_region", "status", "name"]) \
        .reset_index(drop=True)


def counted_status(data: pd.DataFrame) -> str:
    """The status most states have: the table counts it and names the states of the others."""
    totals = data["status"].value_counts()
    return max(TABLE_COLUMNS, key=lambda status: (int(totals.get(status, 0)), status == "party"))


def _column_edges(data: pd.DataFrame, counted: str) -> dict[str, tuple[float, float]]:
    """Left edge and width (axes fraction) of each column: narrow for counts and short lists, and the rest of the
    width shared among the named columns by how much text they hold in the current language."""
    region_width, narrow = 0.16, 0.14
    text = {s: sum(len(country_name(code)) + 2 for code in data.loc[data["status"] == s, "iso3"])
            for s in TABLE_COLUMNS if s != counted}
    spare = 1 - region_width - narrow * len(TABLE_COLUMNS)
    widths = {s: narrow + spare * text.get(s, 0) / max(sum(text.values()), 1) for s in TABLE_COLUMNS}
    edges, left = {"region": (0.0, region_width)}, region_width
    for status in TABLE_COLUMNS:
        edges[status] = (left, widths[status])
        left += widths[status]
    return edges


def table_draw(data: pd.DataFrame, axes: list[Axes]) -> None:
    """Rows placed down from the top of the axes in inches, each as tall as its longest wrapped cell.

    Offsets are absolute (not axes fractions), so the rows keep their spacing when the page layout later
    changes the axes' height.
    """
    import textwrap

    from matplotlib.lines import Line2D
    from matplotlib.transforms import ScaledTranslation

    from analysis.plotting.canvas import agg_renderer

    ax = axes[0]
    ax.axis("off")
    figure = ax.figure
    renderer = agg_renderer(figure)  # measures each row's wrapped height
    counted = counted_status(data)
    edges = _column_edges(data, counted)
    width_in = ax.get_position().width * figure.get_figwidth()
    gap_in = 0.5 * 7.5 / 72  # half a line between rows

    def chars(column: str, size: float, bold: bool) -> int:
        """Characters per line that fit the column (bold glyphs are wider)."""
        return max(10, int(edges[column][1] * 0.94 * width_in * 72 / (size * (0.64 if bold else 0.54))))

    def write_row(top_in: float, cells: dict[str, str], size: float, **style: object) -> float:
        """Draw one row with its top ``top_in`` below the axes' top; return the depth of its lowest edge."""
        place = ax.transAxes + ScaledTranslation(0, -top_in, figure.dpi_scale_trans)
        height_px = 0.0
        for column, text in cells.items():
            wrapped = "\n".join(textwrap.wrap(text, chars(column, size, "weight" in style))) or "–"
            colour = STATUS_COLOURS["party"] if column == counted == "party" and not style else palette.INK
            drawn = ax.text(edges[column][0], 1, wrapped, fontsize=size, va="top", linespacing=1.3, transform=place,
                            **{"color": colour, **style})
            height_px = max(height_px, drawn.get_window_extent(renderer).height)
        return top_in + height_px / figure.dpi

    def rule(depth_in: float) -> None:
        place = ax.transAxes + ScaledTranslation(0, -depth_in, figure.dpi_scale_trans)
        ax.add_line(Line2D([0, 1], [1, 1], transform=place, color="#e6e6e6", linewidth=0.6, clip_on=False))

    headers = {"region": _("UN region"), **{s: _(STATUS_LABELS[s]) for s in TABLE_COLUMNS}}
    depth = write_row(0.0, headers, 8, weight="bold") + gap_in
    for region in sorted(data["m49_region"].unique()):
        rows = data[data["m49_region"] == region]
        cells = {"region": _(region)}
        for status in TABLE_COLUMNS:
            codes = rows.loc[rows["status"] == status, "iso3"]
            cells[status] = (_("{count} of {total}", count=len(codes), total=len(rows)) if status == counted
                             else ", ".join(sorted_country_names(codes)))
        depth = write_row(depth, cells, 7.5) + gap_in
        rule(depth - gap_in / 2)


def table_alt(data: pd.DataFrame) -> str:
    counted = counted_status(data)
    parts = [_("Table of UN member states by region and treaty status ({instrument}).",
               instrument=_(data["short_name"].iloc[0]))]
    for region, rows in data.groupby("m49_region", sort=True):
        cells = []
        for status in TABLE_COLUMNS:
            codes = rows.loc[rows["status"] == status, "iso3"]
            listed = ", ".join(sorted_country_names(codes)) or _("none")
            cells.append(_("{status}: {states}", status=_(STATUS_LABELS[status]),
                           states=_("{count} of {total}", count=len(codes), total=len(rows))
                           if status == counted else listed))
        parts.append(_("{region}: {cells}.", region=_(region), cells=semicolon_list(cells)))
    return " ".join(parts)


TABLE_SIZE_NOTE = ("A table with lists of country names needs a wide page; in the square and story frames the names "
                   "would wrap into columns too narrow to read.")


def _table_caption(data: pd.DataFrame, basis: str) -> str:
    return _(basis, as_at=long_date(data["as_at"].max().date()))


def parties_in_europe(data: pd.DataFrame, template: str) -> str:
    """A table's title: how many UN member states are parties ({parties} of {members}), {europe} of them in Europe."""
    parties = data[data["status"] == "party"]
    return _(template, parties=len(parties), members=len(data), europe=int((parties["m49_region"] == "Europe").sum()))


def not_parties(data: pd.DataFrame, template: str) -> str:
    """A table's title: how many UN member states are not parties ({others} of {members}), {signed} of them
    signatories."""
    return _(template, others=int((data["status"] != "party").sum()), members=len(data),
             signed=int((data["status"] == "signatory").sum()))


def status_table_recipe(instrument_id: str, title: str, subtitle: str, caption: str,
                        finding: Callable[[pd.DataFrame], str], height_factor: float = 1.0,
                        sizes: tuple[str, ...] = ("report", "slide"), size_note: str = TABLE_SIZE_NOTE) -> Recipe:
    """The per-region table of one instrument: the most common status counted, the states of the others named.

    ``caption`` says where the statuses were read; ``{as_at}`` in it becomes the status date. ``finding`` is the
    title the image states, counted from the table's rows.
    """
    return Recipe(
        id=f"treaty-status-table-{instrument_id}",
        topic="legal",
        title=title,
        finding=finding,
        subtitle=subtitle,
        caption=partial(_table_caption, basis=caption),
        datasets=("treaty_status", "instruments"),
        prepare=partial(table_data, instrument_id=instrument_id),
        draw=table_draw,
        alt_text=table_alt,
        sizes=sizes,
        size_note=size_note,
        height_factor=height_factor,
    )


register(status_table_recipe(
    "opsc",
    "Which states have not joined the UN protocol on the sale and sexual exploitation of children",
    "UN member states by UN region: parties, states that signed but have not ratified, and states that are not "
    "parties (OPSC)",
    "Status as listed by the depositary (UN Treaty Collection) on {as_at}. A signatory has "
    "signed but not consented to be bound. 'Not a party' means absent from the list of participants, which is "
    "known, not missing. Regions follow UN M49.",
    finding=partial(not_parties, template="{others} of the {members} UN member states are not parties to the UN "
                                          "protocol on the sale of children; {signed} of them have signed it"),
))


register(status_table_recipe(
    "cets201",
    "Which states are parties to the Lanzarote Convention",
    "UN member states by UN region: parties and signatories named, other states counted (Council of Europe "
    "Convention on the Protection of Children against Sexual Exploitation and Sexual Abuse, CETS No. 201)",
    "Parties on {as_at} as the Council of Europe names them (all its 46 member states, the Russian Federation and "
    "Tunisia); its chart of signatures was not read, and no other state was found to have signed. 'Not a party' is "
    "a known status, not missing data. Regions follow UN M49, so Council of Europe members such as Cyprus and Georgia "
    "appear under Asia.",
    finding=partial(parties_in_europe, template="{parties} of the {members} UN member states are parties to the "
                                                "Lanzarote Convention, {europe} of them in Europe"),
    height_factor=1.12,  # the Portuguese source line wraps to a third line
))


register(status_table_recipe(
    "cets185",
    "Which states are parties to the Budapest Convention on cybercrime",
    "UN member states by UN region: parties and signatories named, other states counted (Council of Europe "
    "Convention on Cybercrime, CETS No. 185)",
    "Parties and signatories on {as_at}: the 76 and 2 the Council of Europe counted that day, each "
    "identified from its own record. States only invited to accede are not parties. 'Not a party' is a known "
    "status, not missing data. Regions follow UN M49.",
    finding=partial(parties_in_europe, template="{parties} of the {members} UN member states are parties to the "
                                                "Budapest Convention, {europe} of them in Europe"),
    height_factor=1.3,
))
