"""Batch engines and worker limits: the Dask engine gives the local engine's records,
and a document over its time limit is recorded with the limit it hit."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.batch import Limits, run_batch
from tests.conftest import REPO


def _records(out: Path) -> dict[str, dict]:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(r["source"]["path"]).name: r for r in map(json.loads, lines)}


def test_dask_engine_matches_local(tmp_path: Path) -> None:
    local = run_batch([REPO / "corpus"], tmp_path / "local")
    dask = run_batch([REPO / "corpus"], tmp_path / "dask", engine="dask")
    assert local.processed == dask.processed == 5
    a, b = _records(tmp_path / "local"), _records(tmp_path / "dask")
    assert {k: v["doc_id"] for k, v in a.items()} == {k: v["doc_id"] for k, v in b.items()}
    assert {k: len(v["tasks"]) for k, v in a.items()} == {k: len(v["tasks"]) for k, v in b.items()}


def test_time_limit_is_recorded(tmp_path: Path) -> None:
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    big.write_text((REPO / "corpus" / "001_47bec7b1f90f71d7.txt").read_text(encoding="utf-8") * 200, encoding="utf-8")
    stats = run_batch([big.parent], tmp_path / "out", limits=Limits(seconds=0.05))
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert stats.errors == 1 and errors[0]["error"] == "time_limit"
    assert "0.05 s limit" in errors[0]["detail"]


def test_second_run_into_a_busy_folder_is_refused(tmp_path: Path) -> None:
    import pytest

    from pipeline.batch import OutputBusy, OutputFolder

    first = OutputFolder(tmp_path / "out")
    try:
        with pytest.raises(OutputBusy, match="another vanban run"):
            OutputFolder(tmp_path / "out")
    finally:
        first.close()
    OutputFolder(tmp_path / "out").close()  # free again once the first run closed
