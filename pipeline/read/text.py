"""Plain text and Markdown: decode bytes in whatever encoding Vietnamese files come in.

Order of decisions in :func:`decode_text`:

1. empty / whitespace only → ``ReadError('empty')``;
2. a BOM (UTF-8, UTF-16 LE/BE) decides;
3. BOM-less UTF-16 is recognised by its NUL pattern (NULs at every other byte);
4. strict UTF-8; the result is still checked for legacy TCVN3/VNI glyphs (a legacy
   file that went through a UTF-8 converter keeps its ``µ¸¶`` surface characters);
5. otherwise each of cp1258, TCVN3 and VNI is tried and the most Vietnamese-looking
   result wins (scored by common syllables, see :func:`vietnamese_score`);
6. mostly-UTF-8 bytes with a few invalid sequences are decoded with replacement and
   a warning; anything else (NULs, control characters, no plausible decoding) is
   ``ReadError('binary')``.

Legacy conversion uses viparse's tables (``viparse.normalize.tables.convert``), which
also undo the TCVN3 soft-hyphen trap (byte 0xAD is ``ư``; PDF extractors turn it into
U+2212). TCVN3 has no accented capitals, so converted text may lose case.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.models import RawDocument
from pipeline.read.limits import MAX_FILE_BYTES, ReadError

_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01
_MAX_REPLACED_SHARE = 0.2  # a few bad bytes are tolerated with a warning; mostly U+FFFD is binary
_MAX_REPLACED_SHARE = 0.01
_MIN_VIETNAMESE_SCORE = 0.35
_LEGACY_MARGIN = 0.1
_SCORE_SAMPLE = 200_000
_MIN_LEGACY_GLYPHS = 3
_LEGACY_GLYPH_RE = re.compile("[\u00a0-\u00ff\u2212\u2219]")

# Vietnamese letters (lowercase, NFC) beyond ASCII a-z.
_VN_LETTERS = frozenset("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ") | frozenset(
    "abcdefghijklmnopqrstuvwxyz"
)
_TOKEN_STRIP = "\"'“”‘’()[]{}<>.,;:!?…-–—*_/\\|#+=%&^~`"


@dataclass
class Decoded:
    """Result of decoding: text (NFC), encoding name, warnings about the decoding."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


