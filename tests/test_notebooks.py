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


@pytest.fixture(scope="session")
def executed(tmp_path_factory: pytest.TempPathFactory):
    """Each notebook run once with its PARAMETERS (papermill), shared by the tests that read its outputs."""
    runs: dict[str, nbformat.NotebookNode] = {}

    def run(stem: str) -> nbformat.NotebookNode:
        if stem not in runs:
            import papermill

            out = tmp_path_factory.mktemp("notebooks") / f"{stem}.ipynb"
            papermill.execute_notebook(str(NOTEBOOKS / f"{stem}.ipynb"), str(out), kernel_name="python3",
                                       parameters=PARAMETERS.get(stem, {}), cwd=str(NOTEBOOKS), progress_bar=False)
            runs[stem] = nbformat.read(out, as_version=4)
        return runs[stem]

    return run


def markdown_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    return [str(o.get("data", {}).get("text/markdown", "")) for c in notebook.cells if c.cell_type == "code"
            for o in c.outputs]


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
def test_notebook_executes(script: Path, executed) -> None:
    executed = executed(script.stem)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, f"{script.stem} drew no figure"


def test_claims_notebook_parameters_filter_the_table(executed) -> None:
    assert PARAMETERS["claims_audit"] == {"statuses": ["contradicted"]}
    executed = executed("claims_audit")
    first_table = next(o for c in executed.cells if c.cell_type == "code" for o in c.outputs
                       if o.output_type == "execute_result")
    text = first_table["data"]["text/plain"]
    assert "S04" in text and "S01" not in text


def test_cyberbullying_notebook_shows_the_chosen_area(executed) -> None:
    assert PARAMETERS["cyberbullying"] == {"area": "GB-SCT", "year": 2018}
    texts = markdown_outputs(executed("cyberbullying"))
    assert "**Scotland, HBSC 2018**, % cyberbullied in the past couple of months" in texts
    # the world section: the parent state's value in UNICEF's table, read here straight from the CSV
    import pandas as pd

    from analysis.i18n import percent

    rows = pd.read_csv(paths.DATASETS / "bullying_global.csv")
    gbr = rows[(rows["indicator_id"] == "sowc2023_bullied_13_15") & (rows["area"] == "GBR")].set_index("sex")
    world = next(t for t in texts if "Students aged 13-15 bullied" in t)
    assert f"girls {percent(gbr.loc['female', 'value_pct'])}" in world
    assert f"boys {percent(gbr.loc['male', 'value_pct'])}" in world and "median of Europe" in world


def test_legal_notebook_looks_up_the_chosen_country(executed) -> None:
    assert PARAMETERS["legal_coverage"] == {"country": "USA"}
    texts = " ".join(markdown_outputs(executed("legal_coverage")))
    assert "**United States**: party, ratification on 2002-12-23" in texts


def test_missing_children_notebook_lists_the_chosen_countrys_own_series(executed) -> None:
    assert PARAMETERS["missing_children"] == {"country": "ARG"}
    texts = " ".join(markdown_outputs(executed("missing_children")))
    assert "**Argentina**: 1 official count series in the package, 2 values" in texts
    assert "Searches for missing children entered in Argentina's national registry (RNIPME)" in texts
    assert "NCIC" not in texts, "a US series on Argentina's list"
