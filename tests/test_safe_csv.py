"""Exports cannot attack their readers: formula-like text is neutralised in every CSV the project writes."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.render import data_csv_bytes
from analysis.safe_csv import frame_to_csv, is_formula_like, records_to_csv
from tests.corpus.edits import set_cell

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\tTAB=1", "\rCR=1"]


def read_back(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_is_recognised(value: str) -> None:
    assert is_formula_like(value)


@pytest.mark.parametrize("value", ["-3", "-3.25", "+4", "-1e-05", "plain", "a=b", "", -3, -2.5, None])
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert not is_formula_like(value)


def test_figure_data_csv_neutralises_text_and_keeps_numbers() -> None:
    frame = pd.DataFrame({"label": [*HOSTILE, "Côte d'Ivoire", "-7"],
                          "value": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, 7.0, -8.25]})
    text = data_csv_bytes(frame).decode("utf-8")
    rows = read_back(text)
    assert [r["label"] for r in rows] == ["'" + v for v in HOSTILE] + ["Côte d'Ivoire", "-7"]
    assert [r["value"] for r in rows] == ["-1.5", "2", "-3", "4", "5", "6", "7", "-8.25"]
    assert '"\'=HYPERLINK(""http://evil.example"",""click"")"' in text  # prefixed and quoted, as OWASP says
    assert "\n\"'@SUM(A1:A9)\",4\n" in text


def test_frame_without_formula_like_cells_is_written_as_before() -> None:
    frame = pd.DataFrame({"area": ["ARG", "BRA"], "value_pct": [12.3456789, -0.5], "n": [10, 20]})
    assert frame_to_csv(frame, lineterminator="\n", float_format="%.6g") == frame.to_csv(
        index=False, lineterminator="\n", float_format="%.6g")


def test_records_to_csv_neutralises_and_ignores_extra_keys() -> None:
    text = records_to_csv(["a", "b"], [{"a": "=1+1", "b": -4, "c": "x"}, {"a": "ok", "b": None}])
    assert read_back(text) == [{"a": "'=1+1", "b": "-4"}, {"a": "ok", "b": ""}]


def test_claims_csv_export_neutralises_a_hostile_label(package_copy: Path) -> None:
    set_cell(package_copy, "claims.csv", 0, "short_label", "=cmd|' /C calc'!A0")
    command = [sys.executable, "-m", "analysis", "--data", str(package_copy), "claims", "--format", "csv"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    rows = read_back(result.stdout)
    assert rows[0]["short_label"] == "'=cmd|' /C calc'!A0"
    assert all(not r[k].startswith(("=", "+", "@")) for r in rows for k in r)
