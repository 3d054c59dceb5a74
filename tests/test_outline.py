"""Outline segmentation (SPEC section 3): marker table, id rules, property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.structure.outline import match_marker, roman_value, segment

MARKERS = [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I"),
    ("IV. TỔ CHỨC THỰC HIỆN", "roman", "IV"),
    ("XII. KINH PHÍ", "roman", "XII"),
    ("1. Mục đích", "arabic", "1"),
    ("10. Ủy ban nhân dân xã, phường", "arabic", "10"),
    ("2.1. Rà soát văn bản", "decimal", "2.1"),
    ("1.1 Nông nghiệp công nghệ cao", "decimal", "1.1"),
    ("3.2.1. Xây dựng cơ sở dữ liệu", "decimal", "3.2.1"),
    ("a) Tổ chức quán triệt", "letter", "a"),
    ("đ) Định kỳ báo cáo", "letter", "đ"),
    ("a. Các biên bản Hội nghị hiệp thương lần thứ nhất", "letter", "a"),  # d26, d25, d04
    ("đ. Báo cáo hoạt động giám sát", "letter", "đ"),
    ("- Cơ quan thực hiện: Sở Nội vụ.", "dash", "-"),
    ("+ Tuyên truyền trên báo", "plus", "+"),
    ("• Bảo đảm an toàn", "dot", "•"),
    ("Điều 1. Ban hành kèm theo Quyết định này", "article", "1"),
    ("Điều 12 Hiệu lực thi hành", "article", "12"),
    ("PHỤ LỤC I", "appendix", "I"),
    ("Phụ lục 02", "appendix", "02"),
    ("PHỤ LỤC", "appendix", ""),
    ("PHẦN II. NHIỆM VỤ", "part", "PHẦN II"),
    ("BƯỚC HAI", "part", "BƯỚC HAI"),
    ("Bước 3. Tổng hợp kết quả", "part", "Bước 3"),
    ("A. ĐỐI VỚI VIỆC HIỆP THƯƠNG, GIỚI THIỆU", "upper", "A"),
    ("Chương III QUY ĐỊNH CHUNG", "chapter", "Chương III"),
]
NOT_MARKERS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Thực hiện Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy",
    "IIII. not a numeral",
    "Trong quá trình thực hiện nếu có khó khăn",
    "2025 là năm cuối của giai đoạn",
    "15-CT/TU ngày 21/11/2022",
    "Nơi nhận:",
    "a. thường xuyên",  # a letter with a dot needs a capitalised heading
    "v.v. các đơn vị khác",
    "99.4%",  # a cell of a statistics table (d20)
    "3.071 TTHC/4.888 TTHC liên quan đến hoạt động sản xuất",  # a thousands separator
]


@pytest.mark.parametrize(("line", "kind", "value"), MARKERS)
def test_markers(line: str, kind: str, value: str) -> None:
    found = match_marker(line)
    assert found is not None and (found[0], found[2]) == (kind, value)


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_not_markers(line: str) -> None:
    assert match_marker(line) is None


@pytest.mark.parametrize(("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40), ("IIII", None), ("IC", None)])
def test_roman_values(numeral: str, value: int | None) -> None:
    assert roman_value(numeral) == value


PLAN = """KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 15-CT/TU
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Thực hiện nghiêm, có hiệu quả nội dung Chỉ thị; tập trung làm rõ những nội dung
b) Phân công cụ thể
II. NỘI DUNG
1. Về công tác tuyên truyền
a) Tổ chức quán triệt theo khoản 3, mục II Kế hoạch này.
- Cơ quan thực hiện: Các Sở, ban, ngành.
- Thời gian thực hiện: Quý I năm 2023.
2.1. Rà soát văn bản
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
Chủ trì theo dõi.
Nơi nhận:
- Như trên;
- Lưu: VT.
PHỤ LỤC
| STT | Nhiệm vụ | Chủ trì | Thời gian |
| I | NHÓM GIẢI PHÁP |
| 1 | Rà soát cơ chế | Sở Tài chính | 2025 |
| 2.1 | Hỗ trợ doanh nghiệp | Sở Công Thương | 2026 |"""


def test_plan_ids_and_offsets() -> None:
    sections = segment(PLAN)
    ids = [s.id for s in sections]
    assert ids == [
        "I", "I.1", "I.1.a", "I.1.b", "II", "II.1", "II.1.a", "II.1.a.-1", "II.1.a.-2", "II.2.1",
        "III", "III.1", "PL", "PL.I", "PL.I.1", "PL.I.2.1",
    ]
    by_id = {s.id: s for s in sections}
    assert by_id["I.1.a"].heading == "Thực hiện nghiêm, có hiệu quả nội dung Chỉ thị"
    assert by_id["II.1.a"].parent == "II.1" and by_id["II"].level == 1
    assert by_id["PL.I.1"].heading == "Rà soát cơ chế"
    for s in sections:
        assert PLAN[s.start : s.end].startswith(PLAN[s.start : s.start + 2])
        assert 0 <= s.start <= s.end <= len(PLAN)
    # a parent spans its subtree
    assert by_id["II"].end >= by_id["II.2.1"].end


def test_repeated_markers_keep_printed_ids() -> None:
    text = "III. LỘ TRÌNH\n1. Giai đoạn 2025\nIII. NHIỆM VỤ\nIV. KINH PHÍ"
    assert [s.id for s in segment(text)] == ["III", "III.1", "III", "IV"]


def test_chi_thi_numbered_body() -> None:
    text = "CHỈ THỊ\nNhững năm qua, việc thực hiện dân chủ...\n1. Các cấp ủy quán triệt.\n2. Giao Ban Dân vận chủ trì."
    assert [s.id for s in segment(text)] == ["1", "2"]


def test_recipient_bullets_are_not_sections() -> None:
    text = "1. Sở Nội vụ chủ trì.\nNơi nhận:\n- Như trên;\n- Lưu: VT."
    assert [s.id for s in segment(text)] == ["1"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([m[0] for m in MARKERS] + NOT_MARKERS + ["", "văn bản"]), max_size=40))
def test_segment_never_raises_and_offsets_hold(lines: list[str]) -> None:
    text = "\n".join(lines)
    for s in segment(text):
        assert 0 <= s.start <= s.end <= len(text)
        assert s.level >= 1 and s.id


def test_deeply_nested_markers_finish() -> None:
    text = "\n".join(["I. A", "1. B", "1.1. C", "a) D", "- E", "+ F"] * 20000)
    assert len(segment(text)) == 120000


def test_parenthesised_numbers_nest_under_their_item() -> None:
    text = "1. Về đánh giá\n(1) Công tác tham mưu\n(2) Duy trì nền nếp\n2. Về nhiệm vụ:\n(1) Tích cực, chủ động"
    assert [s.id for s in segment(text)] == ["1", "1.1", "1.2", "2", "2.1"]


def test_arabic_list_restarted_under_a_letter() -> None:
    """d01: `a) Mục tiêu chung` followed by `1.`, `2.` nests them under the letter."""
    text = "II. MỤC TIÊU\n1. Phát triển kinh tế số\na) Mục tiêu chung\n1. Tỷ trọng kinh tế số đạt 30%.\n" \
           "2. Tỷ lệ nhân lực đạt 3%.\nb) Mục tiêu theo ngành\n2. Phát triển xã hội số"
    assert [s.id for s in segment(text)] == ["II", "II.1", "II.1.a", "II.1.a.1", "II.1.a.2", "II.1.b", "II.2"]


def test_table_groups_by_capital_letter() -> None:
    """d01 appendix: rows `A`, `I`, `1.1` of a task table nest as PL.A.I.1.1."""
    text = ("PHỤ LỤC I\n| STT | Nhiệm vụ | Đơn vị thực hiện |\n| A | PHÁT TRIỂN NỀN MÓNG |\n| I | Hoàn thiện thể chế |\n"
            "| 1.1 | Rà soát quy định | Sở Tư pháp |\n| B | PHÁT TRIỂN XÃ HỘI SỐ |\n| I | Hạ tầng |")
    assert [s.id for s in segment(text)] == ["PL.I", "PL.I.A", "PL.I.A.I", "PL.I.A.I.1.1", "PL.I.B", "PL.I.B.I"]


def test_vv_is_not_roman_five() -> None:
    assert match_marker("V/v chuẩn bị nội dung phục vụ làm việc với C04") is None
    assert match_marker("IV/ NHIỆM VỤ")[2] == "IV"


def test_draft_attached_after_the_signature_is_segmented() -> None:
    """d30: a Tờ trình, then (after Nơi nhận) the draft công văn it submits, with its own outline."""
    text = ("Công an tỉnh kính trình Chủ tịch Ủy ban nhân dân tỉnh duyệt, ký ban hành.\nNơi nhận:\n- Như kính gửi;\n"
            "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐỒNG\nSố: /UBND-NC\nI. NỘI DUNG LÀM VIỆC\n"
            "1. Công tác tham mưu")
    assert [s.id for s in segment(text)] == ["I", "I.1"]
    form = text.replace("Số: /UBND-NC", "ĐƠN ĐỀ NGHỊ")  # a form (no number) stays out of the outline
    assert [s.id for s in segment(form)] == []


def test_parenthesised_run_under_a_letter() -> None:
    """d20: `b) ... cụ thể:` then `(1)`, `(2)`; the next `3.` closes the run."""
    text = "II. NHIỆM VỤ\n2. Hệ thống\na) Hoàn thành\nb) Các Bộ khắc phục, cụ thể:\n(1) Bộ Tài chính.\n(2) Bộ Y tế.\n3. Ủy ban"
    assert [s.id for s in segment(text)] == ["II", "II.2", "II.2.a", "II.2.b", "II.2.b.1", "II.2.b.2", "II.3"]


def test_rows_of_a_statistics_table_are_not_sections() -> None:
    """SPEC 3: rows of a *task* table are sections; a table of figures (d20, d32 appendices) is not one."""
    figures = "PHỤ LỤC I\n| STT | Địa phương | Tổng số TTHC | Tỷ lệ (%) |\n| 1 | An Giang | 1163 | 100 |\n| 2 | Bắc Ninh | 1133 | 98 |"
    assert [s.id for s in segment(figures)] == ["PL.I"]
    tasks = "PHỤ LỤC I\n| STT | Nhiệm vụ | Cơ quan chủ trì |\n| 1 | Rà soát quy định | Sở Tư pháp |"
    assert [s.id for s in segment(tasks)] == ["PL.I", "PL.I.1"]
