"""Document references (SPEC 5): find, parse and resolve citations, eyecite-style.

Pipeline
1. *Find* mentions: number-symbols (`77/KH-UBND`, `61/2023/NĐ-CP`, `15-CT/TU` ...) with a
   linear regex, then named documents (`Luật ...`, `Hiến pháp`, `Nghị quyết Đại hội ... lần
   thứ XVI`) and technical standards (`TCVN 14423:2025`). Every name and code comes from the
   data table `resources/doctypes.json` (see `pipeline.doctypes`); nothing is tuned to one text.
2. *Parse* the fields around each mention: the document name before it, then date, issuer and
   title after it; coordinated mentions (`X và Y ngày ...`) share date and issuer.
3. *Resolve*: self-references, templates, forms and header numbers are dropped; short forms and
   aliases merge into their antecedent; one `Reference` per referenced document, with the
   strongest relation over its mentions (implements > amends/replaces/repeals > based_on > cites).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.doctypes import doc_type_of_name, doc_type_of_symbol, fold, load_table, province_of, strip_term
from pipeline.models import Entity, Reference

__all__ = [
    "find_references",
    "normalize_number_symbol",
    "ns_key",
    "reference_entities",
]

# --------------------------------------------------------------------------- normalization

_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\ufe63\uff0d"
_DASH_TABLE = str.maketrans({c: "-" for c in _DASH_CHARS} | {"\u00d0": "\u0110", "\u00f0": "\u0111"})
_SPACE_RE = re.compile(r"\s+")
_SEP_SPLIT = re.compile(r"([-/:])")
_ZERO_IN_CODE = re.compile(r"(?<=[^\W\d_])0(?=[^\W\d_])")
_NUMBERISH = re.compile(r"[0-9Oo]*[0-9][0-9Oo]*")
_STD_HEAD = re.compile(r"^(TCVN|QCVN|TCN|QCĐP|TCCS|ISO)(?=\d)", re.IGNORECASE)


def _canon_code(token: str) -> str:
    """Upper-case a code token and restore the standard's mixed case (`QĐI` → `QĐi`)."""
    if not any(ch.isalpha() for ch in token):
        return token.replace("O", "0").replace("o", "0")
    fixed = _ZERO_IN_CODE.sub("O", token).upper()
    return load_table().canonical_code.get(fixed, fixed)


def normalize_number_symbol(s: str) -> str:
    """Canonical form of a number-symbol (SPEC 5).

    NFC; no whitespace (`2780- QĐi/TU` → `2780-QĐi/TU`); any dash → `-`; OCR fixes (`Ð` →
    `Đ`, a `0` between letters of a code → `O`, an `O` in the number → `0`); codes in the
    case the standard writes them (`QĐi`, `CTr`, `TTr`, `HĐND`). Technical standards keep
    one space after their prefix (`TCVN 14423:2025`). Idempotent; never raises.
    """
    if not s:
        return ""
    t = unicodedata.normalize("NFC", str(s)).translate(_DASH_TABLE)
    t = _SPACE_RE.sub("", t)
    parts = _SEP_SPLIT.split(t)
    out = [p if p in "-/:" or not p else _canon_code(p) for p in parts]
    if out and _NUMBERISH.fullmatch(out[0]):
        out[0] = out[0].replace("O", "0").replace("o", "0")
    res = "".join(out)
    m = _STD_HEAD.match(res)
    if m:
        res = m.group(1).upper() + " " + res[m.end() :]
    return res


@lru_cache(maxsize=4096)
def ns_key(ns: str | None) -> str:
    """Comparison key of a number-symbol (upper-case, no spaces), as tools/score.py uses."""
    return normalize_number_symbol(ns or "").replace(" ", "").upper()


# --------------------------------------------------------------------------- regexes from the table

_U = "A-ZĐÐ"
_GENERIC_CODE = rf"[{_U}][{_U}0-9]*(?:(?:ri|[riy])[{_U}0-9]*)?"
_DASH = r"\-\u2010-\u2015\u2212"
_SEP = rf"[/{_DASH}]"


