"""UN Treaty Collection status pages (HTML): participants with signature and consent dates."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from html.parser import HTMLParser

import pandas as pd

from analysis.countries import UnknownCountryError, to_iso3, un_member_states
from analysis.upstreams.base import Upstream, UpstreamFormatError

OPSC_URL = ("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11-c&chapter=4&clang=_en")
CONSENT_TYPES = {"": "ratification", "a": "accession", "d": "succession", "A": "acceptance", "AA": "approval"}
COLUMNS = ["instrument_id", "iso3", "status", "signature", "consent", "consent_type", "as_at", "source_id",
           "locator", "note"]


class _Table(HTMLParser):
    """Collects the rows of the participants table (its id ends in 'tblgrid') as lists of cell text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.depth = 0  # >0 while inside the participants table
        self.cell: list[str] | None = None
        self.in_sup = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and (dict(attrs).get("id") or "").endswith("tblgrid"):
            self.depth = 1
        elif tag == "table" and self.depth:
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag == "td":
            self.cell = []
        elif self.depth and tag == "sup":
            self.in_sup += 1  # footnote markers are not part of names

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag == "td" and self.cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif self.depth and tag == "sup":
            self.in_sup -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.in_sup:
            self.cell.append(data.replace("\xa0", " "))


def _date(text: str, where: str) -> tuple[date | None, str]:
    """'19 Sep 2002 a' -> (2002-09-19, 'a'); '' -> (None, '')."""
    text = text.strip()
    if not text:
        return None, ""
    match = re.fullmatch(r"(\d{1,2} [A-Z][a-z]{2} \d{4})\s*([a-zA-Z]{0,2})", text)
    if not match:
        raise UpstreamFormatError(f"{where}: '{text}' is not a date like '19 Sep 2002 a'")
    return datetime.strptime(match.group(1), "%d %b %Y").date(), match.group(2)


def status_as_at(page: str, origin: str) -> date:
    match = re.search(r"STATUS AS AT\s*:\s*(\d{2})-(\d{2})-(\d{4})", page)
    if not match:
        raise UpstreamFormatError(f"{origin}: no 'STATUS AS AT : DD-MM-YYYY' line; is this a UNTC status page?")
    day, month, year = (int(g) for g in match.groups())
    return date(year, month, day)


def stated_totals(page: str) -> dict[str, int]:
    """The page's own counts ('Signatories : 122. Parties : 178'), for checking the parsed table."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))
    found = {}
    for label in ("Signatories", "Parties"):
        match = re.search(label + r"\s*:\s*(\d+)", text)
        if match:
            found[label.lower()] = int(match.group(1))
    return found


def parse_status_page(content: bytes, origin: str, instrument_id: str, source_id: str) -> pd.DataFrame:
    """One row per UN member state and per listed participant: party, signatory or not a party.

    A state absent from the depositary's participant list is 'not a party' (the list is complete),
    which is different from not knowing.
    """
    page = content.decode("utf-8", errors="strict")
    as_at = status_as_at(page, origin)
    table = _Table()
    table.feed(page)
    if not table.rows or [c.lower() for c in table.rows[0][:2]] != ["participant", "signature"]:
        raise UpstreamFormatError(f"{origin}: no participants table with 'Participant' and 'Signature' columns")
    records = {}
    for number, cells in enumerate(table.rows[1:], start=1):
        where = f"{origin}, participants table row {number}"
        if len(cells) < 3:
            raise UpstreamFormatError(f"{where}: expected 3 cells, found {len(cells)}")
        try:
            iso3 = to_iso3(cells[0])
        except UnknownCountryError as err:
            raise UpstreamFormatError(f"{where}: {err}") from None
        if iso3 in records:
            raise UpstreamFormatError(f"{where}: '{cells[0]}' is listed twice (both map to {iso3})")
        signature, _ = _date(cells[1], where + ", column Signature")
        consent, mark = _date(cells[2], where + ", column Ratification, Accession(a), Succession(d)")
        if mark not in CONSENT_TYPES:
            raise UpstreamFormatError(f"{where}: unknown consent mark '{mark}'")
        records[iso3] = {
            "instrument_id": instrument_id, "iso3": iso3,
            "status": "party" if consent else "signatory",
            "signature": signature, "consent": consent, "consent_type": CONSENT_TYPES[mark] if consent else None,
            "as_at": as_at, "source_id": source_id,
            "locator": f"participants table, row {number} ('{cells[0]}')", "note": None,
        }
    totals = stated_totals(page)
    parties = sum(r["status"] == "party" for r in records.values())
    signed = sum(r["signature"] is not None for r in records.values())
    if totals.get("parties") not in (None, parties) or totals.get("signatories") not in (None, signed):
        raise UpstreamFormatError(f"{origin}: the page states {totals}, but the table has {parties} parties and "
                                  f"{signed} signatories; the table was not read completely")
    for member in un_member_states()["iso3"]:
        records.setdefault(member, {
            "instrument_id": instrument_id, "iso3": member, "status": "not a party", "signature": None,
            "consent": None, "consent_type": None, "as_at": as_at, "source_id": source_id,
            "locator": "not among the participants listed", "note": None})
    return pd.DataFrame(sorted(records.values(), key=lambda r: r["iso3"]), columns=COLUMNS)


def parse_opsc(content: bytes, origin: str = OPSC_URL) -> pd.DataFrame:
    return parse_status_page(content, origin, "opsc", "untc_opsc_status")


OPSC = Upstream(
    name="opsc",
    source_id="untc_opsc_status",
    resource="treaty_status",
    url=OPSC_URL,
    key=("instrument_id", "iso3"),
    value_columns=("status", "signature", "consent", "consent_type", "as_at"),
    parse=parse_opsc,
    description="UN Treaty Collection status of the Optional Protocol on the sale of children (OPSC)",
    media="html",
)
