"""Task assembly (SPEC section 4): who must do what, by when.

`assemble_tasks(doc)` walks the section tree of a document and returns its
tasks. The rules, in the order they apply:

* Only content parts give tasks: parts headed NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP,
  TỔ CHỨC THỰC HIỆN, LỘ TRÌNH ... (any part not headed MỤC ĐÍCH, MỤC TIÊU,
  KINH PHÍ, ĐÁNH GIÁ ...), the numbered body of a text without parts, and the
  rows of appendix task tables.
* Field lines (`Cơ quan chủ trì: ...`, `Thời gian thực hiện: ...`) are not items:
  they attach to the item that holds them, whether printed as bullets, letters
  or plain lines.
* An item whose sub-items state actions is a parent: the sub-items are tasks;
  the parent is one only if it has its own assignee field. Sub-items inherit
  the parent's assignees and deadline unless they state their own.
* An item headed by an agency (`2. Sở Nội vụ`) assigns its sub-items, or its
  own paragraph, to that agency.
* Without a field, assignees come from the text: an opening subject,
  `Giao X chủ trì`, `Đề nghị X`, `phối hợp với Y` inside a lead's task
  (:mod:`pipeline.extract.subjects` reads who a piece of text names;
  :mod:`pipeline.extract.aliases` applies the names a document defines).
* A request outside the outline (`Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh
  ...`) is a task with no section.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from pipeline.charclass import LOWER, UPPER, fold_marks
from pipeline.extract.agencies import (
    canonical_name,
    has_predicate,
    is_generic,
    leading_agencies,
    split_agencies,
    starts_predicate,
)
from pipeline.extract.aliases import (
    agency_aliases,
    defined_abbreviations,
    expand_defined_abbreviations,
    resolve_aliases,
)
from pipeline.extract.subjects import (
    TIME_LABEL,
    VERB_START,
    Scope,
    addressees,
    clean_assignees,
    coordinates,
    directed_bodies,
    field_assignees,
    labelled_subject,
    lead_in_subject,
    nominal_re,
    opens_with_agency,
    subject,
    text_assignees,
)
from pipeline.extract.temporal import find_time, normalize_time
from pipeline.models import Agency, Assignee, Deadline, Document, Section, Task
from pipeline.resources import load
from pipeline.structure.outline import RECIPIENTS, TASK_COLUMNS, match_marker

_FIELD = re.compile(
    r"^(?:[-+•–]\s*|[a-zđ]\)\s*|\d{1,2}\.\s*)?"
    r"(?P<label>(?:Cơ quan|Đơn vị|Bộ phận|Lực lượng)\s+(?:chủ trì|phối hợp|thực hiện|tham mưu|hướng dẫn|đầu mối|được giao)"
    r"(?:\s*(?:,|và)\s*(?:chủ trì|phối hợp|thực hiện|tham mưu|hướng dẫn))*(?:\s+thực hiện)?"
    r"|Chủ trì|Phối hợp|Thực hiện|Thời gian(?:\s+(?:thực hiện|hoàn thành|triển khai))?"
    r"|Thời hạn(?:\s+(?:thực hiện|hoàn thành|ban hành))?|Tiến độ(?:\s+(?:thực hiện|hoàn thành))?"
    r"|Hình thức(?:\s+thực hiện)?|Sản phẩm(?:\s+(?:chính|đầu ra))?|Kinh phí(?:\s+thực hiện)?|Nội dung phối hợp|Nội dung(?:\s+(?:thực hiện|công việc|chính))?)"
    r"\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_ROLE_WORDS = (("chủ trì", "lead"), ("đầu mối", "lead"), ("phối hợp", "coordinate"), ("thực hiện", "implement"),
               ("được giao", "implement"), ("tham mưu", "advise"), ("hướng dẫn", "guide"))
_EXCLUDED_PART = re.compile(
    r"^(?:MỤC ĐÍCH|MỤC TIÊU|KINH PHÍ|QUAN ĐIỂM|ĐÁNH GIÁ|TÌNH HÌNH|KẾT QUẢ|CĂN CỨ|PHẠM VI|ĐỐI TƯỢNG|SỰ CẦN THIẾT|"
    r"THỰC TRẠNG|BỐI CẢNH|NGUYÊN TẮC|YÊU CẦU|Mục đích|Mục tiêu|Kinh phí|Yêu cầu|Quan điểm|Đánh giá)",
)
_NON_TASK = re.compile(
    r"^(?:Trong quá trình (?:tổ chức |triển khai )?(?:thực hiện|triển khai)|Chịu trách nhiệm (?:nếu|trước)|"
    r"Kinh phí|Ngân sách (?:nhà nước|Trung ương|tỉnh|Tỉnh|thành phố|Thành phố|địa phương|cấp)|Nguồn (?:kinh phí|vốn|ngân sách)|Quyết định này có hiệu lực|Chỉ thị này|Nghị quyết này|Kế hoạch này được|"
    r"[^.]{0,60}\bthông báo để\b[^.]{0,120}\bbiết|Được (?!giao\b)|"
    r"Phấn đấu\b|Ít nhất \d|Tối thiểu \d|\d+(?:[.,]\d+)?\s*%)",  # targets (SPEC 4.1: not tasks)
    re.IGNORECASE,
)
_LIABILITY = re.compile(r"^(?:[^.]{0,120}\s)?chịu trách nhiệm\b[^.]{0,200}(?:xảy ra|xẩy ra)", re.IGNORECASE)
_EXECUTION_FORMULA = re.compile(
    r"(?:chịu trách nhiệm (?:thi hành|thực hiện|tổ chức thực hiện)|(?:nghiêm túc|khẩn trương)\s+(?:triển khai\s+)?(?:thực hiện|thi hành)"
    r"(?:\s+nghiêm)?)\s+(?:Quyết định|Kế hoạch|Chỉ thị|Nghị quyết|Thông báo|Công văn|Công điện) này\s*[./]*$"
)
_CLOSING_DEMAND = re.compile(
    r"^(?:Yêu cầu|Đề nghị)\s[^.;]{0,300}(?:nghiêm túc|khẩn trương)\s+(?:triển khai\s+)?(?:thực hiện|thi hành)(?:\s+nghiêm)?\s+"
    r"(?:Quyết định|Kế hoạch|Chỉ thị|Nghị quyết|Thông báo|Công văn|Công điện) này\s*[./]*$"
)
_APPENDIX_POINTER = re.compile(r"\((?:có |chi tiết |xem |theo )?(?:tại )?Phụ lục[^)]*\)", re.IGNORECASE)
_HEADING_ROLE = re.compile(r"\((?:là )?cơ quan (?:chủ trì|đầu mối)\)|là cơ quan (?:đầu mối|thường trực)[^:]*chủ trì", re.IGNORECASE)
_LEAD_IN_TAIL = re.compile(
    r"^(?:\(.*?\)\s*)?(?:[:.]|có trách nhiệm|chịu trách nhiệm|thực hiện|chủ động|căn cứ|tập trung|triển khai|theo chức năng)",
    re.IGNORECASE,
)
_HEADING_LEAD_TAIL = re.compile(
    r"(?:là cơ quan (?:đầu mối|thường trực)[^,]*,\s*)?chủ trì(?:\s*,?\s*phối hợp(?: với)? [^:.]{1,200})?\s*[:.]?", re.IGNORECASE
)
_PHASE_SPAN = re.compile(
    r"(?:[Tt]ừ nay|TỪ NAY)\s+(?:đến|ĐẾN)\s+(?:hết\s+)?(?:tháng|năm|THÁNG|NĂM)\s+[\d/]+|"
    r"(?:giai đoạn|GIAI ĐOẠN)\s+\d{4}\s*[-–]\s*\d{4}|(?:[Tt]ừ|TỪ)\s+(?:ngày|tháng|năm)\s+[\d/]+(?:\s+năm\s+\d{4})?\s+đến\s+[^:;.]{1,80}"
)
_WINDOW = re.compile(
    r"(?:trong khoảng )?từ ngày \d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})?\s+(?:đến|-)\s+(?:ngày )?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})?",
    re.IGNORECASE,
)
_TARGET_HEAD = re.compile(r"^(?:Mục tiêu|MỤC TIÊU|Phấn đấu|Chỉ tiêu|Định hướng)", re.IGNORECASE)
_SCOPE_TAIL = re.compile(r"(?:trên địa bàn|thuộc|trực thuộc|của)\b[^.;:]{0,60}[:.]?", re.IGNORECASE)
_REVIEW_HEAD = re.compile(r"(?:Về\s+)?(?:đánh giá|kết quả|tình hình|thực trạng)\b", re.IGNORECASE)
_PHASE_ONLY = re.compile(r"^(?:Đợt|Lần|Giai đoạn)\s*\d+\s*:\s*(?:Trong|Từ)\b")  # a dated phase line, no action
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=(?:[" + UPPER + r"]))")
@dataclass
class _Node:
    section: Section
    head: str  # the item's own first line without its marker
    lines: list[str]  # continuation lines of the item (before its first child)
    kind: str
    children: list[_Node] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)
    row: list[str] | None = None
    header: list[str] | None = None
    org: bool = False  # inside a TỔ CHỨC THỰC HIỆN / TRÁCH NHIỆM part


_CHAIRS: ContextVar[tuple[tuple[int, list[Agency]], ...]] = ContextVar("chairs", default=())
_CHAIR_WORDS = re.compile(r"\bchủ trì (?:hội nghị|cuộc họp)\b")
_CHAIR_PERSON = re.compile(r"(?:^|[.;]\s+)(?:Người chủ trì|Chủ trì)(?: hội nghị)?\b")


def _meeting_chairs(text: str) -> list[tuple[int, list[Agency]]]:
    """Bodies that chair a meeting, by position (`Ban Thường trực UBMTTQ xã phối hợp với UBND xã
    triệu tập (phát giấy mời) và chủ trì hội nghị`): `Người chủ trì` later stands for them."""
    chairs = []
    seen = -1
    for m in _CHAIR_WORDS.finditer(text):  # the words, then their line: no scan from every position
        start = text.rfind("\n", 0, m.start()) + 1
        if start == seen:
            continue
        seen = start
        end = text.find("\n", m.end())
        line = text[start : end if end >= 0 else len(text)][:2000]
        marker = match_marker(line)
        line = marker[3] if marker else line
        if line.startswith(("Người chủ trì", "Chủ trì")):
            continue
        agencies, offset = subject(line)
        clean = agencies and not agencies[0].name.startswith("Người") and not re.match(r"\s*(?:đang|đã)\s", line[offset:])
        chairs.append((start, agencies if clean else []))  # `Người ứng cử ... thì ... do X chủ trì`: it depends
    return chairs


def _chair_before(pos: int) -> list[Agency]:
    """The body that chairs the meeting, named last before `pos`."""
    before = [agencies for start, agencies in _CHAIRS.get() if start < pos]
    return before[-1] if before else []


def assemble_tasks(doc: Document) -> list[Task]:
    """Tasks of a processed document (sections must be segmented already)."""
    token = _CHAIRS.set(tuple(_meeting_chairs(doc.text)))
    try:
        return _assemble(doc)
    finally:
        _CHAIRS.reset(token)


def _assemble(doc: Document) -> list[Task]:
    nodes = _build_tree(doc.text, doc.sections)
    anchor = date.fromisoformat(doc.meta.date) if doc.meta.date else None
    tasks: list[Task] = []
    has_parts = any(n.kind in ("roman", "part", "upper", "chapter", "appendix") for n in nodes)
    preamble = doc.text[: nodes[0].section.start].rstrip().split("\n")[-1] if nodes else ""
    addressed = [] if has_parts else [Assignee("implement", a) for a in addressees(preamble)]
    for node in nodes:
        if node.kind == "article" and (has_parts or not _duty_article(node)):
            continue
        if node.kind in ("dash", "plus", "dot") and (has_parts or _after_addressee_label(doc.text, node)):
            continue  # bullets before the first part / after `Kính gửi:`: addressees, not tasks
        if node.kind in ("roman", "part", "upper", "chapter") and _excluded_part(node.head):
            if re.match(r"MỤC TIÊU|Mục tiêu", node.head):
                _addressed_lists(node, Scope([], None, None), anchor, tasks)
            continue
        if doc.meta.doc_type == "BC" and node.kind in ("roman", "part", "upper") and not _FORWARD_PART.search(node.head):
            continue  # a report's review of results (`I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH`) assigns nothing
        if not has_parts and node.kind == "arabic" and _REVIEW_HEAD.match(node.head):
            continue  # `1. Về đánh giá tình hình hoạt động ...`: a review of results, not tasks
        if _ORG_PART.search(node.head):
            _mark_org(node)
        if node.kind in ("roman", "part", "upper", "chapter", "appendix", "article"):
            addressed = [Assignee("implement", a) for a in addressees(node.lines[-1])] if node.lines else []
            period = _phase(node, anchor) or _intro_period(node, anchor) or _read_fields(node, anchor)[1]
            if not node.children and node.lines and node.kind != "article":
                tasks.extend(_part_paragraph_tasks(node, anchor))
                continue
            if not node.children and node.lines and node.kind == "article":
                _walk(node, Scope(addressed, period, None), anchor, tasks)  # `Điều 2. Nhiệm vụ của X` + its paragraph
                continue
            _walk_children(node, Scope(addressed, period, None), anchor, tasks)
        else:
            _walk(node, Scope(addressed, None, None), anchor, tasks)
    tasks.extend(_request_tasks(doc, nodes, anchor))
    _follow_schedule_pointers(tasks)
    _date_events(tasks, event_dates(doc.text))
    expand_defined_abbreviations(tasks, defined_abbreviations(doc.text))
    resolve_aliases(tasks, agency_aliases(doc.text))
    return _unique_ids(doc.doc_id, tasks)


_EVENT = r"(?:Hội nghị|hội nghị|Đại hội|đại hội|kỳ họp|Kỳ họp|buổi làm việc|Lễ|lễ)"
_EVENT_DATE = re.compile(
    _EVENT + r"[^.\n]{0,160}?ngày\s+(\d{1,2})\s*(?:tháng\s*|/)\s*(\d{1,2})\s*(?:năm\s*|/)\s*(\d{4})"
    r"|(?:^|\n)(?:[IVX]+\.\s*)?Thời gian\s*:[^\n]{0,40}?ngày\s+(\d{1,2})\s*(?:tháng\s*|/)\s*(\d{1,2})\s*(?:năm\s*|/)\s*(\d{4})"
)
_BEFORE_EVENT = re.compile(r"\btrước (?:khi (?:diễn ra |tổ chức )?)?" + _EVENT + r"\b")


def event_dates(text: str) -> str | None:
    """The date of the event a document is about: its `Thời gian: ... ngày ...` line, else
    `Hội nghị ... ngày ...` when that gives one date (deadlines `trước ... ngày` are skipped)."""
    timed: set[str] = set()
    mentioned: set[str] = set()
    for m in _EVENT_DATE.finditer(text):
        d, mo, y = (g for g in m.groups() if g is not None)
        try:
            day = date(int(y), int(mo), int(d)).isoformat()
        except ValueError:
            continue
        if m.group(4):
            timed.add(day)
        elif not re.search(r"trước|chậm nhất|gửi|hạn", m.group(0)):
            mentioned.add(day)
    found = timed or mentioned
    return found.pop() if len(found) == 1 else None


def _date_events(tasks: list[Task], event_day: str | None) -> None:
    """SPEC 4.4: `trước Hội nghị` takes the event's date when the document prints it."""
    if event_day is None:
        return
    for task in tasks:
        m = _BEFORE_EVENT.search(task.title)
        if m and (task.deadline is None or task.deadline.kind == "unspecified"):
            task.deadline = Deadline(m.group(0), "deadline", event_day, event_day, None, event_day)


