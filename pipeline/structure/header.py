"""Header parser: the `meta` block of a document (SPEC section 2).

`parse_meta(text)` reads a normalized text and returns `Meta`. It looks at the
header lines before the body (issuer block, `Số:` line, place-and-date line,
document-type line, title), at the signature block and `Nơi nhận`, and falls
back on the opening sentence (`Ủy ban nhân dân quận ban hành Kế hoạch ...`)
when a copy has no header. Nothing is guessed: an unknown value is None.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pipeline.charclass import UPPER, fold_marks
from pipeline.doctypes import fold, load_table
from pipeline.extract.agencies import expand_abbreviations, load_gazetteer
from pipeline.extract.references import normalize_number_symbol
from pipeline.models import Issuer, Meta, Signer
from pipeline.places import find_provinces, province_of, province_of_wards, repair_province

_HEADER_LINES = 40
_TITLE_MAX = 600  # a printed title is a few lines; a longer "title" is a body without breaks
_NUMBER_LINE = re.compile(
    r"^Số\s*:?\s*(?P<ns>(?:\d[\w.]*)?\s*[-/]\s*[\wĐđ.&]+(?:\s*[-/]\s*[\wĐđ.&]+)*)(?P<rest>.*)$"
)
_DATE_WORDS = re.compile(r"ngày\s+(?P<d>\d{1,2}|\.+|…+)?\s*tháng\s+(?P<m>\d{1,2}|\.+|…+)?\s*năm\s+(?P<y>\d{4})")
_DATE_NUMERIC = re.compile(r"ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
_PLACE_DATE = re.compile(r"(?:^|\s)(?P<place>[^\W\d][^,\n]{1,40}?),\s*ngày\b")
_DATE_LINE = re.compile(r"^(?:Số\b.*?\s)?[^\W\d][^,;.]{1,40},\s*ngày\b")
_MOTTO = re.compile(r"^(?:CỘNG HÒA|Độc lập|ĐẢNG CỘNG SẢN|ĐẢNG BỘ|-+$)", re.IGNORECASE)
_BODY_START = re.compile(
    r"^(?:Căn cứ|Thực hiện|Theo|Kính gửi|Nhằm|Để|Những năm|Trong|Ngày|Sau|Qua|Năm|Chiều|Sáng|Thời gian|"
    r"I\s*[.]|1\s*[.]|Điều\s+1)"
)
_AUTHORITY_LINE = re.compile(
    r"^(?:THỦ TƯỚNG|BỘ TRƯỞNG|CHỦ TỊCH|ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|"
    r"GIÁM ĐỐC|CHÍNH PHỦ|QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|ỦY BAN THƯỜNG VỤ)"
)
_OPENING_ISSUER = re.compile(
    r"(?P<issuer>(?:Ủy ban nhân dân|Hội đồng nhân dân|Ban Thường vụ|Ban Chấp hành|Ban [A-ZĐ][\w ]{0,30}?|"
    r"Thường trực|Sở [A-ZĐ][\w ,]{0,40}?|Văn phòng [\w ]{0,30}?|Bộ [A-ZĐ][\w ]{0,30}?|Tỉnh ủy|Thành ủy|"
    r"Huyện ủy|Quận ủy|Đảng ủy[\w ]{0,30}?)"
    r"(?:\s+(?:tỉnh|thành phố|Tỉnh|Thành phố|TP|quận|huyện|thị xã|xã|phường|thị trấn|Thành ủy|Tỉnh ủy|Huyện ủy|Quận ủy)"
    r"(?:\s+[" + UPPER + r"][\w]*){0,4})?)"
    r"\s+(?:ban hành|xây dựng)\s+(?:[Kk]ế hoạch|[Cc]hương trình|[Hh]ướng dẫn|[Cc]hỉ thị|[Qq]uy định|[Đđ]ề án)\b"
)
_OF_ISSUER = re.compile(r"^CỦA\s+(?P<issuer>.+)$")
_POSITION = re.compile(
    r"^(?:(?:PHÓ\s+)?(?:CHỦ TỊCH|BÍ THƯ|TRƯỞNG BAN|GIÁM ĐỐC|THỦ TƯỚNG|BỘ TRƯỞNG|CHỦ NHIỆM|TỔNG GIÁM ĐỐC|"
    r"CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|CHÁNH THANH TRA|VIỆN TRƯỞNG|HIỆU TRƯỞNG|CỤC TRƯỞNG|VỤ TRƯỞNG|"
    r"TỔNG CỤC TRƯỞNG|CHÁNH ÁN|TRƯỞNG|THỨ TRƯỞNG|PHÓ THỦ TƯỚNG|CHỦ TỊCH NƯỚC|TỔNG BÍ THƯ|"
    r"PHÓ TRƯỞNG BAN|CHÁNH VĂN PHÒNG|KT\.|TM\.|TL\.|TUQ\.|T/M|K/T|Q\.))"
)
_POSITION_WORDS = re.compile(
    r"(?:PHÓ\s+)?(?:CHỦ TỊCH|BÍ THƯ|TRƯỞNG BAN|GIÁM ĐỐC|THỦ TƯỚNG|BỘ TRƯỞNG|CHỦ NHIỆM|THỨ TRƯỞNG|"
    r"VIỆN TRƯỞNG|CỤC TRƯỞNG|VỤ TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|CHÁNH THANH TRA|HIỆU TRƯỞNG)"
)
_AUTH_PREFIX = re.compile(r"\b(?:TM|KT|TL|TUQ|T/M|K/T|Q)\.?\s")
_NAME = re.compile(r"^[" + UPPER + r"][a-zà-ỹđ]*(?:\s+[" + UPPER + r"][a-zà-ỹđ]+){1,5}$")
_RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?\s*(?P<rest>.*)$")
_CENTRAL = re.compile(
    r"^(?:Thủ tướng|Chính phủ|Văn phòng Chính phủ|Bộ\s|Quốc hội|Ủy ban Thường vụ Quốc hội|Ban Chấp hành Trung ương|"
    r"Bộ Chính trị|Ban Bí thư|Ban [\w ]+ Trung ương|Tòa án nhân dân tối cao|Viện kiểm sát nhân dân tối cao|"
    r"Kiểm toán nhà nước|Ngân hàng Nhà nước|Thanh tra Chính phủ|Ủy ban Trung ương|Văn phòng Trung ương|Tổng cục|Cục\s)",
    re.IGNORECASE,
)
_LEVEL_TAIL = re.compile(r"(?:\s+(?:tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn)|\s+(?:Thành|Tỉnh|Huyện|Quận) ủy)$", re.IGNORECASE)
_PROVINCE_LEVEL = re.compile(r"(?:tỉnh|thành phố|Thành ủy|Tỉnh ủy)$", re.IGNORECASE)
_LOWER_WORDS = {
    "ủy ban nhân dân": "Ủy ban nhân dân",
    "hội đồng nhân dân": "Hội đồng nhân dân",
    "ban thường vụ": "Ban Thường vụ",
    "thành ủy": "Thành ủy",
    "tỉnh ủy": "Tỉnh ủy",
    "huyện ủy": "Huyện ủy",
    "quận ủy": "Quận ủy",
    "chính phủ": "Chính phủ",
    "mặt trận tổ quốc việt nam": "Mặt trận Tổ quốc Việt Nam",
    "trung ương đảng": "Trung ương Đảng",
    "trung ương": "Trung ương",
    "ban thường trực": "Ban Thường trực",
    "ủy ban": "Ủy ban",
    "việt nam": "Việt Nam",
}


def parse_meta(text: str, warnings: list[str] | None = None) -> Meta:
    """Meta of a normalized document text; impossible dates append to `warnings`."""
    warnings = warnings if warnings is not None else []
    lines = text.split("\n")
    head = lines[:_HEADER_LINES]
    meta = Meta()
    type_index = _doc_type_line(head)
    number_index = _number(head, meta)
    _place_and_date(head, meta, warnings)
    if type_index is not None:
        meta.doc_type, meta.doc_type_name = _doc_type_of(head[type_index])
        meta.title = _title(head, type_index)
    if meta.doc_type is None and meta.number_symbol:
        meta.doc_type, meta.doc_type_name = _doc_type_from_symbol(meta.number_symbol)
    if meta.doc_type is None and meta.number_symbol and re.match(r"^\d*/[^/]+$", meta.number_symbol):
        meta.doc_type, meta.doc_type_name = "CV", "Công văn"  # `1234/UBND-KT`: an official letter
    if meta.title is None:
        meta.title = _subject_line(head)
    meta.system = _system(meta.number_symbol, head)
    issuer_lines = _issuer_lines(head, min(i for i in (type_index, number_index, len(head)) if i is not None))
    meta.issuer = Issuer(name=_issuer_name(issuer_lines, head, lines, type_index))
    meta.jurisdiction = _jurisdiction(meta, text)
    meta.issuer.name = repair_province(_with_place(meta.issuer.name, meta))
    meta.signer = _signer(lines)
    meta.recipients = _recipients(lines)
    return meta


# ------------------------------------------------------------ type, number, date


def _doc_type_line(head: list[str]) -> int | None:
    names = load_table().name_to_type
    for i, line in enumerate(head):
        key = fold(line.strip().rstrip(":"))
        if key in names and (line.strip().isupper() or len(line) < 30):
            return i
    for i, line in enumerate(head):  # an OCR'd scan: `QUYÉT ĐỊNH` (a capital line with a mark misread)
        if line.strip().isupper() and fold_marks(fold(line.strip().rstrip(":"))) in _unmarked_types():
            return i
    return None


@cache
def _unmarked_types() -> dict[str, str]:
    """Type names without their marks -> folded name (the names stay distinct without marks)."""
    return {fold_marks(name): name for name in load_table().name_to_type}


def _doc_type_of(line: str) -> tuple[str | None, str | None]:
    key = fold(line.strip().rstrip(":"))
    key = key if key in load_table().name_to_type else _unmarked_types().get(fold_marks(key), key)
    code = load_table().name_to_type.get(key)
    return code, (key[:1].upper() + key[1:]) if code else None


def _doc_type_from_symbol(number_symbol: str) -> tuple[str | None, str | None]:
    table = load_table()
    for part in re.split(r"[/-]", number_symbol):
        code = table.symbol_to_type.get(part.upper())
        if code:
            names = [n for n, c in table.name_to_type.items() if c == code]
            name = min(names, key=len) if names else None
            return code, (name[:1].upper() + name[1:]) if name else None
    return None, None


def _number(head: list[str], meta: Meta) -> int | None:
    for i, line in enumerate(head):
        if re.fullmatch(r"Số\s*:?", line.strip()) and i + 1 < len(head):
            line = "Số: " + head[i + 1].strip()  # the number printed on the next line
        m = _NUMBER_LINE.match(line.strip())
        if m:
            ns = normalize_number_symbol(m.group("ns").strip())
            meta.number_symbol = ns
            number = re.match(r"\d+", ns)
            meta.number = number.group(0) if number else None
            return i
    return None


def _place_and_date(head: list[str], meta: Meta, warnings: list[str]) -> None:
    for line in head:
        m = _DATE_WORDS.search(line) or _DATE_NUMERIC.search(line)
        if not m or not _DATE_LINE.match(line.strip()):
            continue
        place = _PLACE_DATE.search(line)
        if place:
            meta.place = re.sub(r"^.*\b(?:HĐND|UBND|[A-Z]{2,}-[\wĐ]+)\s+", "", place.group("place")).strip()
        meta.date = _iso(m, warnings, line)
        return


def _iso(m: re.Match[str], warnings: list[str], line: str) -> str | None:
    d, mo, y = m.group("d"), m.group("m"), m.group("y")
    if not (d and mo and d.isdigit() and mo.isdigit()):
        return None
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        warnings.append(f"invalid date {d}/{mo}/{y} in header line {line.strip()[:80]!r}")
        return None


def _system(number_symbol: str | None, head: list[str]) -> str | None:
    if any(line.upper().startswith("ĐẢNG CỘNG SẢN") for line in head):
        return "party"
    if not number_symbol:
        return None
    if re.match(r"^\d*-[^/]+/", number_symbol):
        return "party"
    if re.search(r"/(?:19|20)\d\d/", number_symbol):
        return "legal"
    return "state"


def _title(head: list[str], type_index: int) -> str | None:
    parts: list[str] = []
    for line in head[type_index + 1 :]:
        stripped = line.strip()
        if not parts and _OF_ISSUER.match(stripped) and _next_starts_ve(head, line):
            continue
        if parts and (_BODY_START.match(stripped) or _AUTHORITY_LINE.match(stripped) or stripped.startswith("|")):
            break
        if parts and not (stripped.isupper() and parts[-1].isupper()) and not stripped[:1].islower():
            break
        if not parts and (_BODY_START.match(stripped) and not stripped.isupper()):  # no title printed
            break
        parts.append(stripped)
        if len(" ".join(parts)) > 400:
            break
    title = " ".join(parts).strip(" .")
    if len(title) > _TITLE_MAX:
        return None
    return title or None


def _subject_line(head: list[str]) -> str | None:
    """An official letter's subject line (`V/v triển khai ...`), as printed."""
    for line in head:
        if re.match(r"^(?:V/v|V/V|v/v|Về việc)\s", line.strip()):
            return line.strip().rstrip(" .")
    return None


