"""Hostile input through the whole batch (issue: hostile input).

Ten hostile inputs and one good document in one folder: ``vanban run DIR --out OUT
--workers 2`` must exit 0 within 300 s, process the good document, account for all
eleven entries exactly once in ``documents.jsonl`` or ``errors.jsonl``, and never
leak a line of ``/etc/passwd`` into the output folder.

The builders below are also used by ``benchmarks/hostile_run.py`` (full size). The
default suite runs a reduced folder (5 MB line, 20,000 outline markers, 128 MB
bombs) that exercises the same code paths; the full-size folder is ``slow``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.pdf_builder import build_pdf

REPO = Path(__file__).resolve().parents[1]
GOOD_SEED = REPO / "corpus" / "001_47bec7b1f90f71d7.txt"
DOCX_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PHRASE = (
    "Căn cứ Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy về đẩy mạnh "
    "thực hiện dân chủ ở cơ sở; Ủy ban nhân dân quận Kiến An ban hành Kế hoạch thực hiện. "
)
PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin", "daemon:x:")
TIME_BUDGET_S = 300
# The reduced run lowers the per-document limit so CI stays fast; the time_limit path is the same.
REDUCED_TIME_LIMIT = 30


# ------------------------------------------------------------------ builders


def _docx(path: Path, body: str, *, doctype: str = "") -> Path:
    xml = f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document {DOCX_NS}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", xml)
    return path


def zip_bomb_docx(path: Path, inflated_mb: int = 1024) -> Path:
    """A small .docx whose word/document.xml inflates to ``inflated_mb`` MB of zeros.

    Written 1 MB at a time, so building it needs no more than a few MB of memory.
    """
    zeros = bytes(2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0"?><w:document {DOCX_NS}><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(inflated_mb):
                member.write(zeros)
    return path


def billion_laughs_docx(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    return _docx(
        path, "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", doctype=f"<!DOCTYPE w:document [{entities}]>"
    )


def xxe_docx(path: Path) -> Path:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"
    return _docx(path, body, doctype=doctype)


def pdf_stream_bomb(path: Path, inflated_mb: int = 512) -> Path:
    """A valid small PDF whose Flate content stream inflates to ``inflated_mb`` MB (built in chunks)."""
    deflater = zlib.compressobj(9)
    chunk = b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + bytes(2**20 - 33)
    parts = [deflater.compress(chunk) for _ in range(inflated_mb)]
    parts.append(deflater.flush())
    path.write_bytes(build_pdf(b"".join(parts), stream_dict=b"/Filter /FlateDecode"))
    return path


def one_line_text(path: Path, megabytes: int = 50) -> Path:
    """Valid Vietnamese text, ``megabytes`` MB, without a single line break."""
    block = (PHRASE * 2000).encode("utf-8")
    with open(path, "wb") as handle:
        while handle.tell() < megabytes * 2**20:
            handle.write(block)
    return path


_MARKER_LINES = (
    "PHẦN I. NỘI DUNG",
    "Chương I. QUY ĐỊNH CHUNG",
    "I. NHIỆM VỤ",
    "1. Tổ chức quán triệt",
    "1.1. Sở Nội vụ chủ trì",
    "1.1.1. Triển khai",
    "1.1.1.1. Thực hiện",
    "a) Tuyên truyền",
    "- Phối hợp",
    "+ Báo cáo",
    "• Thực hiện",
    "Điều 1. Phạm vi",
    "Khoản 1. Hướng dẫn",
    "Phụ lục I",
    "I. 1. a) - + I. 1. a) - + I. 1. a) - +",
)


def nested_markers_text(path: Path, count: int = 200_000) -> Path:
    """``count`` outline-marker lines, cycling through every marker kind, with decimals nested deeper and deeper."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("KẾ HOẠCH\nTriển khai thực hiện\n")
        for i in range(count):
            if i % 7 == 6:
                depth = i % 40 + 1
                handle.write("1." * depth + " Nhiệm vụ lồng nhau\n")
            else:
                handle.write(_MARKER_LINES[i % len(_MARKER_LINES)] + "\n")
    return path


_NEAR_MISSES = (
    "Chỉ thị số 15-CT/",
    "77/KH-",
    "số 2780- QĐi/",
    "Quyết định số /QĐ-UBND",
    "Nghị quyết số 82/NQ-",
    "Kế hoạch số 03/KH-UBND-",
    "Luật số /QH15",
    "Thông tư số 12/2023/TT-",
    "số -CT/TU ngày 31/11/2021",
    "Công văn số 1234/ UBND-",
)


