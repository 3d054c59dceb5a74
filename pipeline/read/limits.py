"""Caps against hostile inputs, and the helpers that enforce them.

Every reader goes through these caps, so one bad file can cost at most a bounded
amount of memory and time:

- ``MAX_FILE_BYTES``: the raw size of any input file.
- ``MAX_ZIP_TOTAL_BYTES`` / ``MAX_ZIP_MEMBER_BYTES``: inflated sizes inside a .docx;
  the declared sizes in the zip headers are checked *and* the real inflated size is
  counted chunk by chunk (headers can lie).
- ``MAX_PDF_STREAM_BYTES``: the inflated size of any one Flate stream of a PDF;
  :func:`capped_pdf_streams` patches pdfminer's zlib calls for the duration of a read.
- ``MAX_XML_BYTES``: size of one XML part handed to the parser.
"""

from __future__ import annotations

import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

MAX_FILE_BYTES = 64 * 2**20
MAX_ZIP_TOTAL_BYTES = 200 * 2**20
MAX_ZIP_MEMBER_BYTES = 200 * 2**20
MAX_ZIP_MEMBERS = 10_000
MAX_XML_BYTES = 100 * 2**20
MAX_PDF_STREAM_BYTES = 64 * 2**20
MAX_PDF_PAGES = 2_000
READ_CHUNK = 1 * 2**20
OCR_TIMEOUT_S = 120


class ReadError(Exception):
    """An input that cannot be read; ``str(e)`` is a one-line reason, ``kind`` a short code.

    Kinds: ``empty``, ``binary``, ``truncated_pdf``, ``encrypted_pdf``, ``not_a_zip``,
    ``zip_bomb``, ``too_large``, ``unsupported_extension``, ``unreadable``,
    ``xml_entities``, ``pdf_stream_bomb``, ``ocr_unavailable``, ``bad_docx``.
    (Defined here, re-exported as ``pipeline.read.ReadError``.)
    """

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason.replace("\n", " "))
        self.kind = kind

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.kind, str(self)))


class LimitExceeded(ReadError):
    """A cap was hit (``kind`` is ``zip_bomb``, ``pdf_stream_bomb`` or ``too_large``)."""


class ZipBudget:
    """Running total of bytes inflated from one archive, shared by all its members."""

    def __init__(self, total_cap: int = MAX_ZIP_TOTAL_BYTES) -> None:
        self.total_cap = total_cap
        self.used = 0

    def charge(self, n: int, name: str) -> None:
        """Add ``n`` inflated bytes; raise ``LimitExceeded('zip_bomb')`` past the cap."""
        self.used += n
        if self.used > self.total_cap:
            raise LimitExceeded(
                "zip_bomb", f"zip inflates past {self.total_cap // 2**20} MB (at member {name!r})"
            )


