"""The command line answers fast: help and list import no plotting or statistics library."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("matplotlib", "pandas", "numpy", "seaborn", "statsmodels", "scipy", "frictionless")


def imported_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "analysis", *args],
                            capture_output=True, text=True, check=False)
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return result, modules


def test_help_imports_no_heavy_library() -> None:
    result, modules = imported_modules("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "validate" in result.stdout and "list" in result.stdout
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_list_names_every_figure_without_heavy_imports() -> None:
    from analysis.figures.registry import all_recipes

    result, modules = imported_modules("list")
    assert result.returncode == 0, result.stderr
    for recipe_id in all_recipes():
        assert recipe_id in result.stdout
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_unknown_figure_id_is_a_clear_error(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--only", "no-such-figure", "--out",
         str(tmp_path / "out"), "--no-progress"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "unknown figure id(s): no-such-figure" in result.stderr
