"""The benchmark runs end to end (on one figure, one country and one test, so that it cannot silently break)."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from analysis.benchmark.run import PAIRS, TARGETS, main

README_TEST = "tests/test_makefile.py::test_readme_opens_with_the_two_commands"  # one quick test, one module


def test_bench_measures_every_target_and_writes_its_results(tmp_path: Path, capsys) -> None:
    results = tmp_path / "results.json"
    assert main(["--only", "ncmec-trafficking-ratio", "--countries", "ISL",
                 "--tests", README_TEST, "--results", str(results)]) == 0
    report = json.loads(results.read_text())
    assert set(report["targets"]) == set(TARGETS)
    for name, check in report["targets"].items():
        assert check["value"] > 0 and isinstance(check["met"], bool), name
        assert check["met"] == (check["value"] <= TARGETS[name][1] if TARGETS[name][0] == "<=" else
                                check["value"] < TARGETS[name][1]), name
    measured = report["measured"]
    assert len(measured["build_1_worker_runs_s"]) == len(measured["baseline_bare_matplotlib_runs_s"]) == PAIRS
    for name in ("build_1_worker", "baseline_bare_matplotlib"):
        assert measured[f"{name}_s"] == round(statistics.median(measured[f"{name}_runs_s"]), 3), name
    assert measured["build_1_worker_over_baseline"] == round(
        measured["build_1_worker_s"] / measured["baseline_bare_matplotlib_s"], 3)
    assert report["scope"] == ("figures ncmec-trafficking-ratio; factsheets ISL; "
                               f"tests {README_TEST}")
    out = capsys.readouterr().out
    assert "no_change_rebuild_s" in out and f"written {results}" in out
