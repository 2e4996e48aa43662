"""Research notebooks: paired with jupytext scripts, stripped of outputs, and executed from the checkout."""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext
import nbformat
import pytest

from analysis import paths

NOTEBOOKS = paths.ROOT / "notebooks"
SCRIPTS = sorted(NOTEBOOKS.glob("*.py"))
# Parameters that differ from each notebook's defaults, so execution exercises the parameters cell.
PARAMETERS: dict[str, dict[str, object]] = {
    "claims_audit": {"statuses": ["contradicted"]},
    "cyberbullying": {"area": "GB-SCT", "year": 2018},
    "legal_coverage": {"country": "USA"},
    "missing_children": {"country": "ARG"},
}


def code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_every_notebook_is_paired_with_a_percent_script() -> None:
    notebooks = {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    assert notebooks and notebooks == {p.stem for p in SCRIPTS}
    for script in SCRIPTS:
        text = script.read_text(encoding="utf-8")
        assert "format_name: percent" in text and "formats: ipynb,py:percent" in text, script.name


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_notebook_matches_its_script_and_has_no_outputs(script: Path) -> None:
    stored = nbformat.read(script.with_suffix(".ipynb"), as_version=4)
    for cell in stored.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{script.stem}: outputs not stripped"
    paired = jupytext.read(script)
    def cells(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
        return [(c.cell_type, c.source) for c in nb.cells]

    assert cells(stored) == cells(paired), (
        f"{script.stem}.ipynb and {script.name} differ; run `jupytext --sync notebooks/{script.name}`")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_notebook_defines_no_reusable_logic(script: Path) -> None:
    tree = ast.parse("\n".join(code_cells(jupytext.read(script))))
    defined = [node.name for node in ast.walk(tree)
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
    assert defined == [], f"{script.name} defines {defined}; move them into analysis/"
    imports = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    imports |= {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    assert "analysis" in imports


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_notebook_has_a_papermill_parameters_cell(script: Path) -> None:
    tagged = [c for c in jupytext.read(script).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{script.name} needs exactly one cell tagged 'parameters'"
    names = set()
    for node in ast.walk(ast.parse(tagged[0].source)):
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    assert set(PARAMETERS.get(script.stem, {})) <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_notebook_executes(script: Path, tmp_path: Path) -> None:
    import papermill

    out = tmp_path / f"{script.stem}.ipynb"
    papermill.execute_notebook(str(script.with_suffix(".ipynb")), str(out), kernel_name="python3",
                               parameters=PARAMETERS.get(script.stem, {}), cwd=str(NOTEBOOKS),
                               progress_bar=False)
    executed = nbformat.read(out, as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, f"{script.stem} drew no figure"


def test_claims_notebook_parameters_filter_the_table(tmp_path: Path) -> None:
    import papermill

    out = tmp_path / "claims.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "claims_audit.ipynb"), str(out), kernel_name="python3",
                               parameters={"statuses": ["contradicted"]}, cwd=str(NOTEBOOKS),
                               progress_bar=False)
    executed = nbformat.read(out, as_version=4)
    first_table = next(o for c in executed.cells if c.cell_type == "code" for o in c.outputs
                       if o.output_type == "execute_result")
    text = first_table["data"]["text/plain"]
    assert "S04" in text and "S01" not in text


def test_cyberbullying_notebook_shows_the_chosen_area(tmp_path: Path) -> None:
    import papermill

    out = tmp_path / "cyberbullying.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "cyberbullying.ipynb"), str(out), kernel_name="python3",
                               parameters={"area": "GB-SCT", "year": 2018}, cwd=str(NOTEBOOKS), progress_bar=False)
    texts = [str(o.get("data", {}).get("text/markdown", "")) for c in nbformat.read(out, as_version=4).cells
             if c.cell_type == "code" for o in c.outputs]
    assert "**Scotland, HBSC 2018**, % cyberbullied in the past couple of months" in texts


def test_legal_notebook_looks_up_the_chosen_country(tmp_path: Path) -> None:
    import papermill

    out = tmp_path / "legal.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "legal_coverage.ipynb"), str(out), kernel_name="python3",
                               parameters={"country": "USA"}, cwd=str(NOTEBOOKS), progress_bar=False)
    texts = " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in nbformat.read(out, as_version=4).cells
                     if c.cell_type == "code" for o in c.outputs)
    assert "**United States**: party, ratification on 2002-12-23" in texts


def test_missing_children_notebook_lists_the_chosen_countrys_own_series(tmp_path: Path) -> None:
    import papermill

    out = tmp_path / "missing.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "missing_children.ipynb"), str(out), kernel_name="python3",
                               parameters={"country": "ARG"}, cwd=str(NOTEBOOKS), progress_bar=False)
    texts = " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in nbformat.read(out, as_version=4).cells
                     if c.cell_type == "code" for o in c.outputs)
    assert "**Argentina**: 1 official count series in the package, 2 values" in texts
    assert "Searches for missing children entered in Argentina's national registry (RNIPME)" in texts
    assert "NCIC" not in texts, "a US series on Argentina's list"
