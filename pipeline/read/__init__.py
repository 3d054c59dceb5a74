"""Readers: turn one input file into a :class:`~pipeline.models.RawDocument`.

``read_file`` dispatches by extension; the first bytes are sniffed, and a file whose
content does not match its extension (a PDF named ``.txt``, a zip named ``.pdf``) is
read by its real type with a warning, or refused with a clear ``ReadError``.
Every failure is a ``ReadError`` with a one-line ``str(e)`` and a short ``kind``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from pipeline.models import RawDocument
from pipeline.read.limits import MAX_FILE_BYTES, ReadError

__all__ = ["ReadError", "read_file", "EXTENSIONS", "FORMAT_OF_EXTENSION", "sniff"]

FORMAT_OF_EXTENSION: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".pdf": "pdf",
    ".docx": "docx",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}
EXTENSIONS = frozenset(FORMAT_OF_EXTENSION)

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(head: bytes) -> str | None:
    """Real type from the first bytes: ``pdf``, ``zip``, ``image``, ``ole``, or None (text?)."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def _check_file(path: Path, max_bytes: int) -> os.stat_result:
    """Refuse what is not a readable regular file of acceptable size."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ReadError("unreadable", f"cannot stat file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("unreadable", "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("unreadable", "not a regular file (FIFO, socket or device)")
    if info.st_size > max_bytes:
        raise ReadError(
            "too_large", f"file is {info.st_size // 2**20} MB, larger than the {max_bytes // 2**20} MB cap"
        )
    if info.st_size == 0:
        raise ReadError("empty", "file is empty (0 bytes)")
    return info


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(1024)
    except OSError as exc:
        raise ReadError("unreadable", f"cannot open file: {exc.strerror or exc}") from None


def _reader_for(fmt: str, ocr: bool, max_bytes: int) -> Callable[[Path], RawDocument]:
    from pipeline.read.docx import read_docx
    from pipeline.read.ocr import read_image
    from pipeline.read.pdf import read_pdf
    from pipeline.read.text import read_text

    readers: dict[str, Callable[[Path], RawDocument]] = {
        "txt": lambda p: read_text(p, fmt="txt", max_bytes=max_bytes),
        "md": lambda p: read_text(p, fmt="md", max_bytes=max_bytes),
        "pdf": lambda p: read_pdf(p, ocr=ocr, max_bytes=max_bytes),
        "docx": lambda p: read_docx(p, max_bytes=max_bytes),
        "image": lambda p: read_image(p, max_bytes=max_bytes),
    }
    return readers[fmt]


def _resolve_format(declared: str, real: str | None) -> tuple[str, str | None]:
    """Format to read with, and a warning when the content overrides the extension."""
    if real is None or real == "ole":
        if real == "ole":
            raise ReadError(
                "not_a_zip", "an OLE2 file (legacy .doc/.xls or a password-protected Office file)"
            )
        if declared == "docx":
            raise ReadError("not_a_zip", "not a zip archive (no PK signature): not a .docx")
        if declared in ("pdf", "image"):
            raise ReadError(
                "unreadable", f"content does not look like a {declared} file (no {declared} signature)"
            )
        return declared, None
    wanted = {"txt": None, "md": None, "pdf": "pdf", "docx": "zip", "image": "image"}[declared]
    if real == wanted:
        return declared, None
    actual = {"pdf": "pdf", "zip": "docx", "image": "image"}[real]
    return actual, f"extension says {declared} but the content is {real}: read as {actual}"


def read_file(path: Path, *, ocr: bool = True, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read any accepted input into a RawDocument; raises ``ReadError`` on a bad input."""
    path = Path(path)
    declared = FORMAT_OF_EXTENSION.get(path.suffix.lower())
    if declared is None:
        raise ReadError("unsupported_extension", f"unsupported extension {path.suffix or '(none)'}")
    _check_file(path, max_bytes)
    fmt, warning = _resolve_format(declared, sniff(_head(path)))
    if fmt == "image" and not ocr:
        raise ReadError("ocr_unavailable", "image input needs OCR, which is turned off")
    try:
        doc = _reader_for(fmt, ocr, max_bytes)(path)
    except ReadError:
        raise
    except PermissionError as exc:
        raise ReadError("unreadable", f"permission denied: {exc.strerror}") from None
    except OSError as exc:
        raise ReadError("unreadable", f"I/O error: {exc.strerror or exc}") from None
    except MemoryError:
        raise ReadError("too_large", "out of memory while reading") from None
    if warning:
        doc.warnings.insert(0, warning)
    return doc
