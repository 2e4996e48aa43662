"""The figure build: a graph of jobs (figure x size), cached by content hash, run in a process pool."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from concurrent.futures import as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.atomic import staging_dir, write_bytes_atomic, write_text_atomic
from analysis.catalog import Catalog
from analysis.figures.registry import Recipe, UnknownFigureError, all_recipes
from analysis.gallery import write_gallery
from analysis.hashing import sha256
from analysis.i18n import LANGUAGES, check_language
from analysis.locking import exclusive
from analysis.plotting.layout import SIZES
from analysis.processes import stop_pool, worker_pool
from analysis.render import output_name, render_job
from analysis.toolchain import toolchain
from analysis.validate import DataPackageError

# The texts the manifest records for each language.
TEXT_FIELDS = ("title", "subtitle", "caption", "note", "caveat", "alt_text", "source_line")
# Package code outside NOT_SHARED shapes every figure: a change to it invalidates every output. Not shared:
# recipes (each recipe's figure modules are added to its own key), the command line, the benchmark, the
# gallery page (rebuilt from the manifest), refreshers and notebook helpers.
MANIFEST_VERSION = 2  # 2: text and outputs per language; an older manifest is ignored (everything is rebuilt)
NOT_SHARED = ("figures/", "benchmark/", "cli.py", "__main__.py", "gallery.py", "refresh.py", "upstreams/",
              "notebook.py")


@dataclass(frozen=True)
class Job:
    """One recipe at one size in one language: the unit of caching and of parallel work."""

    recipe_id: str
    size: str
    lang: str = "en"

    @property
    def is_primary(self) -> bool:
        """The English report-size job also writes the data CSV and the language-independent metadata."""
        return self.size == "report" and self.lang == "en"

    @property
    def key(self) -> str:
        return f"{self.size}/{self.lang}"


@cache
def shared_code_files() -> tuple[str, ...]:
    """Package files every output depends on (paths relative to the package, sorted); listed once per process,
    like code_hash, since every job key needs them."""
    files = []
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(paths.PACKAGE_DIR).as_posix()
        if (path.is_file() and "__pycache__" not in path.parts
                and path.suffix in (".py", ".mplstyle", ".csv")  # .csv: the message catalog
                and (relative == "figures/registry.py" or not relative.startswith(NOT_SHARED))):
            files.append(relative)
    return tuple(files)


@cache
def code_hash(relative: str) -> str:
    """Hash of one package file, by path and content."""
    digest = hashlib.sha256(relative.encode())
    digest.update((paths.PACKAGE_DIR / relative).read_bytes())
    return digest.hexdigest()


def recipe_module_paths(recipe: Recipe) -> list[str]:
    """The figure modules a recipe's definition and functions live in (relative to the package)."""
    return [str(Path(sys.modules[name].__file__).resolve().relative_to(paths.PACKAGE_DIR))
            for name in recipe.modules]


def job_key(job: Job, recipe: Recipe, inputs: dict[str, str]) -> str:
    """Content hash of everything an output depends on."""
    parts = {
        "job": [job.recipe_id, job.size, job.lang],
        "inputs": inputs,
        "code": {name: code_hash(name) for name in (*shared_code_files(), *recipe_module_paths(recipe))},
        "tools": toolchain(),
    }
    return sha256(json.dumps(parts, sort_keys=True).encode())


def recipe_inputs(recipe: Recipe, catalog: Catalog) -> dict[str, str]:
    """Hashes of the data resources (and sources) a recipe reads, and of other files it names by repository path."""
    inputs = {name: catalog.sha256(name) for name in sorted({*recipe.datasets, "sources"})}
    # Files outside the data package (map geometry) are keyed by their path in the repository.
    inputs |= {path.relative_to(paths.ROOT).as_posix(): sha256(path.read_bytes()) for path in recipe.files}
    return inputs


def current_keys(catalog: Catalog | None = None) -> dict[str, dict[str, str]]:
    """The key every job of every registered figure would have now: figure id -> {"size/lang": key}."""
    catalog = catalog or Catalog()
    keys: dict[str, dict[str, str]] = {}
    for recipe_id, recipe in all_recipes().items():
        inputs = recipe_inputs(recipe, catalog)
        keys[recipe_id] = {job.key: job_key(job, recipe, inputs)
                           for job in (Job(recipe_id, size, lang) for size in recipe.sizes for lang in LANGUAGES)}
    return keys