# ------------------------------------------------------------------ tree


def _build_tree(text: str, sections: list[Section]) -> list[_Node]:
    by_id: dict[str, _Node] = {}
    roots: list[_Node] = []
    ordered = sorted(sections, key=lambda s: s.start)
    starts = [s.start for s in ordered] + [len(text) + 1]
    for i, section in enumerate(ordered):
        own = text[section.start : min(starts[i + 1], section.end + 1)].rstrip("\n").split("\n")
        first = own[0]
        row = None
        if first.startswith("|"):
            row = [c.strip() for c in first.strip("| ").split(" | ")]
            head, kind = (row[1] if len(row) > 1 else ""), "row"
        else:
            found = match_marker(first)
            head, kind = (found[3], found[0]) if found else (first, "plain")
        node = _Node(section, head, own[1:], kind, row=row, header=_table_header(text, section.start) if row else None)
        parent = by_id.get(section.parent or "")
        (parent.children if parent else roots).append(node)
        by_id[section.id] = node
    for node in by_id.values():
        _collect_fields(node)
    return roots


def _table_header(text: str, start: int) -> list[str] | None:
    before = text[:start].rstrip("\n").split("\n")
    for line in reversed(before[-400:]):
        if not line.startswith("|"):
            return None
        cells = [c.strip().upper() for c in line.strip("| ").split(" | ")]
        if cells and cells[0] in ("STT", "TT", "SỐ TT"):
            return cells
    return None