def _next_starts_ve(head: list[str], line: str) -> bool:
    following = head[head.index(line) + 1 :]
    return bool(following) and following[0].strip().lower().startswith(("về", "v/v"))


# ------------------------------------------------------------ issuer, place


def _issuer_lines(head: list[str], stop: int) -> list[str]:
    """Issuer block: upper-case lines before the number/type line, motto excluded."""
    out: list[str] = []
    for line in head[:stop]:
        stripped = line.strip()
        if _MOTTO.match(stripped) or _NUMBER_LINE.match(stripped) or not stripped:
            continue
        if stripped.isupper() and len(stripped) < 120:
            out.extend(part.strip() for part in _SUB_BODY_SEAM.split(stripped) if part.strip())
    return out


def _issuer_name(block: list[str], head: list[str], lines: list[str], type_index: int | None) -> str | None:
    if block:
        return expand_abbreviations(_proper_case(_join_issuer(block)))
    if type_index is not None and type_index + 1 < len(head):
        of = _OF_ISSUER.match(head[type_index + 1].strip())
        if of and not re.match(r"(?i)^đồng chí", of.group("issuer")):
            return _proper_case(of.group("issuer"))
    for line in lines[:60]:
        m = _OPENING_ISSUER.search(line)
        if m:
            return m.group("issuer").strip()
    return None


