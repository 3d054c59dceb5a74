"""OCR with the Tesseract CLI (``-l vie``), one subprocess per image, with a timeout.

``OMP_THREAD_LIMIT=1`` is set for the subprocess (FINDINGS: 6-8x faster per page on
a small machine; parallelism comes from running one process per core). Tesseract
emits ``Ð`` (U+00D0, Icelandic eth) for ``Đ``: mapped to U+0110, ``ð`` to ``đ``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.models import RawDocument
from pipeline.read.limits import MAX_FILE_BYTES, OCR_TIMEOUT_S, ReadError

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_IMAGE_PIXELS = 80_000_000
_OCR_FIXES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def tesseract_path() -> str | None:
    """Path of the tesseract executable, or None when it is not installed."""
    return shutil.which(os.environ.get("TESSERACT_CMD", "tesseract"))


def clean_ocr_text(text: str) -> str:
    """Fix known Tesseract glyph confusions and normalize to NFC."""
    return unicodedata.normalize("NFC", text.translate(_OCR_FIXES)).replace("\x0c", "").rstrip() + "\n"


def _run_tesseract(image_path: Path, lang: str, psm: int | None) -> str:
    exe = tesseract_path()
    if exe is None:
        raise ReadError(
            "ocr_unavailable", "tesseract is not installed: cannot OCR (apt install tesseract-ocr-vie)"
        )
    cmd = [exe, str(image_path), "stdout", "-l", lang]
    if psm is not None:
        cmd += ["--psm", str(psm)]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=OCR_TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError("ocr_timeout", f"tesseract took longer than {OCR_TIMEOUT_S} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit status {done.returncode}"
        kind = "ocr_unavailable" if "language" in reason.lower() or "traineddata" in reason else "unreadable"
        raise ReadError(kind, f"tesseract failed: {reason}")
    return done.stdout.decode("utf-8", "replace")


def _check_pixels(image: Image) -> None:
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise ReadError("too_large", f"image is {image.width}x{image.height} pixels (cap {MAX_IMAGE_PIXELS})")


def ocr_image(image: Path | Image, lang: str = "vie", *, psm: int | None = None) -> str:
    """OCR one image (a path or a PIL image) and return cleaned NFC text."""
    if isinstance(image, Path | str):
        return clean_ocr_text(_run_tesseract(Path(image), lang, psm))
    _check_pixels(image)
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        return clean_ocr_text(_run_tesseract(png, lang, psm))


def _image_frames(path: Path) -> list[Image]:
    """Frames of an image file (a multi-page TIFF has several), size-checked."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    PILImage.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with PILImage.open(path) as img:
            frames = []
            for index in range(getattr(img, "n_frames", 1)):
                img.seek(index)
                _check_pixels(img)
                frames.append(img.convert("RGB"))
            return frames
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, ValueError, EOFError) as exc:
        kind = "too_large" if isinstance(exc, PILImage.DecompressionBombError) else "unreadable"
        raise ReadError(kind, f"not a readable image ({type(exc).__name__}: {exc})") from None


def read_image(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """OCR an image file (.png .jpg .tif ...) into a RawDocument (format ``image``)."""
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty", "file is empty (0 bytes)")
    if size > max_bytes:
        raise ReadError("too_large", f"file is larger than {max_bytes // 2**20} MB")
    if tesseract_path() is None:
        raise ReadError("ocr_unavailable", "tesseract is not installed: cannot OCR an image")
    frames = _image_frames(path)
    texts = [ocr_image(frame) for frame in frames]
    text = "\f".join(texts)
    warnings = [] if text.strip() else ["OCR found no text"]
    return RawDocument(text=text, format="image", pages=len(frames), ocr=True, warnings=warnings)