def _collect_fields(node: _Node) -> None:
    """Move field lines (bullets or plain lines) from the item's content to its fields."""
    kept: list[_Node] = []
    field_kinds: set[str] = set()
    for child in node.children:
        m = _FIELD.match(f"{child.head}") if child.kind != "row" and not _content_item(child) else None
        if m and child is node.children[0] and child.kind == "letter":
            field_kinds.add(child.kind)
        if m:
            value = _join(m.group("value"), child.lines)
            if child.children and _is_time_label(m.group("label")) or not value:
                value = " ".join([value, *(_title(c) for c in child.children)]).strip()
                node.fields.append((m.group("label"), value))
            else:
                node.fields.append((m.group("label"), value))
                kept.extend(child.children)  # items printed under a field line belong to the item
        else:
            kept.append(child)
            if child.kind in ("dash", "plus", "dot"):
                _lift_trailing_fields(node, child)
    # `a. Thời gian thực hiện: ...`, `b. Địa điểm quan trắc`, `c. Thông số ...`: letters that open
    # with a field line specify the item, they are not sub-tasks
    node.children = [c for c in kept if c.kind not in field_kinds or _acts_itself(c)]
    remaining: list[str] = []
    for line in node.lines:
        m = _FIELD.match(line)
        if m:
            node.fields.append((m.group("label"), m.group("value")))
        elif node.fields and not remaining and not match_marker(line):
            label, value = node.fields[-1]
            node.fields[-1] = (label, value + " " + line)
        else:
            remaining.append(line)
    node.lines = remaining
    m = _FIELD.match(node.head)
    if m and node.kind not in ("row",) and not _content_item(node):
        node.fields.append((m.group("label"), m.group("value")))
        node.head = ""


_ATTENDEES = re.compile(r"^(?:Dự tại|Tham dự|Thành phần(?: tham)? dự|Đại biểu(?: tham)? dự|Khách mời)\b[^:]{0,120}:?$")
_DUTY = re.compile(r"\b(?:có|chịu) trách nhiệm\b|\bphải\s")
def _acts_beyond_attending(task: Task) -> bool:
    """In a list of attendees, an item that gives a body a duty (`UBND các tỉnh chịu trách nhiệm
    kết nối ...`, `Trưởng Ban Công tác Mặt trận thôn ... lập danh sách và mời cử tri`)."""
    if _DUTY.search(task.title):
        return True
    agencies, offset = subject(task.title)
    predicate = task.title[offset:].lstrip(" ,:")
    if ";" in task.title[max(0, offset - 3) : offset]:
        return False  # `Giám đốc Công an tỉnh; lãnh đạo các phòng ...`: another attendee
    return bool(agencies and task.assignees) and starts_predicate(predicate) and not re.match(
        r"(?:dự|tham dự|tháp tùng|được|là)\b", predicate
    )


_GROUNDS_LEAD_IN = re.compile(
    r"\bcăn cứ(?: vào)? (?:các|những) (?:nội dung|tiêu chí|tiêu chuẩn|điều kiện|căn cứ) (?:sau|sau đây|như sau)\s*:$"
)
_PARTS_LEAD_IN = re.compile(r"^(?:Thành phần|Hồ sơ|Tài liệu)\b[^:;]{0,80}\b(?:gồm|gồm có|bao gồm)\s*:$")


def _lists_parts(text: str) -> bool:
    """An action whose closing lead-in lists its grounds or its parts, not sub-tasks:
    `Hội nghị thảo luận ... căn cứ vào các nội dung sau:`, `Trưởng ban ... gửi giấy mời ...
    Thành phần hội nghị gồm:`."""
    sentences = re.split(r"(?<=[.;])\s+", text.strip())
    return bool(_GROUNDS_LEAD_IN.search(sentences[-1])) or (
        len(sentences) > 1 and bool(_PARTS_LEAD_IN.match(sentences[-1]))
    )


_OTHER_ACTOR = re.compile(  # a lead-in whose own subject (a person, a meeting) does the items under it
    r"(?:^|[.;]\s+)[" + UPPER + r"][^,:;.]{2,60}?\s+(?:có|chịu) trách nhiệm\s+(?:sau đây|như sau|(?:các|những) (?:việc|nhiệm vụ) sau(?: đây)?)\s*:$"
)


