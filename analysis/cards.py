"""Stat cards: one social-size image per verified claim (the number, one sentence, its limit, the source)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.atomic import staging_dir, write_bytes_atomic, write_text_atomic
from analysis.catalog import Catalog
from analysis.hashing import sha256
from analysis.i18n import LANGUAGES, _, check_language, language
from analysis.i18n.citations import citation
from analysis.locking import exclusive
from analysis.plotting import palette
from analysis.plotting.layout import SIZES, Size, house_style
from analysis.plotting.legibility import require_legible
from analysis.render import drawn_png_bytes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

CARD_SIZES = ("square", "story")
VERIFIED_STATUSES = ("reproduced", "reproduced with a different definition", "consistent with caveats")
PRIMARY_GRADES = ("A", "B")
CARD_TEXT_COLUMNS = ("card_number", "card_sentence", "card_caveat")
CARDS_MANIFEST = "cards.json"
BACKGROUND = "#EEF4F9"  # WCAG AA with INK, MUTED and BLUE text (tests/test_accessibility.py)
MARGIN_IN = 0.32
NUMBER_MAX_PT, SENTENCE_PT, SMALL_PT = 54.0, 13.0, 7.5
CARD_SCALES = (1.0, 0.9, 0.8, 0.72)  # tried in turn until the text fits above the source line
CARD_PNG_COMPRESSION = 3  # zlib level: half the time of 6 for files a fifth larger (thousands of cards)


class CardTextError(ValueError):
    """A verified claim whose card text is missing or incomplete in the claims register."""


class CardBatchError(RuntimeError):
    """Some cards failed to render; the others were written and the failed ones kept their previous files."""

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        self.failures = failures
        lines = [f"  {claim_id}: {message}" for claim_id, message in failures]
        super().__init__(f"{len(failures)} card(s) failed (the others were written):\n" + "\n".join(lines))


@dataclass(frozen=True)
class CardDecision:
    """Whether a claim gets a stat card, and why not when it does not."""

    claim_id: str
    short_label: str
    made: bool
    reason: str
    source_id: str | None = None  # the primary source the card cites


def decide(claim: Any, primary_source: str | None) -> CardDecision:
    """A card needs a verified claim, read in its primary source, stating one number, with card text."""
    def no(reason: str) -> CardDecision:
        return CardDecision(claim.claim_id, claim.short_label, False, reason)

    if claim.status not in VERIFIED_STATUSES:
        return no(f"status is '{claim.status}', not verified: {claim.reason}")
    if claim.evidence_grade not in PRIMARY_GRADES:
        return no(f"evidence grade {claim.evidence_grade}: only secondary citations were found, the primary "
                  "source could not be read")
    if primary_source is None:
        return no("no primary source is linked to it in claim_sources.csv")
    if ";" in claim.number:
        return no(f"it states several numbers ('{claim.number}'); a card carries one, and each has its own claim")
    filled = [c for c in CARD_TEXT_COLUMNS if _present(getattr(claim, c))]
    if not filled:
        return no("no card text yet: write card_number, card_sentence and card_caveat in claims.csv "
                  "and their translations in analysis/i18n/messages.csv")
    if len(filled) < len(CARD_TEXT_COLUMNS):
        missing = ", ".join(c for c in CARD_TEXT_COLUMNS if c not in filled)
        raise CardTextError(f"claims.csv, claim {claim.claim_id}: card text is incomplete, column(s) {missing} "
                            "blank; fill them or clear all three")
    return CardDecision(claim.claim_id, claim.short_label, True, f"card from {primary_source}", primary_source)


def _present(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def decisions(frames: dict[str, pd.DataFrame]) -> list[CardDecision]:
    """One decision per claim in the register, in register order."""
    links = frames["claim_sources"]
    first_primary: dict[str, str] = {}
    for row in links[links["role"] == "primary"].itertuples(index=False):
        first_primary.setdefault(row.claim_id, row.source_id)
    return [decide(claim, first_primary.get(claim.claim_id))
            for claim in audited_claims(frames).itertuples(index=False)]


def audited_claims(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The register with each claim's status as the audit computes it (a contradicting computation means no card)."""
    from analysis.claims import audit

    if not set(AUDIT_INPUTS) <= set(frames):  # a register on its own (tests): its curated statuses stand
        return frames["claims"]
    statuses = audit(frames).set_index("claim_id")["status"]
    return frames["claims"].assign(status=frames["claims"]["claim_id"].map(statuses))


AUDIT_INPUTS = ("claims", "claim_sources", "sources")


def card_source_line(source: Any) -> str:
    """The source line on a card: the citation and where to read it (URLs are not translated)."""
    return _("Source: {citations}.", citations=f"{citation(source.short_citation)}, {source.url}")


def _lines(text: str, font_pt: float, width_in: float, em: float = 0.56) -> str:
    chars = max(16, int(width_in * 72 / (font_pt * em)))
    return "\n".join(textwrap.wrap(text, chars))


BLOCK_GAPS_IN = (0.45, 0.22, 0.24)  # after the kicker, the number and the sentence


