"""The offline HTML gallery (figures/index.html): one card per figure, filterable, no network needed."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.atomic import staging_dir, write_text_atomic
from analysis.gallery_text import SIZE_LABELS, chrome, country_names, topic_label
from analysis.i18n import LANGUAGE_NAMES, _, country_name, language, language_tag, translate
from analysis.i18n.citations import citation

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
.caveat { font-size: .88rem; margin: 0; font-weight: bold; }
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
  var data = JSON.parse(document.getElementById('gallery-data').textContent);
  function each(selector, action) { Array.prototype.forEach.call(document.querySelectorAll(selector), action); }
  function relabel(lang) {
    var words = data.chrome[lang] || data.chrome.en, names = data.countries[lang] || {};
    document.documentElement.lang = data.tags[lang] || lang;
    document.title = words.page_title;
    each('[data-i18n]', function (el) { el.textContent = words[el.getAttribute('data-i18n')]; });
    each('[data-i18n-placeholder]', function (el) {
      el.placeholder = words[el.getAttribute('data-i18n-placeholder')];
    });
    each('[data-i18n-label]', function (el) {
      el.setAttribute('aria-label', words[el.getAttribute('data-i18n-label')]);
    });
    each('#country option', function (o) { if (names[o.value]) { o.textContent = names[o.value]; } });
    return words;
  }
  function apply() {
    var topic = form.topic.value, country = form.country.value, lang = form.lang.value;
    var text = form.q.value.trim().toLowerCase();
    var words = relabel(lang || 'en');
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!topic || card.dataset.topic === topic)
        && (!country || (' ' + card.dataset.countries + ' ').indexOf(' ' + country + ' ') >= 0)
        && (!lang || card.dataset.lang === lang)
        && (!text || card.textContent.toLowerCase().indexOf(text) >= 0);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === 1 ? words.shown_one : words.shown_other.replace('{count}', String(shown));
  }
  var wanted = new URLSearchParams(window.location.search).get('lang');
  if (wanted && data.languages.indexOf(wanted) >= 0) { form.lang.value = wanted; }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  apply();
})();
"""

