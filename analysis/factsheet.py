"""Country factsheets: a one-page PDF per country with its legal status, survey figures and sources."""

from __future__ import annotations

import contextlib
import re
import textwrap
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import online_exploitation, paths
from analysis.atomic import staging_dir, write_bytes_atomic
from analysis.catalog import Catalog
from analysis.countries import Country, UnknownCountryError, country, country_reference, parent_iso3
from analysis.factsheet_reports import block_height, country_reports, write_block
from analysis.global_bullying import (
    STRIP_IN,
    FactsheetBullying,
    draw_region_strip,
    factsheet_sentences,
    for_factsheet,
    strip_texts,
)
from analysis.grooming_laws import MEETING_LABELS
from analysis.i18n import (
    _,
    country_name,
    financial_year,
    labelled,
    language,
    long_date,
    number,
    percent,
    semicolon_list,
)
from analysis.i18n.citations import citation
from analysis.plotting import palette
from analysis.plotting.axis_check import require_truthful_axes
from analysis.plotting.layout import Size, house_style
from analysis.plotting.legibility import require_legible
from analysis.published_values import count_value
from analysis.scope import is_about

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

# A4 portrait for print: nothing smaller than 7 pt.
PAGE = Size("factsheet", "A4 portrait page", 8.27, 11.69, 100, 100 * 7 / 72, ("pdf",))
MARGIN_IN = 0.6
DATASETS = ("treaty_status", "instruments", "grooming_laws", "survey_estimates", "indicators", "sources", "counts",
            "cybertipline_countries",
            "count_series", "bullying_global", "exploitation_estimates")
HBSC = "hbsc_cyberbullied"
SEX_LABELS = {"female": "Girls", "male": "Boys"}
NOT_YET_COVERED = ("Official missing-children counts are held only for the United States, Canada, England and Wales, "
                   "Argentina and Australia (all ages). Not in the data is not the same as no law or no case.")
# All-ages counts shown on a factsheet (their title says so) where no under-18 count of the kind was found.
ALL_AGES_COUNTS = {"nmpcc_missing_person_reports_all"}
# Page geometry below the HBSC chart (inches): its tick and legend labels, a heading, the footer line.
CHART_MAX_IN, CHART_MIN_IN, CHART_LABELS_IN, HEADING_IN, FOOTER_IN = 2.5, 1.6, 0.95, 0.45, MARGIN_IN * 0.6 + 0.15
SOURCE_PT, SOURCE_GAP_IN, SOURCE_EM = 7, 0.02, 0.58
COUNT_YEARS = 1  # the latest value of each count series (the figures show the years before it)


class UnknownFactsheetCountryError(LookupError):
    """A factsheet asked for a code that is not a current country."""


@dataclass(frozen=True)
class TreatyLine:
    instrument: str
    status: str  # party, signatory or not a party, as the depositary lists it
    consent: date | None
    consent_type: str | None
    signature: date | None
    as_at: date
    source_id: str


@dataclass
class FactsheetData:
    """Everything one factsheet shows, chosen from the data package (no drawing here)."""

    iso3: str
    region: str
    treaties: list[TreatyLine]
    laws: pd.DataFrame | None = None  # online-grooming offences read in official texts
    hbsc_year: int | None = None
    hbsc: pd.DataFrame | None = None  # the country's own samples, latest cycle
    hbsc_region: pd.DataFrame | None = None  # the same cells for the other countries of its region
    hbsc_average: pd.DataFrame | None = None  # the survey's own average, where published
    series: dict[str, pd.DataFrame] = field(default_factory=dict)  # other surveys: indicator -> all-sex rows by year
    counts: dict[str, pd.DataFrame] = field(default_factory=dict)  # official count series -> latest rows
    source_ids: list[str] = field(default_factory=list)
    reports: pd.DataFrame | None = None  # CyberTipline reports located in the country, by year (factsheet_reports)
    reports_panel: bool | None = None  # draw their panel; None: only where the page still fits on one page
    bullying: FactsheetBullying | None = None  # bullying at 13-15 from a global compilation, beside its region
    exploitation: pd.DataFrame | None = None  # Disrupting Harm estimate, where surveyed (online_exploitation)


def _when(value: Any) -> date | None:
    import pandas as pd

    return None if pd.isna(value) else pd.Timestamp(value).date()


