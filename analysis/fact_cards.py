"""Key-fact cards: a square and a story image per computed fact, for the world (every build) or for countries."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.atomic import staging_dir, write_bytes_atomic, write_text_atomic
from analysis.cards import CARD_SIZES, CardContent, render_content
from analysis.facts.model import WORLD, KeyFact
from analysis.hashing import sha256
from analysis.i18n import _, country_name, language, semicolon_list
from analysis.i18n.citations import citation

if TYPE_CHECKING:
    import pandas as pd

    from analysis.catalog import Catalog
    from analysis.facts.register import Register

FACTS_MANIFEST = "key-facts.json"  # per country folder; the world's facts are listed in cards.json
MAX_CITED = 2  # sources named on a card; the rest are counted


class FactCardBatchError(RuntimeError):
    """Some countries' cards failed; the others were written. Lists every failure."""

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        self.failures = failures
        lines = [f"  {area}: {message}" for area, message in failures]
        super().__init__(f"{len(failures)} country card set(s) failed (the others were written):\n" + "\n".join(lines))


def area_label(area: str) -> str:
    return _("World") if area == WORLD else country_name(area)


def cited(fact: KeyFact, sources: pd.DataFrame) -> str:
    """The fact's sources as a card names them: the first MAX_CITED citations, then how many more."""
    names = [citation(str(sources.loc[s, "short_citation"])) if s in sources.index else s for s in fact.source_ids]
    shown = semicolon_list(names[:MAX_CITED])
    extra = len(names) - MAX_CITED
    return shown if extra <= 0 else _("{shown} and {count} more (see the key-facts file)", shown=shown, count=extra)


def fact_content(fact: KeyFact, sources: pd.DataFrame) -> CardContent:
    """A key fact's card words in the current language (the fact was computed in it)."""
    template = "Sources: {citations}." if len(fact.source_ids) > 1 else "Source: {citations}."
    source_line = _(template, citations=cited(fact, sources))
    return CardContent(_("Key fact, computed from the data: {area}", area=area_label(fact.area)), fact.number,
                       fact.sentence, fact.limit,
                       (source_line, _("Card: child-safety-stats, key fact {card_id}.", card_id=fact.card_id)))


def card_file(fact: KeyFact, size: str, lang: str) -> str:
    """<area>-<fact>-<size>[.<lang>].png, as figure outputs are named."""
    return f"{fact.card_id}-{size}{'' if lang == 'en' else '.' + lang}.png"


def render_fact(fact: KeyFact, sources: pd.DataFrame, lang: str) -> dict[str, bytes]:
    """Both card sizes of one fact (computed in ``lang``): file name -> PNG bytes."""
    with language(lang):
        content = fact_content(fact, sources)
    return {card_file(fact, size, lang): render_content(content, size, lang, f"key fact {fact.card_id}")
            for size in CARD_SIZES}


def fact_entry(facts_by_lang: Mapping[str, KeyFact], files: Mapping[str, Mapping[str, bytes]],
               folder: str) -> dict[str, Any]:
    """A fact's manifest entry: what it is (from the English computation), its words and files per language."""
    english = facts_by_lang.get("en") or next(iter(facts_by_lang.values()))
    return {
        "card_id": english.card_id, "fact_id": english.fact_id, "area": english.area, "topic": english.topic,
        "value": english.value, "year": english.year, "source_ids": list(english.source_ids),
        "locators": list(english.locators),
        "text": {lang: {"number": f.number, "sentence": f.sentence, "limit": f.limit, "definition": f.definition,
                        "alt_text": f"{f.number} {f.sentence} {f.limit}"}
                 for lang, f in sorted(facts_by_lang.items())},
        "outputs": {lang: {name.split("-")[-1].split(".")[0] + ".png": {"path": f"{folder}/{name}" if folder else name,
                                                                       "sha256": sha256(data)}
                           for name, data in sorted(images.items())}
                    for lang, images in sorted(files.items())},
    }


def render_area(frames: Mapping[str, pd.DataFrame], area: str, languages: list[str],
                folder: str = "") -> tuple[list[dict[str, Any]], list[dict[str, str]], dict[str, bytes]]:
    """Every fact of one area in every language: manifest entries, the facts left out (with reasons) and images."""
    from analysis.facts.register import compute

    sources = frames["sources"].set_index("source_id")
    per_lang: dict[str, Register] = {}
    for lang in languages:
        with language(lang):
            per_lang[lang] = compute(frames, [area])
    first = per_lang[languages[0]]
    entries, images = [], {}
    for index in range(len(first.facts)):
        facts_by_lang = {lang: per_lang[lang].facts[index] for lang in languages}
        files = {lang: render_fact(f, sources, lang) for lang, f in facts_by_lang.items()}
        entries.append(fact_entry(facts_by_lang, files, folder))
        for rendered in files.values():
            images.update(rendered)
    left_out = [{"fact_id": o.fact_id, "area": o.area, "reason": o.reason} for o in first.omissions]
    return entries, left_out, images