def _acts_itself(node: _Node) -> bool:
    """An item that opens with an action or hands its items to named bodies."""
    return bool(VERB_START.match(node.head) or (node.lines and lead_in_subject(node.lines[-1])))


def _figures_row(text: str) -> bool:
    """Mostly numbers: a row of a statistics table, not an action."""
    words = text.split()
    return len(words) >= 6 and sum(1 for w in words if re.fullmatch(r"[\d.,%/()-]+", w)) >= 0.5 * len(words)


def _content_item(node: _Node) -> bool:
    """`1. Nội dung: Ban Thường trực ... tổ chức hội nghị ...`: a numbered item that opens with
    the label `Nội dung` states its own action; it is an item, not a field of its parent."""
    return node.kind in ("arabic", "roman", "letter", "decimal") and bool(
        re.match(r"Nội dung\s*:\s*\S", node.head, re.IGNORECASE)
    )


def _is_time_label(label: str) -> bool:
    return label.lower().startswith(("thời gian", "thời hạn", "tiến độ"))


def _lift_trailing_fields(parent: _Node, bullet: _Node) -> None:
    """Plain field lines after a parent's last bullet belong to the parent (seed 004)."""
    kept: list[str] = []
    for i, line in enumerate(bullet.lines):
        m = _FIELD.match(line)
        if m:
            parent.lines.extend(bullet.lines[i:])
            break
        kept.append(line)
    bullet.lines = kept


def _join(value: str, lines: list[str]) -> str:
    extra = [line for line in lines if not _FIELD.match(line)]
    return " ".join([value, *extra]).strip()


# ------------------------------------------------------------------ walking


def _phase(node: _Node, anchor: date | None) -> Deadline | None:
    """A roadmap phase heading (`Giai đoạn 2025 - 2030`) gives its items a period."""
    head = node.head
    if len(head) > 200:
        return None
    if re.match(r"^(?:Giai đoạn|GIAI ĐOẠN|Năm|NĂM|Từ năm)\s+\d{4}", head):
        return normalize_time(head, anchor)
    span = _PHASE_SPAN.search(head)
    if span and not _TARGET_HEAD.match(head):
        return normalize_time(span.group(0), anchor)
    caps = node.lines[0] if node.lines and node.lines[0].isupper() and len(node.lines[0]) < 80 else ""
    year = _WORK_YEAR.search(f"{head} {caps}".strip())  # a capitalised heading wrapped over two lines
    if year and node.kind in ("roman", "part", "upper", "chapter"):
        return normalize_time(f"năm {year.group(1)}", anchor)  # `IV. NHIỆM VỤ TRỌNG TÂM NĂM 2026`
    return None


_WORK_YEAR = re.compile(r"(?:NHIỆM VỤ|PHƯƠNG HƯỚNG|KẾ HOẠCH)(?:[^.:]{0,80}?)\bNĂM\s+(\d{4})\s*$", re.IGNORECASE)
_FORWARD_PART = re.compile(
    r"NHIỆM VỤ|PHƯƠNG HƯỚNG|GIẢI PHÁP|KẾ HOẠCH|ĐỀ XUẤT|KIẾN NGHỊ|TỔ CHỨC THỰC HIỆN|TRIỂN KHAI|THỜI GIAN TỚI", re.IGNORECASE
)


_DUTY_HEADING = re.compile(r"trách nhiệm|tổ chức thực hiện|phân công|nhiệm vụ|giao|giám sát", re.IGNORECASE)


def _duty_article(node: _Node) -> bool:
    """In a normative text only articles about duties (`Trách nhiệm của ...`, `Tổ chức thực hiện`)
    give tasks; the rest are rules, rights and conditions."""
    return bool(_DUTY_HEADING.search(node.head[:120]))


_ORG_PART = re.compile(r"TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM|PHÂN CÔNG|Tổ chức thực hiện|Trách nhiệm")


def _mark_org(node: _Node) -> None:
    node.org = True
    for child in node.children:
        _mark_org(child)


def _after_addressee_label(text: str, node: _Node) -> bool:
    """A root bullet in the `Kính gửi:` / `... điện:` list of a letter or công điện."""
    before = text[: node.section.start].rstrip("\n").split("\n")
    for line in reversed(before[-40:]):
        if line.startswith(("-", "+", "•")):
            continue
        return bool(re.search(r"(?:Kính gửi|Đồng kính gửi|điện)\s*:\s*$", line))
    return False


def _intro_period(node: _Node, anchor: date | None) -> Deadline | None:
    """A part whose opening paragraph fixes one time window for all its items
    (`... được thực hiện trong khoảng từ ngày 04/02/2026 đến ngày 08/02/2026`)."""
    spans = [m.group(0) for line in node.lines for m in _WINDOW.finditer(line)]
    return normalize_time(spans[0], anchor) if len(spans) == 1 else None


def _part_paragraph_tasks(node: _Node, anchor: date | None) -> list[Task]:
    """A part with no items whose paragraph assigns to a named body (`VII. CHẾ ĐỘ BÁO CÁO` +
    `Các sở ... gửi báo cáo ... trước ngày 16/12/2025`) is one task under the part's id."""
    text = " ".join(node.lines).strip()
    if _NON_TASK.match(text) or not text_assignees(text, Scope([], None, None)):
        return []
    paragraph = _Node(node.section, "", node.lines, "plain")
    return _make_tasks(paragraph, text, Scope([], None, None), [], None, None, [], anchor)


def _walk_children(node: _Node, ctx: Scope, anchor: date | None, tasks: list[Task]) -> None:
    for child in node.children:
        _walk(child, ctx, anchor, tasks)


