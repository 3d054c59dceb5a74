"""Throughput and memory of `vanban run` over the bundled corpus and ../shared/corpus.

    python benchmarks/bench_pipeline.py [--ocr] [--workers 1 2] [--repeat 1]

Every measurement runs `pipeline.batch.run_batch` in a fresh child process (this script
with `--one`) and prints documents per second, MB per second of input bytes, and the
peak RSS of the run: the parent (RUSAGE_SELF) and its largest worker (RUSAGE_CHILDREN).
OCR is off by default (scanned PDFs are recorded as needs_ocr); `--ocr` turns it on.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VANBAN_SHARED", REPO.parent / "shared"))


def one_run(corpus: Path, workers: int, out: Path, ocr: bool) -> dict[str, Any]:
    """Run the batch in this process; the figures of this process and its workers."""
    sys.path.insert(0, str(REPO))
    from pipeline.batch import Limits, run_batch

    started = time.perf_counter()
    stats = run_batch([corpus], out, workers=workers, limits=Limits(ocr=ocr))
    seconds = time.perf_counter() - started
    input_bytes = sum(Path(p).stat().st_size for p in stats.hashes)
    return {
        "seconds": seconds,
        "inputs": stats.inputs,
        "processed": stats.processed,
        "errors": stats.errors,
        "input_bytes": input_bytes,
        "maxrss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "maxrss_children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def measure(corpus: Path, workers: int, ocr: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        cmd = [sys.executable, __file__, "--one", str(corpus), str(workers), str(Path(tmp) / "out")]
        if ocr:
            cmd.append("--ocr")
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark run failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def report(name: str, workers: int, r: dict[str, Any]) -> str:
    mb = r["input_bytes"] / 2**20
    return (
        f"{name:<16} workers={workers}  {r['processed']:>3} docs ({r['errors']} errors)  "
        f"{r['seconds']:7.2f} s  {r['processed'] / r['seconds']:6.2f} docs/s  {mb / r['seconds']:6.3f} MB/s "
        f"({mb:.2f} MB)  peak RSS parent {r['maxrss_self_kb'] / 1024:.0f} MB, "
        f"largest worker {r['maxrss_children_kb'] / 1024:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--one", nargs=3, metavar=("CORPUS", "WORKERS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--ocr", action="store_true", help="OCR scanned pages (slow)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting; the fastest is shown")
    args = parser.parse_args()
    if args.one:
        corpus, workers, out = args.one
        print(json.dumps(one_run(Path(corpus), int(workers), Path(out), args.ocr)))
        return
    corpora = [("bundled corpus", REPO / "corpus")]
    if (SHARED / "corpus").is_dir():
        corpora.append(("shared corpus", SHARED / "corpus"))
    else:
        print(f"({SHARED / 'corpus'} absent: only the bundled corpus is measured)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, OCR {'on' if args.ocr else 'off'}")
    for name, corpus in corpora:
        for workers in args.workers:
            runs = [measure(corpus, workers, args.ocr) for _ in range(args.repeat)]
            print(report(name, workers, min(runs, key=lambda r: r["seconds"])), flush=True)


if __name__ == "__main__":
    main()