def run_job(package_path: str, out_dir: str, recipe_id: str, size: str, lang: str) -> dict[str, Any]:
    """Render one job and write its files atomically; return what the manifest needs.

    A top-level function so that worker processes can run it.
    """
    out = Path(out_dir)
    staging = staging_dir(out)
    rendered = render_job(all_recipes()[recipe_id], Catalog(Path(package_path)), SIZES[size], lang)
    outputs: dict[str, dict[str, str]] = {}
    for fmt, blob in rendered.files.items():
        name = output_name(recipe_id, size, fmt, lang)
        write_bytes_atomic(out / name, blob, staging)
        outputs[f"{size}.{fmt}"] = {"path": name, "sha256": sha256(blob)}
    result: dict[str, Any] = {"outputs": outputs, "text": {k: rendered.metadata[k] for k in TEXT_FIELDS}}
    if Job(recipe_id, size, lang).is_primary:
        csv_name = f"{recipe_id}.csv"
        write_bytes_atomic(out / csv_name, rendered.data_csv, staging)
        result["data"] = {"path": csv_name, "sha256": sha256(rendered.data_csv)}
        result.update({k: rendered.metadata[k] for k in ("countries", "sources")})
    return result


def _files(entry: dict[str, Any], job: Job) -> list[dict[str, str]]:
    """The files a job wrote last time, as recorded in the manifest."""
    files = [v for k, v in entry.get("outputs", {}).get(job.lang, {}).items() if k.startswith(f"{job.size}.")]
    if job.is_primary and "data" in entry:
        files.append(entry["data"])
    return files


def _outputs_intact(out_dir: Path, outputs: list[dict[str, str]]) -> bool:
    for output in outputs:
        path = out_dir / output["path"]
        if not path.exists() or sha256(path.read_bytes()) != output["sha256"]:
            return False
    return True


def _previous_manifest(manifest_path: Path) -> dict[str, Any]:
    if not manifest_path.exists():
        return {}
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}
    if manifest.get("version") != MANIFEST_VERSION:
        return {}
    return {entry["id"]: entry for entry in manifest.get("figures", [])}


