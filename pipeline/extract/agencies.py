"""Agency recognition, list splitting and canonical names (SPEC 4.2, 4.3).

Three jobs, all rule-based over the gazetteers in ``models/agencies/`` (see its CARD.md):

* :func:`canonical_name` -- the canonical ``name`` of one printed agency: abbreviations
  expanded, modern tone marks, person titles mapped to the body they head, scope phrases
  and glosses dropped, first letter upper-case and the rest as printed.
* :func:`split_agencies` -- a printed list (an assignee field, an agency heading) split
  into :class:`~pipeline.models.Agency` records.  Separators are ``,`` ``;`` ``và`` ``/``;
  names that contain them (``Sở Văn hóa, Thể thao và Du lịch``) stay whole because a part
  starts a new agency only when it opens with an agency head, ``các``, a title or a
  qualified group noun; bare category words (``ban``, ``ngành``, ``xã`` ...) continue the
  agency before them.  Generic partners (``các cơ quan, đơn vị có liên quan``) are dropped
  unless ``keep_generic=True`` (:func:`is_generic`).
* :func:`find_agencies` / :func:`leading_agencies` -- agency mentions in running text and
  the agency list that opens a sentence as its subject (with the offset where the
  predicate begins).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.charclass import LOWER, UPPER
from pipeline.models import Agency
from pipeline.normalize import modern_tones as modern_tone  # one tone rule for texts and names

DATA_DIR = Path(__file__).resolve().parents[2] / "models" / "agencies"

_TONES = "\u0300\u0301\u0309\u0303\u0323"
_SEP_RE = re.compile(r"\s*(?:[,;/]|\bvà\b)\s*")
_WORD = r"[^\W\d_]"
_LEVELS = ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã", "phường", "thị trấn", "đặc khu",
           "thôn", "ấp", "bản", "khu phố", "tổ dân phố")
_UNIT_AFTER_CAC = (
    "quận", "huyện", "xã", "phường", "tỉnh", "thành phố", "thị trấn", "thị xã", "đặc khu", "cấp",
    "sở", "ban", "ngành", "bộ", "cơ quan", "đơn vị", "địa phương", "đảng ủy", "huyện ủy", "quận ủy",
    "tổ chức", "chi bộ", "thôn", "ấp", "khu phố", "tổ dân phố", "phòng", "doanh nghiệp",
)
_COLLECTIVE_HEADS = (
    "cơ quan", "đơn vị", "doanh nghiệp", "tổ chức", "lực lượng", "chính quyền", "cử tri", "người",
    "hộ", "cá nhân", "thôn", "ấp", "cấp ủy", "địa phương", "đoàn thể", "phòng chuyên môn", "sở",
    "bộ", "ngành", "viện", "trường", "hệ thống", "phụ trách",
)
_SCOPE_RE = re.compile(r"\s+(?:đóng\s+)?(?:trên|tại)\s+địa\s+bàn(?:\s.*)?$", re.I)
_GENERIC_TAIL_RE = re.compile(r"(?:\s+khác)?\s+(?:có\s+)?liên\s+quan(?:\s+khác)?$", re.I)
_ALIAS_RE = re.compile(r"\(\s*sau\s+đây\s+(?:gọi|viết)\s+(?:tắt|chung|gọn)(?:\s+là)?\s*:?\s*([^)]*)\)", re.I)
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
_BULLET_RE = re.compile(r"^\s*(?:[-+•*–—]+|\(?[0-9a-zđ]{1,3}[.)](?:[0-9]+[.)])*)\s*", re.I)
_BARE_HEADS_NEW = {"Sở", "Bộ", "Phòng", "Cục", "Vụ"}
_PRESS_WORDS = {"báo", "đài", "báo chí", "đài phát thanh", "đài truyền hình"}


# ---------------------------------------------------------------------------------------------
# gazetteer


@dataclass(frozen=True)
class Gazetteer:
    """All lists of ``models/agencies`` (see CARD.md there)."""

    names: tuple[tuple[str, str], ...]  # (name, category), longest first
    domains: tuple[tuple[str, str], ...]  # (domain, head codes), longest first
    abbreviations: tuple[tuple[str, str], ...]  # (abbreviation, expansion), longest first
    provinces: tuple[tuple[str, str], ...]  # (name, status)
    heads: tuple[tuple[str, str], ...]  # (head, kind), longest first
    titles: tuple[tuple[str, str], ...]  # (title, body or "-"), longest first
    categories: frozenset[str]
    verbs: tuple[str, ...]  # predicate cues, longest first


def _read_tsv(name: str) -> list[list[str]]:
    """Rows of a TSV data file, comments and blank lines skipped."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([unicodedata.normalize("NFC", c.strip()) for c in line.split("\t")])
    return rows


