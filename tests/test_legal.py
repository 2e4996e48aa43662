"""Treaty status: the UNTC parser against the depositary's own totals, completeness, and the legal figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import i18n
from analysis.catalog import Catalog
from analysis.countries import un_member_states
from analysis.figures.legal import counted_status
from analysis.figures.registry import all_recipes
from analysis.i18n import country_name
from analysis.plotting.layout import SIZES, house_style
from analysis.render import draw
from analysis.upstreams import untc
from analysis.upstreams.base import UpstreamFormatError

EXTRACT = Path(__file__).parent / "fixtures" / "upstreams" / "untc-opsc-extract.html"


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    catalog = Catalog()
    return {name: catalog.load(name, validate=False) for name in ("treaty_status", "instruments", "sources")}


def test_parser_matches_the_depositary_stated_totals() -> None:
    rows = untc.parse_opsc(EXTRACT.read_bytes(), "extract")
    # The page itself states 122 signatories and 178 parties (status as at 03-02-2026).
    assert untc.stated_totals(EXTRACT.read_text(encoding="utf-8")) == {"signatories": 122, "parties": 178}
    assert (rows["status"] == "party").sum() == 178
    assert rows["signature"].notna().sum() == 122
    assert set(rows["as_at"]) == {pd.Timestamp("2026-02-03").date()}
    argentina = rows.set_index("iso3").loc["ARG"]
    assert (str(argentina["signature"]), str(argentina["consent"]), argentina["consent_type"]) == (
        "2002-04-01", "2003-09-25", "ratification")  # row 'Argentina': 1 Apr 2002, 25 Sep 2003
    assert rows.set_index("iso3").loc["AFG", "consent_type"] == "accession"  # '19 Sep 2002 a'


def test_parser_refuses_a_truncated_table_and_bad_dates() -> None:
    text = EXTRACT.read_text(encoding="utf-8")
    first_row_end = text.index("</tr>", text.index("Afghanistan")) + len("</tr>")
    truncated = text[: text.index("<tr", text.index("Afghanistan") - 60)] + text[first_row_end:]
    with pytest.raises(UpstreamFormatError, match="the table was not read completely"):
        untc.parse_opsc(truncated.encode(), "extract")
    with pytest.raises(UpstreamFormatError, match=r"row 1, column Ratification.*'19 Sepx 2002 a'"):
        untc.parse_opsc(text.replace("19 Sep\t 2002 a", "19 Sepx 2002 a").encode(), "extract")
    with pytest.raises(UpstreamFormatError, match="STATUS AS AT"):
        untc.parse_opsc(text.replace("STATUS AS AT", "STATUS").encode(), "extract")


def test_every_un_member_has_a_row_per_instrument(frames: dict[str, pd.DataFrame]) -> None:
    status = frames["treaty_status"]
    members = set(un_member_states()["iso3"])
    for instrument in frames["instruments"]["instrument_id"]:
        listed = set(status.loc[status["instrument_id"] == instrument, "iso3"])
        assert members <= listed, sorted(members - listed)
    assert status["status"].isin(["party", "signatory", "not a party"]).all()
    parties = status[status["status"] == "party"]
    # The UN list dates every consent; the Lanzarote rows carry a date only where a primary text gave one.
    assert parties.loc[parties["instrument_id"] == "opsc", "consent"].notna().all()
    assert status.loc[status["status"] != "party", "consent"].isna().all()


def test_lanzarote_parties_are_the_48_the_council_of_europe_names(frames: dict[str, pd.DataFrame]) -> None:
    rows = frames["treaty_status"].query("instrument_id == 'cets201'").set_index("iso3")
    parties = rows[rows["status"] == "party"]
    # 'All 46 Council of Europe member states ... The Russian Federation ...; Tunisia acceded to it'
    assert len(parties) == 48 and {"RUS", "TUN", "GBR", "TUR", "AZE"} <= set(parties.index)
    assert not {"BLR", "USA", "CAN", "MEX", "JPN"} & set(parties.index)  # not members; none found to have signed
    assert parties.loc["TUN", "consent_type"] == "accession"
    assert (rows["status"] != "signatory").all() and (rows["status"] == "not a party").sum() == 193 - 48
    # A consent date is never the status page's: each comes from a text that states it.
    dated = parties[parties["consent"].notna()]
    assert len(dated) == 26 and (dated["source_id"] != "coe_lanzarote_convention_page").all()
    # Treaty Office, Germany: 'the instrument of ratification, deposited on 18 November 2015' (the January 2015
    # date an earlier pass found is the German approval law's).
    assert str(parties.loc["DEU", "consent"].date()) == "2015-11-18"
    assert str(parties.loc["IRL", "consent"].date()) == "2020-12-21"  # CoE press release, 21 December 2020
    assert str(parties.loc["AZE", "consent"].date()) == "2019-12-19"  # CoE release: "Oggi", dated 19 Dicembre 2019
    assert str(parties.loc["ALB", "consent"].date()) == "2009-04-14"  # Finlex: 'Sitoutumispäivä: 14.04.2009 R'


def test_budapest_status_matches_the_council_of_europe_count_of_9_october_2024(
        frames: dict[str, pd.DataFrame]) -> None:
    rows = frames["treaty_status"].query("instrument_id == 'cets185'").set_index("iso3")
    # '76 States are now Parties, two have signed it and 18 have been invited to accede'
    assert rows["status"].value_counts().to_dict() == {"not a party": 115, "party": 76, "signatory": 2}
    assert set(rows.index[rows["status"] == "signatory"]) == {"IRL", "ZAF"}
    assert {"NZL", "VUT", "STP", "ECU"} <= set(rows.index[rows["status"] == "not a party"])  # joined later
    assert {"SMR", "CIV", "BEN", "USA", "JPN"} <= set(rows.index[rows["status"] == "party"])
    dated = rows[rows["consent"].notna()]
    # Dates only from primary texts: the Council's pages, copies of its notifications, states' official texts.
    primary = {"coe_cets185_pages", "coe_cets185_notification_copies", "cets185_state_official_texts"}
    assert set(dated["source_id"]) == primary and len(dated) == 48
    kinds = frames["sources"].set_index("source_id")["kind"]
    assert (dated["source_id"].map(kinds) == "legal text").all()
    assert (dated["consent"] >= pd.Timestamp("2001-11-23")).all() and (dated["consent"] <= dated["as_at"]).all()
    assert str(dated.loc["GBR", "consent"].date()) == "2011-05-25"  # notification JJ7249C
    assert "'Date of ratification : 25 May 2011.'" in dated.loc["GBR", "locator"]
    undated = rows[(rows["status"] == "party") & rows["consent"].isna()]
    assert len(undated) == 28 and undated["note"].str.contains("Deposit date not (?:read|used)").all()
    assert "Daily FT" in undated.loc["LKA", "note"]  # read only in the news: quoted, not used
    assert str(rows.loc["ALB", "consent"].date()) == "2002-06-20"  # chart row '| Albania | 23/11/2001 | 20/06/2002 |'


def test_timeline_leaves_out_a_treaty_with_undated_parties(frames: dict[str, pd.DataFrame]) -> None:
    from analysis.figures.legal import adoption_data, adoption_note
    from analysis.i18n import language

    data = adoption_data(frames)  # every instrument: those with undated parties get no running count
    lanzarote = data[data["instrument_id"] == "cets201"]
    assert len(lanzarote) == 48 and not lanzarote["dated"].any() and lanzarote["parties_to_date"].isna().all()
    with language("en"):
        assert adoption_note(data) == ("Not drawn, consent dates read for only some parties: Budapest Convention "
                                       "(CoE), 48 of 76; Lanzarote Convention (CoE), 26 of 48.")


def test_the_timeline_draws_and_names_the_opsc_only_and_its_label_clears_the_193_line(
        frames: dict[str, pd.DataFrame]) -> None:
    from analysis.i18n import language

    recipe = all_recipes()["treaty-adoption-timeline"]
    data = recipe.prepare(frames)
    assert set(data["instrument_id"]) == {"opsc"} and data["dated"].all()  # what it draws is what its data holds
    assert "OPSC" in recipe.title and "OPSC" in recipe.subtitle and "treaties" not in recipe.title
    for size in ("report", "square", "story"):
        with language("en"), house_style():
            drawn = draw(recipe, Catalog(), SIZES[size])
        fig = drawn.figure
        fig.canvas.draw()
        ax = fig.axes[0]
        assert set(drawn.data["source_id"]) == {"untc_opsc_status"}  # so its source line cites the UN list alone
        label = next(t for t in ax.texts if t.get_text().startswith("OPSC (UN): "))
        box = label.get_window_extent()
        line_y = ax.transData.transform((0, int(data["members"].iloc[0])))[1]
        assert box.y1 < line_y, size  # the dotted line of all member states passes above the label
        assert recipe.note_for(drawn.data) == ""


def test_shipped_opsc_rows_are_what_the_refresher_parses(frames: dict[str, pd.DataFrame]) -> None:
    parsed = untc.parse_opsc(EXTRACT.read_bytes(), "extract").set_index("iso3")
    shipped = frames["treaty_status"].query("instrument_id == 'opsc'").set_index("iso3")
    assert list(parsed.index) == list(shipped.index)
    assert (parsed["status"] == shipped["status"]).all()
    assert [str(d) if d else "" for d in parsed["consent"]] == [
        "" if pd.isna(d) else str(d.date()) for d in shipped["consent"]]


def test_region_bars_count_every_member_once(frames: dict[str, pd.DataFrame]) -> None:
    data = all_recipes()["treaty-status-by-region"].prepare(frames)
    opsc = data[data["instrument_id"] == "opsc"]
    assert opsc["states"].sum() == 193
    assert opsc.groupby("m49_region")["states"].sum().to_dict() == (
        un_member_states()["m49_region"].value_counts().to_dict())


def test_adoption_timeline_counts_member_parties(frames: dict[str, pd.DataFrame]) -> None:
    data = all_recipes()["treaty-adoption-timeline"].prepare(frames)
    opsc = data[data["instrument_id"] == "opsc"]
    members = set(un_member_states()["iso3"])
    status = frames["treaty_status"]
    expected = status[(status["instrument_id"] == "opsc") & (status["status"] == "party")
                      & status["iso3"].isin(members)]
    assert opsc["parties_to_date"].tolist() == list(range(1, len(expected) + 1))
    assert opsc["consent"].is_monotonic_increasing
    assert len(expected) == 178 - len(set(expected["iso3"]) ^ set(status.loc[
        (status["instrument_id"] == "opsc") & (status["status"] == "party"), "iso3"]))


@pytest.mark.parametrize(("instrument", "counted"), [("opsc", "party"), ("cets201", "not a party"),
                                                    ("cets185", "not a party")])
def test_status_table_counts_the_commonest_status_and_names_the_rest(frames: dict[str, pd.DataFrame],
                                                                     instrument: str, counted: str) -> None:
    recipe = all_recipes()[f"treaty-status-table-{instrument}"]
    data = recipe.prepare(frames)
    assert len(data) == 193 and counted_status(data) == counted
    with house_style():
        drawn = draw(recipe, Catalog(), SIZES["report"])
    cells = [t.get_text() for t in drawn.figure.axes[0].texts]
    named = {status for status in ("party", "signatory", "not a party") if status != counted}
    # Every state of a named status appears once in the drawn cells (names wrap, so compare without line breaks).
    drawn_names = ", ".join(" ".join(c.split()) for c in cells)
    for status in named:
        for code in data.loc[data["status"] == status, "iso3"]:
            assert drawn_names.count(country_name(code)) >= 1, (status, code)
    shipped = frames["treaty_status"].query("instrument_id == @instrument")
    members = shipped[shipped["iso3"].isin(un_member_states()["iso3"])]
    by_region = data.assign(hit=data["status"] == counted).groupby("m49_region")["hit"].agg(["sum", "size"])
    for region, (hits, size) in by_region.iterrows():
        assert f"{hits} of {size}" in cells, region
    assert by_region["sum"].sum() == (members["status"] == counted).sum()


def test_budapest_table_names_its_two_signatories_alone(frames: dict[str, pd.DataFrame]) -> None:
    recipe = all_recipes()["treaty-status-table-cets185"]
    data = recipe.prepare(frames)
    assert sorted(data.loc[data["status"] == "signatory", "iso3"]) == ["IRL", "ZAF"]
    alt = recipe.alt_text(data)
    assert "Europe: Party: Albania, Andorra" in alt and "Signed, not ratified: Ireland; Not a party: 2 of 43." in alt
    with i18n.language("fr"):
        assert "Signé, non ratifié\u00a0: Irlande\u00a0; Non partie\u00a0: 2 sur 43." in recipe.alt_text(data)
    assert recipe.caption_for(data).startswith("Parties and signatories on October 9, 2024: the 76 and 2")


def test_status_table_columns_are_sized_by_the_names_as_translated(frames: dict[str, pd.DataFrame]) -> None:
    from analysis.figures.legal import TABLE_COLUMNS, _column_edges

    data = all_recipes()["treaty-status-table-opsc"].prepare(frames)
    counted = counted_status(data)
    named = [s for s in TABLE_COLUMNS if s != counted]
    for lang in ("en", "fr"):
        with i18n.language(lang):
            edges = _column_edges(data, counted)
            text = {s: sum(len(country_name(c)) + 2 for c in data.loc[data["status"] == s, "iso3"]) for s in named}
        # the extra width beyond the narrow minimum is shared in proportion to each column's text in that language
        extra = {s: edges[s][1] - edges[counted][1] for s in named}
        ratio = extra[named[0]] / extra[named[1]]
        assert ratio == pytest.approx(text[named[0]] / text[named[1]]), lang
        assert sum(width for _left, width in edges.values()) == pytest.approx(1.0)


def test_status_table_lists_names_in_reading_order_in_french(frames: dict[str, pd.DataFrame]) -> None:
    recipe = all_recipes()["treaty-status-table-cets185"]
    data = recipe.prepare(frames)
    with i18n.language("fr"):
        alt = recipe.alt_text(data)
    africa = alt[alt.index("Afrique"):alt.index("Amériques")]
    listed = africa[africa.index("Partie\u00a0: ") + len("Partie\u00a0: "):].split("\u00a0;")[0].split(", ")
    assert listed == sorted(listed, key=i18n.collation_key) and len(listed) > 5
