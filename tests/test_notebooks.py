"""Every notebook in notebooks/ runs top to bottom without an error.

The notebooks are executed with nbclient in a kernel that runs *this* interpreter: a kernel
spec pointing at ``sys.executable`` is written to a temporary folder and put on
``JUPYTER_PATH``, so the test needs no ``ipykernel install`` on the machine and never picks
up a ``python3`` kernel of some other environment (one without ``pipeline`` installed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
kernelspec = pytest.importorskip("ipykernel.kernelspec")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
KERNEL_NAME = "vanban-python"
CELL_TIMEOUT = 300

SCORE_COLUMNS = ["measure", "value", "precision", "recall", "counts"]
SCORE_FIGURES = {
    "sections",
    "tasks",
    "assignees",
    "assignees_with_role",
    "references",
    "named_references",
    "graph_edges",
    "implements_edges",
    "deadlines",
    "reference_dates",
    "meta.doc_type",
    "meta.number_symbol",
    "meta.date",
    "meta.issuer",
    "meta.jurisdiction",
    "meta.title",
    "meta.signer",
}

# Run in the kernel after the notebook's own cells: the score tables as JSON.
PROBE = """
import json as _json
def _table(df):
    return None if df is None else {"columns": list(df.columns), "index": list(df.index),
                                    "values": [float(v) for v in df["value"]]}
print(_json.dumps({"scores": _table(scores), "dev_scores": _table(globals().get("dev_scores"))}))
"""


@pytest.fixture(scope="session")
def kernel_name(tmp_path_factory: pytest.TempPathFactory):
    """A kernel spec for the current interpreter, visible to jupyter_client through JUPYTER_PATH."""
    data_dir = tmp_path_factory.mktemp("jupyter")
    kernelspec.write_kernel_spec(
        data_dir / "kernels" / KERNEL_NAME,
        overrides={"display_name": f"vanban tests ({sys.executable})"},
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(data_dir))
        yield KERNEL_NAME


def _stream_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def test_notebooks_exist():
    assert NOTEBOOKS, "no notebook in notebooks/"


def _has_scores(nb) -> bool:
    return any("scores" in c.metadata.get("tags", []) for c in nb.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, kernel_name: str):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        f"{path.name} is committed with outputs: clear them"
    )
    # a notebook with a cell tagged "scores" (evaluation.ipynb must have one) gets its tables checked
    check_scores = _has_scores(nb)
    assert check_scores or path.name != "evaluation.ipynb", "evaluation.ipynb has no cell tagged 'scores'"
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=kernel_name,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    probe = nbformat.v4.new_code_cell(PROBE)
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)  # raises CellExecutionError on the first failing cell
        if check_scores:
            nb.cells.append(probe)
            client.execute_cell(probe, len(nb.cells) - 1)

    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"
    ]
    assert not errors, f"{path.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    if not check_scores:
        return

    scores_cell = next(c for c in nb.cells if "scores" in c.metadata.get("tags", []))
    assert any(o.get("output_type") == "execute_result" for o in scores_cell.outputs), (
        "the scores cell shows no table"
    )
    tables = json.loads(_stream_text(probe).strip().splitlines()[-1])
    for name in ("scores", "dev_scores"):
        table = tables[name]
        if table is None:
            assert name == "dev_scores", "the bundled corpus was not scored"
            continue
        assert table["columns"] == SCORE_COLUMNS, f"{name}: columns {table['columns']}"
        assert set(table["index"]) == SCORE_FIGURES, f"{name}: figures {table['index']}"
        assert all(0.0 <= v <= 1.0 for v in table["values"]), f"{name}: values {table['values']}"
