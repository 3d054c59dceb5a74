"""Throughput of reference extraction alone (one core), in MB/s of UTF-8 text.

usage: python benchmarks/bench_references.py [--repeat N]

Reads the seeds (.txt) and corpus (.md) of ../shared (or $VANBAN_SHARED), runs
`find_references` over each text N times and prints MB/s; then checks that the finder
stays linear on 20,000 near-miss number-symbols and on a 50 MB single line.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract.references import find_references  # noqa: E402

SHARED = Path(os.environ.get("VANBAN_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def load_texts() -> list[str]:
    """NFC texts of the seeds and the Markdown corpus."""
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.md"))
    return [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in files]


def throughput(texts: list[str], repeat: int) -> float:
    """MB/s of `find_references` over `texts`, `repeat` passes."""
    size = sum(len(t.encode("utf-8")) for t in texts) * repeat
    find_references(texts[0])  # compile the regexes outside the timing
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            find_references(t, jurisdiction="Hải Phòng")
    return size / 1e6 / (time.perf_counter() - t0)


def stress() -> tuple[float, float]:
    """Seconds for 20,000 near-miss number-symbols and for a 50 MB single line."""
    near = " ".join(f"{i}/ -/ KH-" if i % 3 else f"{i}-/-{i}/a-b số {i}/" for i in range(20000))
    t0 = time.perf_counter()
    find_references(near)
    t1 = time.perf_counter()
    unit = "Căn cứ Kế hoạch số 12/KH-UBND ngày 01/02/2024 của Ủy ban nhân dân tỉnh về việc " + "abc xyz " * 60
    line = unit * (50_000_000 // len(unit.encode("utf-8")))
    find_references(line)
    return t1 - t0, time.perf_counter() - t1


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    texts = load_texts()
    if not texts:
        sys.exit(f"no texts under {SHARED}")
    mbs = throughput(texts, repeat)
    print(f"reference extraction: {mbs:.2f} MB/s over {len(texts)} texts x {repeat} (target >= 5 MB/s)")
    near, big = stress()
    print(f"20,000 near-miss symbols: {near:.2f} s; 50 MB single line: {big:.1f} s")


if __name__ == "__main__":
    main()
