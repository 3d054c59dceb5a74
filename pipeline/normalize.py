"""Text normalization: one clean line per paragraph, NFC, modern tone marks.

`normalize(raw, fmt)` is the single entry point. It turns what a reader returns
(hard-wrapped PDF text with page numbers, Markdown crawled from a legal portal
with its site chrome and `|`-per-line tables, DOCX paragraphs) into the text
that every later stage reads and that every offset in the output indexes into:

* NFC, `Ð` (U+00D0, an OCR confusion) read as `Đ`, invisible characters out;
* tone marks placed the modern way (`Uỷ` → `Ủy`, `hoà` → `hòa`);
* portal chrome (banners, login text, related-documents lists) removed;
* portal tables rebuilt: layout tables (header, signature) become plain lines,
  data tables become one `| cell | cell |` line per row;
* Markdown emphasis, heading hashes and rules removed;
* page numbers and running headers of paginated text removed;
* hard-wrapped lines joined into paragraphs (a line ending in `15-` joins
  `CT/TU` without a space).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipeline.charclass import LOWER, UPPER
from pipeline.resources import load

_TONES = "\u0300\u0301\u0309\u0303\u0323"
_OLD_TONE_OA = re.compile(r"([oO])([aAeE])([" + _TONES + r"])(?![\u0300-\u036f]*[^\W\d_])")  # not `hoặc`
_OLD_TONE_UY = re.compile(r"(?<![qQ])([uU])([yY])([" + _TONES + r"])(?![\u0300-\u036f]*[^\W\d_])")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Outline markers and other line openers that always start a new paragraph.
_ROMAN = r"[IVXLC]{1,6}"
LINE_OPENER = re.compile(
    r"^(?:"
    r"(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?:" + _ROMAN + r"|\d+)\b"
    r"|(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]"
    r"|(?:PHỤ\s+LỤC|Phụ\s+lục)\b"
    r"|" + _ROMAN + r"\s*[.:]\s"
    r"|\d{1,3}(?:\.\d{1,3})*\s*[.)]\s"
    r"|\d{1,3}\.\d{1,3}(?:\.\d{1,3})*\s"
    r"|[a-zđ]\s*\)\s"
    r"|[a-zđ]\.\s(?=[" + UPPER + r"])"
    r"|[-+•●▪◦–]\s"
    r"|\|"
    r"|(?:Căn cứ|Nơi nhận|Số\s*:|Kính gửi|Đồng kính gửi|CỘNG HÒA|ĐẢNG CỘNG SẢN|Độc lập|V/[vV]\s)"
    r"|(?:TM|KT|TL|TUQ|T/M|K/T)\.\s"
    r"|(?:Cơ quan|Đơn vị)\s+(?:chủ trì|phối hợp|thực hiện|tham mưu|hướng dẫn)"
    r"|Thời (?:gian|hạn)\b[^:\n]{0,30}:"
    r"|(?:Hình thức|Sản phẩm|Kinh phí|Nội dung phối hợp)\s*:"
    r")"
)
_PLACE_DATE = re.compile(r"^[^\W\d][^,\n]{1,40},\s*ngày\b")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$")
_RULE = re.compile(r"^[-_=*~\s]{3,}$")
_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,2}(?=\S)|(?<=\S)_{1,2}(?!\w)")
_HEADING_HASH = re.compile(r"^#{1,6}\s*")
_BOLD_SEAM = re.compile(r"\*{4}(?=\w)|(?<=[" + UPPER + r"])\*\*(?=[" + UPPER + r"])")  # `CHỈ THỊ**CỦA BAN` runs
# two-column headers read row-wise put the issuer and the motto on one line
_MOTTO_SEAM = re.compile(r"(?<=\S)[ \t]+(?=CỘNG\s+HÒA\s+XÃ\s+HỘI|Độc\s+lập\s*-\s*Tự\s+do)")
# digital-signature stamps printed by signing software: `Sao y; Công an tỉnh X; 19/03/2026; 08:40:00; +07:00`
_SIGNATURE_STAMP = re.compile(r"(?m)^[^\n;]{0,80}(?:;[^\n;]{0,80}){0,3};\s*\d{2}/\d{2}/\d{4};\s*\d{2}:\d{2}(?::\d{2})?;\s*[+-]\d{2}:\d{2}.*$")
HARD_BREAK = "\x1e"  # a paragraph break that no unwrapping rule may join across


@dataclass
class Normalized:
    text: str
    warnings: list[str] = field(default_factory=list)


def modern_tones(text: str) -> str:
    """Move old-style tone marks of word-final oa/oe/uy to the first vowel."""
    if not any(c in text for c in "oOuU"):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OLD_TONE_OA.sub(r"\1\3\2", decomposed)
    decomposed = _OLD_TONE_UY.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", decomposed)


def clean_characters(text: str) -> str:
    """NFC, OCR `Ð`→`Đ`, no invisible characters, plain spaces, `\\n` line ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return modern_tones(text)


