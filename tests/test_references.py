"""Reference extraction (SPEC 5): a table of real citations, edge cases, properties, gold documents."""

from __future__ import annotations

import csv
import html
import json
import re
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.references import (
    find_references,
    normalize_number_symbol,
    ns_key,
    reference_entities,
)
from tests.conftest import SHARED, shared_path

DATA = Path(__file__).parent / "data" / "references.tsv"


# --------------------------------------------------------------------------- the table


def _table() -> list[dict[str, str]]:
    """Rows of tests/data/references.tsv (real citations grepped from seeds and corpus)."""
    with open(DATA, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip()]
    header = lines[0].lstrip("# ").rstrip("\n").split("\t")
    reader = csv.DictReader(lines[1:], fieldnames=header, delimiter="\t", quoting=csv.QUOTE_NONE)
    return list(reader)


TABLE = _table()


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 300


@pytest.mark.parametrize("row", TABLE, ids=[f"{r['source']}:{i}" for i, r in enumerate(TABLE)])
def test_table_row(row: dict[str, str]) -> None:
    text = row["text"].replace("\\n", "\n")
    refs = find_references(text)
    assert refs, f"no reference in {text!r}"
    r = refs[0]
    assert (r.number_symbol or "") == row["number_symbol"]
    assert (r.doc_type or "") == row["doc_type"]
    assert (r.date or "") == row["date"]
    assert str(r.year or "") == row["year"]
    if row["issuer"]:
        assert r.issuer == row["issuer"]
    if row["title"]:
        assert r.title == row["title"]


# --------------------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2780- QĐi/TU", "2780-QĐi/TU"),
        ("10- CTr/TU", "10-CTr/TU"),
        ("15 - CT / TU", "15-CT/TU"),
        ("15\u2013CT/TU", "15-CT/TU"),
        ("61/2023/NÐ-CP", "61/2023/NĐ-CP"),
        ("71/NQ -CP", "71/NQ-CP"),
        ("34/2007/PL-\nUBTVQH11", "34/2007/PL-UBTVQH11"),
        ("2780-QĐI/TU", "2780-QĐi/TU"),
        ("9512/TTR-SNN-CCTL", "9512/TTr-SNN-CCTL"),
        ("123/qđ-ttg", "123/QĐ-TTg"),
        ("77/KH-UBN0", "77/KH-UBN0"),
        ("77/KH-UB0ND", "77/KH-UBOND"),
        ("O3/KH-UBND", "03/KH-UBND"),
        ("TCVN 14423:2025", "TCVN 14423:2025"),
        ("TCVN14423 : 2025", "TCVN 14423:2025"),
        ("", ""),
    ],
)
def test_normalize_number_symbol(raw: str, expected: str) -> None:
    assert normalize_number_symbol(raw) == expected


_SYMBOLS = st.sampled_from(
    ["77/KH-UBND", "61/2023/NĐ-CP", "35/2021/QH15", "34/2007/PL-UBTVQH11", "15-CT/TU", "2780-QĐi/TU",
     "11654/VPCP-CN", "16/KH-MTTQ-BTT", "123/UBND-VP", "10-CTr/TU", "9512/TTr-SNN-CCTL", "21/CT-TTg"]
)
_DASHES = st.sampled_from(["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"])
_SPACES = st.sampled_from(["", " ", "  ", "\n", " \n "])


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_normalize_never_raises_and_is_idempotent(s: str) -> None:
    once = normalize_number_symbol(s)
    assert normalize_number_symbol(once) == once


@given(_SYMBOLS, st.data())
@settings(max_examples=200, deadline=None)
def test_normalize_ignores_spaces_and_dash_kinds(sym: str, data: st.DataObject) -> None:
    out = []
    for ch in sym:
        if ch in "-/":
            sep = data.draw(_DASHES) if ch == "-" else "/"
            out.append(data.draw(_SPACES) + sep + data.draw(_SPACES))
        else:
            out.append(ch)
    assert normalize_number_symbol("".join(out)) == normalize_number_symbol(sym) == sym


# --------------------------------------------------------------------------- finder behaviour


def _one(text: str, **kw) -> dict:
    refs = find_references(text, **kw)
    assert len(refs) == 1, refs
    return refs[0].__dict__