def _words_re(name: str) -> str:
    """Regex for a multi-word name with any whitespace (incl. line breaks) between words."""
    return r"\s+".join(re.escape(w) for w in name.split())


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Compile every regex once, generated from the data table."""
    table = load_table()
    names = sorted(set(_all_names()), key=len, reverse=True)
    mixed = sorted(table.canonical_code.values(), key=len, reverse=True)
    mixed_alt = "|".join(re.escape(c).replace("Đ", "[ĐÐ]") for c in mixed)
    code = rf"(?:(?:{mixed_alt})(?![a-z])|{_GENERIC_CODE})" if mixed_alt else _GENERIC_CODE
    name_alt = "|".join(_words_re(n) for n in names)
    ns = (
        rf"(?P<num>\d{{1,5}})(?:[ \t]?/[ \t]?(?P<year>(?:19|20)\d\d))?"
        rf"\s{{0,3}}{_SEP}\s{{0,3}}(?P<codes>{code}(?:\s{{0,3}}{_SEP}\s{{0,3}}{code}){{0,6}})(?![\w])"
    )
    std_alt = "|".join(re.escape(s) for s in table.standards)
    named = (
        r"(?:(?P<law>Bộ\s+luật|Luật|BỘ\s+LUẬT)\s+|(?P<const>Hiến\s+pháp)\b|(?P<pl>Pháp\s+lệnh)\s+"
        r"|(?P<nq>Nghị\s+quyết)\s+(?=Đại\s+hội)"
        rf"|(?P<std>{std_alt})[ \t]*(?P<stdnum>\d+(?:[.{_DASH}]\d+)*[ \t]*:[ \t]*(?:19|20)\d\d(?:[ \t]*/[ \t]*[{_U}]+)?))"
    )
    named_quick = (
        r"(?:Bộ\s+luật|Luật|BỘ\s+LUẬT|Hiến\s+pháp|Pháp\s+lệnh|Nghị\s+quyết\s+(?=Đại\s+hội)"
        + "".join("|" + re.escape(x) for x in table.standards)
        + ")"
    )
    return {
        "named_quick": re.compile(named_quick),
        "ns": re.compile(ns),
        "named": re.compile(named),
        "so_before": re.compile(r"(?:số|Số|SỐ)\s*:?\s*$"),
        "header_before": re.compile(r"(?:^|\n)[\s*_|#]*Số\s*:\s*$"),
        "form_before": re.compile(r"(?:mẫu|biểu\s+mẫu|biểu|phụ\s+lục|bảng|ký\s+hiệu)(?:\s+số)?\s*:?\s*$", re.IGNORECASE),
        "attached_before": re.compile(r"\(\s*[*_]*\s*(?:ban\s+hành\s+)?kèm\s+theo\s+$", re.IGNORECASE),
        "draft_before": re.compile(
            r"(?:dự\s+thảo|dự\s+án|xây\s+dựng|soạn\s+thảo|trình\s+ban\s+hành|ban\s+hành\s+mới|đề\s+xuất|nghiên\s+cứu)\s+$",
            re.IGNORECASE,
        ),
        "name_at": re.compile(rf"(?:{name_alt})\b", re.IGNORECASE),
    }


@lru_cache(maxsize=1)
def _all_names() -> tuple[str, ...]:
    """Every document-type name of the table, as printed in the JSON."""
    raw = load_table().raw["doc_types"]
    return tuple(n for info in raw.values() for n in info.get("names", []))


_DATE_RE = re.compile(
    r"\s*,?\s*(?:ngày|Ngày|NGÀY)\s+(?:(?P<d1>\d{1,2})\s*[/.\-]\s*(?P<m1>\d{1,2})\s*[/.\-]\s*(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})\s*/?\s*tháng\s+(?P<m2>\d{1,2})\s*/?\s*năm\s+(?P<y2>(?:19|20)\d\d))"
)
_YEAR_ONLY_RE = re.compile(r"\s*,?\s*(?:năm\s+)?(?P<y>(?:19|20)\d\d)(?!\d)")
_OF_RE = re.compile(r"\s*,?\s*của\s+")
_TERM_RE = re.compile(r"\s*\((?:khóa|khoá|nhiệm\s+kỳ|Khóa|Khoá)[^()]{0,40}\)")
_TITLE_START = re.compile(
    r"\s*,?\s*(?:về\s+việc|về|V/v|v/v|quy\s+định|hướng\s+dẫn|ban\s+hành|phê\s+duyệt|triển\s+khai|thực\s+hiện|tiếp\s+tục)\s+"
)
_TITLE_END = re.compile(r"[;:\n]|\.(?=\s|$)|\((?!\s*khóa)")
_ISSUER_STOP = frozenset(
    "về v/v ngày và với tại theo trên đối nhằm để đã được có là gồm sau khóa khoá nhiệm "
    "số năm trong cho khi thì mà hoặc như bằng từ đến các những".split()
)
_ISSUER_STOP2 = re.compile(
    r"(?:ban\s+hành|quy\s+định|hướng\s+dẫn|phê\s+duyệt|triển\s+khai|thực\s+hiện|thông\s+báo|sửa\s+đổi|kết\s+luận)\b",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^[IVXLC]+$")
_PLACE_RE = re.compile(r"(?:tỉnh|thành\s+phố|TP\.?|Tỉnh|Thành\s+phố|TỈNH|THÀNH\s+PHỐ)\s*(?P<p>[^\W\d_])")
_REPORTING_BEFORE = re.compile(r"(?:tình\s+hình|kết\s+quả|sơ\s+kết|tổng\s+kết|đánh\s+giá)\s+(?:việc\s+)?$", re.IGNORECASE)
_IMPL_VERB = re.compile(r"(?:thực\s+hiện|triển\s+khai|thi\s+hành|quán\s+triệt)", re.IGNORECASE)
_CLAUSE_OPEN = re.compile(
    r"(?:\A|(?<=[\n;.]))[ \t*_|#]*(?:(?P<basis>Căn\s+cứ)|(?P<impl>(?:Để\s+)?(?:tiếp\s+tục\s+)?(?:Thực\s+hiện|Triển\s+khai|Thi\s+hành|thực\s+hiện|triển\s+khai)(?:\s+thực\s+hiện|\s+thi\s+hành)?))\s+",
)
_NS_BEFORE = frozenset("_/.:" + _DASH_CHARS + "-")
_BASIS_OPEN = re.compile(r"Căn\s+cứ\s+")
_ZONE_PUNCT = re.compile(r"[():.;,]")
_ZONE_COMMA_END = re.compile(r",\s*(?:[^\W\d_]+\s+){0,6}?(?:ban\s+hành|xây\s+dựng|đề\s+ra)\b")
_ZONE_NEXT = re.compile(r"[ \t\n*_]*")
_HEAD_END = re.compile(r"\n[\s*_#|]*(?:I|1)\s*[.)]\s+\S|\n[\s*_#|]*Điều\s+1\b")
_AMEND_BEFORE = [
    ("amends", re.compile(r"sửa\s+đổi,?\s+bổ\s+sung(?:\s+một\s+số\s+điều)?(?:\s+(?:của|tại))?\s*$", re.IGNORECASE)),
    ("replaces", re.compile(r"thay\s+thế(?:\s+cho)?\s*$", re.IGNORECASE)),
    ("repeals", re.compile(r"bãi\s+bỏ(?:\s+(?:một\s+số\s+điều\s+)?(?:của|tại))?\s*$", re.IGNORECASE)),
]
_REL_RANK = {"implements": 4, "amends": 3, "replaces": 3, "repeals": 3, "based_on": 2, "cites": 1}


# --------------------------------------------------------------------------- mention model


@dataclass
class _Mention:
    """One citation in the text before resolution."""

    start: int
    end: int  # end of the citation proper (name, number, date, issuer)
    doc_type: str | None
    number_symbol: str | None
    codes: list[str] = field(default_factory=list)
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    named: bool = False
    has_name: bool = False
    jurisdiction: str | None = None
    explicit_place: bool = False
    relation: str = "cites"
    nested: bool = False

    @property
    def key(self) -> str:
        """Identity inside one document: the symbol key, or the folded title of a named one."""
        if self.number_symbol:
            return "ns:" + ns_key(self.number_symbol)
        return "name:" + title_key(self.title)


@lru_cache(maxsize=4096)
def title_key(title: str | None) -> str:
    """Comparison key of a named document's title: folded, punctuation dropped."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(title or "")).split())