def strip_markdown(line: str) -> str:
    """Drop emphasis markers, heading hashes and backslash escapes from one line."""
    line = _HEADING_HASH.sub("", line)
    line = _EMPHASIS.sub("", line)
    return line.replace("\\", "")


# ----------------------------------------------------------------- chrome


def strip_chrome(lines: list[str]) -> list[str]:
    """Remove a legal portal's banners before the header and its trailer after the body."""
    chrome = load("chrome.json")
    head = "\n".join(lines[:80])
    if sum(marker in head for marker in chrome["head_markers"]) >= 2:
        lines = lines[_header_start(lines, chrome["header_start"]) :]
    tail = [re.compile(p) for p in chrome["tail_markers"]]
    for i, line in enumerate(lines):
        if any(p.search(line.strip()) for p in tail):
            lines = lines[:i]
            break
    summary = re.compile(chrome["summary_line"])
    while lines and (not lines[-1].strip() or summary.match(lines[-1].strip())):
        lines.pop()
    return lines


def _header_start(lines: list[str], patterns: list[str]) -> int:
    """Index of the first line of the issuer cell before the national motto."""
    starts = [re.compile(p) for p in patterns]
    for i, line in enumerate(lines):
        if any(p.match(strip_markdown(line.strip())) for p in starts):
            j = i - 1
            while j >= 0 and lines[j].strip() != "|":  # the motto cell's own bar
                j -= 1
            j -= 1
            while j >= 0 and lines[j].strip() not in ("|", ""):  # the issuer cell
                j -= 1
            return max(j, 0)
    return 0


# ----------------------------------------------------------------- portal tables