def near_miss_symbols_text(path: Path, count: int = 20_000) -> Path:
    """``count`` near-miss number-symbols (truncated, blank or malformed), a few per line."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("KẾ HOẠCH\n")
        for i in range(count):
            handle.write(_NEAR_MISSES[i % len(_NEAR_MISSES)])
            handle.write("\n" if i % 5 == 4 else " ")
    return path


def invalid_utf8_text(path: Path) -> Path:
    good = "KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 15-CT/TU\n".encode()
    path.write_bytes(
        good * 20 + b"\xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc \xff\xfe" + good * 5 + b"\xed\xa0\x80\n"
    )
    return path


@dataclass(frozen=True)
class HostileFolder:
    root: Path
    good: str
    entries: tuple[str, ...]  # every entry name of the folder (hostile + good)


def build_hostile_folder(root: Path, *, full: bool = True) -> HostileFolder:
    """The ten hostile inputs and one good seed document, in ``root``.

    ``full`` gives the issue's sizes (1 GB zip bomb, 512 MB PDF stream, 50 MB line,
    200,000 markers); otherwise a reduced folder through the same code paths.
    """
    root.mkdir(parents=True, exist_ok=True)
    zip_bomb_docx(root / "zip_bomb.docx", 1024 if full else 256)
    billion_laughs_docx(root / "billion_laughs.docx")
    xxe_docx(root / "xxe_passwd.docx")
    pdf_stream_bomb(root / "stream_bomb.pdf", 512 if full else 128)
    one_line_text(root / "one_line.txt", 50 if full else 5)
    nested_markers_text(root / "nested_markers.txt", 200_000 if full else 20_000)
    near_miss_symbols_text(root / "near_miss_symbols.txt", 20_000)
    invalid_utf8_text(root / "invalid_utf8.txt")
    os.symlink(".", root / "symlink_loop")  # a folder link back into itself
    os.symlink("no-such-file.txt", root / "dangling.txt")
    shutil.copy(GOOD_SEED, root / GOOD_SEED.name)
    entries = tuple(sorted(p.name for p in root.iterdir()))
    return HostileFolder(root, GOOD_SEED.name, entries)


# ------------------------------------------------------------------ running and checking


@dataclass
class RunResult:
    returncode: int
    seconds: float
    stderr: str
    documents: list[dict[str, Any]]
    errors: list[dict[str, Any]]


def read_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_vanban(inputs: list[Path], out: Path, *extra: str, timeout: float = TIME_BUDGET_S) -> RunResult:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", *map(str, inputs), "--out", str(out), *extra]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    return RunResult(
        proc.returncode,
        seconds,
        proc.stderr,
        read_records(out / "documents.jsonl"),
        read_records(out / "errors.jsonl"),
    )


def accounting(result: RunResult) -> Counter[str]:
    """How many times each path appears across documents.jsonl and errors.jsonl."""
    paths = [d["source"]["path"] for d in result.documents] + [e["path"] for e in result.errors]
    return Counter(paths)


def passwd_leaks(out: Path) -> list[str]:
    """Output files that contain a line of /etc/passwd (or a typical passwd fragment)."""
    needles = set(PASSWD_MARKERS)
    passwd = Path("/etc/passwd")
    if passwd.exists():
        needles.update(
            line for line in passwd.read_text(errors="replace").splitlines() if line.count(":") >= 6
        )
    leaks = []
    for path in out.rglob("*"):
        if path.is_file():
            content = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.name}: {n[:40]}" for n in needles if n in content]
    return leaks


# ------------------------------------------------------------------ tests


def _check_run(folder: HostileFolder, out: Path, result: RunResult) -> None:
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.seconds < TIME_BUDGET_S
    counts = accounting(result)
    expected = {str(folder.root / name) for name in folder.entries}
    missing = expected - set(counts)
    assert not missing, f"inputs that vanished: {sorted(missing)}"
    assert set(counts) == expected, f"unexpected paths: {sorted(set(counts) - expected)}"
    twice = {p: n for p, n in counts.items() if n != 1}
    assert not twice, f"inputs recorded more than once: {twice}"
    good = [d for d in result.documents if d["source"]["path"] == str(folder.root / folder.good)]
    assert good and good[0]["tasks"] and good[0]["meta"]["title"], "the good document was not processed"
    for error in result.errors:
        assert error["error"] and error["detail"] and "\n" not in error["detail"], error
    assert not passwd_leaks(out), passwd_leaks(out)


def _expect_refused(result: RunResult, folder: HostileFolder, name: str) -> dict[str, Any]:
    path = str(folder.root / name)
    errors = [e for e in result.errors if e["path"] == path]
    assert errors, (
        f"{name} should be in errors.jsonl, documents has it: {any(d['source']['path'] == path for d in result.documents)}"
    )
    return errors[0]


@pytest.fixture(scope="module")
def reduced_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[HostileFolder, Path, RunResult]:
    base = tmp_path_factory.mktemp("hostile")
    folder = build_hostile_folder(base / "in", full=False)
    out = base / "out"
    return (
        folder,
        out,
        run_vanban([folder.root], out, "--workers", "2", "--time-limit", str(REDUCED_TIME_LIMIT)),
    )


def test_reduced_hostile_batch(reduced_run: tuple[HostileFolder, Path, RunResult]) -> None:
    folder, out, result = reduced_run
    assert len(folder.entries) == 11
    _check_run(folder, out, result)


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("zip_bomb.docx", {"zip_bomb", "too_large", "memory_limit"}),
        ("billion_laughs.docx", {"xml_entities"}),
        ("xxe_passwd.docx", {"xml_entities"}),
        ("stream_bomb.pdf", {"pdf_stream_bomb", "memory_limit"}),
        ("symlink_loop", {"unreadable_input"}),
        ("dangling.txt", {"unreadable_input"}),
    ],
)
def test_reduced_hostile_refused(
    reduced_run: tuple[HostileFolder, Path, RunResult], name: str, kinds: set[str]
) -> None:
    folder, _, result = reduced_run
    error = _expect_refused(result, folder, name)
    assert error["error"] in kinds, error


def test_reduced_text_inputs_processed_or_explained(
    reduced_run: tuple[HostileFolder, Path, RunResult],
) -> None:
    """Large, deeply nested and malformed text is processed, or refused with a one-line reason."""
    folder, _, result = reduced_run
    for name in ("one_line.txt", "nested_markers.txt", "near_miss_symbols.txt", "invalid_utf8.txt"):
        path = str(folder.root / name)
        docs = [d for d in result.documents if d["source"]["path"] == path]
        errs = [e for e in result.errors if e["path"] == path]
        assert len(docs) + len(errs) == 1, name
        if errs:
            assert errs[0]["error"] in {"time_limit", "memory_limit", "too_large", "recursion_limit"}, errs[0]
        else:
            text = docs[0]["text"]
            for item in docs[0]["sections"] + docs[0]["tasks"]:
                assert 0 <= item["start"] <= item["end"] <= len(text)


def test_near_miss_symbols_processed_in_time(reduced_run: tuple[HostileFolder, Path, RunResult]) -> None:
    """20,000 malformed number-symbols (~400 KB) must be processed, not time out: cost must stay near-linear."""
    folder, _, result = reduced_run
    path = str(folder.root / "near_miss_symbols.txt")
    errors = [e for e in result.errors if e["path"] == path]
    assert not errors, f"near-miss symbols not processed within {REDUCED_TIME_LIMIT} s: {errors[0]}"
    doc = next(d for d in result.documents if d["source"]["path"] == path)
    assert all(0 <= r["start"] <= r["end"] <= len(doc["text"]) for r in doc["references"])


def test_invalid_utf8_is_read_with_warning(reduced_run: tuple[HostileFolder, Path, RunResult]) -> None:
    folder, _, result = reduced_run
    docs = [d for d in result.documents if d["source"]["path"] == str(folder.root / "invalid_utf8.txt")]
    assert docs, "invalid UTF-8 with mostly valid Vietnamese should be read (with replacement)"
    assert "Chỉ thị số 15-CT/TU" in docs[0]["text"]
    assert any("UTF-8" in w for w in docs[0]["warnings"]), docs[0]["warnings"]


def test_reduced_hostile_rerun_adds_nothing(reduced_run: tuple[HostileFolder, Path, RunResult]) -> None:
    folder, out, first = reduced_run
    again = run_vanban([folder.root], out, "--workers", "2")
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(again.documents) == len(first.documents)
    assert len(again.errors) == len(first.errors), "refused inputs were recorded a second time"


@pytest.mark.slow
def test_full_size_hostile_batch(tmp_path: Path) -> None:
    folder = build_hostile_folder(tmp_path / "in", full=True)
    out = tmp_path / "out"
    result = run_vanban([folder.root], out, "--workers", "2")
    _check_run(folder, out, result)
