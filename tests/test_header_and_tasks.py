"""Header parser and task assembly measured on the bundled corpus and its gold.

The expected values come from the gold annotation files (data), never from code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.document import process_file
from pipeline.evaluate import agency_key, dice, jur_key, norm, ns_key
from tests.conftest import REPO

SEEDS = sorted((REPO / "corpus").glob("*.txt"))


def _gold(path: Path) -> dict:
    return json.loads((REPO / "annotations" / f"{path.stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_meta_matches_gold(path: Path) -> None:
    gold, meta = _gold(path)["meta"], process_file(path).meta
    assert norm(meta.doc_type) == norm(gold["doc_type"])
    assert ns_key(meta.number_symbol) == ns_key(gold["number_symbol"])
    assert norm(meta.date) == norm(gold["date"])
    assert agency_key(meta.issuer.name) == agency_key(gold["issuer"]["name"])
    assert jur_key(meta.jurisdiction) == jur_key(gold["jurisdiction"])
    assert dice(gold["title"], meta.title) >= 0.9
    assert norm(meta.signer.name) == norm(gold["signer"]["name"])


def test_seed_figures(tmp_path: Path) -> None:
    """Issue figures on the seed gold: tasks and assignees F1 ≥ 0.95, deadlines ≥ 0.95."""
    from pipeline.batch import run_batch
    from pipeline.evaluate import evaluate

    run_batch([REPO / "corpus"], tmp_path)
    res = evaluate(REPO / "annotations", tmp_path, {p.stem for p in SEEDS})
    assert res["sections"]["f1"] >= 0.95
    assert res["tasks"]["f1"] >= 0.95
    assert res["assignees"]["f1"] >= 0.95
    assert res["deadlines"]["acc"] >= 0.95
    assert res["references"]["f1"] >= 0.98
    assert res["graph_edges"]["f1"] == 1.0 and res["implements_edges"]["f1"] == 1.0
    assert all(row["acc"] >= 0.95 for row in res["meta"].values())
