"""Outline segmentation (SPEC section 3): the section tree of a normalized text.

Each paragraph of the normalized text (one per line) that opens with an outline
marker starts a section. Markers have a rank, outermost first: `Phụ lục`,
`PHẦN`, `Chương`, `Mục`, Roman `I.` and `Điều 1.`, Arabic `1.` and `Khoản`,
decimal `1.1.`, letters `a)` / `đ)`, then bullets `-`, `+`, `•`. A new marker
closes every open section of the same or a deeper rank and nests under the
rest, so documents that skip levels (a Chỉ thị numbered `1.`–`9.` only) need no
special case. Rows of a task table (`| STT | Nhiệm vụ | ... |`) nest under the
section that holds the table, by their STT. After `Nơi nhận` nothing is a
section until an appendix starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.charclass import LOWER, UPPER
from pipeline.models import Section

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_HEADING_MAX = 300

_NUMBER_WORDS = "MỘT|HAI|BA|BỐN|NĂM|SÁU|BẢY|TÁM|CHÍN|MƯỜI|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"
_PATTERNS: list[tuple[str, float, re.Pattern[str]]] = [
    ("appendix", 0, re.compile(r"^(?:PHỤ\s*LỤC|Phụ\s*lục)(?:\s+(?:số\s*)?(?P<v>[IVXLC]{1,6}|\d{1,2}[a-z]?))?\b[.:]?\s*(?P<h>.*)$")),
    ("part", 1, re.compile(r"^(?P<w>PHẦN|Phần)\s+(?P<v>[IVXLC]{1,6}|\d{1,2}|THỨ\s+\w+|[Tt]hứ\s+\w+)\b[.:]?\s*(?P<h>.*)$")),
    ("part", 1, re.compile(r"^(?P<w>BƯỚC|Bước)\s+(?P<v>\d{1,2}|[IVX]{1,4}|" + _NUMBER_WORDS + r")(?!\w)[.:]?\s*(?P<h>.*)$")),
    ("upper", 1.5, re.compile(r"^(?P<v>[A-H])\s*\.\s+(?P<h>[" + UPPER + r"][^" + LOWER + r"]{3,}.*)$")),
    ("chapter", 2, re.compile(r"^(?P<w>CHƯƠNG|Chương)\s+(?P<v>[IVXLC]{1,6}|\d{1,2})\b[.:]?\s*(?P<h>.*)$")),
    ("article", 4, re.compile(
        r"^(?:Điều|ĐIỀU)\s+(?P<v>\d{1,3}[a-z]?)(?![,;]|\s+(?:của|và|khoản|điểm|Điều|Luật|Nghị|Bộ|Thông|được|về|quy|tại|này|nêu)\b)"
        r"\s*[.:]?\s*(?P<h>.*)$"
    )),
    ("roman", 4, re.compile(r"^(?P<v>[IVXLC]{1,6})(?!/[vV]\b)\s*[.:/)]\s*(?P<h>.*)$")),  # not `V/v` (về việc)
    ("decimal", 5, re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2}){1,3})\s*[.)]?\s+(?P<h>.*)$")),
    ("arabic", 5, re.compile(r"^(?P<v>\d{1,2})\s*[.)](?!\d)\s*(?P<h>\S.*)$")),  # not `99.4%`, `3.071 TTHC`
    ("paren", 5.5, re.compile(r"^\((?P<v>\d{1,2})\)\s*(?P<h>\S.*)$")),
    ("letter", 6, re.compile(r"^(?P<v>[a-zđ])\s*\)\s*(?P<h>.*)$")),
    ("letter", 6, re.compile(r"^(?P<v>[a-zđ])\.\s+(?P<h>[" + UPPER + r"].*)$")),  # `a. Các biên bản ...`
    ("dash", 7, re.compile(r"^(?P<v>[-–—])(?![-–—_])\s*(?P<h>\S.*)$")),  # not a rule `————`
    ("plus", 8, re.compile(r"^(?P<v>\+)\s*(?P<h>\S.*)$")),
    ("dot", 9, re.compile(r"^(?P<v>[•●▪◦*])\s*(?P<h>\S.*)$")),
]
_BULLET_PREFIX = {"dash": "-", "plus": "+", "dot": "•"}
RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\b")
_ATTACHMENT = re.compile(
    r"^(?:KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|ĐỀ ÁN|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|DANH MỤC|HƯỚNG DẪN|ĐIỀU LỆ)$"

    r"|^\(?(?:Ban hành )?[Kk]èm theo (?:Quyết định|Kế hoạch|Nghị quyết|Chỉ thị|Công văn|Thông báo)"
)
_MOTTO = re.compile(r"^CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_NUMBER_LINE = re.compile(r"^Số\s*:")
_FORM_BLANK = re.compile(r"[.…]{5,}|…{2,}")
_STT = re.compile(r"^(?P<v>[A-H]|[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3})\.?$")
_STT_HEADER = re.compile(r"^\|\s*(?:STT|TT|Số TT|SỐ TT)\s*\|", re.IGNORECASE)
TASK_COLUMNS = re.compile(r"NHIỆM VỤ|NỘI DUNG|CÔNG VIỆC|CHỦ TRÌ|THỰC HIỆN|THỜI GIAN|PHỐI HỢP|GIẢI PHÁP|HOẠT ĐỘNG|TIẾN ĐỘ")
_TABLE_ROW = re.compile(r"^\|(.*)\|$")


@dataclass
class _Open:
    section: Section
    rank: float
    bullets: dict[str, int]


def roman_value(numeral: str) -> int | None:
    """Integer value of a well-formed Roman numeral, else None (`IIII`, `IC`)."""
    total, previous = 0, 0
    for char in reversed(numeral.upper()):
        value = _ROMAN_VALUES.get(char)
        if value is None:
            return None
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if _to_roman(total) == numeral.upper() else None


def _to_roman(number: int) -> str:
    out = ""
    for value, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += numeral
            number -= value
    return out


def match_marker(line: str) -> tuple[str, float, str, str] | None:
    """(kind, rank, value, rest) when `line` opens with an outline marker."""
    for kind, rank, pattern in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        value = (m.group("v") or "").strip()
        if "w" in pattern.groupindex:  # `PHẦN I`, `Bước 2`: the id keeps the word as printed
            value = f"{m.group('w')} {value}"
        if kind == "roman" and roman_value(value) is None:
            continue
        if kind == "decimal":
            rank += 0.1 * value.count(".")
        if kind == "appendix" and len(line) > 160:
            continue
        return kind, rank, value, m.group("h").strip()
    return None


def heading_of(text: str) -> str:
    """A section's heading: its text up to the first `;` or sentence end."""
    cut = re.split(r";\s|\.\s(?=[" + UPPER + r"])", text, maxsplit=1)[0]
    return cut[:_HEADING_MAX].strip()


