"""Hostile and broken inputs: every one is generated here, and each gives a clear ReadError
(or is read correctly), fast and within bounded memory."""

from __future__ import annotations

import os
import random
import struct
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import shared_path

from pipeline.read import ReadError, read_file
from pipeline.read.limits import capped_inflate
from tests.pdf_builder import build_pdf, encrypted_pdf

DOCX_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PHRASE = (
    "Căn cứ Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy về đẩy mạnh thực hiện dân chủ.\n"
)


def expect(path: Path, kind: str, **kwargs: object) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_file(path, **kwargs)  # type: ignore[arg-type]
    assert info.value.kind == kind, str(info.value)
    assert str(info.value) and "\n" not in str(info.value)
    return info.value


# --- PDF builders ---------------------------------------------------------------


def text_pdf(text: str = "Hello PDF world") -> bytes:
    return build_pdf(b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % text.encode("latin-1"))


def test_minimal_pdf_reads(tmp_path: Path) -> None:
    path = tmp_path / "ok.pdf"
    path.write_bytes(text_pdf())
    doc = read_file(path)
    assert "Hello PDF world" in doc.text and doc.pages == 1


# --- text -----------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    expect(path, "empty")


def test_whitespace_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(b"\n \n\t\r\n")
    expect(path, "empty")


def test_binary_garbage_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(random.Random(1).randbytes(20_000))
    expect(path, "binary")


def test_nul_bytes_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"abc\x00\x00\x00def\x00\x01\x02" * 100)
    expect(path, "binary")


def test_invalid_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(
        PHRASE.encode("utf-8") * 50 + b"\xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc" + PHRASE.encode("utf-8")
    )
    doc = read_file(path)
    assert doc.encoding == "utf-8" and doc.text.count(PHRASE.strip()) == 51
    assert any("invalid UTF-8" in w for w in doc.warnings)


