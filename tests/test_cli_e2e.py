"""End to end through the command line (SPEC section 1): `vanban run`, `eval`, `show`, `schema`.

Runs the real console entry point in a subprocess over the bundled corpus (five seed
.txt files) and over ../shared/corpus (skipped with a clear reason when absent).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipeline.models import document_schema

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
OUTPUTS = (
    "documents.jsonl",
    "errors.jsonl",
    "tasks.jsonl",
    "manifest.json",
    "graph/nodes.jsonl",
    "graph/edges.jsonl",
    "graph/graph.graphml",
)
# Site chrome of the legal portal some Markdown files were crawled from.
CHROME = (
    "THƯ VIỆN PHÁP LUẬT",
    "Đăng nhập",
    "Đăng xuất",
    "Tài khoản",
    "13/2023/NĐ-CP, chúng tôi",
    "Văn bản liên quan",
    "Quý khách",
    "Quý Thành viên",
)


def vanban(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("e2e") / "out"
    return vanban("run", "corpus/", "--out", str(out)), out


@pytest.fixture(scope="module")
def seed_docs(seed_run: tuple[subprocess.CompletedProcess[str], Path]) -> list[dict[str, Any]]:
    proc, out = seed_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    return records(out / "documents.jsonl")


def test_bundled_corpus_has_five_seeds() -> None:
    assert len(SEEDS) == 5


def test_run_exits_zero_and_writes_every_output(
    seed_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    proc, out = seed_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in OUTPUTS:
        assert (out / name).is_file(), f"{name} missing"


def test_one_line_per_seed_and_nothing_else(
    seed_run: tuple[subprocess.CompletedProcess[str], Path], seed_docs: list[dict[str, Any]]
) -> None:
    _, out = seed_run
    paths = sorted(Path(d["source"]["path"]).name for d in seed_docs)
    assert paths == [p.name for p in SEEDS], "documents.jsonl should hold exactly the five seed documents"
    assert records(out / "errors.jsonl") == []


def test_records_validate_against_schema(seed_docs: list[dict[str, Any]]) -> None:
    schema = document_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for doc in seed_docs:
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert not problems, f"{doc['source']['path']}: {problems[:5]}"


def test_manifest_counts_add_up(seed_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = seed_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["inputs"] == counts["processed"] + counts["skipped_already_done"] + counts["errors"]
    assert counts["processed"] == len(records(out / "documents.jsonl"))
    assert counts["errors"] == len(records(out / "errors.jsonl"))
    assert counts["inputs"] == len(SEEDS)
    assert set(manifest["inputs"].values()) == {hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS}


def test_tasks_jsonl_flattens_every_task(
    seed_run: tuple[subprocess.CompletedProcess[str], Path], seed_docs: list[dict[str, Any]]
) -> None:
    _, out = seed_run
    tasks = records(out / "tasks.jsonl")
    assert len(tasks) == sum(len(d["tasks"]) for d in seed_docs) > 0
    ids = {d["doc_id"] for d in seed_docs}
    assert all(t["doc_id"] in ids and "meta" in t for t in tasks)
    assert len({t["task_id"] for t in tasks}) == len(tasks), "task_id must be unique"


def test_graph_nodes_cover_documents(
    seed_run: tuple[subprocess.CompletedProcess[str], Path], seed_docs: list[dict[str, Any]]
) -> None:
    _, out = seed_run
    nodes = records(out / "graph" / "nodes.jsonl")
    in_corpus = {n.get("doc_id") for n in nodes if n.get("in_corpus")}
    assert {d["doc_id"] for d in seed_docs} <= in_corpus
    keys = {n["key"] for n in nodes}
    for edge in records(out / "graph" / "edges.jsonl"):
        assert edge["source"] in keys and edge["target"] in keys
    assert (out / "graph" / "graph.graphml").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_doc_id_is_hash_of_text(seed_docs: list[dict[str, Any]]) -> None:
    for doc in seed_docs:
        assert doc["doc_id"] == hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()[:16]
        assert (
            doc["source"]["sha256"] == hashlib.sha256((REPO / doc["source"]["path"]).read_bytes()).hexdigest()
        )


def test_offsets_index_into_text(seed_docs: list[dict[str, Any]]) -> None:
    for doc in seed_docs:
        n = len(doc["text"])
        for kind in ("sections", "entities", "references", "tasks"):
            for item in doc[kind]:
                assert 0 <= item["start"] <= item["end"] <= n, (doc["source"]["path"], kind, item)


def test_sections_start_at_their_marker(seed_docs: list[dict[str, Any]]) -> None:
    for doc in seed_docs:
        text = doc["text"]
        assert doc["sections"], doc["source"]["path"]
        for section in doc["sections"]:
            at = text[section["start"] : section["start"] + len(section["marker"])]
            assert at == section["marker"], (doc["source"]["path"], section["id"], section["marker"], at)


def test_entities_quote_the_text(seed_docs: list[dict[str, Any]]) -> None:
    for doc in seed_docs:
        for entity in doc["entities"]:
            assert doc["text"][entity["start"] : entity["end"]] == entity["text"], (
                doc["source"]["path"],
                entity,
            )


def test_rerun_is_resumed_without_new_lines(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = vanban("run", "corpus/", "--out", str(out))
    assert first.returncode == 0, first.stderr[-3000:]
    before = {name: (out / name).read_text(encoding="utf-8") for name in ("documents.jsonl", "errors.jsonl")}
    again = vanban("run", "corpus/", "--out", str(out))
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"{len(SEEDS)} already done" in again.stderr
    for name, content in before.items():
        assert len((out / name).read_text(encoding="utf-8").splitlines()) == len(content.splitlines()), name
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["skipped_already_done"] == len(SEEDS) and counts["processed"] == 0
    assert "another build" not in again.stderr


def test_resume_warns_when_another_build_wrote_the_folder(tmp_path: Path) -> None:
    """Skipped inputs keep the records of the build that wrote them: say so."""
    out = tmp_path / "out"
    assert vanban("run", "corpus/", "--out", str(out)).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["build"]) == 16
    manifest["build"] = "0" * 16
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    again = vanban("run", "corpus/", "--out", str(out))
    assert again.returncode == 0
    assert "written by another build of vanban (0000000000000000)" in again.stderr


def test_resume_after_crash_mid_write(tmp_path: Path) -> None:
    """A run killed while writing leaves a torn last line; the next run must recover every input."""
    out = tmp_path / "out"
    assert vanban("run", "corpus/", "--out", str(out)).returncode == 0
    path = out / "documents.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:2]) + lines[2][:200], encoding="utf-8")  # crash in the 3rd record
    again = vanban("run", "corpus/", "--out", str(out))
    assert again.returncode == 0, again.stderr[-3000:]
    docs = records_tolerant(path)
    names = sorted(Path(d["source"]["path"]).name for d in docs)
    assert names == [p.name for p in SEEDS], f"after resume documents.jsonl holds {names}"


def records_tolerant(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def test_eval_writes_eval_json(seed_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = seed_run
    assert proc.returncode == 0
    result = vanban("eval", "--gold", "annotations", "--pred", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip()
    scores = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert isinstance(scores, dict) and scores


def test_eval_without_run_fails_clearly(tmp_path: Path) -> None:
    result = vanban("eval", "--gold", "annotations", "--pred", str(tmp_path))
    assert result.returncode == 2 and "documents.jsonl" in result.stderr


def test_show_prints_title(seed_docs: list[dict[str, Any]]) -> None:
    doc = next(d for d in seed_docs if d["meta"]["title"])
    result = vanban("show", doc["source"]["path"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert doc["meta"]["title"] in result.stdout
    assert doc["doc_id"] in result.stdout


def test_schema_prints_valid_json_schema() -> None:
    result = vanban("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == json.loads(json.dumps(document_schema(), ensure_ascii=False))


# ------------------------------------------------------------------ ../shared/corpus


@pytest.fixture(scope="module")
def shared_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    from conftest import shared_path

    corpus = shared_path("corpus")
    out = tmp_path_factory.mktemp("shared") / "out"
    return (
        corpus,
        out,
        vanban("run", str(corpus), "--out", str(out), "--workers", "2", "--no-ocr", timeout=240),
    )


def _shared_inputs(corpus: Path) -> set[str]:
    from pipeline.read import EXTENSIONS

    return {
        str(p)
        for p in corpus.rglob("*")
        if p.suffix.lower() in EXTENSIONS
        and not p.name.startswith(".")
        and not p.name.upper().startswith("README")
    }


def test_shared_corpus_every_input_once(
    shared_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    corpus, out, proc = shared_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    paths = [d["source"]["path"] for d in records(out / "documents.jsonl")]
    paths += [e["path"] for e in records(out / "errors.jsonl")]
    assert len(paths) == len(set(paths)), "an input is recorded twice"
    assert set(paths) == _shared_inputs(corpus)
    for error in records(out / "errors.jsonl"):
        assert error["error"] and error["detail"] and "\n" not in error["detail"]


def test_shared_corpus_valid_records(shared_run: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    _, out, proc = shared_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    validator = jsonschema.Draft202012Validator(document_schema())
    for doc in records(out / "documents.jsonl"):
        assert not list(validator.iter_errors(doc)), doc["source"]["path"]
        assert doc["doc_id"] == hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()[:16]
        n = len(doc["text"])
        for kind in ("sections", "entities", "references", "tasks"):
            for item in doc[kind]:
                assert 0 <= item["start"] <= item["end"] <= n, (doc["source"]["path"], kind, item)


def test_shared_corpus_no_site_chrome(
    shared_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, out, proc = shared_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = []
    for doc in records(out / "documents.jsonl"):
        name = Path(doc["source"]["path"]).name
        for section in doc["sections"]:
            found += [
                f"{name} section {section['id']}: {c}"
                for c in CHROME
                if c in section["heading"] or c in section["id"]
            ]
        for task in doc["tasks"]:
            found += [f"{name} task {task['task_id']}: {c}" for c in CHROME if c in task["title"]]
    assert not found, found[:10]


def test_shared_corpus_rerun_is_resumed(
    shared_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    corpus, out, proc = shared_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    sizes = {name: len(records(out / name)) for name in ("documents.jsonl", "errors.jsonl")}
    again = vanban("run", str(corpus), "--out", str(out), "--workers", "2", "--no-ocr", timeout=240)
    assert again.returncode == 0, again.stderr[-3000:]
    assert {name: len(records(out / name)) for name in sizes} == sizes


def test_copied_corpus_paths_are_recorded_as_given(tmp_path: Path) -> None:
    """Inputs given as files (not folders) are recorded under the path given."""
    seed = tmp_path / SEEDS[0].name
    shutil.copy(SEEDS[0], seed)
    out = tmp_path / "out"
    result = vanban("run", str(seed), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert [d["source"]["path"] for d in records(out / "documents.jsonl")] == [str(seed)]
