"""Header parser on header styles seen across provinces and bodies (SPEC section 2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize
from pipeline.structure.header import parse_meta

CASES = [
    (  # OCR'd scan: a mark misread in the type line (d31)
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 932/QĐ-TTg Hà Nội, ngày 15 tháng 5 năm 2025\n"
        "QUYÉT ĐỊNH\nVề việc phê duyệt danh sách thành viên Tổ Công tác cải cách hành chính\nTHỦ TƯỚNG CHÍNH PHỦ\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nQUYÉT ĐỊNH:\nĐiều 1. Phê duyệt thành viên.",
        {"doc_type": "QĐ", "issuer": "Thủ tướng Chính phủ", "date": "2025-05-15",
         "title": "Về việc phê duyệt danh sách thành viên Tổ Công tác cải cách hành chính"},
    ),
    (  # provincial plan, portal layout
        "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 552/KH-UBND\nĐồng Tháp, ngày 19 tháng 11 năm 2025\nKẾ HOẠCH\nTHỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ\nCăn cứ Luật;",
        {"doc_type": "KH", "number_symbol": "552/KH-UBND", "number": "552", "system": "state", "date": "2025-11-19",
         "issuer": "Ủy ban nhân dân tỉnh Đồng Tháp", "jurisdiction": "Đồng Tháp", "place": "Đồng Tháp",
         "title": "THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ"},
    ),
    (  # party directive, no colon after Số
        "THÀNH ỦY ĐÀ NẴNG\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 17-CT/TU\nĐà Nẵng, ngày 07 tháng 6 năm 2022\nCHỈ THỊ\n"
        "về tăng cường lãnh đạo việc thực hiện Quy chế dân chủ\nNhững năm qua, ...",
        {"doc_type": "CT", "number_symbol": "17-CT/TU", "system": "party", "date": "2022-06-07",
         "issuer": "Thành ủy Đà Nẵng", "jurisdiction": "Đà Nẵng",
         "title": "về tăng cường lãnh đạo việc thực hiện Quy chế dân chủ"},
    ),
    (  # draft with a blank number and blank day/month
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: /KH-UBND Hải Phòng, ngày tháng năm 2025\nKẾ HOẠCH\nTriển khai thực hiện Nghị quyết\nThực hiện Nghị quyết ...",
        {"doc_type": "KH", "number_symbol": "/KH-UBND", "number": None, "date": None, "jurisdiction": "Hải Phòng"},
    ),
    (  # central body: no jurisdiction, legal number
        "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 61/2023/NĐ-CP\nHà Nội, ngày 16 tháng 8 năm 2023\nNGHỊ ĐỊNH\n"
        "VỀ XÂY DỰNG VÀ THỰC HIỆN HƯƠNG ƯỚC, QUY ƯỚC CỦA CỘNG ĐỒNG DÂN CƯ\nCăn cứ Luật Tổ chức Chính phủ;",
        {"doc_type": "NĐ", "number_symbol": "61/2023/NĐ-CP", "system": "legal", "date": "2023-08-16", "jurisdiction": None,
         "issuer": "Chính phủ"},
    ),
    (  # impossible date gives null
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 12/KH-UBND\nNghệ An, ngày 31 tháng 11 năm 2021\nKẾ HOẠCH\nABC\nCăn cứ",
        {"date": None, "number_symbol": "12/KH-UBND"},
    ),
    (  # department under a provincial committee
        "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 215/SNV-CCHC\nLâm Đồng, ngày 14 tháng 01 năm 2026\n"
        "V/v góp ý dự thảo Kế hoạch\nKính gửi: Các sở, ngành",
        {"doc_type": "CV", "number_symbol": "215/SNV-CCHC", "issuer": "Sở Nội vụ tỉnh Lâm Đồng", "jurisdiction": "Lâm Đồng",
         "title": "V/v góp ý dự thảo Kế hoạch", "date": "2026-01-14"},
    ),
    (  # Prime Minister's decision
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 2623/QĐ-TTg\nHà Nội, ngày 29 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN\nTHỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật;",
        {"doc_type": "QĐ", "issuer": "Thủ tướng Chính phủ", "jurisdiction": None,
         "title": "BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN"},
    ),
    (  # number printed on the line after `Số:`
        "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố:\n73/2025/NQ-HĐND\nHà Nội, ngày 27 tháng 11 năm 2025\nNGHỊ QUYẾT\nQUY ĐỊNH CƠ CHẾ\nCăn cứ",
        {"doc_type": "NQ", "number_symbol": "73/2025/NQ-HĐND", "issuer": "Hội đồng nhân dân thành phố Hà Nội",
         "jurisdiction": "Hà Nội"},
    ),
    (  # no header: issuer from the opening sentence, place from the title
        "KẾ HOẠCH\nTriển khai Chỉ thị trên địa bàn thành phố Cần Thơ\n"
        "Thực hiện Chỉ thị số 09/CT-UBND, Ủy ban nhân dân thành phố ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH",
        {"number_symbol": None, "date": None, "issuer": "Ủy ban nhân dân thành phố Cần Thơ", "jurisdiction": "Cần Thơ"},
    ),
]

SIGNATURES = [
    ("GIÁM ĐỐC\nThiếu tướng Trương Minh Đương", "Trương Minh Đương", "Giám đốc", None),  # a police rank (d29)
    ("Nơi nhận:\n- Như kính gửi;\n- Lưu: VT, PC06.\nThiếu tướng Trương Minh Đương", "Trương Minh Đương", None, None),  # OCR lost the position
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Phong Doanh", "Nguyễn Phong Doanh", "Phó Chủ tịch", "TM. Ủy ban nhân dân; KT. Chủ tịch"),
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nĐỗ Mạnh Hiến", "Đỗ Mạnh Hiến", "Phó Bí thư", "T/M Ban Thường vụ"),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nTrịnh Mạnh Linh", "Trịnh Mạnh Linh", "Phó Chủ nhiệm", "KT. Bộ trưởng, Chủ nhiệm"),
    ("THỦ TƯỚNG\nPhạm Minh Chính", "Phạm Minh Chính", "Thủ tướng", None),
    ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTrần Hữu Tuấn", "Trần Hữu Tuấn", "Phó Giám đốc", "KT. Giám đốc"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_header_cases(text: str, expected: dict) -> None:
    meta = parse_meta(normalize(text, "docx").text)
    got = {
        "doc_type": meta.doc_type, "number_symbol": meta.number_symbol, "number": meta.number, "system": meta.system,
        "date": meta.date, "issuer": meta.issuer.name, "jurisdiction": meta.jurisdiction, "place": meta.place,
        "title": meta.title,
    }
    assert {k: got[k] for k in expected} == expected


def test_impossible_date_warns() -> None:
    warnings: list[str] = []
    parse_meta("Số: 1/KH-UBND\nNghệ An, ngày 30 tháng 02 năm 2024\nKẾ HOẠCH\nX", warnings)
    assert any("30/02/2024" in w or "30/2/2024" in w for w in warnings)


@pytest.mark.parametrize(("block", "name", "position", "authority"), SIGNATURES)
def test_signatures(block: str, name: str, position: str, authority: str | None) -> None:
    meta = parse_meta("KẾ HOẠCH\nNội dung.\n" + block)
    assert (meta.signer.name, meta.signer.position, meta.signer.authority) == (name, position, authority)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([c[0] for c in CASES] + [s[0] for s in SIGNATURES] + ["", "Số:", "ngày 1 tháng 1 năm 2025"]), max_size=6))
def test_parse_meta_never_raises(parts: list[str]) -> None:
    meta = parse_meta("\n".join(parts))
    assert meta.date is None or len(meta.date) == 10


@pytest.mark.parametrize(
    ("text", "jurisdiction"),
    [
        ("ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG BẮC CAM RANH\nBAN THƯỜNG TRỰC\nSố: /KH-MTTQ-BTT\nKẾ HOẠCH\nKiểm tra\nCăn cứ", "Khánh Hòa"),
        ("ỦY BAN NHÂN DÂN\nXÃ LƯƠNG MINH\nSố: 12/KH-UBND\nLương Minh, ngày 5 tháng 1 năm 2026\nKẾ HOẠCH\nTổ chức\nCăn cứ", "Quảng Ninh"),
    ],
)
def test_commune_documents_take_their_province(text: str, jurisdiction: str) -> None:
    assert parse_meta(normalize(text, "docx").text).jurisdiction == jurisdiction


@pytest.mark.parametrize(("ocr", "fixed"), [
    ("Công an tinh lâm đông", "Công an tỉnh Lâm Đồng"),  # d28 (OCR)
    ("Công an tỉnh Lâm Đòng", "Công an tỉnh Lâm Đồng"),  # d29 (OCR)
    ("Công an tinh Khanh Hoa", "Công an tỉnh Khánh Hòa"),
    ("Ủy ban nhân dân tỉnh Đồng Tháp", "Ủy ban nhân dân tỉnh Đồng Tháp"),
    ("Ủy ban nhân dân xã Lương Minh", "Ủy ban nhân dân xã Lương Minh"),
    ("Sở Nội vụ", "Sở Nội vụ"),
])
def test_repair_province(ocr: str, fixed: str) -> None:
    from pipeline.places import repair_province

    assert repair_province(ocr) == fixed