def _text(value: Any) -> str | None:
    import pandas as pd

    return None if pd.isna(value) else str(value)


def factsheet_state(iso3: str) -> Country:
    """The country a factsheet can be made for, or UnknownFactsheetCountryError saying what to ask for."""
    try:
        state = country(iso3)
    except UnknownCountryError as err:
        raise UnknownFactsheetCountryError(
            f"no factsheet for {iso3!r}: give an ISO 3166-1 alpha-3 code such as ARG or FRA") from err
    if state.iso3 != iso3:
        raise UnknownFactsheetCountryError(f"{iso3!r} is a sub-national code; ask for {state.iso3} instead")
    return state


def factsheet_data(iso3: str, frames: dict[str, pd.DataFrame]) -> FactsheetData:
    """The rows behind one country's factsheet."""
    state = factsheet_state(iso3)
    instruments = frames["instruments"].set_index("instrument_id")
    status = frames["treaty_status"]
    treaties = [
        TreatyLine(instruments.loc[row.instrument_id, "short_name"], row.status, _when(row.consent),
                   _text(row.consent_type), _when(row.signature),
                   _when(row.as_at), row.source_id)
        for row in status[status["iso3"] == iso3].itertuples(index=False)]
    data = FactsheetData(iso3, state.m49_region, treaties)
    laws = frames["grooming_laws"]
    data.laws = laws[laws["iso3"] == iso3].sort_values(["jurisdiction", "in_force", "provision"], na_position="first")
    data.source_ids += list(data.laws["source_id"])
    survey = frames["survey_estimates"]
    hbsc = survey[survey["indicator_id"] == HBSC]
    own = hbsc[hbsc["area"].map(lambda a: a != "average" and parent_iso3(a) == iso3)]
    if not own.empty:
        latest = int(own["year"].max())
        cells = hbsc[(hbsc["year"] == latest) & hbsc["sex"].isin(list(SEX_LABELS))]
        regions = {a: country(parent_iso3(a)).m49_region for a in cells["area"].unique() if a != "average"}
        data.hbsc_year = latest
        data.hbsc = cells[cells["area"].map(lambda a: a != "average" and parent_iso3(a) == iso3)]
        data.hbsc_region = cells[cells["area"].map(
            lambda a: a != "average" and parent_iso3(a) != iso3 and regions[a] == state.m49_region)]
        data.hbsc_average = cells[cells["area"] == "average"]
        used = [data.hbsc, data.hbsc_region, data.hbsc_average]
        data.source_ids += sorted({s for frame in used for s in frame["source_id"]})
    others = survey[(survey["indicator_id"] != HBSC) & (survey["area"] == iso3) & (survey["sex"] == "total")]
    for indicator_id, rows in sorted(others.groupby("indicator_id"), key=lambda item: item[0]):
        data.series[indicator_id] = rows.sort_values("year")
        data.source_ids += list(rows["source_id"])
    counts = frames["counts"]
    about_children = set(frames["count_series"].query("age_group == 'under 18'")["series_id"]) | ALL_AGES_COUNTS
    # Only series about this country or a part of it: never a worldwide count filed under its publisher's country.
    about_country = counts["area"].map(lambda area: is_about(area, iso3))
    own_counts = counts[about_country & counts["series_id"].isin(about_children)]
    for series_id, rows in sorted(own_counts.groupby("series_id"), key=lambda item: item[0]):
        data.counts[series_id] = rows.sort_values("year").tail(COUNT_YEARS)
        data.source_ids += list(data.counts[series_id]["source_id"])
    data.bullying = for_factsheet(iso3, frames["bullying_global"], frames["indicators"])
    data.source_ids += [s for s in data.bullying.source_id.split(";") if s]
    data.reports = country_reports(frames, iso3)
    data.source_ids += [s for ids in data.reports["source_id"] for s in ids.split(";")]
    data.exploitation = online_exploitation.factsheet_rows(iso3, frames)
    data.source_ids += list(data.exploitation["source_id"])
    data.source_ids = sorted({*(t.source_id for t in treaties), *data.source_ids})
    return data


def period_label(year: int, period: str) -> str:
    """'2018/19' for a financial year that starts in 2018; the year itself otherwise."""
    return financial_year(year) if period.startswith("financial year") else str(year)


