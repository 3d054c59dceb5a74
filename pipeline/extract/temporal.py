"""Temporal normalizer: Vietnamese time phrases -> `Deadline` (SPEC 4.4).

HeidelTime-style split: the words (recurrence words, field cues, manner words,
roman numerals ...) live in `pipeline/resources/time_words.json`; this module
only assembles them into linear-time regexes and applies the SPEC 4.4 rules.

Three entry points:

* `normalize_time` - a field value or a phrase already known to be temporal
  (`"Quý I, Quý II năm 2023"` under `Thời gian thực hiện`).
* `find_time` - running text of a task with no field line; conservative, it
  only takes a time that governs the main action.
* `find_dates` - spans of every explicit calendar date (DATE entities).

All regexes avoid nested quantifiers, so matching is linear in the input.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.extract.agencies import starts_predicate
from pipeline.models import Deadline

_LEXICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "time_words.json"

# Same-length character fixes (OCR Ð U+00D0, dashes, odd spaces, markdown stars),
# so that spans found on the fixed text are valid on the original.
_CHAR_FIX = str.maketrans(
    {
        "\u00d0": "Đ", "\u00f0": "đ", "\u0110": "Đ", "\u0111": "đ",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
        "\u200b": " ", "*": " ", "\t": " ", "\r": " ", "\n": " ",
    }
)

_YEAR = r"((?:19|20)\d\d)"
_NOT_BEFORE = r"(?<![\w/.-])"
_DAYS = {"Y": 365.0, "Q": 91.0, "M": 30.4, "W": 7.0, "D": 1.0}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Load the Vietnamese time lexicon (cached)."""
    return json.loads(_LEXICON_PATH.read_text(encoding="utf-8"))


def _alt(words: Any) -> str:
    """Regex alternation of literal words, longest first (so `hằng năm` beats `năm`)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _words(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alt(lexicon()[key])})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Compile the date patterns once; order in `_SCAN_ORDER` gives priority."""
    lex = lexicon()
    roman = _alt(lex["roman"])
    day_prefix = rf"(?:{_NOT_BEFORE}ngày\s+|{_NOT_BEFORE})"
    return {
        "dmy": re.compile(
            rf"{day_prefix}(\d{{1,2}})\s?([/.-])\s?(\d{{1,2}})\s?\2\s?{_YEAR}(?![\w/]|[.-]\d)", re.I
        ),
        "day_words": re.compile(
            rf"{_NOT_BEFORE}ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:(?:,\s*|\s+)năm\s+{_YEAR})?(?!\w)",
            re.I,
        ),
        "dm_ngay": re.compile(rf"{_NOT_BEFORE}ngày\s+(\d{{1,2}})\s?/\s?(\d{{1,2}})(?![\w/]|[.,-]\d)", re.I),
        "dm": re.compile(rf"{_NOT_BEFORE}(\d{{1,2}})\s?/\s?(\d{{1,2}})(?![\w/]|[.,-]\d)", re.I),
        "half": re.compile(
            rf"(?<!\w)(?:(\d{{1,2}}|sáu)\s+tháng|nửa)\s+(đầu|cuối)\s+năm(?:\s+{_YEAR})?(?!\w)", re.I
        ),
        "month": re.compile(
            rf"(?<!\w)tháng\s+(\d{{1,2}})(?:\s?-\s?(\d{{1,2}}))?(?:\s?[/.-]\s?|\s+năm\s+){_YEAR}(?![\w/])",
            re.I,
        ),
        "month_bare": re.compile(r"(?<!\w)tháng\s+(\d{1,2})(?![\w/])", re.I),
        "quarter": re.compile(
            rf"(?<!\w)quý\s+({roman})(?!\w)(?:\s?[/.-]\s?{_YEAR}|\s+năm\s+{_YEAR})?(?![\w/])", re.I
        ),
        "year_range": re.compile(rf"{_NOT_BEFORE}(?:năm\s+)?{_YEAR}\s?-\s?{_YEAR}(?![\w/]|-\d)", re.I),
        "year_nam": re.compile(rf"(?<!\w)năm\s+{_YEAR}(?![\w/]|-\d)", re.I),
        "year_bare": re.compile(rf"{_NOT_BEFORE}{_YEAR}(?![\w/]|[.-]\d)", re.I),
    }