@pytest.mark.parametrize(
    ("text", "ns", "dtype"),
    [
        ("theo Công văn số 11654/VPCP-CN của Văn phòng Chính phủ", "11654/VPCP-CN", "CV"),
        ("Kế hoạch số 16/KH-MTTQ-BTT ngày 02/3/2025", "16/KH-MTTQ-BTT", "KH"),
        ("văn bản số 123/UBND-VP ngày 4/5/2024", "123/UBND-VP", "CV"),
        ("Quy định số 2780- QĐi/TU ngày 23/11/2021", "2780-QĐi/TU", "QĐi"),
        ("Chương trình hành động số 10- CTr/TU", "10-CTr/TU", "CTr"),
        ("Chỉ thị số 15-\nCT/TU", "15-CT/TU", "CT"),
        ("Nghị định số 61/2023/NÐ-CP ngày 16/8/2023", "61/2023/NĐ-CP", "NĐ"),
        ("Chỉ thị 30-CT/TW của Bộ Chính trị", "30-CT/TW", "CT"),
        ("Nghị quyết 82/NQ-HĐND", "82/NQ-HĐND", "NQ"),
        ("Pháp lệnh số 34/2007/PL-UBTVQH11", "34/2007/PL-UBTVQH11", "PL"),
        ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC", "01/2015/TTLT-BNV-BTC", "TT"),
        ("áp dụng TCVN 14423:2025 về chất lượng", "TCVN 14423:2025", "KHAC"),
        ("đáp ứng QCVN 85:2025/BNNMT", "QCVN 85:2025/BNNMT", "KHAC"),
    ],
)
def test_forms(text: str, ns: str, dtype: str) -> None:
    r = _one(text)
    assert (r["number_symbol"], r["doc_type"]) == (ns, dtype)


def test_long_date_and_issuer() -> None:
    r = _one("Căn cứ Kết luận số 132-KL/TW ngày 30 tháng 4 năm 2025 của Bộ Chính trị về tiếp tục thực hiện")
    assert (r["date"], r["year"], r["issuer"], r["jurisdiction"]) == ("2025-04-30", 2025, "Bộ Chính trị", None)
    assert r["relation"] == "based_on"


def test_coordinated_share_date_and_issuer() -> None:
    refs = find_references("thực hiện Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị")
    assert [(r.number_symbol, r.date, r.issuer) for r in refs] == [
        ("217-QĐ/TW", "2013-12-12", "Bộ Chính trị"),
        ("218-QĐ/TW", "2013-12-12", "Bộ Chính trị"),
    ]
    refs = find_references("quán triệt Nghị quyết số 57-NQ/TW, 58-NQ/TW ngày 22/12/2024 của Bộ Chính trị")
    assert [(r.number_symbol, r.doc_type, r.date) for r in refs] == [
        ("57-NQ/TW", "NQ", "2024-12-22"),
        ("58-NQ/TW", "NQ", "2024-12-22"),
    ]


def test_alias_and_short_form_resolve_to_antecedent() -> None:
    text = (
        "Căn cứ Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy về đẩy mạnh dân chủ "
        "(sau đây gọi tắt là Chỉ thị số 15-CT/TU). Thực hiện nghiêm Chỉ thị 15-CT/TU; "
        "Nghị quyết số 82/NQ-HĐND ngày 11/12/2025 của Hội đồng nhân dân thành phố. Theo Nghị quyết 82/NQ-HĐND."
    )
    refs = find_references(text, jurisdiction="Hải Phòng")
    assert [r.number_symbol for r in refs] == ["15-CT/TU", "82/NQ-HĐND"]
    assert refs[0].start == text.index("Chỉ thị số 15")
    assert [r.ref_id for r in refs] == ["ref-1", "ref-2"]
    refs = find_references("Căn cứ Nghị quyết liên tịch số 102/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN; theo Điều 21 "
                           "Nghị quyết liên tịch số 102/2025/NQLT.")
    assert [r.number_symbol for r in refs] == ["102/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN"]