def hbsc_cycle(survey_year: int) -> str:
    """HBSC names its cycles by school year: the 2022 data are the 2021/22 survey."""
    return f"{survey_year - 1}/{str(survey_year)[2:]}"


def short_url(url: str) -> str:
    """An address as printed on the page: without the scheme and 'www.' (full addresses are in sources.csv)."""
    return re.sub(r"^https?://(www\.)?", "", url)


def law_sentence(row: Any) -> str:
    """One offence in a line or two: provision, where, from when, whether a meeting is needed, the maximum."""
    import pandas as pd

    where = f" ({_(row.jurisdiction)})" if isinstance(row.jurisdiction, str) else ""
    parts = [_("Online grooming offence{where}: {law}, {provision}", where=where, law=citation(row.law),
               provision=row.provision)]
    if isinstance(row.in_force, str):
        parts.append(_("in force from {year}", year=row.in_force[:4]))
    parts.append(_("meeting needed: {answer}", answer=_(MEETING_LABELS[row.meeting_required]).lower()))
    if pd.notna(row.victim_age_below):
        parts.append(_("children under {age}", age=int(row.victim_age_below)))
    if row.max_penalty_kind == "life imprisonment":
        parts.append(_("up to life imprisonment"))
    elif row.max_penalty_kind == "term of years" and row.max_penalty_years == 1:
        parts.append(_("up to 1 year in prison"))
    elif row.max_penalty_kind == "term of years":
        parts.append(_("up to {years} years in prison", years=number(row.max_penalty_years, 0)))
    return semicolon_list(parts) + "."


def _treaty_sentence(line: TreatyLine) -> str:
    if line.status == "party" and line.consent is None:
        return _("{instrument}: party (the date of consent is not in the data package).",
                 instrument=_(line.instrument))
    if line.status == "party":
        how = _(line.consent_type.capitalize()) if line.consent_type else _("Consent")
        return _("{instrument}: party. {how} on {date}.", instrument=_(line.instrument), how=how,
                 date=long_date(line.consent))
    if line.status == "signatory" and line.signature is None:
        return _("{instrument}: signed, not ratified (the date of signature is not in the data package).",
                 instrument=_(line.instrument))
    if line.status == "signatory":
        return _("{instrument}: signed on {date}, not ratified.", instrument=_(line.instrument),
                 date=long_date(line.signature))
    return _("{instrument}: not a party (not among the participants listed on {date}).",
             instrument=_(line.instrument), date=long_date(line.as_at))


class _Writer:
    """Stacks wrapped text blocks down the page from the top margin."""

    def __init__(self, fig: Figure | Sketch) -> None:
        self.fig = fig
        self.y_in = MARGIN_IN
        self.width_in = PAGE.width_in - 2 * MARGIN_IN

    def lines(self, text: str, pt: float, em: float = 0.55, indent_in: float = 0.0) -> list[str]:
        chars = max(20, int((self.width_in - indent_in) * 72 / (pt * em)))
        return textwrap.wrap(text, chars) or [""]

    def height(self, text: str, pt: float, gap_after: float = 0.08, em: float = 0.55) -> float:
        """How far down the page ``text`` would take the writer, in inches."""
        return len(self.lines(text, pt, em)) * pt * 1.32 / 72 + gap_after

    def text(self, text: str, pt: float, gap_after: float = 0.08, em: float = 0.55, indent_in: float = 0.0,
             **style: Any) -> None:
        lines = self.lines(text, pt, em, indent_in)
        for line in lines:
            self.y_in += pt * 1.32 / 72
            self.fig.text((MARGIN_IN + indent_in) / PAGE.width_in, 1 - self.y_in / PAGE.height_in, line,
                          fontsize=pt, va="baseline", ha="left", **style)
        self.y_in += gap_after

    def heading(self, text: str) -> None:
        self.y_in += 0.14
        self.text(text, 12.5, gap_after=0.06, em=0.62, weight="bold", color=palette.BLUE)


