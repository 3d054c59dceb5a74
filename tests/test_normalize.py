"""Normalizer: NFC, tone placement, unwrapping, chrome and page furniture."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import modern_tones, normalize
from tests.conftest import shared_path

TONES = [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("hoà bình", "hòa bình"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("thuỷ lợi", "thủy lợi"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("quý I", "quý I"),  # qu + y keeps its tone
    ("hoàn thành", "hoàn thành"),  # oa not word-final
    ("Thuỵ Khuê", "Thụy Khuê"),
    ("hoặc", "hoặc"),  # oă + a final consonant: the tone stays (NFD puts the dot before the breve)
    ("ngoặt", "ngoặt"),
    ("Huỳnh", "Huỳnh"),
]


@pytest.mark.parametrize(("old", "new"), TONES)
def test_modern_tones(old: str, new: str) -> None:
    assert modern_tones(old) == new


def test_decomposed_input_becomes_nfc() -> None:
    text = unicodedata.normalize("NFD", "KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 15-CT/TU")
    assert normalize(text).text == unicodedata.normalize("NFC", "KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 15-CT/TU")


def test_ocr_eth_is_dyet() -> None:
    assert "Đ" in normalize("\u00d0ảng ủy").text


def test_pdf_copy_unwrapping_and_split_symbol() -> None:
    raw = (
        "a) Tổ chức quán triệt, thông tin, tuyên truyền nội dung Chỉ thị số 15-\n\n"
        "CT/TU.\n\n- Cơ quan thực hiện: Các Sở, ban, ngành, Ủy ban nhân dân các quận, huyện,\n\n"
        "xã, phường, thị trấn.\n\n12\n\n- Thời gian thực hiện: Quý I năm 2023.\n\n" * 3
    )
    lines = normalize(raw).text.split("\n")
    assert lines[0].endswith("Chỉ thị số 15-CT/TU.")
    assert lines[1] == "- Cơ quan thực hiện: Các Sở, ban, ngành, Ủy ban nhân dân các quận, huyện, xã, phường, thị trấn."
    assert "12" not in lines  # page number dropped


def test_compound_wrapped_at_its_dash_is_not_a_bullet() -> None:
    """`kinh tế` + `- xã hội`: a PDF line broken before the dash of a compound."""
    raw = (
        "a) Tiếp tục đẩy mạnh phát triển kinh tế xanh, kinh tế số, nâng cao chất lượng tăng trưởng kinh tế\n"
        "- xã hội, bảo đảm quốc phòng - an ninh.\n- Tổ chức tuyên truyền trong các trường học trên địa bàn.\n"
    ) * 4
    lines = normalize(raw).text.split("\n")
    assert lines[0].endswith("tăng trưởng kinh tế - xã hội, bảo đảm quốc phòng - an ninh.")
    assert lines[1] == "- Tổ chức tuyên truyền trong các trường học trên địa bàn."


def test_markdown_emphasis_removed() -> None:
    assert normalize("**I. MỤC\nĐÍCH, YÊU CẦU**\n\n*Căn cứ Luật;*", "md").text == "I. MỤC ĐÍCH, YÊU CẦU\nCăn cứ Luật;"


def test_portal_table_rows() -> None:
    md = "|\n**STT**\n|\n**NHIỆM VỤ**\n|\n**CHỦ TRÌ**\n|\n|\n1\n|\nRà soát cơ chế\nchính sách\n|\nSở Tài chính\n|\n|\n2\n|\nHỗ trợ\n|\nSở Công Thương\n|\n"
    assert normalize(md, "md").text.split("\n") == [
        "| STT | NHIỆM VỤ | CHỦ TRÌ |",
        "| 1 | Rà soát cơ chế chính sách | Sở Tài chính |",
        "| 2 | Hỗ trợ | Sở Công Thương |",
    ]


CHROME = ["THƯ VIỆN PHÁP LUẬT", "Đăng nhập", "Tài khoản", "13/2023/NĐ-CP, chúng tôi", "Văn bản liên quan", "Đang tải văn bản"]


@pytest.mark.parametrize("stem", ["d19", "d20"])
def test_portal_chrome_removed(stem: str) -> None:
    raw = shared_path("corpus", f"{stem}.md").read_text(encoding="utf-8")
    text = normalize(raw, "md").text
    assert text.startswith(("VĂN PHÒNG CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ"))
    for marker in CHROME:
        assert marker not in text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyđĐ \n-|*.:;0123456789IVX)") + ["\u0301", "\u0300", "\u00d0", "\f"]), max_size=400))
def test_normalize_properties(raw: str) -> None:
    for fmt in ("txt", "md", "docx", "pdf"):
        text = normalize(raw, fmt).text
        assert unicodedata.is_normalized("NFC", text)
        assert "\u00d0" not in text and "\f" not in text
        assert "\n\n" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_modern_tones_idempotent(text: str) -> None:
    once = modern_tones(unicodedata.normalize("NFC", text))
    assert modern_tones(once) == once


@pytest.mark.parametrize(("paragraph", "pieces"), [
    ("hoàn thành trong tháng 11 năm 2025, cụ thể: (1) Bộ Tài chính giải quyết 03 vấn đề: (i) Tích hợp; (ii) Kết nối. "
     "(2) Bộ Y tế hoàn thành nâng cấp. (3) Bộ Tư pháp kịp thời khắc phục.",  # d20
     ["hoàn thành trong tháng 11 năm 2025, cụ thể:", "(1) Bộ Tài chính giải quyết 03 vấn đề: (i) Tích hợp; (ii) Kết nối.",
      "(2) Bộ Y tế hoàn thành nâng cấp.", "(3) Bộ Tư pháp kịp thời khắc phục."]),
    ("Theo Luật số 1 (1) và khoản 2.", ["Theo Luật số 1 (1) và khoản 2."]),  # a footnote mark
    ("Các nội dung: (2) tiếp theo; (3) cuối.", ["Các nội dung: (2) tiếp theo; (3) cuối."]),  # not numbered from 1
])
def test_inline_enumeration(paragraph: str, pieces: list[str]) -> None:
    from pipeline.normalize import split_inline_enumeration

    assert split_inline_enumeration(paragraph) == pieces