def build(
    catalog: Catalog | None = None,
    out_dir: Path = paths.FIGURES,
    only: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    progress: bool = True,
    jobs: int | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Validate the data, render what changed, and write outputs and manifest atomically.

    ``languages`` limits the languages rendered (all of them by default); a language left out keeps what
    the manifest already records for it. Returns the manifest, with counts of jobs rendered and skipped
    under the ``stats`` key (not written to disk). One build at a time may write to a folder.
    """
    with exclusive(Path(out_dir)):
        return _build(catalog, Path(out_dir), only, languages, progress, jobs, force)


def _build(catalog: Catalog | None, out_dir: Path, only: Iterable[str] | None, languages: Iterable[str] | None,
           progress: bool, jobs: int | None, force: bool) -> dict[str, Any]:
    from tqdm import tqdm

    catalog = catalog or Catalog()
    problems = catalog.validate()
    if problems:
        raise DataPackageError(problems)
    recipes = all_recipes()
    wanted = list(only) if only else list(recipes)
    unknown = [r for r in wanted if r not in recipes]
    if unknown:
        raise UnknownFigureError(
            f"unknown figure id(s): {', '.join(unknown)}; see 'python -m analysis list'")
    out_dir = Path(out_dir)
    manifest_path = out_dir / paths.MANIFEST_NAME
    previous = _previous_manifest(manifest_path)
    entries = {k: v for k, v in previous.items() if k in recipes and (only or k in wanted)}

    wanted_languages = [check_language(lang) for lang in (languages or LANGUAGES)]
    if "en" not in wanted_languages:
        wanted_languages.insert(0, "en")  # the English report job writes the data and shared metadata
    todo: list[Job] = []
    keys: dict[Job, str] = {}
    input_hashes: dict[str, dict[str, str]] = {}
    for recipe_id in wanted:
        recipe = recipes[recipe_id]
        input_hashes[recipe_id] = inputs = recipe_inputs(recipe, catalog)
        for size in recipe.sizes:
            for lang in wanted_languages:
                job = Job(recipe_id, size, lang)
                keys[job] = job_key(job, recipe, inputs)
                entry = previous.get(recipe_id, {})
                fresh = (not force and entry.get("keys", {}).get(job.key) == keys[job]
                         and _outputs_intact(out_dir, _files(entry, job)))
                if not fresh:
                    todo.append(job)

    results: dict[Job, dict[str, Any]] = {}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    bar = tqdm(total=len(todo), desc="figures", unit="fig", disable=not progress or not todo,
               file=sys.stderr)
    args = (str(catalog.package_path), str(out_dir))
    if workers == 1:
        for job in todo:
            results[job] = run_job(*args, job.recipe_id, job.size, job.lang)
            bar.update(1)
    else:
        with worker_pool(workers) as pool:
            try:
                futures = {pool.submit(run_job, *args, job.recipe_id, job.size, job.lang): job for job in todo}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update(1)
            except BaseException:
                stop_pool(pool)  # a failed job or an interrupt: no worker goes on rendering
                raise
    bar.close()

    for job, result in sorted(results.items(), key=lambda item: (item[0].recipe_id, item[0].size, item[0].lang)):
        recipe = recipes[job.recipe_id]
        entry = entries.setdefault(job.recipe_id, {"outputs": {}, "keys": {}, "text": {}})
        by_lang = entry["outputs"].setdefault(job.lang, {})
        for name in [k for k in by_lang if k.startswith(f"{job.size}.")]:
            del by_lang[name]
        by_lang.update(result["outputs"])
        entry["keys"][job.key] = keys[job]
        entry["text"][job.lang] = result["text"]
        entry.update({k: v for k, v in result.items() if k not in ("outputs", "text")})
    for recipe_id in wanted:
        recipe = recipes[recipe_id]
        entry = entries.setdefault(recipe_id, {"outputs": {}, "keys": {}, "text": {}})
        entry["keys"] = {k: v for k, v in entry["keys"].items() if k.split("/")[0] in recipe.sizes}
        entry["outputs"] = {lang: {k: v for k, v in files.items() if k.split(".")[0] in recipe.sizes}
                            for lang, files in sorted(entry["outputs"].items())}
        entry.update({"id": recipe.id, "topic": recipe.topic, "inputs": input_hashes[recipe_id],
                      "sizes": list(recipe.sizes), "size_note": recipe.size_note})

    manifest = {"generator": "child-safety-stats", "version": MANIFEST_VERSION, "tools": toolchain(),
                "sizes": {name: {"label": size.label, "pixels": list(size.pixels)} for name, size in SIZES.items()},
                "figures": [entries[k] for k in sorted(entries)]}
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    if not manifest_path.exists() or manifest_path.read_text(encoding="utf-8") != text:
        write_text_atomic(manifest_path, text, staging_dir(out_dir))
    write_gallery(out_dir, manifest)
    removed = remove_unlisted(out_dir, manifest)
    return manifest | {"stats": {"rendered": len(todo), "skipped": len(keys) - len(todo), "removed": removed}}


def listed_outputs(manifest: dict[str, Any]) -> set[str]:
    """Every file the manifest records (outputs in each language and the data CSVs), by relative path."""
    names = {paths.MANIFEST_NAME, paths.GALLERY_NAME}
    for entry in manifest.get("figures", []):
        names |= {f["path"] for files in entry.get("outputs", {}).values() for f in files.values()}
        if "data" in entry:
            names.add(entry["data"]["path"])
    return names


def remove_unlisted(out_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """Delete files at the top of the output folder that no registered figure produces; return their names.

    Sub-folders (cards, which the cards command keeps) and hidden files (the build lock) are left alone."""
    listed = listed_outputs(manifest)
    removed = []
    for path in sorted(Path(out_dir).iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.name not in listed:
            path.unlink()
            removed.append(path.name)
    return removed
