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

from pipeline.charclass import UPPER, fold_marks

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


_WARD_MENTION = re.compile(r"(?<!\w)(xã|phường|đặc khu)\s+((?:[" + UPPER + r"][\w'-]*\s*){1,4})", re.IGNORECASE)


@cache
def wards() -> dict[str, str | None]:
    """Folded `phường bắc cam ranh` → its province's bare name (None when the name is not unique).

    From the `vietnam-provinces` package (the 3,321 communes and wards after the 2025
    reorganisation), read offline from its bundled JSON."""
    try:
        import json

        import vietnam_provinces
    except ImportError:
        return {}
    table: dict[str, str | None] = {}
    for row in json.loads(Path(vietnam_provinces.FLAT_DIVISIONS_JSON_PATH).read_text(encoding="utf-8")):
        key = _fold(row["name"])
        province = _PREFIX.sub("", row["province_name"])
        table[key] = province if key not in table or table[key] == province else None
    return table


def province_of_wards(text: str) -> str | None:
    """The one province that the communes and wards named in `text` belong to, if any."""
    found = set()
    for m in _WARD_MENTION.finditer(text):
        words = m.group(2).split()
        for n in range(len(words), 0, -1):  # longest name first: `phường Bắc Cam Ranh` before `phường Bắc`
            province = wards().get(_fold(f"{m.group(1)} {' '.join(words[:n])}"))
            if province:
                found.add(province)
                break
    return found.pop() if len(found) == 1 else None


@cache
def _bare_provinces() -> dict[str, str]:
    return {fold_marks(name): name for name in set(provinces().values())}


_PROVINCE_TAIL = re.compile(r"(?P<level>\b(?:tỉnh|tinh|tính|thành phố|thanh pho|thành phô)\s+)(?P<name>[^\W\d_]+(?:\s+[^\W\d_]+){0,3})\s*$",
                            re.IGNORECASE)


def repair_province(name: str | None) -> str | None:
    """`Công an tinh lâm đông` → `Công an tỉnh Lâm Đồng`: a province name that OCR stripped
    of its marks is restored when its bare letters name exactly one province."""
    if not name:
        return name
    m = _PROVINCE_TAIL.search(name)
    if not m or province_of(m.group("name")):
        return name
    province = _bare_provinces().get(fold_marks(m.group("name")))
    if province is None:
        return name
    level = "thành phố" if fold_marks(m.group("level")).startswith("thanh") else "tỉnh"
    return name[: m.start()] + f"{level} {province}"
