"""Tests of the temporal normalizer (SPEC 4.4).

The table `tests/data/time_cases.tsv` holds real phrases grepped from the seeds and
the development corpus (field values, table THỜI GIAN cells, `trước ngày ...`,
`hằng năm`, quarters, citation dates ...) plus a few SPEC examples.
"""

from __future__ import annotations

import glob
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.temporal import find_dates, find_time, normalize_time

DATA = Path(__file__).parent / "data" / "time_cases.tsv"
SHARED = Path(os.environ.get("VANBAN_SHARED", Path(__file__).resolve().parents[2] / "shared"))
ANCHOR = date(2025, 11, 20)
DURATION = re.compile(r"P(?:\d+(?:\.\d+)?[YMWD])+")


def _cases() -> list[tuple[str, str, str, str, str | None, str | None, str | None]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, field, phrase, kind, start, end, freq = line.split("\t")
        rows.append((src, field, phrase, kind, start or None, end or None, freq or None))
    return rows


CASES = _cases()


def test_table_is_large_enough() -> None:
    assert len([c for c in CASES if c[0] != "spec"]) >= 200


@pytest.mark.parametrize(("src", "field", "phrase", "kind", "start", "end", "freq"), CASES)
def test_table(src: str, field: str, phrase: str, kind: str, start: str | None, end: str | None,
               freq: str | None) -> None:
    got = normalize_time(phrase, ANCHOR, field or None)
    if kind == "None":
        assert got is None
        return
    assert got is not None, f"{src}: {phrase!r}"
    assert (got.kind, got.start, got.end, got.freq) == (kind, start, end, freq), f"{src}: {phrase!r}"


# --------------------------------------------------------------------------- gold


def _gold() -> list[tuple[str, dict, date | None, str]]:
    out = []
    for f in sorted(glob.glob(str(SHARED / "gold" / "*.json")) + glob.glob(str(SHARED / "gold-dev" / "*.json"))):
        doc = json.loads(Path(f).read_text(encoding="utf-8"))
        anchor = date.fromisoformat(doc["meta"]["date"]) if doc["meta"].get("date") else None
        for task in doc["tasks"]:
            out.append((Path(f).stem, task, anchor, _raw_text(Path(f).stem)))
    return out


def _raw_text(stem: str) -> str:
    for path in [SHARED / "seeds" / f"{stem}.txt", SHARED / "corpus" / f"{stem}.md"]:
        if path.exists():
            return path.read_text(encoding="utf-8")
    return ""


def _field_of(raw: str, text: str) -> str | None:
    """The field label the gold deadline text was printed under, if any."""
    words = [re.escape(w) for w in text.split()[:4]]
    if not words:
        return None
    pat = r"(Thời gian (?:thực hiện|hoàn thành)|Thời hạn[^:\n]{0,20})\s*:\s*\**\s*" + r"\s+".join(words)
    m = re.search(pat, raw, re.I)
    return m.group(1) if m else None


GOLD = _gold()


@pytest.mark.skipif(not GOLD, reason="gold annotations not available")
def test_gold_deadlines_reproduced() -> None:
    """Every gold deadline from its `text` (+ the field it was printed under)."""
    total = ok = 0
    misses = []
    for stem, task, anchor, raw in GOLD:
        gold = task.get("deadline")
        if not gold:
            continue
        total += 1
        got = normalize_time(gold["text"], anchor, _field_of(raw, gold["text"]))
        want = (gold["kind"], gold["start"], gold["end"], gold["freq"])
        if got is not None and (got.kind, got.start, got.end, got.freq) == want:
            ok += 1
        else:
            misses.append((stem, task["section"], gold["text"]))
    print(f"gold deadline accuracy: {ok}/{total} = {ok / total:.3f}; misses: {misses}")
    assert ok / total >= 0.95


@pytest.mark.skipif(not GOLD, reason="gold annotations not available")
def test_find_time_on_gold_titles() -> None:
    """Tasks whose deadline comes from running text, and tasks with none."""
    total = ok = 0
    for _stem, task, anchor, _raw in GOLD:
        gold = task.get("deadline")
        title = task.get("title") or ""
        if gold and gold["text"].lower()[:15] not in title.lower():
            continue  # field line or inherited: not a running-text case
        total += 1
        got = find_time(title, anchor)
        want = (gold["kind"], gold["start"], gold["end"], gold["freq"]) if gold else None
        ok += (got.kind, got.start, got.end, got.freq) == want if got else want is None
    print(f"find_time accuracy on gold titles: {ok}/{total} = {ok / total:.3f}")
    assert ok / total >= 0.95


# --------------------------------------------------------------------------- running text

RUNNING = [
    ("Thường xuyên đôn đốc, theo dõi, kiểm tra, giám sát các cơ quan, đơn vị trực thuộc.", "continuous", None),
    ("Chủ trì, phối hợp với các cơ quan liên quan thường xuyên tổ chức thông tin, tuyên truyền.", "continuous", None),
    ("Hàng năm thực hiện tổng kết việc thực hiện dân chủ ở cơ sở.", "recurring", "P1Y"),
    ("Theo dõi, kiểm tra; đồng thời, hằng năm tổng hợp báo cáo của các cơ quan.", "recurring", "P1Y"),
    ("Giao Ban Dân vận Thành ủy chủ trì theo dõi, định kỳ báo cáo Ban Thường vụ Thành ủy.", "recurring", None),
    ("Định kỳ hằng năm, báo cáo Ủy ban nhân dân Tỉnh kết quả thực hiện.", "recurring", "P1Y"),
    ("Định kỳ báo cáo kết quả thực hiện, lồng ghép vào báo cáo 06 tháng và 01 năm của cơ quan.", "recurring", "P6M"),
    ("Tổng hợp, báo cáo Ủy ban nhân dân Tỉnh trước ngày 30/11 hằng năm.", "recurring", "P1Y"),
    ("Tổ chức số hóa hồ sơ, bản đồ hạ tầng giao thông; cập nhật dữ liệu thường xuyên.", "continuous", None),  # d08
    ("Xây dựng kế hoạch bảo đảm an toàn thông tin mạng; thực hiện kiểm thử an toàn định kỳ.", "recurring", None),
]
NOT_DEADLINES = [
    "Đảng đoàn Hội đồng nhân dân thành phố thể chế kịp thời các chủ trương của Trung ương.",
    "Bộ Tài chính khẩn trương hoàn thiện dự thảo Nghị định của Chính phủ.",
    "Đưa vào tiêu chí đánh giá, xếp loại chất lượng tổ chức đảng hằng năm; đưa vào chương trình kiểm tra.",
    "Tiếp tục thực hiện chương trình cấp nước theo Nghị quyết hằng năm của Hội đồng nhân dân thành phố.",
    "Phối hợp triển khai có hiệu quả Chỉ thị số 11-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy.",
    "Hỗ trợ doanh nghiệp ứng dụng công nghệ số, phấn đấu đến năm 2030 đạt 30% doanh nghiệp nhỏ và vừa.",
    "Xây dựng kịch bản thúc đẩy tăng trưởng từ nay đến hết năm 2025.",
    "Thực hiện Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ giai đoạn 2026 - 2030.",
]


@pytest.mark.parametrize(("text", "kind", "freq"), RUNNING)
def test_find_time_running_text(text: str, kind: str, freq: str | None) -> None:
    got = find_time(text, ANCHOR)
    assert got is not None and (got.kind, got.freq) == (kind, freq)


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_find_time_ignores_manner_citations_targets(text: str) -> None:
    assert find_time(text, ANCHOR) is None


def test_find_time_dated() -> None:
    got = find_time("Rà soát các công trình, hoàn thành trước ngày 31/12/2025 và báo cáo Sở.", ANCHOR)
    assert got is not None and (got.kind, got.start, got.end) == ("deadline", "2025-12-31", "2025-12-31")
    got = find_time("Gửi danh sách về Văn phòng Chính phủ trước 14 giờ, ngày 08 tháng 10 năm 2025 để tổng hợp.")
    assert got is not None and (got.kind, got.start) == ("deadline", "2025-10-08")
    got = find_time("Trình Chính phủ xem xét, quyết định trong tháng 12/2025.")
    assert got is not None and (got.kind, got.start, got.end) == ("period", "2025-12-01", "2025-12-31")
    got = find_time("Từ ngày 04/02/2026: Ban Thường trực họp với người phụ trách.")
    assert got is not None and (got.kind, got.start, got.end) == ("continuous", "2026-02-04", None)
    got = find_time("Xây dựng kế hoạch hằng năm và định kỳ báo cáo kết quả trước ngày 20/11 về Sở.")
    assert got is not None and (got.kind, got.freq, got.dates) == ("recurring", "P1Y", ["XXXX-11-20"])


def test_report_schedule_dates() -> None:
    got = normalize_time("báo cáo 6 tháng trước ngày 10/6, báo cáo 9 tháng trước 15/9, báo cáo năm trước ngày "
                         "15/11 hằng năm", ANCHOR)
    assert got is not None
    assert (got.kind, got.start, got.end, got.freq) == ("recurring", None, None, "P6M")
    assert got.dates == ["XXXX-06-10", "XXXX-09-15", "XXXX-11-15"]


def test_several_deadline_days_keep_dates() -> None:
    got = normalize_time("gửi kết quả trước ngày 15 tháng 12 năm 2025. Bộ Công an báo cáo trước ngày 31 tháng 12 "
                         "năm 2025.", ANCHOR, "Thời gian thực hiện")
    assert got is not None and (got.kind, got.start, got.end) == ("deadline", "2025-12-31", "2025-12-31")
    assert got.dates == ["2025-12-15", "2025-12-31"]


def test_field_decides_kind() -> None:
    hoan_thanh = normalize_time("Trong năm 2023", None, "Thời gian hoàn thành")
    thuc_hien = normalize_time("Trong năm 2023", None, "Thời gian thực hiện")
    assert hoan_thanh is not None and hoan_thanh.kind == "deadline"
    assert thuc_hien is not None and thuc_hien.kind == "period"


def test_timex_values() -> None:
    cases = {"Tháng 6/2023": "2023-06", "Quý I/2023": "2023-Q1", "Quý I, Quý II năm 2023": "2023-H1",
             "Năm 2023": "2023", "Hàng năm": "P1Y", "Trước ngày 15/11/2025": "2025-11-15",
             "6 tháng đầu năm 2025": "2025-H1"}
    for text, timex in cases.items():
        got = normalize_time(text)
        assert got is not None and got.timex == timex, text
    got = normalize_time("trước ngày 10/6 hằng năm")
    assert got is not None and got.timex == "XXXX-06-10"


@pytest.mark.parametrize("text", ["31/11/2021", "ngày 30/02/2024", "Chậm nhất ngày 31 tháng 4 năm 2025"])
def test_impossible_dates_warn(text: str) -> None:
    warnings: list[str] = []
    got = normalize_time(text, ANCHOR, None, warnings)
    assert got is not None and got.start is None and got.end is None
    assert warnings and any(text.split()[-1][:5] in w for w in warnings)


def test_nothing_temporal() -> None:
    for text in ["", "   ", "Sở Nội vụ", "Bằng hình thức phù hợp", "Kịp thời"]:
        assert normalize_time(text) is None


def test_ocr_noise() -> None:
    got = normalize_time("Quý  1  /  2023")
    assert got is not None and (got.start, got.end) == ("2023-01-01", "2023-03-31")
    got = normalize_time("Ðịnh kỳ hằng năm")
    assert got is not None and got.freq == "P1Y"
    got = normalize_time("2025 — 2030")
    assert got is not None and (got.start, got.end) == ("2025-01-01", "2030-12-31")


# --------------------------------------------------------------------------- find_dates


def test_find_dates_forms() -> None:
    text = ("Chỉ thị số 15-CT/TU ngày 21/11/2022; Nghị định 61/2023/NĐ-CP; ngày 23 tháng 3 năm 2023; "
            "21-11-2022; 21.11.2022; tháng 6/2023; ngày 01/7; Quý I/2023; số 12/2023/TT-BNV")
    got = [(text[s:e], v) for s, e, v in find_dates(text)]
    assert got == [
        ("ngày 21/11/2022", "2022-11-21"), ("ngày 23 tháng 3 năm 2023", "2023-03-23"),
        ("21-11-2022", "2022-11-21"), ("21.11.2022", "2022-11-21"), ("tháng 6/2023", "2023-06"),
        ("ngày 01/7", "XXXX-07-01"), ("Quý I/2023", "2023-Q1"),
    ]


def test_find_dates_no_symbols() -> None:
    for text in ["15-CT/TU", "61/2023/NĐ-CP", "Số: 179/KH-UBND", "01/2023/TT-BNV", "Quyết định 1234/QĐ-UBND"]:
        assert find_dates(text) == []


# --------------------------------------------------------------------------- properties

TIME_ALPHABET = st.sampled_from(
    ["ngày", "tháng", "năm", "quý", "I", "IV", "trước", "từ", "đến", "hằng", "định kỳ", "-", "/", ",", " ",
     "2023", "2030", "31", "12", "6", "02", "lần", "và các năm tiếp theo", "thường xuyên", "hoàn thành"]
)
PHRASES = st.lists(TIME_ALPHABET, max_size=12).map(" ".join)


def _check(dl) -> None:  # noqa: ANN001 - Deadline | None
    if dl is None:
        return
    for value in (dl.start, dl.end):
        if value is not None:
            date.fromisoformat(value)
    if dl.start and dl.end:
        assert dl.start <= dl.end
    if dl.freq is not None:
        assert DURATION.fullmatch(dl.freq)
    for d in dl.dates or []:
        if not d.startswith("XXXX"):
            date.fromisoformat(d)
    assert dl.kind in ("deadline", "period", "recurring", "continuous", "unspecified")


@settings(max_examples=300, deadline=None)
@given(PHRASES, st.sampled_from([None, "Thời gian thực hiện", "Thời gian hoàn thành", "THỜI GIAN"]))
def test_property_structured(text: str, field: str | None) -> None:
    _check(normalize_time(text, ANCHOR, field, []))
    _check(find_time(text, ANCHOR))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_property_never_raises(text: str) -> None:
    _check(normalize_time(text, ANCHOR))
    _check(normalize_time(text))
    _check(find_time(text))
    for s, e, _v in find_dates(text):
        assert 0 <= s < e <= len(text)


def test_long_line_finishes() -> None:
    """~1 MB single line of adversarial digits, dashes and spaces: must just finish."""
    chunk = "ngày 1/1/ 2023 - - 2024 tháng 11 - quý I/ năm 20 trước   hằng năm 15-CT/TU 12.12. "
    line = chunk * (1_000_000 // len(chunk))
    assert normalize_time(line) is not None
    assert find_time(line) is not None
    assert find_dates(line)


def test_from_now_until() -> None:
    """d21: `từ nay đến tháng 6/2027` runs from the document's date."""
    from datetime import date

    from pipeline.extract.temporal import normalize_time

    d = normalize_time("từ nay đến tháng 6/2027", date(2025, 12, 1))
    assert (d.kind, d.start, d.end) == ("period", "2025-12-01", "2027-06-30")


@pytest.mark.parametrize(("text", "kind", "start", "end", "freq"), [
    ("Hoàn thành, báo cáo kết quả trong tháng 11/2025", "deadline", "2025-11-01", "2025-11-30", None),
    ("hoàn thành ngay 319 văn bản cần sửa đổi trong năm 2025", "deadline", "2025-01-01", "2025-12-31", None),
    ("Tổ chức tuyên truyền trong tháng 11/2025", "period", "2025-11-01", "2025-11-30", None),
    ("báo cáo Thủ tướng Chính phủ trước ngày 20 hằng tháng.", "recurring", None, None, "P1M"),
    ("tham mưu triển khai (khi Bộ Y tế có văn bản triển khai).", "unspecified", None, None, None),
    ("Thông báo bằng văn bản ít nhất trước 07 ngày cho những người ứng cử", "unspecified", None, None, None),
    ("Kết thúc cuộc bầu cử, Ban Thường trực tiến hành họp bình xét", "unspecified", None, None, None),
    ("Xây dựng văn bản khi Chính phủ và các Bộ, ngành ban hành các văn bản hướng dẫn thi hành.", "unspecified", None, None,
     None),  # d06
    ("Bảo đảm dữ liệu được quản lý thống nhất, cập nhật thường xuyên, phục vụ công tác", "continuous", None, None, None),  # d08
    ("Tổ chức các hoạt động kiểm tra định kỳ, đột xuất việc chấp hành quy định", "recurring", None, None, None),  # d02
    ("Huy động lực lượng tham gia diệt lăng quăng, bọ gậy hằng tuần.", "recurring", None, None, "P1W"),
    ("Báo cáo kết quả thực hiện về Văn phòng Chính phủ hằng tháng.", "recurring", None, None, "P1M"),  # d20
])
def test_task_text_times(text: str, kind: str, start: str | None, end: str | None, freq: str | None) -> None:
    from datetime import date

    from pipeline.extract.temporal import find_time

    d = find_time(text, date(2025, 11, 20))
    assert (d.kind, d.start, d.end, d.freq) == (kind, start, end, freq)