# --------------------------------------------------------------------------- field parsing


def _parse_date(m: re.Match[str], warnings: list[str] | None, offset: int) -> tuple[str | None, int]:
    """ISO date and year of a date match; impossible dates give None + a warning."""
    d = int(m.group("d1") or m.group("d2"))
    mo = int(m.group("m1") or m.group("m2"))
    y = int(m.group("y1") or m.group("y2"))
    try:
        return _dt.date(y, mo, d).isoformat(), y
    except ValueError:
        if warnings is not None:
            warnings.append(f"invalid date {d:02d}/{mo:02d}/{y} at {offset}")
        return None, y


def _take_issuer(text: str, pos: int) -> tuple[str | None, int]:
    """Issuer name starting at `pos` (after `của`): capitalised words up to a boundary."""
    table = load_table()
    heads = table.issuer_heads
    words: list[str] = []
    end = pos
    i = pos
    n = len(text)
    limit = min(n, pos + 160)
    while i < limit and len(words) < 14:
        j = _WS.match(text, i).end()  # type: ignore[union-attr]
        if "\n" in text[i:j] and _PLACE_DATE_LINE.match(text, j):
            break  # `... của Thủ tướng Chính phủ` + the next line `Quảng Ngãi, ngày 10 tháng 3 năm 2025`
        wm = _WORD.match(text, j)
        if not wm:
            # allow ", X" / "- X" continuation inside a body name (Bộ Văn hóa, Thể thao và Du lịch)
            cm = _CONT.match(text, j)
            if cm and words and _continues(text, cm.end(), heads):
                i = cm.end()
                words.append(cm.group().strip())
                continue
            break
        w = wm.group()
        low = w.casefold()
        if not words:
            if not (w[0].isupper() or w.startswith(("UBND", "HĐND"))):
                return None, pos
        elif low == "và":
            if _continues(text, wm.end(), heads):
                words.append(w)
                i = wm.end()
                continue
            break
        elif (not w[0].isupper() and low in _ISSUER_STOP) or _ISSUER_STOP2.match(text, j):
            break
        elif _starts_name(text, j):
            break
        words.append(w)
        i = wm.end()
        end = i
    if not words:
        return None, pos
    while words and words[-1].casefold() in {"và", ",", "-"}:
        words.pop()
    name = " ".join(words)
    return (name or None), end


_WS = re.compile(r"\s*")
_PLACE_DATE_LINE = re.compile(r"[^\W\d_][^\n,]{1,40},\s*(?:ngày|Ngày)\s")
_WORD = re.compile(r"[^\W_][\w.]*(?<!\.)|[^\W_]")
_CONT = re.compile(r"\s*[,\-–]\s*")


def _continues(text: str, pos: int, heads: tuple[str, ...]) -> bool:
    """After `và` or `,` inside an issuer: continue when the next word is capitalised and
    starts neither another body (an issuer head) nor a document name."""
    m = _WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
    if not m or not m.group()[0].isupper():
        return False
    rest = text[m.start() : m.start() + 40]
    if _starts_name(text, m.start()):
        return False
    return not any(rest.startswith(h + " ") or rest == h for h in heads)


def _starts_name(text: str, pos: int) -> bool:
    """True when a document-type name starts at `pos`."""
    return bool(_patterns()["name_at"].match(text, pos)) and text[pos].isupper()


def _take_title(text: str, pos: int) -> tuple[str | None, tuple[int, int] | None]:
    """Title after a citation (`về ...`): up to `;`, `:`, a sentence end or a parenthesis;
    quotes are kept whole."""
    m = _TITLE_START.match(text, pos)
    if not m:
        return None, None
    start = pos + (len(m.group()) - len(m.group().lstrip(" ,\n")))
    i = m.end()
    limit = min(len(text), i + 400)
    in_quote = False
    j = i
    while j < limit:
        ch = text[j]
        if ch in "“\"":
            in_quote = not in_quote if ch == '"' else True
        elif ch == "”":
            in_quote = False
        elif not in_quote and (ch in ";:" or (ch == "." and (j + 1 >= len(text) or text[j + 1].isspace()))):
            break
        elif not in_quote and ch == "\n" and j + 1 < len(text) and text[j + 1] == "\n" and _para_break(text, j):
            break
        elif not in_quote and ch == ")" and _NEXT_CITATION.match(text, j + 1):
            opening = text.rfind("(", i, j)  # `... (Nghị quyết số 163/2024/QH15), Nghị quyết số 50/NQ-CP ...`
            j = opening if opening > i else j + 1
            break
        j += 1
    title = " ".join(text[start:j].split()).strip(" ,")
    return (title or None), (start, j)


_NEXT_CITATION = re.compile(  # a parenthesis closed before the next citation of a list ends the title
    r"\s*(?:,|;|và)\s+(?:Nghị quyết|Quyết định|Chỉ thị|Kế hoạch|Công văn|Thông tư|Nghị định|Kết luận|Thông báo|"
    r"Hướng dẫn|Luật|Quy định|Chương trình|Đề án|Thông tri|Quy chế)\s+(?:số\s+)?\d"
)


def _para_break(text: str, j: int) -> bool:
    """A blank line ends a title unless the next line continues it in lower case."""
    k = j
    while k < len(text) and text[k].isspace():
        k += 1
    return k >= len(text) or not text[k].islower()


