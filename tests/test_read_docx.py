"""The .docx reader: document order, tables as `| a | b |` rows, corpus files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import shared_path

from pipeline.read import read_file
from pipeline.read.docx import read_docx

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)


def make_docx(path: Path, body: str) -> Path:
    """A minimal .docx whose document.xml body is ``body``."""
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    return path


def p(text: str, extra: str = "") -> str:
    return f'<w:p>{extra}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def cell(*paras: str) -> str:
    return "<w:tc>" + "".join(p(x) for x in paras) + "</w:tc>"


def test_paragraphs_and_table_in_order(tmp_path: Path) -> None:
    body = (
        p("KẾ HOẠCH")
        + "<w:tbl><w:tr>"
        + cell("STT")
        + cell("Nội dung", "công việc")
        + cell("Cơ quan chủ trì")
        + "</w:tr><w:tr>"
        + cell("1")
        + cell("Tuyên truyền")
        + cell("Sở Nội vụ")
        + "</w:tr></w:tbl>"
        + p("Nơi nhận:")
    )
    doc = read_docx(make_docx(tmp_path / "a.docx", body))
    assert doc.text.splitlines() == [
        "KẾ HOẠCH",
        "| STT | Nội dung công việc | Cơ quan chủ trì |",
        "| 1 | Tuyên truyền | Sở Nội vụ |",
        "Nơi nhận:",
    ]
    assert doc.format == "docx"


def test_layout_table_gives_one_line_per_paragraph(tmp_path: Path) -> None:
    body = (
        "<w:tbl><w:tr>"
        + cell("ỦY BAN NHÂN DÂN", "XÃ LƯƠNG MINH", "Số: 12/KH-UBND")
        + cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Lương Minh, ngày 12 tháng 01 năm 2026")
        + "</w:tr></w:tbl>"
        + p("KẾ HOẠCH")
    )
    doc = read_docx(make_docx(tmp_path / "h.docx", body))
    assert doc.text.splitlines() == [
        "ỦY BAN NHÂN DÂN",
        "XÃ LƯƠNG MINH",
        "Số: 12/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Lương Minh, ngày 12 tháng 01 năm 2026",
        "KẾ HOẠCH",
    ]


def test_runs_tabs_breaks_and_skipped_parts(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>Số:</w:t></w:r><w:r><w:tab/><w:t>77/KH-UBND</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>giữ</w:t></w:r><w:del><w:r><w:delText>XÓA</w:delText></w:r></w:del>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t> lại</w:t></w:r></w:p>"
        "<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>một lần</w:t></w:r></mc:Choice>"
        "<mc:Fallback><w:r><w:t>một lần</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"
        "<w:sdt><w:sdtContent>" + p("trong khối") + "</w:sdtContent></w:sdt>"
    )
    doc = read_docx(make_docx(tmp_path / "b.docx", body))
    assert doc.text.splitlines() == ["Số:\t77/KH-UBND", "giữ lại", "một lần", "trong khối"]


def test_automatic_numbering_is_noted(tmp_path: Path) -> None:
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    body = p("Mục đích", numbered) + p("1. Yêu cầu")
    doc = read_docx(make_docx(tmp_path / "c.docx", body))
    assert doc.text.splitlines() == ["Mục đích", "1. Yêu cầu"]
    assert any("automatic numbering" in w for w in doc.warnings)


def test_soft_hyphen_dropped_in_unicode_text(tmp_path: Path) -> None:
    body = "<w:p><w:r><w:t>phát</w:t></w:r><w:r><w:softHyphen/><w:t>triển</w:t></w:r></w:p>"
    assert read_docx(make_docx(tmp_path / "d.docx", body)).text == "pháttriển"


CORPUS_DOCX = [f"d{i}.docx" for i in range(22, 27)]


@pytest.mark.parametrize("name", CORPUS_DOCX)
def test_corpus_docx(name: str) -> None:
    path = shared_path("corpus", name)
    doc = read_file(path)
    assert doc.format == "docx"
    assert len(doc.text) > 5000
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.text.upper().replace("HOÀ", "HÒA")
    lines = doc.text.splitlines()
    motto = next(i for i, line in enumerate(lines) if "CỘNG H" in line.upper())
    assert any(line.startswith("Số") for line in lines[: motto + 3])  # the header table, one line a paragraph
