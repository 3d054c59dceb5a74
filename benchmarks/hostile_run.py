"""The full-size hostile folder through `vanban run --workers 2`, measured.

    python benchmarks/hostile_run.py [--reduced] [--keep]

Builds the ten hostile inputs (1 GB zip bomb .docx, billion laughs .docx, external
entity .docx → /etc/passwd, 512 MB PDF stream bomb, 50 MB one-line text, 200,000
outline markers, 20,000 near-miss number-symbols, invalid UTF-8, symlink loop,
dangling symlink) and one good document in a temp dir, runs `vanban run` on it, and
prints wall seconds, peak RSS of the run (wait4: the vanban process and its workers),
exit status, whether all eleven inputs are accounted for, and whether /etc/passwd leaked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from test_hostile_batch import (  # noqa: E402  (the builders live with the test)
    RunResult,
    accounting,
    build_hostile_folder,
    passwd_leaks,
    read_records,
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reduced", action="store_true", help="the reduced folder of the default test suite")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir and print its path")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="vanban-hostile-"))
    try:
        t0 = time.perf_counter()
        folder = build_hostile_folder(tmp / "in", full=not args.reduced)
        size = sum(p.lstat().st_size for p in folder.root.iterdir())
        print(
            f"built {len(folder.entries)} entries ({size / 2**20:.1f} MB on disk) in {time.perf_counter() - t0:.1f} s"
        )
        out = tmp / "out"
        cmd = [
            sys.executable,
            "-m",
            "pipeline.cli",
            "run",
            str(folder.root),
            "--out",
            str(out),
            "--workers",
            str(args.workers),
        ]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        result = RunResult(
            code, wall, stderr, read_records(out / "documents.jsonl"), read_records(out / "errors.jsonl")
        )
        counts = accounting(result)
        expected = {str(folder.root / name) for name in folder.entries}
        missing = sorted(expected - set(counts))
        doubled = sorted(p for p, n in counts.items() if n > 1)
        leaks = passwd_leaks(out)
        good = any(d["source"]["path"] == str(folder.root / folder.good) for d in result.documents)

        print(f"command: {' '.join(cmd[1:])}")
        print(f"exit status: {code}")
        print(
            f"wall: {wall:.1f} s   peak RSS (vanban + workers): {usage.ru_maxrss / 1024:.0f} MB   "
            f"user {usage.ru_utime:.1f} s  sys {usage.ru_stime:.1f} s"
        )
        print(f"stderr: {stderr.strip().splitlines()[-1] if stderr.strip() else ''}")
        print(
            f"accounted for: {len(expected) - len(missing)}/{len(expected)}  missing: {missing}  twice: {doubled}"
        )
        print(f"good document processed: {good}")
        print(f"/etc/passwd leaked: {bool(leaks)} {leaks[:3]}")
        for d in result.documents:
            print(
                f"  document  {Path(d['source']['path']).name:<28} {len(d['text']):>10} chars "
                f"{len(d['sections']):>6} sections {len(d['tasks']):>6} tasks"
            )
        for e in result.errors:
            print(f"  error     {Path(e['path']).name:<28} {e['error']:<16} {e['detail'][:80]}")
        ok = code == 0 and not missing and not doubled and not leaks and good and wall < 300
        print("RESULT:", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
