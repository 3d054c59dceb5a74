"""PDF: pdfminer.six text layer page by page, OCR for pages without one.

- Text: ``LAParams(boxes_flow=None)`` (0% CER on the born-digital renders, FINDINGS),
  pages joined with ``\\f``. Streams are inflated under the caps of
  :func:`pipeline.read.limits.capped_pdf_streams` (a stream bomb → ``pdf_stream_bomb``).
- A page with (almost) no text but with images is a scan: with ``ocr=True`` it is
  rendered with pypdfium2 at 300 dpi and OCR'd with Tesseract ``-l vie``
  (``RawDocument.ocr`` becomes true); otherwise, or if Tesseract is missing, the page
  gets the warning ``page N: needs_ocr``.
- Encrypted and not openable with the empty password → ``encrypted_pdf``;
  truncated or corrupt → ``truncated_pdf``.
- Text in a legacy TCVN3/VNI font is converted to Unicode (with a warning).
"""

from __future__ import annotations

import io
import logging
import re
import warnings as pywarnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdfminer.layout import (
    LAParams,
    LTContainer,
    LTCurve,
    LTImage,
    LTItem,
    LTPage,
    LTText,
    LTTextBox,
    LTTextLine,
)

from pipeline.models import RawDocument
from pipeline.read.limits import MAX_FILE_BYTES, MAX_PDF_PAGES, ReadError, capped_pdf_streams

OCR_DPI = 300
MAX_RENDER_PIXELS = 60_000_000
MIN_PAGE_CHARS = 16
MIN_TABLE_RULINGS = 8
MAX_STAMP_CHARS = 200
_ALNUM = re.compile(r"\w")

logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class _Page:
    text: str
    image_share: float  # area of the largest image over the page area (0 = no image)
    rulings: int = 0  # ruled lines and rectangles: a hint that the page holds a table
    lines: list[tuple[float, float, float, float, str]] = field(default_factory=list)  # x0, top, x1, bottom, text
    height: float = 0.0


@dataclass
class _Extraction:
    pages: list[_Page] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Stamp = tuple[float, float, float, float, str]  # x0, y0, x1, y1 (PDF user space), text


def _render_layout(item: LTItem, out: list[str], images: list[float], stamps: list[Stamp] | None = None) -> None:
    """Same traversal as pdfminer's TextConverter: text in layout order; image areas.
    ``stamps`` (e-signature appearance text) are spliced into the line they sit on."""
    if isinstance(item, LTImage):
        images.append(abs(item.width * item.height))
    elif isinstance(item, LTTextLine) and stamps:
        out.append(_line_with_stamps(item, stamps))
    elif isinstance(item, LTContainer):
        for child in item:
            _render_layout(child, out, images, stamps)
        if isinstance(item, LTTextBox):
            out.append("\n")
    elif isinstance(item, LTText):
        out.append(item.get_text())


def _line_with_stamps(line: LTTextLine, stamps: list[Stamp]) -> str:
    """The line's text with each stamp that overlaps it vertically inserted at its x
    (each stamp is used once: it is removed from ``stamps``)."""
    mine = sorted((s for s in stamps if line.y0 - 2 <= (s[1] + s[3]) / 2 <= line.y1 + 2
                   and line.x0 - 20 <= (s[0] + s[2]) / 2 <= line.x1 + 40), key=lambda s: s[0])
    if not mine:
        return line.get_text()
    for stamp in mine:
        stamps.remove(stamp)
    out: list[str] = []
    for child in line:
        x0 = getattr(child, "x0", None)
        while mine and x0 is not None and x0 >= mine[0][0]:
            out.append(f" {mine.pop(0)[4]} ")
        out.append(child.get_text())
    text = "".join(out)
    if mine:  # past the end of the line
        text = text.rstrip("\n") + "".join(f" {stamp[4]}" for stamp in mine) + "\n"
    return re.sub(r" {2,}", " ", text)


def _page_of(layout: LTPage, stamps: list[Stamp] | None = None) -> _Page:
    out: list[str] = []
    images: list[float] = []
    _render_layout(layout, out, images, list(stamps or []))
    area = abs(layout.width * layout.height) or 1.0
    share = max(images) / area if images else 0.0
    rulings = sum(1 for item in _walk(layout) if isinstance(item, LTCurve))
    lines = [
        (item.x0, layout.height - item.y1, item.x1, layout.height - item.y0, item.get_text().strip())
        for item in _walk(layout)
        if isinstance(item, LTTextLine) and item.get_text().strip()
    ] if rulings >= MIN_TABLE_RULINGS else []
    return _Page("".join(out), min(share, 1.0) if images else 0.0, rulings, lines, layout.height)


def _walk(item: LTItem) -> Iterator[LTItem]:
    yield item
    if isinstance(item, LTContainer):
        for child in item:
            yield from _walk(child)


