"""Robustness of the figures to the form of the text, on the annotated documents.

    python benchmarks/robustness.py [--out /tmp/vanban-robustness]

Two transformed copies of every annotated text/DOCX document are processed and scored
against equally transformed gold, next to the original run:

* ``wrapped``: the normalized text hard-wrapped at 72 columns, as a PDF copy prints it;
* ``provinces``: province and place names swapped (Hải Phòng -> Nghệ An, ...), in the
  text and in the gold, to show that nothing is tied to the places of the corpus.

Reads ``../shared/corpus``, ``../shared/seeds`` and ``annotations/``; exits with a message
when ``../shared`` is absent. Scores are those of ``vanban eval`` (shared/tools/score.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.batch import run_batch  # noqa: E402
from pipeline.document import process_file  # noqa: E402
from pipeline.evaluate import evaluate  # noqa: E402

SHARED = ROOT.parent / "shared"
SWAP = {
    "Hải Phòng": "Nghệ An", "Đồng Nai": "Quảng Trị", "Cần Thơ": "Thái Nguyên", "Hồ Chí Minh": "Hà Nội",
    "Đắk Lắk": "Lạng Sơn", "Khánh Hòa": "Tuyên Quang", "Quảng Ninh": "Cà Mau", "Đà Nẵng": "Huế",
    "Lâm Đồng": "Sơn La", "Hà Nội": "Hồ Chí Minh", "Gia Lai": "Điện Biên", "An Giang": "Lai Châu",
    "Kiến An": "Hưng Nguyên", "Lương Minh": "Thanh Xuân",
}
SWAP.update({k.upper(): v.upper() for k, v in list(SWAP.items())})
_SWAP_RE = re.compile("|".join(map(re.escape, sorted(SWAP, key=len, reverse=True))))
FIGURES = ("sections", "tasks", "assignees", "references", "deadlines")


def swap(value: object) -> object:
    if isinstance(value, str):
        return _SWAP_RE.sub(lambda m: SWAP[m.group()], value)
    if isinstance(value, list):
        return [swap(v) for v in value]
    if isinstance(value, dict):
        return {k: swap(v) for k, v in value.items()}
    return value


def wrap(text: str) -> str:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend([paragraph] if paragraph.startswith("|") else (textwrap.wrap(paragraph, 72) or [""]))
    return "\n".join(lines)


def sources() -> list[Path]:
    files = sorted((SHARED / "corpus").glob("d*.md")) + sorted((SHARED / "corpus").glob("d*.docx"))
    return [f for f in files + sorted((SHARED / "seeds").glob("*.txt")) if (ROOT / "annotations" / f"{f.stem}.json").exists()]


def build(out: Path) -> None:
    for name in ("original", "wrapped", "provinces"):
        (out / name / "in").mkdir(parents=True, exist_ok=True)
        (out / name / "gold").mkdir(parents=True, exist_ok=True)
    for src in sources():
        gold = json.loads((ROOT / "annotations" / f"{src.stem}.json").read_text(encoding="utf-8"))
        text = process_file(src).text
        for name, body, g in (("original", text, gold), ("wrapped", wrap(text), gold), ("provinces", swap(text), swap(gold))):
            (out / name / "in" / f"{src.stem}.txt").write_text(str(body), encoding="utf-8")
            (out / name / "gold" / f"{src.stem}.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/vanban-robustness"))
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"skipped: {SHARED / 'corpus'} is absent (the shared corpus is not bundled)")
        return 0
    build(args.out)
    print(f"{'copy':<10} " + " ".join(f"{f:>11}" for f in FIGURES))
    for name in ("original", "wrapped", "provinces"):
        pred = args.out / name / "out"
        run_batch([args.out / name / "in"], pred, workers=2)
        scores = evaluate(args.out / name / "gold", pred)
        cells = [scores[f].get("f1", scores[f].get("acc", float("nan"))) for f in FIGURES]
        print(f"{name:<10} " + " ".join(f"{c:>11.3f}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