_SUB_BODY_SEAM = re.compile(r"(?<=\S)\s+(?=(?:SỞ|VĂN PHÒNG|CÔNG AN|BỘ CHỈ HUY|CHI CỤC|BAN THƯỜNG TRỰC)\b)")
_BARE_SUB_BODIES = {"VĂN PHÒNG", "BAN THƯỜNG TRỰC", "THƯỜNG TRỰC", "BAN THƯỜNG VỤ", "ĐẢNG ĐOÀN", "BAN CÁN SỰ ĐẢNG"}


def _join_issuer(block: list[str]) -> str:
    """`UBND TỈNH X` + `SỞ Y` → `Sở Y tỉnh X` (the parent's place kept); one line → itself."""
    if len(block) >= 2 and block[-2] in ("TRUNG ƯƠNG", "BAN CHẤP HÀNH TRUNG ƯƠNG") or block[:1] == ["BAN CHẤP HÀNH"]:
        child = block[-1]
        return f"{child} TRUNG ƯƠNG ĐẢNG" if child == "VĂN PHÒNG" else f"{child} TRUNG ƯƠNG"
    if len(block) >= 2 and block[-1] in _BARE_SUB_BODIES:
        return f"{block[-1]} {' '.join(block[:-1])}"  # BAN THƯỜNG TRỰC of ỦY BAN MTTQ ... XÃ X
    if len(block) >= 2 and re.match(r"^(?:SỞ|BAN|PHÒNG|VĂN PHÒNG|CÔNG AN|BỘ CHỈ HUY|ĐẢNG ỦY|TRUNG TÂM|CHI CỤC)\b", block[-1]):
        parent = " ".join(block[:-1])
        if re.match(r"^(?:TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY)", block[-2]):
            return f"{block[-1]} {block[-2]}"
        place = re.search(r"\b(?:TỈNH|THÀNH PHỐ|TP\.?|QUẬN|HUYỆN|THỊ XÃ|XÃ|PHƯỜNG)\s+\S.*$", parent)
        # SPEC 4.3: the issuer's name carries the place the header implies (`Sở Nội vụ tỉnh Lâm Đồng`)
        return f"{block[-1]} {place.group(0)}" if place and not re.search(r"\b(?:TỈNH|THÀNH PHỐ)\b", block[-1]) else block[-1]
    return " ".join(block)


