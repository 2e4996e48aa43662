"""A contact sheet: every built figure at one size and in one language on one PNG, for a reviewer's eye."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

from analysis import paths
from analysis.atomic import staging_dir, write_bytes_atomic
from analysis.plotting.fonts import bundled_font_dir

THUMB_WIDTH = {"report": 560, "slide": 560, "square": 400, "story": 300}  # pixels per figure on the sheet
COLUMNS = {"report": 4, "slide": 4, "square": 5, "story": 6}
CAPTION_PX = 18
GAP_PX = 16
MARGIN_PX = 24


class ContactSheetError(RuntimeError):
    """Nothing to put on the sheet (no manifest, or no figure built at that size and language)."""


def sheet_entries(figures_dir: Path, size: str, lang: str) -> tuple[list[tuple[str, Path]], list[str]]:
    """(figure id, PNG) for every figure built at the size in the language, and the ids left out at that size."""
    manifest_path = Path(figures_dir) / paths.MANIFEST_NAME
    if not manifest_path.exists():
        raise ContactSheetError(f"{manifest_path} is missing: run 'make figures' first")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    shown, left_out = [], []
    for entry in manifest["figures"]:
        output = entry.get("outputs", {}).get(lang, {}).get(f"{size}.png")
        if size not in entry["sizes"]:
            left_out.append(entry["id"])
        elif output and (Path(figures_dir) / output["path"]).exists():
            shown.append((entry["id"], Path(figures_dir) / output["path"]))
        else:
            raise ContactSheetError(f"{entry['id']} has no {size} PNG in '{lang}' in {figures_dir}: run "
                                    "'make figures' first")
    if not shown:
        raise ContactSheetError(f"no figure is built at size '{size}' in '{lang}'")
    return shown, left_out


def wrapped(text: str, font: object, width_px: float) -> list[str]:
    """The text broken at spaces into lines no wider than ``width_px`` in the font (a long word keeps its line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and font.getlength(f"{lines[-1]} {word}") <= width_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def contact_sheet_png(figures_dir: Path, size: str = "report", lang: str = "en") -> bytes:
    """The sheet as PNG bytes: thumbnails in reading order, each captioned with its figure id."""
    from PIL import Image, ImageDraw, ImageFont

    shown, left_out = sheet_entries(figures_dir, size, lang)
    width, columns = THUMB_WIDTH[size], COLUMNS[size]
    thumbs = []
    for figure_id, path in shown:
        with Image.open(path) as image:
            image = image.convert("RGB")
            height = round(image.height * width / image.width)
            thumbs.append((figure_id, image.resize((width, height), Image.Resampling.LANCZOS)))
    rows = math.ceil(len(thumbs) / columns)
    row_heights = [max(t.height for _id, t in thumbs[r * columns:(r + 1) * columns]) + CAPTION_PX + GAP_PX
                   for r in range(rows)]
    font = ImageFont.truetype(str(bundled_font_dir() / "DejaVuSans.ttf"), 13)
    sheet_width = 2 * MARGIN_PX + columns * width + (columns - 1) * GAP_PX
    notes = wrapped(f"Not drawn at this size: {', '.join(left_out)}", font, sheet_width - 2 * MARGIN_PX) if left_out \
        else []
    footer = CAPTION_PX * (len(notes) + 1) if notes else 0
    sheet = Image.new("RGB", (sheet_width, 2 * MARGIN_PX + sum(row_heights) + footer), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (figure_id, thumb) in enumerate(thumbs):
        row, column = divmod(index, columns)
        x = MARGIN_PX + column * (width + GAP_PX)
        y = MARGIN_PX + sum(row_heights[:row])
        draw.text((x, y), figure_id, fill="#333333", font=font)
        sheet.paste(thumb, (x, y + CAPTION_PX))
        draw.rectangle((x - 1, y + CAPTION_PX - 1, x + thumb.width, y + CAPTION_PX + thumb.height), outline="#bbbbbb")
    for number, line in enumerate(notes):
        draw.text((MARGIN_PX, sheet.height - MARGIN_PX - CAPTION_PX * (len(notes) - number)), line, fill="#555555",
                  font=font)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG")
    return buffer.getvalue()


def write_contact_sheet(figures_dir: Path = paths.FIGURES, size: str = "report", lang: str = "en",
                        out: Path | None = None) -> Path:
    """Write the sheet (default: contact-sheets/<size>.<lang>.png) atomically; return its path."""
    target = Path(out) if out else paths.CONTACT_SHEETS / f"{size}.{lang}.png"
    write_bytes_atomic(target, contact_sheet_png(figures_dir, size, lang), staging_dir(target.parent))
    return target