def _tables(data: bytes, pages: list[_Page], warnings: list[str]) -> None:
    """Rebuild ruled task tables as `| cell | cell |` rows (pdfplumber finds the grid).

    Only pages with enough ruled lines are looked at, and only grids where at least
    two rows fill three or more cells and most cells hold text count as tables: the
    underlines and boxes of ordinary prose are left alone. Text outside the tables
    keeps pdfminer's lines, ordered top to bottom with the table rows."""
    candidates = [i for i, page in enumerate(pages) if page.lines]
    if not candidates:
        return
    try:
        import pdfplumber
    except ImportError:  # an optional speed-up of table reading; text stays line by line
        warnings.append("pdfplumber is not installed: PDF tables are read line by line")
        return
    with capped_pdf_streams(), pdfplumber.open(io.BytesIO(data)) as pdf:
        for index in candidates:
            if index >= len(pdf.pages):
                break
            grids = [t for t in pdf.pages[index].find_tables() if _is_task_grid(t.extract())]
            if grids:
                pages[index].text = _merge_tables(pages[index], grids)


def _is_task_grid(rows: list[list[str | None]]) -> bool:
    full = [r for r in rows if sum(1 for c in r if c and c.strip()) >= 3]
    cells = sum(len(r) for r in rows) or 1
    filled = sum(1 for r in rows for c in r if c and c.strip())
    return len(full) >= 2 and filled / cells >= 0.5


def _merge_tables(page: _Page, grids: list[Any]) -> str:
    items: list[tuple[float, str]] = []
    boxes = [g.bbox for g in grids]  # (x0, top, x1, bottom)
    for x0, top, x1, bottom, text in page.lines:
        mid_x, mid_y = (x0 + x1) / 2, (top + bottom) / 2
        if not any(b[0] <= mid_x <= b[2] and b[1] <= mid_y <= b[3] for b in boxes):
            items.append((top, text))
    for grid in grids:
        for k, row in enumerate(grid.extract()):
            cells = [" ".join((c or "").split()).replace("|", "/") for c in row]
            if any(cells):
                items.append((grid.bbox[1] + k * 1e-3, "| " + " | ".join(cells) + " |"))
    items.sort(key=lambda item: item[0])
    return "\n".join(text for _, text in items) + "\n"


def _classify(exc: Exception, data: bytes) -> ReadError:
    """Map a pdfminer/zlib failure to a ReadError."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if isinstance(exc, ReadError):
        return exc
    if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError) or "/Encrypt" in _tail(data):
        return ReadError(
            "encrypted_pdf",
            f"PDF is encrypted and cannot be opened without a password ({type(exc).__name__})",
        )
    return ReadError("truncated_pdf", f"PDF is truncated or corrupt ({type(exc).__name__}: {str(exc)[:120]})")


def _tail(data: bytes) -> str:
    return data[-4096:].decode("latin-1")


def _extract(data: bytes) -> _Extraction:
    """Run pdfminer over the bytes, under the stream caps."""
    from pdfminer.high_level import extract_pages

    result = _Extraction()
    with capped_pdf_streams(), pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        stamps = _signature_stamps(data)
        for index, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(boxes_flow=None))):
            if index >= MAX_PDF_PAGES:
                result.warnings.append(f"only the first {MAX_PDF_PAGES} pages were read")
                break
            result.pages.append(_page_of(layout, stamps.get(index)))
    return result


MAX_STAMP_PAGES = 2
MAX_STAMP_TEXT = 40


def _signature_stamps(data: bytes) -> dict[int, list[Stamp]]:
    """Text that e-signing tools stamp into signature widgets (the number in `Số: 51/TTr-SNV`,
    the day of the date): pdfminer leaves annotation appearances out of the page text.

    Only the first pages' widgets are read, and only short appearance texts count."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    found: dict[int, list[Stamp]] = {}
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        manager = PDFResourceManager()
        for index, page in enumerate(PDFPage.create_pages(document)):
            if index >= MAX_STAMP_PAGES:
                break
            for ref in resolve1(page.annots) or []:
                annot = resolve1(ref)
                if not isinstance(annot, dict) or str(annot.get("Subtype")) != "/'Widget'":
                    continue
                appearance = resolve1((resolve1(annot.get("AP")) or {}).get("N"))
                if appearance is None or not hasattr(appearance, "attrs"):
                    continue
                device = PDFPageAggregator(manager, laparams=None)
                interpreter = PDFPageInterpreter(manager, device)
                box = appearance.attrs.get("BBox") or [0, 0, 0, 0]
                device.begin_page(_FakePage(box), (1, 0, 0, 1, 0, 0))
                interpreter.init_resources(resolve1(appearance.attrs.get("Resources")) or {})
                interpreter.init_state((1, 0, 0, 1, 0, 0))
                interpreter.execute([appearance])
                device.end_page(None)
                glyphs = [c for c in _walk(device.get_result()) if isinstance(c, LTChar) and c.get_text().strip()]
                text = " ".join("".join(c.get_text() for c in glyphs).split())
                rect = [float(v) for v in resolve1(annot.get("Rect")) or []]
                if not glyphs or len(text) > MAX_STAMP_TEXT or len(rect) != 4:
                    continue
                dx, dy = min(rect[0], rect[2]) - float(box[0]), min(rect[1], rect[3]) - float(box[1])
                found.setdefault(index, []).append((  # where the glyphs are drawn on the page
                    dx + min(c.x0 for c in glyphs), dy + min(c.y0 for c in glyphs),
                    dx + max(c.x1 for c in glyphs), dy + max(c.y1 for c in glyphs), text))
    except Exception:  # a stamp that cannot be read leaves the page text as pdfminer gives it
        return {}
    return found