def _proper_case(text: str) -> str:
    """`ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP` → `Ủy ban nhân dân tỉnh Đồng Tháp`."""
    if not text.isupper():
        return text.strip()
    abbreviations = {a.upper() for a, _ in load_gazetteer().abbreviations}
    lowered = " ".join(w if w in abbreviations else w.lower() for w in text.split())
    lowered = re.sub(
        r"\b(tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn)\s+(?!ủy\b)(.+)$",
        lambda m: m.group(1) + " " + " ".join(w[:1].upper() + w[1:] for w in m.group(2).split()),
        lowered,
    )
    lowered = re.sub(
        r"\b(thành ủy|tỉnh ủy|huyện ủy|quận ủy)\s+(.+)$",
        lambda m: m.group(1) + " " + " ".join(w[:1].upper() + w[1:] for w in m.group(2).split()),
        lowered,
    )
    lowered = _DOMAIN_AFTER_HEAD.sub(lambda m: m.group(1) + " " + _domain_case(m.group(2)), lowered)
    for key, value in _LOWER_WORDS.items():
        lowered = lowered.replace(key, value)
    return lowered[:1].upper() + lowered[1:]


_DOMAIN_AFTER_HEAD = re.compile(r"^(sở|bộ|ban|phòng|cục|chi cục|văn phòng|trung tâm)\s+(?!trưởng\b|thường trực\b)(.+)$")


