"""The offline HTML gallery (figures/index.html): one card per figure, filterable, no network needed."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.atomic import staging_dir, write_text_atomic
from analysis.i18n import LANGUAGE_NAMES

DOWNLOADS = (("report.png", "PNG"), ("report.svg", "SVG"), ("report.pdf", "PDF"), ("slide.png", "Slide PNG"),
             ("square.png", "Square PNG"), ("story.png", "Story PNG"))

STYLE = """
:root { --ink: #222; --muted: #595959; --rule: #d0d0d0; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1180px; margin: 0 auto; padding: 1rem 1.25rem; }
h1 { font-size: 1.6rem; margin: .2rem 0; }
.lede { color: var(--muted); margin: 0 0 1rem; }
form { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: end; }
label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
select, input { font: inherit; padding: .35rem .5rem; border: 1px solid #767676; border-radius: 4px; min-width: 12rem; }
select:focus, input:focus, a:focus, button:focus { outline: 3px solid #E69F00; outline-offset: 2px; }
#count { margin: .75rem 0; font-weight: bold; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1.25rem; list-style: none;
         padding: 0; margin: 0; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: .9rem; display: flex; flex-direction: column;
        gap: .5rem; }
.card[hidden] { display: none; }
.card h2 { font-size: 1.05rem; margin: 0; }
.card img { width: 100%; height: auto; border: 1px solid #eee; }
.meta { font-size: .8rem; color: var(--muted); margin: 0; }
.caption { font-size: .88rem; margin: 0; }
details { font-size: .85rem; }
.downloads { display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; margin: 0; list-style: none; }
.downloads a { display: inline-block; padding: .25rem .6rem; border: 1px solid var(--accent); border-radius: 4px;
               color: var(--accent); text-decoration: none; font-size: .85rem; }
.downloads a:hover { background: var(--accent); color: #fff; }
.sources { font-size: .8rem; padding-left: 1.1rem; margin: 0; }
.sources a { color: var(--accent); }
"""

SCRIPT = """
(function () {
  var form = document.getElementById('filters');
  var cards = Array.prototype.slice.call(document.querySelectorAll('.card'));
  var count = document.getElementById('count');
  function apply() {
    var topic = form.topic.value, country = form.country.value, lang = form.lang.value;
    var text = form.q.value.trim().toLowerCase();
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!topic || card.dataset.topic === topic)
        && (!country || (' ' + card.dataset.countries + ' ').indexOf(' ' + country + ' ') >= 0)
        && (!lang || card.dataset.lang === lang)
        && (!text || card.textContent.toLowerCase().indexOf(text) >= 0);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + (shown === 1 ? ' item shown' : ' items shown');
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  apply();
})();
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _options(name: str, label: str, choices: list[tuple[str, str]], default: str = "") -> str:
    options = ['<option value="">All</option>'] + [
        f'<option value="{_e(v)}"{" selected" if v == default else ""}>{_e(t)}</option>' for v, t in choices]
    return f'<label for="{name}">{_e(label)}<select id="{name}" name="{name}">{"".join(options)}</select></label>'


def _safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else "#"


def card(entry: dict[str, Any], lang: str) -> str:
    """One figure in one language."""
    outputs = entry.get("outputs", {}).get(lang, {})
    text = entry.get("text", {}).get(lang, {})
    title = text.get("title", entry["id"])
    countries = entry.get("countries", [])
    links = [(outputs[key]["path"], label) for key, label in DOWNLOADS if key in outputs]
    if "data" in entry:
        links.append((entry["data"]["path"], "Data (CSV)"))
    downloads = "".join(
        f'<li><a href="{_e(path)}" download>{_e(label)}<span class="visually-hidden"> of {_e(title)}</span></a></li>'
        for path, label in links)
    sources = "".join(
        f'<li><a href="{_e(_safe_url(s["url"]))}" rel="noopener">{_e(s["short_citation"])}</a>: {_e(s["title"])}'
        f'{" (" + _e("; ".join(s["locators"])) + ")" if s.get("locators") else ""}</li>'
        for s in entry.get("sources", []))
    image = outputs.get("report.png", {}).get("path", "")
    where = ", ".join(c["name"] for c in countries) if countries else "no country breakdown"
    sizes = ", ".join(entry.get("sizes", ["report"]))
    size_note = f' Not every size: {entry["size_note"]}' if entry.get("size_note") else ""
    return (
        f'<li class="card" data-topic="{_e(entry["topic"])}" data-lang="{_e(lang)}" lang="{_e(lang)}" '
        f'data-countries="{_e(" ".join(c["code"] for c in countries))}" id="{_e(entry["id"])}-{_e(lang)}">'
        f'<h2>{_e(title)}</h2>'
        f'<p class="meta">{_e(entry["topic"])} · {_e(LANGUAGE_NAMES.get(lang, lang))} · '
        f'{len(countries)} {"country" if len(countries) == 1 else "countries"}</p>'
        f'<img src="{_e(image)}" alt="{_e(text.get("alt_text", ""))}">'
        f'<p class="caption">{_e(text.get("caption", ""))}</p>'
        f'<details><summary>Countries, sizes and alt text</summary><p>{_e(where)}</p>'
        f'<p>Sizes: {_e(sizes)}.{_e(size_note)}</p><p>{_e(text.get("alt_text", ""))}</p></details>'
        f'<ul class="downloads" aria-label="Downloads">{downloads}</ul>'
        f'<ul class="sources" aria-label="Sources">{sources}</ul>'
        '</li>')


STAT_CARD_TOPIC = "stat cards"
CARD_DOWNLOADS = (("square.png", "Square PNG"), ("story.png", "Story PNG"))


def stat_card(entry: dict[str, Any], lang: str) -> str:
    """One stat card in one language."""
    outputs = entry["outputs"].get(lang, {})
    text = entry["text"][lang]
    title = f'{text["number"]} {text["sentence"]}'
    downloads = "".join(
        f'<li><a href="{_e(outputs[key]["path"])}" download>{_e(label)}'
        f'<span class="visually-hidden"> of card {_e(entry["claim_id"])}</span></a></li>'
        for key, label in CARD_DOWNLOADS if key in outputs)
    source = entry["source"]
    return (
        f'<li class="card" data-topic="{STAT_CARD_TOPIC}" data-lang="{_e(lang)}" lang="{_e(lang)}" data-countries="" '
        f'id="card-{_e(entry["claim_id"])}-{_e(lang)}">'
        f'<h2>{_e(title)}</h2>'
        f'<p class="meta">{STAT_CARD_TOPIC} · {_e(LANGUAGE_NAMES.get(lang, lang))} · claim {_e(entry["claim_id"])} · '
        f'{_e(text["status"])}</p>'
        f'<img src="{_e(outputs.get("square.png", {}).get("path", ""))}" alt="{_e(text["alt_text"])}">'
        f'<p class="caption">{_e(text["caveat"])}</p>'
        f'<ul class="downloads" aria-label="Downloads">{downloads}</ul>'
        f'<ul class="sources" aria-label="Sources"><li><a href="{_e(_safe_url(source["url"]))}" rel="noopener">'
        f'{_e(source["short_citation"])}</a>: {_e(source["title"])}</li></ul>'
        '</li>')


def no_card_list(cards: dict[str, Any]) -> str:
    """The claims that get no card, each with the reason (so a missing card is never a mystery)."""
    items = "".join(f'<li><strong>{_e(n["claim_id"])} {_e(n["short_label"])}</strong>: {_e(n["reason"])}</li>'
                    for n in cards.get("not_made", []))
    if not items:
        return ""
    return (f'<details class="no-cards"><summary>{len(cards["not_made"])} claims get no stat card, and why</summary>'
            f'<ul>{items}</ul></details>')


def render_gallery(manifest: dict[str, Any], cards: dict[str, Any] | None = None) -> str:
    """The whole page as one self-contained HTML document (inline CSS and script, relative links)."""
    cards = cards or {}
    figures = manifest.get("figures", [])
    topics = sorted({f["topic"] for f in figures} | ({STAT_CARD_TOPIC} if cards.get("cards") else set()))
    countries = sorted({(c["code"], c["name"]) for f in figures for c in f.get("countries", [])},
                       key=lambda pair: pair[1])
    languages = [lang for lang in LANGUAGE_NAMES
                 if any(lang in f.get("outputs", {}) for f in [*figures, *cards.get("cards", [])])]
    controls = (_options("topic", "Topic", [(t, t) for t in topics])
                + _options("country", "Country", countries)
                + _options("lang", "Language", [(code, LANGUAGE_NAMES[code]) for code in languages], default="en")
                + '<label for="q">Search<input id="q" name="q" type="search" '
                'placeholder="title, caption, source"></label>')
    items = "".join(card(f, lang) for f in figures for lang in languages if lang in f.get("outputs", {}))
    items += "".join(stat_card(c, lang) for c in cards.get("cards", []) for lang in languages
                     if lang in c.get("outputs", {}))
    data = json.dumps({"figures": len(figures), "languages": languages}, sort_keys=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>child-safety-stats: figure gallery</title>"
        f"<style>{STYLE}.visually-hidden {{ position: absolute; left: -9999px; }}</style></head><body>"
        "<header><h1>child-safety-stats figure gallery</h1>"
        "<p class=\"lede\">Every figure with its caption, alt text, sources and downloads. Works offline: "
        "open this file from the folder it is in.</p>"
        f"<form id=\"filters\" role=\"search\" aria-label=\"Filter figures\">{controls}</form></header>"
        f"<main><p id=\"count\" aria-live=\"polite\"></p><ul class=\"cards\">{items}</ul>{no_card_list(cards)}</main>"
        f"<script type=\"application/json\" id=\"gallery-data\">{_e(data)}</script>"
        f"<script>{SCRIPT}</script></body></html>\n")


def write_gallery(out_dir: Path, manifest: dict[str, Any] | None = None) -> Path:
    """Write figures/index.html from the figure manifest and the stat cards manifest (only when it changed)."""
    from analysis.cards import read_cards_manifest

    out_dir = Path(out_dir)
    if manifest is None:
        manifest_path = out_dir / paths.MANIFEST_NAME
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    page = render_gallery(manifest, read_cards_manifest(out_dir))
    path = out_dir / paths.GALLERY_NAME
    if not path.exists() or path.read_text(encoding="utf-8") != page:
        write_text_atomic(path, page, staging_dir(out_dir))
    return path