def _walk(node: _Node, ctx: Scope, anchor: date | None, tasks: list[Task]) -> None:
    text = _title(node)
    if not text or _NON_TASK.match(text) or _LIABILITY.search(text):
        return
    if re.search(r"[.…]{5,}|…{2,}", text):
        return  # a form to fill in (`Họ và tên: ………`)
    if _PAGE_FURNITURE.search(text):  # a header or a recipients line read as an item (OCR'd scans)
        _walk_children(node, ctx, anchor, tasks)
        return
    if not node.children and (len(re.findall(r"[^\W\d_]{2,}", text)) < 3 or _figures_row(text)):
        return  # a row of figures from a statistics table (`806 357 220`)
    if node.kind == "row" and not (node.header and TASK_COLUMNS.search(" ".join(node.header[1:]))):
        return  # rows of a scoring or statistics table, not a task table
    if _APPENDIX_POINTER.search(text) and len(text) < 250 and not node.fields:
        return
    if not node.children and not node.fields and (_only_names(text) or _PHASE_ONLY.match(text)):
        return
    if node.children and _ATTENDEES.match(node.head):  # `Dự tại điểm cầu Trụ sở Chính phủ:` + who attends
        found: list[Task] = []
        _walk_children(node, ctx, anchor, found)
        tasks.extend(t for t in found if _acts_beyond_attending(t))
        return
    if node.kind == "article" and _descriptive_heading(text):
        return  # `Điều 2. Đối tượng áp dụng`: who is covered, not who acts
    if (_descriptive(text) or ((node.children or node.lines or "“" in node.head) and _descriptive_heading(node.head))) and not node.fields:
        if node.children:  # `Phương thức tổ chức:` bullets: only those that name who acts
            found: list[Task] = []
            _walk_children(node, Scope([], ctx.deadline, ctx.parent_task), anchor, found)
            tasks.extend(t for t in found if t.assignees)
        return
    if nominal_re().match(text) and re.search(r"\bgồm(?: có)?\s*[:;]?$", node.head):
        return  # `Hồ sơ cấp đổi thẻ gồm:` lists the parts of a dossier, not actions
    if len(text) < 400 and _EXECUTION_FORMULA.search(text) and len(_SENTENCE.split(text)) == 1:
        return
    if node.kind in ("roman", "part", "upper", "chapter") and _excluded_part(node.head):
        if re.match(r"MỤC TIÊU|Mục tiêu", node.head):
            _addressed_lists(node, ctx, anchor, tasks)
        return
    if node.children and not node.fields and re.match(r"(?:Các\s+)?(?:Mục tiêu|Chỉ tiêu)\b", node.head, re.IGNORECASE):
        return  # a list of targets (SPEC 4.1: not tasks)
    if node.kind == "article" and not _duty_article(node):
        return
    field_assignees, deadline, form, outputs = _read_fields(node, anchor)
    if node.children and _lists_parts(text):  # `... căn cứ vào các nội dung sau:` + the grounds
        tasks.extend(_make_tasks(node, text, ctx, field_assignees, deadline, form, outputs, anchor))
        return
    heading = _agency_heading(node)
    if heading is not None:
        agencies, lead, partners = heading
        sub = Scope(ctx.assignees, deadline or ctx.deadline, ctx.parent_task, agencies, lead, partners)
        if node.children:
            if _states_own_action(node) and not _bare_noun_heading(node.head):  # `Giao Sở X là cơ quan đầu mối, chủ trì ...; tổ chức các nhiệm vụ sau:`
                own = _make_tasks(node, _title(node), sub, field_assignees, deadline, form, outputs, anchor)[:1]
                tasks.extend(own)
                sub.parent_task = own[0].section if own else sub.parent_task
            _walk_children(node, sub, anchor, tasks)
        elif node.lines:
            body = " ".join(node.lines)
            tasks.extend(_make_tasks(node, body, sub, field_assignees, deadline, form, outputs, anchor))
        return
    phase = _phase(node, anchor)
    if node.children and phase is not None:
        lead_in = addressees(node.lines[-1]) if node.lines else []
        lead_in = lead_in or (lead_in_subject(node.lines[-1], strict=False) if node.lines else [])
        heading = lead_in or ctx.heading_agencies
        _walk_children(node, Scope(ctx.assignees, phase, ctx.parent_task, heading, ctx.heading_lead and not lead_in),
                       anchor, tasks)
        return
    if node.children and _children_act(node) and not _checklist(node):
        last = node.lines[-1] if node.lines else _title(node)
        directed = directed_bodies(last)
        labelled = labelled_subject(last) if not directed else []
        acts = field_assignees or _states_own_action(node) or directed or labelled
        if labelled and not field_assignees:  # `Giám sát trực tiếp: Ban Thường trực ... và các thành viên ... sau:`
            field_assignees, directed = [Assignee("implement", a) for a in labelled], labelled
        own = _make_tasks(node, text, ctx, field_assignees, deadline, form, outputs, anchor) if acts else []
        tasks.extend(own)
        inherited = own[0].assignees if own else ctx.assignees
        lead_in = directed or (None if own else (
            _lead_in_agencies(node) or addressees(_title(node)) or addressees(last) or lead_in_subject(last, strict=False)
        ))
        sub = Scope(
            inherited,
            (own[0].deadline if own else deadline) or ctx.deadline,
            own[0].section if own else ctx.parent_task,
            lead_in or ctx.heading_agencies,
            ctx.heading_lead if not lead_in else False,
        )
        if not lead_in and not own and _OTHER_ACTOR.search(last):
            chair = _chair_before(node.section.start) if _CHAIR_PERSON.search(last) else []
            if chair and len(_SENTENCE.split(text)) > 1:  # `Chủ trì tuyên bố lý do ... Người chủ trì có trách nhiệm sau đây:`
                chaired = [Assignee("implement", a) for a in chair]  # presiding, not the lead cue
                tasks.extend(_make_tasks(node, text, sub, chaired, deadline, form, outputs, anchor))
            sub = Scope([], sub.deadline, sub.parent_task, chair or None)  # not the outer bodies
        _walk_children(node, sub, anchor, tasks)
        return
    tasks.extend(_make_tasks(node, text, ctx, field_assignees, deadline, form, outputs, anchor))


def _addressed_lists(node: _Node, ctx: Scope, anchor: date | None, tasks: list[Task]) -> None:
    """Action lists inside a MỤC TIÊU part: an item whose lead-in hands the items under it to
    named bodies (`Căn cứ tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực
    hiện các hoạt động sau:`) holds actions, not targets."""
    stated = _read_fields(node, anchor)[1]  # `b) Thời gian: Từ ngày 15/11 đến ngày 15/12` for the items beside it
    ctx = Scope(ctx.assignees, stated or ctx.deadline, ctx.parent_task)
    for child in node.children:
        lead_in = lead_in_subject(child.lines[-1]) if child.children and child.lines else []
        if lead_in:
            _walk_children(child, Scope(ctx.assignees, ctx.deadline, ctx.parent_task, lead_in), anchor, tasks)
        else:
            _addressed_lists(child, ctx, anchor, tasks)


@cache
def _descriptive_labels() -> str:
    """task_cues.json `descriptive_labels` as one alternation, longest first."""
    labels = sorted(load("task_cues.json")["descriptive_labels"], key=len, reverse=True)
    return "|".join(map(re.escape, labels))


@cache
def _descriptive_re() -> re.Pattern[str]:
    return re.compile(r"^(?:" + _descriptive_labels() + r")\b[^:.;]{0,40}:", re.IGNORECASE)


@cache
def _descriptive_caps_re() -> re.Pattern[str]:
    """The same labels printed in capitals without a colon (`THÀNH PHẦN HỘI NGHỊ Hội nghị ... gồm`)."""
    labels = _descriptive_labels().upper()
    return re.compile(r"^(?:" + labels + r")(?:\s+[^\s" + LOWER + r"]+)*\s+(?=[" + UPPER + r"][" + LOWER + r"])")


@cache
def _descriptive_start_re() -> re.Pattern[str]:
    return re.compile(r"(?:" + _descriptive_labels() + r")\b", re.IGNORECASE)


def _descriptive_heading(text: str) -> bool:
    """`Thành phần dự hội nghị`: a short heading naming an attribute, over its descriptions."""
    short = len(re.split(r"[“\"]", text)[0].split()) <= 6  # `Chủ đề thi đua “...”`
    return short and bool(_descriptive_start_re().match(text))


def _descriptive(text: str) -> bool:
    """`Phạm vi: ...`, `Thành phần đoàn: ...`: an attribute of the plan, not an action."""
    return bool(_descriptive_re().match(text) or _descriptive_caps_re().match(text))