FORMAT_NAMES = {"PNG", "SVG", "PDF"}  # the same in every language


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _json_for_script(value: Any) -> str:
    """JSON that cannot close or confuse the <script> element holding it."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _download_label(label: str, lang: str) -> str:
    return label if label in FORMAT_NAMES else translate(label, lang)


def _options(name: str, label_key: str, choices: list[tuple[str, str]], default: str = "",
             option_keys: dict[str, str] | None = None) -> str:
    """A labelled <select>; its label, 'All' and any option with a key in ``option_keys`` are relabelled by the
    script when the language changes."""
    words = chrome("en")
    option_keys = option_keys or {}

    def option(value: str, text: str) -> str:
        selected = " selected" if value == default else ""
        key = f' data-i18n="{_e(option_keys[value])}"' if value in option_keys else ""
        return f'<option value="{_e(value)}"{selected}{key}>{_e(text)}</option>'

    options = [f'<option value="" data-i18n="all">{_e(words["all"])}</option>'] + [option(v, t) for v, t in choices]
    return (f'<label for="{name}"><span data-i18n="{label_key}">{_e(words[label_key])}</span>'
            f'<select id="{name}" name="{name}">{"".join(options)}</select></label>')


def _safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else "#"


def _download_list(links: list[tuple[str, str]], about: str) -> str:
    items = "".join(f'<li><a href="{_e(path)}" download>{_e(label)}<span class="visually-hidden"> – {_e(about)}'
                    '</span></a></li>' for path, label in links)
    return f'<ul class="downloads" aria-label="{_e(_("Downloads"))}">{items}</ul>'


def card(entry: dict[str, Any], lang: str) -> str:
    """One figure in one language, its labels in that language too."""
    with language(lang):
        outputs = entry.get("outputs", {}).get(lang, {})
        text = entry.get("text", {}).get(lang, {})
        title = text.get("title", entry["id"])
        countries = entry.get("countries", [])
        links = [(outputs[key]["path"], _download_label(label, lang)) for key, label in DOWNLOADS if key in outputs]
        if "data" in entry:
            links.append((entry["data"]["path"], _("Data (CSV)")))
        sources = "".join(
            f'<li><a href="{_e(_safe_url(s["url"]))}" rel="noopener">{_e(citation(s["short_citation"]))}</a>: '
            f'{_e(s["title"])}'
            f'{" (" + _e("; ".join(s["locators"])) + ")" if s.get("locators") else ""}</li>'
            for s in entry.get("sources", []))
        image = outputs.get("report.png", {}).get("path", "")
        names = [country_name(c["code"]) for c in countries]
        where = ", ".join(names) if names else _("no country breakdown")
        how_many = ("" if not countries else _("1 country") if len(countries) == 1
                    else _("{count} countries", count=len(countries)))
        meta = " · ".join(filter(None, (topic_label(entry["topic"], lang), LANGUAGE_NAMES[lang], how_many)))
        sizes = ", ".join(translate(SIZE_LABELS[s]) for s in entry.get("sizes", ["report"]))
        sizes_line = _("Sizes: {sizes}.", sizes=sizes)
        # The limit the image prints above its source line (manifests written before it existed have none).
        caveat = f'<p class="caveat">{_e(text["caveat"])}</p>' if text.get("caveat") else ""
        if entry.get("size_note"):
            sizes_line += " " + _("Not every size: {note}", note=translate(entry["size_note"]))
        return (
            f'<li class="card" data-topic="{_e(entry["topic"])}" data-lang="{_e(lang)}" '
            f'lang="{_e(language_tag(lang))}" data-countries="{_e(" ".join(c["code"] for c in countries))}" '
            f'id="{_e(entry["id"])}-{_e(lang)}">'
            f'<h2>{_e(title)}</h2>'
            f'<p class="meta">{_e(meta)}</p>'
            f'<img src="{_e(image)}" alt="{_e(text.get("alt_text", ""))}">'
            f'{caveat}<p class="caption">{_e(text.get("caption", ""))}</p>'
            f'<details><summary>{_e(_("Countries, sizes and alt text"))}</summary><p>{_e(where)}</p>'
            f'<p>{_e(sizes_line)}</p><p>{_e(text.get("alt_text", ""))}</p></details>'
            f'{_download_list(links, title)}'
            f'<ul class="sources" aria-label="{_e(_("Sources"))}">{sources}</ul>'
            '</li>')


STAT_CARD_TOPIC = "stat cards"
CARD_DOWNLOADS = (("square.png", "Square PNG"), ("story.png", "Story PNG"))


def stat_card(entry: dict[str, Any], lang: str) -> str:
    """One stat card in one language."""
    with language(lang):
        outputs = entry["outputs"].get(lang, {})
        text = entry["text"][lang]
        title = f'{text["number"]} {text["sentence"]}'
        links = [(outputs[key]["path"], translate(label)) for key, label in CARD_DOWNLOADS if key in outputs]
        source = entry["source"]
        return (
            f'<li class="card" data-topic="{STAT_CARD_TOPIC}" data-lang="{_e(lang)}" lang="{_e(language_tag(lang))}" '
            f'data-countries="" id="card-{_e(entry["claim_id"])}-{_e(lang)}">'
            f'<h2>{_e(title)}</h2>'
            f'<p class="meta">{_e(topic_label(STAT_CARD_TOPIC, lang))} · {_e(LANGUAGE_NAMES.get(lang, lang))} · '
            f'{_e(_("Claim {claim_id}", claim_id=entry["claim_id"]))} · {_e(text["status"])}</p>'
            f'<img src="{_e(outputs.get("square.png", {}).get("path", ""))}" alt="{_e(text["alt_text"])}">'
            f'<p class="caption">{_e(text["caveat"])}</p>'
            f'{_download_list(links, title)}'
            f'<ul class="sources" aria-label="{_e(_("Sources"))}"><li><a href="{_e(_safe_url(source["url"]))}" '
            f'rel="noopener">{_e(citation(source["short_citation"]))}</a>: {_e(source["title"])}</li></ul>'
            '</li>')


def key_fact_card(entry: dict[str, Any], lang: str) -> str:
    """One key-fact card of the world in one language, under its topic so the topic filter finds it."""
    with language(lang):
        outputs = entry["outputs"].get(lang, {})
        text = entry["text"][lang]
        title = f'{text["number"]} {text["sentence"]}'
        links = [(outputs[key]["path"], translate(label)) for key, label in CARD_DOWNLOADS if key in outputs]
        return (
            f'<li class="card" data-topic="{_e(entry["topic"])}" data-lang="{_e(lang)}" lang="{_e(lang)}" '
            f'data-countries="" id="fact-{_e(entry["card_id"])}-{_e(lang)}">'
            f'<h2>{_e(title)}</h2>'
            f'<p class="meta">{_e(topic_label(entry["topic"], lang))} · {_e(LANGUAGE_NAMES.get(lang, lang))} · '
            f'{_e(_("Key fact {card_id}", card_id=entry["card_id"]))}</p>'
            f'<img src="{_e(outputs.get("square.png", {}).get("path", ""))}" alt="{_e(text["alt_text"])}">'
            f'<p class="caption">{_e(text["definition"])} {_e(text["limit"])}</p>'
            f'{_download_list(links, title)}'
            '</li>')


def no_card_list(cards: dict[str, Any]) -> str:
    """The claims that get no card, each with the reason (so a missing card is never a mystery). The reasons are
    written by the card builder in English, so the list says it is in English."""
    items = "".join(f'<li><strong>{_e(n["claim_id"])} {_e(n["short_label"])}</strong>: {_e(n["reason"])}</li>'
                    for n in cards.get("not_made", []))
    if not items:
        return ""
    return (f'<details class="no-cards" lang="en"><summary>{len(cards["not_made"])} claims get no stat card, and why'
            f'</summary><ul>{items}</ul></details>')


def render_gallery(manifest: dict[str, Any], cards: dict[str, Any] | None = None) -> str:
    """The whole page as one self-contained HTML document (inline CSS and script, relative links). It opens in
    English; choosing a language (or opening it as index.html?lang=es) shows that language's figures and puts the
    page's own words in it."""
    cards = cards or {}
    figures = manifest.get("figures", [])
    facts = cards.get("key_facts", [])
    topics = sorted({f["topic"] for f in [*figures, *facts]} | ({STAT_CARD_TOPIC} if cards.get("cards") else set()))
    countries = sorted({(c["code"], country_name(c["code"], lang="en")) for f in figures
                        for c in f.get("countries", [])}, key=lambda pair: pair[1])
    languages = [lang for lang in LANGUAGE_NAMES
                 if any(lang in f.get("outputs", {}) for f in [*figures, *cards.get("cards", []), *facts])]
    words = chrome("en")
    controls = (_options("topic", "topic", [(t, topic_label(t, "en")) for t in topics],
                         option_keys={t: f"topic:{t}" for t in topics})
                + _options("country", "country", countries)
                + _options("lang", "language", [(code, LANGUAGE_NAMES[code]) for code in languages], default="en")
                + f'<label for="q"><span data-i18n="search">{_e(words["search"])}</span><input id="q" name="q" '
                f'type="search" placeholder="{_e(words["placeholder"])}" data-i18n-placeholder="placeholder"></label>')
    items = "".join(card(f, lang) for f in figures for lang in languages if lang in f.get("outputs", {}))
    items += "".join(stat_card(c, lang) for c in cards.get("cards", []) for lang in languages
                     if lang in c.get("outputs", {}))
    items += "".join(key_fact_card(f, lang) for f in facts for lang in languages
                     if lang in f.get("outputs", {}))
    data = {"figures": len(figures), "languages": languages, "chrome": {lang: chrome(lang) for lang in languages},
            "tags": {lang: language_tag(lang) for lang in languages},
            "countries": country_names([code for code, _name in countries])}
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(words['page_title'])}</title>"
        f"<style>{STYLE}.visually-hidden {{ position: absolute; left: -9999px; }}</style></head><body>"
        f"<header><h1 data-i18n=\"heading\">{_e(words['heading'])}</h1>"
        f"<p class=\"lede\" data-i18n=\"lede\">{_e(words['lede'])}</p>"
        f"<form id=\"filters\" role=\"search\" aria-label=\"{_e(words['filters'])}\" data-i18n-label=\"filters\">"
        f"{controls}</form></header>"
        f"<main><p id=\"count\" aria-live=\"polite\"></p><ul class=\"cards\">{items}</ul>{no_card_list(cards)}</main>"
        f"<script type=\"application/json\" id=\"gallery-data\">{_json_for_script(data)}</script>"
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