def segment(text: str) -> list[Section]:
    """Sections of a normalized text, in document order (see module docstring)."""
    sections: list[Section] = []
    stack: list[_Open] = []
    root_bullets: dict[str, int] = {}
    suspended = False
    table_base: float | None = None
    task_table = True
    offset = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        if RECIPIENTS.match(line):
            suspended = True
        elif suspended and (_ATTACHMENT.match(line) or _attached_document(lines, index)):
            suspended = False  # an attached plan, regulation or draft letter after the signature
            stack.clear()
        row = _TABLE_ROW.match(line)
        if row:
            if table_base is None:
                table_base = stack[-1].rank if stack else 0.0
                task_table = TASK_COLUMNS.search(line.upper()) is not None or not _STT_HEADER.match(line)
            found = _row_marker(row.group(1), table_base) if task_table else None
        else:
            table_base = None
            found = match_marker(line)
        if found is None:
            if not suspended:  # `Nơi nhận` and the signature belong to no section
                _extend(stack, end)
            continue
        kind, rank, value, rest = found
        if suspended and kind != "appendix":
            continue
        if kind in ("arabic", "paren") and stack and (
            stack[-1].rank == 6 and value == "1"
            or stack[-1].rank == 6.5 and stack[-1].section.marker.startswith("(") == (kind == "paren")
        ):
            rank = 6.5  # `a) Mục tiêu chung` + `1.`, `2.` (or `(1)`, `(2)`) ...: a list restarted under the letter
        if kind in _BULLET_PREFIX and start < 300 and rest.isupper() and len(rest.split()) >= 2:
            _extend(stack, end)
            continue  # `- BỘ CÔNG AN _`: an OCR'd header line, not a bullet
        if _FORM_BLANK.search(rest):
            _extend(stack, end)
            continue  # `Địa chỉ: ………`: a blank of a form, not an outline item
        if kind == "appendix":
            suspended = False
        while stack and stack[-1].rank >= rank:
            stack.pop()
        section = _new_section(kind, rank, value, rest, start, end, stack, root_bullets)
        section.marker = _marker_as_printed(line, rest, section.marker)
        sections.append(section)
        _extend(stack, end)
        stack.append(_Open(section, rank, {}))
    return sections


