"""Rendering one recipe at one size into file bytes: no files are written here."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from analysis.catalog import Catalog
from analysis.figures.registry import Recipe
from analysis.i18n import _, language, recording, semicolon_list
from analysis.i18n.citations import citation
from analysis.i18n.leftovers import figure_texts, require_translated
from analysis.plotting.axis_check import require_truthful_axes
from analysis.plotting.layout import (
    Size,
    clear_footer,
    house_style,
    keep_left_labels_on_page,
    page,
    wrap_axis_labels,
)
from analysis.plotting.legibility import require_legible
from analysis.safe_csv import frame_to_csv

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

CHART_CREDIT = "Chart: child-safety-stats."
# Fixed metadata so that outputs are byte-identical from one build to the next.
SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


@dataclass(frozen=True)
class Drawn:
    """A recipe drawn at one size, with the data it plotted and the sources behind it."""

    recipe: Recipe
    size: Size
    figure: Figure
    data: pd.DataFrame
    sources: list[dict[str, Any]]


@dataclass(frozen=True)
class RenderedJob:
    """The bytes of every output of one job, and the manifest metadata."""

    files: dict[str, bytes]
    data_csv: bytes
    metadata: dict[str, Any]


def cited_sources(data: pd.DataFrame, sources: pd.DataFrame) -> list[dict[str, Any]]:
    """The sources behind the plotted rows, with the locators used from each."""
    import pandas as pd

    cited = []
    ids = sorted({part for value in data["source_id"].dropna() for part in str(value).split(";")})
    for source_id in ids:
        row = sources.loc[sources["source_id"] == source_id].iloc[0]
        used = data["source_id"].fillna("").astype(str).str.split(";").map(lambda ids, s=source_id: s in ids)
        locators = sorted(set(data.loc[used, "locator"].dropna()))
        cited.append({
            "source_id": source_id,
            "publisher": row["publisher"],
            "title": row["title"],
            "short_citation": row["short_citation"],
            "url": row["url"],
            "published": None if pd.isna(row["published"]) else row["published"],
            "accessed": row["accessed"].date().isoformat(),
            "locators": locators,
        })
    return cited


MAX_CITED_ON_IMAGE = 3  # beyond three citations the line names publishers and years ("and N more")
MAX_PUBLISHERS_ON_IMAGE = 3


def publisher_label(source: dict[str, Any]) -> str:
    """A publisher as a citation names it: the short citation before its first comma ("CDC", "UNICEF")."""
    return str(source["short_citation"]).split(",")[0].strip()


def source_year(source: dict[str, Any]) -> int | None:
    """The year a source was published: its publication date, else the last year its short citation names."""
    import re

    published = source.get("published")
    if published is not None and str(published)[:4].isdigit():
        return int(str(published)[:4])
    years = re.findall(r"\b(19\d\d|20\d\d)\b", str(source["short_citation"]))
    return int(years[-1]) if years else None


def year_list(years: list[int]) -> str:
    """2012, 2014, 2019-2023: runs of consecutive years joined by an en dash."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}\u2013{run[-1]}" for run in runs)


def publisher_summary(sources: list[dict[str, Any]]) -> tuple[list[str], int]:
    """The main publishers with the years of their publications ("CDC (2019\u20132023)"), the most cited first,
    and how many publications the named ones leave out."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for source in sources:
        groups.setdefault(publisher_label(source), []).append(source)
    ranked = sorted(groups, key=lambda name: (-len(groups[name]), name))
    named = []
    for name in ranked[:MAX_PUBLISHERS_ON_IMAGE]:
        years = [y for y in (source_year(s) for s in groups[name]) if y is not None]
        named.append(f"{citation(name)} ({year_list(years)})" if years else citation(name))
    return named, sum(len(groups[name]) for name in ranked[MAX_PUBLISHERS_ON_IMAGE:])


def source_line(sources: list[dict[str, Any]], figure_id: str = "") -> str:
    """The line printed under every figure, in the current language: short citations or, beyond a few, the main
    publishers with their years and how many more the data file lists; then the chart credit. Citations and
    publisher names keep the publication's own name; the words around it are translated (analysis.i18n.citations)."""
    citations = list(dict.fromkeys(s["short_citation"] for s in sources))
    if len(citations) > MAX_CITED_ON_IMAGE:
        unique = list({s["short_citation"]: s for s in sources}.values())
        named, more = publisher_summary(unique)
        if more:
            line = _("Sources: {publishers}; and {count} more, listed in the data file.",
                     publishers=semicolon_list(named), count=more)
        else:
            line = _("Sources: {publishers}.", publishers=semicolon_list(named))
    else:
        cited = semicolon_list(citation(c) for c in citations)
        # one citation is a source, several are sources, in every language
        line = (_("Source: {citations}.", citations=cited) if len(citations) == 1
                else _("Sources: {citations}.", citations=cited))
    return f"{line} {_(CHART_CREDIT)}"


# Per process: the prepared data of a recipe in a language, for the other sizes of the same language (a worker
# renders a recipe's jobs one after another). Keyed by the bytes of everything preparation reads.
_PREPARED: dict[tuple[str, ...], tuple[pd.DataFrame, list[dict[str, Any]]]] = {}
PREPARED_KEPT = 8


