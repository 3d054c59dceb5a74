"""Word automatic numbering (`word/numbering.xml`): the markers Word draws but never stores.

A paragraph with `<w:numPr><w:ilvl/><w:numId/></w:numPr>` shows a marker computed
from its list's level definition (`numFmt` decimal / lowerLetter / upperRoman /
bullet, `lvlText` like `%1.` or `%1.%2.`, `start`). `Numbering.marker(numId, ilvl)`
advances the counters the way Word does (a level restarts when a higher level
advances) and returns the marker text, so `1. Mục đích` survives into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese documents skip f, j, w, z and insert đ
_BULLETS = {"-": "-", "\u2013": "-", "+": "+", "o": "+", "\uf0b7": "\u2022", "\uf0a7": "\u2022", "\uf0d8": "\u2022", "\u2022": "\u2022"}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """Level definitions per numId and the running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    shared: dict[str, str] = field(default_factory=dict)  # numId → counter key (lists continue across numIds)

    def marker(self, num_id: str, ilvl: int) -> str:
        """The marker the next paragraph of list `num_id` at level `ilvl` shows ('' if none)."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(self.shared.get(num_id, num_id), {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return _BULLETS.get(level.text.strip(), "-")
        if level.fmt == "none":
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):
            value = counts.get(k, levels.get(k, _Level()).start)
            text = text.replace(f"%{k + 1}", _format(value, levels.get(k, _Level()).fmt))
        return text


def _format(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        out, n = "", value
        for size, numeral in _ROMAN:
            while n >= size:
                out, n = out + numeral, n - size
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _VI_LETTERS[(value - 1) % len(_VI_LETTERS)]
        return letter if fmt == "lowerLetter" else letter.upper()
    return str(value)


def parse_numbering(root: Element | None) -> Numbering:
    """Level definitions of a parsed `numbering.xml` (empty when absent)."""
    numbering = Numbering()
    if root is None:
        return numbering
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.iter(W + "abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in node.iter(W + "lvl"):
            ilvl = int(lvl.get(W + "ilvl", "0"))
            fmt = lvl.find(W + "numFmt")
            text = lvl.find(W + "lvlText")
            start = lvl.find(W + "start")
            levels[ilvl] = _Level(
                fmt=fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                text=text.get(W + "val", "") if text is not None else "",
                start=int(start.get(W + "val", "1")) if start is not None and start.get(W + "val", "1").isdigit() else 1,
            )
        abstract[node.get(W + "abstractNumId", "")] = levels
    for num in root.iter(W + "num"):
        ref = num.find(W + "abstractNumId")
        if ref is None:
            continue
        num_id, abstract_id = num.get(W + "numId", ""), ref.get(W + "val", "")
        numbering.levels[num_id] = abstract.get(abstract_id, {})
        restarts = num.find(f"{W}lvlOverride/{W}startOverride") is not None
        numbering.shared[num_id] = f"num:{num_id}" if restarts else f"abstract:{abstract_id}"
    return numbering


def paragraph_marker(paragraph: Element, numbering: Numbering) -> str:
    """The automatic marker of a `<w:p>`, or ''."""
    ppr = paragraph.find(W + "pPr")
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    if num_pr is None:
        return ""
    num_id = num_pr.find(W + "numId")
    ilvl = num_pr.find(W + "ilvl")
    if num_id is None or num_id.get(W + "val") in (None, "0"):
        return ""
    level = int(ilvl.get(W + "val", "0")) if ilvl is not None and ilvl.get(W + "val", "0").isdigit() else 0
    return numbering.marker(num_id.get(W + "val", ""), level)