_SCAN_ORDER = (
    "dmy", "day_words", "dm_ngay", "dm", "half", "month", "quarter",
    "year_range", "year_nam", "month_bare", "year_bare",
)
_STRICT = frozenset({"dmy", "day_words", "dm_ngay", "month", "quarter", "half", "year_nam", "year_range"})


@dataclass
class _Expr:
    """One calendar expression found in text; year may still be unknown."""

    start: int
    end: int
    grain: str  # day | month | quarter | half | year
    year: int | None
    first: int = 1  # first month (or the day's month)
    last: int = 12  # last month
    day: int | None = None
    year2: int | None = None
    raw: str = ""

    def with_year(self, year: int) -> _Expr:
        if self.year is None:
            self.year = year
        return self


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _build(kind: str, m: re.Match[str]) -> _Expr | None:
    """Turn a regex match of pattern `kind` into an `_Expr` (None if not a date)."""
    g, s, e = m.groups(), m.start(), m.end()
    if kind == "dmy":
        d, mo, y = int(g[0]), int(g[2]), int(g[3])
        return _Expr(s, e, "day", y, mo, mo, d, raw=m.group()) if 1 <= mo <= 12 and 1 <= d <= 31 else None
    if kind in ("day_words", "dm_ngay", "dm"):
        d, mo = int(g[0]), int(g[1])
        y = _int(g[2]) if kind == "day_words" else None
        return _Expr(s, e, "day", y, mo, mo, d, raw=m.group()) if 1 <= mo <= 12 and 1 <= d <= 31 else None
    if kind in ("month", "month_bare"):
        a = int(g[0])
        b = int(g[1]) if kind == "month" and g[1] else a
        y = int(g[2]) if kind == "month" else None
        return _Expr(s, e, "month", y, a, b, raw=m.group()) if 1 <= a <= b <= 12 else None
    if kind == "quarter":
        q = lexicon()["roman"][g[0].lower()]
        return _Expr(s, e, "quarter", _int(g[1] or g[2]), 3 * q - 2, 3 * q, raw=m.group())
    if kind == "half":
        n = 6 if not g[0] or not g[0].isdigit() else int(g[0])
        if not 1 <= n <= 12:
            return None
        first, last = (1, n) if g[1].lower() == "đầu" else (13 - n, 12)
        return _Expr(s, e, "half" if n == 6 else "month", _int(g[2]), first, last, raw=m.group())
    if kind == "year_range":
        a, b = int(g[0]), int(g[1])
        return _Expr(s, e, "year", a, year2=b, raw=m.group()) if a <= b else None
    return _Expr(s, e, "year", int(g[0]), raw=m.group())