def _pairs(name: str) -> tuple[tuple[str, str], ...]:
    """Two-column rows, longest first column first."""
    rows = [(r[0], r[1] if len(r) > 1 else "") for r in _read_tsv(name)]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load (once) every list of ``models/agencies``."""
    return Gazetteer(
        names=_pairs("gazetteer.tsv"),
        domains=_pairs("domains.tsv"),
        abbreviations=_pairs("abbreviations.tsv"),
        provinces=_pairs("provinces.tsv"),
        heads=_pairs("heads.tsv"),
        titles=_pairs("titles.tsv"),
        categories=frozenset(r[0].lower() for r in _read_tsv("categories.tsv")),
        verbs=tuple(sorted((r[0] for r in _read_tsv("verbs.tsv")), key=len, reverse=True)),
    )


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """Regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _abbr_re() -> re.Pattern[str]:
    g = load_gazetteer()
    return re.compile(r"(?<![\w&.-])(" + _alt([a for a, _ in g.abbreviations]) + r")(?![\w&])")


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern[str]:
    g = load_gazetteer()
    titles = [t for t, _ in g.titles if not t.startswith("Trưởng ")]
    return re.compile(r"(?:" + _alt(titles) + r")(?:\s*(?:,|và|hoặc)\s*|\s+)(?=\S)")


@lru_cache(maxsize=1)
def _protected_re() -> re.Pattern[str]:
    """Names and domains that contain a separator (comma, 'và', '/'): kept whole when splitting."""
    g = load_gazetteer()
    heads = "Bộ|Sở|Phòng|Cục|Tổng cục|Chi cục|Ban|Vụ|Trung tâm|Ủy ban|Hội đồng"
    seps = re.compile(r",|;|/|\bvà\b")
    names = [n for n, _ in g.names if seps.search(n)]
    doms = [d for d, _ in g.domains if seps.search(d)]
    pat = r"(?:" + _alt(names) + r")" + r"|(?:(?:" + heads + r")\s+(?:" + _alt(doms) + r"))"
    return re.compile(pat)


# ---------------------------------------------------------------------------------------------
# canonical names


@lru_cache(maxsize=8192)
def _clean(text: str) -> str:
    """NFC, single spaces, no surrounding punctuation or markdown emphasis."""
    s = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    s = s.replace("*", "").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" .;:,")


def expand_abbreviations(text: str) -> str:
    """Expand the SPEC 4.3 abbreviations (``UBND`` -> ``Ủy ban nhân dân`` ...) on whole tokens."""
    table = dict(load_gazetteer().abbreviations)

    def repl(m: re.Match[str]) -> str:
        abbr = m.group(1)
        rest = text[m.end():]
        if abbr in ("CA", "TP", "Tp.", "TP.") and not re.match(r"\s*[" + UPPER + r"]|\s+(tỉnh|huyện|quận|xã|phường)", rest):
            return abbr
        exp = table[abbr]
        return exp + (" " if abbr.endswith(".") and rest[:1] not in ("", " ") else "")

    return re.sub(r"\s+", " ", _abbr_re().sub(repl, text))


@lru_cache(maxsize=8192)
def strip_titles(text: str) -> str:
    """Map a person's title to the body the person heads (SPEC 4.3).

    ``Giám đốc các Sở`` -> ``các Sở``; ``Đồng chí Bí thư Tỉnh ủy Khánh Hòa`` -> ``Tỉnh ủy Khánh
    Hòa``; a bare title stands for its body (``Trưởng thôn`` -> ``Thôn``, ``Bộ trưởng`` ->
    ``Các bộ``, ``Giám đốc Sở`` -> ``Sở``).
    """
    titles = dict(load_gazetteer().titles)
    s = _TITLE_CHOICE.sub("", text)
    for _ in range(6):
        body = titles.get(s) or titles.get(s[:1].upper() + s[1:])
        if body and body != "-":
            return body
        m = _title_re().match(s)
        if not m:
            break
        s = s[m.end():]
    return s


# `Trưởng Ban hoặc Phó Trưởng Ban công tác Mặt trận`: either officer of one body
_TITLE_CHOICE = re.compile(r"^(?:Phó\s+)?Trưởng\s+(\w+)\s*(?:hoặc|và|,)\s*(?:Phó\s+)?Trưởng\s+(?=\1\b)", re.IGNORECASE)