@pytest.mark.parametrize(
    ("text", "kw"),
    [
        ("Chỉ thị này phổ biến đến Chi bộ.", {}),
        ("Kế hoạch này được triển khai đến các xã.", {}),
        ("(Ban hành kèm theo Kế hoạch số 552/KH-UBND ngày 19/11/2025 của Ủy ban nhân dân tỉnh)",
         {"doc_number_symbol": "552/KH-UBND", "doc_type": "KH"}),
        ("(Kèm theo Kế hoạch số 12/KH-UBND ngày 19/11/2025)", {"doc_type": "KH"}),
        ("(Kèm theo Quyết định số      /QĐ-TTg ngày   tháng   năm 2025 của Thủ tướng Chính phủ)", {}),
        ("Số: 77/KH-UBND\nKiến An, ngày 23 tháng 3 năm 2023", {}),
        ("xây dựng dự thảo Nghị định quy định chi tiết Luật Bảo vệ dữ liệu cá nhân (sửa đổi)", {}),
        ("dự thảo Luật Phòng, chống ma túy", {}),
        ("thực hiện theo các văn bản có liên quan và Nghị quyết Đại hội Đảng các cấp", {}),
        ("Điều 5. Quyết định có hiệu lực; khoản 2 Điều 3", {}),
        ("Điện thoại: 0225.3821.234; Fax: 0225-3842-111", {}),
        ("ngày 21/11/2022, đến 31/12/2025; năm 2023 - 2025", {}),
        ("theo mẫu số 06/BBKP và Mẫu 07/PLYK", {}),
        ("đạt 70%, 12/15 xã, tỷ lệ 3/4", {}),
        ("Quốc lộ 1A, km 12+500; phòng 2-A", {}),
        ("cộng đồng Dân Luật Việt Nam", {}),
    ],
)
def test_not_references(text: str, kw: dict) -> None:
    assert find_references(text, **kw) == []


def test_impossible_date_keeps_year_and_warns() -> None:
    warnings: list[str] = []
    refs = find_references("Chỉ thị số 11-CT/TU ngày 31/11/2021 của Ban Thường vụ Thành ủy", warnings=warnings,
                           jurisdiction="Đà Nẵng")
    assert (refs[0].date, refs[0].year, refs[0].jurisdiction) == (None, 2021, "Đà Nẵng")
    assert warnings and "31/11/2021" in warnings[0]


@pytest.mark.parametrize(
    ("text", "jur"),
    [
        ("Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy", "Hải Phòng"),
        ("Kế hoạch số 20/KH-UBND ngày 02/3/2024 của Ủy ban nhân dân tỉnh Khánh Hòa", "Khánh Hòa"),
        ("Quyết định số 1179/QĐ-UBND ngày 13/4/2022 của Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Nghị quyết số 45-NQ/TW ngày 24/01/2019 của Bộ Chính trị", None),
        ("Quyết định số 411/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ", None),
        ("Nghị quyết số 35/2021/QH15 ngày 13/11/2021 của Quốc hội", None),
        ("Thông tư số 10/2021/TT-BTNMT ngày 30/6/2021 của Bộ Tài nguyên và Môi trường", None),
        ("Kế hoạch số 106-KH/TU của Ban Thường vụ Thành ủy", "Hải Phòng"),
        ("Nghị quyết số 82/NQ-HĐND", "Hải Phòng"),
        ("Tờ trình số 9512/TTr-SNN-CCTL ngày 23/10/2025", "Hải Phòng"),
    ],
)
def test_jurisdiction(text: str, jur: str | None) -> None:
    assert _one(text, jurisdiction="Hải Phòng")["jurisdiction"] == jur


def test_named_documents() -> None:
    text = ("Căn cứ Hiến pháp năm 2013; Căn cứ Bộ luật Lao động; gắn với thi hành Luật Thực hiện dân chủ ở cơ sở, "
            "Luật Tài nguyên nước năm 2023 và Nghị quyết Đại hội Đảng bộ thành phố lần thứ XVI.")
    refs = find_references(text, jurisdiction="Hải Phòng")
    got = [(r.doc_type, r.number_symbol, r.title, r.year, r.jurisdiction) for r in refs]
    assert got == [
        ("LUAT", None, "Hiến pháp", 2013, None),
        ("LUAT", None, "Bộ luật Lao động", None, None),
        ("LUAT", None, "Thực hiện dân chủ ở cơ sở", None, None),
        ("LUAT", None, "Tài nguyên nước", 2023, None),
        ("NQ", None, "Đại hội Đảng bộ thành phố lần thứ XVI", None, "Hải Phòng"),
    ]


