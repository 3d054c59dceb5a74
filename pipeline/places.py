"""Province-level units and place phrases, read from `models/agencies/provinces.tsv`.

`find_provinces(text)` counts the provinces a text names; `province_of(name)`
tells whether a bare name is one. Names are matched case-insensitively on word
boundaries, so `TỈNH ĐỒNG THÁP` and `tỉnh Đồng Tháp` both count.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "models"
_HCM_CITY = re.compile(r"(?:thành phố|tp\.?|tp\.\s?)\s*$")
_PREFIX = re.compile(r"^(?:thành phố|tỉnh|tp\.?)\s+", re.IGNORECASE)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


@cache
def provinces() -> dict[str, str]:
    """Folded province name → its bare printed name (`Thành phố Hồ Chí Minh` → `Hồ Chí Minh`)."""
    path = MODELS / "agencies" / "provinces.tsv"
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name = line.split("\t")[0].strip()
        bare = _PREFIX.sub("", name)
        names[_fold(bare)] = bare
        names[_fold(bare.replace(" - ", "-"))] = bare
    return names


@cache
def _province_pattern() -> re.Pattern[str]:
    names = sorted(provinces(), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def province_of(name: str | None) -> str | None:
    """The bare province name if `name` is one (with or without `tỉnh`/`thành phố`)."""
    if not name:
        return None
    return provinces().get(_fold(_PREFIX.sub("", name.strip())))


def province_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of province names in `text` (casefolding keeps offsets for Vietnamese)."""
    folded = _fold(text)
    if len(folded) != len(text):
        return []
    return [
        (m.start(), m.end())
        for m in _province_pattern().finditer(folded)
        if provinces()[m.group(0)] != "Hồ Chí Minh" or _HCM_CITY.search(folded[max(0, m.start() - 12) : m.start()])
    ]


def find_provinces(text: str) -> Counter[str]:
    """How often each province is named in `text` (bare names)."""
    folded = _fold(text)
    counts: Counter[str] = Counter()
    for m in _province_pattern().finditer(folded):
        name = provinces()[m.group(0)]
        if name == "Hồ Chí Minh" and not _HCM_CITY.search(folded[max(0, m.start() - 12) : m.start()]):
            continue  # tư tưởng / Đoàn Thanh niên Cộng sản Hồ Chí Minh name the person
        counts[name] += 1
    return counts