def _place_of(issuer: str | None) -> str | None:
    """Province named in an issuer (`Ủy ban nhân dân tỉnh Khánh Hòa` → `Khánh Hòa`)."""
    if not issuer:
        return None
    for m in _PLACE_RE.finditer(issuer):
        hit = province_of(issuer[m.start("p") : m.start("p") + 40])
        if hit:
            return hit
    return None


def _jurisdiction(issuer: str | None, codes: list[str], citing: str | None) -> tuple[str | None, bool]:
    """Jurisdiction of the referenced document and whether the place was explicit."""
    place = _place_of(issuer)
    if place:
        return place, True
    table = load_table()
    issuer_codes = [c for c in codes if doc_type_of_symbol(c) is None or c is not codes[0]]
    for c in issuer_codes[:1] or codes[-1:]:
        if table.is_local_code(c):
            return citing, False
        if table.is_central_code(c):
            return None, False
    if issuer:
        if any(p in issuer for p in table.central_phrases):
            return None, False
        if any(p in issuer for p in table.local_phrases):
            return citing, False
    return None, False


def _split_codes(codes: str) -> list[str]:
    """Code tokens of a symbol (`KH-UBND` → [`KH`, `UBND`])."""
    return [c for c in re.split(rf"\s*{_SEP}\s*", codes) if c]


def _type_from_codes(codes: list[str], name_type: str | None) -> str | None:
    """SPEC doc_type from the name and the symbol codes (the code decides `QĐi` vs `QyĐ`)."""
    table = load_table()
    first = _canon_code(codes[0]) if codes else ""
    sym_type = doc_type_of_symbol(first)
    party = any(strip_term(c.upper()) in table.party_codes for c in codes[1:])
    if name_type == "QyĐ" and (party or first == "QĐi"):
        return "QĐi"
    if name_type and name_type not in {"CV"}:
        return name_type
    if sym_type:
        if sym_type == "QĐ" and first == "QĐi":
            return "QĐi"
        return sym_type
    if codes and strip_term(first.upper()) in {"QH", "UBTVQH"}:
        return "NQ"
    return name_type or ("CV" if codes and first.upper() in table.issuer_codes() else None)


# --------------------------------------------------------------------------- finding mentions


_TOKEN = re.compile(r"[^\s:]+|:")
_MAX_NAME_WORDS = 4


def _name_before(text: str, start: int) -> tuple[str | None, int, bool]:
    """Document name (and `số`) right before a number; returns (type, start, had_name)."""
    window_start = max(0, start - 60)
    words = [(w.start(), w.group()) for w in _TOKEN.finditer(text, window_start, start)]
    if words and words[-1][1].casefold().rstrip(":") in {"số", ""}:
        words.pop()
    names = load_table().name_to_type
    for n in range(min(_MAX_NAME_WORDS, len(words)), 0, -1):
        cand = fold(" ".join(w for _, w in words[-n:]))
        if cand in names:
            return names[cand], words[-n][0], True
    return None, start, False


def _parse_tail(text: str, pos: int, warnings: list[str] | None) -> tuple[dict[str, object], int]:
    """Date, issuer (either order), term suffix and title after a citation."""
    out: dict[str, object] = {}
    end = pos
    for _ in range(2):
        dm = _DATE_RE.match(text, end)
        if dm and "date" not in out and "year" not in out:
            out["date"], out["year"] = _parse_date(dm, warnings, dm.start())
            out["date_text"] = dm.group().strip(" ,")
            end = dm.end()
            continue
        om = _OF_RE.match(text, end)
        if om and "issuer" not in out:
            issuer, iend = _take_issuer(text, om.end())
            if issuer:
                out["issuer"] = issuer
                end = iend
                tm = _TERM_RE.match(text, end)
                if tm:
                    end = tm.end()
                continue
        break
    title, span = _take_title(text, end)
    if title:
        out["title"] = title
        out["title_span"] = span
    return out, end


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    """Symbol codes that make a bare number-symbol credible (doc-type and issuer codes)."""
    table = load_table()
    return frozenset(table.symbol_to_type) | table.issuer_codes()


def _symbol_mentions(
    text: str, doc_type: str | None, own_key: str | None, warnings: list[str] | None
) -> list[_Mention]:
    """Every number-symbol citation of `text`, with its parsed fields."""
    pats = _patterns()
    known = _known_codes()
    out: list[_Mention] = []
    for m in pats["ns"].finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in _NS_BEFORE):
            continue
        codes = [_canon_code(c) for c in _split_codes(m.group("codes"))]
        if not codes:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if pats["header_before"].search(text[max(0, m.start() - 12) : m.start()]) and m.start() < 4000:
            continue  # the document's own number in its header
        if pats["form_before"].search(before):
            continue
        dtype, begin, has_name = _name_before(text, m.start())
        has_so = bool(pats["so_before"].search(before))
        first = strip_term(codes[0].upper())
        if not (has_name or has_so or first in known or codes[0].upper() in known):
            continue
        if not has_name and not has_so and len(codes) < 2 and not m.group("year"):
            continue  # bare `12-AB`: too weak without a name or a second code
        ns = normalize_number_symbol(m.group())
        if own_key and ns_key(ns) == own_key:
            continue
        if pats["attached_before"].search(text[max(0, begin - 40) : begin]) and (
            own_key is None and (dtype is None or dtype == doc_type)
        ):
            continue  # `(Ban hành kèm theo Kế hoạch số ...)`: this document itself
        if pats["draft_before"].search(text[max(0, begin - 30) : begin]):
            continue
        tail, end = _parse_tail(text, m.end(), warnings)
        year = int(m.group("year")) if m.group("year") else tail.get("year")
        mention = _Mention(
            start=begin,
            end=end,
            doc_type=_type_from_codes(codes, dtype),
            number_symbol=ns,
            codes=codes,
            date=tail.get("date"),  # type: ignore[arg-type]
            year=year,  # type: ignore[arg-type]
            issuer=tail.get("issuer"),  # type: ignore[arg-type]
            title=tail.get("title"),  # type: ignore[arg-type]
            title_span=tail.get("title_span"),  # type: ignore[arg-type]
            has_name=has_name,
        )
        out.append(mention)
    return out


