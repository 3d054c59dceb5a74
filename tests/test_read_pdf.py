"""PDF and image readers on the shared corpus: text layer, page count, OCR of scans."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

from pipeline.read import ReadError, read_file
from pipeline.read import ocr as ocr_module
from pipeline.read.ocr import clean_ocr_text, tesseract_path

BORN_DIGITAL = {"d27.pdf": 3, "d32.pdf": 35, "d33.pdf": 1}
SCANNED = {"d28.pdf": 5, "d29.pdf": 1, "d30.pdf": 5, "d31.pdf": 3}
needs_tesseract = pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed")


@pytest.mark.parametrize(("name", "pages"), sorted(BORN_DIGITAL.items()))
def test_born_digital_pdf(name: str, pages: int) -> None:
    doc = read_file(shared_path("corpus", name))
    assert (doc.format, doc.pages, doc.ocr) == ("pdf", pages, False)
    assert doc.text.count("\f") == pages - 1
    assert "Độc lập - Tự do - Hạnh phúc" in doc.text
    assert not [w for w in doc.warnings if "needs_ocr" in w]


@pytest.mark.parametrize(("name", "pages"), sorted(SCANNED.items()))
def test_scanned_pdf_without_ocr_is_flagged(name: str, pages: int) -> None:
    doc = read_file(shared_path("corpus", name), ocr=False)
    assert doc.pages == pages and not doc.ocr
    flagged = [w for w in doc.warnings if w.endswith("needs_ocr")]
    assert flagged == [f"page {i}: needs_ocr" for i in range(1, pages + 1)]


@needs_tesseract
def test_scanned_one_page_ocr() -> None:
    doc = read_file(shared_path("corpus", "d29.pdf"))
    assert doc.ocr and doc.pages == 1
    assert "TỜ TRÌNH" in doc.text and "Quyết định số 06/QĐ-TTg" in doc.text
    assert "\u00d0" not in doc.text


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("name", sorted(SCANNED))
def test_scanned_pdf_full_ocr(name: str) -> None:
    doc = read_file(shared_path("corpus", name))
    assert doc.ocr and doc.pages == SCANNED[name]
    assert len(doc.text) > 800 * doc.pages
    assert not [w for w in doc.warnings if "needs_ocr" in w]


def test_missing_tesseract_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_module, "tesseract_path", lambda: None)
    doc = read_file(shared_path("corpus", "d31.pdf"))
    assert not doc.ocr
    assert any("tesseract is not installed" in w for w in doc.warnings)
    assert "page 3: needs_ocr" in doc.warnings


def test_missing_tesseract_for_an_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.new("RGB", (50, 50), "white").save(path)
    monkeypatch.setattr(ocr_module, "tesseract_path", lambda: None)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.kind == "ocr_unavailable"


@needs_tesseract
def test_image_input_ocr(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(shared_path("corpus", "d33.pdf")))
    image = pdf[0].render(scale=200 / 72).to_pil()
    pdf.close()
    path = tmp_path / "page.png"
    image.save(path)
    doc = read_file(path)
    assert (doc.format, doc.ocr, doc.pages) == ("image", True, 1)
    assert "Hạnh phúc" in doc.text


def test_eth_is_mapped_to_d_stroke() -> None:
    assert clean_ocr_text("\u00d0ộc lập, \u00f0ịa bàn") == "Độc lập, địa bàn\n"


def test_image_that_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"
    path.write_bytes(b"not really a jpeg" * 10)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.kind == "unreadable"


def _ruled_table_pdf() -> bytes:
    from tests.pdf_builder import build_pdf

    cells = [["STT", "Nhiem vu", "Chu tri"], ["1", "Ra soat van ban", "So Tu phap"], ["2", "Tap huan", "So Noi vu"]]
    xs, top, height = [72, 122, 372, 522], 700, 30
    ops = [f"{xs[0]} {top - r * height} m {xs[-1]} {top - r * height} l S" for r in range(len(cells) + 1)]
    ops += [f"{x} {top} m {x} {top - len(cells) * height} l S" for x in xs]
    ops += [
        f"BT /F1 10 Tf {xs[c] + 4} {top - r * height - 20} Td ({value}) Tj ET"
        for r, row in enumerate(cells)
        for c, value in enumerate(row)
    ]
    ops += ["BT /F1 12 Tf 72 750 Td (PHU LUC) Tj ET", "BT /F1 12 Tf 72 560 Td (Noi nhan) Tj ET"]
    return build_pdf("\n".join(ops).encode())


def test_ruled_table_becomes_rows_in_reading_order() -> None:
    from pipeline.read.pdf import read_pdf_bytes

    text = read_pdf_bytes(_ruled_table_pdf(), ocr=False).text
    assert text.split("\n")[:5] == [
        "PHU LUC",
        "| STT | Nhiem vu | Chu tri |",
        "| 1 | Ra soat van ban | So Tu phap |",
        "| 2 | Tap huan | So Noi vu |",
        "Noi nhan",
    ]


def test_signature_stamps_fill_the_number_and_the_day() -> None:
    """d27, d32, d33: e-signing tools draw the number and the day in signature widgets;
    pdfminer leaves annotations out, the reader splices them into their lines."""
    from pipeline.read.pdf import read_pdf_bytes
    from tests.pdf_builder import build_pdf

    content = b"BT /F1 12 Tf 100 730 Td (So: /TTr-SNV) Tj ET BT /F1 12 Tf 300 730 Td (Lam Dong, ngay thang 01 nam 2026) Tj ET"
    data = build_pdf(content, stamps=[((118, 725, 140, 745), b"51"), ((388, 725, 405, 745), b"19")])
    lines = read_pdf_bytes(data, ocr=False).text.split("\n")
    assert any(line.strip() == "So: 51 /TTr-SNV" for line in lines), lines
    assert any("ngay 19 thang 01" in line for line in lines), lines