def _domain_case(domain: str) -> str:
    """`nội vụ` → `Nội vụ` as the gazetteer writes it (first word capitalised otherwise)."""
    known = {d.lower(): d for d, _ in load_gazetteer().domains}
    for key in sorted(known, key=len, reverse=True):
        if domain.startswith(key):
            return known[key] + domain[len(key) :]
    return domain[:1].upper() + domain[1:]


def _jurisdiction(meta: Meta, text: str) -> str | None:
    issuer = meta.issuer.name or ""
    if issuer and _CENTRAL.match(issuer):
        return None
    for candidate in (issuer, meta.title or "", meta.place or ""):
        counts = find_provinces(candidate)
        if counts:
            return counts.most_common(1)[0][0]
    if province_of(meta.place):
        return province_of(meta.place)
    place_as_ward = " ".join(f"{kind} {meta.place}" for kind in ("xã", "phường", "đặc khu")) if meta.place else ""
    ward = province_of_wards(issuer + " " + (meta.title or "")) or province_of_wards(place_as_ward)
    if ward:
        return ward
    counts = find_provinces(text)
    return counts.most_common(1)[0][0] if counts else province_of_wards(text[:5000])


def _with_place(name: str | None, meta: Meta) -> str | None:
    """`Ủy ban nhân dân quận` + place `Kiến An` → `Ủy ban nhân dân quận Kiến An`."""
    if not name or not _LEVEL_TAIL.search(name):
        return name
    if _PROVINCE_LEVEL.search(name):
        place = meta.jurisdiction
    else:
        place = meta.place if meta.place and not province_of(meta.place) else None
    return f"{name} {place}" if place else name