class Sketch:
    """A page prepared but not drawn: it keeps the texts a Figure would show (fast, for checking content)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def text(self, _x: float, _y: float, text: str, **_style: Any) -> None:
        self.texts.append(text)


HBSC_ROWS = [(age, sex) for age in ("11", "13", "15") for sex in SEX_LABELS]


def hbsc_labels(data: FactsheetData) -> dict[str, Any]:
    """The chart's words, in the current language: legend entries, row labels and axis title."""
    legend = [_("Other countries in {region}", region=_(data.region))]
    if not data.hbsc_average.empty:
        legend.append(_("survey average"))
    areas = sorted(data.hbsc["area"].unique())
    return {"legend": [*legend, *(country_name(area) for area in areas)],
            "rows": [f"{_('Age {age}', age=age)}, {_(SEX_LABELS[sex]).lower()}" for age, sex in HBSC_ROWS],
            "xlabel": _("Percentage of students")}


def _hbsc_axes(fig: Figure | Sketch, data: FactsheetData, top_in: float, height_in: float) -> None:
    """One row per age and sex: the country's sample(s) over the other countries of its region."""
    labels = hbsc_labels(data)
    if isinstance(fig, Sketch):
        fig.texts += [*labels["legend"], *labels["rows"], labels["xlabel"]]
        return
    ax = fig.add_axes([(MARGIN_IN + 1.35) / PAGE.width_in, 1 - (top_in + height_in) / PAGE.height_in,
                       (PAGE.width_in - 2 * MARGIN_IN - 1.45) / PAGE.width_in, height_in / PAGE.height_in])
    rows = HBSC_ROWS
    position = {cell: i for i, cell in enumerate(rows)}

    def ys(frame: pd.DataFrame) -> list[int]:
        return [position[(str(a), s)] for a, s in zip(frame["age"], frame["sex"], strict=True)]

    region = data.hbsc_region
    ax.scatter(region["value_pct"], ys(region), s=16, color="#9a9a9a", alpha=0.8, linewidths=0, zorder=2,
               label=_("Other countries in {region}", region=_(data.region)))
    if not data.hbsc_average.empty:
        ax.scatter(data.hbsc_average["value_pct"], ys(data.hbsc_average), marker="|", s=220, color=palette.INK,
                   zorder=3, label=_("survey average"))
    markers = ("o", "s", "D", "^")
    for i, (area, own) in enumerate(sorted(data.hbsc.groupby("area"), key=lambda item: item[0])):
        label = country_name(area)
        ax.scatter(own["value_pct"], ys(own), s=46, marker=markers[i % len(markers)],
                   color=palette.SERIES[i % len(palette.SERIES)], zorder=4, label=label, edgecolors="white",
                   linewidths=0.6)
    ax.set_yticks(range(len(rows)), labels["rows"], fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, max(40.0, float(data.hbsc_region["value_pct"].max() if not region.empty else 0) + 5,
                       float(data.hbsc["value_pct"].max()) + 5))
    ax.xaxis.set_major_formatter(_percent_ticks())
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    ax.set_xlabel(labels["xlabel"], fontsize=8.5)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.42 / height_in), ncol=3, fontsize=8, frameon=False,
              borderaxespad=0.0, handletextpad=0.3, columnspacing=1.2)


def _percent_ticks() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: percent(value, 0))


