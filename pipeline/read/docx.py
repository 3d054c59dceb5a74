"""Word .docx: paragraphs and tables of ``word/document.xml`` in document order.

Read with ``zipfile`` (sizes capped, see :mod:`pipeline.read.limits`) and
``defusedxml`` (no DTD, no entities, no external references: a billion-laughs or an
XXE payload is refused with ``xml_entities`` and no file of the machine is read).

Output: one line per paragraph; a table row is one line ``| cell | cell |`` (the
paragraphs of a cell joined by a space; a nested table is flattened into its cell). Tables of one or two
columns are layout (header, signature): each paragraph of their cells becomes a line.
Literal numbering typed in the text is kept; automatic list numbering (``w:numPr``)
is not in the XML text and cannot be recovered exactly: nothing is emitted for it
and a warning counts the paragraphs concerned. Tracked deletions, field codes and
the fallback copy of alternate content are skipped. Headers, footers and footnotes
are not read.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from pipeline.models import RawDocument
from pipeline.read.limits import (
    MAX_FILE_BYTES,
    MAX_XML_BYTES,
    ReadError,
    ZipBudget,
    check_zip_headers,
    read_zip_member,
)
from pipeline.read.numbering import Numbering, paragraph_marker, parse_numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAIN_PART = "word/document.xml"
NUMBERING_PART = "word/numbering.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What zipfile raises on damaged archives (besides BadZipFile): unsupported versions or
# methods, bad header structs, bad names.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    struct.error,
)

_SKIP = {W + "delText", W + "instrText", W + "pPr", W + "rPr", MC_FALLBACK, W + "del"}
_CHARS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-", W + "softHyphen": "\xad"}


@dataclass
class _State:
    lines: list[str] = field(default_factory=list)
    numbered: int = 0
    numbering: Numbering = field(default_factory=Numbering)


def _inline_text(node: Element, state: _State) -> str:
    """Text of a paragraph (or any inline container), in order."""
    parts: list[str] = []
    for child in node:
        tag = child.tag
        if tag in _SKIP:
            if tag == W + "pPr" and child.find(W + "numPr") is not None:
                state.numbered += 1
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
        elif tag == W + "tbl":
            parts.append(" ".join(_row_line(row, state) for row in child.iter(W + "tr")))
        elif tag == W + "p":
            parts.append(" " + _inline_text(child, state))
        else:
            parts.append(_inline_text(child, state))
    return "".join(parts)


def _cell_text(cell: Element, state: _State) -> str:
    texts = [_inline_text(p, state).strip() for p in cell if p.tag in (W + "p", W + "tbl", W + "sdt")]
    return " ".join(t for t in texts if t).replace("\n", " ").replace("|", "/")


def _row_line(row: Element, state: _State) -> str:
    cells = [_cell_text(cell, state) for cell in _row_cells(row)]
    return "| " + " | ".join(cells) + " |"


def _layout_lines(rows: list[Element], state: _State) -> None:
    for row in rows:
        for cell in _row_cells(row):
            for block in cell:
                if block.tag in (W + "p", W + "sdt"):
                    line = _inline_text(block, state).strip()
                    if line:
                        state.lines.append(line)
                elif block.tag == W + "tbl":
                    _walk_block(cell, state)
                    break


def _row_cells(row: Element) -> list[Element]:
    cells: list[Element] = []
    for child in row:
        if child.tag == W + "tc":
            cells.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            cells.extend(child.iter(W + "tc"))
    return cells


def _walk_block(node: Element, state: _State) -> None:
    """Append the lines of block-level content (body, sdtContent, ...) in order."""
    for child in node:
        if child.tag == W + "p":
            marker = paragraph_marker(child, state.numbering)
            text = _inline_text(child, state).rstrip()
            state.lines.append(f"{marker} {text.lstrip()}" if marker and text.strip() else text)
        elif child.tag == W + "tbl":
            rows = [row for row in child if row.tag == W + "tr"]
            if max((len(_row_cells(row)) for row in rows), default=0) <= 2:
                _layout_lines(rows, state)  # header / signature tables: keep each paragraph a line
            else:
                state.lines.extend(_row_line(row, state) for row in rows)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"):
            _walk_block(child, state)


def docx_text(xml: bytes, numbering_xml: bytes | None = None) -> tuple[str, list[str]]:
    """Text and warnings of a ``word/document.xml`` payload; automatic list markers are
    rebuilt from ``word/numbering.xml`` when it is given."""
    root = parse_xml(xml)
    body = root.find(W + "body")
    state = _State(numbering=parse_numbering(parse_xml(numbering_xml) if numbering_xml else None))
    _walk_block(body if body is not None else root, state)
    text = "\n".join(state.lines)
    warnings: list[str] = []
    if state.numbered and not numbering_xml:
        warnings.append(
            f"{state.numbered} paragraphs use automatic numbering (w:numPr) but the file has no numbering.xml"
        )
    return text, warnings


def parse_xml(xml: bytes) -> Element:
    """Parse untrusted XML with DTDs, entities and external references forbidden."""
    try:
        return fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ReadError(
            "xml_entities", f"XML declares a DTD or entities ({type(exc).__name__}): refused"
        ) from None
    except (ParseError, ValueError, LookupError) as exc:
        raise ReadError("bad_docx", f"word/document.xml is not well-formed XML: {exc}") from None


def _open_zip(path: Path, max_bytes: int) -> zipfile.ZipFile:
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty", "file is empty (0 bytes)")
    if size > max_bytes:
        raise ReadError("too_large", f"file is larger than {max_bytes // 2**20} MB")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise ReadError("not_a_zip", "an OLE2 file (a legacy .doc or a password-protected .docx), not a zip")
    try:
        return zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        raise ReadError("not_a_zip", f"not a zip archive ({type(exc).__name__}: {exc})") from None


def _main_xml(zf: zipfile.ZipFile) -> bytes:
    names = set(zf.namelist())
    if MAIN_PART not in names:
        raise ReadError("bad_docx", f"zip has no {MAIN_PART}: not a Word document")
    try:
        return read_zip_member(zf, MAIN_PART, budget=ZipBudget(), cap=MAX_XML_BYTES)
    except ReadError:
        raise
    except (*_ZIP_ERRORS, zlib.error, RuntimeError) as exc:
        raise ReadError("bad_docx", f"cannot inflate {MAIN_PART} ({type(exc).__name__}: {exc})") from None


def _optional_part(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """A secondary part (numbering, styles) read under the same caps; None if absent or damaged."""
    if name not in set(zf.namelist()):
        return None
    try:
        return read_zip_member(zf, name, budget=ZipBudget(), cap=MAX_XML_BYTES)
    except (*_ZIP_ERRORS, zlib.error, RuntimeError):
        return None


def _legacy_fix(text: str, warnings: list[str]) -> tuple[str, str | None]:
    """Convert a TCVN3/VNI-font document to Unicode; drop soft hyphens otherwise."""
    from pipeline.read.text import _maybe_legacy

    legacy = _maybe_legacy(text)
    if legacy is None:
        return text.replace("\xad", ""), None
    warnings.append(f"text is in the legacy {legacy.encoding} font encoding: converted")
    return legacy.text, legacy.encoding


def read_docx(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read a .docx file into a RawDocument (format ``docx``)."""
    with _open_zip(path, max_bytes) as zf:
        check_zip_headers(zf)
        xml = _main_xml(zf)
        numbering_xml = _optional_part(zf, NUMBERING_PART)
    try:
        text, warnings = docx_text(xml, numbering_xml)
    except RecursionError:
        raise ReadError("bad_docx", "word/document.xml is nested too deeply") from None
    text, legacy = _legacy_fix(text, warnings)
    if not text.strip():
        raise ReadError("empty", "the Word document has no text")
    return RawDocument(text=text, format="docx", encoding=legacy, warnings=warnings)