def rebuild_pipe_tables(lines: list[str]) -> list[str]:
    """Turn the portal's one-bar-per-line tables into layout lines or row lines.

    A table is a run of non-blank lines that starts with a line `|`; a bar
    separates cells and two bars in a row end a row. Tables with at most two
    cells a row (header, signature, recipients) are layout: each cell's lines
    are kept as lines. Wider tables are data: one `| a | b | c |` line a row.
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "|":
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        out.extend(_table_lines(lines[i:j]))
        out.append("")
        i = j
    return out


def _table_rows(block: list[str]) -> list[list[list[str]]]:
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    cell: list[str] | None = None
    for line in block:
        if line.strip() == "|":
            if cell is None:  # two bars in a row: the row ended
                if row:
                    rows.append(row)
                row = []
            else:
                row.append(cell)
            cell = None
        else:
            cell = (cell or []) + [line.strip()]
    if cell is not None:
        row.append(cell)
    if row:
        rows.append(row)
    return rows


def _table_lines(block: list[str]) -> list[str]:
    rows = _table_rows(block)
    if not _is_data_table(rows):
        return [line for row in rows for cell in row for line in _layout_cell(cell)]
    return ["| " + " | ".join(_join_cell(cell) for cell in row) + " |" for row in rows]


def _is_data_table(rows: list[list[list[str]]]) -> bool:
    """Three or more columns in at least two rows, and no cell holding a whole body."""
    widths = Counter(len(row) for row in rows)
    wide = sum(n for width, n in widths.items() if width >= 3)
    longest = max((sum(map(len, cell)) for row in rows for cell in row), default=0)
    return wide >= 2 and longest <= 1500


def _layout_cell(cell: list[str]) -> list[str]:
    """A layout cell: short cells by emphasis units, long ones as wrapped text."""
    lines = _cell_units(cell) if len(cell) <= 8 else [line for line in cell if not _RULE.match(line)]
    out: list[str] = []
    for line in lines:
        out.extend((line, HARD_BREAK) if len(cell) <= 8 else (line,))
    out.append(HARD_BREAK)
    return out


def _cell_units(cell: list[str]) -> list[str]:
    """Lines of a layout cell: an emphasized run is one unit, rules dropped."""
    units: list[str] = []
    run: list[str] = []
    for line in cell:
        if _RULE.match(line):
            continue
        opens = line.lstrip().startswith(("*", "_")) and not run
        if run:
            run.append(line)
            if _closes_emphasis(run):
                units.append(" ".join(run))
                run = []
        elif opens and not _closes_emphasis([line]):
            run = [line]
        elif units and line[:1].islower() and not units[-1].rstrip().endswith((";", ".")):
            units[-1] += " " + line
        else:
            units.append(line)
    if run:
        units.append(" ".join(run))
    return units


def _closes_emphasis(run: list[str]) -> bool:
    joined = " ".join(run)
    return joined.count("**") % 2 == 0 and (joined.count("*") - 2 * joined.count("**")) % 2 == 0


def _join_cell(cell: list[str]) -> str:
    text = " ".join(line for line in cell if not _RULE.match(line))
    return re.sub(r"-\s+(?=[A-ZĐ]{1,4}[a-zi]?[/-])", "-", text)


# ----------------------------------------------------------------- pages


def remove_page_furniture(text: str) -> str:
    """Drop page numbers and running headers/footers of form-feed separated pages."""
    pages = text.split("\f")
    if len(pages) < 2:
        return "\n".join(line for line in text.split("\n") if not _PAGE_NUMBER.match(line.strip()))
    edges: Counter[str] = Counter()
    for page in pages:
        for line in _edge_lines(page):
            edges[_shape(line)] += 1
    running = {shape for shape, n in edges.items() if n >= max(3, len(pages) // 2)}
    kept: list[str] = []
    for page in pages:
        edge = set(_edge_lines(page))
        for line in page.split("\n"):
            stripped = line.strip()
            if _PAGE_NUMBER.match(stripped) or (stripped in edge and _shape(stripped) in running):
                continue
            kept.append(line)
    return "\n".join(kept)


def _edge_lines(page: str) -> list[str]:
    lines = [line.strip() for line in page.split("\n") if line.strip()]
    return lines[:2] + lines[-2:]


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


# ----------------------------------------------------------------- unwrapping


def unwrap(lines: list[str], *, blank_lines_break: bool, short_lines_break: bool = True) -> list[str]:
    """Join hard-wrapped lines into paragraphs (one output line per paragraph)."""
    widths = [len(line) for line in lines if len(line) > 20]
    width = statistics.quantiles(widths, n=10)[-1] if len(widths) >= 10 else 80.0
    wrapped = width < 160
    paragraphs: list[str] = []
    previous_blank = True
    hard = False
    last = ""  # the last physical line, whose length tells a wrap from a paragraph end
    for raw in lines:
        if raw == HARD_BREAK:
            hard = True
            continue
        line = raw.strip()
        if not line:
            previous_blank = True
            continue
        if (
            paragraphs
            and not hard
            and _joins(last, line, previous_blank, blank_lines_break, wrapped, width, short_lines_break)
        ):
            paragraphs[-1] = _glue(paragraphs[-1], line)
        else:
            paragraphs.append(line)
        previous_blank = hard = False
        last = line
    return paragraphs


def _joins(
    prev: str, line: str, blank: bool, blank_breaks: bool, wrapped: bool, width: float, short_breaks: bool
) -> bool:
    """Whether physical line `line` continues the paragraph whose last line is `prev`."""
    if prev.endswith("-") and not prev.endswith(" -") and line[:1].isalnum() and _splits_symbol(prev, line):
        return True
    if _COMPOUND_TAIL.match(line) and wrapped and not blank and len(prev) >= 0.7 * width and prev[-1:].isalnum():
        return True  # `... phát triển kinh tế` + `- xã hội, bảo đảm ...`: a compound wrapped at its dash
    if LINE_OPENER.match(line) or _PLACE_DATE.match(line) or prev.startswith("|"):
        return False
    if _is_caps(prev) != _is_caps(line) or _is_doc_type_line(prev):
        return False
    if blank_breaks:
        return not blank
    if line[:1].islower() or line[:1] in "(“\"'":
        return wrapped or not blank
    if prev.endswith((".", ":", ";", "!", "?", "./.")):
        return False
    if not wrapped:
        return False
    return not short_breaks or len(prev) >= 0.7 * width or _is_caps(prev)


_COMPOUND_TAIL = re.compile(r"^[-–]\s+[" + LOWER + r"]")


def _splits_symbol(prev: str, line: str) -> bool:
    """`15-` + `CT/TU`: a number-symbol or compound split at its hyphen."""
    return bool(re.search(r"\w-$", prev)) and bool(re.match(r"[\wĐđ]+[/\-\w]*", line))


def _glue(prev: str, line: str) -> str:
    if prev.endswith("-") and not prev.endswith(" -") and re.match(r"[A-ZĐ]{1,5}[a-z]?[/-]", line):
        return prev + line
    return prev + " " + line


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


_DOC_TYPE_LINE = re.compile(
    r"^(KẾ HOẠCH|CHỈ THỊ|NGHỊ QUYẾT|QUYẾT ĐỊNH|THÔNG BÁO|CÔNG ĐIỆN|KẾT LUẬN|HƯỚNG DẪN|BÁO CÁO|"
    r"TỜ TRÌNH|QUY ĐỊNH|CHƯƠNG TRÌNH|CÔNG VĂN|THÔNG TƯ|NGHỊ ĐỊNH|LUẬT|ĐỀ ÁN|THÔNG TRI|QUYẾT ĐỊNH:|"
    r"CHƯƠNG TRÌNH HÀNH ĐỘNG)$"
)


def _is_doc_type_line(line: str) -> bool:
    return bool(_DOC_TYPE_LINE.match(line.strip()))


# ----------------------------------------------------------------- entry point


def normalize(raw: str, fmt: str = "txt") -> Normalized:
    """Normalize a reader's text; see the module docstring for every step.

    `fmt` is the reader's format (`txt`, `md`, `pdf`, `image`, `docx`): Markdown
    gets chrome and table handling, and blank lines end paragraphs in every
    format except text whose lines alternate with blank lines (PDF copies).
    """
    text = clean_characters(raw)
    text = _BOLD_SEAM.sub("\n", text)
    text = _MOTTO_SEAM.sub("\n", text)
    text = _SIGNATURE_STAMP.sub("", text)
    portal = fmt == "md" or _looks_like_portal(text.split("\n", 400)[:400])
    if not portal:  # lone numbers in portal pages are table cells, not page numbers
        text = remove_page_furniture(text)
    lines = text.replace("\f", "\n").split("\n")
    if portal:
        lines = strip_chrome(lines)
        lines = rebuild_pipe_tables(lines)
    lines = [line if line == HARD_BREAK else strip_markdown(_SPACES.sub(" ", line)).strip() for line in lines]
    lines = [line for line in lines if not line or not _RULE.match(line)]
    if fmt == "docx":  # one paragraph a line already
        paragraphs = [line for line in lines if line != HARD_BREAK]
    else:
        blank_breaks = _informative_blanks(lines)
        paragraphs = unwrap(lines, blank_lines_break=blank_breaks, short_lines_break=fmt != "md")
    paragraphs = [_SPACES.sub(" ", p).strip() for p in paragraphs]
    paragraphs = [piece for p in paragraphs for piece in split_inline_enumeration(p)]
    return Normalized(unicodedata.normalize("NFC", "\n".join(p for p in paragraphs if p)))


_INLINE_NUMBER = re.compile(r"(?<=[:.;])\s+\((\d{1,2})\)\s+(?=\S)")


def split_inline_enumeration(paragraph: str) -> list[str]:
    """`..., cụ thể: (1) Bộ Tài chính ...; (2) Bộ Y tế ...`: a numbered run printed inside
    one paragraph becomes one line per item, so each is an outline item (`(1)`).

    Only a run numbered 1, 2, 3 ... in order, each number after `:`, `.` or `;`, is split;
    a lone `(1)` (a footnote, a cross-reference) is left alone."""
    marks = list(_INLINE_NUMBER.finditer(paragraph))
    run: list[re.Match[str]] = []
    for m in marks:
        if int(m.group(1)) == len(run) + 1:
            run.append(m)
    if len(run) < 2:
        return [paragraph]
    pieces, last = [], 0
    for m in run:
        pieces.append(paragraph[last:m.start()].strip())
        last = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    pieces.append(paragraph[last:].strip())
    return [p for p in pieces if p]


def _looks_like_portal(lines: list[str]) -> bool:
    return sum(1 for line in lines[:200] if line.strip() == "|") >= 4


def _informative_blanks(lines: list[str]) -> bool:
    """True when blank lines separate paragraphs: neither after nearly every
    line (PDF copies) nor almost absent (portal pages with no blank lines)."""
    text_lines = sum(1 for line in lines if line and line != HARD_BREAK)
    if text_lines < 10:
        return True
    followed = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a and a != HARD_BREAK and not b)
    return 0.04 * text_lines <= followed < 0.8 * text_lines