def test_law_with_number_is_one_reference() -> None:
    refs = find_references("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15; theo Luật Tổ chức chính quyền "
                           "địa phương.")
    assert [(r.doc_type, r.number_symbol) for r in refs] == [("LUAT", "72/2025/QH15")]


@pytest.mark.parametrize(
    ("text", "kw", "relation"),
    [
        ("Thực hiện Chỉ thị số 17-CT/TU ngày 07/6/2022 của Thành ủy, Ủy ban nhân dân thành phố ban hành Kế hoạch:",
         {}, "implements"),
        ("Căn cứ Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ;", {}, "based_on"),
        ("Căn cứ Chỉ thị số 15-CT/TU ngày 21/11/2022;", {"doc_title": "Triển khai thực hiện Chỉ thị số 15-CT/TU"},
         "implements"),
        ("Quyết định này thay thế Quyết định số 3089/QĐ-UBND ngày 24/8/2021.", {}, "replaces"),
        ("Điều 1. Sửa đổi, bổ sung một số điều của Quyết định số 10/2024/QĐ-UBND ngày 13/6/2024.", {}, "amends"),
        ("Điều 2. Bãi bỏ Quyết định số 66/2018/QĐ-UBND ngày 28/12/2018.", {}, "repeals"),
        ("I. MỤC ĐÍCH\n1. Mục đích\na) Phối hợp triển khai có hiệu quả Chỉ thị số 11-CT/TU.", {}, "cites"),
    ],
)
def test_relations(text: str, kw: dict, relation: str) -> None:
    assert find_references(text, **kw)[0].relation == relation


def test_nested_reference_in_title_cites() -> None:
    text = ("Căn cứ Kết luận số 65-KL/TW ngày 04/3/2010 của Ban Bí thư về tiếp tục thực hiện Chỉ thị 30-CT/TW "
            "của Bộ Chính trị (khóa VIII);")
    refs = find_references(text)
    assert [(r.number_symbol, r.relation) for r in refs] == [("65-KL/TW", "based_on"), ("30-CT/TW", "cites")]


def test_alias_parenthesis_ends_a_title_in_a_list() -> None:
    """d03: every document of one `Thực hiện` list is implemented; an alias in parentheses
    closes the title before the next citation."""
    text = ("Thực hiện Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội phê duyệt chủ trương đầu tư Chương "
            "trình mục tiêu quốc gia (Nghị quyết số 163/2024/QH15), Nghị quyết số 50/NQ-CP ngày 13/3/2025 của Chính "
            "phủ về ban hành Kế hoạch triển khai (Nghị quyết số 50/NQ-CP) và Quyết định số 7619/QĐ-BCA ngày "
            "08/9/2025 của Bộ trưởng Bộ Công an phê duyệt Chương trình (Chương trình MTQG); Ủy ban nhân dân tỉnh "
            "ban hành Kế hoạch.")
    refs = find_references(text)
    assert [(r.number_symbol, r.relation) for r in refs] == [
        ("163/2024/QH15", "implements"), ("50/NQ-CP", "implements"), ("7619/QĐ-BCA", "implements")]


def test_approving_the_programme_the_title_carries_out_is_implements() -> None:
    """d14: `Căn cứ Quyết định ... phê duyệt Đề án “X”` in a `Kế hoạch triển khai thực hiện Đề án “X”`."""
    text = ("Căn cứ Quyết định số 553/QĐ-TTg ngày 06 tháng 4 năm 2021 của Thủ tướng Chính phủ về phê duyệt Đề án "
            "“Nâng cao nhận thức cộng đồng và Quản lý rủi ro thiên tai dựa vào cộng đồng, đến năm 2030”;")
    title = ("Ban hành Kế hoạch triển khai thực hiện Đề án “Nâng cao nhận thức cộng đồng và quản lý rủi ro thiên tai "
             "dựa vào cộng đồng, đến năm 2030”")
    assert find_references(text, doc_title=title)[0].relation == "implements"
    assert find_references(text)[0].relation == "based_on"


def test_entities_and_offsets() -> None:
    text = "Theo Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy về dân chủ."
    refs = find_references(text)
    ents = reference_entities(refs)
    assert ents[0].label == "DOCREF"
    assert text[ents[0].start : ents[0].end] == "Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy"