def _excluded_part(head: str) -> bool:
    if _EXCLUDED_PART.match(head):
        return True
    words = load("task_cues.json")["excluded_part_words"]
    return head.isupper() and any(w in head for w in words) and not re.search(r"NHIỆM VỤ|TỔ CHỨC THỰC HIỆN", head)


def _only_names(text: str) -> bool:
    """An item that only names bodies or people (`- Tòa án nhân dân tối cao.`): no action."""
    bare = text.rstrip(" .;,")
    if len(bare) > 300:
        return False
    agencies, offset = leading_agencies(bare + " thực hiện")
    if agencies and offset >= len(bare):
        return True
    members = re.match(r"^([^:]{2,60}):\s*(.+)$", bare)  # `Lãnh đạo các Bộ: Công an, Quốc phòng, ...`
    if members:
        parts = [p.strip() for p in re.split(r"[,;]|\svà\s", members.group(2)) if p.strip()]
        if len(parts) >= 2 and all(p[:1].isupper() and len(p.split()) <= 12 and not _runs_on(p) for p in parts):
            return True
    # a person: `Phó Thủ tướng Chính phủ Lê Thành Long` (a short line ending in a capitalised name)
    return len(bare.split()) <= 12 and bare[:1].isupper() and not has_predicate(bare) \
        and bool(re.search(r"(?:\s[" + UPPER + r"]\w*){3}$", bare))


def _runs_on(name: str) -> bool:
    """A predicate after a lower-case word of a member name (`Y tế khẩn trương khắc phục`);
    `Ngoại giao` is a name (its `giao` follows a capitalised word)."""
    words = name.split()
    return any(
        words[i - 1][:1].islower() and starts_predicate(" ".join(words[i:]))
        for i in range(1, len(words))
    )


def _states_own_action(node: _Node) -> bool:
    """A parent opening with a named subject and an action of its own (not a lead-in `...:`)."""
    text = _title(node)
    if node.kind in ("roman", "part", "upper", "chapter", "appendix"):
        return False
    if text.endswith(":"):
        if re.search(r"\b(?:gồm|bao gồm|gồm có)\s*:$", text):
            return False
        text = _LEAD_IN_TAIL_OBJECT.sub("", text)  # what the item itself does before `... các nhiệm vụ sau:`
    text = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu)\s+", "", text)
    agencies, offset = subject(text)
    predicate = text[offset:].strip(" ,")
    partners = re.match(r"(?:chủ trì\s*,?\s*)?phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+(?P<who>.+)$", predicate)
    if partners and leading_agencies(partners.group("who").rstrip(" ;,.") + " thực hiện")[1] >= len(partners.group("who").rstrip(" ;,.")):
        return False  # `Sở Y tế chủ trì, phối hợp với Sở X`: roles only, the action is in the items
    if re.fullmatch(r"(?:(?:trên|tại)\s+địa bàn[^,;:]{0,40}\s)?(?:(?:có|chịu)\s+trách nhiệm(?:\s+thực hiện)?"
                    r"|(?:thực hiện|triển khai)(?:\s+tốt)?)(?:\s+(?:một số|các|những)\s+(?:nhiệm vụ|nội dung)[^.;:]{0,30})?"
                    r"(?:\s+(?:sau đây|như sau|sau))?\s*[:.]?", predicate):
        return False  # `Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm`: a heading
    return bool(agencies) and len(predicate.split()) >= 8 and starts_predicate(predicate)


# `Kiểm tra, giám sát việc ...:` + what is checked (`Việc ban hành ...`, `Đảm bảo số dư ...`)
_INSPECTS = re.compile(r"^(?:Kiểm tra|Giám sát|Thanh tra|Kiểm tra, giám sát)\b")


def _checklist(node: _Node) -> bool:
    """Sub-items that mostly name things (`Việc ban hành ...`, `Cơ cấu, thành phần ...`) are the
    content of their item, which is then the task itself."""
    items = [c for c in node.children if c.kind in ("dash", "plus", "dot", "paren")]
    if len(items) < 2 or len(items) != len(node.children):
        return False
    nominal = sum(1 for c in items if nominal_re().match(_title(c)) or _labelled_content(_title(c)))
    lead_ins = {node.head, node.lines[-1] if node.lines else node.head}
    inspects = bool(_INSPECTS.match(node.head)) and not any(labelled_subject(line) for line in lead_ins)
    if not inspects and nominal < 0.6 * len(items):
        return False
    empty = Scope([], None, None)  # a sub-item that names who acts is a task of its own
    return not any(text_assignees(_title(c), empty) for c in items if not nominal_re().match(_title(c)))


def _labelled_content(text: str) -> bool:
    """`Số điểm quan trắc: 08 điểm ...`, `Thông số: ...`: a short label that is neither an
    agency nor an action, then its content -- an attribute of the item above."""
    m = re.match(r"^([^:;.]{2,40}):\s", text)
    if not m or len(m.group(1).split()) > 6:
        return False
    label, content = m.group(1), text[m.end():]
    if TIME_LABEL.match(text) or opens_with_agency(content) or opens_with_agency(label):
        return False  # `Từ ngày 04/02/2026: Ban Thường trực ...` assigns
    return not starts_predicate(label) and not VERB_START.match(label) and not starts_predicate(content)


def _children_act(node: _Node) -> bool:
    return any(c.kind != "plain" and not (not c.children and _PHASE_ONLY.match(_title(c))) for c in node.children)


def _title(node: _Node) -> str:
    content = next((value for label, value in node.fields if label.lower().startswith("nội dung")), None)
    if content and len(node.head.split()) <= 3 and not node.lines:
        return f"{node.head} - Nội dung: {content}"  # `Hoạt động 1` says nothing by itself
    if node.kind != "row" and node.head.endswith(":") and node.lines and not node.children:
        return " ".join(node.lines).strip()  # `7. Về đề nghị ...:` labels the paragraph that follows
    parts = [node.head, *node.lines] if node.kind != "row" else [node.head]
    return " ".join(p for p in parts if p).strip()


def _read_fields(node: _Node, anchor: date | None) -> tuple[list[Assignee], Deadline | None, str | None, list[str]]:
    assignees: list[Assignee] = []
    deadline: Deadline | None = None
    form: str | None = None
    outputs: list[str] = []
    fields = list(node.fields)
    if node.row and node.header:
        fields.extend(_row_fields(node.row, node.header))
    for label, value in fields:
        low = label.lower()
        roles = [role for word, role in _ROLE_WORDS if word in low]
        if low.startswith(("cơ quan", "đơn vị", "bộ phận", "lực lượng", "chủ trì", "phối hợp", "thực hiện")):
            assignees.extend(field_assignees(value, roles or ["implement"]))
        elif low.startswith(("thời gian", "thời hạn", "tiến độ")):
            deadline = normalize_time(value, anchor, field=label) or deadline
        elif low.startswith("hình thức"):
            form = value.strip() or None
        elif low.startswith("sản phẩm"):
            outputs.append(value.strip())
    return assignees, deadline, form, outputs