def _capitalize(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


@lru_cache(maxsize=8192)
def canonical_name(text: str) -> str:
    """Canonical ``name`` of one printed agency (SPEC 4.3).

    Abbreviations are expanded (``UBND``, ``HĐND``, ``MTTQ``, ``UBMTTQ``, ``TP`` ...), tone
    marks are placed the modern way, person titles are mapped to their body, parenthesised
    glosses and scope phrases (``trên địa bàn thành phố``) are dropped, ``Các Sở`` becomes
    ``Các sở``, and the first letter is upper-case with the rest as printed.  Idempotent.
    """
    s = _clean(text)
    for _ in range(4):
        before = s
        s = _PAREN_RE.sub("", s)
        s = modern_tone(expand_abbreviations(s))
        s = _SCOPE_RE.sub("", s)
        s = strip_titles(_clean(s))
        s = re.sub(r"^(các|Các|tất cả các|Tất cả các)\s+Sở(?=\s*,|$)", lambda m: m.group(1) + " sở", s)
        s = _capitalize(_clean(s))
        if s == before:
            break
    return s


# ---------------------------------------------------------------------------------------------
# splitting


def _mask_spans(text: str) -> list[bool]:
    """True at characters inside a protected name or inside parentheses."""
    mask = [False] * len(text)
    for m in _protected_re().finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            for i in range(m.start(), m.end()):
                mask[i] = True
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        if depth:
            mask[i] = True
        if ch == ")" and depth:
            depth -= 1
    return mask


def _raw_parts(text: str) -> list[tuple[int, int]]:
    """Spans of the separator-delimited parts of ``text`` (separators inside names skipped)."""
    mask = _mask_spans(text)
    spans, start = [], 0
    for m in _SEP_RE.finditer(text):
        if m.start() == m.end() or any(mask[m.start():m.end()]):
            continue
        if m.group().strip() == "/" and not (text[m.start():m.start() + 1].isspace() or m.group() != "/"):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_bare_category(part: str) -> bool:
    p = re.sub(r"^(các|tất cả các)\s+", "", part.strip().lower())
    p = _GENERIC_TAIL_RE.sub("", p).strip()
    p = re.sub(r"\s+khác$", "", p)
    return p in load_gazetteer().categories


def _head_kind(part: str) -> str | None:
    """Kind of agency head the part opens with (heads.tsv kinds, 'name', 'abbr'), None if none."""
    g = load_gazetteer()
    for head, kind in g.heads:
        if part.startswith(head) and (len(part) == len(head) or not part[len(head)].isalnum()):
            return kind
    for name, _ in g.names:
        if part.startswith(name) and (len(part) == len(name) or not part[len(name)].isalnum()):
            return "name"
    m = _abbr_re().match(part)
    if m and m.group(1) not in ("TP", "TP.", "Tp.", "CTXH", "CT-XH", "CCB"):
        return "abbr"
    return None


def _starts_with_head(part: str) -> bool:
    """Does the part open with an agency head, a gazetteer name or an abbreviation?"""
    return _head_kind(part) is not None


def _starts_with_title(part: str) -> bool:
    return bool(_title_re().match(part + " x")) and not part.startswith(("Trưởng ban", "Trưởng Ban"))


def _bare_title(part: str) -> str | None:
    """The body a part stands for when the part is only a title, '-' for none, None if not a title."""
    titles = dict(load_gazetteer().titles)
    return titles.get(part.strip())


def _starts_new(part: str, current: list[str]) -> bool:
    """Does this comma/'và' part start a new agency, given the parts of the current one?"""
    p = part.strip()
    if not current:
        return True
    if p in _BARE_HEADS_NEW and not all(_is_bare_category(c) for c in current[1:]):
        return True
    if p in _BARE_HEADS_NEW and current and not current[0].lower().startswith(("các", "tất cả")):
        return p != current[-1]
    low = p.lower()
    if low.startswith(("các ", "tất cả ")):
        return True
    if low in _PRESS_WORDS:  # `Ủy ban nhân dân phường, xã, báo, đài`: the press is a body of its own
        return current[-1].strip().lower() not in _PRESS_WORDS
    if _is_bare_category(p):
        return False
    if _starts_with_title(p) or _bare_title(p):
        return True
    kind = _head_kind(p)
    if kind == "group":
        return not all(_is_bare_category(c) for c in current)
    return kind is not None


def _group_parts(text: str) -> list[tuple[int, int]]:
    """Merge raw parts into agency spans (SPEC 4.3 continuation rules)."""
    groups: list[list[tuple[int, int]]] = []
    pending_title: tuple[int, int] | None = None
    for a, b in _raw_parts(text):
        part = text[a:b].strip()
        if pending_title is not None:
            groups.append([(pending_title[0], b)])
            pending_title = None
            continue
        body = _bare_title(part)
        if body in ("-", "Sở"):
            pending_title = (a, b)
            continue
        current = [text[x:y] for x, y in groups[-1]] if groups else []
        if _starts_new(part, current):
            groups.append([(a, b)])
        else:
            groups[-1].append((a, b))
    if pending_title is not None:
        groups.append([pending_title])
    out = []
    for g in groups:
        out.extend(_split_generic_tail(text, g))
    return out


def _split_generic_tail(text: str, group: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`X qualified, tổ chức, cá nhân liên quan`: the generic tail is an agency of its own."""
    parts = [text[a:b] for a, b in group]
    if len(parts) > 1 and _GENERIC_TAIL_RE.search(parts[-1]):
        i = len(parts) - 1
        while i > 1 and _is_bare_category(parts[i - 1]) and parts[i - 1].strip().lower() not in _LEVELS:
            i -= 1
        first_bare = _is_bare_category(parts[0])
        if not first_bare and i >= 1:
            return [(group[0][0], group[i - 1][1]), (group[i][0], group[-1][1])]
    return [(group[0][0], group[-1][1])]


@lru_cache(maxsize=1)
def _member_re() -> re.Pattern[str]:
    titles = _alt([t for t, _ in load_gazetteer().titles])
    return re.compile(
        r"^(?:(?:" + titles + r")\s+)?(?:(?:các|Các)\s+)?"
        r"(?P<head>(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Công an|Bộ Chỉ huy Quân sự|Sở|Bộ|Phòng|Cục|Ban)"
        r"(?:\s+(?:các\s+)?(?P<level>tỉnh, thành phố|tỉnh|thành phố|quận, huyện|quận|huyện|thị xã|xã|phường|thị trấn))?)"
        r"\s*:\s*(?P<rest>.+)$"
    )


def _member_name(head: str, level: str | None, member: str) -> str:
    head = re.sub(r"\s+(?:các\s+)?(tỉnh, thành phố|tỉnh|thành phố|quận, huyện|quận|huyện|thị xã|xã|phường|thị trấn)$",
                  "", head)
    if level:
        cities = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh", "Huế", "Thành phố Hồ Chí Minh"}
        levels = [lv.strip() for lv in level.split(",")]
        lv = "thành phố" if "thành phố" in levels and member in cities else levels[0]
        if member.lower().startswith(tuple(_LEVELS)):
            return f"{head} {member}"
        return f"{head} {lv} {member}"
    return f"{head} {member}"


def _expand_members(text: str) -> list[Agency] | None:
    """`Các Bộ: Quốc phòng, Tài chính` -> Bộ Quốc phòng, Bộ Tài chính (None if no member list)."""
    m = _member_re().match(text)
    if not m:
        return None
    rest = m.group("rest")
    out: list[Agency] = []
    spans = _raw_parts(rest)
    for k, (a, b) in enumerate(spans):
        member = rest[a:b].strip()
        if not re.match(r"^[" + UPPER + r"]", member) or len(member.split()) > 6 or _head_kind(member) not in (None, "abbr"):
            if k == 0:
                return None
            out.extend(split_agencies(rest[a:]))
            return out
        name = canonical_name(_member_name(m.group("head"), m.group("level"), member))
        out.append(Agency(text=member, name=name, collective=False))
    return out


@lru_cache(maxsize=8192)
def is_generic(text: str) -> bool:
    """A generic partner qualified only by ``(có) liên quan`` (SPEC 4.2), not an assignee.

    ``các cơ quan, đơn vị có liên quan``, ``Sở, ban, ngành liên quan``, ``tổ chức, cá nhân
    liên quan`` are generic; ``Các cơ quan, đơn vị, địa phương`` and ``các cơ quan báo chí ...
    khác`` are not.
    """
    s = _clean(strip_titles(_clean(text)))
    if not _GENERIC_TAIL_RE.search(s):
        return False
    core = _GENERIC_TAIL_RE.sub("", s).strip(" ,")
    core = re.sub(r"^(các|tất cả các)\s+", "", core, flags=re.I)
    parts = [p for p in re.split(r"\s*(?:,|;|\bvà\b)\s*", core) if p]
    cats = load_gazetteer().categories | {"cá nhân", "tổ chức", "cơ quan chức năng", "ngành chức năng"}
    return bool(parts) and all(p.lower() in cats or p in _BARE_HEADS_NEW for p in parts)


@lru_cache(maxsize=8192)
def is_collective(name: str) -> bool:
    """Is the (canonical) name a group rather than one body (SPEC 4.3 ``collective``)?"""
    s = name.strip()
    low = s.lower()
    if low.startswith(("các ", "tất cả ", "mỗi ")):
        return True
    if re.search(r"\bcác\s+(?:" + _alt(_UNIT_AFTER_CAC) + r")\b", low) or re.search(r"\bcác cấp$", low):
        return True
    if re.search(r"\bcấp\s+(?:xã|huyện|tỉnh|cơ sở)\b", low) and not low.startswith("ủy ban bầu cử"):
        return True
    masked = _protected_re().sub(lambda m: "x" * len(m.group()), s)
    for part in re.split(r"\s*,\s*", masked)[1:]:
        if _is_bare_category(part):
            return True
    head = low.split(",")[0]
    return any(head == h or head.startswith(h + " ") for h in _COLLECTIVE_HEADS) and not _is_named_body(s)


def _is_named_body(name: str) -> bool:
    """A head like Sở/Bộ/Viện followed by its own name (Sở Y tế) is one body."""
    return bool(re.match(r"^(Sở|Bộ|Viện|Trường|Phòng)\s+\S", name))


def _make(text: str) -> Agency:
    name = canonical_name(text)
    return Agency(text=_clean(text), name=name, collective=is_collective(name))


def split_agencies(text: str, keep_generic: bool = False) -> list[Agency]:
    """Split a printed agency list into its agencies (SPEC 4.3).

    ``Các Sở, ban, ngành, Ủy ban nhân dân các quận, huyện, xã, phường, thị trấn, các lực
    lượng vũ trang và các đơn vị sự nghiệp trên địa bàn thành phố`` gives four agencies;
    ``Sở Văn hóa, Thể thao và Du lịch`` one; a defined alias (``(sau đây gọi tắt là ...)``)
    is the agency; ``Các Bộ: Quốc phòng, Tài chính`` gives ``Bộ Quốc phòng`` and ``Bộ Tài
    chính``.  Generic partners qualified only by ``(có) liên quan`` are dropped unless
    ``keep_generic``.  Never raises; every returned name is non-empty.
    """
    s = _clean(_BULLET_RE.sub("", text or ""))
    if not s:
        return []
    alias = _ALIAS_RE.search(s)
    if alias and _clean(alias.group(1)).strip("“”\"'"):
        return [_make(_clean(alias.group(1)).strip("“”\"'"))]
    out: list[Agency] = []
    for a, b in _top_segments(s):
        seg = _clean(s[a:b])
        members = _expand_members(seg)
        if members is not None:
            out.extend(members)
            continue
        out.extend(_make(seg[x:y]) for x, y in _group_parts(seg))
    return [ag for ag in out if ag.name and (keep_generic or not is_generic(ag.text))]


def _top_segments(s: str) -> list[tuple[int, int]]:
    """Semicolon-separated segments (outside parentheses)."""
    mask = _mask_spans(s)
    spans, start = [], 0
    for i, ch in enumerate(s):
        if ch == ";" and not mask[i]:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(s)))
    return [(a, b) for a, b in spans if s[a:b].strip()]


# ---------------------------------------------------------------------------------------------
# mentions in running text


_COMPOUND_BEFORE_CUE = {"cử": re.compile(r"(?:ứng|bầu|đề|tuyển)\s+$", re.IGNORECASE),
                        "tổ chức": re.compile(r"(?<!\w)cấp\s+$", re.IGNORECASE)}  # `cấp tổ chức hội nghị`


def starts_predicate(text: str) -> bool:
    """Does ``text`` open with a predicate cue?"""
    return _is_cue(text, 0)


def has_predicate(text: str) -> bool:
    """Does any word of ``text`` open a predicate cue (`tổ chức`, `chủ trì`, `báo cáo` ...)?"""
    return any(_is_cue(text, m.start()) for m in re.finditer(r"(?<!\w)(?=\w)", text))


def _is_cue(text: str, pos: int) -> bool:
    """Does a predicate cue start at ``pos`` (any case)?  `cử` after `ứng`/`bầu` is the end of a
    compound noun (`người ứng cử`), not the verb."""
    m = _verb_re().match(text[pos:pos + 30].lower())
    if not m:
        return False
    compound = _COMPOUND_BEFORE_CUE.get(m.group())
    return not (compound and compound.search(text[max(0, pos - 8):pos]))


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern[str]:
    return re.compile(r"(?:" + _alt(load_gazetteer().verbs) + r")(?!" + _WORD + r")")


@lru_cache(maxsize=1)
def _core_re() -> re.Pattern[str]:
    """Start of an agency: a gazetteer name, head + domain, a head, an abbreviation or a group."""
    g = load_gazetteer()
    domain_heads = r"(?:Bộ|Sở|Phòng|Cục|Tổng cục|Chi cục|Ban|Vụ|Trung tâm)"
    abbrs = _alt([a for a, _ in g.abbreviations if a not in ("TP", "TP.", "Tp.", "CA", "CCB", "CTXH", "CT-XH")])
    heads = _alt([h for h, k in g.heads if k not in ("group", "fixed") or h[:1].isupper()])
    groups = _alt([h for h, k in g.heads if k in ("group", "fixed")] + sorted(g.categories))
    return re.compile(
        r"(?:(?P<dom>" + domain_heads + r"\s+(?i:" + _alt([d for d, _ in g.domains]) + r"))"
        r"|(?P<name>(?i:" + _alt([n for n, _ in g.names]) + r"))"
        r"|(?P<grp>(?:[Tt]ất cả các|[Cc]ác|[Mm]ỗi)\s+(?:" + groups + r"|" + heads + r"))"
        r"|(?P<abbr>" + abbrs + r")"
        r"|(?P<head>" + heads + r"))(?!" + _WORD + r")"
    )


_PLACE_RE = re.compile(
    r"(?:\s+(?:Việt Nam|Trung ương|trung ương|trực thuộc (?:trung ương|Trung ương|Thành ủy|Tỉnh ủy|Chính phủ)))?"
    r"(?:\s+(?:các\s+)?(?:cấp(?:\s+(?:tỉnh|huyện|xã|cơ sở|tổ chức (?:hội nghị )?hiệp thương|hiệp thương))?(?!" + _WORD + r")"
    r"|(?:" + "|".join(_LEVELS) + r"|TP\.?)(?!" + _WORD + r")(?:(?:\s*,\s*|\s+và\s+)(?:" + "|".join(_LEVELS) + r"|đặc khu)(?!" + _WORD + r"))*"
    r"(?:\s+(?:[" + UPPER + r"][\w'-]*|\d+)(?:\s+(?:[" + UPPER + r"][\w'-]*|\d+)|\s*-\s*[" + UPPER + r"][\w'-]*)*)?)"
    r"(?:\s+trực thuộc (?:trung ương|Trung ương))?)?"
)
_CAPS_RE = re.compile(r"(?:\s+(?:Thành phố|Tỉnh ủy|Thành ủy|[" + UPPER + r"][\w'&-]*|\d+)(?:\s*-\s*[" + UPPER + r"][\w'-]*)?)+")


def _match_at(text: str, pos: int, titles: bool = False, cont: bool = False) -> int | None:
    """End offset of an agency that starts exactly at ``pos`` (None if none).

    ``titles`` lets person titles open the mention (``Chủ tịch Ủy ban nhân dân ...``);
    ``cont`` accepts a lower-case group name (``chính quyền``) as a later list member.
    """
    p = pos
    if titles:
        while True:
            m = _title_re().match(text, p)
            if not m:
                break
            p = m.end()
    if p > pos and _core_re().match(text, p) is None:
        g = _lower_group_re().match(text, p)  # `Thủ trưởng cơ quan ngang bộ`
        if g:
            return _extend_group(text, g.end())
        return _bare_title_end(text, pos)
    if _NOT_A_HEAD.match(text, p):
        return None  # `Báo cáo` is a report, not a newspaper (`Báo Hải Phòng`)
    board = _BOARD_RE.match(text, p)
    if board:  # `Ban Quản lý các khu công nghệ cao và khu công nghiệp`, `Ban Quản lý dự án ...`
        return _extend_province(text, _extend_place(text, _extend_group(text, board.end())))
    m = _core_re().match(text, p)
    if not m and cont:
        g = _lower_group_re().match(text, p)
        return _extend_group(text, g.end()) if g else None
    if not m:
        return None
    end = m.end()
    if m.group() == "Ban Chỉ đạo":
        return _extend_steering(text, end)
    if m.lastgroup == "grp":
        return _extend_group(text, end)
    if m.group() in _GROUP_CAPS:
        return _extend_group(text, end)
    new = _extend_place(text, end)
    new = _extend_parent(text, new)
    if new == end:
        caps = _CAPS_RE.match(text, end)
        if caps:
            new = _trim_caps(text, end, caps.end())
            new = _extend_sentence_case(text, end, new)
    if m.group() in _NEEDS_NAME and new == m.end():
        return None
    branch = _BRANCH_RE.match(text, new)  # `Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II`
    return branch.end() if branch else new


_BRANCH_RE = re.compile(
    r"\s*[-–]\s*(?:Chi nhánh|chi nhánh|CN)(?:\s+(?:[Kk]hu vực|[" + UPPER + r"][\w'-]*|\d+))+"
)


def _extend_province(text: str, end: int) -> int:
    """A name run on by its province without a level word (`... công nghiệp Cần Thơ`)."""
    words = text[end:end + 40].split()
    for n in (3, 2, 1):
        if len(words) >= n and " ".join(words[:n]).rstrip(",.;:") in _place_names():
            name = " ".join(words[:n]).rstrip(",.;:")
            return text.index(name, end) + len(name)
    return end


def _bare_title_end(text: str, pos: int) -> int | None:
    """`Bộ trưởng` alone stands for a body (titles.tsv); the end of that title, else None."""
    for title, body in load_gazetteer().titles:
        if body != "-" and text.startswith(title, pos) and not text[pos + len(title):pos + len(title) + 1].isalnum():
            return pos + len(title)
    return None


_NOT_A_HEAD = re.compile(r"(?:[Cc]ác\s+|[Tt]ất cả các\s+)?(?:Báo|BÁO|báo)\s+(?:cáo|CÁO)(?!" + _WORD + r")")
_BOARD_RE = re.compile(r"Ban [Qq]uản lý(?!" + _WORD + r")")
_GROUP_CAPS = ("Cơ quan", "Đơn vị", "Doanh nghiệp", "Cấp ủy", "Chính quyền", "Lực lượng vũ trang",
               "Đơn vị sự nghiệp", "Phụ trách", "Hệ thống dân vận", "Cơ quan ngang bộ", "Cơ quan thuộc Chính phủ")
_NEEDS_NAME = ("Ban", "Văn phòng", "Đảng đoàn", "Ban cán sự đảng", "Thường trực", "Sở", "Phòng", "Bộ", "Cục",
               "Hội", "Đài", "Báo", "Trung tâm", "Vụ", "Viện", "Trường", "Đoàn", "Ủy ban", "Hội đồng")


@lru_cache(maxsize=1)
def _lower_group_re() -> re.Pattern[str]:
    g = load_gazetteer()
    return re.compile(r"(?:" + _alt([h for h, k in g.heads if k in ("group", "fixed")]) + r")(?!" + _WORD + r")")


def _trim_caps(text: str, start: int, end: int) -> int:
    """Stop a capitalised run before another agency head (``Ban Dân vận Thành ủy``)."""
    for m in re.finditer(r"\s+", text[start:end]):
        k = start + m.end()
        if k > start + 1 and _core_re().match(text, k) and _match_at(text, k) is not None \
                and not _inside_place(text, start, k):
            return start + m.start()
    return end


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return frozenset(name for name, _ in load_gazetteer().provinces)


def _inside_place(text: str, start: int, k: int) -> bool:
    """Is the word at ``k`` the second word of a province name (`Hải Phòng`, not `Phòng`)?"""
    prev = text.rfind(" ", start, k - 1) + 1
    words = text[max(prev, start):k + 12].split()
    return len(words) >= 2 and f"{words[0]} {words[1]}".strip(",.;:") in _place_names()


_FUNCTION_WORDS = frozenset(
    "của và với cho các những để trên tại theo về trong thuộc có là được đã sẽ đang này đó khi nếu thì"
    " từ đến do bị hoặc hay cũng đều vào ra nhằm".split()
)
_LOWER_WORD = re.compile(r"\s+([" + LOWER + r"][\w'-]*)")


def _extend_sentence_case(text: str, head_end: int, caps_end: int) -> int:
    """`Trung tâm Đổi mới sáng tạo Hà Nội`, `Quỹ Đầu tư phát triển tỉnh`: a name printed in
    sentence case (one capitalised word, then lower-case words) runs on to its place.

    Lower-case words are taken while they are neither predicate cues nor function words, at
    most four of them, and only when the run ends at punctuation, a predicate cue or a place.
    """
    if len(text[head_end:caps_end].split()) != 1:
        return caps_end
    end, n = caps_end, 0
    while n < 4:
        m = _LOWER_WORD.match(text, end)
        if not m or m.group(1) in _FUNCTION_WORDS or _verb_re().match(text, m.start(1)):
            break
        if any(text.startswith(level, m.start(1)) for level in _LEVELS) and _extend_place(text, end) > end:
            break
        end, n = m.end(), n + 1
    if n == 0:
        return caps_end
    placed = _CAPS_RE.match(text, end)
    placed_end = _extend_place(text, end)
    if placed_end == end and placed and len(text[end:placed.end()].split()) <= 3:
        placed_end = placed.end()
    rest = text[placed_end:placed_end + 40]
    word = _LOWER_WORD.match(text, placed_end)
    if placed_end > end and text[end:].lstrip()[:1].islower():
        return placed_end  # the name ends in its place (`... tỉnh`, `... thành phố Hà Nội`)
    if not rest.strip() or re.match(r"\s*[,.;:()\-–]", rest) or (word and _verb_re().match(text, word.start(1))) \
            or re.match(r"\s+(?:và|có|là|được|đã|sẽ)\b", rest):
        return placed_end
    return caps_end


def _extend_place(text: str, end: int) -> int:
    m = _PLACE_RE.match(text, end)
    if not m or m.end() <= end:
        return end
    for w in re.finditer(r"\s+([" + UPPER + r"][\w'-]*)", text[end:m.end()]):
        if _is_cue(text, end + w.start(1)):  # `... thành phố Khẩn trương rà soát`: a predicate, not a city
            return end + w.start()
    return m.end()


def _extend_parent(text: str, end: int) -> int:
    """A sub-body followed by its parent: Ban Dân vận Thành ủy, Đảng đoàn Hội đồng nhân dân ..."""
    m = _SPACE_RUN.match(text, end)
    if not m:
        return end
    k = m.end()
    core = _core_re().match(text, k)
    if core and core.lastgroup != "grp" and text[k:k + 1].isupper():
        nxt = _match_at(text, k)
        if nxt:
            return nxt
    return end


# position-based matchers (never slice the text: slices of a long line cost O(n) each)
_SPACE_RUN = re.compile(r"\s+")
_NEXT_WORD = re.compile(r"\s+(-\s+)?([^\W\d_][\w'-]*)")
_SCOPE_AHEAD = re.compile(r"(?:đóng\s+)?(trên|tại)\s+địa bàn")
_DOCUMENT_AHEAD = re.compile(  # `cơ quan, đơn vị và Kế hoạch này của ...`: a document ends the group
    r"(?:(?:và|của|theo|tại)\s+)?(?:Kế hoạch|Quyết định|Nghị quyết|Chỉ thị|Luật|Thông tư|Nghị định|Chương trình|Đề án)(?!" + _WORD + r")"
)
_COMMA_WORDS = re.compile(r"\s*,\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)")
_LIST_SEP = re.compile(r"\s*(?:,|;|\bvà\b)\s*")


def _extend_group(text: str, end: int) -> int:
    """`các cơ quan, đơn vị, địa phương`, `các tổ chức chính trị - xã hội các cấp` ...

    Qualifier words are taken up to a predicate cue, a scope phrase or punctuation; a comma
    followed by a bare category word continues the group.
    """
    cats = load_gazetteer().categories
    n = 0
    while n < 18:
        m = _NEXT_WORD.match(text, end)
        if m and not _is_cue(text, m.start(2)) \
                and not _SCOPE_AHEAD.match(text, m.start(2)) and not _DOCUMENT_AHEAD.match(text, m.start(2)):
            end = m.end()
            n += 1
            continue
        c = _COMMA_WORDS.match(text, end)
        if not c:
            break
        words = c.group(1).split()
        if c.group(1).lower() in cats:
            end = c.end()
        elif words[0].lower() in cats:
            end = c.start(1) + len(words[0])
        else:
            break
        n += 1
    return end


_STEERING_STOP = re.compile(
    r"(?:tham mưu|chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|chủ động|tăng cường|thường xuyên|tiếp tục|khẩn trương|"
    r"chỉ đạo|theo dõi|đôn đốc|hướng dẫn|tổ chức|là|được|sẽ|đã|cần|phải|và Ban|và các)(?!" + _WORD + r")"
)
_STEERING_NAME_VERBS = re.compile(r"(?:xây dựng|thực hiện|triển khai|phòng|chống|phòng, chống|kiểm soát|quản lý)(?!" + _WORD + r")")


def _extend_steering(text: str, end: int) -> int:
    """`Ban Chỉ đạo thành phố xây dựng, thực hiện quy chế dân chủ ở cơ sở`: a steering committee's
    name holds verbs (`xây dựng`, `thực hiện`, `phòng, chống`); it runs to the first predicate
    that is not one of them, or to `và Ban` (the next committee), at most 18 words."""
    pos, n = end, 0
    while n < 18:
        sep = _STEERING_SEP.match(text, pos)
        if not sep:
            break
        q = sep.end()
        if "," in sep.group() and not _STEERING_NAME_VERBS.match(text, q):
            break
        if _SCOPE_AHEAD.match(text, q) or _STEERING_STOP.match(text, q):
            break
        if _is_cue(text, q) and not _STEERING_NAME_VERBS.match(text, q):
            break
        word = _STEERING_WORD.match(text, q)
        if not word:
            break
        pos, n = word.end(), n + 1
    return pos


_STEERING_SEP = re.compile(r"\s*,\s*|\s+")
_STEERING_WORD = re.compile(r"[^\W_][\w'-]*")


def find_agencies(text: str) -> list[tuple[int, int, Agency]]:
    """Agency mentions in running text as ``(start, end, Agency)``, longest match, left to right.

    Uses the gazetteer and productive patterns (``Ủy ban nhân dân`` + level + place, ``Sở`` /
    ``Bộ`` / ``Phòng`` + domain, ``Ban`` + party body, ``Đài``/``Báo`` + name, ``các`` +
    group noun + qualifier); a mention stops before a predicate cue (``chủ trì``,
    ``phối hợp``, ``thực hiện`` ...).  Generic partners are not returned.
    """
    out: list[tuple[int, int, Agency]] = []
    pos = 0
    for m in re.finditer(r"(?<![\w])(?=[^\W\d_])", text):
        if m.start() < pos:
            continue
        end = _match_at(text, m.start())
        if end is None:
            continue
        span = text[m.start():end].rstrip(" ,.;:")
        end = m.start() + len(span)
        pos = end
        if not span or is_generic(span) or _is_lone_category(span):
            continue
        ag = _make(span)
        if ag.name:
            out.append((m.start(), end, ag))
    return out


def _is_lone_category(span: str) -> bool:
    """A bare head without name (`Sở`, `Ban`) or a lower-case group word without `các`."""
    return span in {"Ban", "Hội", "Đoàn", "Đài", "Báo", "Trung tâm", "Trường", "Viện", "Bộ", "Cục", "Vụ", "Hội đồng",
                    "Ủy ban", "Liên đoàn", "Liên hiệp", "Ngân hàng", "Lực lượng", "Thường trực", "Đảng bộ"}


def _member_subject(text: str, start: int) -> tuple[list[Agency], int] | None:
    """`Các Bộ: Tài chính, Y tế, Tư pháp khẩn trương ...`: a group with its members, then the
    predicate (the first predicate cue after the colon)."""
    colon = text.find(":", start, start + 120)
    if colon < 0 or not _member_re().match(text[start:colon + 2] + "x"):
        return None
    for m in re.finditer(r"\s+(?=[^\W\d_])", text[colon + 1:colon + 300]):
        k = colon + 1 + m.end()
        if _verb_re().match(text[k:k + 30].lower()):
            members = _expand_members(_clean(text[start:k]))
            return (members, k) if members else None
    return None


_RELATIVE = re.compile(r"\s+(?:được|có người được|trực tiếp)\s+(?!giao\b)")
_MAIN_PREDICATE = re.compile(
    r"\s(?:thực hiện|có trách nhiệm|chịu trách nhiệm|phải|chủ động|cung cấp|phát biểu|báo cáo|gửi|tổ chức thực hiện|xác minh)(?!\w)"
)


def _relative_clause_end(text: str, start: int, last: int) -> int:
    """`Cơ quan, tổ chức, đơn vị được phân bổ giới thiệu người ứng cử thực hiện ...`: a group
    noun with a participle clause keeps the clause up to the main predicate (at most 14 words)."""
    if not re.match(r"(?:[Cc]ác\s+)?(?:[Cc]ơ quan|[Tt]ổ chức|[Đđ]ơn vị)\b", text[start:last]):
        return last
    rel = _RELATIVE.match(text, last)
    if not rel:
        return last
    main = _MAIN_PREDICATE.search(text, rel.end(), rel.end() + 120)
    if not main or len(text[last:main.start()].split()) > 14 or re.search(r"[,;:.]", text[last:main.start()]):
        return last
    return main.start()


def leading_agencies(text: str) -> tuple[list[Agency], int]:
    """The agency list that opens ``text`` as its subject, and the offset of the predicate.

    ``Đài Phát thanh và Truyền hình Hải Phòng, Báo Hải Phòng mở chuyên trang ...`` gives two
    agencies and the offset of ``mở``; ``Các Sở, ban, ngành: Đề xuất ...`` gives the offset
    after the colon; ``Tổ chức quán triệt ...`` gives ``([], 0)``.
    """
    lead = _BULLET_RE.match(text)
    start = lead.end() if lead else 0
    members = _member_subject(text, start)
    if members:
        return members
    pos = start
    last = None
    while True:
        end = _match_at(text, pos, titles=True, cont=pos > start)
        if end is None:
            break
        last = end
        sep = _LIST_SEP.match(text, end)
        if not sep or _match_at(text, sep.end(), titles=True, cont=True) is None:
            break
        pos = sep.end()
    if last is None:
        return [], 0
    last = _relative_clause_end(text, start, last)
    subject = text[start:last]
    after = re.match(r"\s*(?::|-)?\s*", text[last:])
    offset = last + (after.end() if after else 0)
    rest = text[offset:]
    if not rest or not (_verb_re().match(rest.lower()) or text[last:offset].strip() in (":", "-")
                        or re.match(r"[^\W\d_]", rest) and rest[:1].islower()):
        return [], 0
    agencies = split_agencies(subject)
    return (agencies, offset) if agencies else ([], 0)