def prepared(recipe: Recipe, catalog: Catalog) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The recipe's plotted data in the current language and the sources it cites; a copy of what an earlier job
    of this process prepared from the same files, else prepared now."""
    import copy
    import hashlib

    from analysis.i18n import current

    digests = [catalog.sha256(name) for name in sorted({*recipe.datasets, "sources"})]
    digests += [hashlib.sha256(path.read_bytes()).hexdigest() for path in recipe.files]
    key = (recipe.id, current(), str(catalog.package_path), *digests)
    if key not in _PREPARED:
        data = recipe.plotted_data(catalog)
        _PREPARED[key] = (data, cited_sources(data, catalog.load("sources", validate=False)))
        while len(_PREPARED) > PREPARED_KEPT:
            del _PREPARED[next(iter(_PREPARED))]
    data, sources = _PREPARED[key]
    return data.copy(), copy.deepcopy(sources)


def draw(recipe: Recipe, catalog: Catalog, size: Size) -> Drawn:
    """Draw one recipe at one size in the current language (call inside ``house_style()``)."""
    data, sources = prepared(recipe, catalog)
    factor = recipe.height_for(data)
    if size.grows and factor != 1.0:
        size = replace(size, height_in=size.height_in * factor)
    fig, axes = page(size, recipe.title_for(data), recipe.subtitle_for(), source_line(sources, recipe.id),
                     recipe.note_for(data), caveat=recipe.caveat_for(data))
    recipe.draw(data, axes)
    wrap_axis_labels(fig)
    keep_left_labels_on_page(fig, clear_footer(fig))
    return Drawn(recipe, size, fig, data, sources)


def figure_bytes(figure: Figure, fmt: str, dpi: int) -> bytes:
    """Serialise a figure with fixed metadata (a PDF's fonts without their layout tables: plotting.pdf_fonts)."""
    from analysis.plotting.pdf_fonts import lean_subsets

    buffer = io.BytesIO()
    with lean_subsets():
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=SAVE_METADATA[fmt])
    return buffer.getvalue()


def drawn_png_bytes(figure: Figure, compress_level: int = 6) -> bytes:
    """The PNG of a figure already drawn on its Agg canvas at its output dpi (as require_legible leaves it), without
    drawing it a second time: the canvas's pixels, written by analysis.plotting.png (twice as fast as savefig's
    Pillow encoder and smaller). ``compress_level`` (zlib, 0-9) trades file size for time."""
    import numpy as np

    from analysis.plotting.png import encode_png

    return encode_png(np.asarray(figure.canvas.buffer_rgba()), figure.dpi, compress_level)


def data_csv_bytes(data: pd.DataFrame) -> bytes:
    """The figure's data as CSV, formula-like text neutralised (analysis.safe_csv)."""
    return frame_to_csv(data, lineterminator="\n", float_format="%.6g").encode("utf-8")


def output_name(recipe_id: str, size: str, ext: str, lang: str = "en") -> str:
    """figures/<id>[-<size>][.<lang>].<ext>: the English report size keeps the plain name."""
    suffix = "" if size == "report" else f"-{size}"
    language = "" if lang == "en" else f".{lang}"
    return f"{recipe_id}{suffix}{language}.{ext}"


NOT_COUNTRIES = {"average", "pooled"}


def plotted_countries(data: pd.DataFrame) -> list[dict[str, str]]:
    """The countries a figure shows (sub-national samples count for their state), for the gallery filter."""
    from analysis.countries import UnknownCountryError, country, parent_iso3

    codes = set()
    for column in ("area", "iso3"):
        if column in data:
            codes |= {str(v) for v in data[column].dropna() if str(v) not in NOT_COUNTRIES}
    found = {}
    for code in codes:
        try:
            state = country(parent_iso3(code))
        except UnknownCountryError:
            continue
        found[state.iso3] = state.name
    return [{"code": code, "name": name} for code, name in sorted(found.items(), key=lambda item: item[1])]


def alt_text(recipe: Recipe, data: pd.DataFrame) -> str:
    """The recipe's description of the plotted data, then the caveat the image prints (a screen reader hears it too)."""
    return " ".join(filter(None, (recipe.alt_text(data), recipe.caveat_for(data))))


def render_job(recipe: Recipe, catalog: Catalog, size: Size, lang: str = "en") -> RenderedJob:
    """Draw, check and serialise one recipe at one size in one language."""
    with language(lang), house_style(), recording(lenient=False) as record:
        drawn = draw(recipe, catalog, size)
        require_legible(drawn.figure, drawn.size, recipe.id, lang)
        # The legibility check left the page drawn at the size's dpi: its PNG is that drawing, not a second one.
        files = {"png": drawn_png_bytes(drawn.figure)} if "png" in size.formats else {}
        # Series hidden under one another do not depend on the language: checked once, on the report page.
        require_truthful_axes(drawn.figure, recipe.id, size.name, lang, series=size.name == "report" and lang == "en")
        files = {fmt: files[fmt] if fmt in files else figure_bytes(drawn.figure, fmt, size.dpi)
                 for fmt in size.formats}
        metadata = {
            "title": recipe.title_for(drawn.data),
            "subtitle": recipe.subtitle_for(),
            "alt_text": alt_text(recipe, drawn.data),
            "caption": recipe.caption_for(drawn.data),
            "note": recipe.note_for(drawn.data),
            "caveat": recipe.caveat_for(drawn.data),
            "source_line": source_line(drawn.sources, recipe.id),
        }
        require_translated([*figure_texts(drawn.figure), *metadata.values()], lang, record.citations,
                           f"figure '{recipe.id}' at size '{size.name}'")
    shared = {"countries": plotted_countries(drawn.data), "sources": drawn.sources}
    return RenderedJob(files, data_csv_bytes(drawn.data), metadata | shared)