@dataclass
class _FakePage:
    """What PDFPageAggregator.begin_page needs of a page, for an appearance stream."""

    mediabox: list[float]
    pageid: int = 0
    rotate: int = 0

    @property
    def cropbox(self) -> list[float]:
        return self.mediabox


def _needs_ocr(page: _Page) -> bool:
    """A scan: an image and (almost) no text, or a page-sized image and little text
    (e.g. only the e-signature stamp line of a scanned copy)."""
    chars = len(_ALNUM.findall(page.text))
    has_image = page.image_share > 0
    return (chars < MIN_PAGE_CHARS and has_image) or (page.image_share >= 0.5 and chars < MAX_STAMP_CHARS)


def _render_page(data: bytes, index: int) -> object:
    """Render page ``index`` to a PIL image at OCR_DPI (pixel count capped)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[index]
        width, height = page.get_size()
        scale = OCR_DPI / 72
        pixels = width * scale * height * scale
        if pixels > MAX_RENDER_PIXELS:
            scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        return page.render(scale=scale).to_pil()
    finally:
        doc.close()


def _ocr_pages(data: bytes, pages: list[_Page], warnings: list[str]) -> bool:
    """OCR every page that needs it, in place; True when any page was OCR'd."""
    from pipeline.read.ocr import ocr_image, tesseract_path

    todo = [i for i, page in enumerate(pages) if _needs_ocr(page)]
    if not todo:
        return False
    if tesseract_path() is None:
        warnings.append("tesseract is not installed: scanned pages left without text")
        warnings.extend(f"page {i + 1}: needs_ocr" for i in todo)
        return False
    done = False
    for i in todo:
        try:
            found = ocr_image(_render_page(data, i))  # type: ignore[arg-type]
            pages[i].text = (pages[i].text.strip() + "\n" + found).lstrip()
            done = True
        except ReadError as exc:
            warnings.append(f"page {i + 1}: needs_ocr ({exc})")
        except Exception as exc:  # pdfium render failure on one page must not lose the rest
            warnings.append(f"page {i + 1}: needs_ocr (render failed: {type(exc).__name__})")
    return done


def _legacy_fix(text: str, warnings: list[str]) -> tuple[str, str | None]:
    from pipeline.read.text import _maybe_legacy

    legacy = _maybe_legacy(text)
    if legacy is None:
        return text, None
    warnings.append(f"text layer is in the legacy {legacy.encoding} font encoding: converted")
    return legacy.text, legacy.encoding


def read_pdf_bytes(data: bytes, *, ocr: bool = True) -> RawDocument:
    """Read PDF bytes into a RawDocument (format ``pdf``)."""
    if not data.strip():
        raise ReadError("empty", "file is empty")
    if b"%PDF-" not in data[:1024]:
        raise ReadError("truncated_pdf", "no %PDF- header: not a PDF file")
    try:
        extraction = _extract(data)
    except Exception as exc:  # pdfminer raises many unrelated types on hostile input
        raise _classify(exc, data) from None
    if not extraction.pages:
        raise ReadError("truncated_pdf", "PDF has no readable page (truncated or corrupt)")
    warnings = extraction.warnings
    if b"%%EOF" not in data[-2048:]:
        warnings.append("no %%EOF marker at the end: the file may be truncated")
    try:
        _tables(data, extraction.pages, warnings)
    except ReadError:
        raise
    except Exception as exc:  # a table the grid finder cannot read keeps its line-by-line text
        warnings.append(f"table grid not read ({type(exc).__name__})")
    used_ocr = False
    if ocr:
        used_ocr = _ocr_pages(data, extraction.pages, warnings)
    else:
        warnings.extend(f"page {i + 1}: needs_ocr" for i, p in enumerate(extraction.pages) if _needs_ocr(p))
    text = "\f".join(page.text for page in extraction.pages)
    text, legacy = _legacy_fix(text, warnings)
    return RawDocument(
        text=text, format="pdf", encoding=legacy, pages=len(extraction.pages), ocr=used_ocr, warnings=warnings
    )


def read_pdf(path: Path, *, ocr: bool = True, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read a PDF file into a RawDocument (format ``pdf``)."""
    from pipeline.read.text import read_capped

    return read_pdf_bytes(read_capped(path, max_bytes), ocr=ocr)
