"""The gallery's own words (headings, filters, labels) in each language the figures are drawn in."""

from __future__ import annotations

from analysis.i18n import LANGUAGES, country_name, translate

# Page chrome: element key -> English catalog text. The script swaps these when the language filter changes.
CHROME = {
    "page_title": "child-safety-stats: figure gallery",
    "heading": "child-safety-stats figure gallery",
    "lede": "Every figure with its caption, alt text, sources and downloads. Works offline: open this file from the "
            "folder it is in.",
    "filters": "Filter figures",
    "topic": "Topic",
    "country": "Country",
    "language": "Language",
    "search": "Search",
    "all": "All",
    "placeholder": "title, caption, source",
    "shown_one": "1 item shown",
    "shown_other": "{count} items shown",
}

# Topic values stay English (they are filter keys); their labels are translated.
TOPIC_LABELS = {
    "claims": "Claims",
    "cyberbullying": "Cyberbullying",
    "legal": "Laws and treaties",
    "missing children": "Missing children",
    "online exploitation": "Online exploitation",
    "stat cards": "Stat cards",
}

SIZE_LABELS = {"report": "Report", "slide": "Slide", "square": "Square", "story": "Story"}


def chrome(lang: str) -> dict[str, str]:
    """Every chrome text and topic label in one language (keys: CHROME keys, then 'topic:<value>')."""
    texts = {key: translate(text, lang) for key, text in CHROME.items()}
    texts |= {f"topic:{value}": translate(label, lang) for value, label in TOPIC_LABELS.items()}
    return texts


def topic_label(topic: str, lang: str) -> str:
    """A topic's label in the language; a topic without a label is a bug in the registry, not a fallback."""
    if topic not in TOPIC_LABELS:
        raise KeyError(f"topic {topic!r} has no gallery label; add it to TOPIC_LABELS and the message catalog")
    return translate(TOPIC_LABELS[topic], lang)


def country_names(codes: list[str]) -> dict[str, dict[str, str]]:
    """Language -> ISO3 -> the country's name, for the country filter."""
    return {lang: {code: country_name(code, lang=lang) for code in codes} for lang in LANGUAGES}
