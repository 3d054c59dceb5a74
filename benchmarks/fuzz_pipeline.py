"""Fuzz the text stages: normalizer, header parser, outline segmenter, reference finder,
time normalizer and task assembler, N inputs each (default 10,000).

Inputs mix random Unicode with fragments of real administrative text (markers,
number-symbols, dates, field labels), so that the parsers' deeper paths run.
Every exception is a crash: the stages must accept any string.

    python benchmarks/fuzz_pipeline.py --n 10000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date

from pipeline.document import process_text
from pipeline.extract.references import find_references, normalize_number_symbol
from pipeline.extract.temporal import find_time, normalize_time
from pipeline.normalize import normalize
from pipeline.structure.header import parse_meta
from pipeline.structure.outline import segment

FRAGMENTS = [
    "KẾ HOẠCH", "CHỈ THỊ", "Số: 77/KH-UBND", "Số 15-CT/TU", "Hải Phòng, ngày 23 tháng 3 năm 2023", "ngày 31/11/2021",
    "I. NỘI DUNG", "II.", "1.", "1.1.", "a)", "đ)", "- ", "+ ", "• ", "Điều 1.", "PHỤ LỤC I", "| STT | Nhiệm vụ | Chủ trì |",
    "| 1 | Rà soát | Sở Tài chính |", "Cơ quan chủ trì: Sở Nội vụ.", "Thời gian thực hiện: Quý I, Quý II năm 2023",
    "Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy", "61/2023/NĐ-CP", "2780- QĐi/TU", "Nghị quyết 82/NQ-HĐND",
    "hằng năm", "trước ngày 15/11", "Thường xuyên", "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính", "Nơi nhận:",
    "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An", "\u00d0", "\u0301", "\f", "\n", "\n\n", "|", "**", "(", ")",
    "Quý IV/2025", "6 tháng đầu năm", "giai đoạn 2026 - 2030", "Từ 01/7/2025", "2 lần/tháng", "Ủy ban nhân dân các xã, phường",
]


def random_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 30)):
        if rng.random() < 0.6:
            parts.append(rng.choice(FRAGMENTS))
        else:
            parts.append("".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 12))))
        parts.append(rng.choice([" ", "\n", "", ", ", "; "]))
    return "".join(parts)


TARGETS: dict[str, Callable[[str], object]] = {
    "normalize": lambda t: normalize(t, "md"),
    "parse_meta": parse_meta,
    "segment": segment,
    "find_references": lambda t: find_references(t, jurisdiction="Hải Phòng", doc_title=t[:80]),
    "normalize_number_symbol": normalize_number_symbol,
    "normalize_time": lambda t: normalize_time(t, date(2025, 6, 1), field="Thời gian thực hiện"),
    "find_time": lambda t: find_time(t, date(2025, 6, 1)),
    "process_text": lambda t: process_text(t),
}


def fuzz(name: str, target: Callable[[str], object], n: int, seed: int) -> int:
    rng = random.Random(seed)
    crashes = 0
    started = time.perf_counter()
    for _ in range(n):
        text = random_text(rng)
        try:
            target(text)
        except Exception:
            crashes += 1
            if crashes <= 3:
                print(f"  {name} crashed on {text[:120]!r}", file=sys.stderr)
                traceback.print_exc(limit=3)
    print(f"{name:<24} {crashes} crashes in {n} inputs ({time.perf_counter() - started:.1f} s)")
    return crashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    names = [n for n in TARGETS if not args.only or n in args.only.split(",")]
    total = sum(fuzz(name, TARGETS[name], args.n, args.seed) for name in names)
    print(f"total: {total} crashes")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