def _law_name(text: str, pos: int) -> tuple[str | None, int]:
    """Name of a statute starting at `pos` (after `Luật `): the table's names first
    (they may hold commas or `và`), else capitalised words up to a boundary."""
    am = _AMENDING_LAW.match(text, pos)
    if am:
        return _amending_law(text, am)
    table = load_table()
    seg = text[pos : pos + 120]
    flat = " ".join(seg.split())
    ffl = flat.casefold()
    for name in table.law_names:
        fn = name.casefold()
        if ffl.startswith(fn) and (len(ffl) == len(fn) or not ffl[len(fn)].isalnum()):
            em = re.compile(_words_re(name), re.IGNORECASE).match(text, pos)
            end = em.end() if em else _advance(text, pos, len(fn.split()))
            return (name if seg[:1].isupper() else " ".join(text[pos:end].split())), end
    if not seg[:1].isupper():
        return None, pos
    words: list[str] = []
    i = pos
    while len(words) < 10:
        wm = _WORD.match(text, i)
        if not wm:
            cm = re.compile(r"[ \t]*\n?[ \t]*").match(text, i)
            if cm and cm.end() > i:
                i = cm.end()
                continue
            break
        w = wm.group()
        low = w.casefold()
        if words and (low in _LAW_STOP or w.isdigit() or _starts_name(text, wm.start())):
            break
        words.append(w)
        i = wm.end()
        sm = re.compile(r"[ \t]+|[ \t]*\n[ \t]*(?!\n)").match(text, i)
        if not sm:
            break
        i = sm.end()
    while words and words[-1].casefold() in _LAW_STOP:
        words.pop()
    if not words:
        return None, pos
    name = " ".join(words)
    return name, _advance(text, pos, len(words))


_AMENDING_LAW = re.compile(
    r"(?:Sửa|sửa)\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?(?:các\s+)?(?=Luật\s)"
)
_LAW_JOIN = re.compile(r"(?:\s*,\s*|\s+và\s+)(?=Luật\s)")


def _amending_law(text: str, am: re.Match[str]) -> tuple[str | None, int]:
    """`Sửa đổi, bổ sung một số điều của Luật X và Luật Y`: the amended laws are part of the name."""
    end = am.end()
    while True:
        lm = re.compile(r"Luật\s+").match(text, end)
        if not lm:
            break
        name, nend = _law_name(text, lm.end())
        if not name:
            break
        end = nend
        jm = _LAW_JOIN.match(text, end)
        if not jm:
            break
        end = jm.end()
    end = len(text[:end].rstrip(" ,"))
    if end <= am.end():
        return None, am.start()
    return " ".join(text[am.start() : end].split()), end


_LAW_STOP = frozenset(
    "ngày năm số của và với tại theo trên đối nhằm để đã được có là gồm sau trong cho khi thì mà hoặc như "
    "bằng từ đến các những này hiện hành về hướng quy thuộc mới".split()
)


def _advance(text: str, pos: int, nwords: int) -> int:
    """Offset after `nwords` words starting at `pos`."""
    i = pos
    for _ in range(nwords):
        m = re.compile(r"\s*\S+").match(text, i)
        if not m:
            break
        i = m.end()
    return min(i, len(text))


def _named_mentions(text: str, citing_jur: str | None, warnings: list[str] | None) -> list[_Mention]:
    """Laws, constitution, ordinances, congress resolutions and technical standards."""
    pats = _patterns()
    out: list[_Mention] = []
    full = pats["named"]
    for q in pats["named_quick"].finditer(text):
        if q.start() and (text[q.start() - 1].isalnum() or text[q.start() - 1] == "_"):
            continue
        m = full.match(text, q.start())
        if not m:
            continue
        if pats["draft_before"].search(text[max(0, m.start() - 30) : m.start()]):
            continue
        if m.group("std"):
            out.append(_standard_mention(m))
            continue
        if m.group("nq"):
            mention = _congress_mention(text, m, citing_jur)
            if mention:
                out.append(mention)
            continue
        if _inside_proper_name(text, m.start()):
            continue
        mention = _statute_mention(text, m, warnings)
        if mention:
            out.append(mention)
    return out


_PREV_WORD = re.compile(r"([^\W\d_][\w]*)[ \t]+$")


def _inside_proper_name(text: str, start: int) -> bool:
    """`Dân Luật Việt Nam`: a capitalised word right before `Luật` makes it part of a name."""
    m = _PREV_WORD.search(text[max(0, start - 30) : start])
    return bool(m and m.group(1)[0].isupper() and m.group(1) not in {"Căn", "Theo", "Thực", "Và"})


_APPROVED_QUICK = re.compile(r"(?:Quy\s+hoạch|Chiến\s+lược|Đề\s+án|Chương\s+trình)\s")
_APPROVED = re.compile(
    r"(?P<kind>Quy\s+hoạch|Chiến\s+lược|Đề\s+án|Chương\s+trình)\s+(?P<name>[^\W\d_](?:[^;.()“”\n]|\n(?!\n)){6,160}?)"
    r"\s+đã\s+được\s+(?P<iss>[A-ZĐÂĂÊÔƠƯ\u00C0-\u1EF9][^;.()\n]{2,60}?)\s+(?:phê\s+duyệt|ban\s+hành)"
)


