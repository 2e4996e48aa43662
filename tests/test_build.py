"""The build: reproducible outputs, a complete manifest, atomic writes, figures that show the data."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from analysis import paths
from analysis.atomic import write_bytes_atomic
from analysis.build import build
from analysis.catalog import Catalog
from analysis.figures.registry import all_recipes
from analysis.i18n import LANGUAGES
from analysis.plotting.layout import SIZES, house_style
from analysis.render import draw


def job_count(recipe_ids: list[str] | None = None) -> int:
    recipes = all_recipes()
    return sum(len(recipes[r].sizes) * len(LANGUAGES) for r in (recipe_ids or recipes))


# Every size, a chart and a regional panel: enough to show byte-identity and caching; every figure is built by
# `make figures` and checked against the manifest by `make verify`.
BUILD_SAMPLE = ["yrbs-bullying-trend", "treaty-status-by-region"]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = tmp_path_factory.mktemp("build1") / "figures"
    second = tmp_path_factory.mktemp("build2") / "figures"
    build(out_dir=first, only=BUILD_SAMPLE, progress=False, jobs=2)
    build(out_dir=second, only=BUILD_SAMPLE, progress=False, jobs=1)
    return first, second


def test_rebuild_is_byte_identical_with_one_or_two_workers(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        if name.endswith((".svg", ".pdf", ".csv", ".json")):
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_manifest_lists_every_figure_with_sources_and_alt_text(two_builds: tuple[Path, Path]) -> None:
    out = two_builds[0]
    manifest = json.loads((out / "manifest.json").read_text())
    entries = {e["id"]: e for e in manifest["figures"]}
    assert set(entries) == set(BUILD_SAMPLE)
    catalog = Catalog()
    for entry in entries.values():
        assert entry["sources"], entry["id"]
        for source in entry["sources"]:
            assert source["url"].startswith(("https://", "http://"))
            assert source["locators"]
        assert set(entry["text"]) == set(LANGUAGES) == set(entry["outputs"])
        for lang, text in entry["text"].items():
            assert len(text["alt_text"]) > 80, (entry["id"], lang)
            assert text["caption"] and text["title"] and text["source_line"]
        for resource, digest in entry["inputs"].items():
            if "/" in resource:  # a file outside the data package, by its path in the repository
                assert digest == hashlib.sha256((paths.ROOT / resource).read_bytes()).hexdigest()
            else:
                assert digest == catalog.sha256(resource)
        for lang, outputs in entry["outputs"].items():
            for output in outputs.values():
                blob = (out / output["path"]).read_bytes()
                assert hashlib.sha256(blob).hexdigest() == output["sha256"]
            expected = {f"report.{fmt}" for fmt in SIZES["report"].formats} | {
                f"{size}.png" for size in entry["sizes"]}
            assert set(outputs) == expected, (entry["id"], lang)
        data = entry["data"]
        assert hashlib.sha256((out / data["path"]).read_bytes()).hexdigest() == data["sha256"]


def test_alt_text_is_generated_from_the_plotted_data(two_builds: tuple[Path, Path]) -> None:
    import pandas as pd

    out = two_builds[0]
    manifest = json.loads((out / "manifest.json").read_text())
    trend = next(e for e in manifest["figures"] if e["id"] == "yrbs-bullying-trend")
    data = pd.read_csv(out / "yrbs-bullying-trend.csv")
    for row in data.itertuples():
        assert f"{row.value_pct:.1f}% in {row.year}" in trend["text"]["en"]["alt_text"]
        # French: decimal comma and the French percent sign spacing
        french = f"{row.value_pct:.1f}".replace(".", ",") + "\u00a0% en " + str(row.year)
        assert french in trend["text"]["fr"]["alt_text"]


def test_outputs_are_complete_files(two_builds: tuple[Path, Path]) -> None:
    assert_complete_outputs(two_builds[0])


def assert_complete_outputs(folder: Path) -> None:
    import matplotlib.image as mpimg

    for path in folder.iterdir():
        assert not path.name.endswith(".part"), path
        if path.suffix == ".png":
            assert mpimg.imread(path).shape[0] > 100
        elif path.suffix == ".svg":
            ET.parse(path)
        elif path.suffix == ".pdf":
            assert path.read_bytes().rstrip().endswith(b"%%EOF")
        elif path.suffix == ".json":
            json.loads(path.read_text())


def test_killed_build_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "figures"
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--out", str(out), "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and any(out.iterdir())):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert out.exists(), "the build wrote nothing before it was killed"
    assert not (out / "manifest.json").exists(), "killed before the end, yet a manifest was written"
    assert_complete_outputs(out)


def test_atomic_write_keeps_the_old_file_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "out" / "figure.svg"
    write_bytes_atomic(target, b"old")

    def failing(handle) -> None:
        handle.write(b"half of the new")
        raise RuntimeError("interrupted")

    from analysis.atomic import write_atomic

    with pytest.raises(RuntimeError):
        write_atomic(target, failing, tmp_path / "staging")
    assert target.read_bytes() == b"old"
    assert list((tmp_path / "staging").iterdir()) == []


def test_trend_figure_plots_the_data_from_zero() -> None:
    recipe = all_recipes()["yrbs-bullying-trend"]
    with house_style():
        rendered = draw(recipe, Catalog(), SIZES["report"])
    ax = rendered.figure.axes[0]
    assert ax.get_ylim()[0] == 0
    plotted = {(float(x), float(y)) for line in ax.get_lines()
               for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)}
    for row in rendered.data.itertuples():
        assert (float(row.year), row.value_pct) in plotted
    # No line crosses a missing cycle or the 2017 rewording of the electronic-bullying item.
    for line in (ln for ln in ax.get_lines() if ln.get_marker() == "o"):
        xs = [float(x) for x in line.get_xdata()]
        assert all(b - a == 2 for a, b in zip(xs, xs[1:], strict=False)), xs
        assert not (min(xs, default=0) < 2017 <= max(xs, default=0) and line.get_color() == "#0072B2")
    texts = [t.get_text() for t in rendered.figure.texts]
    assert texts[0] in recipe.title_for(rendered.data)  # the first line of the finding the title states
    assert any(t.startswith(("Source: ", "Sources: ")) for t in texts)


def test_committed_manifest_describes_every_figure_in_every_language() -> None:
    """The manifest `make figures` wrote (versioned): every recipe, language and size, with its words."""
    manifest = json.loads((paths.FIGURES / paths.MANIFEST_NAME).read_text())
    entries = {e["id"]: e for e in manifest["figures"]}
    assert set(entries) == set(all_recipes()), "figures/manifest.json is stale: run 'make figures'"
    for entry in entries.values():
        assert entry["sources"] and set(entry["text"]) == set(LANGUAGES) == set(entry["outputs"]), entry["id"]
        for lang, text in entry["text"].items():
            assert len(text["alt_text"]) > 80 and text["title"] and text["source_line"], (entry["id"], lang)
            assert set(entry["outputs"][lang]) == {f"report.{fmt}" for fmt in SIZES["report"].formats} | {
                f"{size}.png" for size in entry["sizes"]}, (entry["id"], lang)


def test_a_build_removes_outputs_no_figure_produces(two_builds: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "figures"
    shutil.copytree(two_builds[0], out)
    (out / "treaty-status-by-region-square.png").write_bytes(b"left over from an older build")
    (out / ".build.lock").write_text("")
    (out / "cards").mkdir()
    (out / "cards" / "kept.png").write_bytes(b"the cards command keeps its own folder")
    result = build(out_dir=out, only=["yrbs-bullying-trend"], progress=False)
    assert result["stats"]["removed"] == ["treaty-status-by-region-square.png"]
    assert not (out / "treaty-status-by-region-square.png").exists()
    assert (out / ".build.lock").exists() and (out / "cards" / "kept.png").exists()
    assert result["stats"]["rendered"] == 0
    assert {p.name for p in out.iterdir()} == {p.name for p in two_builds[0].iterdir()} | {".build.lock", "cards"}


def test_unchanged_rebuild_renders_nothing_and_force_renders_all(two_builds: tuple[Path, Path],
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "figures"
    shutil.copytree(two_builds[0], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    again = build(out_dir=out, only=BUILD_SAMPLE, progress=False)
    assert again["stats"]["rendered"] == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    forced = build(out_dir=out, only=["yrbs-bullying-trend"], progress=False, force=True)
    assert forced["stats"]["rendered"] == job_count(["yrbs-bullying-trend"])


def test_changed_input_or_damaged_output_is_rebuilt(two_builds: tuple[Path, Path], tmp_path: Path,
                                                    package_copy: Path) -> None:
    out = tmp_path / "figures"
    shutil.copytree(two_builds[0], out)
    catalog = Catalog(package_copy)
    assert build(catalog, out, only=BUILD_SAMPLE, progress=False)["stats"]["rendered"] == 0
    (out / "yrbs-bullying-trend.svg").write_text("edited by hand")
    assert build(catalog, out, only=BUILD_SAMPLE, progress=False, jobs=1)["stats"]["rendered"] == 1
    (out / "yrbs-bullying-trend-story.pt.png").unlink()
    assert build(catalog, out, only=BUILD_SAMPLE, progress=False, jobs=1)["stats"]["rendered"] == 1
    sources = package_copy.parent / "sources.csv"
    sources.write_text(sources.read_text().replace("2026-11-22", "2026-11-21", 1))
    some = ["yrbs-bullying-trend", "treaty-status-by-region"]
    rebuilt = build(catalog, out, only=some, progress=False)
    assert rebuilt["stats"]["rendered"] == job_count(some)


def test_cache_key_covers_all_shared_code_but_not_other_recipes() -> None:
    from analysis.build import shared_code_files

    shared = shared_code_files()
    for module in ("claims.py", "render.py", "catalog.py", "validate.py", "plotting/layout.py",
                   "plotting/house.mplstyle", "stats/proportions.py", "figures/registry.py", "i18n/messages.csv"):
        assert module in shared, module
    assert not any(f.startswith(("figures/cyberbullying", "figures/claims", "benchmark/", "gallery.py",
                                 "refresh.py", "upstreams/")) for f in shared)