@dataclass(frozen=True)
class CardContent:
    """The words of one card in one language: a kicker, the number, what it counts, its limit, the footer lines."""

    kicker: str
    number: str
    sentence: str
    caveat: str
    footer: tuple[str, ...]  # the source line, then the card's own line


def claim_content(claim: Any, source: Any, number: str | None = None) -> CardContent:
    """A claim card's words in the current language; ``number`` the computed one when the audit computed it."""
    return CardContent(_("Checked by child-safety-stats: {status}", status=_(claim.status)),
                       number if number is not None else _(claim.card_number), _(claim.card_sentence),
                       _(claim.card_caveat), (card_source_line(source),
                                              _("Card: child-safety-stats, claim {claim_id}.",
                                                claim_id=claim.claim_id)))


def draw_card(content: CardContent, size: Size, scale: float = 1.0) -> Figure:
    """One card: the content block is stacked from the top (centred on a story), the footer at the foot; ``scale``
    shrinks the number and sentence when a long language needs the room."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from analysis.plotting.canvas import agg_renderer

    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi)
    renderer = agg_renderer(fig)

    def height_in(artist: Any) -> float:
        return artist.get_window_extent(renderer).height / fig.dpi

    fig.patches.append(Rectangle((0, 0), 1, 1, transform=fig.transFigure, facecolor=BACKGROUND, zorder=-10))
    fig.patches.append(Rectangle((0, 1 - 0.09 / size.height_in), 1, 0.09 / size.height_in,
                                 transform=fig.transFigure, facecolor=palette.BLUE, zorder=-9))
    width_in = size.width_in - 2 * MARGIN_IN
    left = MARGIN_IN / size.width_in
    story = size.height_in > size.width_in
    sentence_pt = (SENTENCE_PT + (2.0 if story else 0.0)) * scale
    caveat_pt = SMALL_PT + 1.5
    blocks = [
        fig.text(left, 0, _lines(content.kicker, SMALL_PT + 1, width_in), fontsize=SMALL_PT + 1,
                 color=palette.MUTED, weight="bold", va="top"),
        fig.text(left, 0, content.number, fontsize=NUMBER_MAX_PT * scale, weight="bold", color=palette.BLUE,
                 va="top"),
        fig.text(left, 0, _lines(content.sentence, sentence_pt, width_in), fontsize=sentence_pt,
                 color=palette.INK, va="top", linespacing=1.3),
        fig.text(left, 0, _lines(content.caveat, caveat_pt, width_in), fontsize=caveat_pt,
                 color=palette.MUTED, style="italic", va="top", linespacing=1.3),
    ]
    number = blocks[1]
    number_width_in = number.get_window_extent(renderer).width / fig.dpi
    if number_width_in > width_in:  # the number as large as fits the width
        number.set_fontsize(number.get_fontsize() * width_in / number_width_in * 0.98)
    footer_text = "\n".join([_lines(content.footer[0], SMALL_PT, width_in, em=0.6),
                             *(_lines(line, SMALL_PT, width_in) for line in content.footer[1:])])
    footer = fig.text(left, MARGIN_IN / size.height_in, footer_text, fontsize=SMALL_PT, color=palette.MUTED,
                      va="bottom", linespacing=1.3)
    heights = [height_in(block) for block in blocks]
    content_in = sum(heights) + sum(BLOCK_GAPS_IN)
    room_in = size.height_in - 2 * MARGIN_IN - height_in(footer) - 0.25
    top_in = MARGIN_IN + 0.1 + (max(0.0, room_in - content_in) / 2 if story else 0.0)
    for block, height, gap in zip(blocks, heights, (*BLOCK_GAPS_IN, 0.0), strict=True):
        block.set_y(1 - top_in / size.height_in)
        top_in += height + gap
    fig.card_overflows = content_in > room_in  # read by render_content()
    return fig


def card_name(claim_id: str, size: str, lang: str) -> str:
    """cards/<claim>-<size>[.<lang>].png, as figure outputs are named."""
    return f"{claim_id}-{size}{'' if lang == 'en' else '.' + lang}.png"


def render_content(content: CardContent, size_name: str, lang: str, what: str) -> bytes:
    """Draw, check for legibility and serialise one card (in ``lang``, whose words ``content`` already holds)."""
    size = SIZES[size_name]
    with language(lang), house_style():
        for scale in CARD_SCALES:
            fig = draw_card(content, size, scale)
            if not fig.card_overflows:
                break
        require_legible(fig, size, what, lang)  # draws the card on its Agg canvas at the size's dpi
        return drawn_png_bytes(fig, CARD_PNG_COMPRESSION)


def render_card(claim: Any, source: Any, size_name: str, lang: str, number: str | None = None) -> bytes:
    """A claim's card in one size and language."""
    with language(lang):
        content = claim_content(claim, source, number)
    return render_content(content, size_name, lang, f"card {claim.claim_id}")


def card_text(claim: Any, source: Any, lang: str) -> dict[str, str]:
    with language(lang):
        return {"number": _(claim.card_number), "sentence": _(claim.card_sentence),
                "caveat": _(claim.card_caveat), "status": _(claim.status),
                "source_line": card_source_line(source),
                "alt_text": f"{_(claim.card_number)} {_(claim.card_sentence)} {_(claim.card_caveat)}"}