def draw_factsheet(data: FactsheetData, sources: pd.DataFrame, indicator_table: pd.DataFrame,
                   series_table: pd.DataFrame, *, draw: bool = True) -> list[Figure] | list[Sketch]:
    """The page, in the current language; the sources go on a second page when the first cannot hold them.

    With ``draw=False`` the pages are Sketches: the same texts, chosen and translated, without matplotlib.
    """
    def new_page() -> Any:
        if not draw:
            return Sketch()
        from matplotlib.figure import Figure

        return Figure(figsize=(PAGE.width_in, PAGE.height_in), dpi=PAGE.dpi)

    fig = new_page()
    page = _Writer(fig)
    page.text(country_name(data.iso3), 22, gap_after=0.04, em=0.62, weight="bold", color=palette.INK)
    page.text(_("Children's safety online: factsheet. Region (UN M49): {region}.", region=_(data.region)), 10.5,
              gap_after=0.1, color=palette.MUTED)

    page.heading(_("Legal status"))
    for line in data.treaties:
        page.text(_treaty_sentence(line), 9.5, gap_after=0.03, color=palette.INK)
    if not data.treaties:
        page.text(_("No treaty status for this country in the data package."), 9.5, color=palette.INK)
    for row in data.laws.itertuples(index=False) if data.laws is not None else ():
        page.text(law_sentence(row), 8.5, gap_after=0.03, color=palette.INK)
    if data.laws is None or data.laws.empty:
        page.text(_("Online grooming offence: no provision read in an official text yet (not known, which is not "
                    "the same as no law)."), 9.5, gap_after=0.03, color=palette.INK)
    page.text(_(NOT_YET_COVERED), 8.5, gap_after=0.04, color=palette.MUTED, style="italic")

    if data.counts:
        page.heading(_("Official counts"))
        definitions = series_table.set_index("series_id")
        for series_id, rows in data.counts.items():
            meta = definitions.loc[series_id]
            values = semicolon_list(labelled(period_label(int(r.year), meta['period']),
                                             count_value(r.value, meta['unit'], r.value_status))
                                    for r in rows.itertuples())
            page.text(_("{series}: {values}.", series=_(meta["title"]), values=values), 9, gap_after=0.02,
                      color=palette.INK)
        page.text(_("Counts of records, reports and offences measure activity (of police, hotlines, platforms), not "
                    "how many children are affected; each series' definition is in count_series.csv."), 8.5,
                  gap_after=0.04, color=palette.MUTED, style="italic")
    # CyberTipline reports (analysis.factsheet_reports): a paragraph that travels with the sources, and its panel
    # beside it where the page still fits on one page with it (on page 2 it always has room).
    reports = data.reports if data.reports is not None and not data.reports.empty else None
    panel = data.reports_panel
    if reports is not None and panel is None:
        trial = replace(data, reports_panel=True)
        panel = len(draw_factsheet(trial, sources, indicator_table, series_table, draw=False)) == 1
    online_exploitation.draw_on_factsheet(page, data.exploitation)

    table = sources.set_index("source_id")
    # Citation and address; titles and dates accessed are in sources.csv.
    source_lines = [f"{number}. {citation(table.loc[source_id, 'short_citation'])}. "
                    f"{short_url(table.loc[source_id, 'url'])}"
                    for number, source_id in enumerate(data.source_ids, start=1)]

    sources_in = HEADING_IN + sum(page.height(line, SOURCE_PT, SOURCE_GAP_IN, SOURCE_EM) for line in source_lines)
    sources_in += block_height(page, reports, bool(panel)) if reports is not None else 0.0
    overflow: bool | None = None

    # Bullying at 13-15 (analysis.global_bullying): a section of its own with the region's strip, or, where
    # cyberbullying surveys follow, a compact lead-in under one heading so that the page keeps its room.
    found = data.bullying
    compact = found is not None and (data.hbsc is not None or bool(data.series))

    def bullying_lines() -> None:
        lines = [(line, caveat, (8 if compact else 8.5) if caveat else (8.5 if compact else 9.5))
                 for line, caveat in factsheet_sentences(found, compact=compact)]
        if compact:  # keep the room the survey chart needs below: drop the caveat, then the value, if need be
            below = CHART_MIN_IN + CHART_LABELS_IN + 0.5 + FOOTER_IN if data.hbsc is not None else FOOTER_IN
            while lines and page.y_in + sum(page.height(t, pt, 0.04) for t, _c, pt in lines) + below > PAGE.height_in:
                lines.pop()
        for line, caveat, pt in lines:
            page.text(line, pt, gap_after=0.04 if caveat else 0.03, color=palette.MUTED if caveat else palette.INK,
                      style="italic" if caveat else "normal")

    if found is not None and not compact:
        page.heading(_("Bullying at ages 13-15"))
        bullying_lines()
        # Where no chart takes the page, the region's values as a strip, if the sources still fit.
        if found.both_pct is not None and found.region_median_pct is not None \
                and page.y_in + STRIP_IN + 1.0 + sources_in + FOOTER_IN < PAGE.height_in:
            top = page.y_in + 0.3  # the legend stands above the axes
            if isinstance(fig, Sketch):
                fig.texts += strip_texts(found)
            else:
                draw_region_strip(fig, found, (MARGIN_IN + 0.1, top, PAGE.width_in - 2 * MARGIN_IN - 0.2, 0.35),
                                  (PAGE.width_in, PAGE.height_in))
            page.y_in += STRIP_IN

    page.heading(_("Bullying and cyberbullying") if compact else _("Cyberbullying"))
    if compact:
        bullying_lines()
    indicators = indicator_table.set_index("indicator_id")
    for indicator_id, rows in data.series.items():
        meta = indicators.loc[indicator_id]
        values = ", ".join(labelled(int(y), percent(v)) for y, v in zip(rows["year"], rows["value_pct"], strict=True))
        page.text(_("{indicator}, recall period {recall}: {values}.", indicator=_(meta["title"]),
                    recall=_(meta["recall_period"]), values=values), 9.5, gap_after=0.03, color=palette.INK)
    if data.hbsc is None and not data.series:
        page.text(_("No cyberbullying survey in the data package covers this country.")
                  if data.bullying is not None and data.bullying.indicator_id
                  else _("No survey in the data package covers this country."), 9.5, color=palette.INK)
    elif data.hbsc is not None:
        page.text(_("Students cyberbullied at least once or twice in the past couple of months, HBSC {cycle}, by "
                    "age and sex: this country's sample(s) against the other countries of its region in the same "
                    "cycle.", cycle=hbsc_cycle(data.hbsc_year)), 9.5, color=palette.INK)
        note = _("Percentages as published in the HBSC Data Browser, which gives no sample sizes or intervals. "
                 "Students answer for themselves in a school-based probability sample: not comparable with opt-in "
                 "polls or parents' reports.")
        top = page.y_in + 0.05
        room = PAGE.height_in - top - CHART_LABELS_IN - page.height(note, 8.5) - FOOTER_IN
        overflow = room - sources_in < CHART_MIN_IN  # then the sources go on a second page
        height = min(CHART_MAX_IN, room if overflow else room - sources_in)  # the room the text leaves
        _hbsc_axes(fig, data, top, height)
        page.y_in = top + height + CHART_LABELS_IN
        page.text(note, 8.5, color=palette.MUTED)
    if overflow is None:  # no chart: only the text decides
        overflow = page.y_in + sources_in + FOOTER_IN > PAGE.height_in

    figures = [fig]
    if reports is not None and not overflow:
        write_block(page, fig, reports, bool(panel), (PAGE.width_in, PAGE.height_in), MARGIN_IN)
    if overflow:
        figures.append(new_page())
        page = _Writer(figures[-1])
        page.text(_("{country}: factsheet, page 2", country=country_name(data.iso3)), 12.5, em=0.6, weight="bold",
                  color=palette.INK)
        if reports is not None:
            write_block(page, figures[-1], reports, True, (PAGE.width_in, PAGE.height_in), MARGIN_IN)
    page.heading(_("Sources"))
    for line in source_lines:
        page.text(line, SOURCE_PT, gap_after=SOURCE_GAP_IN, em=SOURCE_EM, color=palette.INK)
    for figure in figures:
        figure.text(MARGIN_IN / PAGE.width_in, MARGIN_IN * 0.6 / PAGE.height_in,
                    _("Factsheet: child-safety-stats. Aggregate statistics only; every figure is traceable to its "
                      "source in the data package."), fontsize=7.5, color=palette.MUTED)
    return figures


