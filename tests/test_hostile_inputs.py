"""Every kind in the corpus is refused with a file/row/column message, or accepted and loaded as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.catalog import Catalog
from analysis.validate import Problem, validate_package
from tests.corpus.kinds import KINDS, Accepted, Refused

TREES = (paths.ROOT / "datasets", paths.FIGURES)


def fingerprint() -> list[tuple[str, int, int]]:
    """Every file under datasets/ and figures/ with its size and modification time."""
    found = []
    for tree in TREES:
        for path in sorted(tree.rglob("*")) if tree.exists() else []:
            if path.is_file():
                stat = path.stat()
                found.append((str(path.relative_to(paths.ROOT)), stat.st_size, stat.st_mtime_ns))
    return found


def matches(problem: Problem, expected: Refused) -> bool:
    return (expected.file in problem.path
            and (expected.row is None or problem.row == expected.row)
            and (expected.column is None or problem.column == expected.column)
            and expected.words in problem.message)


def test_corpus_is_large_enough() -> None:
    assert len(KINDS) >= 60


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind(name: str, package_copy: Path) -> None:
    before = fingerprint()
    expected = KINDS[name](package_copy)
    problems = validate_package(package_copy)
    text = "\n".join(str(p) for p in problems)
    if isinstance(expected, Refused):
        assert any(matches(p, expected) for p in problems), f"expected {expected} in:\n{text}"
        for secret in expected.absent:
            assert secret not in text
        if expected.most is not None:
            assert len(problems) <= expected.most, text
        assert all(p.path and p.message for p in problems)
    else:
        assert isinstance(expected, Accepted)
        assert problems == [], text
        frame = Catalog(package_copy).load(expected.resource, validate=False)
        assert frame[expected.column].iloc[expected.index] == expected.value
    assert fingerprint() == before


@pytest.mark.parametrize("name", ["utf8_bom", "resource_path_traversal", "symlinked_csv", "directory_instead_of_csv",
                                  "resource_without_path", "latin1_file", "invalid_json_descriptor"])
def test_cli_reports_hostile_input_without_traceback(name: str, package_copy: Path) -> None:
    KINDS[name](package_copy)
    result = subprocess.run([sys.executable, "-m", "analysis", "--data", str(package_copy), "validate"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "problem(s)" in result.stderr
    assert "root:" not in result.stderr and "TOP-SECRET" not in result.stderr


def test_catalog_load_refuses_a_hostile_package(package_copy: Path) -> None:
    from analysis.validate import DataPackageError

    KINDS["resource_path_traversal"](package_copy)
    with pytest.raises(DataPackageError, match="refused as unsafe"):
        Catalog(package_copy).load("sources")


def test_escaped_dollar_is_drawn_as_text_and_unescaped_is_what_mathtext_would_parse() -> None:
    from matplotlib.text import Text

    assert Text()._preprocess_math("US\\$5 to US\\$10") == ("US$5 to US$10", False)
    assert Text()._preprocess_math("US$5 to US$10") == ("US$5 to US$10", True)  # refused by the validator


def test_cached_validation_is_reused_and_invalidated_by_a_change(package_copy: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.validate
    from analysis.validation import cache

    assert validate_package(package_copy) == []
    with monkeypatch.context() as patch:
        patch.setattr(analysis.validate, "_validate", lambda *_: pytest.fail("not taken from the cache"))
        assert validate_package(package_copy) == []
    path = package_copy.parent / "counts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",exact,", ",exactly,", 1), encoding="utf-8")
    assert any(p.column == "value_status" and "'exactly'" in p.message for p in validate_package(package_copy))
    assert cache.directory().is_dir() and any(cache.directory().glob("package-*.json"))