def write_images(images: Mapping[str, bytes], folder: Path, staging: Path) -> None:
    for name, data in images.items():
        target = folder / name
        if not target.exists() or target.read_bytes() != data:
            write_bytes_atomic(target, data, staging)


def write_json(path: Path, payload: dict[str, Any], staging: Path) -> None:
    text = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_text_atomic(path, text, staging)


# --- Countries: python -m analysis cards ARG [--all] -----------------------------------------------------------

_FRAMES: dict[str, dict[str, pd.DataFrame]] = {}  # per worker process: data package path -> frames


def _country_worker(package: str, out_dir: str, area: str, languages: list[str]) -> tuple[bool, str, int]:
    """Render and write one country's cards and its key-facts file; (ok, detail, cards written)."""
    from analysis.catalog import Catalog
    from analysis.facts.register import load_frames

    try:
        if package not in _FRAMES:
            _FRAMES[package] = load_frames(Catalog(Path(package)))
        folder = Path(out_dir) / area
        staging = staging_dir(Path(out_dir))
        entries, left_out, images = render_area(_FRAMES[package], area, languages)
        write_images(images, folder, staging)
        for stale in folder.glob("*.png"):  # a fact that is no longer computed loses its images
            if stale.name not in images and _language_of(stale.name) in languages:
                stale.unlink()
        previous = read_facts(folder / FACTS_MANIFEST)
        write_json(folder / FACTS_MANIFEST, {"generator": "child-safety-stats", "area": area,
                                             "key_facts": merge_languages(previous.get("key_facts", []), entries,
                                                                          languages),
                                             "left_out": left_out}, staging)
    except Exception as err:  # noqa: BLE001 (reported with the batch's other failures)
        return False, f"{type(err).__name__}: {err}", 0
    return True, "\n".join(f"{o['fact_id']}: left out, {o['reason']}" for o in left_out), len(images)


def read_facts(path: Path) -> dict[str, Any]:
    """A key-facts file, or an empty one."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def merge_languages(previous: list[dict[str, Any]], entries: list[dict[str, Any]],
                    languages: list[str]) -> list[dict[str, Any]]:
    """Entries of this run, keeping the words and files of languages not rebuilt from the previous run."""
    before = {e["card_id"]: e for e in previous}
    merged = []
    for entry in entries:
        kept = before.get(entry["card_id"], {})
        for key in ("text", "outputs"):
            entry[key] = dict(sorted({**{lang: v for lang, v in kept.get(key, {}).items() if lang not in languages},
                                      **entry[key]}.items()))
        merged.append(entry)
    return merged


def _language_of(name: str) -> str:
    parts = name[: -len(".png")].rsplit(".", 1)
    return parts[1] if len(parts) == 2 and len(parts[1]) == 2 else "en"


def build_country_cards(codes: list[str], languages: list[str], catalog: Catalog | None = None,
                        out_dir: Path = paths.COUNTRY_CARDS, progress: bool = True,
                        jobs: int | None = None) -> dict[str, tuple[int, str]]:
    """Every key-fact card of each country, in parallel with a progress bar; area -> (cards, what was left out).

    A country that fails does not stop the others: FactCardBatchError lists every failure at the end."""
    import os

    from tqdm import tqdm

    from analysis.catalog import Catalog
    from analysis.facts.register import load_frames
    from analysis.processes import stop_pool, worker_pool

    catalog = catalog or Catalog()
    args = (str(catalog.package_path), str(out_dir))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(codes)))
    done: dict[str, tuple[int, str]] = {}
    failures: list[tuple[str, str]] = []

    def record(area: str, outcome: tuple[bool, str, int]) -> None:
        ok, detail, count = outcome
        if ok:
            done[area] = (count, detail)
        else:
            failures.append((area, detail))

    with tqdm(total=len(codes), desc="key-fact cards", unit="country", disable=not progress,
              file=sys.stderr) as bar:
        if workers == 1:
            _FRAMES[args[0]] = load_frames(catalog)
            for area in codes:
                record(area, _country_worker(*args, area, languages))
                bar.update(1)
        else:
            pool = worker_pool(workers)
            try:
                futures = {area: pool.submit(_country_worker, *args, area, languages) for area in codes}
                for area, future in futures.items():
                    record(area, future.result())
                    bar.update(1)
            except BaseException:
                stop_pool(pool)
                raise
            pool.shutdown()
    staging = staging_dir(Path(out_dir))
    if staging.exists() and not any(staging.iterdir()):
        staging.rmdir()
    if failures:
        raise FactCardBatchError(failures)
    return done
