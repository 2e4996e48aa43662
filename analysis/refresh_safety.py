"""Safety of a refresh for every upstream: refuse malformed responses and losses, canonical order, kept backups."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.upstreams.base import UpstreamFormatError

if TYPE_CHECKING:
    from analysis.refresh import Diff
    from analysis.upstreams.base import Upstream

# A refresh may change the values of at most this share of the source's existing rows without --allow-removals
# (and may remove none): more is what a truncated, filtered or wrong file looks like.
MAX_CHANGED_SHARE = 0.10
SHOWN_LOSSES = 20  # rows listed in the refusal; the dry run lists them all
TEXT_MEDIA = ("csv", "json", "html")
BINARY_SIGNATURES = {b"%PDF": "a PDF", b"PK\x03\x04": "a ZIP or Office file", b"\x1f\x8b": "a gzip archive",
                     b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                     b"\xd0\xcf\x11\xe0": "an old Excel file"}


class RefreshRefusedError(RuntimeError):
    """The refresh would remove rows or change too many values; nothing was written."""


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_content(content: bytes, origin: str, media: str | None) -> None:
    """Refuse a response that cannot be the upstream's format, with one line naming the file and the problem.

    Every upstream: empty. Text formats (``media`` csv, json or html): binary data, not UTF-8, an HTML page
    where CSV or JSON was expected (a publisher's error page), JSON where CSV was expected, a CSV cut mid-row.
    """
    if not content.strip():
        raise UpstreamFormatError(f"{origin}: the file is empty; download it again")
    if media not in TEXT_MEDIA:
        return
    for signature, kind in BINARY_SIGNATURES.items():
        if content.startswith(signature):
            raise UpstreamFormatError(f"{origin}: binary data ({kind}), not the expected {media.upper()} text")
    if b"\x00" in content:
        offset = content.index(b"\x00")
        raise UpstreamFormatError(f"{origin}, line {_line_of(content, offset)}: binary data (a NUL byte at byte "
                                  f"{offset}), not the expected {media.upper()} text")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = content[err.start:err.start + 1].hex()
        raise UpstreamFormatError(
            f"{origin}, line {_line_of(content, err.start)}: not UTF-8 (byte 0x{bad} at byte {err.start}; "
            "Latin-1 or Windows-1252?); download the publisher's UTF-8 file or re-save it as UTF-8") from None
    head = text.lstrip()[:512].lower()
    if media != "html" and (head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head):
        title = re.search(r"<title[^>]*>([^<]{0,80})", text, re.IGNORECASE)
        said = f" titled '{title.group(1).strip()}'" if title and title.group(1).strip() else ""
        raise UpstreamFormatError(f"{origin}: an HTML page{said} (an error or login page?), not the expected "
                                  f"{media.upper()}; check the URL or download the file again")
    if media == "json":
        try:
            json.loads(text)
        except json.JSONDecodeError as err:
            raise UpstreamFormatError(f"{origin}, line {err.lineno}, column {err.colno}: not valid JSON ({err.msg}); "
                                      "the download may be cut short") from None
    if media == "csv":
        if head.startswith(("{", "[")):
            with contextlib.suppress(json.JSONDecodeError):
                json.loads(text)
                raise UpstreamFormatError(f"{origin}: a JSON document (an API error message?), not the expected CSV")
        _check_csv_complete(text, origin)


def _check_csv_complete(text: str, origin: str) -> None:
    """A CSV whose last line has fewer cells than its header and no line end was cut short."""
    import csv
    import io

    if text.endswith(("\n", "\r")):
        return
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) >= 2 and 0 < len(rows[-1]) < len(rows[0]):
        raise UpstreamFormatError(f"{origin}, line {len(text.splitlines())}: the file ends mid-row ({len(rows[-1])} "
                                  f"of {len(rows[0])} cells, no line end); the download was cut short, fetch it again")


def media_of(upstream: Upstream) -> str | None:
    """The kind of text the upstream sends, as declared or as its URL says; None when neither tells."""
    if upstream.media:
        return upstream.media
    url = upstream.url.lower()
    for media in ("csv", "json"):
        if re.search(rf"(\.{media}$|\.{media}[?#]|format={media}\b)", url):
            return media
    return None


def parsed_rows(upstream: Upstream, content: bytes, origin: str, header: list[str]) -> list[dict[str, str]]:
    """The upstream's rows as text cells in the resource's columns; any parse failure is one UpstreamFormatError."""
    import pandas as pd

    from analysis.refresh import as_text_rows

    check_content(content, origin, media_of(upstream))
    try:
        frame = upstream.parse(content, origin)
    except UpstreamFormatError:
        raise
    except UnicodeDecodeError as err:
        raise UpstreamFormatError(f"{origin}: not UTF-8 text (byte {err.start}); download the publisher's UTF-8 "
                                  "file again") from None
    except Exception as err:  # noqa: BLE001 (a parser's crash on bad input becomes a message, not a traceback)
        raise UpstreamFormatError(f"{origin}: not in the format of the '{upstream.name}' upstream "
                                  f"({type(err).__name__}: {err}); is it the right file, complete?") from None
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise UpstreamFormatError(f"{origin}: no rows for {upstream.resource} in the file; is it the right file?")
    missing = [c for c in header if c not in frame.columns]
    if missing:
        raise UpstreamFormatError(f"{origin}: the parsed rows lack the columns {', '.join(missing)} of "
                                  f"{upstream.resource}; update the '{upstream.name}' parser")
    return as_text_rows(frame, header)


def check_losses(upstream: Upstream, diff: Diff, old_rows: int, *, allow_removals: bool) -> None:
    """Refuse a refresh that removes rows, or changes the values of more than MAX_CHANGED_SHARE of them."""
    from analysis.refresh import format_diff

    if allow_removals or old_rows == 0:
        return
    changed = {tuple(row[c] for c in upstream.key) for row, column, _old, _new in diff.changed
               if column in upstream.value_columns}
    share = len(changed) / old_rows
    if not diff.removed and share <= MAX_CHANGED_SHARE:
        return
    reasons = []
    if diff.removed:
        reasons.append(f"remove {len(diff.removed)} of its {old_rows} rows")
    if share > MAX_CHANGED_SHARE:
        reasons.append(f"change the values of {len(changed)} of its {old_rows} rows ({share:.0%}, more than the "
                       f"{MAX_CHANGED_SHARE:.0%} allowed)")
    shown = format_diff(type(diff)(removed=diff.removed, changed=diff.changed), upstream.key, upstream.value_columns,
                        limit=SHOWN_LOSSES)
    raise RefreshRefusedError(
        f"refresh of '{upstream.name}' refused: it would {' and '.join(reasons)} in {upstream.resource}; "
        f"nothing was changed. The file may be truncated, filtered or not the right one. What would go:\n{shown}\n"
        "Check the upstream file; if these changes are intended, run again with --allow-removals.")


def primary_key(resource: dict[str, Any], fallback: tuple[str, ...]) -> tuple[str, ...]:
    key = resource.get("schema", {}).get("primaryKey") or list(fallback)
    return (key,) if isinstance(key, str) else tuple(key)


def canonical_order(rows: list[dict[str, str]], key: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows in primary-key order (stable), so that a one-value change is a one-line diff."""
    return sorted(rows, key=lambda row: tuple(row.get(column, "") for column in key))


def keep_backup(data: bytes, folder: Path, name: str) -> Path:
    """Write ``folder/name.csv`` (or name.2.csv, name.3.csv, ... when taken): a backup never overwrites another."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        for number in range(1, 10_000):
            target = folder / (f"{name}.csv" if number == 1 else f"{name}.{number}.csv")
            try:
                os.link(tmp, target)  # fails if the name is taken, even by a refresh running at the same time
            except FileExistsError:
                continue
            return target
        raise FileExistsError(f"{folder}: too many backups named {name}; move old ones away")
    finally:
        tmp.unlink(missing_ok=True)