def test_no_catastrophic_backtracking() -> None:
    near_miss = " ".join(f"{i}/ - / -" if i % 2 else f"{i}-/-{i}/a-b" for i in range(20000))
    t0 = time.perf_counter()
    find_references(near_miss)
    line = ("Căn cứ Kế hoạch số 1/KH-UBND ngày 1/1/2024 của Ủy ban nhân dân tỉnh " + "x " * 200) * 1000
    find_references(line.replace("\n", " "))
    assert time.perf_counter() - t0 < 20


# --------------------------------------------------------------------------- gold documents


def _read(src: str) -> str | None:
    """Raw text of a seed or corpus file; .docx through its XML, .pdf through pdfminer."""
    for folder in ("seeds", "corpus"):
        p = SHARED / folder / src
        if p.exists():
            break
    else:
        return None
    if p.suffix == ".docx":
        xml = zipfile.ZipFile(p).read("word/document.xml").decode("utf-8")
        paras = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
        return "\n".join(html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", q))) for q in paras)
    if p.suffix == ".pdf":
        try:
            from pdfminer.high_level import extract_text
        except ImportError:
            return None
        return extract_text(str(p))
    return p.read_text(encoding="utf-8")


def _gold_files() -> list[str]:
    out = []
    for sub in ("gold", "gold-dev"):
        d = SHARED / sub
        out += [f"{sub}/{p.name}" for p in sorted(d.glob("*.json"))] if d.exists() else []
    return out or ["gold/absent.json"]


@pytest.mark.parametrize("gold_file", _gold_files())
def test_gold_number_symbols(gold_file: str) -> None:
    g = json.loads(shared_path(*gold_file.split("/")).read_text(encoding="utf-8"))
    text = _read(g["source"])
    if text is None:
        pytest.skip(f"cannot read {g['source']}")
    m = g["meta"]
    refs = find_references(unicodedata.normalize("NFC", text), jurisdiction=m.get("jurisdiction"),
                           doc_title=m.get("title"), doc_type=m.get("doc_type"),
                           doc_number_symbol=m.get("number_symbol"))
    gold = {ns_key(r["number_symbol"]) for r in g["references"] if r.get("number_symbol")}
    pred = {ns_key(r.number_symbol) for r in refs if r.number_symbol}
    print(f"{g['source']}: gold {len(gold)} pred {len(pred)} tp {len(gold & pred)}")
    assert pred == gold
    gold_rel = {ns_key(r["number_symbol"]): (r.get("date"), r.get("relation")) for r in g["references"]
                if r.get("number_symbol")}
    for r in refs:
        if r.number_symbol:
            assert (r.date, r.relation) == gold_rel[ns_key(r.number_symbol)], r


def test_approved_plan_named_without_number() -> None:
    text = ("đề xuất điều chỉnh Quy hoạch mạng lưới đường bộ thời kỳ 2021 - 2030, tầm nhìn đến năm\n2050 đã được "
            "Thủ tướng Chính phủ phê duyệt. Chương trình không bao gồm các hoạt động đã được cấp có thẩm quyền phê duyệt.")
    r = _one(text)
    assert (r["doc_type"], r["issuer"], r["jurisdiction"], r["number_symbol"]) == ("KHAC", "Thủ tướng Chính phủ", None, None)
    assert r["title"] == "Quy hoạch mạng lưới đường bộ thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"


def test_citation_in_the_subject_line_does_not_run_into_the_date_line() -> None:
    """A công văn's `V/v ... Chỉ thị số 05/CT-TTg của Thủ tướng Chính phủ` is followed by the
    place-and-date line: that date belongs to the letter, not to the cited directive."""
    from pipeline.document import process_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1234/UBND-KTTH\n"
            "V/v triển khai thực hiện Chỉ thị số 05/CT-TTg của Thủ tướng Chính phủ\n"
            "Quảng Ngãi, ngày 10 tháng 3 năm 2025\n"
            "Thực hiện Chỉ thị số 05/CT-TTg ngày 01/3/2025 của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh có ý kiến:\n")
    refs = process_text(text).references
    assert [(r.number_symbol, r.date, r.issuer) for r in refs] == [("05/CT-TTg", "2025-03-01", "Thủ tướng Chính phủ")]