def _row_fields(row: list[str], header: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, cell in zip(header, row, strict=False):
        if not cell:
            continue
        if "CHỦ TRÌ" in name:
            out.append(("Chủ trì", cell))
        elif "PHỐI HỢP" in name:
            out.append(("Phối hợp", cell))
        elif "THỰC HIỆN" in name and "THỜI" not in name:
            out.append(("Thực hiện", cell))
        elif "THỜI" in name or "TIẾN ĐỘ" in name:
            out.append(("THỜI GIAN" if "HOÀN THÀNH" not in name else "Thời gian hoàn thành", cell))
        elif "SẢN PHẨM" in name:
            out.append(("Sản phẩm", cell))
    return out


def _agency_heading(node: _Node) -> tuple[list[Agency], bool, list[Assignee]] | None:
    """An item whose heading is only an agency (or names addressees before `:`)."""
    if node.kind in ("row", "dash", "plus", "dot") or node.fields or not (node.children or node.lines):
        return None  # a heading heads something: sub-items or its own paragraph
    head = re.sub(r"^(?:Đề nghị|Giao|Yêu cầu)\s+", "", node.head.strip())
    duty = _DUTY_OF.match(head)
    if duty:  # `Điều 5. Trách nhiệm của Sở Y tế`, `Chức năng, nhiệm vụ của Tổ Công tác ...`
        named = [a for a in split_agencies(duty.group("who")) if not is_generic(a.text)]
        if named:
            return named, False, []
    if node.children and len(node.lines) == 1 and not re.search(r"[.:;]$", head) and len(node.lines[0]) < 200:
        head = f"{head} {node.lines[0].strip()}"  # a heading wrapped over two lines
    if not head or len(head) > 400:
        return None
    agencies, offset = leading_agencies(head)
    if not agencies:
        agencies, offset = subject(head.rstrip(" :.") + " thực hiện")
        offset = min(offset, len(head))
    if not agencies and node.org and _bare_noun_heading(head) and (node.children or node.lines):
        name = head.rstrip(" :.")
        return [Agency(name, canonical_name(name), name.lower().startswith(("các ", "những ")))], False, []
    if not agencies or any(len(a.name.split()) > 22 or ":" in a.name for a in agencies):
        return None
    tail = head[offset:].strip(" ,")
    lead = bool(_HEADING_ROLE.search(head))
    if not tail or re.fullmatch(r"\(.*\)[:.]?", tail) or tail in (":", ".") or _SCOPE_TAIL.fullmatch(tail):
        return agencies, lead, []
    role = _HEADING_LEAD_TAIL.fullmatch(tail)
    if role and (node.children or node.lines):
        return agencies, True, coordinates(tail)
    if node.children and _DUTY_TAIL.fullmatch(re.sub(r"^\([^()]*\)\s*", "", tail)):
        return agencies, lead, []
    if (node.children or node.lines) and head.endswith(":") and _LEAD_IN_TAIL.match(tail):
        return agencies, lead, []
    if node.org and node.children and _bare_noun_heading(head) and not VERB_START.match(tail):
        name = head.rstrip(" :.")  # a group named by a long noun phrase (`Các doanh nghiệp hoạt động trong ...`)
        return [Agency(name, canonical_name(name), name.lower().startswith(("các ", "những ")))], lead, []
    if node.children and head.endswith(":") and re.search(r"(?:nhiệm vụ|nội dung|công việc|giải pháp)[^:]{0,40}(?:sau|như sau)\s*:$", tail):
        lead = lead or "chủ trì" in tail[:80]
        return agencies, lead, coordinates(tail) if lead else []
    if (node.children or node.lines) and re.fullmatch(r"(?:phối hợp|thực hiện|tham gia)(?: thực hiện)?\s*[:.]?", tail):
        return agencies, False, []
    return None


_DUTY_OF = re.compile(
    r"^(?:Chức năng,\s*)?(?:Trách nhiệm|Nhiệm vụ|Nhiệm vụ,\s*quyền hạn|Nhiệm vụ và quyền hạn|Quyền hạn và trách nhiệm|"
    r"Trách nhiệm và quyền hạn|Quyền và nghĩa vụ)\s+(?:cụ thể\s+)?của\s+(?P<who>[^:.;]{3,200}?)\s*[:.]?$",
    re.IGNORECASE,
)
_DUTY_TAIL = re.compile(
    r"(?:có|chịu)\s+(?:(?:trách nhiệm|nhiệm vụ|quyền hạn|quyền)(?:\s*(?:,|và)\s*)?){1,3}(?:\s+thực hiện)?"
    r"(?:\s+(?:các|những)\s+(?:nhiệm vụ|nội dung|công việc)(?:\s+cụ thể)?)?(?:\s+(?:sau đây|như sau|sau))?\s*[:.]?"
)


def _bare_noun_heading(head: str) -> bool:
    """`Các tổ chức cung cấp dịch vụ chi trả`: a short noun phrase naming the bodies of a
    TỔ CHỨC THỰC HIỆN item (no sentence, no leading action verb)."""
    words = head.rstrip(" :.").split()
    return (
        2 <= len(words) <= 24
        and not re.search(r"[.;]\s", head)
        and not VERB_START.match(head)
        and not _descriptive(head)
        and not re.match(r"^(?:Về|Đối với|Công tác|Chế độ|Kinh phí|Thời gian|Trách nhiệm|Nhiệm vụ|Giao)\b", head)
    )


def _lead_in_agencies(node: _Node) -> list[Agency] | None:
    """A lead-in naming addressees (`... yêu cầu X, Y thực hiện các nhiệm vụ sau:`)."""
    if not node.head.endswith(":"):
        return None
    m = re.search(r"(?:yêu cầu|đề nghị|giao)\s+(?P<who>.+?)\s+(?:thực hiện|triển khai|tập trung|quán triệt)\b", node.head)
    return split_agencies(m.group("who")) if m else None


_LEAD_IN_TAIL_OBJECT = re.compile(
    r"[;,.]?\s*(?:(?:và|đồng thời)\s+)?(?:(?:tổ chức|tập trung|chủ trì|phối hợp)\s+)?(?:(?:thực hiện|triển khai|chỉ đạo)\s+)?"
    r"(?:(?:một số|các|những)\s+(?:nhiệm vụ|nội dung|hoạt động|công việc|hình thức|giải pháp|biện pháp|chương trình|"
    r"kế hoạch|đề án|dự án|văn bản)[^:;]{0,40}?\s*)?(?:sau đây|như sau|sau|cụ thể|như|gồm)?\s*:$"
)


_PAGE_FURNITURE = re.compile(
    r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA|Độc lập\s*-\s*Tự do|^(?:Như|Nhu) trên\b|^Lưu\s*:?\s*(?:VT|Văn thư)", re.IGNORECASE
)
_RECIPIENTS_IN_TEXT = re.compile(RECIPIENTS.pattern, re.MULTILINE)
_REQUEST = re.compile(  # on the folded text (fold_marks): OCR'd `Kính đê nghị` still counts
    r"(?:^|[,;.]\s*|\s)(?:tran trong\s+)?kinh\s+(?:moi|de nghi|trinh|bao cao)\s+(?P<rest>\S.+)$"
)


_SCHEDULE_POINTER = re.compile(r"(?:khoản|điểm)\s+(?P<item>\d{1,2}|[a-zđ])\s*,?\s*(?:mục|phần)\s+(?P<part>[IVX]{1,5})\b")


def _follow_schedule_pointers(tasks: list[Task]) -> None:
    """`Định kỳ báo cáo ... theo khoản 3, mục II Kế hoạch này`: a period with no unit takes the
    cycle of the item it points to (SPEC 4.4, `Định kỳ` pointing to a schedule)."""
    cycles = {t.section: t.deadline for t in tasks if t.section and t.deadline and t.deadline.freq}
    for task in tasks:
        d = task.deadline
        if d is None or d.kind != "recurring" or d.freq:
            continue
        m = _SCHEDULE_POINTER.search(task.title)
        target = cycles.get(f"{m.group('part')}.{m.group('item')}") if m else None
        if target is not None:
            d.freq, d.timex = target.freq, target.freq


def _request_tasks(doc: Document, nodes: list[_Node], anchor: date | None) -> list[Task]:
    """A request outside the outline names who must act (`Sở Nội vụ kính trình Chủ tịch
    Ủy ban nhân dân tỉnh xem xét, ký ban hành ...`, `Văn phòng Chính phủ trân trọng kính mời
    Lãnh đạo các Bộ ... dự Hội nghị`): one task with no section (gold d27, Tờ trình)."""
    parts = [n.section.start for n in nodes if n.kind in ("roman", "part", "upper", "chapter", "article", "appendix")]
    first = min(parts, default=doc.sections[0].start if doc.sections else len(doc.text))
    preamble = [line for line in doc.text[:first].split("\n") if not match_marker(line)]  # not the `Kính gửi:` bullets
    spans = ["\n".join(preamble)]
    if doc.sections:  # the closing paragraphs before `Nơi nhận` (inside the last section's span)
        recipients = _RECIPIENTS_IN_TEXT.search(doc.text)
        end = recipients.start() if recipients else len(doc.text)
        last_head = max(s.start for s in doc.sections)
        closing = doc.text[max(last_head, 0):end].split("\n")[1:][-3:]
        spans.append("\n".join(line for line in closing if not match_marker(line)))
    tasks: list[Task] = []
    for span in spans:
        for line in span.split("\n"):
            if RECIPIENTS.match(line):
                break
            for sentence in re.split(r"(?<=[.;])\s+(?=[" + UPPER + r"])", line):
                m = _REQUEST.search(fold_marks(sentence))
                rest = sentence[m.start("rest"):] if m else ""
                if not m or not rest[:1].isupper() or "kinh gui" in fold_marks(sentence[: m.start() + 12]):
                    continue
                agencies, _ = leading_agencies(rest)
                agencies = agencies or subject(rest)[0]
                if agencies:
                    title = sentence.strip()
                    tasks.append(Task("", None, title, clean_assignees([Assignee("implement", a) for a in agencies]),
                                      find_time(title, anchor)))
    return tasks


# ------------------------------------------------------------------ task making


def _make_tasks(
    node: _Node,
    text: str,
    ctx: Scope,
    field_assignees: list[Assignee],
    deadline: Deadline | None,
    form: str | None,
    outputs: list[str],
    anchor: date | None,
) -> list[Task]:
    implicit = bool(ctx.heading_agencies or ctx.assignees or field_assignees)
    prose_kinds = ("arabic", "roman", "letter", "decimal", "dash", "paren")
    pieces = _prose_pieces(text, implicit) if node.kind in prose_kinds else [text]
    tasks = []
    for piece in pieces:
        assignees = field_assignees or text_assignees(piece, ctx)
        if field_assignees and not any(a.role in ("lead", "implement") for a in field_assignees):
            # `Cơ quan tham mưu, hướng dẫn: ...` names helpers; the item's own subject still acts
            assignees = text_assignees(piece, Scope([], None, None)) + field_assignees
        if not field_assignees and piece == text and node.head and node.lines and len(node.head.split()) <= 12:
            named = text_assignees(" ".join(node.lines), Scope([], None, None))
            if named and not text_assignees(piece, Scope([], None, None)):
                assignees = named  # `7. Công tác kiểm tra, giám sát` + `Ban Thường trực ... xây dựng ...`
        if not field_assignees and re.match(r"Người chủ trì(?: hội nghị| cuộc họp)?\s", piece):
            chair = _chair_before(node.section.start)  # `Người chủ trì hội nghị đọc thông báo ...`
            assignees = [Assignee("implement", a) for a in chair] or assignees
        own_deadline = deadline or _merge_time(find_time(piece, anchor) if not node.row else None, ctx.deadline)
        if node.row and deadline is not None and deadline.kind == "period":
            cycle = find_time(piece, anchor)  # `Hàng năm` in a row whose time cell is `2026-2030`
            if cycle is not None and cycle.kind == "recurring" and not cycle.start and not cycle.end:
                own_deadline = _merge_time(cycle, deadline)
        start = node.section.start
        tasks.append(
            Task(
                task_id="",
                section=node.section.id,
                title=piece,
                assignees=clean_assignees(assignees),
                deadline=own_deadline,
                form=form,
                outputs=outputs,
                parent_task=ctx.parent_task,
                start=start,
                end=node.section.end,
            )
        )
    return tasks


def _merge_time(own: Deadline | None, inherited: Deadline | None) -> Deadline | None:
    """A sub-item's own recurrence keeps the inherited bounds (`định kỳ hằng năm` in a phase)."""
    if own is None:
        return inherited
    if inherited is None:
        return own
    if own.kind == "recurring" and not own.start and not own.end:
        if inherited.kind == "recurring" and inherited.freq == own.freq:
            return inherited
        if inherited.start or inherited.end:
            return Deadline(own.text, "recurring", inherited.start, inherited.end, own.freq, own.timex, own.dates)
    return own


def _prose_pieces(text: str, implicit_owner: bool = False) -> list[str]:
    """Sentences of a prose item grouped by the body each assigns to (notices, công điện).

    A sentence that names the body it assigns to starts a new piece once the
    current piece has an owner (named, or given by a heading or field when
    `implicit_owner`); other sentences stay with the piece before.
    """
    sentences = [p.strip() for p in _SENTENCE.split(text) if p.strip()]
    if len(sentences) < 2:
        return [text]
    pieces: list[tuple[str, list[str]]] = []
    for k, sentence in enumerate(sentences):
        if _NON_TASK.match(sentence) or (k == len(sentences) - 1 and _CLOSING_DEMAND.match(sentence)):
            continue  # `Yêu cầu Giám đốc các sở ... nghiêm túc thực hiện Chỉ thị này./.`: the document's closing
        who = sorted(a.agency.name for a in text_assignees(sentence, Scope([], None, None), allow_clause=False))
        if not pieces:
            pieces.append((sentence, who))
            continue
        previous, owner = pieces[-1]
        if who and (owner or (implicit_owner and len(pieces) == 1)):
            pieces.append((sentence, who))
        else:
            pieces[-1] = (previous + " " + sentence, owner or who)
    if len(pieces) < 2:
        return [pieces[0][0]] if pieces else [text]
    return [p for p, _ in pieces]


def _unique_ids(doc_id: str, tasks: list[Task]) -> list[Task]:
    counts: dict[str, int] = {}
    for task in tasks:
        key = task.section or ""
        counts[key] = counts.get(key, 0) + 1
        suffix = "" if counts[key] == 1 else f"~{counts[key]}"
        task.task_id = f"{doc_id}#{key}{suffix}"
    return tasks
