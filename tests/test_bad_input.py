"""Bad inputs in one batch folder: `vanban run` exits 0, the good document is processed,
every bad one is in errors.jsonl with a one-line reason, every input exactly once.

Each bad input is generated here (SPEC section 1: "a bad input never stops the batch
and never disappears silently").
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.pdf_builder import build_pdf, encrypted_pdf

REPO = Path(__file__).resolve().parents[1]
GOOD_SEED = REPO / "corpus" / "000_bb099ffcd451bb98.txt"
PHRASE = (
    "Căn cứ Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy về đẩy mạnh thực hiện dân chủ.\n"
)


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_binary_garbage(path: Path) -> None:
    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(64 * 1024)))


def make_truncated_pdf(path: Path) -> None:
    data = build_pdf(b"BT /F1 12 Tf 72 700 Td (Ke hoach trien khai) Tj ET")
    path.write_bytes(data[: len(data) // 3])


def make_encrypted_pdf(path: Path) -> None:
    path.write_bytes(encrypted_pdf())


def make_zero_docx(path: Path) -> None:
    path.write_bytes(b"")


def make_docx_not_zip(path: Path) -> None:
    path.write_text(PHRASE * 20, encoding="utf-8")


def make_truncated_docx(path: Path) -> None:
    tmp = path.with_suffix(".full")
    xml = (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>" + "<w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p>" * 2000 + "</w:body></w:document>"
    )
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    data = tmp.read_bytes()
    tmp.unlink()
    path.write_bytes(data[: len(data) // 2])


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.xyz").write_text("not a document", encoding="utf-8")


def make_wrong_extension(path: Path) -> None:
    shutil.copy(GOOD_SEED, path)


def make_bom_garbage(path: Path) -> None:
    """A UTF-16 LE byte-order mark followed by nothing but lone surrogates: no character decodes."""
    path.write_bytes(b"\xff\xfe" + b"\x00\xd8" * 8191)


def make_whitespace_only(path: Path) -> None:
    path.write_text(" \n\t\n" * 100, encoding="utf-8")


# name → builder, and the error kinds accepted for it in errors.jsonl
BAD_INPUTS: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    "empty.txt": (make_empty, {"empty"}),
    "whitespace.txt": (make_whitespace_only, {"empty"}),
    "garbage.txt": (make_binary_garbage, {"binary"}),
    "truncated.pdf": (make_truncated_pdf, {"truncated_pdf"}),
    "encrypted.pdf": (make_encrypted_pdf, {"encrypted_pdf"}),
    "zero.docx": (make_zero_docx, {"empty"}),
    "notzip.docx": (make_docx_not_zip, {"not_a_zip"}),
    "truncated.docx": (make_truncated_docx, {"not_a_zip", "bad_docx"}),
    "fifo.txt": (make_fifo, {"unreadable_input", "unreadable"}),
    "wrong.xyz": (make_wrong_extension, {"unreadable_input", "unsupported_extension"}),
    "bom_garbage.txt": (make_bom_garbage, {"binary", "empty"}),
}


def make_50mb_text(path: Path) -> None:
    block = (PHRASE * 1000).encode("utf-8")
    with open(path, "wb") as handle:
        while handle.tell() < 50 * 2**20:
            handle.write(block)


def make_invalid_utf8_text(path: Path) -> None:
    path.write_bytes(
        PHRASE.encode("utf-8") * 50 + b"\xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc" + PHRASE.encode("utf-8")
    )


# Inputs that may be processed (with a warning) or refused with a clear reason.
EITHER_INPUTS: dict[str, Callable[[Path], None]] = {
    "big50mb.txt": make_50mb_text,
    "invalid_utf8.txt": make_invalid_utf8_text,
}


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def bad_batch(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    base = tmp_path_factory.mktemp("bad")
    folder = base / "in"
    folder.mkdir()
    for name, (build, _) in BAD_INPUTS.items():
        build(folder / name)
    for name, build in EITHER_INPUTS.items():
        build(folder / name)
    make_directory(folder / "dir.txt")
    shutil.copy(GOOD_SEED, folder / GOOD_SEED.name)
    out = base / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(folder), "--out", str(out), "--workers", "2"]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
    return folder, out, proc


def test_batch_exits_zero(bad_batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    _, _, proc = bad_batch
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_good_document_processed(bad_batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    folder, out, _ = bad_batch
    docs = [
        d for d in records(out / "documents.jsonl") if d["source"]["path"] == str(folder / GOOD_SEED.name)
    ]
    assert len(docs) == 1 and docs[0]["tasks"] and docs[0]["meta"]["title"]


def test_every_input_exactly_once(bad_batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    folder, out, _ = bad_batch
    paths = [d["source"]["path"] for d in records(out / "documents.jsonl")]
    paths += [e["path"] for e in records(out / "errors.jsonl")]
    counts = Counter(paths)
    # the folder named dir.txt is walked: its one entry (an unsupported .xyz) is recorded instead
    expected = {str(p) for p in folder.iterdir() if p.name != "dir.txt"} | {
        str(folder / "dir.txt" / "inside.xyz")
    }
    assert set(counts) == expected, (sorted(expected - set(counts)), sorted(set(counts) - expected))
    assert all(n == 1 for n in counts.values()), counts


@pytest.mark.parametrize(
    "name",
    sorted(BAD_INPUTS),
)
def test_bad_input_recorded_with_reason(
    bad_batch: tuple[Path, Path, subprocess.CompletedProcess[str]], name: str
) -> None:
    folder, out, _ = bad_batch
    errors = [e for e in records(out / "errors.jsonl") if e["path"] == str(folder / name)]
    assert len(errors) == 1, f"{name} not in errors.jsonl"
    error = errors[0]
    assert error["error"] in BAD_INPUTS[name][1], error
    assert error["detail"].strip() and "\n" not in error["detail"] and "\n" not in error["error"]
    assert "Traceback" not in error["detail"]


@pytest.mark.parametrize("name", sorted(EITHER_INPUTS))
def test_processed_or_clear_reason(
    bad_batch: tuple[Path, Path, subprocess.CompletedProcess[str]], name: str
) -> None:
    folder, out, _ = bad_batch
    path = str(folder / name)
    docs = [d for d in records(out / "documents.jsonl") if d["source"]["path"] == path]
    errors = [e for e in records(out / "errors.jsonl") if e["path"] == path]
    assert len(docs) + len(errors) == 1
    if errors:
        assert errors[0]["error"] in {"too_large", "time_limit", "memory_limit"}, errors[0]
        assert errors[0]["detail"].strip() and "\n" not in errors[0]["detail"]
    else:
        assert "Chỉ thị số 15-CT/TU" in docs[0]["text"]


def test_invalid_utf8_text_is_read_with_warning(
    bad_batch: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, out, _ = bad_batch
    docs = [
        d for d in records(out / "documents.jsonl") if d["source"]["path"] == str(folder / "invalid_utf8.txt")
    ]
    assert docs and any("UTF-8" in w for w in docs[0]["warnings"])


def test_manifest_counts_bad_inputs(bad_batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    _, out, _ = bad_batch
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["errors"] == len(records(out / "errors.jsonl"))
    assert counts["processed"] == len(records(out / "documents.jsonl"))
    assert counts["inputs"] == counts["processed"] + counts["errors"] + counts["skipped_already_done"]


@pytest.mark.parametrize("name", ["empty.txt", "notzip.docx", "truncated.pdf"])
def test_single_bad_file_given_directly(tmp_path: Path, name: str) -> None:
    """A bad file named on the command line (not in a folder) is recorded too, exit status 0."""
    build, kinds = BAD_INPUTS[name]
    path = tmp_path / name
    build(path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(path), "--out", str(out)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    errors = records(out / "errors.jsonl")
    assert [e["path"] for e in errors] == [str(path)] and errors[0]["error"] in kinds
    assert records(out / "documents.jsonl") == []