def check_zip_headers(zf: zipfile.ZipFile, total_cap: int = MAX_ZIP_TOTAL_BYTES) -> None:
    """Refuse an archive whose *declared* sizes already exceed the caps."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LimitExceeded("zip_bomb", f"zip has {len(infos)} members (cap {MAX_ZIP_MEMBERS})")
    declared = 0
    for info in infos:
        if info.file_size > MAX_ZIP_MEMBER_BYTES:
            raise LimitExceeded(
                "zip_bomb", f"zip member {info.filename!r} declares {info.file_size} bytes inflated"
            )
        declared += info.file_size
    if declared > total_cap:
        raise LimitExceeded("zip_bomb", f"zip declares {declared} bytes inflated (cap {total_cap})")


def read_zip_member(
    zf: zipfile.ZipFile,
    name: str,
    *,
    budget: ZipBudget | None = None,
    cap: int = MAX_ZIP_MEMBER_BYTES,
) -> bytes:
    """Read one member chunk by chunk, aborting as soon as the inflated size passes ``cap``.

    The header's declared size is not trusted: bytes are counted as they come out of
    the inflater, so a member that lies about its size is still stopped.
    """
    budget = budget or ZipBudget()
    parts: list[bytes] = []
    size = 0
    with zf.open(name) as member:
        while True:
            chunk = member.read(READ_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise LimitExceeded("zip_bomb", f"zip member {name!r} inflates past {cap // 2**20} MB")
            budget.charge(len(chunk), name)
            parts.append(chunk)
    return b"".join(parts)


# --- PDF Flate streams -----------------------------------------------------------

_patch_lock = threading.Lock()


def capped_inflate(data: bytes, cap: int = MAX_PDF_STREAM_BYTES) -> bytes:
    """zlib-inflate ``data`` but never produce more than ``cap`` bytes.

    Raises ``LimitExceeded('pdf_stream_bomb')`` when the stream would inflate past
    the cap; raises ``zlib.error`` on corrupt data like ``zlib.decompress`` does.
    """
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, cap + 1)
    if len(out) > cap:
        raise LimitExceeded("pdf_stream_bomb", f"a PDF stream inflates past {cap // 2**20} MB: refused")
    return out


def _capped_decompress(cap: int) -> Callable[..., bytes]:
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        return capped_inflate(data, cap)

    return decompress


class _CappedDecompressObj:
    """Stand-in for ``zlib.decompressobj()`` with a total output cap."""

    def __init__(self, cap: int, *args: Any) -> None:
        self._inner = zlib.decompressobj(*args)
        self._cap = cap
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = self._cap + 1 - self._out
        limit = room if max_length <= 0 else min(room, max_length)
        out = self._inner.decompress(data, limit)
        self._out += len(out)
        if self._out > self._cap:
            raise LimitExceeded(
                "pdf_stream_bomb", f"a PDF stream inflates past {self._cap // 2**20} MB: refused"
            )
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._inner.flush(*args)
        self._out += len(out)
        if self._out > self._cap:
            raise LimitExceeded("pdf_stream_bomb", "a PDF stream inflates past the cap: refused")
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CappedZlib:
    """A module-like object exposing zlib with capped inflation."""

    def __init__(self, cap: int) -> None:
        self.decompress = _capped_decompress(cap)
        self._cap = cap

    def decompressobj(self, *args: Any) -> _CappedDecompressObj:
        return _CappedDecompressObj(self._cap, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _capped_corrupted(cap: int) -> Callable[[bytes], bytes]:
    """Replacement for pdfminer's ``decompress_corrupted`` (bad checksum streams).

    pdfminer's version feeds one byte at a time and concatenates bytes objects
    (quadratic); this one inflates in chunks, keeps what came out before the error
    and applies the same cap.
    """

    def decompress_corrupted(data: bytes) -> bytes:
        inflater = _CappedDecompressObj(cap)
        parts: list[bytes] = []
        step = 64 * 1024
        for start in range(0, len(data), step):
            try:
                parts.append(inflater.decompress(data[start : start + step]))
            except zlib.error:
                if start == 0 and not parts:
                    raise
                break
        return b"".join(parts)

    return decompress_corrupted


def _capped_lzw(cap: int) -> Callable[[bytes], bytes]:
    """LZW decoding with an output cap (LZW expands up to ~2700 times)."""
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    def lzwdecode(data: bytes) -> bytes:
        parts: list[bytes] = []
        size = 0
        for part in LZWDecoder(BytesIO(data)).run():
            size += len(part)
            if size > cap:
                raise LimitExceeded("pdf_stream_bomb", f"a PDF LZW stream inflates past {cap // 2**20} MB")
            parts.append(part)
        return b"".join(parts)

    return lzwdecode


def _capped_runlength(cap: int) -> Callable[[bytes], bytes]:
    """RunLength decoding that first computes the output size and refuses past ``cap``."""
    from pdfminer.runlength import rldecode

    def decode(data: bytes) -> bytes:
        size, i, n = 0, 0, len(data)
        while i < n:
            length = data[i]
            if length == 128:
                break
            if length < 128:
                size += length + 1
                i += length + 2
            else:
                size += 257 - length
                i += 2
            if size > cap:
                raise LimitExceeded(
                    "pdf_stream_bomb", f"a PDF RunLength stream inflates past {cap // 2**20} MB"
                )
        return rldecode(data)

    return decode


@contextmanager
def capped_pdf_streams(cap: int = MAX_PDF_STREAM_BYTES) -> Iterator[None]:
    """Within the block, pdfminer inflates PDF streams with an output cap.

    pdfminer calls ``zlib.decompress`` (in ``pdfminer.pdftypes``), a byte-by-byte
    ``decompress_corrupted`` fallback, ``lzwdecode`` and ``rldecode``; all are replaced
    through the module's names and restored on exit. A lock serialises the patch, so
    run one PDF read per thread at a time (processes are the unit of parallelism).
    """
    import pdfminer.pdftypes as pdftypes

    names = ("zlib", "decompress_corrupted", "lzwdecode", "rldecode")
    replacements = (
        _CappedZlib(cap),
        _capped_corrupted(cap),
        _capped_lzw(cap),
        _capped_runlength(cap),
    )
    with _patch_lock:
        originals = [getattr(pdftypes, name) for name in names]
        for name, value in zip(names, replacements, strict=True):
            setattr(pdftypes, name, value)
        try:
            yield
        finally:
            for name, value in zip(names, originals, strict=True):
                setattr(pdftypes, name, value)