@cache
def _common_syllables() -> frozenset[str]:
    path = resources.files("pipeline.resources").joinpath("legacy_encodings.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(data["common_syllables"])


def vietnamese_score(text: str) -> float:
    """How Vietnamese ``text`` looks, in [0, 1].

    Each word-like token scores 1 when it is a common Vietnamese syllable, 0.5 when it
    is made only of Vietnamese letters, 0 otherwise (a wrong decoding leaves tokens
    such as ``céng`` or ``hoµ``). Tokens without letters are ignored.
    """
    common = _common_syllables()
    total = 0.0
    count = 0
    for raw in text[:_SCORE_SAMPLE].split():
        token = raw.strip(_TOKEN_STRIP).lower()
        if not token or not any(ch.isalpha() for ch in token) or token.isascii() and not token.isalpha():
            continue
        count += 1
        if token in common:
            total += 1.0
        elif all(ch in _VN_LETTERS for ch in token):
            total += 0.5
    return total / count if count else 0.0


def _legacy_charmaps() -> dict[str, object]:
    from viparse.normalize.tcvn3 import TCVN3
    from viparse.normalize.vni import VNI

    return {"tcvn3": TCVN3, "vni": VNI}


def convert_legacy(text: str, encoding: str) -> str:
    """Convert text whose characters are TCVN3/VNI surface glyphs to Unicode (NFC)."""
    from viparse.normalize.tables import convert

    return convert(text, _legacy_charmaps()[encoding], "NFC")  # type: ignore[arg-type]


def _control_share(text: str) -> float:
    """Share of control characters (Unicode Cc) other than tab, newlines, form feed."""
    if not text:
        return 0.0
    return sum(1 for _ in _CONTROL_RE.finditer(text)) / len(text)


def _strip_controls(text: str) -> str:
    return _CONTROL_RE.sub("", text)


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit at every other byte, else None."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even_nul = sample[0::2].count(0) / pairs
    odd_nul = sample[1::2].count(0) / pairs
    if odd_nul > 0.3 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def _decode_bom(data: bytes) -> Decoded | None:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", "utf-8")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[2:], codec, "utf-16", replace=True)
    return None


def _strict(data: bytes, codec: str, name: str, *, replace: bool = False) -> Decoded | None:
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError:
        if not replace:
            return None
        text = data.decode(codec, errors="replace")
        return Decoded(text, name, [f"{text.count(chr(0xFFFD))} invalid {name} sequences replaced"])


def _maybe_legacy(text: str) -> Decoded | None:
    """If ``text`` holds TCVN3/VNI surface glyphs, the converted text when it scores better."""
    sample = text[:_SCORE_SAMPLE]
    glyphs = sum(1 for ch in _LEGACY_GLYPH_RE.findall(sample) if ch.lower() not in _VN_LETTERS)
    if glyphs < _MIN_LEGACY_GLYPHS:
        return None
    best_name: str | None = None
    best_score = vietnamese_score(sample) + _LEGACY_MARGIN
    for name in _legacy_charmaps():
        score = vietnamese_score(convert_legacy(sample, name))
        if score > best_score:
            best_name, best_score = name, score
    if best_name is None:
        return None
    return Decoded(convert_legacy(text, best_name), best_name)


def _decode_as(data: bytes, name: str) -> Decoded | None:
    """Decode ``data`` as cp1258 or a legacy font encoding; None if it does not fit."""
    if name == "cp1258":
        decoded = _strict(data, "cp1258", "cp1258")
        if decoded is not None:
            decoded.text = unicodedata.normalize("NFC", decoded.text)
        return decoded
    latin = data.decode("latin-1")
    if _control_share(latin) > _MAX_CONTROL_SHARE:
        return None
    return Decoded(convert_legacy(latin, name), name)


def _decode_8bit(data: bytes) -> Decoded | None:
    """Best of cp1258 / TCVN3 / VNI by Vietnamese score (on a sample), or None."""
    sample = data[:_SCORE_SAMPLE]
    scored: list[tuple[float, str]] = []
    for name in ("cp1258", "tcvn3", "vni"):
        trial = _decode_as(sample, name)
        if trial is not None:
            scored.append((vietnamese_score(trial.text), name))
    for score, name in sorted(scored, reverse=True):
        if score < _MIN_VIETNAMESE_SCORE:
            break
        decoded = _decode_as(data, name)
        if decoded is not None:
            return decoded
    return None


def _finish(decoded: Decoded) -> Decoded:
    """Reject binary-looking text, strip stray control characters, normalize to NFC."""
    share = _control_share(decoded.text)
    if "\x00" in decoded.text or share > _MAX_CONTROL_SHARE:
        raise ReadError(
            "binary", f"binary content: {share:.1%} control characters after {decoded.encoding} decoding"
        )
    replaced = decoded.text.count("\ufffd") / max(1, len(decoded.text))
    if replaced > _MAX_REPLACED_SHARE:
        raise ReadError(
            "binary", f"binary content: {replaced:.1%} undecodable characters after {decoded.encoding} decoding"
        )
    text = decoded.text
    if share:
        text = _strip_controls(text)
        decoded.warnings.append("control characters removed")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise ReadError("empty", "file has no text (whitespace only)")
    return Decoded(text, decoded.encoding, decoded.warnings)


def _decode_utf8_family(data: bytes) -> Decoded | None:
    """Strict UTF-8 (maybe holding legacy glyphs), BOM-less UTF-16, or None."""
    guess = _utf16_guess(data)
    if guess is not None:
        decoded = _strict(data, guess, "utf-16", replace=True)
        if decoded is not None and _control_share(decoded.text) <= _MAX_CONTROL_SHARE:
            return decoded
    decoded = _strict(data, "utf-8", "utf-8")
    if decoded is None:
        return None
    legacy = _maybe_legacy(decoded.text)
    if legacy is not None:
        legacy.warnings.append(f"UTF-8 text held {legacy.encoding} glyphs: converted")
        return legacy
    return decoded


def _decode_lenient_utf8(data: bytes) -> Decoded | None:
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if replaced / max(len(text), 1) > _MAX_REPLACED_SHARE:
        return None
    return Decoded(text, "utf-8", [f"{replaced} invalid UTF-8 sequences replaced with U+FFFD"])


def decode_text(data: bytes) -> Decoded:
    """Decode raw bytes of a text file; see the module docstring for the rules."""
    if not data.strip(b" \t\r\n\f\v"):
        raise ReadError("empty", "file is empty" if not data else "file has no text (whitespace only)")
    decoded = _decode_bom(data) or _decode_utf8_family(data)
    if decoded is None:
        if b"\x00" in data:
            raise ReadError("binary", "binary content: NUL bytes and no text encoding fits")
        decoded = _decode_8bit(data) or _decode_lenient_utf8(data)
    if decoded is None:
        raise ReadError("binary", "binary content: not UTF-8/UTF-16 and no Vietnamese 8-bit encoding fits")
    return _finish(decoded)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes to NFC text; returns ``(text, encoding)``.

    Encoding names: ``utf-8``, ``utf-16``, ``cp1258``, ``tcvn3``, ``vni``.
    Raises ``ReadError`` (``empty`` / ``binary``).
    """
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


def read_text(path: Path, *, fmt: str = "txt", max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read a .txt/.md file into a RawDocument (format ``txt`` or ``md``)."""
    data = read_capped(path, max_bytes)
    decoded = decode_text(data)
    return RawDocument(text=decoded.text, format=fmt, encoding=decoded.encoding, warnings=decoded.warnings)


def read_capped(path: Path, max_bytes: int) -> bytes:
    """Read a whole file, refusing it (``too_large``) past ``max_bytes``."""
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadError("too_large", f"file is larger than {max_bytes // 2**20} MB")
    return data