def factsheet_name(iso3: str, lang: str) -> str:
    return f"{iso3}{'' if lang == 'en' else '.' + lang}.pdf"


def load_frames(catalog: Catalog) -> dict[str, pd.DataFrame]:
    """The resources a factsheet reads, validated once."""
    return catalog.load_many(DATASETS)


def prepare_factsheet(iso3: str, frames: dict[str, pd.DataFrame], lang: str,
                      data: FactsheetData | None = None) -> list[str]:
    """Every text one factsheet shows, chosen and translated as for the PDF, without drawing it (fast)."""
    data = data or factsheet_data(iso3, frames)
    with language(lang):
        pages = draw_factsheet(data, frames["sources"], frames["indicators"], frames["count_series"], draw=False)
    return [text for page in pages for text in page.texts]


def render_factsheet(iso3: str, frames: dict[str, pd.DataFrame], lang: str) -> bytes:
    """One country's factsheet as PDF bytes (one page, two when the sources need it; checked for legibility)."""
    data = factsheet_data(iso3, frames)
    with language(lang), house_style():
        figures = draw_factsheet(data, frames["sources"], frames["indicators"], frames["count_series"])
        for number, fig in enumerate(figures, start=1):
            page_id = f"factsheet {iso3}" + (f", page {number}" if number > 1 else "")
            require_legible(fig, PAGE, page_id, lang, pixels=False)  # lays the page out for the axis check too
            require_truthful_axes(fig, page_id, PAGE.name, lang)
        return pdf_bytes(figures)


