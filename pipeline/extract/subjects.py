"""Who a task names: subjects, addressees, partners and field values (SPEC 4.2, 4.3).

The task assembler (:mod:`pipeline.extract.tasks`) walks the outline; this module reads
one piece of text and says which bodies it assigns, and with which role:

* :func:`subject` -- the agencies that open a sentence as its subject and where the
  predicate starts (`Sở Y tế chủ trì ...`, `Các Bộ: Tài chính, Y tế khẩn trương ...`);
* :func:`text_assignees` -- the assignees of an item's text in its :class:`Scope`
  (the agency heading above it, an addressee lead-in, inherited assignees): asks
  (`Giao X`, `Đề nghị X`), opening clauses (`Sau khi ..., X ...`), labels, `chủ trì` +
  `phối hợp với Y`;
* :func:`field_assignees` -- the agencies of a field line (`Cơ quan phối hợp: ...`);
* :func:`addressees` / :func:`lead_in_subject` -- the bodies a lead-in line hands the
  items under it to (`... yêu cầu X thực hiện các nhiệm vụ sau:`);
* :func:`clean_assignees` -- scope phrases and clause words cut, duplicates dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.charclass import UPPER
from pipeline.extract.agencies import (
    canonical_name,
    find_agencies,
    is_collective,
    is_generic,
    leading_agencies,
    split_agencies,
    starts_predicate,
)
from pipeline.models import Agency, Assignee, Deadline
from pipeline.resources import load

_COORD = re.compile(r"phối hợp(?: chặt chẽ)?(?: với)? (?P<rest>(?:[" + UPPER + r"]|các\s).+)$")


# `X chủ trì ...`, `X là cơ quan thường trực, chủ trì ...`, `X có trách nhiệm chủ trì ...`; presiding over a
# meeting (`chủ trì hội nghị`) is not the lead cue of SPEC 4.2
_LEADS = re.compile(
    r"^(?:là cơ quan (?:đầu mối|thường trực)[^,;]{0,60},\s*)?(?:có trách nhiệm |khẩn trương |tiếp tục |chủ động )?"
    r"chủ trì\b(?!,? (?:hội nghị|cuộc họp|buổi|phiên họp|kỳ họp))",
    re.IGNORECASE,
)
_LEAD_OPEN = re.compile(r"^(?:Là cơ quan (?:đầu mối|thường trực)[^,;]*,\s*)?(?:Chủ trì|chủ trì|Tiếp tục chủ trì)\b")


_TITLE_HEAD = re.compile(r"^(?:Thủ trưởng|Chủ tịch|Giám đốc|Người đứng đầu|Lãnh đạo|Bí thư|Trưởng|Bộ trưởng)[\s,]")


_GLUED_HEADS = re.compile(
    r"(?<=[a-zà-ỹ])(?<!phòng)(?<!thuộc)(?<!của)(?<!và)(?<!với)(?<!cho)(?<!tại)(?<!gồm)(?<!là)\s+(?=(?:Sở|Bộ|Phòng|Ủy ban nhân dân|UBND|Công an|Đài|Báo)\s+[A-ZĐ])"
)


_ASK = re.compile(r"(?:^|,\s|\s)(?:đề nghị|Đề nghị|yêu cầu|Yêu cầu|Giao|giao|Khuyến khích)\s+(?P<rest>(?:[" + UPPER + r"]|các\s|tất cả).+)$")


_SUBJECT_END = re.compile(
    r"\s(?:tăng cường|thực hiện|chủ trì|phối hợp|triển khai|tổ chức thực hiện|xây dựng|có trách nhiệm|chịu trách nhiệm|"
    r"chủ động|tiếp tục|quán triệt|đẩy mạnh|nâng cao|khẩn trương|theo dõi|tham mưu|hướng dẫn|đổi mới|mở|"
    r"căn cứ|rà soát|kiểm tra|tập trung|nghiên cứu|ban hành|chỉ đạo|lãnh đạo|giám sát|phát huy|bảo đảm|đảm bảo|"
    r"tổ chức|thường xuyên|trong|để|nhằm|về|theo chức năng|đề cao)\b"
)


_SUBORDINATE = re.compile(
    r"^(?:Sau khi|Trên cơ sở|Căn cứ|Để|Trường hợp|Khi|Trong (?:thời gian|quá trình|thời hạn|\d+ ngày)|Đối với|Trước|Ngay sau|"
    r"Chậm nhất|Từ ngày|Đến ngày|Hằng năm|Hàng năm|Định kỳ|Tùy|Tuỳ)\b"
)


_ITEM_LABEL = re.compile(r"^(?:[^:.;]{2,50}):\s+(?=[" + UPPER + r"])")  # `Tổ chức Đoàn kiểm tra: Ban Thường trực ...`


_ADVERBIAL = re.compile(r"^(?:Tại|Sau khi|Căn cứ|Trên cơ sở|Để|Khi|Trong|Đối với|Nếu|Trường hợp|Ngay sau)\b")


_CONDITION_THEN = re.compile(r"^(?:Đối với|Trường hợp|Nếu)\b[^.;]{0,250}?\bthì\s+")


TIME_LABEL = re.compile(r"^(?:Từ|Đến|Trước|Sau|Đợt|Ngày|Bước|Giai đoạn|Chậm nhất)\b[^:.;]{0,40}:\s*")


VERB_START = re.compile(
    r"^(?:Tổ chức (?!chính trị|đảng|thành viên|cung cấp|tín dụng|hội)|Tiếp tục|Tăng cường|Đẩy mạnh|Thực hiện|Triển khai|"
    r"Xây dựng|Rà soát|Nâng cao|Chỉ đạo|Hướng dẫn|Phối hợp|Chủ trì|Kiểm tra|Giám sát|Tuyên truyền|Báo cáo|Theo dõi|"
    r"Tham mưu|Đôn đốc|Bố trí|Bảo đảm|Đảm bảo|Hoàn thiện|Phát huy|Quán triệt|Chủ động|Tập trung|Khẩn trương)\b"
)


@dataclass
class Scope:
    """What the outline around an item implies about who does it and when."""

    assignees: list[Assignee]  # inherited from a parent task or an addressee lead-in
    deadline: Deadline | None
    parent_task: str | None
    heading_agencies: list[Agency] | None = None
    heading_lead: bool = False
    heading_partners: list[Assignee] = field(default_factory=list)


def text_assignees(text: str, ctx: Scope, allow_clause: bool = True) -> list[Assignee]:
    """Assignees of an item's text: the heading's bodies unless the text names its own
    subject; else an ask (`Giao X`), an opening subject (after a clause or a label when
    ``allow_clause``), with `chủ trì` making it the lead and `phối hợp với Y` adding
    partners; else what the scope inherits."""
    explicit = re.match(r"^(?:Giao|Đề nghị|Yêu cầu)\s", text)
    if ctx.heading_agencies and not (explicit and subject(text[explicit.end() :])[0]) and not names_own_subject(text, ctx):
        lead = ctx.heading_lead or bool(_LEAD_OPEN.match(text))
        out = [Assignee("lead" if lead else "implement", a) for a in ctx.heading_agencies]
        return out + (ctx.heading_partners + coordinates(text) if lead else [])
    ask = _ASK.search(text[:250])
    if ask and not ask_follows_opening(text[: ask.start()]):
        ask = None  # `... để đề nghị Ủy ban cấp trên khen thưởng`: an ask inside the predicate
    subject_text = ask.group("rest") if ask else text
    agencies, offset = subject(subject_text)
    if not agencies and not ask and allow_clause:
        lead_clause = _CONDITION_THEN.match(text) or TIME_LABEL.match(text) or _ITEM_LABEL.match(text)
        if lead_clause:  # `Đối với X thì Y ...`, `Từ ngày 04/02/2026: Y ...`
            subject_text = text[lead_clause.end() :]
            subject_text = subject_text[:1].upper() + subject_text[1:]
            agencies, offset = subject(subject_text)
        elif _SUBORDINATE.match(text) or short_opening_clause(text):
            subject_text, agencies, offset = subject_after_clause(text)
        if not agencies and nominal_re().match(text):
            subject_text, agencies, offset = subject_after_label(text)
    if agencies and re.match(r"(?:đang|đã)\s", subject_text[offset:].lstrip(" ,:")):
        agencies = []  # `Người ứng cử đang công tác tại ...`, `UBND tỉnh đã ban hành`: not an assignment
    if not agencies and not ask and allow_clause:
        agent = passive_agent(text)
        if agent:
            return [Assignee("implement", a) for a in agent]
    if agencies:
        predicate = subject_text[offset:].lstrip(" ,:")
        lead = bool(_LEADS.match(predicate)) or bool(
            re.search(r"[;]\s*(?:khẩn trương |tiếp tục |chủ động )?chủ trì,? phối hợp", predicate[:400])
        )
        out = [Assignee("lead" if lead else "implement", a) for a in agencies if not is_generic(a.text)]
        return out + (coordinates(predicate) if lead else [])
    return list(ctx.assignees)


_AGENT = re.compile(
    r"(?:^|:\s*|\sthì\s[^.;]{0,120}?\s)[Dd]o\s+(?P<who>[^.;]{3,200}?)(?<!,)\s+(?:\(nếu có\)\s+)?"
    r"(?:phối hợp với\s[^.;]{0,80}?\s+)?(?:triệu tập|chủ trì|tổ chức|thực hiện|đề xuất|đảm nhiệm|phụ trách|xem xét)\b"
)
_OFFICERS = re.compile(
    r"^(?:(?:Ban lãnh đạo|ban lãnh đạo)(?:\s+gồm)?\s+)?(?:(?:người đứng đầu|cấp phó của người đứng đầu|lãnh đạo|chỉ huy)"
    r"(?:\s*,\s*|\s+và\s+|\s+))+",
)


def passive_agent(text: str) -> list[Agency]:
    """`... thì việc tổ chức hội nghị do Ban lãnh đạo gồm người đứng đầu và cấp phó của người
    đứng đầu Văn phòng Ủy ban nhân dân tỉnh triệu tập và chủ trì`, `Do Ủy ban MTTQ xã đề xuất`:
    the agent of a passive item carries it out (its officers stand for the body, SPEC 4.3)."""
    m = _AGENT.search(text[:400])
    if not m:
        return []
    who = re.sub(r"^(?:Ban lãnh đạo|ban lãnh đạo)\s+(?=cơ quan|tổ chức|đơn vị)", "", m.group("who"))
    who = _OFFICERS.sub("", who).strip(" ,")
    who = who[:1].upper() + who[1:]
    if not (opens_with_agency(who) or leading_agencies(who + " thực hiện")[0]):
        return []
    return [a for a in split_agencies(who) if not is_generic(a.text)]


_OFFICER_START = re.compile(r"^(?:Đại diện|Lãnh đạo|Người đứng đầu|Ban lãnh đạo|Cấp phó)\b")


def names_own_subject(text: str, ctx: Scope) -> bool:
    """Does the item name its own subject, other than the bodies of the heading above it
    (`b) Các Bộ: Tài chính, Y tế ... khẩn trương ...` under `Bộ trưởng, Thủ trưởng ...`)?"""
    if passive_agent(text):
        return True
    if opens_with_agency(text) or _CONDITION_THEN.match(text) or _OFFICER_START.match(text):
        own = text_assignees(text, Scope([], None, None))
    elif _SUBORDINATE.match(text) or short_opening_clause(text):
        own = [Assignee("implement", a) for a in subject_after_clause(text, capitalize=False)[1]]
        if not own and _SUBORDINATE.match(text):  # `Căn cứ vào kết quả ..., cơ quan, tổ chức, đơn vị có trách nhiệm`
            own = [Assignee("implement", a) for a in _lower_subject_after_clause(text)]
    else:
        return False
    heading = {a.name.lower() for a in ctx.heading_agencies or []}
    return bool(own) and not any(a.agency.name.lower() in heading for a in own)


def _lower_subject_after_clause(text: str) -> list[Agency]:
    """A lower-case group subject after an opening clause, followed by its predicate."""
    for m in re.finditer(r",\s+", text[:400]):
        rest = text[m.end() : m.end() + 600]
        agencies, offset = leading_agencies(rest[:1].upper() + rest[1:])
        predicate = rest[offset:].lstrip(" ,")
        documents = any(re.search(r"\b(?:Kế hoạch|Quyết định|Nghị quyết|Chỉ thị|Luật|Thông tư)\b", a.text) for a in agencies)
        if agencies and not documents and starts_predicate(predicate) and not predicate.startswith(("để ", "nhằm ")):
            return agencies
    return []


def short_opening_clause(text: str) -> bool:
    """`Kết thúc cuộc bầu cử, X ...`: a short clause before the first comma, then the subject."""
    head = text.split(",", 1)[0]
    return (
        "," in text and len(head.split()) <= 8 and not opens_with_agency(head)
        and not VERB_START.match(head) and not starts_predicate(head)
    )


def subject_after_clause(text: str, capitalize: bool = True) -> tuple[str, list[Agency], int]:
    """`Sau khi ..., Bộ Tài chính khẩn trương ...`: the subject after an opening clause.

    After a subordinate opening (`Sau khi`, `Căn cứ`, `Tại` ...) any of the first commas may
    end the clause; otherwise only the first one does (`Kết thúc cuộc bầu cử, X ...`): a later
    comma is inside an object list (`... trình Bộ Chính trị, Ban Bí thư ...`)."""
    subordinate = bool(_SUBORDINATE.match(text) or _ADVERBIAL.match(text))
    for k, m in enumerate(re.finditer(r",\s+", text[:400])):
        if k and not subordinate:
            break
        rest = text[m.end() :]
        if capitalize and _ADVERBIAL.match(text):  # `Tại hội nghị ..., cử tri đối chiếu ...`
            rest = rest[:1].upper() + rest[1:]
        if opens_with_agency(rest):
            agencies, offset = subject(rest)
            if agencies:
                return rest, agencies, offset
    return text, [], 0


_LABEL_END = re.compile(r"(?:của|đối với|với|cho|về|tại|đại biểu|ứng cử|và|trong|từ|theo|do|bởi)\s*$")


def subject_after_label(text: str) -> tuple[str, list[Agency], int]:
    """`Công tác kiểm tra, giám sát Ban Thường trực ... xây dựng kế hoạch ...`: a heading run
    into its paragraph; the subject is the first capitalised agency that a predicate follows."""
    for start, _, _ in find_agencies(text[:160]):
        rest = text[start:]
        label = text[:start]
        if len(label.split()) > 8 or _LABEL_END.search(label):
            break  # `... người ứng cử đại biểu Quốc hội được ...`: the agency is an object
        if start and rest[:1].isupper() and text[start - 1] == " ":
            agencies, offset = subject(rest)
            if agencies:
                return rest, agencies, offset
    return text, [], 0


def ask_follows_opening(prefix: str) -> bool:
    """`Đề nghị X` opens the item, or follows the issuer or an opening clause."""
    prefix = prefix.strip(" ,")
    return not prefix or prefix.startswith(("Căn cứ", "Trên cơ sở", "Để")) or bool(leading_agencies(prefix + " thực hiện")[0])


def subject(text: str) -> tuple[list[Agency], int]:
    """Agencies that open `text` as its subject, and where the predicate starts."""
    honorific = re.match(
        r"^(?:[Cc]ác )?(?:đồng chí|Đồng chí)\s+|^(?:[Bb]an lãnh đạo|[Cc]ấp phó của người đứng đầu)\s+(?=cơ quan|tổ chức|đơn vị|[" + UPPER + r"])",
        text,
    )
    if honorific:
        rest = text[honorific.end() :]
        agencies, offset = subject(rest[:1].upper() + rest[1:])
        return agencies, offset + honorific.end() if agencies else 0
    defined = _DEFINED_SUBJECT.match(text) or _DUTY_SUBJECT.match(text)
    if defined and not leading_agencies(text)[0]:
        name = defined.group("name")
        return [Agency(name, canonical_name(name), is_collective(canonical_name(name)))], defined.start("pred")
    agencies, offset = leading_agencies(text)
    members = _MEMBERS.match(text, offset)
    if agencies and members:  # `Ban Thường trực ... xã và các thành viên thực hiện ...`
        return [*agencies, Agency(members.group(1), "Các thành viên", True)], members.end()
    if agencies:
        return agencies, offset
    end = _SUBJECT_END.search(text[:400])
    if not end:
        return [], 0
    prefix = text[: end.start()]
    if not (leading_agencies(prefix + " thực hiện")[0] or opens_with_agency(prefix) or _TITLE_HEAD.match(prefix)):
        return [], 0
    found = [a for a in split_agencies(prefix) if not is_generic(a.text)]
    return found, end.start() + 1


_GENERIC_OPEN = r"(?:Các |Mọi )?(?:Cơ quan|Tổ chức|Cá nhân|Doanh nghiệp|Đơn vị)\b"
# `Cơ quan, tổ chức, doanh nghiệp sử dụng lao động (sau đây gọi tắt là “đơn vị”) lập ...`: the defined phrase
_DEFINED_SUBJECT = re.compile(
    r"^(?P<name>" + _GENERIC_OPEN + r"[^.;:()]{0,150}?)\s*\((?:sau đây )?(?:gọi tắt là|gọi chung là|viết tắt là)[^)]{1,60}\)\s+(?P<pred>\S)"
)
# `Cơ quan, tổ chức, cá nhân hưởng cơ chế, chính sách ưu đãi có trách nhiệm ...`: a group with its relative clause
_DUTY_SUBJECT = re.compile(r"^(?P<name>" + _GENERIC_OPEN + r"[^.;:()]{0,150}?)\s+(?P<pred>(?:có|chịu) trách nhiệm)\b")
_MEMBERS = re.compile(r"và (các thành viên)\s+(?=\S)")


def opens_with_agency(text: str) -> bool:
    return any(start == 0 for start, _, _ in find_agencies(text[:200]))


def coordinates(text: str) -> list[Assignee]:
    m = _COORD.search(text)
    if not m:
        return []
    rest = m.group("rest")
    agencies, _ = leading_agencies(rest)
    if not agencies:
        agencies, _ = leading_agencies(re.split(r"[:;.]", rest)[0].rstrip(" ,") + " thực hiện")
    if not agencies:
        end = _SUBJECT_END.search(rest[:300])
        phrase = re.split(r"[;:.(]", rest[: end.start()] if end else rest[:150])[0]
        related = re.search(r"\b(?:có )?liên quan\b", phrase)
        phrase = phrase[: related.end()] if related else phrase
        if (end and len(phrase.split()) <= 15) or (not end and len(phrase.split()) <= 40):
            agencies = split_agencies(phrase)  # no verb after: the list runs to the end of the clause
    return [Assignee("coordinate", a) for a in agencies if not is_generic(a.text)]


_SCOPE_CUT = re.compile(
    r"\s+(?:trong phạm vi|theo chức năng|có trách nhiệm|chịu trách nhiệm|chủ động|chủ trì|tham mưu|phối hợp)\b"
    r"|\s+và\s+(?:các\s+)?[^,]{0,40}?(?:có\s+)?liên quan\b"
    r"|\s+(?:tại|theo|quy định tại)\s+(?:điểm|khoản|mục|Mục|Điều|phụ lục|Phụ lục)\b"  # a pointer into the document
)


_CLAUSE_WORD = re.compile(r"^(?:khi|nếu|sau khi|trước khi|để|do|bởi|với|cho|của|thì)\s+(?=\S)", re.IGNORECASE)


_TRAILING_WORDS = re.compile(r"(?:\s+(?:để|và|nhằm|theo|về|trong|tại|với|cho|thì|đã|sẽ|cần|các|những|mỗi))+$")


def clean_assignees(assignees: list[Assignee]) -> list[Assignee]:
    seen: set[tuple[str, str]] = set()
    out = []
    for a in assignees:
        if re.search(r"CỘNG HÒA XÃ HỘI|Độc lập - Tự do", a.agency.name, re.IGNORECASE):
            continue  # a national motto read into a name (OCR'd headers)
        for attr in ("name", "text"):  # `khi Bộ Công an ...`: a clause word is not part of the name
            value = _CLAUSE_WORD.sub("", getattr(a.agency, attr))
            setattr(a.agency, attr, value[:1].upper() + value[1:] if attr == "name" else value)
        a.agency.name = _SCOPE_CUT.split(a.agency.name)[0]
        a.agency.text = _SCOPE_CUT.split(a.agency.text)[0]
        a.agency.name = _TRAILING_WORDS.sub("", a.agency.name)
        a.agency.text = _TRAILING_WORDS.sub("", a.agency.text)
        key = (a.role, a.agency.name.lower())
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def field_assignees(value: str, roles: list[str]) -> list[Assignee]:
    """Agencies of a field value; a clause with its own verb (`Sở X chủ trì tham mưu ...`)
    contributes only its subject, and `chủ trì` there makes it the lead."""
    out: list[Assignee] = []
    value = _GLUED_HEADS.sub(", ", value)  # `Sở Khoa học và Công nghệ Sở Công Thương`
    for clause in re.split(r";\s*", value):
        clause = clause.strip(" .")
        if not clause:
            continue
        agencies, offset = subject(clause)
        predicate = clause[offset:].lstrip(" ,") if agencies else ""
        partners: list[Assignee] = []
        if re.match(r"(?:khẩn trương |tiếp tục )?(?:chủ trì|tham mưu|phối hợp|hướng dẫn|có trách nhiệm|chịu trách nhiệm|chủ động)\b", predicate):
            leads = bool(re.match(r"(?:khẩn trương |tiếp tục )?chủ trì\b", predicate))
            clause_roles = ["lead"] if leads else roles
            if leads:
                partners = coordinates(predicate)
        elif re.match(r"(?:tiến hành|rà soát|kiểm soát)\s", predicate):
            clause_roles = roles  # `Bộ Công an tiến hành rà soát ...`: the subject only
        else:
            agencies, clause_roles = split_agencies(clause), roles
        for agency in agencies:
            if not is_generic(agency.text):
                out.extend(Assignee(role, agency) for role in dict.fromkeys(clause_roles))
        out.extend(partners)
    return out


def addressees(line: str) -> list[Agency]:
    """Bodies a lead-in line (`..., tỉnh X cần ... một số nội dung sau:`) addresses."""
    if not line.rstrip().endswith(":"):
        return []
    m = re.search(r"(?:yêu cầu|đề nghị|giao)\s+(?P<who>[^:]+?)\s+(?:thực hiện|triển khai|tập trung|quán triệt|khẩn trương)\b", line)
    if m is None:
        m = re.search(r"(?:^|,\s*)(?P<who>[^,]{3,120}?)\s+(?:cần|phải|có trách nhiệm|chịu trách nhiệm)\b", line)
    if m is None:
        return lead_in_subject(line)
    who = re.split(r"\s+(?:trong phạm vi|theo chức năng|căn cứ|trên cơ sở)\b", m.group("who"))[0].strip()
    place = re.match(r"^(tỉnh|thành phố|xã|phường|huyện|quận)\s+([" + UPPER + r"][\w ]{1,30})$", who)
    if place:
        return [Agency(who, who[:1].upper() + who[1:], False)]
    if opens_with_agency(who) or _TITLE_HEAD.match(who) or who.startswith(("các ", "Các ")):
        return [a for a in split_agencies(who) if not is_generic(a.text)]
    return []


_LEAD_IN_OBJECT = re.compile(
    r"\b(?:các|những|một số)\s+(?:nhiệm vụ|hoạt động|nội dung|công việc|hình thức|giải pháp|biện pháp|việc)"
    r"(?:\s+[^:;.]{0,60}?)?\s+(?:sau|như sau|sau đây|cụ thể(?: như sau)?)\s*:\s*$"
)


def lead_in_subject(line: str, strict: bool = True) -> list[Agency]:
    """`Căn cứ tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực hiện các hoạt
    động sau:` -- a lead-in whose subject carries out the items under it.  ``strict`` asks for
    an object like `các nhiệm vụ sau`; an item's own lead-in (`Ban Thường trực ... tiếp nhận,
    xử lý đơn thư như sau:`) needs only to end with a colon."""
    sentence = re.split(r"(?<=[.;])\s+", line.strip())[-1]
    sentence = sentence[:1].upper() + sentence[1:]
    if strict and not _LEAD_IN_OBJECT.search(sentence):
        return []
    if not strict and (not sentence.endswith(":") or re.search(r"\b(?:gồm|gồm có|bao gồm)\s*:$", sentence)):
        return []  # `Thành phần hội nghị gồm:` lists members, it assigns nothing
    agencies, _ = subject(sentence)
    if not agencies and (_SUBORDINATE.match(sentence) or short_opening_clause(sentence)):
        _, agencies, _ = subject_after_clause(sentence)
    return [a for a in agencies if not is_generic(a.text)]


def labelled_subject(line: str) -> list[Agency]:
    """`Giám sát trực tiếp Ban Thường trực Ủy ban MTTQ xã và các thành viên thực hiện giám sát
    ... các hoạt động sau:` -- a short action label run into the subject of a lead-in."""
    if not line.rstrip().endswith(":") or not VERB_START.match(line):
        return []
    rest, agencies, _ = subject_after_label(line)
    if rest is line or len(line[: len(line) - len(rest)].split()) > 4:
        return []
    return [a for a in agencies if not is_generic(a.text)]


_DIRECTS = re.compile(r"(?:^|\s)[Cc]hỉ đạo\s+(?=các\s|Các\s|[" + UPPER + r"])")


def directed_bodies(line: str) -> list[Agency]:
    """`Giao X chỉ đạo các đơn vị kinh doanh hạ tầng ... có trách nhiệm:` -- the bodies a
    lead-in directs carry out the items under it (X's own task is the directing)."""
    m = _DIRECTS.search(line)
    if not m or not line.rstrip().endswith(":"):
        return []
    rest = line[m.end() :]
    agencies, _ = subject(rest[:1].upper() + rest[1:])
    return [a for a in agencies if not is_generic(a.text)]


@cache
def nominal_re() -> re.Pattern[str]:
    """Openings of a nominal item (`Việc ...`, `Công tác ...`): task_cues.json."""
    words = sorted(load("task_cues.json")["nominal_starts"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")\b")
