"""Same figures on any machine: locked versions, fonts by path, cache keys that know their tools, verify, dist."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from analysis import paths
from analysis.build import Job, build, current_keys, job_key
from analysis.figures.registry import all_recipes
from analysis.locking import OutputFolderBusyError, exclusive
from analysis.plotting.fonts import bundled_font_dir, pin_fonts
from analysis.toolchain import OUTPUT_LIBRARIES, toolchain

LOCK_LINE = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)")
SMALL_FIGURE = "ncmec-trafficking-ratio"  # two sizes; quick to draw


def locked_versions() -> dict[str, str]:
    pins = {}
    for line in paths.LOCK_FILE.read_text().splitlines():
        match = LOCK_LINE.match(line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_lock_pins_every_dependency_with_hashes_and_is_what_is_installed() -> None:
    text = paths.LOCK_FILE.read_text()
    pins = locked_versions()
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n\n", 1)[-1])
    for block in blocks:
        if LOCK_LINE.match(block):
            assert "--hash=sha256:" in block, block.splitlines()[0]
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    direct = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    for requirement in direct:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower().replace("_", "-")
        assert name in pins, f"{name} is a dependency but not in {paths.LOCK_FILE.name}: run 'make lock'"
    for name in ("matplotlib", "fonttools", "numpy", "pandas", "pillow"):
        assert metadata.version(name) == pins[name], (
            f"{name} {metadata.version(name)} is installed, the lock says {pins[name]}: run 'make test' or "
            "'make figures', which install from the lock")


def test_the_figures_use_matplotlibs_own_dejavu_even_when_the_host_has_another(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    # A "host" DejaVu Sans that is really another design (DejaVu Serif renamed), listed before matplotlib's.
    impostor = TTFont(bundled_font_dir() / "DejaVuSerif.ttf")
    for record in impostor["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "DejaVu Sans"
    host_font = tmp_path / "DejaVuSans.ttf"
    impostor.save(host_font)
    manager = font_manager.fontManager
    manager.addfont(str(host_font))
    manager.ttflist.insert(0, manager.ttflist.pop())
    manager._findfont_cached.cache_clear()
    assert Path(font_manager.findfont("DejaVu Sans")) == host_font, "the test's impostor font was not picked up"

    pin_fonts()
    chosen = Path(font_manager.findfont("DejaVu Sans"))
    assert chosen.parent == bundled_font_dir() and chosen.name == "DejaVuSans.ttf"
    assert all(Path(entry.fname).parent == bundled_font_dir() for entry in manager.ttflist)


def test_a_build_ignores_a_host_dejavu(tmp_path: Path) -> None:
    """In a fresh process with an impostor system font registered first, the SVG is the one built here."""
    from fontTools.ttLib import TTFont

    impostor = TTFont(bundled_font_dir() / "DejaVuSerif.ttf")
    for record in impostor["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "DejaVu Sans"
    host_font = tmp_path / "DejaVuSans.ttf"
    impostor.save(host_font)
    script = (
        "import sys\n"
        "from matplotlib import font_manager as fm\n"
        f"fm.fontManager.addfont({str(host_font)!r})\n"
        "fm.fontManager.ttflist.insert(0, fm.fontManager.ttflist.pop())\n"
        "fm.fontManager._findfont_cached.cache_clear()\n"
        "from analysis.build import build\n"
        f"build(out_dir=sys.argv[1], only=[{SMALL_FIGURE!r}], languages=['en'], progress=False, jobs=1)\n"
    )
    with_impostor, plain = tmp_path / "impostor", tmp_path / "plain"
    subprocess.run([sys.executable, "-c", script, str(with_impostor)], check=True, cwd=paths.ROOT)
    build(out_dir=plain, only=[SMALL_FIGURE], languages=["en"], progress=False, jobs=1)
    for name in (f"{SMALL_FIGURE}.svg", f"{SMALL_FIGURE}.png"):
        assert (with_impostor / name).read_bytes() == (plain / name).read_bytes(), name


def test_toolchain_records_versions_the_lock_and_font_hashes() -> None:
    tools = toolchain()
    for name in OUTPUT_LIBRARIES:
        assert tools["libraries"][name] == metadata.version(name)
    assert tools["lock"] == hashlib.sha256(paths.LOCK_FILE.read_bytes()).hexdigest()
    regular = bundled_font_dir() / "DejaVuSans.ttf"
    assert tools["fonts"]["DejaVuSans.ttf"] == hashlib.sha256(regular.read_bytes()).hexdigest()
    assert {"DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"} <= set(tools["fonts"])


@pytest.mark.parametrize("change", [
    lambda t: t["libraries"].update(matplotlib="0.0.1"),
    lambda t: t["libraries"].update(fonttools="0.0.1"),
    lambda t: t.update(lock="0" * 64),
    lambda t: t["fonts"].update({"DejaVuSans.ttf": "0" * 64}),
])
def test_a_job_key_changes_with_any_tool(change, monkeypatch: pytest.MonkeyPatch) -> None:
    recipe = all_recipes()[SMALL_FIGURE]
    job = Job(SMALL_FIGURE, "report", "en")
    before = job_key(job, recipe, {"counts": "abc"})
    tools = json.loads(json.dumps(toolchain()))
    change(tools)
    monkeypatch.setattr("analysis.build.toolchain", lambda: tools)
    assert job_key(job, recipe, {"counts": "abc"}) != before


def test_committed_manifest_is_the_build_of_this_code_data_and_tools() -> None:
    manifest = json.loads((paths.FIGURES / paths.MANIFEST_NAME).read_text())
    assert manifest["tools"] == toolchain(), "figures/manifest.json was built with other tools: run 'make figures'"
    recorded = {entry["id"]: entry["keys"] for entry in manifest["figures"]}
    for recipe_id, keys in current_keys().items():
        assert recorded.get(recipe_id) == keys, (
            f"{recipe_id}: figures/manifest.json was built from other code or data: run 'make figures'")


def readme_images() -> list[str]:
    return re.findall(r"!\[[^\]]*\]\((figures/[^)]+)\)", (paths.ROOT / "README.md").read_text())


def test_readme_images_are_the_outputs_the_manifest_records() -> None:
    manifest = json.loads((paths.FIGURES / paths.MANIFEST_NAME).read_text())
    recorded = {f["path"]: f["sha256"] for e in manifest["figures"] for files in e["outputs"].values()
                for f in files.values()}
    assert readme_images()
    for image in readme_images():
        name = image.removeprefix("figures/")
        assert hashlib.sha256((paths.ROOT / image).read_bytes()).hexdigest() == recorded[name], (
            f"{image} is not the build the manifest records: run 'make figures' and commit it")


def test_only_the_manifests_and_readme_images_are_versioned_in_figures() -> None:
    if not (paths.ROOT / ".git").exists():
        pytest.fail("not a git checkout: the versioned-files rule cannot be checked")
    tracked = subprocess.run(["git", "ls-files", "figures"], cwd=paths.ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert sorted(tracked) == sorted({"figures/manifest.json", "figures/cards/cards.json", *readme_images()})


def test_verify_reports_no_difference_then_names_an_edited_output(tmp_path: Path) -> None:
    from analysis.cli import main

    out = tmp_path / "figures"
    build(out_dir=out, only=[SMALL_FIGURE], progress=False, jobs=1)
    assert main(["verify", "--figures", str(out), "--only", SMALL_FIGURE, "--no-progress", "-j", "1"]) == 0
    manifest_path = out / paths.MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    entry = next(e for e in manifest["figures"] if e["id"] == SMALL_FIGURE)
    entry["outputs"]["fr"]["slide.png"]["sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    result = subprocess.run([sys.executable, "-m", "analysis", "verify", "--figures", str(out), "--only",
                             SMALL_FIGURE, "--no-progress", "-j", "1"], capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 1
    assert f"changed                    {SMALL_FIGURE}-slide.fr.png" in result.stdout
    assert "1 output(s) differ" in result.stdout


def test_verify_without_a_manifest_is_an_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "analysis", "verify", "--figures", str(tmp_path)],
                            capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 2 and "manifest.json is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_dist_zips_the_gallery_figures_cards_and_factsheets_byte_identically(sample_build: Path,
                                                                             tmp_path: Path) -> None:
    from analysis.dist import ARCHIVE_ROOT, write_dist

    sheets = tmp_path / "factsheets"
    sheets.mkdir()
    (sheets / "ARG.es.pdf").write_bytes(b"%PDF-1.4 factsheet\n%%EOF\n")
    (sheets / "ARG.pdf").write_bytes(b"%PDF-1.4 factsheet\n%%EOF\n")
    first, count = write_dist(sample_build, sheets, tmp_path / "dist")
    names = zipfile.ZipFile(first).namelist()
    assert f"{ARCHIVE_ROOT}/index.html" in names and f"{ARCHIVE_ROOT}/manifest.json" in names
    assert f"{ARCHIVE_ROOT}/factsheets/ARG.es.pdf" in names and f"{ARCHIVE_ROOT}/factsheets/index.html" in names
    assert not any(Path(n).name.startswith(".") for n in names), "the build lock does not ship"
    built = {p.relative_to(sample_build).as_posix() for p in sample_build.rglob("*")
             if p.is_file() and not p.name.startswith(".")}
    assert {n.removeprefix(f"{ARCHIVE_ROOT}/") for n in names} >= built
    assert count == len(built) + 2
    index = zipfile.ZipFile(first).read(f"{ARCHIVE_ROOT}/factsheets/index.html").decode()
    assert 'href="ARG.es.pdf"' in index and "Argentina" in index
    again, _ = write_dist(sample_build, sheets, tmp_path / "dist2")
    assert first.read_bytes() == again.read_bytes()


def test_dist_without_a_build_is_an_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "analysis", "dist", "--figures", str(tmp_path / "none"),
                             "--out", str(tmp_path / "dist")], capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 1 and "run 'make figures' first" in result.stderr
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_a_second_build_into_the_same_folder_is_refused_naming_the_first(tmp_path: Path) -> None:
    out = tmp_path / "figures"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time\nfrom analysis.locking import exclusive\n"
                               "with exclusive(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)\n",
                               str(out)], stdout=subprocess.PIPE, text=True, cwd=paths.ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputFolderBusyError, match=rf"another build is writing to .*process {holder.pid}"):
            build(out_dir=out, only=[SMALL_FIGURE], progress=False)
        result = subprocess.run([sys.executable, "-m", "analysis", "build", "--out", str(out), "--only",
                                 SMALL_FIGURE], capture_output=True, text=True, cwd=paths.ROOT)
        assert result.returncode == 1 and f"process {holder.pid}" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
    with exclusive(out):  # released when its holder ends, however it ends
        pass


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killing_the_build_ends_its_workers(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "analysis", "build", "--out", str(tmp_path / "figures"),
                                "--force", "-j", "2", "--no-progress"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=paths.ROOT)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build started no worker processes"
    time.sleep(0.5)  # past the workers' start-up
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"worker processes {survivors} outlived the killed build"