def _approved_mentions(text: str) -> list[_Mention]:
    """`Quy hoạch X ... đã được Thủ tướng Chính phủ phê duyệt`: an existing document named
    without a number (the approver is its issuer)."""
    out: list[_Mention] = []
    for q in _APPROVED_QUICK.finditer(text):
        m = _APPROVED.match(text, q.start())
        if not m or not m.group("iss")[0].isupper() or not m.group("name")[0].islower():
            continue
        kind = " ".join(m.group("kind").split())
        title = f"{kind} {' '.join(m.group('name').split())}"
        issuer = " ".join(m.group("iss").split())
        out.append(_Mention(start=m.start(), end=m.end("name"), doc_type=doc_type_of_name(kind) or "KHAC",
                            number_symbol=None, issuer=issuer, title=title, named=True, has_name=True,
                            jurisdiction=_jurisdiction(issuer, [], None)[0]))
    return out


def _standard_mention(m: re.Match[str]) -> _Mention:
    """`TCVN 14423:2025`, `QCVN 85:2025/BNNMT`: doc_type KHAC."""
    ns = normalize_number_symbol(m.group("std") + m.group("stdnum"))
    year_m = re.search(r":\s*((?:19|20)\d\d)", ns)
    return _Mention(
        start=m.start(),
        end=m.end(),
        doc_type="KHAC",
        number_symbol=ns,
        year=int(year_m.group(1)) if year_m else None,
        has_name=True,
    )


def _statute_mention(text: str, m: re.Match[str], warnings: list[str] | None) -> _Mention | None:
    """`Luật X [năm YYYY | ngày ...]`, `Bộ luật X`, `Hiến pháp [năm 2013]`, `Pháp lệnh X`."""
    if m.group("const"):
        name, end, label = "Hiến pháp", m.end(), "Hiến pháp"
    else:
        kind = " ".join((m.group("law") or m.group("pl")).split())
        name, end = _law_name(text, m.end())
        if not name:
            return None
        if re.match(r"\s*\(\s*sửa\s+đổi\s*\)", text[end : end + 20]):
            return None  # a bill still to be passed
        label = name if kind.casefold() == "luật" else f"{kind} {name}"
        if kind.casefold() == "pháp lệnh":
            label = name
    dtype = "PL" if m.group("pl") else "LUAT"
    date = year = None
    dm = _DATE_RE.match(text, end)
    if dm:
        date, year = _parse_date(dm, warnings, dm.start())
        end = dm.end()
    else:
        ym = _YEAR_ONLY_RE.match(text, end)
        if ym:
            year = int(ym.group("y"))
            end = ym.end()
    return _Mention(
        start=m.start(), end=end, doc_type=dtype, number_symbol=None, date=date, year=year,
        title=label, named=True, has_name=True,
    )


_CONGRESS = re.compile(
    r"Đại\s+hội\s+(?P<body>(?:đại\s+biểu\s+)?(?:toàn\s+quốc|Đảng\s+bộ|đảng\s+bộ|Đảng)[^,;.()]{0,60}?)\s+lần\s+thứ\s+(?P<n>[IVXLC]+|\d+)\b"
)


def _congress_mention(text: str, m: re.Match[str], citing_jur: str | None) -> _Mention | None:
    """`Nghị quyết Đại hội Đảng bộ thành phố lần thứ XVI` (a named NQ); generic ones
    (`Nghị quyết Đại hội Đảng các cấp`) give none."""
    cm = _CONGRESS.match(text, m.end())
    if not cm or "các cấp" in cm.group("body"):
        return None
    body = " ".join(cm.group("body").split())
    issuer = "Đại hội " + body
    central = "toàn quốc" in body or body.casefold().startswith("đảng") and "bộ" not in body.casefold()
    title = " ".join(cm.group().split())
    jur = None if central else (_place_of(issuer) or citing_jur)
    return _Mention(
        start=m.start(), end=cm.end(), doc_type="NQ", number_symbol=None, issuer=issuer,
        title=title, named=True, has_name=True, jurisdiction=jur,
    )


# --------------------------------------------------------------------------- relations


def _zones(text: str) -> list[tuple[int, int, str]]:
    """Spans of `Căn cứ ...` (based_on) and opening `Thực hiện ...` (implements) clauses.

    A zone runs over `;`-separated clauses as long as each next clause starts with a
    document name; it ends at a sentence end, `:` or a clause that does something else.
    Implements zones are looked for in the head only (before the first `I.`/`1.`/`Điều 1`).
    """
    hm = _HEAD_END.search(text)
    head_end = hm.start() if hm else min(len(text), 4000)
    zones: list[tuple[int, int, str]] = []
    for m in _CLAUSE_OPEN.finditer(text, 0, head_end):
        kind = "based_on" if m.group("basis") else "implements"
        zones.append((m.start(), _zone_end(text, m.end()), kind))
    for m in _BASIS_OPEN.finditer(text, head_end):
        if _clause_start(text, m.start()):
            zones.append((m.start(), _zone_end(text, m.end()), "based_on"))
    return zones


def _clause_start(text: str, pos: int) -> bool:
    """True when `pos` opens a clause: text start, a line start or after `;` / `.`."""
    k = pos - 1
    while k >= 0 and text[k] in " \t*_|#":
        k -= 1
    return k < 0 or text[k] in "\n;."


def _zone_end(text: str, pos: int) -> int:
    """End of a Căn cứ / Thực hiện zone starting at `pos`."""
    n = len(text)
    limit = min(n, pos + 2500)
    depth = 0
    for m in _ZONE_PUNCT.finditer(text, pos, limit):
        i, ch = m.start(), m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif ch == ":":
            return i
        elif ch == "." and (i + 1 >= n or text[i + 1].isspace()) and not _abbrev(text, i):
            return i
        elif ch == ";":
            j = _ZONE_NEXT.match(text, i + 1).end()  # type: ignore[union-attr]
            if not (_starts_name(text, j) or text.startswith(("Luật", "Bộ luật", "Hiến pháp"), j)):
                return i
        elif ch == "," and _ZONE_COMMA_END.match(text, i):
            return i
    return limit


def _abbrev(text: str, i: int) -> bool:
    """A dot of `TP.` / `v.v.` is not a sentence end."""
    return text[max(0, i - 2) : i] in {"TP", "Tp", "v.v"}


