"""The offline edition: the gallery with every figure, card and factsheet in one zip to attach to a release."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

from analysis import paths
from analysis.atomic import staging_dir, write_bytes_atomic
from analysis.i18n import LANGUAGE_NAMES, language_tag

ARCHIVE_ROOT = "child-safety-stats-gallery"  # the folder the zip unpacks to
ARCHIVE_NAME = f"{ARCHIVE_ROOT}.zip"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # no build date inside the archive: the same inputs give the same bytes
FACTSHEET_NAME = re.compile(r"^([A-Z]{3})(?:\.(es|pt|fr))?\.pdf$")


class DistError(RuntimeError):
    """The outputs the archive needs are not there."""


def archive_members(figures_dir: Path, factsheets_dir: Path) -> list[tuple[str, Path]]:
    """(name in the archive, file) for the gallery, every figure and card, and every factsheet PDF; sorted."""
    figures_dir, factsheets_dir = Path(figures_dir), Path(factsheets_dir)
    for needed in (paths.GALLERY_NAME, paths.MANIFEST_NAME):
        if not (figures_dir / needed).is_file():
            raise DistError(f"{figures_dir / needed} is missing: run 'make figures' first")
    members = [(f"{ARCHIVE_ROOT}/{path.relative_to(figures_dir).as_posix()}", path)
               for path in figures_dir.rglob("*")
               if path.is_file() and not any(part.startswith(".") for part in path.relative_to(figures_dir).parts)]
    if factsheets_dir.is_dir():
        members += [(f"{ARCHIVE_ROOT}/factsheets/{path.name}", path) for path in factsheets_dir.glob("*.pdf")
                    if FACTSHEET_NAME.match(path.name)]
    return sorted(members)


def factsheet_index(names: list[str]) -> str:
    """A plain page listing the factsheets by country, with a link per language (works from disk)."""
    from analysis.i18n import country_name

    by_country: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        match = FACTSHEET_NAME.match(name)
        if match:
            by_country.setdefault(match.group(1), []).append((match.group(2) or "en", name))
    rows = []
    for iso3 in sorted(by_country, key=lambda code: country_name(code, lang="en")):
        links = " · ".join(f'<a href="{html.escape(name)}" hreflang="{language_tag(lang)}" lang="{language_tag(lang)}" '
                           f'download>{LANGUAGE_NAMES[lang]}</a>'
                           for lang, name in sorted(by_country[iso3]))
        rows.append(f"<li>{html.escape(country_name(iso3, lang='en'))} ({iso3}): {links}</li>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Country factsheets</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>\n"
            "<h1>Country factsheets</h1>\n<p><a href=\"../index.html\">Back to the gallery</a></p>\n<ul>\n"
            + "\n".join(rows) + "\n</ul>\n</body></html>\n")


def archive_bytes(members: list[tuple[str, Path]]) -> bytes:
    """The zip, with fixed times and permissions, members in sorted order."""
    buffer = io.BytesIO()
    factsheets = [Path(name).name for name, _ in members if name.startswith(f"{ARCHIVE_ROOT}/factsheets/")]
    entries = [(name, path.read_bytes()) for name, path in members]
    if factsheets:
        entries.append((f"{ARCHIVE_ROOT}/factsheets/index.html", factsheet_index(factsheets).encode("utf-8")))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def write_dist(figures_dir: Path = paths.FIGURES, factsheets_dir: Path = paths.FACTSHEETS,
               out_dir: Path = paths.DIST) -> tuple[Path, int]:
    """Write the archive atomically into ``out_dir``; return its path and how many files it holds."""
    members = archive_members(figures_dir, factsheets_dir)
    target = Path(out_dir) / ARCHIVE_NAME
    write_bytes_atomic(target, archive_bytes(members), staging_dir(Path(out_dir)))
    return target, len(members)
