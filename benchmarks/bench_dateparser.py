"""Compare `normalize_time` with dateparser (languages=['vi']) on the phrase table.

Run: python benchmarks/bench_dateparser.py

A case counts as right when the predicted (start, end) equals the expected one.
dateparser returns a single point in time, so its prediction is (d, d), or
(None, None) when it finds nothing; it cannot express months, quarters, spans
or recurrences, which is why the comparison is also broken down by shape.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract.temporal import normalize_time  # noqa: E402

TABLE = ROOT / "tests" / "data" / "time_cases.tsv"
ANCHOR = date(2025, 11, 20)


def load() -> list[tuple[str, str, str | None, str | None]]:
    """(field, phrase, start, end) rows of the test table."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _src, field, phrase, _kind, start, end, _freq = line.split("\t")
        rows.append((field, phrase, start or None, end or None))
    return rows


def shape(start: str | None, end: str | None) -> str:
    if start is None and end is None:
        return "no dates"
    return "single day" if start == end else "span/open"


def run_dateparser(rows: list[tuple[str, str, str | None, str | None]]) -> list[bool]:
    import dateparser

    settings = {"RELATIVE_BASE": __import__("datetime").datetime(ANCHOR.year, ANCHOR.month, ANCHOR.day),
                "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    out = []
    for _field, phrase, start, end in rows:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = dateparser.parse(phrase, languages=["vi"], settings=settings)
        d = got.date().isoformat() if got else None
        out.append((d, d) == (start, end))
    return out


def run_ours(rows: list[tuple[str, str, str | None, str | None]]) -> list[bool]:
    out = []
    for field, phrase, start, end in rows:
        got = normalize_time(phrase, ANCHOR, field or None)
        out.append((got.start, got.end) == (start, end) if got else (start, end) == (None, None))
    return out


def main() -> None:
    rows = load()
    report = {}
    for name, fn in (("normalize_time", run_ours), ("dateparser(vi)", run_dateparser)):
        t0 = time.perf_counter()
        right = fn(rows)
        secs = time.perf_counter() - t0
        by_shape: Counter[str] = Counter()
        for ok, (_f, _p, s, e) in zip(right, rows, strict=True):
            by_shape[shape(s, e)] += ok
        report[name] = (sum(right), secs, by_shape)
    shapes = Counter(shape(s, e) for _f, _p, s, e in rows)
    print(f"{len(rows)} phrases (anchor {ANCHOR}); shapes: {dict(shapes)}")
    for name, (n, secs, by_shape) in report.items():
        detail = ", ".join(f"{k} {by_shape[k]}/{shapes[k]}" for k in shapes)
        print(f"{name:15s} {n:4d}/{len(rows)} right ({n / len(rows):.1%})  [{detail}]  {secs:.2f}s")


if __name__ == "__main__":
    main()