def build_cards(catalog: Catalog | None = None, out_dir: Path = paths.FIGURES,
                languages: list[str] | None = None) -> tuple[list[CardDecision], dict[str, Any]]:
    """Render every card into ``out_dir/cards`` and write the cards manifest; return decisions and manifest."""
    with exclusive(Path(out_dir)):
        return _build_cards(catalog, Path(out_dir), languages)


def _build_cards(catalog: Catalog | None, out_dir: Path,
                 languages: list[str] | None) -> tuple[list[CardDecision], dict[str, Any]]:
    from analysis.claims import load_frames

    frames = load_frames(catalog)
    langs = [check_language(lang) for lang in (languages or LANGUAGES)]
    claims = audited_claims(frames).set_index("claim_id", drop=False)
    sources = frames["sources"].set_index("source_id", drop=False)
    made = decisions(frames)
    cards_dir = Path(out_dir) / paths.CARDS_DIR
    staging = staging_dir(Path(out_dir))
    previous_manifest = read_cards_manifest(out_dir)
    previous = {e["claim_id"]: e for e in previous_manifest.get("cards", [])}
    entries = []
    rendered: dict[str, bytes] = {}  # written only once every card has rendered: nothing half-built
    failures: list[tuple[str, str]] = []  # a card that fails does not stop the others; all are listed at the end
    for decision in (d for d in made if d.made):
        claim = claims.loc[decision.claim_id]
        source = sources.loc[decision.source_id]
        kept = previous.get(claim.claim_id, {})  # languages not rebuilt keep what was built before
        outputs: dict[str, dict[str, dict[str, str]]] = {
            lang: files for lang, files in kept.get("outputs", {}).items() if lang not in langs}
        text = {lang: words for lang, words in kept.get("text", {}).items() if lang not in langs}
        images: dict[str, bytes] = {}
        try:
            for lang in langs:
                text[lang] = card_text(claim, source, lang)
                for size in CARD_SIZES:
                    data = render_card(claim, source, size, lang)
                    name = card_name(claim.claim_id, size, lang)
                    images[name] = data
                    outputs.setdefault(lang, {})[f"{size}.png"] = {
                        "path": f"{paths.CARDS_DIR}/{name}", "sha256": sha256(data)}
        except Exception as err:  # noqa: BLE001 (listed with the batch's other failures)
            failures.append((claim.claim_id, f"{type(err).__name__}: {err}"))
            if kept:
                entries.append(kept)  # its previous card stays, whole
            continue
        rendered.update(images)
        entries.append({
            "claim_id": claim.claim_id, "short_label": claim.short_label, "status": claim.status,
            "evidence_grade": claim.evidence_grade, "text": dict(sorted(text.items())),
            "outputs": dict(sorted(outputs.items())),
            "source": {"source_id": source.source_id, "short_citation": source.short_citation,
                       "title": source.title, "url": source.url},
        })
    facts, facts_left_out = _world_facts(catalog, langs, previous_manifest, rendered, failures)
    for name, data in rendered.items():
        target = cards_dir / name
        if not target.exists() or target.read_bytes() != data:
            write_bytes_atomic(target, data, staging)
    listed = {Path(f["path"]).name for e in [*entries, *facts] for files in e["outputs"].values()
              for f in files.values()}
    for stale in cards_dir.glob("*.png"):
        if stale.name not in listed:  # a claim that lost its card loses its images
            stale.unlink()
    manifest = {"generator": "child-safety-stats", "cards": entries, "key_facts": facts,
                "key_facts_left_out": facts_left_out,
                "not_made": [{"claim_id": d.claim_id, "short_label": d.short_label, "reason": d.reason}
                             for d in made if not d.made]}
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    manifest_path = cards_dir / CARDS_MANIFEST
    if not manifest_path.exists() or manifest_path.read_text(encoding="utf-8") != text:
        write_text_atomic(manifest_path, text, staging)
    if failures:
        raise CardBatchError(failures)
    return made, manifest


def _world_facts(catalog: Catalog | None, langs: list[str], previous: dict[str, Any], rendered: dict[str, bytes],
                 failures: list[tuple[str, str]]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The world's key-fact cards (analysis.fact_cards): their entries and images, or the failure listed."""
    from analysis.fact_cards import merge_languages, render_area
    from analysis.facts.model import WORLD
    from analysis.facts.register import load_frames as load_fact_frames

    try:
        entries, left_out, images = render_area(load_fact_frames(catalog), WORLD, langs, paths.CARDS_DIR)
    except Exception as err:  # noqa: BLE001 (listed with the batch's other failures)
        failures.append(("key facts of the world", f"{type(err).__name__}: {err}"))
        return previous.get("key_facts", []), previous.get("key_facts_left_out", [])
    rendered.update(images)
    return merge_languages(previous.get("key_facts", []), entries, langs), left_out


def read_cards_manifest(out_dir: Path) -> dict[str, Any]:
    """The cards manifest beside the figures, or an empty one."""
    path = Path(out_dir) / paths.CARDS_DIR / CARDS_MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