def _assign_relations(mentions: list[_Mention], text: str, title_keys: set[str]) -> None:
    """Set each mention's relation from its zone, amend cues and the document title."""
    zones = _zones(text)
    zstarts = [z[0] for z in zones]
    starts = [m.start for m in mentions]
    for mt in mentions:
        rel = "cites"
        if not mt.nested:
            i = bisect.bisect_right(zstarts, mt.start) - 1
            for zs, ze, kind in zones[max(0, i - 3) : i + 1][::-1]:
                if zs <= mt.start < ze:
                    rel = kind
                    break
            rel = _amend_cue(text, mt, mentions, starts) or rel
            if mt.key in title_keys or (_approves_named(mt, title_keys) and rel in ("cites", "based_on")):
                rel = "implements"
        mt.relation = rel


def _amend_cue(text: str, mt: _Mention, mentions: list[_Mention], starts: list[int]) -> str | None:
    """amends / replaces / repeals when the cue right before the mention has this document
    as its subject (no other citation earlier in the same clause)."""
    lo = max(0, mt.start - 60)
    before = text[lo : mt.start]
    for kind, rx in _AMEND_BEFORE:
        cm = rx.search(before)
        if not cm:
            continue
        cue = lo + cm.start()
        clause = max(text.rfind(c, max(0, cue - 300), cue) for c in ";.:\n") + 1
        j = bisect.bisect_left(starts, clause)
        if not (j < len(mentions) and mentions[j] is not mt and mentions[j].start < cue):
            return kind
    return None


def _mark_nested(mentions: list[_Mention]) -> None:
    """A mention inside another mention's title is nested (cited by that document)."""
    spans = sorted(m.title_span for m in mentions if m.title_span)
    k, reach = 0, -1
    for mt in sorted(mentions, key=lambda x: x.start):
        while k < len(spans) and spans[k][0] < mt.start:
            reach = max(reach, spans[k][1])
            k += 1
        mt.nested = reach > mt.start


def _title_keys(doc_title: str | None) -> set[str]:
    """Keys of the documents the title says this document carries out."""
    if not doc_title:
        return set()
    keys: set[str] = set()
    first_verb = _IMPL_VERB.search(doc_title)
    if first_verb is None or _REPORTING_BEFORE.search(doc_title[: first_verb.start()]):
        return keys  # `về tình hình thực hiện X` reports on X, it does not carry X out
    mentions = _symbol_mentions(doc_title, None, None, None) + _named_mentions(doc_title, None, None)
    _mark_nested(mentions)
    for mt in mentions:
        if not mt.nested and first_verb.end() <= mt.start:
            keys.add(mt.key)
    for q in re.finditer(r"“([^”]{8,200})”", doc_title[first_verb.end() :]):
        keys.add(_QUOTED + fold(q.group(1)))  # `Kế hoạch triển khai thực hiện Đề án “X”`
    return keys


_QUOTED = "quoted:"
_APPROVES = re.compile(r"^(?:về\s+)?(?:việc\s+)?phê duyệt\b", re.IGNORECASE)


def _approves_named(mt: _Mention, title_keys: set[str]) -> bool:
    """The mention approves the programme the title carries out (`Quyết định số 553/QĐ-TTg ...
    phê duyệt Đề án “X”` in a `Kế hoạch triển khai thực hiện Đề án “X”`)."""
    if not mt.title or not _APPROVES.match(mt.title):
        return False
    title = fold(mt.title)
    return any(k.startswith(_QUOTED) and k[len(_QUOTED) :] in title for k in title_keys)


# --------------------------------------------------------------------------- resolution


def _share_coordinated(text: str, mentions: list[_Mention]) -> None:
    """`X và Y ngày D của I`: X takes Y's date, year and issuer (right to left)."""
    for i in range(len(mentions) - 2, -1, -1):
        a, b = mentions[i], mentions[i + 1]
        if a.named or b.named or a.date or a.issuer:
            continue
        gap = text[a.end : b.start]
        if re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", gap):
            a.date = b.date
            a.year = a.year or b.year
            a.issuer = b.issuer
            a.end = a.end


def _same_symbol(a: str, b: str) -> bool:
    """Same document, allowing a truncated short form (`102/2025/NQLT` of `102/2025/NQLT/...`)."""
    ka, kb = ns_key(a), ns_key(b)
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) < len(kb) else (kb, ka)
    return long_.startswith(short) and long_[len(short)] in "-/" and short.count("/") + short.count("-") >= 2


def _same_title(a: str, b: str) -> bool:
    """Same named document: equal titles, or a short form that is not a law of its own."""
    fa, fb = title_key(a), title_key(b)
    if fa == fb:
        return True
    short, long_ = (fa, fb) if len(fa) < len(fb) else (fb, fa)
    return long_.startswith(short + " ") and short not in _own_law_keys()


@lru_cache(maxsize=1)
def _own_law_keys() -> frozenset[str]:
    """Title keys of the statutes of the table (never merged as short forms)."""
    return frozenset(title_key(n) for n in load_table().law_names)


def _merge(mentions: list[_Mention]) -> list[tuple[_Mention, str]]:
    """One entry per document (first mention's offsets), strongest relation, fields filled
    from later mentions."""
    groups: list[list[_Mention]] = []
    index: dict[str, list[list[_Mention]]] = {}
    for mt in sorted(mentions, key=lambda x: x.start):
        bucket = index.setdefault(_bucket(mt), [])
        for g in bucket:
            head = g[0]
            if mt.number_symbol and head.number_symbol:
                if _same_symbol(mt.number_symbol, head.number_symbol) and _years_agree(mt, head):
                    g.append(mt)
                    break
            elif mt.named and head.doc_type == mt.doc_type and head.title and _same_title(mt.title or "", head.title):
                g.append(mt)
                break
        else:
            groups.append([mt])
            bucket.append(groups[-1])
            if mt.number_symbol and mt.doc_type in {"LUAT", "PL"} and mt.title:
                words = title_key(mt.title).split()
                index.setdefault("t:" + (words[0] if words else ""), []).append(groups[-1])
    out = []
    for g in groups:
        head = g[0]
        for other in g[1:]:
            _fill(head, other)
        rel = max((x.relation for x in g), key=lambda r: _REL_RANK[r])
        out.append((head, rel))
    return out