def _attached_document(lines: list[str], index: int) -> bool:
    """A second numbered document after the signature (the draft a Tờ trình submits): the
    national motto, then a `Số:` line within a few lines.  Forms (`Mẫu 01`) have no number."""
    if not _MOTTO.match(lines[index]):
        return False
    return any(_NUMBER_LINE.match(line) for line in lines[index + 1 : index + 5])


def _row_marker(cells_text: str, base: float) -> tuple[str, float, str, str] | None:
    cells = [c.strip() for c in cells_text.split(" | ")]
    if len(cells) < 2 or not _STT.match(cells[0]):
        return None
    value = cells[0].rstrip(".")
    if re.fullmatch(r"[A-H]", value) and value not in "CD":
        return "upper", base + 9, value, cells[1]  # `| A | PHÁT TRIỂN NỀN MÓNG ... |`: a group of the table
    if value in ("C", "D") and cells[1].isupper():
        return "upper", base + 9, value, cells[1]
    if roman_value(value) is not None:
        return "roman", base + 10, value, cells[1]
    depth = value.count(".")
    return ("decimal" if depth else "arabic"), base + 11 + 0.1 * depth, value, cells[1]


def _extend(stack: list[_Open], end: int) -> None:
    for open_section in stack:
        open_section.section.end = max(open_section.section.end, end)


def _new_section(
    kind: str, rank: float, value: str, rest: str, start: int, end: int, stack: list[_Open], root_bullets: dict[str, int]
) -> Section:
    parent = stack[-1].section if stack else None
    marker_id = _marker_id(kind, value, stack, root_bullets)
    if kind == "decimal":
        section_id = _decimal_id(value, stack, int(rank))
    elif kind == "appendix":
        section_id = marker_id
    else:
        section_id = f"{parent.id}.{marker_id}" if parent else marker_id
    heading = rest if kind in ("appendix", "part", "chapter") else heading_of(rest)
    marker = _printed_marker(kind, value)
    return Section(
        id=section_id,
        marker=marker,
        level=len(stack) + 1,
        heading=heading,
        start=start,
        end=end,
        parent=parent.id if parent else None,
    )


def _marker_id(kind: str, value: str, stack: list[_Open], root_bullets: dict[str, int]) -> str:
    if kind in _BULLET_PREFIX:
        counters = stack[-1].bullets if stack else root_bullets
        counters[kind] = counters.get(kind, 0) + 1
        return f"{_BULLET_PREFIX[kind]}{counters[kind]}"
    if kind == "appendix":
        return f"PL.{value}" if value else "PL"
    if kind == "article":
        return f"Điều {value}"
    return value


def _decimal_id(value: str, stack: list[_Open], arabic_rank: int) -> str:
    """`2.1` under `III` (or under `III.2`) is `III.2.1`: the marker carries its parent."""
    outer = [o for o in stack if o.rank < arabic_rank]
    prefix = outer[-1].section.id if outer else ""
    return f"{prefix}.{value}" if prefix else value


def _marker_as_printed(line: str, rest: str, fallback: str) -> str:
    """The marker exactly as the text prints it (`1.1.`, `PHỤ LỤC I`, a row's STT cell)."""
    if line.startswith("|"):
        return line.strip("| ").split(" | ")[0].strip()
    if rest and line.endswith(rest):
        printed = line[: len(line) - len(rest)].strip()
        return printed or fallback
    return line.strip() if not rest else fallback


def _printed_marker(kind: str, value: str) -> str:
    return {
        "roman": f"{value}.",
        "arabic": f"{value}.",
        "decimal": f"{value}.",
        "letter": f"{value})",
        "paren": f"({value})",
        "article": f"Điều {value}.",
        "appendix": f"Phụ lục {value}".strip(),
        "part": value,
        "chapter": value,
        "upper": f"{value}.",
    }.get(kind, value)