def _scan(text: str, strict: bool) -> list[_Expr]:
    """All non-overlapping calendar expressions, in text order."""
    found: list[_Expr] = []
    taken = bytearray(len(text))  # 1 where an earlier (higher-priority) match sits
    for kind in _SCAN_ORDER:
        if strict and kind not in _STRICT:
            continue
        for m in _patterns()[kind].finditer(text):
            if 1 in taken[m.start(): m.end()]:
                continue
            expr = _build(kind, m)
            if expr is not None:
                found.append(expr)
                taken[m.start(): m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(found, key=lambda x: x.start)


def _bounds(x: _Expr) -> tuple[date, date]:
    """Inclusive start/end dates of a year-resolved expression (ValueError if impossible)."""
    assert x.year is not None
    if x.grain == "day":
        d = date(x.year, x.first, x.day or 1)
        return d, d
    if x.grain == "year":
        return date(x.year, 1, 1), date(x.year2 or x.year, 12, 31)
    return date(x.year, x.first, 1), date(x.year, x.last, calendar.monthrange(x.year, x.last)[1])


def _timex(x: _Expr) -> str:
    """TIMEX3 value of one expression; `XXXX` stands for an unknown year."""
    y = f"{x.year:04d}" if x.year is not None else "XXXX"
    if x.grain == "day":
        return f"{y}-{x.first:02d}-{x.day:02d}"
    if x.grain == "month":
        return f"{y}-{x.first:02d}" if x.first == x.last else f"{y}-{x.first:02d}/{y}-{x.last:02d}"
    if x.grain == "quarter":
        return f"{y}-Q{x.last // 3}"
    if x.grain == "half":
        return f"{y}-H{1 if x.first == 1 else 2}"
    return y if not x.year2 or x.year2 == x.year else f"{y}/{x.year2:04d}"


def _clean(text: str) -> str:
    """NFC, OCR/dash fixes, collapsed spaces, lower case (for phrase-level matching)."""
    text = unicodedata.normalize("NFC", text).translate(_CHAR_FIX)
    return re.sub(r" {2,}", " ", text).strip(" .;:,").lower()


def _has(key: str, text: str) -> bool:
    return _words(key).search(text) is not None


# --------------------------------------------------------------------------- recurrence


def _fmt_duration(n: float, unit: str) -> str:
    """ISO 8601 duration `P<n><unit>`; quarters become months, fractions keep a decimal."""
    if unit == "Q":
        n, unit = n * 3, "M"
    if unit == "Y" and n != int(n) and (n * 12) == int(n * 12):
        n, unit = n * 12, "M"
    num = str(int(n)) if n == int(n) else f"{n:.2f}".rstrip("0")
    return f"P{num}{unit}"


def _dur_days(freq: str) -> float:
    m = re.fullmatch(r"P([\d.]+)([YMWD])", freq)
    return float(m.group(1)) * _DAYS[m.group(2)] if m else 1e9


@lru_cache(maxsize=1)
def _rec_patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    unit = _alt(lex["units"])
    return {
        "every": _words("recurrence"),
        "open": _words("open_ended_years"),
        "periodic": re.compile(rf"(?<!\w)định kỳ(?:\s+(\d{{1,2}})\s+({unit}))?(?!\w)", re.I),
        "times": re.compile(rf"(?<!\w)(\d{{1,2}})\s+lần\s?(?:/|một|mỗi|trong)\s?({unit})(?!\w)", re.I),
        "cycle_list": re.compile(
            r"(?<!\w)(\d{1,2})\s+tháng(?=\s?(?:,|và)\s?(?:\d{1,2}\s+(?:tháng|năm)|h[aằ]ng năm|cả năm|năm)(?!\s\d))",
            re.I,
        ),
        "report_cycle": re.compile(r"(?<!\w)báo cáo\s+(\d{1,2})\s+tháng(?!\s+(?:đầu|cuối))", re.I),
    }


def _named_cycles(text: str) -> list[str]:
    """Intervals the text names other than plain yearly words (SPEC 4.4 freq rule)."""
    p = _rec_patterns()
    units = lexicon()["units"]
    out = [_fmt_duration(int(m.group(1)), units[m.group(2).lower()])
           for m in p["periodic"].finditer(text) if m.group(1)]
    out += [_fmt_duration(1 / int(m.group(1)), units[m.group(2).lower()])
            for m in p["times"].finditer(text) if int(m.group(1)) > 0]
    out += [f"P{int(m.group(1))}M" for m in p["cycle_list"].finditer(text) if int(m.group(1))]
    out += [f"P{int(m.group(1))}M" for m in p["report_cycle"].finditer(text) if int(m.group(1))]
    rec = lexicon()["recurrence"]
    out += [rec[m.group().lower()] for m in p["every"].finditer(text) if rec[m.group().lower()] != "P1Y"]
    return out


def _recurrence(text: str, n_dates: int) -> tuple[bool, str | None]:
    """(is recurring, freq). `n_dates` yearless fixed days feed the 12/n rule."""
    p = _rec_patterns()
    named = _named_cycles(text)
    yearly = p["every"].search(text) is not None or p["open"].search(text) is not None
    periodic = p["periodic"].search(text) is not None
    if not (named or yearly or periodic or n_dates):
        return False, None
    if named:
        return True, min(named, key=_dur_days)
    if n_dates:
        return True, _fmt_duration(12 / n_dates, "M") if n_dates > 1 else "P1Y"
    return True, "P1Y" if yearly else None


# --------------------------------------------------------------------------- assembly


def _resolve_years(exprs: list[_Expr], anchor: date | None, yearly: bool) -> list[_Expr]:
    """Give a year to yearless expressions: the phrase's next (or previous) stated
    year, else keep it open when the text recurs yearly, else the anchor's year."""
    later: list[int | None] = [None] * len(exprs)
    nxt: int | None = None
    for i in range(len(exprs) - 1, -1, -1):
        later[i] = nxt
        nxt = exprs[i].year if exprs[i].year is not None else nxt
    prev: int | None = None
    for i, x in enumerate(exprs):
        if x.year is not None:
            prev = x.year
            continue
        year = later[i] if later[i] is not None else prev
        if year is None and not yearly and anchor is not None:
            year = anchor.year
        if year is not None:
            x.with_year(year)
    return exprs


def _valid(exprs: list[_Expr], warnings: list[str] | None) -> tuple[list[tuple[_Expr, date, date]], bool]:
    """Bounds of each dated expression; impossible dates are dropped with a warning."""
    out: list[tuple[_Expr, date, date]] = []
    bad = False
    for x in exprs:
        if x.year is None:
            continue
        try:
            lo, hi = _bounds(x)
        except ValueError:
            bad = True
            if warnings is not None:
                warnings.append(f"impossible date '{x.raw.strip()}'")
            continue
        out.append((x, lo, hi))
    return out, bad


def _combined_timex(dated: list[tuple[_Expr, date, date]], start: date, end: date) -> str:
    if len(dated) == 1:
        return _timex(dated[0][0])
    grains = {x.grain for x, _, _ in dated}
    if grains == {"quarter"} and start.year == end.year and (start.month, end.month) in ((1, 6), (7, 12)):
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    return f"{start.isoformat()}/{end.isoformat()}"


def _is_deadline(text: str, field: str | None) -> bool:
    if _has("deadline_cues", text):
        return True
    f = _clean(field or "")
    return any(f == w or f.startswith(w + " ") for w in lexicon()["deadline_fields"]) and not f.startswith(
        "thời gian thực hiện"
    )


def _from_open(text: str, first: _Expr, count: int) -> bool:
    """`Từ 01/7/2025` (a start with no end) -> continuous."""
    if count != 1 or first.year2:
        return False
    head = text[: first.start]
    return re.search(rf"(?<!\w)(?:{_alt(lexicon()['from_cues'])})\s*(?:ngày\s*)?$", head) is not None


def _dated(text: str, exprs: list[_Expr], field: str | None, warnings: list[str] | None) -> Deadline | None:
    """Deadline/period/continuous from resolved calendar expressions."""
    dated, bad = _valid(exprs, warnings)
    deadline = _is_deadline(text, field)
    if not dated:
        return Deadline(text=text, kind="deadline" if deadline else "period") if bad else None
    start = min(lo for _, lo, _ in dated)
    end = max(hi for _, _, hi in dated)
    days = [x for x, _, _ in dated if x.grain == "day"]
    if _from_open(text, dated[0][0], len(dated)):
        if re.search(r"(?<!\w)(?:đến|tới)\s+(?:khi|ngày\s+[^\d\s]|thời điểm|lúc)", text[dated[0][0].end :]):
            # `Từ ngày 15/3/2026 đến ngày bầu cử`: bounded by an event with no printed date
            return Deadline(text=text, kind="period", start=start.isoformat(), timex=_timex(dated[0][0]))
        return Deadline(text=text, kind="continuous", start=start.isoformat(), timex=_timex(dated[0][0]))
    if deadline and len(days) == len(dated) and len(days) > 1:
        return Deadline(text=text, kind="deadline", start=end.isoformat(), end=end.isoformat(),
                        timex=end.isoformat(), dates=sorted(_timex(x) for x in days))
    return Deadline(text=text, kind="deadline" if deadline else "period", start=start.isoformat(),
                    end=end.isoformat(), timex=_combined_timex(dated, start, end))


def _recurring(text: str, exprs: list[_Expr], freq: str | None, warnings: list[str] | None) -> Deadline:
    """Recurring deadline: open start (`từ năm 2023 và các năm tiếp theo`), a bounding
    span (`Giai đoạn 2025 - 2030; định kỳ (hằng năm)`), or fixed yearless report dates."""
    yearless_days = [x for x in exprs if x.grain == "day" and x.year is None]
    dates = sorted({_timex(x) for x in yearless_days}) or None
    dated, _ = _valid(exprs, warnings)
    start = end = None
    if dated:
        start = min(lo for _, lo, _ in dated).isoformat()
        end = max(hi for _, _, hi in dated).isoformat()
        if _rec_patterns()["open"].search(text):
            end = None
    timex = dates[0] if dates and len(dates) == 1 else freq
    return Deadline(text=text, kind="recurring", start=start, end=end, freq=freq, timex=timex, dates=dates)


def _starts_unspecified(text: str) -> bool:
    return re.match(rf"(?:{_alt(lexicon()['unspecified_field'])})(?!\w)", text) is not None


def normalize_time(
    text: str,
    anchor: date | None = None,
    field: str | None = None,
    warnings: list[str] | None = None,
) -> Deadline | None:
    """Normalize a time phrase or field-line value to a `Deadline` (SPEC 4.4).

    `anchor` (the document date) supplies the year of a day/month printed without
    one, unless the phrase states a year or recurs yearly (`hằng năm`). `field`
    is the label the value came from; `Thời gian hoàn thành`/`Thời hạn`, or
    `trước`/`chậm nhất`/`hoàn thành` in the phrase, give `deadline`; otherwise a
    dated phrase is a `period` (`Thời gian thực hiện`, a bare `THỜI GIAN` column).
    Impossible dates (`31/11/2021`) yield null start/end and a warning appended
    to `warnings`. Returns None when the phrase holds nothing temporal.
    """
    if not text or not text.strip():
        return None
    shown = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip(" .;*")
    low = _clean(text)
    exprs = _scan(low, strict=False)
    yearly = _rec_patterns()["every"].search(low) is not None or _has("periodic", low)
    exprs = _resolve_years(exprs, anchor, yearly)
    n_fixed = len({(x.first, x.day) for x in exprs if x.grain == "day" and x.year is None})
    recurring, freq = _recurrence(low, n_fixed)
    if recurring:
        return _recurring(shown, exprs, freq, warnings)
    if _starts_unspecified(low):
        return Deadline(text=shown, kind="unspecified")
    result = _dated(low, exprs, field, warnings)
    if result is not None:
        result.text = shown
        if anchor and result.end and re.match(r"(?:kể\s+)?từ nay\b", low) and anchor.isoformat() < result.end:
            result.kind, result.start = "period", anchor.isoformat()  # `từ nay đến tháng 6/2027`
            result.timex = f"{result.start}/{result.end}"
        return result
    if _has("continuous", low):
        return Deadline(text=shown, kind="continuous")
    if _has("event_span", low) or (field is not None and (_has("unspecified_field", low) or _has("manner", low))) or (
        _has("unspecified_text", low)
    ):
        return Deadline(text=shown, kind="unspecified")
    return _yearless_fallback(shown, exprs, low, field)


def _yearless_fallback(shown: str, exprs: list[_Expr], low: str, field: str | None) -> Deadline | None:
    """A day/month with no year and no anchor: keep its TIMEX (`XXXX-06-10`), null dates."""
    if not exprs:
        return None
    kind = "deadline" if _is_deadline(low, field) else "period"
    return Deadline(text=shown, kind=kind, timex=_timex(exprs[0]))


# --------------------------------------------------------------------------- running text

_TIME_OF_DAY = r"(?:\d{1,2}\s?(?:giờ|h)(?:\s?\d{1,2}(?:\s?phút)?)?,?\s+)?"


@lru_cache(maxsize=1)
def _anchor_cue() -> re.Pattern[str]:
    """Cue words that make a following date the time of the action (matched at the end
    of the text before the date)."""
    return re.compile(
        rf"(?<!\w)(trước|chậm nhất(?: là)?|hoàn thành(?: trước| trong)?|trong(?: khoảng)?(?: thời gian)?|"
        rf"từ|bắt đầu từ|đến(?: hết)?|tới)\s+{_TIME_OF_DAY}(?:ngày\s+)?$",
        re.I,
    )


def _anchored(text: str, exprs: list[_Expr]) -> list[tuple[str, _Expr]]:
    """Keep (cue, expression) pairs that a time cue governs; drop citation dates
    (`Chỉ thị số 15-CT/TU ngày 21/11/2022`) and target years (`phấn đấu đến năm 2030`)."""
    kept: list[tuple[str, _Expr]] = []
    for x in exprs:
        m = _anchor_cue().search(text[max(0, x.start - 40): x.start])
        if not m:
            gap = text[kept[-1][1].end: x.start].strip() if kept else "?"
            if gap in ("-", "đến", "đến ngày", "và", ",", "và ngày"):
                kept.append(("đến " if gap != "và" and gap != "," else ", ", x))
            continue
        cue = m.group(1).lower()
        if cue.startswith(("đến", "tới")) and not kept:
            continue
        if cue.startswith("trong") and x.grain == "year" and "khoảng" not in cue and not _completes(text, x.start):
            continue
        kept.append((m.group(), x))
    return _drop_open_from(kept)


def _drop_open_from(kept: list[tuple[str, _Expr]]) -> list[tuple[str, _Expr]]:
    """A lone `từ <date>` counts only when it opens the text (`Từ ngày 04/02/2026: ...`);
    mid-sentence it is usually an effective date (`có hiệu lực từ ngày 01/7/2023`)."""
    if len(kept) == 1:
        cue, x = kept[0]
        is_from = re.match(rf"(?:{_alt(lexicon()['from_cues'])})(?!\w)", cue.strip(), re.I) is not None
        if is_from and x.start - len(cue) > 3:
            return []
    return kept


def _main_action(text: str, m: re.Match[str]) -> bool:
    """Does the recurrence/continuity word at `m` say when the main action happens?
    It must not close its clause (`tổ chức đảng hằng năm;`), nor qualify a noun
    (`Nghị quyết hằng năm của`, `sinh hoạt định kỳ trong`)."""
    lex = lexicon()
    before = text[max(0, m.start() - 40): m.start()].rstrip()
    after = text[m.end(): m.end() + 20].lstrip(" )")
    initial = not before or before[-1] in ";:.,(-+" or before.endswith("đồng thời")
    nxt = re.match(r"[^\w]|\w+(?: \w+)?", after)
    token = nxt.group() if nxt else ""
    if not after or token[:1] in ";.:":  # closing the sentence: adverbial unless it qualifies a noun
        return not any(before.endswith(q) for q in lex["qualified_nouns"]) and _CYCLE_END.search(
            text[m.start():m.end()]) is not None
    if token[:1] == ",":
        return initial or _after_verb(before)  # `cập nhật thường xuyên, ...`, `kiểm tra định kỳ, đột xuất`
    if any(token == w or token.split(" ")[0] == w for w in lex["not_main_after"] if w.strip(";.")):
        return False
    return not any(before.endswith(q) for q in lex["qualified_nouns"])


_CYCLE_END = re.compile(r"h[aằ]ng (?:tuần|tháng|quý)|thường xuyên|định kỳ")  # `... diệt lăng quăng hằng tuần.`; a closing `hằng năm` is too often a noun's


def _after_verb(before: str) -> bool:
    """Is the word (or two-word compound) just before a time word a predicate verb?"""
    words = before.split()
    return any(starts_predicate(" ".join(words[-n:]) + " ") and len(" ".join(words[-n:])) > 3 for n in (2, 1) if len(words) >= n)


def _find_recurring(low: str) -> Deadline | None:
    p = _rec_patterns()
    hits = [m for key in ("periodic", "every", "times") for m in p[key].finditer(low) if _main_action(low, m)]
    cyc = p["cycle_list"].search(low)
    if not hits and not cyc:
        return None
    first = min(hits, key=lambda m: m.start()) if hits else cyc
    _, freq = _recurrence(low, 0)
    if freq is None and re.search(r"h[aằ]ng năm", low) and not hits:
        freq = "P1Y"
    span = re.match(r"[^,;.]*", low[first.start():]).group().strip()  # type: ignore[union-attr]
    return Deadline(text=span[:80], kind="recurring", freq=freq, timex=freq)


def _find_continuous(low: str) -> Deadline | None:
    for m in _words("continuous").finditer(low):
        if _main_action(low, m):
            return Deadline(text=m.group(), kind="continuous")
    return None


def _find_unspecified(low: str) -> Deadline | None:
    m = re.search(lexicon()["relative_window"], low)  # `trong 05 ngày làm việc kể từ ...`: fixes no date
    if m:
        return Deadline(text=re.match(r"[^,;.]*", low[m.start():]).group().strip(), kind="unspecified")  # type: ignore[union-attr]
    m = _words("unspecified_text").search(low)
    if m:
        return Deadline(text=re.match(r"[^,;.]*", low[m.start():]).group().strip(), kind="unspecified")  # type: ignore[union-attr]
    m = re.match(rf"(?:{_alt(lexicon()['event_initial'])})(?!\w)[^,;]*", low)
    return Deadline(text=m.group().strip(), kind="unspecified") if m else None


def _schedule(low: str, days: list[_Expr], warnings: list[str] | None) -> Deadline | None:
    """Yearless report days plus a yearly/periodic word: `trước ngày 30/11 hằng năm`."""
    yearless = [x for x in days if x.grain == "day" and x.year is None]
    if not yearless or not (_rec_patterns()["every"].search(low) or _has("periodic", low)):
        return None
    window = re.search(r"(?<!\w)(?:đến|tới)(?!\w)", low[yearless[0].end: yearless[-1].start]) is not None
    _, freq = _recurrence(low, 1 if window else len({(x.first, x.day) for x in yearless}))
    cue = _anchor_cue().search(low[max(0, yearless[0].start - 40): yearless[0].start])
    text = (cue.group() if cue else "") + low[yearless[0].start: yearless[-1].end]
    return _recurring(text.strip(), yearless, freq, warnings)


def find_time(text: str, anchor: date | None = None) -> Deadline | None:
    """Find the time of a task's main action in its running text (no field line).

    Conservative by design (a wrong deadline costs as much as a missing one):
    dates count only when a time cue governs them (`trước ngày 15/11/2025`,
    `chậm nhất là ngày ...`, `trong tháng 12/2025`, `Từ ngày 04/02/2026`), so
    citation dates and target years (`phấn đấu đến năm 2030`) are ignored;
    recurrence and continuity words (`hằng năm tổ chức`, `thường xuyên tuyên
    truyền`, `định kỳ báo cáo`) count only when they govern the action; manner
    words (`kịp thời`, `khẩn trương`) never count. Order: dated cue, yearly
    report schedule, recurrence, continuity, unspecified event phrase.
    """
    if not text or not text.strip():
        return None
    low = _clean(text)
    pairs = _anchored(low, _scan(low, strict=True))
    sched = _schedule(low, [x for _, x in pairs], None)
    if sched is not None:
        return sched
    if pairs:
        phrase = " ".join(cue.strip() + " " + low[x.start: x.end].strip() for cue, x in pairs)
        result = normalize_time(phrase, anchor)
        if result is not None and (result.start or result.timex):
            if result.kind == "period" and _completes(low, pairs[0][1].start):
                result.kind = "deadline"  # `Hoàn thành ... trong tháng 11/2025` (SPEC 4.4)
            return result
    monthly = re.search(lexicon()["monthly_day"], low)
    if monthly:
        return Deadline(text=monthly.group(), kind="recurring", freq="P1M", timex="P1M")
    conditional = re.search(lexicon()["conditional_start"], low)
    if conditional:
        return Deadline(text=conditional.group().strip("()"), kind="unspecified")
    return _find_recurring(low) or _find_continuous(low) or _find_unspecified(low)


def _completes(low: str, start: int) -> bool:
    """Does `hoàn thành` govern the clause that ends at the date (no `;` or `.` between)?"""
    before = low[max(0, start - 160): start]
    clause = re.split(r"[;.]\s", before)[-1]
    return re.search(r"(?<!\w)hoàn thành(?!\w)", clause) is not None


# --------------------------------------------------------------------------- entities


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, value) of every explicit date in `text`, for DATE entities.

    Values are ISO dates (`2022-11-21`) or TIMEX3 values (`2023-06`, `2023-Q1`,
    `XXXX-07-01` for `ngày 01/7`). Bare years and bare `dd/mm` are not dates here
    (too ambiguous in running text); number-symbols (`15-CT/TU`, `61/2023/NĐ-CP`)
    never match. Impossible dates (`31/11/2021`) are skipped. Offsets index the
    original string (only same-length character fixes are applied).
    """
    fixed = text.translate(_CHAR_FIX)
    out: list[tuple[int, int, str]] = []
    for x in _scan(fixed, strict=True):
        if x.grain == "year" or (x.grain == "half" and x.year is None):
            continue
        if x.year is not None:
            try:
                _bounds(x)
            except ValueError:
                continue
        out.append((x.start, x.end, _timex(x)))
    return out