# ------------------------------------------------------------ signature, recipients


_RANK = re.compile(r"^(?:Thiếu|Thiêu|Trung|Thượng|Đại)\s+(?:tướng|tá|úy)\s+")  # `Thiếu tướng Trương Minh Đương` (OCR: `Thiêu`)


def _signer(lines: list[str]) -> Signer:
    candidates = [i for i, line in enumerate(lines) if _NAME.match(_RANK.sub("", line.strip())) and i > 0]
    for i in reversed(candidates):
        name = _RANK.sub("", lines[i].strip())
        block = _signature_block(lines, i)
        if block:
            authority, position = block
            return Signer(name=name, position=position, authority=authority)
        if _RANK.match(lines[i].strip()):  # a ranked officer signs; the position line may be lost (OCR)
            return Signer(name=name)
    return Signer()


def _signature_block(lines: list[str], name_index: int) -> tuple[str | None, str | None] | None:
    above = [line.strip() for line in lines[max(0, name_index - 3) : name_index]]
    if any(_is_recipient_line(line) for line in above):  # PDF order: position, Nơi nhận list, name
        window = [line.strip() for line in lines[max(0, name_index - 25) : name_index]]
        above = [line for line in window if not _is_recipient_line(line)][-3:]
    above = [line for line in above if line and line.isupper()]
    if not above or not _POSITION.match(above[-1].split(". ")[-1]) and not _POSITION.match(above[-1]):
        return None
    joined = " ".join(above)
    position = _last_position(joined)
    before = joined[: len(joined) - len(position)].strip(" ,")
    pieces = [p.strip(" ,") for p in re.split(r"(?=\b(?:TM|KT|TL|TUQ|T/M|K/T|Q)\.?\s)", before) if p.strip(" ,")]
    authorities = [_authority_case(p) for p in pieces if _AUTH_PREFIX.match(p + " ")]
    return "; ".join(authorities) or None, _position_case(position)


def _authority_case(piece: str) -> str:
    """`KT. CHỦ TỊCH` → `KT. Chủ tịch`, `TM. ỦY BAN NHÂN DÂN` → `TM. Ủy ban nhân dân`."""
    prefix, _, rest = piece.partition(" ")
    return f"{prefix.upper()} {_position_case(rest)}".strip()


def _position_case(text: str) -> str:
    cased = _proper_case(text.strip(" ,"))
    for word in ("chủ tịch", "bí thư", "chủ nhiệm", "thủ tướng", "bộ trưởng", "giám đốc", "trưởng ban"):
        cased = re.sub(rf"(?<=\s){word}\b", word[:1].upper() + word[1:], cased)
    return cased


def _is_recipient_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(("-", "+", "•")) or bool(_RECIPIENTS.match(stripped))


def _last_position(text: str) -> str:
    """The signer's own position: the last position phrase of a run-on block
    (`GIÁM ĐỐC PHÓ GIÁM ĐỐC` → `PHÓ GIÁM ĐỐC`)."""
    found = list(_POSITION_WORDS.finditer(text))
    return text[found[-1].start() :].strip() if found else text


def _recipients(lines: list[str]) -> list[str]:
    out: list[str] = []
    for i, line in enumerate(lines):
        m = _RECIPIENTS.match(line.strip())
        if not m:
            continue
        for item in lines[i + 1 : i + 40]:
            stripped = item.strip()
            if not stripped.startswith(("-", "+", "•")):
                break
            out.append(stripped.lstrip("-+• ").rstrip(";,. "))
        break
    return out
