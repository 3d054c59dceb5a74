"""Text decoding: real Vietnamese phrases round-trip through every supported encoding.

The legacy bytes are built by inverting viparse's conversion tables. TCVN3 has no
accented capitals (the ``.VnTimeH`` font draws lowercase bytes as capitals), so an
accented capital is encoded with its lowercase byte and comes back lowercase: the
expected text of the TCVN3 case is lowercased at exactly those characters.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from pipeline.read import ReadError, read_file
from pipeline.read.text import decode_bytes, vietnamese_score

# Real lines of the seed documents (NFC).
PHRASES = [
    "Triển khai thực hiện Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban",
    "Căn cứ Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành",
    "chức, viên chức và nhân dân trên địa bàn thành phố.",
    "cố vững chắc lòng tin của Nhân dân đối với Đảng và Nhà nước.",
    "b) Xác định lộ trình cụ thể để bảo đảm thực hiện ngay các nội dung trong Chỉ",
    "d) Kết quả triển khai thực hiện Kế hoạch này là một trong những tiêu chí để",
    "1. Về công tác quán triệt, thông tin, tuyên truyền",
    "- Hình thức: Bằng hình thức phù hợp.",
    "quan đến thực hiện dân chủ ở cơ sở; đề xuất sửa đổi, bổ sung, thay thế, bãi",
    "b) Cơ quan phối hợp: Các Sở, ban, ngành, Ủy ban nhân dân các quận, huyện,",
    "4. Tổ chức các hình thức thực hiện dân chủ nhằm hiện thực hóa mục",
    "xây dựng các mô hình hướng tới phục vụ Nhân dân, để Nhân dân thành phố thực",
    "thoại trực tiếp giữa chỉ huy và cán bộ, chiến sĩ thuộc quyền, củng cố mối quan",
    "tình hình của từng địa phương. Định kỳ Quý I hàng năm, Ủy ban nhân dân cấp",
    "5. Tổ chức theo dõi, kiểm tra, giám sát và báo cáo kết quả thi hành",
    "c) Thời gian thực hiện: Hàng năm",
    "- Phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị -",
    "chính trị; phát huy vai trò và nâng cao chất lượng phản biện xã hội của Nhân",
    "ích hợp pháp, chính đáng của đoàn viên, hội viên; tuyên truyền, vận động, tập",
    "1. Thủ trưởng Sở, ban, ngành, Ủy ban nhân dân các quận, huyện, xã,",
    "d) Chịu trách nhiệm nếu để xảy ra vi phạm pháp luật về dân chủ ở cơ sở",
    "đơn vị, địa phương, gửi về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân",
    "quan hành chính nhà nước và chính quyền các cấp trên địa bàn thành phố thực",
    "hiện Quy chế dân chủ 06 tháng và 01 năm.",
]

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _inverse(encoding: str) -> dict[str, str]:
    from viparse.normalize.tcvn3 import TCVN3
    from viparse.normalize.vni import VNI

    charmap = TCVN3 if encoding == "tcvn3" else VNI
    return {uni: legacy for legacy, uni in charmap.pairs}


def encode_legacy(text: str, encoding: str) -> tuple[bytes, str]:
    """TCVN3/VNI bytes of ``text`` and the text expected back (capitals may fold)."""
    table = _inverse(encoding)
    out: list[str] = []
    expected: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            expected.append(ch)
        elif ch in table:
            out.append(table[ch])
            expected.append(ch)
        elif encoding == "tcvn3" and ch.lower() in table:
            out.append(table[ch.lower()])
            expected.append(ch.lower())
        else:
            raise AssertionError(f"{ch!r} has no {encoding} form")
    return "".join(out).encode("latin-1"), "".join(expected)


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letter (precomposed where cp1258 has it) + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("phrase", PHRASES)
def test_utf8_utf16_cp1258_roundtrip(phrase: str) -> None:
    assert decode_bytes(phrase.encode("utf-8")) == (phrase, "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + phrase.encode("utf-8")) == (phrase, "utf-8")
    assert decode_bytes(phrase.encode("utf-16")) == (phrase, "utf-16")
    assert decode_bytes(phrase.encode("utf-16-le")) == (phrase, "utf-16")
    assert decode_bytes(phrase.encode("utf-16-be")) == (phrase, "utf-16")
    assert decode_bytes(encode_cp1258(phrase)) == (phrase, "cp1258")


@pytest.mark.parametrize("phrase", PHRASES)
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_roundtrip(phrase: str, encoding: str) -> None:
    data, expected = encode_legacy(phrase, encoding)
    assert decode_bytes(data) == (expected, encoding)


def test_tcvn3_soft_hyphen_is_u_horn() -> None:
    # 0xAD is the soft hyphen in Latin-1 but the letter ư in TCVN3.
    data, expected = encode_legacy("Thường vụ Thành ủy, người dân được hưởng", "tcvn3")
    assert b"\xad" in data
    assert decode_bytes(data) == (expected, "tcvn3")


def test_tcvn3_converted_already_to_utf8_glyphs() -> None:
    # A legacy file that went through a UTF-8 converter keeps its surface glyphs.
    data, expected = encode_legacy(" ".join(PHRASES[:6]), "tcvn3")
    text, encoding = decode_bytes(data.decode("latin-1").encode("utf-8"))
    assert (text, encoding) == (expected, "tcvn3")


def test_whole_document_in_every_encoding(tmp_path: Path) -> None:
    text = "\n".join(PHRASES)
    for encoding, data in [
        ("utf-8", text.encode("utf-8")),
        ("utf-16", text.encode("utf-16")),
        ("cp1258", encode_cp1258(text)),
        ("vni", encode_legacy(text, "vni")[0]),
    ]:
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(data)
        doc = read_file(path)
        assert (doc.text, doc.encoding, doc.format) == (text, encoding, "txt")


def test_nfd_input_comes_back_nfc() -> None:
    phrase = PHRASES[1]
    text, _ = decode_bytes(unicodedata.normalize("NFD", phrase).encode("utf-8"))
    assert text == phrase


def test_markdown_format(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("**KẾ HOẠCH**\n\n" + PHRASES[0], encoding="utf-8")
    assert read_file(path).format == "md"


def test_score_separates_vietnamese_from_mojibake() -> None:
    good = " ".join(PHRASES)
    bad = encode_legacy(good, "tcvn3")[0].decode("cp1258", errors="replace")
    assert vietnamese_score(good) > 0.8 > 0.4 > vietnamese_score(bad)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty(data: bytes) -> None:
    with pytest.raises(ReadError) as info:
        decode_bytes(data)
    assert info.value.kind == "empty"


def test_binary_garbage() -> None:
    import random

    data = random.Random(7).randbytes(4096)
    with pytest.raises(ReadError) as info:
        decode_bytes(data)
    assert info.value.kind == "binary"


def test_invalid_utf8_is_repaired_with_a_warning(tmp_path: Path) -> None:
    text = "\n".join(PHRASES)
    data = text.encode("utf-8")
    broken = data[:100] + b"\xff\xfe\xc3" + data[100:]
    path = tmp_path / "broken.txt"
    path.write_bytes(broken)
    doc = read_file(path)
    assert doc.encoding == "utf-8"
    assert "\ufffd" in doc.text
    assert any("invalid UTF-8" in w for w in doc.warnings)
