"""Loader of the document-type and issuer tables (`resources/doctypes.json`).

The reference finder and the graph never hard-code document names or issuer codes:
they ask this module, which reads the JSON table once and derives the lookups.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).resolve().parent / "resources" / "doctypes.json"


_TONES = "\u0300\u0301\u0309\u0303\u0323"
_OLD_TONE = (
    re.compile(r"([oO])([aAeE])([" + _TONES + r"])(?![^\W\d_])"),
    re.compile(r"([uU])([yY])([" + _TONES + r"])(?![^\W\d_])"),
)


def modern_tone(s: str) -> str:
    """Modern tone placement (`hoà` → `hòa`, `uỷ` → `ủy`), as tools/score.py compares."""
    d = unicodedata.normalize("NFD", s)
    for rx in _OLD_TONE:
        d = rx.sub(r"\1\3\2", d)
    return unicodedata.normalize("NFC", d)


def fold(s: str) -> str:
    """NFC + modern tones + case-fold + OCR `Ð`→`Đ` fix: the key of every table lookup."""
    s = unicodedata.normalize("NFC", s).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return " ".join(modern_tone(s).split()).casefold()


@dataclass(frozen=True)
class DocTypeTable:
    """Lookups derived from the JSON table."""

    name_to_type: dict[str, str]  # folded Vietnamese name -> SPEC code
    symbol_to_type: dict[str, str]  # upper-case symbol code -> SPEC code
    type_system: dict[str, str]  # SPEC code -> state | party | legal
    canonical_code: dict[str, str]  # upper-case code -> code as the standard writes it
    central_codes: frozenset[str]
    local_codes: frozenset[str]
    local_prefixes: tuple[str, ...]
    party_codes: frozenset[str]
    central_phrases: tuple[str, ...]
    local_phrases: tuple[str, ...]
    issuer_heads: tuple[str, ...]
    law_names: tuple[str, ...]
    standards: tuple[str, ...]
    provinces: dict[str, str]  # folded name (no hyphen spacing) -> canonical name
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def names(self) -> list[str]:
        """Every document-type name, longest first (for regex alternations)."""
        return sorted(self.name_to_type, key=len, reverse=True)

    def symbol_codes(self) -> list[str]:
        """Every doc-type symbol code, upper-case."""
        return sorted(self.symbol_to_type)

    def issuer_codes(self) -> frozenset[str]:
        """Every known issuer code, upper-case."""
        return self.central_codes | self.local_codes

    def is_central_code(self, code: str) -> bool:
        """True for codes of central bodies (TW, CP, TTg, QH15, BNV ...)."""
        up = strip_term(code.upper())
        return up in self.central_codes

    def is_local_code(self, code: str) -> bool:
        """True for codes of local bodies (TU, UBND, HĐND, Sở codes ...)."""
        up = strip_term(code.upper())
        if up in self.local_codes:
            return True
        return up not in self.central_codes and any(
            up.startswith(p) and len(up) > len(p) for p in self.local_prefixes if len(p) == 1
        )


def strip_term(code: str) -> str:
    """`QH15` → `QH`, `UBTVQH11` → `UBTVQH`: drop the legislature number."""
    i = len(code)
    while i > 0 and code[i - 1].isdigit():
        i -= 1
    return code[:i] if i else code


@lru_cache(maxsize=1)
def load_table(path: str | None = None) -> DocTypeTable:
    """Read and index `doctypes.json` (cached)."""
    raw = json.loads(Path(path or TABLE_PATH).read_text(encoding="utf-8"))
    name_to_type: dict[str, str] = {}
    symbol_to_type: dict[str, str] = {}
    type_system: dict[str, str] = {}
    for code, info in raw["doc_types"].items():
        type_system[code] = info.get("system", "state")
        for name in info.get("names", []):
            name_to_type.setdefault(fold(name), code)
        for sym in info.get("symbols", []):
            symbol_to_type.setdefault(sym.upper(), code)
    canonical = {c.upper(): c for c in raw.get("mixed_case_codes", [])}
    central = raw["issuers"]["central"]
    local = raw["issuers"]["local"]
    central_codes = frozenset(c.upper() for group in central.values() for c in group)
    local_codes = frozenset(c.upper() for k, group in local.items() if k != "prefixes" for c in group)
    party = frozenset(c.upper() for c in central.get("party", []) + local.get("party", []))
    return DocTypeTable(
        name_to_type=name_to_type,
        symbol_to_type=symbol_to_type,
        type_system=type_system,
        canonical_code=canonical,
        central_codes=central_codes,
        local_codes=local_codes,
        local_prefixes=tuple(local.get("prefixes", [])),
        party_codes=party,
        central_phrases=tuple(raw.get("central_issuer_phrases", [])),
        local_phrases=tuple(raw.get("local_issuer_phrases", [])),
        issuer_heads=tuple(sorted(raw.get("issuer_heads", []), key=len, reverse=True)),
        law_names=tuple(sorted(raw.get("law_names", []), key=len, reverse=True)),
        standards=tuple(raw.get("standards", [])),
        provinces={place_key(p): p for p in raw.get("provinces", [])},
        raw=raw,
    )


def place_key(name: str) -> str:
    """Lookup key of a place name: folded, dashes and spaces collapsed."""
    return re.sub(r"[\s\-\u2013\u2014]+", " ", fold(name)).strip()


def province_of(words: str) -> str | None:
    """Canonical province whose name starts `words` (longest match), else None."""
    table = load_table()
    toks = place_key(words).split()
    for n in range(min(5, len(toks)), 0, -1):
        hit = table.provinces.get(" ".join(toks[:n]))
        if hit:
            return hit
    return None


def doc_type_of_name(name: str) -> str | None:
    """SPEC code of a Vietnamese document name (`Chỉ thị` → `CT`), any case."""
    return load_table().name_to_type.get(fold(name))


def doc_type_of_symbol(code: str) -> str | None:
    """SPEC code of a symbol code (`CT` → `CT`, `NQLT` → `NQ`, `TTLT` → `TT`)."""
    return load_table().symbol_to_type.get(code.upper())


def system_of(doc_type: str | None, issuer_code: str | None = None) -> str | None:
    """state | party | legal for a document type, party when the issuer code is a party body."""
    table = load_table()
    if issuer_code and strip_term(issuer_code.upper()) in table.party_codes:
        return "party"
    return table.type_system.get(doc_type) if doc_type else None