def test_50mb_text_reads_fast(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    block = (PHRASE * 1000).encode("utf-8")
    with open(path, "wb") as handle:
        while handle.tell() < 50 * 2**20:
            handle.write(block)
    start = time.perf_counter()
    doc = read_file(path)
    elapsed = time.perf_counter() - start
    assert doc.encoding == "utf-8" and len(doc.text) > 35_000_000
    assert elapsed < 30, f"50 MB took {elapsed:.1f} s"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(PHRASE.encode("utf-8") * 2000)
    err = expect(path, "too_large", max_bytes=10_000)
    assert "MB" in str(err)


# --- wrong extensions ----------------------------------------------------------


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "really_a_pdf.txt"
    path.write_bytes(text_pdf())
    doc = read_file(path)
    assert doc.format == "pdf" and "Hello PDF world" in doc.text
    assert "content is pdf" in doc.warnings[0]


def test_docx_named_pdf_is_read_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "really_a_docx.pdf"
    make_docx(path, "<w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p>")
    doc = read_file(path)
    assert doc.format == "docx" and doc.text == "Kế hoạch" and doc.warnings


def test_text_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "text.pdf"
    path.write_text(PHRASE, encoding="utf-8")
    err = expect(path, "unreadable")
    assert "pdf" in str(err)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "a.xyz"
    path.write_text("x")
    assert "unsupported extension .xyz" in str(expect(path, "unsupported_extension"))


# --- PDF ---------------------------------------------------------------------------


def test_truncated_pdf(tmp_path: Path) -> None:
    data = text_pdf() * 1
    path = tmp_path / "trunc.pdf"
    path.write_bytes(data[: len(data) // 3])
    expect(path, "truncated_pdf")


def test_truncated_real_pdf(tmp_path: Path) -> None:
    data = shared_path("corpus", "d33.pdf").read_bytes()
    path = tmp_path / "trunc.pdf"
    path.write_bytes(data[:2000])
    expect(path, "truncated_pdf")


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    assert "password" in str(expect(path, "encrypted_pdf"))


def _bomb_stream(size: int) -> bytes:
    deflater = zlib.compressobj(9)
    zeros = bytes(2**20)
    parts = [deflater.compress(zeros) for _ in range(size // 2**20)]
    parts.append(deflater.flush())
    return b"".join(parts)


def test_pdf_stream_bomb(tmp_path: Path) -> None:
    payload = _bomb_stream(512 * 2**20)
    assert len(payload) < 1_000_000
    path = tmp_path / "bomb.pdf"
    path.write_bytes(build_pdf(payload, stream_dict=b"/Filter /FlateDecode"))
    start = time.perf_counter()
    err = expect(path, "pdf_stream_bomb")
    assert time.perf_counter() - start < 20
    assert "inflates past" in str(err)


def test_capped_inflate() -> None:
    assert capped_inflate(zlib.compress(b"abc" * 10), cap=100) == b"abc" * 10
    with pytest.raises(ReadError):
        capped_inflate(zlib.compress(bytes(1000)), cap=100)


# --- DOCX --------------------------------------------------------------------------


def make_docx(path: Path, body: str, *, doctype: str = "") -> Path:
    xml = f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document {DOCX_NS}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    return path


def test_zero_byte_docx(tmp_path: Path) -> None:
    path = tmp_path / "zero.docx"
    path.write_bytes(b"")
    expect(path, "empty")


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text(PHRASE * 10, encoding="utf-8")
    expect(path, "not_a_zip")


def test_docx_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "OLE2" in str(expect(path, "not_a_zip"))


def test_docx_without_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    expect(path, "bad_docx")


def test_docx_truncated_zip(tmp_path: Path) -> None:
    full = make_docx(tmp_path / "full.docx", "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 500).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(full[: len(full) // 2])
    expect(path, "not_a_zip")


def _write_zip_bomb(path: Path, gigabytes: int = 1) -> None:
    """A ~1 MB .docx whose document.xml inflates to ``gigabytes`` GB (written in chunks)."""
    zeros = bytes(2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(1024 * gigabytes):
                member.write(zeros)


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    _write_zip_bomb(path)
    return path


def test_zip_bomb_docx(zip_bomb: Path) -> None:
    assert zip_bomb.stat().st_size < 2 * 2**20
    err = expect(zip_bomb, "zip_bomb")
    assert "inflate" in str(err)


@pytest.mark.parametrize(("declared", "kind"), [(1024, "bad_docx"), (150 * 2**20, "zip_bomb")])
def test_zip_bomb_with_lying_header(zip_bomb: Path, tmp_path: Path, declared: int, kind: str) -> None:
    """Declared sizes patched under the caps: the inflated bytes are counted, not trusted.

    1 KB: zipfile stops at the declared size and the CRC fails; 150 MB: passes the header
    check, and the chunked reader stops at the 100 MB XML cap.
    """
    data = bytearray(zip_bomb.read_bytes())
    _patch_sizes(data, declared)
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    start = time.perf_counter()
    expect(path, kind)
    assert time.perf_counter() - start < 20


def _patch_sizes(data: bytearray, size: int) -> None:
    """Make every central-directory entry declare ``size`` inflated bytes (zip64 too)."""
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        declared = struct.unpack_from("<I", data, pos + 24)[0]
        name_len, extra_len = struct.unpack_from("<HH", data, pos + 28)
        if declared == 0xFFFFFFFF:
            extra = pos + 46 + name_len
            end = extra + extra_len
            while extra + 4 <= end:
                tag, length = struct.unpack_from("<HH", data, extra)
                if tag == 1:
                    struct.pack_into("<Q", data, extra + 4, size)
                extra += 4 + length
        else:
            struct.pack_into("<I", data, pos + 24, size)
        pos += 4


def test_billion_laughs_docx(tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    doctype = f"<!DOCTYPE w:document [{entities}]>"
    path = make_docx(tmp_path / "laughs.docx", "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", doctype=doctype)
    expect(path, "xml_entities")


def test_external_entity_docx(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    path = make_docx(tmp_path / "xxe.docx", "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", doctype=doctype)
    err = expect(path, "xml_entities")
    passwd = Path("/etc/passwd").read_text() if Path("/etc/passwd").exists() else "root:x:0:0"
    first_line = passwd.splitlines()[0] if passwd else "root:x:0:0"
    assert first_line not in str(err) and "root:" not in str(err)


def test_external_dtd_docx(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE w:document SYSTEM "file:///etc/passwd">'
    path = make_docx(tmp_path / "dtd.docx", "<w:p><w:r><w:t>x</w:t></w:r></w:p>", doctype=doctype)
    err = expect(path, "xml_entities")
    assert "root:" not in str(err)


# --- unreadable / special files --------------------------------------------------------


def test_fifo_named_txt_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert "FIFO" in str(expect(path, "unreadable"))


def test_directory_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    expect(path, "unreadable")


def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(PHRASE, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop root from reading")
        expect(path, "unreadable")
    finally:
        path.chmod(0o644)


def test_missing_file(tmp_path: Path) -> None:
    expect(tmp_path / "nope.txt", "unreadable")


# --- fuzz (the benchmark's harness, 200 examples per target) -----------------------------


def test_fuzz_readers_no_crash() -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_readers.py"
    spec = importlib.util.spec_from_file_location("fuzz_readers", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    lines: list[str] = []
    results = module.run_all(200, ["text", "docx", "pdf"], out=lines.append)
    assert lines[-1] == "0 crashes in 600 inputs", "\n".join(lines)
    assert not any(t.hangs for t in results.values())