def pdf_bytes(figures: list[Figure]) -> bytes:
    """The pages as one PDF, with the fixed metadata of every output (byte-identical on rebuild)."""
    import io

    from matplotlib.backends.backend_pdf import PdfPages

    from analysis.plotting.pdf_fonts import lean_subsets
    from analysis.render import SAVE_METADATA

    buffer = io.BytesIO()
    with lean_subsets(), PdfPages(buffer, metadata=SAVE_METADATA["pdf"]) as pdf:
        for fig in figures:
            pdf.savefig(fig, dpi=PAGE.dpi)
    return buffer.getvalue()


def factsheet_countries(frames: dict[str, pd.DataFrame]) -> list[str]:
    """--all: the UN member states, plus any other country or area with treaty or survey rows."""
    reference = country_reference()
    areas = {parent_iso3(a) for a in frames["survey_estimates"]["area"] if a != "average"}
    return sorted({*reference.loc[reference["un_member"], "iso3"], *frames["treaty_status"]["iso3"], *areas})


_FRAMES: dict[str, dict[str, pd.DataFrame]] = {}  # per worker process: data package path -> frames


class FactsheetBatchError(RuntimeError):
    """Some factsheets of a batch failed; the others were written. Lists every failure."""

    def __init__(self, failures: list[tuple[str, str, str]], written: list[Path]) -> None:
        self.failures, self.written = failures, written
        lines = [f"  {iso3} ({lang}): {message}" for iso3, lang, message in failures]
        super().__init__(f"{len(failures)} factsheet(s) failed, {len(written)} written:\n" + "\n".join(lines))


def _worker(package: str, out_dir: str, iso3: str, lang: str) -> tuple[bool, str]:
    """Process-pool entry point: render and write one factsheet atomically.

    Returns (True, its path), or (False, what went wrong) so that a batch goes on past a failing area.
    """
    try:
        if package not in _FRAMES:
            _FRAMES[package] = load_frames(Catalog(Path(package)))
        target = Path(out_dir) / factsheet_name(iso3, lang)
        write_bytes_atomic(target, render_factsheet(iso3, _FRAMES[package], lang), staging_dir(Path(out_dir)))
    except Exception as err:  # noqa: BLE001 (reported with the batch's other failures)
        return False, f"{type(err).__name__}: {err}"
    return True, str(target)


def build_factsheets(codes: list[str], languages: list[str], catalog: Catalog | None = None,
                     out_dir: Path = paths.FACTSHEETS, progress: bool = True, jobs: int | None = None) -> list[Path]:
    """Render every (country, language) factsheet, in parallel, with a progress bar; returns the files.

    A factsheet that fails does not stop the others: FactsheetBatchError lists every failure at the end.
    """
    import os
    import sys
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm

    catalog = catalog or Catalog()
    frames = load_frames(catalog)
    for code in codes:
        factsheet_state(code)  # unknown codes fail before any work starts (data errors are per-factsheet failures)
    tasks = [(code, lang) for code in codes for lang in languages]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    args = (str(catalog.package_path), str(out_dir))
    written: list[Path] = []
    failures: list[tuple[str, str, str]] = []

    def record(task: tuple[str, str], outcome: tuple[bool, str]) -> None:
        ok, detail = outcome
        if ok:
            written.append(Path(detail))
        else:
            failures.append((*task, detail))

    try:
        with tqdm(total=len(tasks), desc="factsheets", unit="pdf", disable=not progress, file=sys.stderr) as bar:
            if workers == 1:
                _FRAMES[args[0]] = frames
                for task in tasks:
                    record(task, _worker(*args, *task))
                    bar.update(1)
            else:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    outcomes = pool.map(_worker, *zip(*[(*args, code, lang) for code, lang in tasks], strict=True))
                    for task, outcome in zip(tasks, outcomes, strict=True):
                        record(task, outcome)
                        bar.update(1)
    finally:
        _remove_if_empty(staging_dir(Path(out_dir)))
    if failures:
        raise FactsheetBatchError(failures, written)
    return written


def _remove_if_empty(folder: Path) -> None:
    """Leave no empty staging folder behind (one still in use by another process is not empty)."""
    with contextlib.suppress(OSError):
        folder.rmdir()