def _bucket(mt: _Mention) -> str:
    """Merge bucket: the number of a symbol, else the first title word (short forms share it)."""
    if mt.number_symbol and not mt.named:
        return "n:" + re.split(r"[-/:\s]", mt.number_symbol, maxsplit=1)[0]
    words = title_key(mt.title).split()
    return "t:" + (words[0] if words else "")


def _years_agree(a: _Mention, b: _Mention) -> bool:
    """Two mentions of one symbol are one document unless both years are known and differ."""
    return not (a.year and b.year and a.year != b.year)


def _fill(head: _Mention, other: _Mention) -> None:
    """Fill the head's missing fields from a later mention of the same document."""
    if other.number_symbol and head.number_symbol and len(ns_key(other.number_symbol)) > len(ns_key(head.number_symbol)):
        head.number_symbol = other.number_symbol
        head.codes = other.codes
    for attr in ("date", "year", "issuer", "title"):
        if getattr(head, attr) is None and getattr(other, attr) is not None:
            setattr(head, attr, getattr(other, attr))


def _to_reference(mt: _Mention, rel: str, text: str, idx: int, citing_jur: str | None) -> Reference:
    """Build the public `Reference` of a resolved mention."""
    if mt.named:
        jur = mt.jurisdiction
    elif mt.doc_type == "KHAC" and mt.number_symbol and not mt.codes:
        jur = None
    else:
        jur, _ = _jurisdiction(mt.issuer, mt.codes, citing_jur)
    return Reference(
        ref_id=f"ref-{idx}",
        text=" ".join(text[mt.start : mt.end].split()).strip(" ,;."),
        doc_type=mt.doc_type,
        number_symbol=mt.number_symbol,
        date=mt.date,
        year=mt.year,
        issuer=mt.issuer,
        jurisdiction=jur,
        title=mt.title,
        relation=rel,
        target=None,
        start=mt.start,
        end=mt.end,
    )


def find_references(
    text: str,
    *,
    jurisdiction: str | None = None,
    doc_title: str | None = None,
    doc_type: str | None = None,
    doc_number_symbol: str | None = None,
    warnings: list[str] | None = None,
) -> list[Reference]:
    """Every document `text` refers to, one `Reference` per distinct document (SPEC 5).

    `jurisdiction` is the citing document's (local issuers without a place take it);
    `doc_title` tells which documents the title carries out (`implements`); `doc_type` and
    `doc_number_symbol` identify self-references (`(Ban hành kèm theo Kế hoạch số ...)`).
    Impossible dates append a warning to `warnings`. Offsets are those of the first mention;
    ref_ids are `ref-1`, `ref-2` ... in text order.
    """
    if not text:
        return []
    text = unicodedata.normalize("NFC", text) if not text.isascii() else text
    own_key = ns_key(doc_number_symbol) if doc_number_symbol and re.match(r"\s*\d", doc_number_symbol) else None
    local_warn: list[str] = []
    mentions = _symbol_mentions(text, doc_type, own_key, local_warn)
    mentions += _named_mentions(text, jurisdiction, local_warn)
    mentions += _approved_mentions(text)
    mentions.sort(key=lambda x: x.start)
    _drop_overlaps(mentions, text)
    _share_coordinated(text, mentions)
    _mark_nested(mentions)
    _assign_relations(mentions, text, _title_keys(doc_title))
    merged = _merge(mentions)
    if warnings is not None:
        kept = {(m.start, m.end) for m, _ in merged}
        warnings.extend(w for w in dict.fromkeys(local_warn) if kept)
    return [_to_reference(m, rel, text, i, jurisdiction) for i, (m, rel) in enumerate(merged, 1)]


def _drop_overlaps(mentions: list[_Mention], text: str) -> None:
    """Resolve overlaps: a named statute followed by its number (`Luật X số 64/2025/QH15`)
    becomes one numbered mention; named mentions inside another citation are dropped.
    `mentions` is sorted by start."""
    symbols = [m for m in mentions if m.codes]
    sym_starts = [m.start for m in symbols]
    drop: set[int] = set()
    for nm in (m for m in mentions if m.named):
        k = bisect.bisect_left(sym_starts, nm.start)
        for sm in symbols[k : k + 3]:
            if sm.start <= nm.end + 12 and _JOIN_NUMBER.fullmatch(text, nm.end, _number_start(text, sm)):
                sm.start, sm.doc_type = nm.start, nm.doc_type
                sm.title = sm.title or nm.title
                sm.date = sm.date or nm.date
                drop.add(id(nm))
                break
    kept = [m for m in mentions if id(m) not in drop]
    kept.sort(key=lambda x: x.start)
    out: list[_Mention] = []
    reach, reach_span = -1, (-1, -1)
    for m in kept:
        inside = m.start < reach and reach_span != (m.start, m.end)
        if not (m.named and inside):
            out.append(m)
        if m.end > reach:
            reach, reach_span = m.end, (m.start, m.end)
    mentions[:] = out


_JOIN_NUMBER = re.compile(r"[\s,]*(?:(?:số|Số)\s*:?\s*)?")
_DIGIT = re.compile(r"\d")


def _number_start(text: str, sm: _Mention) -> int:
    """Offset of the number of a symbol mention (its start may be the document name)."""
    m = _DIGIT.search(text, sm.start)
    return m.start() if m else sm.start


def reference_entities(refs: Iterable[Reference]) -> list[Entity]:
    """DOCREF entities (first-mention spans) of resolved references."""
    return [Entity(label="DOCREF", text=r.text, start=r.start, end=r.end) for r in refs]
